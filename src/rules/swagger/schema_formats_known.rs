//! ## What it checks
//! That every `format` — in schemas, non-body parameters and response headers (with their
//! nested `items`) — is one the connector schema knows: `int32`, `int64`, `float`, `double`,
//! `byte`, `binary`, `date`, `date-time`, `password`, `date-no-tz`, `email`, `html`, `uri`,
//! `uuid`. Common near-misses get a suggestion (`guid` → `uuid`, `Date-Time` → `date-time`).
//!
//! ## Why it matters for certification
//! The platform uses `format` to pick editors and conversions (date pickers, file content,
//! masked passwords); an unknown format is silently ignored, which is rarely what the author
//! meant. The Swagger Validator warns with `UnrecognizedTypeFormat`. It stays a warning: merged
//! connectors use `guid`, `decimal` and free text, and the service accepts them.
//!
//! ## Example
//! ```json
//! "id": { "type": "string", "format": "guid" }
//! ```
//! Use instead:
//! ```json
//! "id": { "type": "string", "format": "uuid" }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`) for a `format` that repeats a type name (`"format": "integer"`): it
//! is removed. It means nothing to the platform, but the format is part of a parameter's contract
//! as Microsoft's change validator compares it, so the removal reads as a change there. Other unknown formats get no fix (a suggestion only): the right format depends on the data.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use util::schemas::{KNOWN_FORMATS};

pub struct SchemaFormatsKnown;

const TYPE_NAMES: &[&str] = &["string", "number", "integer", "boolean", "object", "array"];

fn suggestion(format: &str) -> Option<&'static str> {
    let lower = format.to_ascii_lowercase();
    if let Some(known) = KNOWN_FORMATS.iter().find(|k| **k == lower) {
        return Some(known);
    }
    Some(match lower.as_str() {
        "guid" => "uuid",
        "datetime" | "date_time" | "timestamp" | "iso8601" | "iso-8601" => "date-time",
        "url" | "uri-reference" | "url-reference" => "uri",
        "int" => "int32",
        "long" => "int64",
        "decimal" => "double",
        "base64" => "byte",
        "file" => "binary",
        _ => return None,
    })
}

fn check(cx: &mut Checker, node: JsonRef) {
    let Some(value) = node.get("format") else {
        return;
    };
    let Some(format) = value.as_str() else {
        return;
    };
    if KNOWN_FORMATS.contains(&format) {
        return;
    }
    if format.trim().is_empty() {
        cx.report(value, "`format` is empty")
            .help("remove `format`, or set one of the known formats");
        return;
    }
    let d = cx.report(value, format!("unknown `format` `{format}`"));
    if TYPE_NAMES.contains(&format.to_ascii_lowercase().as_str()) {
        d.help("`format` repeats a type name; remove it (the type goes in `type`)");
        if let Some(edit) = value.parent().and_then(|schema| util::edits::remove_member(schema, "format")) {
            d.fix(Fix::unsafe_edit("Remove the `format` that repeats a type name", vec![edit]));
        }
        return;
    }
    match suggestion(format) {
        Some(s) => d.help(format!("use `{s}`")),
        None => d.help(format!(
            "use one of {}, or remove `format`",
            KNOWN_FORMATS.join(", ")
        )),
    };
}

impl Rule for SchemaFormatsKnown {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::AnySchema]
    }

    fn any_schema(&self, cx: &mut Checker, _sw: &Swagger, node: JsonRef) {
        check(cx, node);
    }
}
