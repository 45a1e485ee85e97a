//! What a submission is made of, decided offline: the files that belong in the pull request
//! (and those left out, with the reason), the folder they go to upstream, the branch name and
//! the pull request's title.

use crate::connector::Profile;
use std::path::{Path, PathBuf};

/// A file that goes into the pull request.
#[derive(Debug, Clone)]
pub struct IncludedFile {
    /// The name as it is on disk (its case is kept).
    pub name: String,
    pub path: PathBuf,
    pub size: u64,
}

/// A file or folder of the connector folder that stays out of the pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub name: String,
    pub reason: &'static str,
}

/// The connector as it will be submitted.
#[derive(Debug, Clone)]
pub struct ConnectorFolder {
    pub source: PathBuf,
    /// The folder name upstream (`--name`, or the local folder's name).
    pub name: String,
    pub profile: Profile,
    pub files: Vec<IncludedFile>,
    pub left_out: Vec<LeftOut>,
}

/// The kinds of file a connector pull request holds (lower-case names; matched ignoring case).
const DEFINITION: &str = "apidefinition.swagger.json";
const PROPERTIES: &str = "apiproperties.json";
const README: &str = "readme.md";
const SCRIPT: &str = "script.csx";

impl ConnectorFolder {
    /// Reads `folder`'s entries and sorts them into files to submit and files left out.
    pub fn read(
        folder: &Path,
        profile: Profile,
        name: Option<&str>,
    ) -> Result<ConnectorFolder, String> {
        let name = match name {
            Some(n) => n.to_owned(),
            None => folder_name(folder)?,
        };
        check_name(&name)?;
        let entries = std::fs::read_dir(folder)
            .map_err(|e| format!("cannot read `{}`: {e}", folder.display()))?;
        let mut files = Vec::new();
        let mut left_out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read `{}`: {e}", folder.display()))?;
            let file_name = entry.file_name().to_string_lossy().into_owned();
            // symlink_metadata: a link is judged as a link, never followed.
            let meta = std::fs::symlink_metadata(entry.path())
                .map_err(|e| format!("cannot read `{}`: {e}", entry.path().display()))?;
            match classify(&file_name, &meta) {
                Ok(()) => files.push(IncludedFile {
                    name: file_name,
                    path: entry.path(),
                    size: meta.len(),
                }),
                Err(reason) => left_out.push(LeftOut {
                    name: file_name,
                    reason,
                }),
            }
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        left_out.sort_by(|a, b| a.name.cmp(&b.name));
        for required in [DEFINITION, PROPERTIES] {
            let present = files.iter().any(|f| f.name.eq_ignore_ascii_case(required));
            if !present {
                let shown = if required == DEFINITION {
                    "apiDefinition.swagger.json"
                } else {
                    "apiProperties.json"
                };
                return Err(format!(
                    "`{}` has no {shown}: a connector pull request needs its definition and its properties",
                    folder.display()
                ));
            }
        }
        let duplicates = files.iter().enumerate().any(|(i, a)| {
            files[..i]
                .iter()
                .any(|b| b.name.eq_ignore_ascii_case(&a.name))
        });
        if duplicates {
            return Err(format!(
                "`{}` holds two files whose names differ only in case; keep one",
                folder.display()
            ));
        }
        Ok(ConnectorFolder {
            source: folder.to_path_buf(),
            name,
            profile,
            files,
            left_out,
        })
    }

    /// The top folder upstream for this profile.
    pub fn kind_folder(&self) -> &'static str {
        kind_folder(self.profile)
    }

    /// The connector's path in the upstream repository, e.g.
    /// `independent-publisher-connectors/Fabrikam Weather`.
    pub fn repo_path(&self) -> String {
        format!("{}/{}", self.kind_folder(), self.name)
    }
}

pub fn kind_folder(profile: Profile) -> &'static str {
    match profile {
        Profile::Certified => "certified-connectors",
        Profile::IndependentPublisher => "independent-publisher-connectors",
        Profile::Custom => "custom-connectors",
    }
}

