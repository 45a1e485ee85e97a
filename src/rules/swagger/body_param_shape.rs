//! ## What it checks
//! That body and non-body parameters use the keywords of their kind:
//! - an `in: body` parameter defines a `schema` (`BodyParameterSchemaRequired`);
//! - an `in: body` parameter does not use the keywords of non-body parameters (`type`,
//!   `format`, `items`, `collectionFormat`, `default`, `enum`, `minimum`, `maxLength`,
//!   `pattern`, ...): they belong inside its `schema` (`BodyParameterPropertyNotValid`);
//! - an `in: body` parameter does not carry dynamic extensions (`x-ms-dynamic-values`,
//!   `-list`, `-schema`, `-properties`, `-tree`): they belong in its schema
//!   (`DynamicExtensionDefinitionNotAllowedInParameter`);
//! - a non-body parameter has no `schema` (`NonBodyParameterSchemaNotValid`).
//!
//! `allowEmptyValue` on a body parameter is left to `allow-empty-value-location`. Findings are
//! reported where the parameter is defined.
//!
//! ## Why it matters for certification
//! OpenAPI 2.0 describes a body with a schema and every other parameter with inline keywords;
//! the platform ignores keywords written in the wrong place, so the designer shows something
//! other than what the author meant. The Swagger Validator rejects each of these cases.
//!
//! ## Example
//! ```json
//! { "name": "body", "in": "body", "type": "object",
//!   "x-ms-dynamic-schema": { "operationId": "GetSchema", "value-path": "schema" } }
//! ```
//! Use instead:
//! ```json
//! { "name": "body", "in": "body", "schema": { "type": "object",
//!   "x-ms-dynamic-schema": { "operationId": "GetSchema", "value-path": "schema" } } }
//! ```
//!
//! ## Fix safety
//! No fix: moving `type`, `enum` or a dynamic extension into the body's `schema`, or turning a non-body parameter's `schema` into keywords, changes what makers fill in and what flows send, and a missing body schema is the API's to describe.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct BodyParamShape;

/// The keywords of non-body parameters (OpenAPI 2.0's simple-schema fields, the same as an `items`
/// object's), which a body parameter must not use.
fn is_non_body_keyword(key: &str) -> bool {
    util::document::is_keyword(util::document::Loc::Items, key)
}


const DYNAMIC_EXTENSIONS: &[&str] = &[
    "x-ms-dynamic-values",
    "x-ms-dynamic-list",
    "x-ms-dynamic-schema",
    "x-ms-dynamic-properties",
    "x-ms-dynamic-tree",
];

impl Rule for BodyParamShape {
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
        if location != "body" {
            if let Some(schema) = node.get("schema") {
                cx.report_key(schema, format!("`{location}` parameter `{name}` cannot define a `schema`; only body parameters can"))
                    .code("NonBodyParameterSchemaNotValid")
                    .help("describe the value with `type`, `format`, `items` and `enum` directly on the parameter");
            }
            return;
        }
        if !node.has("schema") {
            params::report_missing(
                cx,
                node,
                format!("body parameter `{name}` does not define a `schema`"),
            )
            .code("BodyParameterSchemaRequired")
            .help("add `\"schema\"` describing the request body");
        }
        for (key, value) in node.members() {
            if is_non_body_keyword(key) {
                cx.report_key(
                    value,
                    format!(
                        "body parameter `{name}` cannot use `{key}`; it belongs inside its `schema`"
                    ),
                )
                .code("BodyParameterPropertyNotValid");
            } else if DYNAMIC_EXTENSIONS.contains(&key) {
                cx.report_key(value, format!("`{key}` is not allowed on body parameter `{name}`; define it in the body's `schema`"))
                    .code("DynamicExtensionDefinitionNotAllowedInParameter");
            }
        }
    }
}
