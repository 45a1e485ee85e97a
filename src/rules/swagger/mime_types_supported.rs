//! ## What it checks
//! The MIME types in `consumes` and `produces`, at the top level and on each operation:
//! - every entry is a well-formed media type, `type/subtype` with optional `; name=value`
//!   parameters (`MimeTypeNotValid`);
//! - an operation with a `body` or `formData` parameter whose effective `consumes` (its own, or
//!   else the top-level one) lists types, lists at least one the platform can send:
//!   `application/json`, `text/plain`, `multipart/form-data` or
//!   `application/x-www-form-urlencoded`, parameters such as `; charset=utf-8` ignored
//!   (`ConsumesMissing`);
//! - an operation with `formData` parameters lists `multipart/form-data` or
//!   `application/x-www-form-urlencoded`, the only encodings form fields have
//!   (`MimeTypeNotCompatibleWithRequestContentSchemaType`);
//! - the media types of a response's `examples` are among the operation's effective `produces`
//!   (`ResponseExampleMustBeProducedByOperation`).
//!
//! ## Why it matters for certification
//! The platform sends request bodies with one of the supported content types; a body the
//! platform cannot encode makes the action unusable, and the Swagger Validator reports the
//! codes above.
//!
//! Decisions, from the merged connectors: an empty or missing `consumes` is not reported (the
//! platform then sends JSON; over a hundred certified connectors rely on that), and extra
//! unsupported types next to a supported one (`text/json`, `application/*+json` from generated
//! definitions) are accepted, since the platform picks the supported one. Which types the
//! validator's `MimeTypeNotSupported` rejects is not documented, so it is not checked.
//!
//! ## Example
//! ```json
//! "post": {
//!   "consumes": ["application/octet-stream"],
//!   "parameters": [{ "name": "body", "in": "body", "schema": { "type": "object" } }]
//! }
//! ```
//! Use instead:
//! ```json
//! "post": {
//!   "consumes": ["application/json"],
//!   "parameters": [{ "name": "body", "in": "body", "schema": { "type": "object" } }]
//! }
//! ```
//!
//! ## Fix safety
//! No fix: which content type the service accepts, and which media types its responses carry, are facts of the service; changing `consumes` changes what the platform sends.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::info::{quote, type_name};

pub struct MimeTypesSupported;

const SUPPORTED: [&str; 4] = [
    "application/json",
    "text/plain",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
];
const FORM: [&str; 2] = ["multipart/form-data", "application/x-www-form-urlencoded"];

impl Rule for MimeTypesSupported {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let root_consumes = sw.root.get("consumes");
        let root_produces = sw.root.get("produces");
        for list in [root_consumes, root_produces].into_iter().flatten() {
            check_syntax(cx, list);
        }
        // Problems of the inherited top-level `consumes` are reported once, at the top level.
        let mut root_missing = false;
        let mut root_form = false;
        for op in &sw.operations {
            let own_consumes = op.node.get("consumes");
            let own_produces = op.node.get("produces");
            for list in [own_consumes, own_produces].into_iter().flatten() {
                check_syntax(cx, list);
            }
            let has_body = op.parameters.iter().any(|p| p.is_body());
            let has_form = op
                .parameters
                .iter()
                .any(|p| p.location() == Some("formData"));
            if has_body || has_form {
                if let Some(consumes) = own_consumes.or(root_consumes).filter(|c| !c.is_empty()) {
                    let inherited = own_consumes.is_none();
                    if !consumes.items().any(|m| is_one_of(m, &SUPPORTED)) {
                        if inherited {
                            root_missing = true;
                        } else {
                            report_missing(cx, consumes, Some(op));
                        }
                    } else if has_form && !consumes.items().any(|m| is_one_of(m, &FORM)) {
                        if inherited {
                            root_form = true;
                        } else {
                            report_form(cx, consumes, Some(op));
                        }
                    }
                }
            }
            check_examples(cx, sw, op, own_produces.or(root_produces));
        }
        if let Some(consumes) = root_consumes {
            if root_missing {
                report_missing(cx, consumes, None);
            } else if root_form {
                report_form(cx, consumes, None);
            }
        }
    }
}

