//! ## What it checks
//! That the `default` response of an operation has no `schema`: it describes "any other
//! status", in practice errors, and carries only a `description`.
//!
//! A `default` response reached through `$ref` (`#/responses/...`) is judged where it is
//! defined, once for every operation that uses it.
//!
//! ## Why it matters for certification
//! The Swagger Validator rejects it with `DefaultResponseHasSchema`, and the certification
//! checklist asks for it. The designer takes the operation's outputs from one response schema;
//! one on `default` competes with the real success schema (about 240 legacy operations in the
//! public repository still have it, from before the check).
//!
//! ## Why it is an error
//! The certification pipeline's Swagger Validator reports `DefaultResponseHasSchema` as an error
//! and reviewers return submissions until it is gone: the earliest dated report we found is
//! 2025-04-14 (<https://github.com/microsoft/PowerPlatformConnectors/pull/3810>), again in
//! 2025-05 and 2026-04 (#3841, #4181). The 82 merged connectors (7.9 %) that have it were merged
//! before the check or did not touch those operations since.
//!
//! ## Example
//! ```json
//! "responses": {
//!   "200": { "description": "OK", "schema": { "$ref": "#/definitions/Item" } },
//!   "default": { "description": "Error", "schema": { "$ref": "#/definitions/Error" } }
//! }
//! ```
//! Use instead:
//! ```json
//! "responses": {
//!   "200": { "description": "OK", "schema": { "$ref": "#/definitions/Item" } },
//!   "default": { "description": "Error" }
//! }
//! ```
//!
//! ## Fix safety
//! Safe: the schema is removed when the operation also has a 2xx response with a schema, from which the designer takes the outputs; the default response's schema then describes only errors, which nothing reads. Otherwise there is no fix: the schema may be the success output, and moving it is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3810>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3841>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4181>
use crate::rules::prelude::*;

pub struct DefaultResponseNoSchema;

impl Rule for DefaultResponseNoSchema {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Response]
    }

    fn response(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation, response: &Response) {
        if response.code != "default" {
            return;
        }
        let Some(schema) = response.node.get("schema") else {
            return;
        };
        // With a 2xx response that has its own schema, the designer takes outputs from that
        // one, so the default response's schema only describes errors, which nothing reads.
        // (A 2xx without a schema leaves the default response as the source of the outputs.)
        let success_elsewhere = op.node.get("responses").is_some_and(|r| {
            r.members()
                .any(|(code, response)| code.starts_with('2') && response.has("schema"))
        });
        let fix = success_elsewhere
            .then(|| util::edits::remove_member(response.node, "schema"))
            .flatten()
            .map(|e| Fix::safe("Remove the schema of the `default` response", vec![e]));
        cx.report_key(
            schema,
            "the `default` response has a `schema`; it may only have a `description`",
        )
        .help("remove the schema, or move it to the 200 response if it describes the success output")
        .fix_if(fix);
    }
}
