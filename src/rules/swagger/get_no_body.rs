//! ## What it checks
//! That GET and HEAD operations have no parameter with `"in": "body"` or `"in": "formData"`,
//! counting parameters inherited from the path item and `$ref`s to shared parameters.
//!
//! ## Why it matters for certification
//! A GET or HEAD request carries no body: HTTP gives it no meaning, many servers and proxies
//! drop it, and the platform does not send one. The Swagger Validator rejects such parameters
//! (`BodyOrFormDataParameterInFetchOperationNotAllowed`). A few legacy merged connectors still
//! have them. DELETE is not a fetch operation, so a body there is left alone.
//!
//! ## Example
//! ```json
//! "get": { "operationId": "FindItems", "parameters": [ { "name": "body", "in": "body", "schema": { "$ref": "#/definitions/Query" } } ] }
//! ```
//! Use instead: send the filter as query parameters, or make the operation a POST:
//! ```json
//! "post": { "operationId": "FindItems", "parameters": [ { "name": "body", "in": "body", "schema": { "$ref": "#/definitions/Query" } } ] }
//! ```
//!
//! ## Fix safety
//! No fix: whether the values become query parameters or the operation becomes a POST depends on what the service accepts, and either change alters the requests flows send.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;

pub struct GetNoBody;

impl Rule for GetNoBody {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Parameter]
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation, param: &Parameter) {
        if !matches!(op.method, "get" | "head") {
            return;
        }
        let Some(location) = param.location().filter(|l| matches!(*l, "body" | "formData")) else {
            return;
        };
        let name = param.name().unwrap_or("?");
        let message = format!(
            "{} operation {} has the {location} parameter `{name}`; fetch operations cannot send a body",
            op.method.to_uppercase(),
            op.label()
        );
        // Point at the use: the `$ref` entry when shared, the `in` value otherwise.
        let at = if param.site.id() != param.node.id() {
            param.site
        } else {
            param.node.get("in").unwrap_or(param.node)
        };
        cx.report(at, message)
            .help("move the values to query parameters, or use POST if the API expects a body");
    }
}
