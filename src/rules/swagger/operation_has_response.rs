//! ## What it checks
//! That every operation declares at least one response (`OperationMustHaveResponse`) and that
//! one of them can be a success: a `2xx` status code or `default`
//! (`OperationShouldHaveSuccessfulResponse`).
//!
//! ## Why it matters for certification
//! The platform builds an action's outputs, and decides whether a call succeeded, from its
//! responses. An operation without any is rejected by the Swagger Validator and by the schema
//! (`minProperties: 1`); one that declares only errors (`400`, `500`) has no successful result
//! a flow could continue with.
//!
//! Decisions:
//! - A response keyed `default` counts as successful: hundreds of merged operations declare
//!   only `default`, so the validator accepts it.
//! - The subscribe operation of a webhook trigger (a trigger whose body carries an
//!   `x-ms-notification-url`) may have `"responses": {}`: its outputs come from
//!   `x-ms-notification-content`, and the platform accepts the empty object (several merged
//!   certified webhook triggers have it). A missing `responses` key is still reported.
//!
//! ## Example
//! ```json
//! "post": { "operationId": "CreateItem", "responses": { "400": { "description": "Bad request" } } }
//! ```
//! Use instead:
//! ```json
//! "post": { "operationId": "CreateItem", "responses": { "201": { "description": "Created" }, "400": { "description": "Bad request" } } }
//! ```
//!
//! ## Fix safety
//! No fix: which status code the service answers with on success, and what that response carries, is for the author to declare.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;

pub struct OperationHasResponse;

impl Rule for OperationHasResponse {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let Some(responses) = op.node.get("responses") else {
            cx.report_key(op.node, format!("operation {} has no `responses`", op.label()))
                .code("OperationMustHaveResponse")
                .help("declare at least the successful response, e.g. \"200\": { \"description\": \"OK\" }");
            return;
        };
        if !responses.is_object() {
            cx.report(
                responses,
                format!(
                    "`responses` must be an object keyed by status code, found {}",
                    responses.json_type()
                ),
            )
            .code("OperationMustHaveResponse");
            return;
        }
        let mut any = false;
        let mut success = false;
        for (code, _) in responses.members() {
            if code.starts_with("x-") {
                continue;
            }
            any = true;
            if code == "default" || (code.len() == 3 && code.starts_with('2')) {
                success = true;
            }
        }
        if !any {
            if responses.is_empty() && sw.is_webhook(op) {
                return;
            }
            cx.report(responses, format!("operation {} declares no response", op.label()))
                .code("OperationMustHaveResponse")
                .help("declare at least the successful response, e.g. \"200\": { \"description\": \"OK\" }");
        } else if !success {
            cx.report_key(
                responses,
                format!("operation {} has no successful (2xx or default) response", op.label()),
            )
            .code("OperationShouldHaveSuccessfulResponse")
            .help("add the response the operation returns when it succeeds, e.g. \"200\"");
        }
    }
}
