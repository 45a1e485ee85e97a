//! ## What it checks
//! That the assets folder of the package zip (`PkgAssets/`) has no sub-folders; each is
//! reported with the zips found in it, which the certification script would not count.
//!
//! ## Why it matters for certification
//! ConnectorPackageValidator.ps1 fails an assets folder with any sub-folder (step 4), and it
//! only looks for solution zips directly in the folder.
//!
//! ## Example
//! `PkgAssets/solutions/ConnectorSolution.zip`, `PkgAssets/solutions/FlowSolution.zip`.
//!
//! Use instead: `PkgAssets/ConnectorSolution.zip`, `PkgAssets/FlowSolution.zip`.
//!
//! ## Fix safety
//! No fix: ppcert reads packages in memory and never rewrites them; rebuild the package zip with the solution zips directly in `PkgAssets/`.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgAssetsNoSubfolders;

impl SolutionRule for PkgAssetsNoSubfolders {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let Some(inner) = input.package.as_ref().and_then(|p| p.inner.as_ref()) else {
            return;
        };
        let Some(assets) = &inner.assets else {
            return;
        };
        for sub in &inner.assets_subfolders {
            let folder = format!("{assets}/{sub}/");
            let zips: Vec<String> = inner
                .stray_zips
                .iter()
                .filter(|z| {
                    z.len() > folder.len() && z[..folder.len()].eq_ignore_ascii_case(&folder)
                })
                .map(|z| format!("`{}`", &z[assets.len() + 1..]))
                .collect();
            let holding = if zips.is_empty() {
                String::new()
            } else {
                format!(
                    "; the solution zips in it ({}) are not counted",
                    zips.join(", ")
                )
            };
            cx.report_path(
                &format!("{}!/{folder}", inner.display),
                format!(
                    "the assets folder `{assets}/` has a sub-folder `{sub}/`{holding}{}",
                    crate::rules::util::solutions::finder_metadata(sub).unwrap_or("")
                ),
            )
            .help(format!(
                "move the solution zips directly into `{assets}/` and remove `{sub}/`"
            ));
        }
    }
}
