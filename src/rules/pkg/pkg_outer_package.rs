//! ## What it checks
//! That the outer zip of a certification package holds exactly one `.zip` file at its root: the
//! package zip that carries the solutions. Its name is not checked.
//!
//! ## Why it matters for certification
//! ConnectorPackageValidator.ps1 counts the `*.zip` files at the root of the outer zip and fails
//! unless there is exactly one (step 2). The documentation disagrees with itself on the name
//! (`Package.zip`, `Packages.zip`, #3572), and merged packages use `package.zip`, `Package.zip`
//! and Package Deployer's `<name>.pdpkg.zip`, so any name passes.
//!
//! When there are several, ppcert reads the first (in the zip's order) and says so.
//!
//! ## Example
//! An outer zip with `intro.md`, `ConnectorSolution.zip` and `FlowSolution.zip` at its root (the
//! solutions were not put in a package zip).
//!
//! Use instead: `intro.md` and `package.zip`, where `package.zip` holds
//! `PkgAssets/ConnectorSolution.zip` and `PkgAssets/FlowSolution.zip`.
//!
//! ## Fix safety
//! No fix: ppcert reads packages in memory and never rewrites them; put the solution zips in one package zip and zip it with `intro.md`.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://github.com/microsoft/PowerPlatformConnectors/issues/3572>
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgOuterPackage;

impl SolutionRule for PkgOuterPackage {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let Some(package) = &input.package else {
            return;
        };
        match package.zip_files.as_slice() {
            [] => {
                cx.report_path(
                    &input.display,
                    format!(
                        "the outer package zip `{}` has no `.zip` file at its root; it must hold the package zip",
                        input.display
                    ),
                )
                .help("put the package zip (`package.zip` holding `PkgAssets/` with the solution zips) beside `intro.md`");
            }
            [_] => {}
            many => {
                let list = many
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let looks_like_solutions = many.len() >= 2
                    && package.inner.as_ref().is_some_and(|i| {
                        i.root_files.iter().any(|f| {
                            f.eq_ignore_ascii_case("solution.xml")
                                || f.eq_ignore_ascii_case("customizations.xml")
                        })
                    });
                let hint = if looks_like_solutions {
                    "the solution zips belong in `PkgAssets/` inside one package zip"
                } else {
                    "keep the package zip and remove the others"
                };
                cx.report_path(
                    &input.display,
                    format!(
                        "the outer package zip `{}` has {} `.zip` files at its root ({list}); it must have exactly one, the package zip (ppcert read `{}`)",
                        input.display,
                        many.len(),
                        many[0]
                    ),
                )
                .help(hint);
            }
        }
    }
}
