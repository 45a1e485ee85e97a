//! The connector's name: it becomes a folder name on every contributor's machine (Windows
//! included) and, for submissions, the definition's `info.title`.

use crate::connector::{Connector, FileKind, JsonFile, Profile};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{RuleSelector, RuleSet};
use std::path::Path;

/// Characters Windows does not allow in a file or folder name.
const WINDOWS_FORBIDDEN: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/// Device names Windows reserves, with or without an extension (`CON`, `nul.txt`). The
/// superscript digits count as digits there too.
const RESERVED: &[&str] = &["CON", "PRN", "AUX", "NUL"];
const RESERVED_NUMBERED: &[&str] = &["COM", "LPT"];

/// The longest folder name most file systems take (NTFS, ext4: 255).
const MAX_NAME_CHARS: usize = 255;

/// Why `name` cannot be the connector's folder name, if it cannot. The pull request moves the
/// folder to every reviewer's machine, so a name Windows refuses breaks a checkout there even
/// when this machine accepts it.
pub fn folder_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some("the name is empty".into());
    }
    if let Some(c) = name.chars().find(|c| WINDOWS_FORBIDDEN.contains(c)) {
        return Some(format!(
            "`{c}` cannot be part of a folder name on Windows (nor any of < > : \" / \\ | ? *)"
        ));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!(
            "the name holds the control character U+{:04X}",
            u32::from(c)
        ));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some("Windows drops a trailing dot or space from folder names".into());
    }
    if name.starts_with(char::is_whitespace) {
        return Some("the name starts with a space".into());
    }
    if name.starts_with('.') {
        // Hidden on Unix, and skipped when ppcert lints a tree of connectors.
        return Some("a folder whose name starts with a dot is hidden".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Some(format!(
            "the name is longer than {MAX_NAME_CHARS} characters"
        ));
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    let numbered = RESERVED_NUMBERED.iter().any(|p| {
        upper.strip_prefix(p).is_some_and(|rest| {
            let mut chars = rest.chars();
            matches!(
                (chars.next(), chars.next()),
                (Some('0'..='9' | '¹' | '²' | '³'), None)
            )
        })
    });
    if RESERVED.contains(&upper.as_str()) || numbered {
        return Some(format!(
            "`{stem}` is a device name Windows reserves; it cannot name a folder"
        ));
    }
    None
}

/// What the title rules say about `name` as `info.title` under `profile`: the rules themselves
/// run on a definition holding only the title, so `ppcert new` and `ppcert lint` can never
/// disagree about a name.
pub fn title_findings(name: &str, profile: Profile) -> Vec<Diagnostic> {
    let Ok(selector) = RuleSelector::new(Some(vec!["title-*".into()]), Vec::new()) else {
        return Vec::new();
    };
    let set = RuleSet::new(&selector);
    let text = serde_json::json!({"swagger": "2.0", "info": {"title": name}}).to_string();
    let folder = Path::new(name).to_path_buf();
    let mut connector = Connector::empty(folder.clone(), name.into(), name.into(), profile);
    let mut problems = Vec::new();
    connector.swagger = Some(JsonFile::from_bytes(
        FileKind::Swagger,
        &folder.join(crate::convert::SWAGGER_FILE),
        crate::convert::SWAGGER_FILE.into(),
        text.into_bytes(),
        &mut problems,
    ));
    crate::lint::lint(&connector, &set)
        .into_iter()
        .filter(|d| d.severity != Severity::Info)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_names() {
        assert_eq!(folder_name_problem("Contoso Weather"), None);
        assert_eq!(folder_name_problem("Exact Online Time & Billing"), None);
        assert_eq!(folder_name_problem("OneNote (Personal)"), None);
        assert_eq!(folder_name_problem("Console"), None);
        assert_eq!(folder_name_problem("COM10"), None);
        for bad in [
            "",
            "  ",
            "a<b",
            "a:b",
            "a\"b",
            "a/b",
            "a\\b",
            "a|b",
            "a?",
            "a*",
            "Tab\there",
            "Dot.",
            "Space ",
            " Lead",
            "CON",
            "con",
            "Nul.txt",
            "COM1",
            "lpt9",
            "COM²",
            "AUX .json",
        ] {
            assert!(
                folder_name_problem(bad).is_some(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn titles() {
        let certified = |n| title_findings(n, Profile::Certified);
        assert!(certified("Contoso Weather").is_empty());
        assert!(!certified("Contoso Weather API").is_empty());
        assert!(!certified("Contoso Connector").is_empty());
        assert!(!certified("A very long name that goes past thirty").is_empty());
        assert!(!certified("Contoso (Beta)").is_empty());
        assert!(title_findings("Contoso API", Profile::Custom).is_empty());
    }
}