fn report_missing(cx: &mut Checker, consumes: JsonRef, op: Option<&Operation>) {
    let whose = match op {
        Some(op) => format!("operation {} sends a body, but its `consumes`", op.label()),
        None => "operations inheriting the top-level `consumes` send a body, but it".to_owned(),
    };
    cx.report(
        consumes,
        format!("{whose} lists no supported request type ({})", SUPPORTED.join(", ")),
    )
    .code("ConsumesMissing")
    .help("add `application/json` (or the form type the service expects)");
}

fn report_form(cx: &mut Checker, consumes: JsonRef, op: Option<&Operation>) {
    let whose = match op {
        Some(op) => format!("operation {} has form fields, but its `consumes`", op.label()),
        None => "operations inheriting the top-level `consumes` have form fields, but it".to_owned(),
    };
    cx.report(
        consumes,
        format!("{whose} lists neither `multipart/form-data` nor `application/x-www-form-urlencoded`"),
    )
    .code("MimeTypeNotCompatibleWithRequestContentSchemaType");
}

/// Reports response examples keyed by a media type the operation does not produce.
fn check_examples(cx: &mut Checker, sw: &Swagger, op: &Operation, produces: Option<JsonRef>) {
    let Some(produces) = produces.filter(|p| p.is_array() && !p.is_empty()) else {
        return;
    };
    for response in op.responses(sw) {
        let Some(examples) = response.node.get("examples") else { continue };
        for (media, example) in examples.members() {
            let produced = produces
                .items()
                .filter_map(|p| p.as_str())
                .any(|p| same_type(p, media));
            if !produced {
                cx.report_key(
                    example,
                    format!(
                        "example for `{}` in response `{}` of {} uses a type the operation does not produce",
                        quote(media),
                        response.code,
                        op.label()
                    ),
                )
                .code("ResponseExampleMustBeProducedByOperation")
                .help("key the example by a type listed in `produces`, or add the type to `produces`");
            }
        }
    }
}

fn check_syntax(cx: &mut Checker, list: JsonRef) {
    let what = list.key().unwrap_or("consumes");
    if !list.is_array() {
        cx.report(list, format!("`{what}` is {}; expected an array of MIME types", type_name(list)))
            .code("MimeTypeNotValid");
        return;
    }
    for item in list.items() {
        match item.as_str() {
            Some(text) if is_media_type(text) => {}
            Some(text) => {
                cx.report(item, format!("`{}` in `{what}` is not a MIME type (`type/subtype`)", quote(text)))
                    .code("MimeTypeNotValid");
            }
            None => {
                cx.report(item, format!("entry of `{what}` is {}; expected a MIME type string", type_name(item)))
                    .code("MimeTypeNotValid");
            }
        }
    }
}

/// Whether the entry is one of `types`, ignoring case and parameters.
fn is_one_of(entry: JsonRef, types: &[&str]) -> bool {
    entry
        .as_str()
        .is_some_and(|m| types.iter().any(|t| same_type(m, t)))
}

/// Whether two media types are the same, ignoring case, spaces and parameters.
fn same_type(a: &str, b: &str) -> bool {
    fn base(m: &str) -> &str {
        m.split(';').next().unwrap_or_default().trim()
    }
    base(a).eq_ignore_ascii_case(base(b))
}

/// `type/subtype` followed by `; name=value` parameters, as in RFC 7231.
fn is_media_type(text: &str) -> bool {
    let mut parts = text.split(';');
    let Some((kind, sub)) = parts.next().and_then(|m| m.trim().split_once('/')) else {
        return false;
    };
    if !is_token(kind) || !is_token(sub) {
        return false;
    }
    parts.all(|param| {
        let param = param.trim();
        param.is_empty()
            || param
                .split_once('=')
                .is_some_and(|(name, value)| is_token(name.trim()) && !value.trim().is_empty())
    })
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::{is_media_type, same_type};

    #[test]
    fn media_types() {
        assert!(is_media_type("application/json"));
        assert!(is_media_type("application/json; charset=utf-8"));
        assert!(is_media_type("application/json;odata.metadata=minimal;odata.streaming=true"));
        assert!(is_media_type("application/*+json"));
        assert!(is_media_type("*/*"));
        assert!(!is_media_type("json"));
        assert!(!is_media_type("application/"));
        assert!(!is_media_type("application/json; charset"));
        assert!(!is_media_type("application json/x"));
        assert!(same_type("Application/JSON; charset=utf-8", "application/json"));
    }
}
