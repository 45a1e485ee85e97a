//! Stable identities for findings, shared by baselines and SARIF `partialFingerprints`.
//!
//! A fingerprint must survive edits elsewhere in the file, so it is built from the rule, the
//! file's path, the JSON pointer and the message with its volatile numbers (sizes, counts, line
//! and column numbers, indexes) and spacing normalised away — never from positions.

use crate::diagnostic::Diagnostic;

/// The message with every number outside quotes replaced by `N`, whitespace folded and case
/// folded. Numbers quoted from the file (`` `200` ``, `"v2"`) are the finding's own values and
/// stay; the rest (`1,104,994 bytes`, `on 3 responses`, `and 4 others`, `line 12`) can change
/// when something else in the file changes.
pub fn normalize_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quote: Option<char> = None;
    let mut in_number = false;
    for c in message.chars() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            None if c.is_ascii_digit() => {
                if !in_number {
                    out.push('N');
                }
                in_number = true;
                continue;
            }
            None => {
                if c == '`' || c == '"' {
                    quote = Some(c);
                }
                out.push(c);
            }
        }
        in_number = false;
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// 64-bit FNV-1a: tiny, dependency-free and stable across platforms and releases.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The fingerprint of a finding of `rule` in `file` (relative to a stable root: the repository
/// or the baseline's folder) at `pointer`, saying `message`.
pub fn fingerprint_of(rule: &str, file: &str, pointer: &str, message: &str) -> String {
    format!(
        "{:016x}",
        fnv1a(&[rule, file, pointer, &normalize_message(message)])
    )
}

/// The fingerprint of `d`, with `file` given relative to a stable root so that it does not
/// depend on where ppcert runs.
pub fn fingerprint(d: &Diagnostic, file: &str) -> String {
    fingerprint_of(d.rule, file, &d.pointer, &d.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_do_not_change_the_message() {
        assert_eq!(
            normalize_message("duplicate key `a` (first defined at line 12, column 5)"),
            normalize_message("duplicate  key `a` (first defined at Line 40, column 9)")
        );
    }

    #[test]
    fn sizes_and_counts_do_not_change_the_message() {
        assert_eq!(
            normalize_message("the definition is 1,104,994 bytes; the limit is 1 MB"),
            normalize_message("the definition is 1,104,995 bytes; the limit is 1 MB")
        );
        assert_eq!(
            normalize_message("`A` can match the same URLs as `B` and 4 others"),
            normalize_message("`A` can match the same URLs as `B` and 5 others")
        );
        assert_eq!(
            normalize_message("title is 31 characters long; the limit is 30"),
            normalize_message("title is 32 characters long; the limit is 30")
        );
    }

    #[test]
    fn quoted_values_still_tell_findings_apart() {
        assert_ne!(
            normalize_message("enum value `3` is an integer"),
            normalize_message("enum value `4` is an integer")
        );
        assert_ne!(
            normalize_message("summary repeats \"Get v1 items\""),
            normalize_message("summary repeats \"Get v2 items\"")
        );
        assert_eq!(normalize_message("a `2` b 7"), "a `2` b n");
    }
}
