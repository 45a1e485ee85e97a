//! ## What it checks
//! That at most one response of an operation carries a `schema`. The finding points at the
//! first schema beyond the one the designer uses (the lowest 2xx response with a schema, else
//! the first), and lists every response that has one.
//!
//! The `default` response is left out of the count: a schema there is an error of its own,
//! reported by `default-response-no-schema`.
//!
//! ## Why it matters for certification
//! The designer builds an operation's outputs from a single response schema, so schemas on
//! error responses (400, 404, 500, ...) are never shown and only add weight to the definition.
//! The Swagger Validator warns with `OperationHasManyResponsesWithSchema`. It is a warning:
//! thousands of merged operations document their error payloads this way.
//!
//! ## Example
//! ```json
//! "responses": {
//!   "200": { "description": "OK", "schema": { "$ref": "#/definitions/Item" } },
//!   "404": { "description": "Not found", "schema": { "$ref": "#/definitions/Error" } }
//! }
//! ```
//! Use instead:
//! ```json
//! "responses": {
//!   "200": { "description": "OK", "schema": { "$ref": "#/definitions/Item" } },
//!   "404": { "description": "Not found" }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: the schemas on error responses document the service's error payloads; whether to drop that documentation is the author's call, and the finding is only a warning.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use util::schemas::is_success_code;

pub struct SingleResponseSchema;

impl Rule for SingleResponseSchema {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let with_schema: Vec<Response> = op
            .responses(sw)
            .into_iter()
            .filter(|r| r.code != "default" && r.node.has("schema"))
            .collect();
        if with_schema.len() < 2 {
            return;
        }
        let primary = with_schema
            .iter()
            .filter(|r| is_success_code(r.code))
            .min_by_key(|r| r.code)
            .unwrap_or(&with_schema[0]);
        let Some(extra) = with_schema
            .iter()
            .find(|r| r.code != primary.code)
            .and_then(|r| r.node.get("schema"))
        else {
            return;
        };
        let codes = with_schema
            .iter()
            .map(|r| format!("`{}`", r.code))
            .collect::<Vec<_>>()
            .join(", ");
        cx.report_key(
            extra,
            format!(
                "{} has a schema on {} responses ({codes}); only one response should carry a schema",
                op.label(),
                with_schema.len()
            ),
        )
        .help(format!(
            "keep the schema on the `{}` response and remove the others",
            primary.code
        ));
    }
}
