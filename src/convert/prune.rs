//! Invalid schemas nested inside other schemas, found bottom-up before the pieces are read.
//!
//! `openapiv3` reads a schema through untagged enums: when a value deep inside is invalid, serde
//! tries every variant at every level above it, each trying its own children again, so the time
//! doubles with each level (a string where a schema belongs, 30 levels down, took minutes). Here
//! every nested schema is checked on its own — its keywords, with its child schemas stubbed —
//! from the leaves up, in one pass; an invalid one is reported at its exact location and
//! replaced by an empty schema, so the reading that follows only meets valid children. It is
//! also more precise: one bad property no longer costs its whole component or operation.

use super::read::Note;
use super::tree::{Node, Value};
use crate::json::push_pointer_token;
use openapiv3::{ReferenceOr, Schema};

/// Keys of a schema whose value is a schema.
const SCHEMA_KEYS: [&str; 3] = ["items", "not", "additionalProperties"];
/// Keys of a schema whose value is a list of schemas.
const SCHEMA_LIST_KEYS: [&str; 3] = ["allOf", "anyOf", "oneOf"];
/// Keys whose values are maps of names (paths, status codes, media types, header names).
const NAME_MAPS: [&str; 6] = [
    "paths",
    "responses",
    "content",
    "headers",
    "callbacks",
    "encoding",
];
/// Keys whose values are data, never searched for schemas.
const DATA_KEYS: [&str; 5] = ["example", "examples", "default", "enum", "const"];

/// Replaces each invalid schema nested in another schema by `{}`, with a note saying why.
/// Top-level schemas (a parameter's, a media type's, a component) are left to the reader, which
/// reports them in their context.
pub fn invalid_subschemas(root: &mut Node) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut pointer = String::new();
    find_schemas(root, &mut pointer, &mut notes, false, 0);
    notes
}

/// Walks the document to the places schemas are: `schema` members and `components/schemas`.
fn find_schemas(
    node: &mut Node,
    pointer: &mut String,
    notes: &mut Vec<Note>,
    in_components: bool,
    depth: usize,
) {
    if depth > super::parse::MAX_DEPTH {
        return;
    }
    let Value::Object(members) = &mut node.value else {
        if let Value::Array(items) = &mut node.value {
            for (i, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                find_schemas(item, pointer, notes, false, depth + 1);
                pointer.truncate(len);
            }
        }
        return;
    };
    let at_schemas = in_components && pointer == "/components/schemas";
    // In maps of names (`x-csrf-token` is a real parameter name), `x-` does not mark an extension.
    let names = (in_components && pointer.matches('/').count() == 2)
        || NAME_MAPS
            .iter()
            .any(|k| pointer.ends_with(&format!("/{k}")));
    for (key, value) in members.iter_mut() {
        if (key.starts_with("x-") && !names) || DATA_KEYS.contains(&key.as_str()) {
            continue;
        }
        let len = pointer.len();
        push_pointer_token(pointer, key);
        if key == "schema" || at_schemas {
            check_children(value, pointer, notes, depth + 1);
        } else {
            let components = depth == 0 && key == "components" || in_components;
            find_schemas(value, pointer, notes, components, depth + 1);
        }
        pointer.truncate(len);
    }
}

/// Checks the schemas nested in `schema`, each after its own children.
fn check_children(schema: &mut Node, pointer: &mut String, notes: &mut Vec<Note>, depth: usize) {
    if depth > super::parse::MAX_DEPTH {
        return;
    }
    let Value::Object(members) = &mut schema.value else {
        return;
    };
    for (key, value) in members.iter_mut() {
        let len = pointer.len();
        push_pointer_token(pointer, key);
        if key == "properties" {
            if let Value::Object(properties) = &mut value.value {
                for (name, property) in properties.iter_mut() {
                    let len = pointer.len();
                    push_pointer_token(pointer, name);
                    check(property, pointer, notes, depth + 1);
                    pointer.truncate(len);
                }
            }
        } else if SCHEMA_KEYS.contains(&key.as_str()) {
            // `additionalProperties: true` is not a schema to check.
            if !matches!(value.value, Value::Bool(_)) {
                check(value, pointer, notes, depth + 1);
            }
        } else if SCHEMA_LIST_KEYS.contains(&key.as_str())
            && let Value::Array(items) = &mut value.value
        {
            for (i, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                check(item, pointer, notes, depth + 1);
                pointer.truncate(len);
            }
        }
        pointer.truncate(len);
    }
}

