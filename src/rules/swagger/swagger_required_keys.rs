//! ## What it checks
//! That the objects of the definition carry the fields OpenAPI 2.0 requires:
//! - the document: `swagger`, `info` and `paths` (and it is a JSON object at all);
//! - `info`: `title` and `version`;
//! - each operation: `responses`;
//! - each response: `description`;
//! - each parameter: `name` and `in`, and `type` when it is not a body parameter;
//! - each response header: `type`; each tag and `info.license`: `name`; each `externalDocs`: `url`.
//!
//! Objects made of a `$ref` are judged where their target is defined. A body parameter without
//! `schema` is left to `body-param-shape`, security definitions to `security-definitions-valid`,
//! a missing `info.title` to `title-required` and a missing operation `responses` to
//! `operation-has-response` (both for every profile), so that one missing field is one finding. A missing field is reported on the key of the object that
//! lacks it.
//!
//! ## Why it matters for certification
//! The Swagger Validator rejects a definition that misses a required field
//! (`RequiredPropertyMissing`) before it looks at anything else, and the maker portal cannot
//! import it either.
//!
//! ## Example
//! ```json
//! "/items": { "get": { "operationId": "ListItems", "summary": "List items" } }
//! ```
//! Use instead:
//! ```json
//! "/items": {
//!   "get": {
//!     "operationId": "ListItems",
//!     "summary": "List items",
//!     "responses": { "200": { "description": "The items." } }
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: each missing field holds the author's content (a response description, a parameter's `type` and location, a version, a tag name), and a missing `swagger` may mean the file is not an OpenAPI 2.0 document at all.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::json::Span;
use crate::rules::prelude::*;
use crate::rules::util::document::{Loc, walk};

pub struct SwaggerRequiredKeys;

impl Rule for SwaggerRequiredKeys {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let root = sw.root;
        if !root.is_object() {
            cx.report(
                root,
                format!("the definition is a JSON {}; it must be an object", root.json_type()),
            );
            return;
        }
        let start = root.span().start as usize;
        for key in ["swagger", "info", "paths"] {
            if !root.has(key) {
                cx.report_json_span(
                    sw.file,
                    Span::new(start, start + 1),
                    format!("the definition has no `{key}`; it is required"),
                );
            }
        }
        walk(sw, |loc, node| {
            let required: &[&str] = match loc {
                Loc::Info => &["version"],
                Loc::Response if !node.has("$ref") => &["description"],
                Loc::Parameter if !node.has("$ref") => {
                    if node.get_str("in") == Some("body") {
                        &["name", "in"]
                    } else {
                        &["name", "in", "type"]
                    }
                }
                Loc::Header => &["type"],
                Loc::Tag | Loc::License => &["name"],
                Loc::ExternalDocs => &["url"],
                _ => return,
            };
            for key in required {
                if !node.has(key) {
                    let what = describe(loc, node);
                    cx.report_key(node, format!("{what} has no `{key}`; it is required"));
                }
            }
        });
    }
}

/// Names the object in a message: `info`, operation `GET /items`, response `200`, ...
fn describe(loc: Loc, node: JsonRef<'_>) -> String {
    let key = node.key().unwrap_or("");
    match loc {
        Loc::Info => "`info`".into(),
        Loc::Operation => {
            let path = node.parent().and_then(|p| p.key()).unwrap_or("");
            format!("operation `{} {path}`", key.to_uppercase())
        }
        Loc::Response => format!("response `{key}`"),
        Loc::Parameter => match node.get_str("name") {
            Some(name) => format!("parameter `{name}`"),
            None if node.array_index().is_some() => "a parameter".into(),
            None => format!("parameter `{key}`"),
        },
        Loc::Header => format!("header `{key}`"),
        Loc::Tag => "a tag".into(),
        Loc::License => "`info.license`".into(),
        _ => "`externalDocs`".into(),
    }
}
