//! Helpers shared by the parameters rules.

use crate::diagnostic::Diagnostic;
use crate::json::{JsonRef, JsonType};
use crate::rules::Checker;
use crate::swagger::{Operation, Parameter};

/// The parameter object, or `None` when it is no parameter these rules can judge: a broken
/// `$ref` (the reference rules report those), not an object, or without a string `in` (a `$ref`
/// into `#/definitions`, or a structurally invalid entry that the schema rules report).
pub fn resolved<'a>(p: &Parameter<'a>) -> Option<JsonRef<'a>> {
    (p.node.is_object() && !p.node.has("$ref") && p.node.get("in").is_some_and(|i| i.is_string()))
        .then_some(p.node)
}

/// The resolved parameter when users see it in the designer, which is when it needs a summary and a
/// description: not a body parameter (its schema properties carry those), not `internal`, and not
/// on an `internal` operation.
pub fn user_facing<'a>(p: &Parameter<'a>, op: &Operation<'a>) -> Option<JsonRef<'a>> {
    let node = resolved(p)?;
    (!p.is_body() && !is_internal(node) && !is_internal_operation(op)).then_some(node)
}

/// `key` on the parameter object, else on its `$ref` entry: the platform accepts `x-ms-summary`,
/// `description` or `x-ms-visibility` written next to a `$ref`.
pub fn param_get<'a>(p: &Parameter<'a>, key: &str) -> Option<JsonRef<'a>> {
    p.node
        .get(key)
        .or_else(|| (p.site != p.node).then(|| p.site.get(key)).flatten())
}

/// Whether a parameter or schema is `x-ms-visibility: internal` (any case: the value's spelling is
/// `visibility-values`' business).
pub fn is_internal(node: JsonRef<'_>) -> bool {
    node.get_str("x-ms-visibility")
        .is_some_and(|v| v.eq_ignore_ascii_case("internal"))
}

/// Whether the operation is hidden from users (`x-ms-visibility: internal`), like a webhook's
/// delete operation: its parameters are never shown either.
pub fn is_internal_operation(op: &Operation<'_>) -> bool {
    is_internal(op.node)
}

/// Reports that `node` lacks a key: on the key it hangs from when it is a named definition
/// (`#/parameters/Name`, a schema property), else on its `name` value, else on the object.
pub fn report_missing<'c>(
    cx: &'c mut Checker<'_>,
    node: JsonRef<'_>,
    message: impl Into<String>,
) -> &'c mut Diagnostic {
    if node.key().is_some() {
        cx.report_key(node, message)
    } else if let Some(name) = node.get("name").filter(|n| n.is_string()) {
        cx.report(name, message)
    } else {
        cx.report(node, message)
    }
}

/// The parameter's name for messages.
pub fn name_of<'a>(node: JsonRef<'a>) -> &'a str {
    node.get_str("name").unwrap_or("?")
}

/// Whether `value` is of the Swagger `type` (`string`, `integer`, `number`, `boolean`, `array`,
/// `object`); `None` for types this check does not judge (`file`, `null`, unknown names).
/// `1.0` counts as an integer, as in JSON Schema draft 6 and later.
pub fn fits_type(ty: &str, value: JsonRef<'_>) -> Option<bool> {
    let t = value.json_type();
    Some(match ty {
        "string" => t == JsonType::String,
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "number" => t == JsonType::Number,
        "boolean" => t == JsonType::Boolean,
        "array" => t == JsonType::Array,
        "object" => t == JsonType::Object,
        _ => return None,
    })
}

/// The value's JSON type as a noun phrase for messages: `a string`, `an integer`, ...
pub fn kind_of(value: JsonRef<'_>) -> &'static str {
    match value.json_type() {
        JsonType::Null => "null",
        JsonType::Boolean => "a boolean",
        JsonType::Number if value.as_f64().is_some_and(|n| n.fract() == 0.0) => "an integer",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    }
}

/// The value as written, shortened to at most 40 characters for messages.
pub fn shown(value: JsonRef<'_>) -> String {
    const MAX: usize = 40;
    let raw = value.raw();
    if raw.chars().count() <= MAX {
        raw.to_owned()
    } else {
        let cut: String = raw.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

/// The variable names of a path template, exactly as written between `{` and `}` (spaces and
/// case kept). Unbalanced braces yield nothing for that part (`path-syntax` reports them).
pub fn template_vars(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = path;
    std::iter::from_fn(move || {
        let open = rest.find('{')?;
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let inner = &after[..close];
        rest = &after[close + 1..];
        // `{a{b}`: the variable starts after the innermost brace.
        Some(inner.rfind('{').map_or(inner, |i| &inner[i + 1..]))
    })
}

/// Follows `items` down a parameter (or a parameter's `items`), at most `depth` levels.
pub fn items_chain<'a>(node: JsonRef<'a>, depth: usize) -> impl Iterator<Item = JsonRef<'a>> {
    let mut current = Some(node);
    std::iter::from_fn(move || {
        let next = current?.get("items").filter(|i| i.is_object());
        current = next;
        next
    })
    .take(depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_variables() {
        let v: Vec<_> = template_vars("/a/{id}/b/{Platform Id}.json").collect();
        assert_eq!(v, ["id", "Platform Id"]);
        let v: Vec<_> = template_vars("/a/{broken/b").collect();
        assert!(v.is_empty());
        let v: Vec<_> = template_vars("/a/{x{y}/").collect();
        assert_eq!(v, ["y"]);
        let v: Vec<_> = template_vars("/{}").collect();
        assert_eq!(v, [""]);
    }
}
