//! ## What it checks
//! That every parameter a user sees has a `description`, and that it is a string. The
//! description is the parameter's tooltip in the designer and the help text of the input box.
//! A blank description (`""` or spaces) is reported by `swagger-no-empty-values`, which owns
//! every empty string.
//!
//! The exemptions are those of `param-summary-required`, for the same reasons: `in: body`
//! parameters (their schema properties carry the descriptions), `x-ms-visibility: internal`
//! parameters, and every parameter of an `x-ms-visibility: internal` operation. A `description`
//! written next to a `$ref` counts. The finding is reported where the parameter is defined.
//!
//! Sentence case, a final period and "saying more than the name" are style questions left to
//! the description-quality rules.
//!
//! ## Why it matters for certification
//! The Swagger Validator reports `description is required` (`RequiredPropertyMissing`) on
//! parameters of certified and independent-publisher connectors, and reviewers ask for
//! descriptions that explain what the value is and where to find it.
//!
//! ## Example
//! ```json
//! { "name": "projectId", "in": "path", "required": true, "type": "string",
//!   "x-ms-summary": "Project ID" }
//! ```
//! Use instead:
//! ```json
//! { "name": "projectId", "in": "path", "required": true, "type": "string",
//!   "x-ms-summary": "Project ID", "description": "The unique identifier of the project." }
//! ```
//!
//! ## Fix safety
//! No fix: the description is the author's to write; ppcert cannot know what the value is or where users find it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/550>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3407>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1112>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct ParamDescriptionRequired;

impl Rule for ParamDescriptionRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Parameter]
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, op: &Operation, p: &Parameter) {
        let Some(node) = params::user_facing(p, op) else {
            return;
        };
        let name = params::name_of(node);
        let Some(description) = params::param_get(p, "description") else {
            params::report_missing(cx, node, format!("parameter `{name}` has no `description`"))
                .code("RequiredPropertyMissing")
                .help("add a sentence that says what the value is and where the user finds it");
            return;
        };
        match description.as_str() {
            None => {
                cx.report(
                    description,
                    format!(
                        "`description` of parameter `{name}` is {}, not a string",
                        params::kind_of(description)
                    ),
                )
                .code("JsonTypeIncorrect");
            }
            Some(_) => {}
        }
    }
}
