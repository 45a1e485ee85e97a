//! ## What it checks
//! That the package zip (the `.zip` inside the outer zip) has exactly one folder at its root,
//! the assets folder holding the solution zips, and that it is named `PkgAssets` (any other
//! name is a warning). Root files of the package zip are not judged: Package Deployer builds
//! put a `.dll`, a `.pdb` and `[Content_Types].xml` there.
//!
//! ## Why it matters for certification
//! ConnectorPackageValidator.ps1 fails a package zip without exactly one root folder (step 3);
//! certification reports a missing package assets folder (policy 5000.1.1.12), and the
//! certification bot answers "Solution package not found at root of the package zip file"
//! (#4204). The script accepts any folder name; the documentation and all merged packages use
//! `PkgAssets`.
//!
//! ## Example
//! ```text
//! package.zip
//! ├── ConnectorSolution.zip
//! └── FlowSolution.zip
//! ```
//! Use instead:
//! ```text
//! package.zip
//! └── PkgAssets/
//!     ├── ConnectorSolution.zip
//!     └── FlowSolution.zip
//! ```
//!
//! ## Fix safety
//! No fix: ppcert reads packages in memory and never rewrites them; rebuild the package zip with the solution zips in `PkgAssets/`.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4204>
use crate::diagnostic::Severity;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::ends_ci;
use crate::solution::Input;

pub struct PkgAssetsFolder;


impl SolutionRule for PkgAssetsFolder {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let Some(inner) = input.package.as_ref().and_then(|p| p.inner.as_ref()) else {
            return;
        };
        let root_zips: Vec<&String> = inner
            .root_files
            .iter()
            .filter(|f| ends_ci(f, ".zip"))
            .collect();
        match inner.root_folders.as_slice() {
            [] => {
                let found = if root_zips.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (the solution zips {} sit at its root)",
                        root_zips
                            .iter()
                            .map(|z| format!("`{z}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                cx.report_path(
                    &inner.display,
                    format!(
                        "the package zip `{}` has no folder at its root{found}; the solution zips must sit in one assets folder, `PkgAssets/`",
                        inner.name
                    ),
                )
                .help("put the solution zips in a `PkgAssets/` folder and zip that folder as the package zip (policy 5000.1.1.12)");
            }
            [one] => {
                if !one.eq_ignore_ascii_case("PkgAssets") {
                    cx.report_path(
                        &format!("{}!/{one}/", inner.display),
                        format!(
                            "the assets folder of the package zip is named `{one}/`; certification packages call it `PkgAssets/`"
                        ),
                    )
                    .severity(Severity::Warning)
                    .help(format!("rename `{one}/` to `PkgAssets/`"));
                }
            }
            many => {
                let list = many
                    .iter()
                    .map(|m| format!("`{m}/`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let finder = many
                    .iter()
                    .find_map(|m| crate::rules::util::solutions::finder_metadata(m))
                    .unwrap_or("");
                let read = inner
                    .assets
                    .as_ref()
                    .map(|a| format!(" (ppcert read `{a}/`)"))
                    .unwrap_or_default();
                cx.report_path(
                    &inner.display,
                    format!(
                        "the package zip `{}` has {} folders at its root ({list}); it must have exactly one, `PkgAssets/`, holding the solution zips{read}{finder}",
                        inner.name,
                        many.len()
                    ),
                )
                .help("keep only `PkgAssets/` at the root of the package zip");
            }
        }
    }
}