fn folder_name(folder: &Path) -> Result<String, String> {
    let abs = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let abs = dunce::canonicalize(&abs).unwrap_or(abs);
    abs.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "cannot tell the connector's name from `{}`; pass --name",
                folder.display()
            )
        })
}

/// A folder name upstream: one path component, printable, not hidden.
fn check_name(name: &str) -> Result<(), String> {
    let bad = name.trim().is_empty()
        || name != name.trim()
        || name.starts_with('.')
        || name.contains(['/', '\\'])
        || name.chars().any(char::is_control);
    if bad {
        Err(format!(
            "`{name}` cannot be a connector folder name (one folder name: no slashes, no leading dot or spaces)"
        ))
    } else {
        Ok(())
    }
}

/// Whether an entry of the connector folder goes into the pull request, and why not.
fn classify(name: &str, meta: &std::fs::Metadata) -> Result<(), &'static str> {
    let lower = name.to_ascii_lowercase();
    if meta.file_type().is_symlink() {
        return Err("a symbolic link: links are never followed or submitted");
    }
    if meta.is_dir() {
        return Err(
            "a sub-folder: a connector pull request holds only the connector's files (screenshots go in the pull request description)",
        );
    }
    match lower.as_str() {
        DEFINITION | PROPERTIES | README | SCRIPT => Ok(()),
        "icon.png" => {
            Err("icons go to Microsoft through the certification portal, not in the pull request")
        }
        "settings.json" => {
            Err("paconn settings hold your environment and connector ids; they are not published")
        }
        "intro.md" => {
            Err("intro.md is attached in the certification portal, not in the pull request")
        }
        ".ds_store" | "thumbs.db" | "desktop.ini" => Err("operating-system file"),
        _ if lower.starts_with('.') => Err("hidden file"),
        _ if lower.ends_with(".png")
            || lower.ends_with(".jpg")
            || lower.ends_with(".jpeg")
            || lower.ends_with(".gif") =>
        {
            Err(
                "images are not part of a connector pull request (paste screenshots into the pull request description)",
            )
        }
        _ => Err(
            "not part of a connector (apiDefinition.swagger.json, apiProperties.json, readme.md, script.csx)",
        ),
    }
}

/// The branch name for a connector folder name: lower-case ASCII letters and digits joined by
/// single dashes (`Exact Online Time & Billing` → `exact-online-time-billing`). Folder names
/// keep their spaces; refs and URLs must not.
pub fn branch_slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "connector".to_owned()
    } else {
        slug.chars()
            .take(60)
            .collect::<String>()
            .trim_end_matches('-')
            .to_owned()
    }
}

/// The pull request's title: `<Name> (Independent Publisher)` for independent publishers (the
/// pattern upstream's README and checklist require), the connector name otherwise.
pub fn pr_title(name: &str, profile: Profile) -> String {
    match profile {
        Profile::IndependentPublisher => format!("{name} (Independent Publisher)"),
        _ => name.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_ref_names() {
        assert_eq!(branch_slug("Fabrikam Weather"), "fabrikam-weather");
        assert_eq!(
            branch_slug("Exact Online Time & Billing"),
            "exact-online-time-billing"
        );
        assert_eq!(branch_slug("OneNote (Personal)"), "onenote-personal");
        assert_eq!(branch_slug("Café ☕"), "caf");
        assert_eq!(branch_slug("☕"), "connector");
    }

    #[test]
    fn titles_follow_the_upstream_patterns() {
        assert_eq!(
            pr_title("Fabrikam Weather", Profile::IndependentPublisher),
            "Fabrikam Weather (Independent Publisher)"
        );
        assert_eq!(
            pr_title("Contoso Tasks", Profile::Certified),
            "Contoso Tasks"
        );
    }

    #[test]
    fn names_are_single_folder_names() {
        assert!(check_name("Fabrikam Weather").is_ok());
        assert!(check_name("A (B) & C").is_ok());
        for bad in ["", " x", "a/b", "..", ".hidden", "a\\b"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }
}
