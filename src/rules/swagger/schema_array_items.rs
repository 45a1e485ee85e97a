//! ## What it checks
//! That every schema with `"type": "array"` defines `items`: body, response and notification
//! schemas, definitions and their nested properties, and also non-body parameters and response
//! headers (and their nested `items`), which follow the same rule in OpenAPI 2.0.
//!
//! ## Why it matters for certification
//! Without `items` the platform cannot tell what the array holds: the designer shows it as an
//! opaque value and cannot offer its elements as dynamic content or loop over them. The Swagger
//! Validator rejects it with `ArrayHasNoItems`.
//!
//! ## Example
//! ```json
//! "tags": { "type": "array", "description": "The tags of the item." }
//! ```
//! Use instead:
//! ```json
//! "tags": { "type": "array", "description": "The tags of the item.", "items": { "type": "string" } }
//! ```
//!
//! ## Fix safety
//! No fix: what the array holds is the service's to say; ppcert cannot know the schema of its elements.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use util::schemas::{type_of};

pub struct SchemaArrayItems;

fn check(cx: &mut Checker, node: JsonRef) {
    if type_of(node) != Some("array") || node.has("items") {
        return;
    }
    if let Some(t) = node.get("type") {
        cx.report(t, "`type: array` without `items`")
            .help("add `items` with the schema of the array's elements");
    }
}

impl Rule for SchemaArrayItems {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::AnySchema]
    }

    fn any_schema(&self, cx: &mut Checker, _sw: &Swagger, node: JsonRef) {
        check(cx, node);
    }
}
