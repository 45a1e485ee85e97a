//! ## What it checks
//! That each `<Workflow>` of a certification package is a cloud flow that runs:
//!
//! - `<Category>` is `5` (Modern Flow); other categories are classic workflows, business
//!   rules, actions or dialogs, which cannot call a connector;
//! - `<StateCode>` is not `0` (Draft): a draft flow is imported turned off.
//!
//! ## Why it matters for certification
//! The sample flow in the package must use the connector and make its actions searchable
//! (policy 5000.1.1.9). Reviewers import the package and run the flow; a draft has to be turned
//! on by hand first, and a classic workflow does not show the connector at all.
//!
//! ## Example
//! ```xml
//! <Category>5</Category>
//! <StateCode>0</StateCode>
//! <StatusCode>1</StatusCode>
//! ```
//! Use instead: turn the flow on in Power Automate before exporting, so that the export says
//! `<StateCode>1</StateCode>` and `<StatusCode>2</StatusCode>`.
//!
//! ## Fix safety
//! No fix: the flow is turned on (or rebuilt as a cloud flow) in Power Automate and exported again; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/workflow>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct FsolModernFlow;

impl SolutionRule for FsolModernFlow {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            for w in &s.workflows {
                match w.get("category") {
                    Some(c) if c.trimmed() != "5" => {
                        cx.report_at(
                            c.loc,
                            format!(
                                "workflow `{}` has `Category` {}, not 5 (a cloud flow)",
                                w.display(),
                                c.trimmed()
                            ),
                        )
                        .help("the package's sample flow must be a cloud flow (Power Automate) that uses the connector");
                        continue;
                    }
                    _ => {}
                }
                if let Some(state) = w.get("statecode").filter(|v| v.trimmed() == "0") {
                    cx.report_at(
                        state.loc,
                        format!(
                            "cloud flow `{}` is a draft (`StateCode` 0): it is imported turned off",
                            w.display()
                        ),
                    )
                    .help("turn the flow on before exporting the solution, so that reviewers can run it");
                }
            }
        }
    }
}