/// Checks a nested schema: its children first, then its own keywords; replaces it by `{}` when
/// they are not valid.
fn check(schema: &mut Node, pointer: &mut String, notes: &mut Vec<Note>, depth: usize) {
    check_children(schema, pointer, notes, depth);
    if let Err(message) = shallow_check(schema) {
        notes.push(Note {
            span: schema.span,
            pointer: pointer.clone(),
            message: format!(
                "this schema is not valid OpenAPI 3.0 ({message}); an empty schema replaces it"
            ),
        });
        schema.value = Value::Object(Vec::new());
    }
}

/// Whether `schema` reads as a schema when its child schemas (already checked) are stubbed.
fn shallow_check(schema: &Node) -> Result<(), String> {
    let empty = |n: &Node| Node::new(Value::Object(Vec::new()), n.span);
    let shallow = match &schema.value {
        Value::Object(members) => {
            let members = members
                .iter()
                .map(|(k, v)| {
                    let stubbed = match &v.value {
                        Value::Object(props) if k == "properties" => Node::new(
                            Value::Object(
                                props.iter().map(|(n, p)| (n.clone(), empty(p))).collect(),
                            ),
                            v.span,
                        ),
                        Value::Array(items) if SCHEMA_LIST_KEYS.contains(&k.as_str()) => {
                            Node::new(Value::Array(items.iter().map(empty).collect()), v.span)
                        }
                        Value::Object(_) if SCHEMA_KEYS.contains(&k.as_str()) => empty(v),
                        _ => v.clone(),
                    };
                    (k.clone(), stubbed)
                })
                .collect();
            Node::new(Value::Object(members), schema.span)
        }
        _ => schema.clone(),
    };
    let text = serde_json::to_string(&shallow).map_err(|e| e.to_string())?;
    serde_json::from_str::<ReferenceOr<Schema>>(&text)
        .map(|_| ())
        .map_err(|e| {
            let mut message = e.to_string();
            if let Some(i) = message.rfind(" at line ") {
                message.truncate(i);
            }
            message
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::Syntax;
    use crate::convert::parse::parse;

    #[test]
    fn a_bad_schema_deep_down_is_found_in_one_pass() {
        let mut leaf = String::from("\"not a schema\"");
        for _ in 0..60 {
            leaf = format!("{{\"properties\": {{\"p\": {leaf}}}}}");
        }
        let text = format!(
            "{{\"openapi\": \"3.0.3\", \"components\": {{\"schemas\": {{\"Deep\": {leaf}}}}}, \"paths\": {{}}}}"
        );
        let mut root = parse(&text, Syntax::Json).unwrap().root;
        let notes = invalid_subschemas(&mut root);
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].pointer.ends_with("/properties/p/properties/p"),
            "{}",
            notes[0].pointer
        );
        assert!(
            notes[0].message.contains("not valid OpenAPI 3.0"),
            "{}",
            notes[0].message
        );
    }

    #[test]
    fn names_that_look_like_extensions_are_searched() {
        let text = r#"{"openapi": "3.0.3", "paths": {}, "components": {"parameters": {"x-token":
            {"name": "x-token", "in": "header", "schema": {"properties": {"p": 5}}}}}}"#;
        let mut root = parse(text, Syntax::Json).unwrap().root;
        let notes = invalid_subschemas(&mut root);
        assert_eq!(notes.len(), 1);
        assert_eq!(
            notes[0].pointer,
            "/components/parameters/x-token/schema/properties/p"
        );
    }

    #[test]
    fn valid_schemas_and_data_are_left_alone() {
        let text = r##"{"openapi": "3.0.3", "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"type": "object", "additionalProperties": true,
            "properties": {"a": {"type": "string", "enum": ["x"]}, "b": {"$ref": "#/components/schemas/B"},
            "c": {"type": "array", "items": {"allOf": [{"type": "string"}]}}},
            "example": {"properties": {"p": "data, not a schema"}}}}}}}}}}}"##;
        let mut root = parse(text, Syntax::Json).unwrap().root;
        assert!(invalid_subschemas(&mut root).is_empty());
    }
}
