//! ## What it checks
//! That operations describe what they return. It warns about:
//! - a successful (2xx) response whose schema is empty or untyped — `{}`, or `"type": "object"`
//!   with neither `properties`, `additionalProperties` nor `allOf` (following `$ref`);
//! - a `GET` operation (action or polling trigger) with no successful response carrying a
//!   schema at all, unless it only answers `204 No Content` (a `GET` with no successful response
//!   at all is `operation-has-response`'s finding);
//! - an output property whose schema is exactly `{}` and that is not required.
//!
//! What is left alone, because it is truly dynamic or legitimately bodiless: schemas with
//! `x-ms-dynamic-schema` or `x-ms-dynamic-properties`, dictionaries (`additionalProperties`),
//! typed scalars and files (`string`/`binary`, `file`), `204` responses, webhook triggers (their
//! outputs live in `x-ms-notification-content`), operations with `x-ms-visibility: internal`
//! (users never see their outputs; they are typically the sources of dynamic values and
//! schemas, which return free-form JSON), and `POST`/`PUT`/`PATCH`/`DELETE` operations without
//! any schema: many of those really return nothing, and only the author knows.
//!
//! An empty schema on an operation that returns no body is reported too: the exact
//! description of "no body" is no schema at all.
//!
//! ## Why it matters for certification
//! The certification checklist asks for exact response schemas: the designer builds an
//! operation's outputs (the dynamic content of later steps) from them, and an empty schema
//! leaves users with one opaque `body` value. An untyped schema is accepted only when the
//! response really varies, which a connector expresses with `x-ms-dynamic-schema`. This is a
//! heuristic: an API that truly returns arbitrary JSON is a valid exception, so it warns.
//!
//! ## Example
//! ```json
//! "get": {
//!   "operationId": "GetInvoice",
//!   "responses": { "200": { "description": "OK", "schema": { "type": "object" } } }
//! }
//! ```
//! Use instead:
//! ```json
//! "get": {
//!   "operationId": "GetInvoice",
//!   "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Invoice" } } }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: the shape of the response is the service's, and whether it has no body or varies at run time is the author's to know; ppcert cannot describe properties it does not know.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/.github/pull_request_template.md>
use crate::rules::prelude::*;
use util::schemas::{is_empty_schema, is_success_code};

pub struct ResponseSchemaExact;

/// Internal operations never show their outputs to users (they feed dynamic values and
/// schemas, and often return free-form JSON).
fn is_internal(op: &Operation) -> bool {
    op.node.get_str("x-ms-visibility") == Some("internal")
}

impl Rule for ResponseSchemaExact {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation, NodeKind::Schema]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let Some(responses_node) = op.node.get("responses") else {
            return;
        };
        let responses = op.responses(sw);
        if responses.is_empty() || is_internal(op) || sw.is_webhook(op) {
            return;
        }
        let mut any_schema = false;
        for r in responses.iter().filter(|r| is_success_code(r.code)) {
            let Some(schema) = r.node.get("schema") else {
                continue;
            };
            any_schema = true;
            if r.code == "204" {
                continue;
            }
            let Ok(resolved) = sw.resolve(schema) else {
                continue;
            };
            if is_empty_schema(resolved) {
                let what = if resolved.is_empty() {
                    "is empty (`{}`)"
                } else if resolved.has("type") {
                    "is an object without properties"
                } else {
                    "has neither a type nor properties"
                };
                let via = schema
                    .get_str("$ref")
                    .map(|r| format!(" (`{r}`)"))
                    .unwrap_or_default();
                cx.report(
                    schema,
                    format!("the `{}` response schema of {}{via} {what}", r.code, op.label()),
                )
                .help("describe the returned properties; remove the schema if the response has no body, or use `x-ms-dynamic-schema` if its shape varies at run time");
            }
        }
        if any_schema || !op.method.eq_ignore_ascii_case("get") {
            return;
        }
        // A GET that only answers "no content" returns nothing to describe; a legacy schema on
        // `default` is reported by `default-response-no-schema` instead.
        let success: Vec<&Response> = responses
            .iter()
            .filter(|r| is_success_code(r.code))
            .collect();
        if (!success.is_empty() && success.iter().all(|r| r.code == "204"))
            || responses.iter().any(|r| r.node.has("schema"))
        {
            return;
        }
        // No successful response at all is `operation-has-response`'s finding.
        if success.is_empty() && !responses.iter().any(|r| r.code == "default") {
            return;
        }
        let message = format!(
            "{} is a GET operation but no successful response has a schema",
            op.label()
        );
        let at = success.first().map_or(responses_node, |r| r.site);
        cx.report_key(at, message)
            .help("add a `schema` to the 200 response describing what the operation returns");
    }

    fn schema(&self, cx: &mut Checker, _sw: &Swagger, schema: &Schema) {
        let Edge::Property(name) = schema.edge else {
            return;
        };
        if !schema.role.output || !schema.node.is_empty() || schema.is_required_property() {
            return;
        }
        cx.report_key(
            schema.node,
            format!("output property `{name}` has an empty schema (`{{}}`)"),
        )
        .help("give the property a `type` (and `properties` or `items` where it has them), or remove it");
    }
}
