//! ## What it checks
//! That the outer zip of a certification package holds exactly one `.md` file at its root, and
//! that it is named `intro.md` (any case; another name is a warning). Files under the intro's
//! name that cannot be read as UTF-8 text are reported here too.
//!
//! ## Why it matters for certification
//! The package must carry the intro (policy 5000.1.1.5). ConnectorPackageValidator.ps1 counts
//! the `*.md` files at the root of the outer zip and fails unless there is exactly one (step 2);
//! it does not look at the name, but the documentation and all 22 merged packages we opened
//! call it `intro.md`.
//!
//! ## Example
//! An outer zip holding `readme.md`, `intro.md` and `package.zip`, or only `package.zip`.
//!
//! Use instead: exactly `intro.md` and `package.zip`.
//!
//! ## Fix safety
//! No fix: ppcert reads packages in memory and never rewrites them, and the intro's text is the author's; zip `intro.md` with the package zip again.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
use crate::diagnostic::Severity;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgOuterIntro;

impl SolutionRule for PkgOuterIntro {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let Some(package) = &input.package else {
            return;
        };
        match package.md_files.as_slice() {
            [] => {
                cx.report_path(
                    &input.display,
                    format!(
                        "the outer package zip `{}` has no `.md` file at its root; the package must carry `intro.md`",
                        input.display
                    ),
                )
                .help("add `intro.md` (the connector's introduction, from the repository template) beside the package zip (policy 5000.1.1.5)");
            }
            [one] => {
                if !one.eq_ignore_ascii_case("intro.md") {
                    cx.report_path(
                        &format!("{}!/{one}", input.display),
                        format!("the intro of the package is named `{one}`; certification packages call it `intro.md`"),
                    )
                    .severity(Severity::Warning)
                    .help(format!("rename `{one}` to `intro.md`"));
                }
            }
            many => {
                let list = many
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                cx.report_path(
                    &input.display,
                    format!(
                        "the outer package zip `{}` has {} `.md` files at its root ({list}); it must have exactly one, `intro.md`",
                        input.display,
                        many.len()
                    ),
                )
                .help("keep `intro.md` and remove the other `.md` files from the outer zip");
            }
        }
        for p in input
            .problems
            .iter()
            .filter(|p| p.rule == "pkg-outer-intro")
        {
            cx.report_problem(&p.at, p.message.clone())
                .help("save the intro as UTF-8 text");
        }
    }
}
