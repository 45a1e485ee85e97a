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

    fn response(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, response: &Response) {
        if response.code != "default" {
            return;
        }
        let Some(schema) = response.node.get("schema") else {
            return;
        };
        cx.report_key(
            schema,
            "the `default` response has a `schema`; it may only have a `description`",
        )
        .help("remove the schema, or move it to the 200 response if it describes the success output");
    }
}
