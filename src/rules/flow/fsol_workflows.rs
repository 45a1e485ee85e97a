//! ## What it checks
//! That a solution's workflows and their definition files match one to one:
//!
//! - every `<Workflow>` of `customizations.xml` (or `Workflows/*.json.data.xml` in an unpacked
//!   solution) that is a cloud flow names its file in `<JsonFileName>`, and that file exists;
//! - a solution with cloud flows has a `Workflows/` folder at all;
//! - every `.json` file in `Workflows/` is named by a `<Workflow>`.
//!
//! Classic workflows (a `<XamlFileName>` and no `<JsonFileName>`) are left alone.
//!
//! ## Why it matters for certification
//! The package's flow solution must have a `Workflows` folder (policy 5000.1.1.14), and the
//! workflows listed in `customizations.xml` must match the workflow JSON files (5000.1.1.15).
//! Dataverse refuses to import a solution whose workflow definition file is missing, and a
//! flow file no `<Workflow>` names is never imported: it is usually a leftover of hand editing.
//!
//! ## Example
//! ```xml
//! <Workflow WorkflowId="{4b4c…}" Name="Get forecast">
//!   <JsonFileName>/Workflows/Getforecast-4B4C….json</JsonFileName>
//! ```
//! with no `Workflows/Getforecast-4B4C….json` in the zip.
//!
//! Use instead: export the solution again (or restore the file), so that every `<Workflow>`
//! has its file and `Workflows/` holds nothing else.
//!
//! ## Fix safety
//! No fix: a missing flow file comes only from a new export, and whether a stray file is a leftover is the author's call; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/workflow>
use crate::diagnostic::plural;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::model::WorkflowXml;
use crate::solution::{Input, Solution, find_solution_file};

pub struct FsolWorkflows;

const NO_FOLDER: &str = "export the solution again from Dataverse (or `pac solution export`); the flow definitions live in `Workflows/<Name>-<GUID>.json`";
const MISSING: &str = "restore the file or export the solution again; certification checks that every workflow has its JSON file (5000.1.1.15)";
const ORPHAN: &str = "remove the file, or add the flow to the solution in Dataverse and export it again";

impl SolutionRule for FsolWorkflows {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            let prefix = s
                .wrapper
                .as_ref()
                .map(|w| format!("{w}/"))
                .unwrap_or_default();
            let cloud: Vec<&WorkflowXml> = s
                .workflows
                .iter()
                .filter(|w| w.get("jsonfilename").is_some() || is_cloud_flow(w))
                .collect();
            let has_folder = s.tree.under(&format!("{prefix}Workflows")).next().is_some();
            if !cloud.is_empty() && !has_folder {
                no_folder(cx, s, &cloud);
                continue;
            }
            for w in &cloud {
                let Some(path) = w.get("jsonfilename") else {
                    let message = format!(
                        "cloud flow `{}` has no `<JsonFileName>` naming its definition file",
                        w.display()
                    );
                    cx.report_at(w.loc, message);
                    continue;
                };
                if find_solution_file(&s.tree, &prefix, path.trimmed()).is_none() {
                    let message = format!(
                        "cloud flow `{}` names `{}`, which is not in the solution",
                        w.display(),
                        path.trimmed()
                    );
                    cx.report_at(path.loc, message).help(MISSING);
                }
            }
            for flow in s.flows.iter().filter(|f| f.workflow.is_none()) {
                let message = format!(
                    "`{}` is in `Workflows/` but no `<Workflow>` names it",
                    flow.path
                );
                cx.report_path(&flow.file.display, message).help(ORPHAN);
            }
        }
    }
}

/// Cloud flows but no `Workflows/` folder: one finding, at the `<Workflows>` section.
fn no_folder(cx: &mut SolutionChecker, s: &Solution, cloud: &[&WorkflowXml]) {
    let at = s
        .customizations
        .as_ref()
        .and_then(|c| c.section("Workflows"))
        .map_or(cloud[0].loc, |sec| sec.loc);
    let message = format!(
        "solution `{}` has {} but no `Workflows/` folder",
        s.name(),
        plural(cloud.len(), "cloud flow")
    );
    cx.report_at(at, message).help(NO_FOLDER);
}

/// A `<Workflow>` whose `Category` is 5 (Modern Flow).
fn is_cloud_flow(w: &WorkflowXml) -> bool {
    w.get("category").is_some_and(|c| c.trimmed() == "5")
}
