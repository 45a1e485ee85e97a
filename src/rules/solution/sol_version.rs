//! ## What it checks
//! That the solution's `Version` is two to four dot-separated whole numbers (each at most
//! 2147483647). Fewer than four parts is info: the documentation describes
//! major.minor.build.revision, but two merged certification packages used `1.0.0`.
//!
//! ## Why it matters
//! Dataverse compares versions part by part to decide whether an import is an update; a
//! version it can't read is refused.
//!
//! ## Example
//! ```xml
//! <Version>1.0.0-beta</Version>
//! ```
//! Use instead:
//! ```xml
//! <Version>1.0.0.1</Version>
//! ```
//!
//! ## Fix safety
//! No fix: which version number the author means is theirs to choose; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/dynamics365/customerengagement/on-premises/developer/create-export-import-unmanaged-solution>
use crate::diagnostic::Severity;
use crate::rules::util::solutions::label;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SolVersion;

impl SolutionRule for SolVersion {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            let Some(m) = &s.manifest else { continue };
            let Some(v) = m.version.as_ref().filter(|v| !v.trimmed().is_empty()) else {
                cx.report_at(
                    m.loc,
                    format!("{} has no `Version` in its manifest", label(s)),
                )
                .help("set the version in the environment (Solutions → Edit) and export again");
                continue;
            };
            let text = v.trimmed();
            let parts: Vec<&str> = text.split('.').collect();
            let numeric = parts.iter().all(|p| {
                !p.is_empty()
                    && p.chars().all(|c| c.is_ascii_digit())
                    && p.parse::<u64>().is_ok_and(|n| n <= i32::MAX as u64)
            });
            if !numeric || !(2..=4).contains(&parts.len()) {
                cx.report_at(
                    v.loc,
                    format!(
                        "the solution version `{text}` is not 2 to 4 dot-separated whole numbers"
                    ),
                )
                .help("use major.minor.build.revision, such as `1.0.0.1`");
            } else if parts.len() < 4 {
                cx.report_at(
                    v.loc,
                    format!(
                        "the solution version `{text}` has {} parts; Dataverse versions are usually major.minor.build.revision",
                        parts.len()
                    ),
                )
                .severity(Severity::Info)
                .help(format!("`{text}.0` would follow the usual form"));
            }
        }
    }
}
