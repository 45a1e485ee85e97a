//! Entry names: quoting them in messages, comparing them as Windows does, and telling when one
//! would escape the folder it is extracted into.

/// A name in backticks, control characters (NUL, newlines) escaped so a message stays one line.
pub(super) fn quote(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('`');
    for c in name.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
}

/// Equal ignoring ASCII case, with `\` read as `/`.
pub(super) fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| fold(x) == fold(y))
}

pub(super) fn fold(b: u8) -> u8 {
    if b == b'\\' {
        b'/'
    } else {
        b.to_ascii_lowercase()
    }
}

/// Why `name` would escape the folder it is extracted into, if it would: the checks of the `zip`
/// crate's `enclosed_name()`, done on both separators so Windows readings are covered too.
pub fn traversal_reason(name: &str) -> Option<&'static str> {
    if name.contains('\0') {
        return Some("contains a NUL byte, which cuts the name short in most tools");
    }
    if name.starts_with("\\\\") || name.starts_with("//") {
        return Some("is a UNC path (`\\\\server\\share`), which points at another machine");
    }
    if name.starts_with(['/', '\\']) {
        return Some("is an absolute path (it starts with a separator)");
    }
    let b = name.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return Some("starts with a drive letter (`C:`)");
    }
    // Windows drops trailing dots and spaces from a segment, so `.. ` and `...` climb too.
    let climbs = |seg: &str| {
        let seg = seg.trim_end_matches(' ');
        seg.len() >= 2 && seg.bytes().all(|c| c == b'.' || c == b' ') && seg.starts_with("..")
    };
    if name.split(['/', '\\']).any(climbs) {
        return Some("has a `..` segment, which climbs out of the folder it is extracted into");
    }
    None
}
