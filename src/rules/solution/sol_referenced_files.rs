//! ## What it checks
//! That every file `customizations.xml` names exists in the solution zip:
//! - each connector's `openapidefinition`, `connectionparameters`, `connectionparametersets`,
//!   `policytemplateinstances`, `customcodeblobcontent` and `iconblob` (`/Connector/…`);
//! - each workflow's `JsonFileName` (`/Workflows/…`);
//! - each canvas app's `DocumentUri` and `BackgroundImageUri`.
//!
//! Paths are compared without regard to case, as Dataverse does. In an unpacked folder the
//! connector files are `src-connector-files`' and the workflow files `src-workflow-pairs`';
//! this rule checks the canvas app files there.
//!
//! ## Why it matters
//! Dataverse reads these files on import; a missing one fails it ("File Not Found", I9), and
//! certification reports workflows that don't match their files (policy 5000.1.1.15). In all
//! 47 real solutions we opened, every named file exists.
//!
//! ## Example
//! `<openapidefinition>/Connector/cts_contoso_openapidefinition.json</openapidefinition>` in a
//! zip that holds `Connector/cts_contoso_openapidefinition (1).json`.
//!
//! Use instead: the zip as Dataverse exported it.
//!
//! ## Fix safety
//! No fix: a missing file comes only from a new export; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
//! - <https://github.com/scottdurow/SparkleXrm/issues/345>
use crate::rules::util::solutions::{label, prefix};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::{Input, find_solution_file};

pub struct SolReferencedFiles;

impl SolutionRule for SolReferencedFiles {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let help = "export the solution again and use the zip unchanged";
        for s in &input.solutions {
            let pre = prefix(s);
            if !s.unpacked {
                for c in &s.connectors {
                    for (field, v) in &c.missing_files {
                        cx.report_at(
                            v.loc,
                            format!(
                                "the connector `{}` of {} names its `{field}` file `{}`, which is not in the solution",
                                c.name,
                                label(s),
                                v.trimmed()
                            ),
                        )
                        .help(help);
                    }
                }
                for w in &s.workflows {
                    let Some(v) = w.get("jsonfilename") else {
                        continue;
                    };
                    if find_solution_file(&s.tree, &pre, v.trimmed()).is_none() {
                        cx.report_at(
                            v.loc,
                            format!(
                                "the workflow `{}` of {} names its definition `{}`, which is not in the solution",
                                w.display(),
                                label(s),
                                v.trimmed()
                            ),
                        )
                        .help(format!("{help} (policy 5000.1.1.15)"));
                    }
                }
            }
            for v in s.customizations.iter().flat_map(|c| c.canvas_files.iter()) {
                if find_solution_file(&s.tree, &pre, v.trimmed()).is_none() {
                    cx.report_at(
                        v.loc,
                        format!(
                            "a canvas app of {} names the file `{}`, which is not in the solution",
                            label(s),
                            v.trimmed()
                        ),
                    )
                    .help(help);
                }
            }
        }
    }
}
