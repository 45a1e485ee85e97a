//! ## What it checks
//! That every parameter a user sees has an `x-ms-summary`: present, a string, and at most 80
//! characters long. The summary is the parameter's label in the designer. A blank summary
//! (`""` or spaces) is reported by `swagger-no-empty-values`, which owns every empty string.
//!
//! Exempt, because no user ever sees them:
//! - `in: body` parameters: the designer shows the body schema's properties, not the body
//!   parameter (in independent-publisher definitions 98 % of non-body parameters carry a summary,
//!   95 % of body parameters do not);
//! - `x-ms-visibility: internal` parameters;
//! - the parameters of `x-ms-visibility: internal` operations (webhook delete operations and
//!   the like). On the merged connectors, 161 of the 162 certified connectors with a
//!   summary-less visible parameter have it only in internal operations, which shows that the
//!   validator does not ask for it there.
//!
//! An `x-ms-summary` written next to a `$ref` counts. The finding is reported where the
//! parameter is defined, so a parameter defined once in `#/parameters` is reported once.
//! Title case is recommended by the string guidance but not checked here.
//!
//! ## Why it matters for certification
//! The Swagger Validator reports `x-ms-summary is required` (`RequiredPropertyMissing`) on
//! parameters of certified and independent-publisher connectors, `RequiredValueEmpty` for an
//! empty one and `FieldLengthExceeded` above 80 characters. Without a summary the designer shows
//! the raw parameter name (`$top`, `api-version`).
//!
//! ## Example
//! ```json
//! { "name": "$top", "in": "query", "type": "integer", "description": "How many items to return." }
//! ```
//! Use instead:
//! ```json
//! { "name": "$top", "in": "query", "type": "integer", "x-ms-summary": "Top Count",
//!   "description": "How many items to return." }
//! ```
//!
//! ## Fix safety
//! No fix: the label users see is the author's to write (or shorten); ppcert could only repeat the raw parameter name, which is what the rule is about.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/550>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3407>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct ParamSummaryRequired;

const LIMIT: usize = 80;

impl Rule for ParamSummaryRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Parameter]
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation, p: &Parameter) {
        let Some(node) = params::user_facing(p, op) else {
            return;
        };
        let name = params::name_of(node);
        let Some(summary) = params::param_get(p, "x-ms-summary") else {
            params::report_missing(cx, node, format!("parameter `{name}` has no `x-ms-summary`"))
                .code("RequiredPropertyMissing")
                .help("add a short title-case label, e.g. \"Item ID\"; it is what users see in the designer");
            return;
        };
        let Some(text) = summary.as_str() else {
            cx.report(
                summary,
                format!(
                    "`x-ms-summary` of parameter `{name}` is {}, not a string",
                    params::kind_of(summary)
                ),
            )
            .code("JsonTypeIncorrect");
            return;
        };
        let len = util::char_len(text);
        if len > LIMIT {
            cx.report(summary, format!("`x-ms-summary` of parameter `{name}` is {len} characters long; the limit is {LIMIT}"))
                .code("FieldLengthExceeded");
        }
    }
}
