//! ## What it checks
//! That `solution.xml` has a `UniqueName`, made of letters, digits and underscores only, and
//! that it does not contain `_upgrade` (any case).
//!
//! ## Why it matters
//! Dataverse unique names allow only alphanumerics and underscores (D15), and `_upgrade` is
//! reserved for the holding solution Dataverse creates during an upgrade (D14). A name that
//! breaks either is refused on import.
//!
//! ## Example
//! ```xml
//! <UniqueName>Contoso Widgets-Connector</UniqueName>
//! ```
//! Use instead:
//! ```xml
//! <UniqueName>ContosoWidgetsConnector</UniqueName>
//! ```
//! (change the name in the environment and export again; don't edit the export).
//!
//! ## Fix safety
//! No fix: the name is changed in the environment and the solution exported again; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/dynamics365/customerengagement/on-premises/developer/create-export-import-unmanaged-solution>
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/create-solution>
use crate::rules::util::solutions::label;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SolUniqueName;

impl SolutionRule for SolUniqueName {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            let Some(m) = &s.manifest else { continue };
            let Some(v) = m.unique_name.as_ref().filter(|v| !v.trimmed().is_empty()) else {
                cx.report_at(
                    m.loc,
                    format!("{} has no `UniqueName` in its manifest", label(s)),
                )
                .help("export the solution again; Dataverse writes `<UniqueName>` in `<SolutionManifest>`");
                continue;
            };
            let name = v.trimmed();
            let bad: Vec<String> = name
                .chars()
                .filter(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
                .map(|c| format!("`{c}`"))
                .fold(Vec::new(), |mut acc, c| {
                    if !acc.contains(&c) {
                        acc.push(c);
                    }
                    acc
                });
            if !bad.is_empty() {
                cx.report_at(
                    v.loc,
                    format!(
                        "the solution's unique name `{name}` contains {}; only letters, digits and `_` are allowed",
                        bad.join(", ")
                    ),
                )
                .help("rename the solution in the environment (letters, digits and underscores) and export it again");
            }
            if name.to_ascii_lowercase().contains("_upgrade") {
                cx.report_at(
                    v.loc,
                    format!(
                        "the solution's unique name `{name}` contains `_upgrade`, which Dataverse reserves for upgrade holding solutions"
                    ),
                )
                .help("export the base solution, not the holding solution, or rename it without `_upgrade`");
            }
        }
    }
}
