//! ## What it checks
//! That every solution zip (in a package, or given on its own) has `[Content_Types].xml`,
//! `customizations.xml` and `solution.xml` at its root (names compared in any case). When the
//! three sit one folder down, the message names that wrapper folder.
//!
//! ## Why it matters
//! Dataverse refuses a solution zip whose manifest files are not at its root (#555 shows the
//! import error), and ConnectorPackageValidator.ps1 fails it (step 5; policy 5000.1.1.16,
//! "solution not at the correct path or invalid"). Zipping the exported folder instead of its
//! contents is the usual cause. This matters to any solution zip, not only to packages.
//!
//! ## Example
//! `FlowSolution.zip` holding `FlowSolution/solution.xml`, `FlowSolution/customizations.xml`, …
//!
//! Use instead: `FlowSolution.zip` holding `solution.xml`, `customizations.xml`,
//! `[Content_Types].xml`, `Workflows/…` at its root (zip the folder's contents, or better,
//! use the zip Dataverse exported unchanged).
//!
//! ## Fix safety
//! No fix: ppcert reads archives in memory and never rewrites them; zip the folder's contents, or use the zip Dataverse exported.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
//! - <https://github.com/microsoft/powerapps-tools/issues/555>
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgSolutionRootFiles;

impl SolutionRule for PkgSolutionRootFiles {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in input.solutions.iter().filter(|s| !s.unpacked) {
            // An archive that could not be opened at all is zip-readable's finding.
            let unreadable = s.tree.archive().is_some_and(|a| {
                a.entries.is_empty() && a.issues.iter().any(|i| i.kind.rule() == "zip-readable")
            });
            if s.missing_root_files.is_empty() || unreadable {
                continue;
            }
            let name = s
                .file_name
                .clone()
                .unwrap_or_else(|| s.tree.display.clone());
            let missing = s
                .missing_root_files
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ");
            match &s.wrapper {
                Some(w) => {
                    cx.report_path(
                        &s.tree.display,
                        format!(
                            "the solution zip `{name}` has its files in a folder `{w}/` instead of at its root ({missing} are not at the root); Dataverse and the certification script look only at the root"
                        ),
                    )
                    .help(format!(
                        "zip the contents of `{w}/`, not the folder itself, or use the zip Dataverse exported unchanged (policy 5000.1.1.16)"
                    ));
                }
                None => {
                    cx.report_path(
                        &s.tree.display,
                        format!(
                            "the solution zip `{name}` has no {missing} at its root; it is not an exported solution"
                        ),
                    )
                    .help("export the solution again from the environment (Solutions → Export) and use that zip unchanged (policy 5000.1.1.16)");
                }
            }
        }
    }
}
