//! ## What it checks
//! Where `x-ms-url-encoding` may appear and what it may say:
//! - an `in: path` parameter without it is a warning (`PathParameterMissingEncoding`);
//! - a value other than `single` or `double` is an error;
//! - on an `in: query` parameter it is an error (`QueryParameterEncodingNotSupported`);
//! - on a header, formData or body parameter it has no effect and is a warning.
//!
//! The validator's page gives the query case as an error, and that is kept here even though 13
//! merged connectors carry `"x-ms-url-encoding": "single"` on query parameters (probably merged
//! before the check existed): the fix costs nothing, since query values are always single
//! encoded, and the pipeline may fail on it. The missing-encoding case stays a warning, as the
//! validator words it ("might lead to invalid requests").
//!
//! ## Why it matters for certification
//! Without `x-ms-url-encoding`, a path value holding `/`, `?` or `#` can change the URL the
//! platform calls. `single` encodes the value once; `double` encodes it twice for services that
//! decode once before routing.
//!
//! ## Example
//! ```json
//! { "name": "fileName", "in": "path", "required": true, "type": "string" },
//! { "name": "filter", "in": "query", "type": "string", "x-ms-url-encoding": "single" }
//! ```
//! Use instead:
//! ```json
//! { "name": "fileName", "in": "path", "required": true, "type": "string", "x-ms-url-encoding": "single" },
//! { "name": "filter", "in": "query", "type": "string" }
//! ```
//!
//! ## Fix safety
//! Safe for a missing declaration: `"x-ms-url-encoding": "single"` is added, which is what the platform does without it. Invalid values and keys on other parameters get no fix: which encoding the service needs is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct PathParamUrlEncoding;

const KEY: &str = "x-ms-url-encoding";

impl Rule for PathParamUrlEncoding {
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
        let name = params::name_of(node);
        let encoding = params::param_get(p, KEY);
        match (location, encoding) {
            ("path", None) => {
                let d = params::report_missing(cx, node, format!("path parameter `{name}` does not declare `x-ms-url-encoding`"))
                    .code("PathParameterMissingEncoding")
                    .severity(Severity::Warning)
                    .help("add `\"x-ms-url-encoding\": \"single\"` (or `\"double\"` if the service decodes the path before routing)");
                if let Some(edit) = util::edits::insert_member(node, KEY, "\"single\"") {
                    d.fix(Fix::safe("Declare `\"x-ms-url-encoding\": \"single\"` (the platform's default)", vec![edit]));
                }
            }
            ("path", Some(value)) => {
                if !matches!(value.as_str(), Some("single" | "double")) {
                    cx.report(
                        value,
                        format!(
                            "`x-ms-url-encoding` is {}; expected `single` or `double`",
                            params::shown(value)
                        ),
                    )
                    .severity(Severity::Error);
                }
            }
            ("query", Some(value)) => {
                cx.report_key(value, format!("query parameter `{name}` declares `x-ms-url-encoding`, which is not supported on query parameters"))
                    .code("QueryParameterEncodingNotSupported")
                    .severity(Severity::Error)
                    .help("remove it: query values are always single encoded");
            }
            (_, Some(value)) => {
                cx.report_key(
                    value,
                    format!("`x-ms-url-encoding` has no effect on a `{location}` parameter"),
                )
                .severity(Severity::Warning)
                .help("remove it; it applies to path parameters only");
            }
            (_, None) => {}
        }
    }
}
