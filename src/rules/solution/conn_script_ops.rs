//! ## What it checks
//! For each connector of the connector solution with a `scriptoperations` element:
//! - it is a JSON array of strings (the column holds the array's text);
//! - each name is an operationId of the connector's definition (compared exactly; a name that
//!   differs only in case is reported with the right spelling);
//! - a non-empty list comes with custom code (`customcodeblobcontent`).
//!
//! A `customcodeblobcontent` that names a missing file is `sol-referenced-files`'; a
//! `_customcodeblobcontent.csx` that no element names is `sol-orphan-files`'.
//!
//! ## Why it matters
//! The platform runs the custom code for the listed operations only. A name that is not an
//! operationId (a typo, a renamed operation) silently leaves that operation without its code;
//! operations listed without any code do nothing; a list that isn't a JSON array is dropped.
//!
//! ## Example
//! ```xml
//! <scriptoperations>["ListWidgets","getWidget"]</scriptoperations>
//! ```
//! where the definition has `ListWidgets` and `GetWidget`. Use instead:
//! ```xml
//! <scriptoperations>["ListWidgets","GetWidget"]</scriptoperations>
//! ```
//! (fix the list on the connector's Code tab in the environment and export again).
//!
//! ## Fix safety
//! No fix: the list is corrected on the connector's Code tab and exported again; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/connector>
use crate::rules::util::solutions::{connector_solutions, label};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ConnScriptOps;

impl SolutionRule for ConnScriptOps {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in connector_solutions(input) {
            for c in &s.connectors {
                let Some(v) = c.xml.get("scriptoperations") else {
                    continue;
                };
                let names: Vec<String> = match serde_json::from_str::<serde_json::Value>(
                    v.trimmed(),
                ) {
                    Ok(serde_json::Value::Array(items)) if items.iter().all(|i| i.is_string()) => {
                        items
                            .into_iter()
                            .filter_map(|i| i.as_str().map(str::to_owned))
                            .collect()
                    }
                    _ => {
                        cx.report_at(
                                v.loc,
                                format!(
                                    "the `scriptoperations` of the connector `{}` is not a JSON array of operationIds",
                                    c.name
                                ),
                            )
                            .help("write the list as JSON, such as `[\"ListWidgets\",\"GetWidget\"]`, or `[]`");
                        continue;
                    }
                };
                let known = !c.operations.is_empty()
                    || c.swagger.as_ref().is_some_and(|f| f.doc().is_some());
                if known {
                    for name in &names {
                        if c.operations.contains_key(name) {
                            continue;
                        }
                        let hint = c
                            .operations
                            .keys()
                            .find(|k| k.eq_ignore_ascii_case(name))
                            .map(|k| format!(" (the definition spells it `{k}`)"))
                            .unwrap_or_default();
                        cx.report_at(
                            v.loc,
                            format!(
                                "`scriptoperations` of the connector `{}` names `{name}`, which is not an operationId of its definition{hint}",
                                c.name
                            ),
                        )
                        .help("list only operationIds of the definition; the code doesn't run for other names");
                    }
                }
                if !names.is_empty() && c.xml.get("customcodeblobcontent").is_none() {
                    cx.report_at(
                        v.loc,
                        format!(
                            "the connector `{}` of {} lists {} script operation{} but carries no custom code (`customcodeblobcontent`)",
                            c.name,
                            label(s),
                            names.len(),
                            if names.len() == 1 { "" } else { "s" }
                        ),
                    )
                    .help("add the code on the connector's Code tab and export again, or clear the list");
                }
            }
        }
    }
}
