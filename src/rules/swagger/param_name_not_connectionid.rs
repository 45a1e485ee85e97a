//! ## What it checks
//! That no parameter, in any location, is named `connectionId` (compared ignoring case).
//!
//! ## Why it matters for certification
//! The platform routes every call through `/{connectionId}/...` and fills that value itself, so
//! a parameter of the same name would collide with it. The Swagger Validator rejects it with
//! `ConnectionIdParameterNotAllowed`. Its list of other reserved names
//! (`ReservedParameterIsUsed`) is not published, so only `connectionId` is checked; the
//! comparison ignores case because the platform's routing does.
//!
//! ## Example
//! ```json
//! { "name": "connectionId", "in": "query", "type": "string" }
//! ```
//! Use instead:
//! ```json
//! { "name": "integrationConnectionId", "in": "query", "type": "string" }
//! ```
//!
//! ## Fix safety
//! No fix: a parameter's `name` is what the request sends to the service, so a rename changes the call; how to pass the value instead is the author's decision.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct ParamNameNotConnectionid;

impl Rule for ParamNameNotConnectionid {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Parameter]
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, p: &Parameter) {
        let Some(node) = params::resolved(p) else {
            return;
        };
        let Some(name) = node.get("name") else { return };
        let Some(text) = name.as_str() else { return };
        if text.eq_ignore_ascii_case("connectionId") {
            cx.report(name, format!("parameter name `{text}` is reserved by the platform"))
                .code("ConnectionIdParameterNotAllowed")
                .help("rename the parameter; the platform adds its own `connectionId` to every request path");
        }
    }
}
