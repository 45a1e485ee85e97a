//! ## What it checks
//! That an operation whose successful output has a schema puts it on the `200` or `201`
//! response. It reports an operation whose only success schemas sit on other 2xx codes
//! (`202`, `204`, `206`, ...). Schemas on error responses alone are left alone (the operation
//! then simply has no output), and so are webhook triggers, whose outputs belong in
//! `x-ms-notification-content` (checked by `webhook-notification-content`).
//!
//! ## Why it matters for certification
//! The designer shows an action's outputs from the 200/201 response schema; a schema elsewhere
//! leaves the action without dynamic content. A `204 No Content` response cannot carry a body
//! at all. The Swagger Validator warns with `SchemaDefinitionSetIncorrectly`.
//!
//! ## Example
//! ```json
//! "responses": {
//!   "202": { "description": "Accepted", "schema": { "$ref": "#/definitions/Job" } }
//! }
//! ```
//! Use instead:
//! ```json
//! "responses": {
//!   "200": { "description": "OK", "schema": { "$ref": "#/definitions/Job" } }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: which status code the service really answers with is the author's to know; moving the schema to a code the service does not send would mislabel the response.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use util::schemas::is_success_code;

pub struct OutputOn200Or201;

impl Rule for OutputOn200Or201 {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let responses = op.responses(sw);
        if responses
            .iter()
            .any(|r| matches!(r.code, "200" | "201") && r.node.has("schema"))
        {
            return;
        }
        let Some((code, schema)) = responses
            .iter()
            .filter(|r| is_success_code(r.code))
            .find_map(|r| r.node.get("schema").map(|s| (r.code, s)))
        else {
            return;
        };
        if sw.is_webhook(op) {
            return;
        }
        let why = if code == "204" {
            "a 204 No Content response has no body, and the designer shows outputs only from 200 or 201"
        } else {
            "the designer shows outputs only from 200 or 201"
        };
        cx.report_key(
            schema,
            format!("{} puts its output schema on the `{code}` response; {why}", op.label()),
        )
        .help("declare the successful output on a 200 (or 201) response");
    }
}
