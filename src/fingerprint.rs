//! Stable identities for findings, shared by baselines and SARIF `partialFingerprints`.
//!
//! A fingerprint must survive edits that move lines, so it is built from the rule, the file's path,
//! the JSON pointer and the message with positions and spacing normalised away — never from line
//! numbers.

use crate::diagnostic::Diagnostic;

/// The message without line/column references, digits runs collapsed only where they are positions,
/// and with whitespace and case folded.
pub fn normalize_message(message: &str) -> String {
    static POSITIONS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\b(line|column|col)\s+\d+").expect("valid regex")
    });
    let without_positions = POSITIONS.replace_all(message, "$1 N");
    without_positions
        .split_whitespace()
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

/// The fingerprint of `d`, with `file` given relative to a stable root (the repository or the
/// baseline's folder) so that it does not depend on where ppcert runs.
pub fn fingerprint(d: &Diagnostic, file: &str) -> String {
    format!(
        "{:016x}",
        fnv1a(&[d.rule, file, &d.pointer, &normalize_message(&d.message)])
    )
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
        assert_ne!(
            normalize_message("title is 31 characters"),
            normalize_message("title is 32 characters")
        );
    }
}
