//! ## What it checks
//! That deprecation is marked the documented way, and consistently:
//! - an operation with `"deprecated": true` says so in its `summary` and `description`, e.g. by
//!   appending "(deprecated)" (any whole-word "deprecated", in any case, is accepted);
//! - an operation whose summary calls it deprecated also sets `"deprecated": true`;
//! - `deprecated` is a boolean, not a string such as `"true"`.
//!
//! ## Why it matters for certification
//! `deprecated: true` is what hides the operation from the designer's picker while existing
//! flows keep working; the "(deprecated)" text is what users of those flows see. Either one
//! without the other leaves users confused: a hidden action whose card does not say why, or an
//! action labeled deprecated that is still offered to new flows. Give users at least 30 days'
//! notice before deprecating, and contact Microsoft when the connector is certified.
//!
//! ## Example
//! ```json
//! "get": { "operationId": "GetItems", "summary": "Get rows", "description": "Gets the rows of a list.", "deprecated": true }
//! ```
//! Use instead:
//! ```json
//! "get": { "operationId": "GetItems", "summary": "Get rows (deprecated)", "description": "Gets the rows of a list (deprecated).", "deprecated": true }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): `"deprecated": "true"` (or `"false"`) is written as a boolean, so the designer hides (or keeps offering) the operation as the string says. Summaries and descriptions that do not say "deprecated", and a summary that does without the flag, get no fix: the words users see, and whether to deprecate at all, are the author's.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/deprecate-operation>
use crate::rules::prelude::*;
use util::operations::says_deprecated;

pub struct OperationDeprecation;

impl Rule for OperationDeprecation {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let flag = op.node.get("deprecated");
        let deprecated = match flag {
            None => false,
            Some(node) => match node.as_bool() {
                Some(b) => b,
                None => {
                    // Unsafe: `"true"` read as true hides the operation from new flows.
                    let fix = node
                        .as_str()
                        .map(str::trim)
                        .and_then(|t| ["true", "false"].into_iter().find(|b| b.eq_ignore_ascii_case(t)))
                        .map(|b| Fix::unsafe_edit(format!("Write `{b}`"), vec![set_raw(node, b)]));
                    cx.report(
                        node,
                        format!("`deprecated` must be a boolean, found {}", node.json_type()),
                    )
                    .help("use true or false without quotes")
                    .fix_if(fix);
                    return;
                }
            },
        };
        let summary = op.node.get("summary").filter(|n| n.is_string());
        let description = op.node.get("description").filter(|n| n.is_string());
        let says = |n: Option<JsonRef>| n.and_then(|n| n.as_str()).is_some_and(says_deprecated);
        if deprecated {
            for (key, node) in [("summary", summary), ("description", description)] {
                if let Some(node) = node.filter(|n| !says(Some(*n))) {
                    cx.report(
                        node,
                        format!("operation {} is deprecated but its {key} does not say so", op.label()),
                    )
                    .help(format!("append \"(deprecated)\" to the {key}"));
                }
            }
        } else if says(summary) {
            if let Some(node) = summary {
                cx.report(
                    node,
                    format!(
                        "the summary of {} calls it deprecated, but the operation lacks `\"deprecated\": true`",
                        op.label()
                    ),
                )
                .help("set \"deprecated\": true so the designer stops offering the operation");
            }
        }
    }
}
