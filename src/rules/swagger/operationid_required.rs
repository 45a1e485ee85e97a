//! ## What it checks
//! That every operation (each method under each path) has an `operationId`, and that it is a
//! string. A blank one (`""` or spaces) is reported by `swagger-no-empty-values`, which owns
//! every empty string.
//!
//! ## Why it matters for certification
//! The `operationId` is how the platform, flows, apps and other operations (`x-ms-dynamic-values`,
//! `x-ms-dynamic-schema`, policies, `script.csx`) refer to an action or trigger. The Swagger
//! Validator rejects an operation without one (`OperationIdRequired`).
//!
//! ## Example
//! ```json
//! "/items": { "get": { "summary": "List items", "responses": { "200": { "description": "OK" } } } }
//! ```
//! Use instead:
//! ```json
//! "/items": { "get": { "operationId": "ListItems", "summary": "List items", "responses": { "200": { "description": "OK" } } } }
//! ```
//!
//! ## Fix safety
//! No fix: the operationId names the action in every flow and script; it is the author's to choose, and ppcert would have to invent one.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;

pub struct OperationidRequired;

impl Rule for OperationidRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation) {
        let method = op.method.to_uppercase();
        match op.node.get("operationId") {
            None => {
                cx.report_key(
                    op.node,
                    format!("operation `{method} {}` has no `operationId`", op.path),
                )
                .help("add a unique `operationId` such as `ListItems`");
            }
            Some(id) => match id.as_str() {
                Some(_) => {}
                None => {
                    cx.report(
                        id,
                        format!("`operationId` must be a string, found {}", id.json_type()),
                    );
                }
            },
        }
    }
}
