//! ## What it checks
//! That the arrays OpenAPI 2.0 declares unique hold no value twice:
//! - `schemes`, `consumes`, `produces`, `security` and `tags` of the document and of each
//!   operation, and the scope list of each security requirement;
//! - `enum` of schemas, parameters, `items` and headers, and `required` of schemas.
//!
//! Values are compared as JSON (`1` and `1.0` are equal, objects regardless of key order, strings
//! exactly, so `application/json` and `Application/JSON` are different values). Each repeated
//! value is reported where it repeats, naming the first occurrence. Two top-level tags with the
//! same `name` are reported as `TagRedefined` even when their descriptions differ.
//!
//! Parameter lists are left to `params-unique`, `x-ms-enum-values` to `defaults-and-enums-typed`
//! and `filterFunctions` to `filter-functions`.
//!
//! ## Why it matters for certification
//! The Swagger Validator rejects duplicate values (`ArrayDuplicateValue`) and redefined tags
//! (`TagRedefined`). A duplicate `enum` value also shows twice in the designer's drop-down.
//!
//! ## Example
//! ```json
//! "type": "string", "enum": ["small", "medium", "small"]
//! ```
//! Use instead:
//! ```json
//! "type": "string", "enum": ["small", "medium"]
//! ```
//!
//! ## Fix safety
//! Safe: a value repeated in `enum`, `required`, `schemes`, `consumes`, `produces`, `security` or a scope list is removed; the list means the same with it once. A tag defined twice with different contents gets no fix: merging them is the author's call.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use crate::rules::util::document::{Loc, walk};
use std::collections::HashMap;

pub struct SwaggerArraysUnique;

impl Rule for SwaggerArraysUnique {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn weight(&self) -> u16 {
        15
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        walk(sw, |loc, node| {
            let keys: &[&str] = match loc {
                Loc::Root | Loc::Operation => &["schemes", "consumes", "produces", "security", "tags"],
                Loc::Schema => &["enum", "required"],
                Loc::Parameter | Loc::Items | Loc::Header => &["enum"],
                _ => return,
            };
            for (key, array) in node.members() {
                if !keys.contains(&key) || !array.is_array() {
                    continue;
                }
                if loc == Loc::Root && key == "tags" {
                    check_tags(cx, array);
                } else {
                    check_unique(cx, &format!("`{key}`"), array);
                }
                if key == "security" {
                    for requirement in array.items() {
                        for (scheme, scopes) in requirement.members() {
                            if scopes.is_array() {
                                check_unique(cx, &format!("the scopes of `{scheme}`"), scopes);
                            }
                        }
                    }
                }
            }
        });
    }
}

/// Short, one-line text of a value for messages.
fn shown(value: JsonRef<'_>) -> String {
    let text = if value.is_object() || value.is_array() {
        value.to_value().to_string()
    } else {
        value.raw().to_owned()
    };
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text,
    }
}

fn report(cx: &mut Checker, what: &str, array: JsonRef<'_>, index: usize, item: JsonRef<'_>, first: usize) {
    let fix = util::edits::remove_item(array, index).map(|e| Fix::safe("Remove the repeated value", vec![e]));
    cx.report(
        item,
        format!(
            "{} appears twice in {what} (first at index {first})",
            shown(item)
        ),
    )
    .code("ArrayDuplicateValue")
    .help("remove the repeated value")
    .fix_if(fix);
}

fn check_unique(cx: &mut Checker, what: &str, array: JsonRef<'_>) {
    let len = array.len();
    if len < 2 {
        return;
    }
    let all_strings = array.items().all(|i| i.is_string());
    if all_strings && len > 16 {
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(len);
        for (i, item) in array.items().enumerate() {
            let text = item.as_str().unwrap_or_default();
            if let Some(first) = seen.get(text) {
                report(cx, what, array, i, item, *first);
            } else {
                seen.insert(text, i);
            }
        }
        return;
    }
    for (i, item) in array.items().enumerate() {
        if let Some(first) = array.items().take(i).position(|e| e.json_eq(&item)) {
            report(cx, what, array, i, item, first);
        }
    }
}

fn check_tags(cx: &mut Checker, tags: JsonRef<'_>) {
    for (i, tag) in tags.items().enumerate() {
        let first = match tag.get_str("name") {
            Some(name) => tags
                .items()
                .take(i)
                .position(|t| t.get_str("name") == Some(name))
                .map(|first| (first, name)),
            None => None,
        };
        if let Some((first, name)) = first {
            cx.report(
                tag,
                format!("tag `{name}` is defined twice (first at index {first})"),
            )
            .code("TagRedefined")
            .help("merge the two tag definitions");
        } else if let Some(first) = tags.items().take(i).position(|t| t.json_eq(&tag)) {
            report(cx, "`tags`", tags, i, tag, first);
        }
    }
}
