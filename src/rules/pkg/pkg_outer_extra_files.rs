//! ## What it checks
//! Lists the files at the root of the outer zip that are neither the intro (`.md`) nor the
//! package zip (`.zip`). `customProperties.json`, which multi-auth connectors submit (policy
//! 5000.1.1.5), is expected and not listed.
//!
//! ## Why it matters for certification
//! ConnectorPackageValidator.ps1 ignores other root files, so they don't change its verdict,
//! but reviewers see them: a stray `.DS_Store`, a second copy of the swagger or a screenshot is
//! better left out. Info only.
//!
//! ## Example
//! `intro.md`, `package.zip`, `apiDefinition.swagger.json` at the root of the outer zip.
//!
//! Use instead: `intro.md` and `package.zip` (and `customProperties.json` for multi-auth
//! connectors).
//!
//! ## Fix safety
//! No fix: ppcert reads packages in memory and never rewrites them; zip the package again without the extra files.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgOuterExtraFiles;

impl SolutionRule for PkgOuterExtraFiles {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let Some(package) = &input.package else {
            return;
        };
        for file in &package.outer_files {
            if package.md_files.contains(file)
                || package.zip_files.contains(file)
                || file.eq_ignore_ascii_case("customProperties.json")
            {
                continue;
            }
            cx.report_path(
                &format!("{}!/{file}", input.display),
                format!(
                    "`{file}` sits at the root of the outer package zip beside the intro and the package zip; the certification script ignores it{}",
                    crate::rules::util::solutions::finder_metadata(file).unwrap_or("")
                ),
            )
            .help("leave it out of the submission unless reviewers asked for it");
        }
    }
}
