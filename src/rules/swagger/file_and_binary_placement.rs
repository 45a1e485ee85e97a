//! ## What it checks
//! Where files and binary content may appear:
//! - `type: file` only on `in: formData` parameters (`FileParameterMustBeInFormData`) and, in a
//!   schema, only as the root of a response schema (`SchemaTypeFileNotValid`);
//! - `formData` parameter names are US-ASCII (`InvalidFormDataParameterName`);
//! - `type: string, format: binary` only at the top level of a body schema or on a formData
//!   parameter, never on a property or array item of a request body, nor on a query, header
//!   or path parameter (`InvalidStringBinaryProperty`);
//! - no binary formData or body content in an operation whose `consumes` offers
//!   `application/x-www-form-urlencoded` without `multipart/form-data`
//!   (`StringBinaryNotSupportedForFormUrlEncoded`).
//!
//! Binary properties nested in *response* schemas are allowed (the validator's message speaks of
//! body and formData parameters only). A definition whose root is `type: file` is accepted when
//! a response schema refers to it directly; a `string/binary` definition reached through a
//! `$ref` from a property is not followed, to stay free of false positives.
//!
//! ## Why it matters for certification
//! The platform sends binary content only as a whole request body or as a multipart form
//! field; a file or binary value nested in a JSON object cannot be serialised, and a
//! URL-encoded form cannot carry one. The Swagger Validator rejects these definitions.
//!
//! ## Severity
//! Errors, except a `string/binary` property nested in a JSON request body: the validator lists
//! it (`InvalidStringBinaryProperty`), but 13 merged connectors have one (some merged after
//! October 2023) and no review or bot comment we found blocks it, so it is a warning.
//!
//! ## Example
//! ```json
//! "schema": { "type": "object", "properties": {
//!   "content": { "type": "string", "format": "binary" } } }
//! ```
//! Use instead: send the file as the whole body (`"schema": { "type": "string", "format":
//! "binary" }`), as a `formData` parameter of `type: file`, or as base64 text
//! (`"type": "string", "format": "byte"`) inside the JSON object.
//!
//! ## Fix safety
//! No fix: whether the content becomes the whole body, a formData field or base64 text is a design choice, and each changes how the platform sends the request; a non-ASCII formData name is what the service receives.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct FileAndBinaryPlacement;

fn is_binary(node: JsonRef<'_>) -> bool {
    node.get_str("format") == Some("binary")
        && matches!(node.get_str("type"), None | Some("string" | "file"))
}

fn consumes_url_encoded_only(sw: &Swagger, op: &Operation) -> bool {
    let Some(consumes) = op.node.get("consumes").or_else(|| sw.root.get("consumes")) else {
        return false;
    };
    let has = |mime: &str| {
        consumes.items().any(|m| {
            m.as_str().is_some_and(|s| {
                s.trim()
                    .get(..mime.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(mime))
            })
        })
    };
    has("application/x-www-form-urlencoded") && !has("multipart/form-data")
}

/// Whether a response schema of the document is, or refers directly to, `node`.
fn is_response_root(sw: &Swagger, node: JsonRef<'_>) -> bool {
    let matches = |schema: Option<JsonRef>| {
        schema.is_some_and(|s| sw.resolve(s).is_ok_and(|t| t.id() == node.id()))
    };
    let global = sw
        .root
        .get("responses")
        .into_iter()
        .flat_map(|r| r.child_values())
        .any(|r| matches(r.get("schema")));
    global
        || sw
            .operations
            .iter()
            .flat_map(|op| {
                op.node
                    .get("responses")
                    .into_iter()
                    .flat_map(|r| r.child_values())
            })
            .any(|r| matches(sw.resolve(r).ok().and_then(|r| r.get("schema"))))
}

