//! `--fix`: lint, apply the fixes the findings carry, lint again, until nothing more applies.
//!
//! Each pass applies, per file, every fix that does not overlap one taken before it (the rest
//! wait for the next pass, when their findings are found again on the new text). Files are
//! written atomically and only when they changed; with `write` off (`--diff`), the new texts are
//! kept in memory as an overlay, so later passes see them as the rules will.

use super::{Failure, LintRun, Overlay, Request};
use crate::fix::{Applicability, Fix};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A file's display name, its text as linted, and the fixes its findings carry (with their rule).
type FileFixes = (String, String, Vec<(&'static str, Fix)>);

/// A fixed file would be linted again at most this many times.
const MAX_PASSES: usize = 10;

#[derive(Debug, Default)]
pub struct Fixed {
    /// Fixes applied, by rule.
    pub by_rule: BTreeMap<&'static str, usize>,
    /// Each changed file: its path, its display name, the text before and after.
    pub files: Vec<(PathBuf, String, String, String)>,
    pub passes: usize,
    /// Inputs that could not be judged (so nothing in them was fixed): the run must exit 2.
    pub unjudged: Vec<super::Unjudged>,
}

impl Fixed {
    pub fn count(&self) -> usize {
        self.by_rule.values().sum()
    }
}

/// Applies the fixes of the findings of `request` (unsafe ones too with `allow_unsafe`),
/// writing the files when `write`.
pub fn fix(request: &Request, allow_unsafe: bool, write: bool) -> Result<Fixed, Failure> {
    let mut fixed = Fixed::default();
    // path → (display, original text, current text)
    let mut texts: BTreeMap<PathBuf, (String, String, String)> = BTreeMap::new();
    let mut request = request.clone();
    for pass in 0..MAX_PASSES {
        fixed.passes = pass + 1;
        let run = LintRun::plan(&request)?;
        if pass == 0 {
            fixed.unjudged = run.unjudged.clone();
        }
        let mut by_file: BTreeMap<PathBuf, FileFixes> = BTreeMap::new();
        for (connector, linted) in run.run_keeping() {
            let json = [&connector.swagger, &connector.props, &connector.settings]
                .into_iter()
                .flatten()
                .filter_map(|f| Some((&f.path, &f.display, f.text()?, f.invalid_utf8_at)));
            // The readme and intro too (the spelling rule fixes words in them).
            let text = [&connector.readme, &connector.intro]
                .into_iter()
                .flatten()
                .filter(|f| f.readable)
                .map(|f| (&f.path, &f.display, f.text.as_str(), f.invalid_utf8_at));
            for (path, display, text, invalid_utf8_at) in json.chain(text) {
                // A file decoded lossily has offsets that are not the file's bytes.
                if invalid_utf8_at.is_some() {
                    continue;
                }
                let fixes: Vec<(&'static str, Fix)> = linted
                    .diagnostics
                    .iter()
                    .filter(|d| &d.file == display)
                    .filter_map(|d| Some((d.rule, d.fix.clone()?)))
                    .filter(|(_, f)| {
                        f.applicability == Applicability::Safe
                            || (allow_unsafe && f.applicability == Applicability::Unsafe)
                    })
                    .collect();
                if !fixes.is_empty() {
                    by_file.insert(path.clone(), (display.clone(), text.to_owned(), fixes));
                }
            }
        }
        let mut applied_any = false;
        for (path, (display, text, fixes)) in by_file {
            let refs: Vec<&Fix> = fixes.iter().map(|(_, f)| f).collect();
            let (new_text, taken) = crate::fix::apply(&text, &refs);
            if taken.is_empty() || new_text == text {
                continue;
            }
            applied_any = true;
            let entry = texts
                .entry(path.clone())
                .or_insert_with(|| (display.clone(), text.clone(), text.clone()));
            entry.2 = new_text.clone();
            if write {
                write_atomically(&path, new_text.as_bytes())
                    .map_err(|e| Failure(format!("cannot write `{display}`: {e}")))?;
            }
            record(&mut fixed, &fixes, &taken);
        }
        if !applied_any {
            break;
        }
        if !write {
            request.overlay = Overlay::new(
                texts
                    .iter()
                    .map(|(p, (_, _, now))| (p.clone(), now.clone().into_bytes())),
            );
        }
    }
    fixed.files = texts
        .into_iter()
        .map(|(p, (display, before, after))| (p, display, before, after))
        .collect();
    Ok(fixed)
}

fn record(fixed: &mut Fixed, fixes: &[(&'static str, Fix)], taken: &[usize]) {
    for &i in taken {
        *fixed.by_rule.entry(fixes[i].0).or_default() += 1;
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`, keeping the
/// file's permissions.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.ppcert-fix.{}", std::process::id()));
    let permissions = std::fs::metadata(path).map(|m| m.permissions()).ok();
    let result = (|| {
        std::fs::write(&tmp, bytes)?;
        if let Some(p) = permissions {
            std::fs::set_permissions(&tmp, p)?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
