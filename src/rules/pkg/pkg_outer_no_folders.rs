//! ## What it checks
//! That the outer zip of a certification package (the one holding `intro.md` and the package
//! zip) has no folders at its root. Every folder is reported by name, with what it holds.
//!
//! ## Why it matters for certification
//! ConnectorPackageValidator.ps1 fails an outer zip with any folder (step 2), and certification
//! reports files that are not at the root of the package (policy 5000.1.1.11). The usual cause
//! is zipping the folder that holds `intro.md` and `package.zip` instead of the two files.
//!
//! ## Example
//! ```text
//! submission.zip
//! └── MyConnector/
//!     ├── intro.md
//!     └── package.zip
//! ```
//! Use instead:
//! ```text
//! submission.zip
//! ├── intro.md
//! └── package.zip
//! ```
//! (select the two files and zip them, not their folder).
//!
//! ## Fix safety
//! No fix: ppcert reads packages in memory and never rewrites them; zip the two files, not their folder.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgOuterNoFolders;

impl SolutionRule for PkgOuterNoFolders {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let Some(package) = &input.package else {
            return;
        };
        let archive = input.archives.first().map(|a| a.archive.clone());
        for folder in &package.outer_folders {
            let inside: Vec<String> = archive
                .iter()
                .flat_map(|a| a.entries.iter())
                .filter(|e| !e.is_dir)
                .filter_map(|e| {
                    let name = e.name.replace('\\', "/");
                    let rest = name.strip_prefix(&format!("{folder}/"))?.to_owned();
                    (!rest.is_empty()).then_some(rest)
                })
                .collect();
            let holds = match inside.as_slice() {
                [] => "it is empty".to_owned(),
                [one] => format!("it holds `{one}`"),
                [first, rest @ ..] => format!("it holds `{first}` and {} more", rest.len()),
            };
            cx.report_path(
                &format!("{}!/{folder}/", input.display),
                format!(
                    "the outer package zip `{}` has a folder `{folder}/` ({holds}); the outer zip may hold only files at its root{}",
                    input.display,
                    crate::rules::util::solutions::finder_metadata(folder).unwrap_or("")
                ),
            )
            .help(
                "zip `intro.md` and the package zip themselves, not the folder that holds them \
                 (policy 5000.1.1.11: files not at the root of the package)",
            );
        }
    }
}
