//! ## What it checks
//! That `allowEmptyValue` appears only on `in: query` and `in: formData` parameters.
//!
//! ## Why it matters for certification
//! OpenAPI 2.0 defines `allowEmptyValue` for query strings and forms only, where `?flag=` can
//! be sent; a path, header or body cannot carry an "empty but present" value. The Swagger
//! Validator rejects it elsewhere (`AllowEmptyValueOnlyValidForQueryFormData`).
//!
//! ## Example
//! ```json
//! { "name": "X-Request-Id", "in": "header", "type": "string", "allowEmptyValue": true }
//! ```
//! Use instead:
//! ```json
//! { "name": "X-Request-Id", "in": "header", "type": "string" }
//! ```
//!
//! ## Fix safety
//! Safe: `allowEmptyValue` is removed; on a header, path or body parameter it has no effect, so nothing the platform sends changes.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct AllowEmptyValueLocation;

impl Rule for AllowEmptyValueLocation {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Parameter]
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, p: &Parameter) {
        let Some(node) = params::resolved(p) else {
            return;
        };
        let Some(location) = node.get_str("in") else {
            return;
        };
        if location == "query" || location == "formData" {
            return;
        }
        if let Some(value) = node.get("allowEmptyValue") {
            cx.report_key(value, format!("`allowEmptyValue` is not valid on `{location}` parameter `{}`; only query and formData parameters can use it", params::name_of(node)))
                .help("remove it")
                .fix_if(util::edits::remove_member(node, "allowEmptyValue").map(|e| Fix::safe("Remove `allowEmptyValue`", vec![e])));
        }
    }
}
