//! ## What it checks
//! For a trigger that pairs a fetch (polling) operation with a subscribe (webhook) operation
//! through `"x-ms-notification": { "operationId": "<webhook operation>" }`, that every input the
//! two share by name has the same `type` and the same `x-ms-visibility` in both.
//!
//! The inputs compared are the non-body parameters of both operations and the top-level
//! properties of the subscribe operation's body schema (the designer shows those as inputs
//! too). A missing `type` or `x-ms-visibility` counts as its own value. The finding is reported
//! on the fetch operation's parameter. No merged connector uses `x-ms-notification`, so this
//! reading of the validator's message is ours.
//!
//! ## Why it matters for certification
//! The designer shows one set of inputs for the trigger and passes each value to whichever
//! operation runs; a value typed or shown differently in the two cannot be shared. The Swagger
//! Validator rejects it (`ParamtersWithSameNameMustHaveSameTypeAndVisibility`, sic).
//!
//! ## Example
//! ```json
//! "get": { "operationId": "OnNewItem", "x-ms-trigger": "batch",
//!   "x-ms-notification": { "operationId": "OnNewItemWebhook" },
//!   "parameters": [ { "name": "folder", "in": "query", "type": "integer" } ] }
//! ```
//! while `OnNewItemWebhook` has `{ "name": "folder", "in": "query", "type": "string" }`.
//! Use instead: give `folder` the same `type` (and visibility) in both operations.
//!
//! ## Fix safety
//! No fix: which of the two operations has the right type or visibility is the author's to decide, and changing a type changes what flows send.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct SameNameParamsConsistent;

/// An input as the designer sees it: name, the node holding `type`/`x-ms-visibility`.
struct Input<'a> {
    name: &'a str,
    node: JsonRef<'a>,
}

fn inputs<'a>(sw: &Swagger<'a>, op: &Operation<'a>, with_body: bool) -> Vec<Input<'a>> {
    let mut out = Vec::new();
    for p in &op.parameters {
        let Some(node) = params::resolved(p) else {
            continue;
        };
        if p.is_body() {
            if !with_body {
                continue;
            }
            let Some(schema) = node.get("schema").and_then(|s| sw.resolve(s).ok()) else {
                continue;
            };
            for (name, prop) in schema
                .get("properties")
                .into_iter()
                .flat_map(|ps| ps.members())
            {
                out.push(Input {
                    name,
                    node: sw.resolve(prop).unwrap_or(prop),
                });
            }
        } else if let Some(name) = node.get_str("name") {
            out.push(Input { name, node });
        }
    }
    out
}

fn visibility(node: JsonRef<'_>) -> String {
    node.get_str("x-ms-visibility")
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl Rule for SameNameParamsConsistent {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let Some(target_id) = op
            .node
            .get("x-ms-notification")
            .and_then(|n| n.get_str("operationId"))
        else {
            return;
        };
        let Some(subscribe) = sw.operation_by_id(target_id) else {
            return;
        };
        if std::ptr::eq(subscribe, op) {
            return;
        }
        let theirs = inputs(sw, subscribe, true);
        for mine in inputs(sw, op, false) {
            let Some(other) = theirs.iter().find(|t| t.name == mine.name) else {
                continue;
            };
            let (my_type, their_type) = (mine.node.get_str("type"), other.node.get_str("type"));
            if my_type != their_type {
                let at = mine.node.get("type").unwrap_or(mine.node);
                cx.report(at, format!("parameter `{}` is of type `{}` here but `{}` in subscribe operation `{target_id}`", mine.name, my_type.unwrap_or("(none)"), their_type.unwrap_or("(none)")))
                    .help("give the shared input the same type in both operations");
            }
            let (my_vis, their_vis) = (visibility(mine.node), visibility(other.node));
            if my_vis != their_vis {
                let at = mine.node.get("x-ms-visibility").unwrap_or(mine.node);
                let show = |v: &str| {
                    if v.is_empty() {
                        "(none)".to_owned()
                    } else {
                        v.to_owned()
                    }
                };
                cx.report(at, format!("parameter `{}` has visibility `{}` here but `{}` in subscribe operation `{target_id}`", mine.name, show(&my_vis), show(&their_vis)))
                    .help("give the shared input the same `x-ms-visibility` in both operations");
            }
        }
    }
}
