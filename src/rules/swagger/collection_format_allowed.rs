//! ## What it checks
//! That every `collectionFormat` of a parameter, and of its nested `items`, is one of `csv`,
//! `ssv`, `tsv` or `pipes`, or `multi` directly on a `query` or `formData` parameter (`multi`
//! repeats the parameter, which only a query string or a form can do).
//!
//! `collectionFormat` on a body parameter is reported by `body-param-shape` instead.
//!
//! ## Why it matters for certification
//! The platform serialises array parameters by this keyword; a value it does not know is
//! rejected by the Swagger Validator (`CollectionFormatValueNotSupported`).
//!
//! ## Example
//! ```json
//! { "name": "ids", "in": "path", "required": true, "type": "array",
//!   "items": { "type": "string" }, "collectionFormat": "multi" }
//! ```
//! Use instead:
//! ```json
//! { "name": "ids", "in": "path", "required": true, "type": "array",
//!   "items": { "type": "string" }, "collectionFormat": "csv" }
//! ```
//!
//! ## Fix safety
//! Safe: `CSV` in any case is written `csv`, which is also the OpenAPI default a reader falls back to, so the request does not change. Unsafe (`--unsafe-fixes`): another format in another case (`Pipes` → `pipes`) may change how the array is sent. `multi` where it cannot apply and unknown formats get no fix: the API decides the format.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;

pub struct CollectionFormatAllowed;

const ALWAYS: [&str; 4] = ["csv", "ssv", "tsv", "pipes"];

fn check(cx: &mut Checker, holder: JsonRef<'_>, name: &str, multi_ok: bool, location: &str) {
    let Some(value) = holder.get("collectionFormat") else {
        return;
    };
    match value.as_str() {
        Some(v) if ALWAYS.contains(&v) => {}
        Some("multi") if multi_ok => {}
        Some("multi") => {
            let d = cx.report(value, format!("`collectionFormat: multi` of parameter `{name}` is only valid directly on query and formData parameters"));
            if location == "query" || location == "formData" {
                d.help("nested `items` cannot repeat the parameter; use `csv`, `ssv`, `tsv` or `pipes`");
            } else {
                d.help(format!("a `{location}` parameter cannot be repeated; use `csv`, `ssv`, `tsv` or `pipes`"));
            }
        }
        _ => {
            let d = cx.report(value, format!("`collectionFormat` {} of parameter `{name}` is not supported; expected `csv`, `ssv`, `tsv`, `pipes` or `multi`", params::shown(value)));
            // Only the case is wrong. `csv` is also what a reader that ignores the unknown value
            // falls back to (the OpenAPI default), so writing it changes nothing; any other
            // format may change how the array is sent.
            let known = value.as_str().and_then(|v| {
                ALWAYS
                    .iter()
                    .chain(multi_ok.then_some(&"multi"))
                    .find(|k| k.eq_ignore_ascii_case(v))
            });
            if let Some(&known) = known {
                let title = format!("Write `{known}`");
                let edits = vec![set_string(value, known)];
                d.fix(if known == "csv" {
                    Fix::safe(title, edits)
                } else {
                    Fix::unsafe_edit(title, edits)
                });
            }
        }
    }
}

impl Rule for CollectionFormatAllowed {
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
        if location == "body" {
            return;
        }
        let name = params::name_of(node);
        check(
            cx,
            node,
            name,
            location == "query" || location == "formData",
            location,
        );
        for item in params::items_chain(node, 8) {
            check(cx, item, name, false, location);
        }
    }
}