impl Rule for FileAndBinaryPlacement {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation, NodeKind::Parameter, NodeKind::Schema]
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, p: &Parameter) {
        let Some(node) = params::resolved(p) else {
            return;
        };
        let Some(location) = node.get_str("in") else {
            return;
        };
        let name = params::name_of(node);
        if location == "body" {
            return; // its schema is judged by the schema hook; `type` on it by `body-param-shape`
        }
        if location == "formData" {
            if let Some(n) = node.get("name").filter(|_| !name.is_ascii()) {
                cx.report(n, format!("formData parameter name `{name}` has characters outside US-ASCII"))
                    .code("InvalidFormDataParameterName")
                    .help("use ASCII letters, digits and punctuation; put the display text in `x-ms-summary`");
            }
        } else if let Some(ty) = node.get("type").filter(|t| t.as_str() == Some("file")) {
            cx.report(ty, format!("`{location}` parameter `{name}` is of type `file`; only formData parameters can be"))
                .code("FileParameterMustBeInFormData");
        } else if is_binary(node)
            && let Some(format) = node.get("format")
        {
            cx.report(format, format!("`{location}` parameter `{name}` is `string/binary`; binary content goes in the body or a formData parameter"))
                .code("InvalidStringBinaryProperty");
        }
        for item in params::items_chain(node, 8) {
            if let Some(ty) = item.get("type").filter(|t| t.as_str() == Some("file")) {
                cx.report(ty, format!("the items of parameter `{name}` are of type `file`; only a formData parameter itself can be"))
                    .code("SchemaTypeFileNotValid");
            } else if let Some(format) = item.get("format").filter(|_| is_binary(item)) {
                cx.report(format, format!("the items of parameter `{name}` are `string/binary`; binary content cannot be nested"))
                    .code("InvalidStringBinaryProperty");
            }
        }
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        if !consumes_url_encoded_only(sw, op) {
            return;
        }
        for p in &op.parameters {
            let Some(node) = params::resolved(p) else {
                continue;
            };
            let binary = match p.location() {
                Some("formData") => is_binary(node) || node.get_str("type") == Some("file"),
                Some("body") => node
                    .get("schema")
                    .and_then(|s| sw.resolve(s).ok())
                    .is_some_and(is_binary),
                _ => false,
            };
            if binary {
                let at = if p.site != p.node {
                    p.site
                } else {
                    node.get("format").or(node.get("type")).unwrap_or(node)
                };
                cx.report(at, format!("operation {} sends parameter `{}` as binary, but consumes only `application/x-www-form-urlencoded`", op.label(), params::name_of(node)))
                    .code("StringBinaryNotSupportedForFormUrlEncoded")
                    .help("use `multipart/form-data` in `consumes` for file uploads");
            }
        }
    }

    fn schema(&self, cx: &mut Checker, sw: &Swagger, s: &Schema) {
        if let Some(ty) = s.node.get("type").filter(|t| t.as_str() == Some("file")) {
            let allowed = match (s.origin, s.edge) {
                (Origin::Response, Edge::Root) => true,
                (Origin::Definition(_), Edge::Root) => is_response_root(sw, s.node),
                _ => false,
            };
            if !allowed {
                cx.report(ty, "schema type `file` is only valid at the root of a response schema; use a formData parameter for uploads")
                    .code("SchemaTypeFileNotValid");
            }
            return;
        }
        if s.role.input
            && matches!(
                s.edge,
                Edge::Property(_) | Edge::Items | Edge::AdditionalProperties
            )
            && is_binary(s.node)
            && let Some(format) = s.node.get("format")
        {
            let what = match s.edge {
                Edge::Property(name) => format!("property `{name}`"),
                Edge::Items => "an array item".to_owned(),
                _ => "an additional property".to_owned(),
            };
            // Accepted on 13 merged connectors (no review or bot blocks it): a warning.
            cx.report(format, format!("{what} of a request body is `string/binary`; binary content can only be the whole body or a formData parameter"))
                .code("InvalidStringBinaryProperty")
                .severity(Severity::Warning)
                .help("send base64 text instead (`\"format\": \"byte\"`), or make the file the whole body or a formData field");
        }
    }
}
