//! ## What it checks
//! That `x-ms-editor: dictionary` only appears on an object schema (no `type`, or
//! `type: object`, following `$ref`) whose `additionalProperties` allows extra keys: a schema
//! for the values, or `true`. A missing `additionalProperties` is reported too: the dictionary
//! editor needs to know what the values are.
//!
//! ## Why it matters for certification
//! The dictionary editor lets users type free key/value pairs, which only makes sense for an
//! object that accepts arbitrary keys. The Swagger Validator rejects other uses with
//! `InvalidCustomEditorExtensionDictionaryValue`.
//!
//! ## Example
//! ```json
//! "headers": { "type": "string", "x-ms-editor": "dictionary" }
//! ```
//! Use instead:
//! ```json
//! "headers": {
//!   "type": "object",
//!   "x-ms-editor": "dictionary",
//!   "additionalProperties": { "type": "string" }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: whether the value is meant as a dictionary (then its type and the schema of its values are needed) or the editor is a mistake is the author's call, and either change alters the designer's input.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use util::schemas::type_of;

pub struct EditorDictionary;

impl Rule for EditorDictionary {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Schema]
    }

    fn schema(&self, cx: &mut Checker, sw: &Swagger, schema: &Schema) {
        let node = schema.node;
        let Some(editor) = node.get("x-ms-editor") else {
            return;
        };
        if editor.as_str() != Some("dictionary") {
            return;
        }
        let resolved = sw.resolve(node).unwrap_or(node);
        let ty = type_of(node).or_else(|| type_of(resolved));
        if let Some(t) = ty.filter(|t| *t != "object") {
            cx.report(editor, format!("`x-ms-editor: dictionary` on a schema of type `{t}`; it needs an object"))
                .help("use `type: object` with `additionalProperties` describing the values");
            return;
        }
        let additional = node
            .get("additionalProperties")
            .or_else(|| resolved.get("additionalProperties"));
        match additional {
            Some(a) if a.is_object() || a.as_bool() == Some(true) => {}
            Some(a) => {
                cx.report(a, "`x-ms-editor: dictionary` on an object that does not allow additional properties")
                    .help("set `additionalProperties` to the schema of the dictionary's values");
            }
            None => {
                cx.report(editor, "`x-ms-editor: dictionary` on an object without `additionalProperties`")
                    .help("add `additionalProperties` with the schema of the dictionary's values");
            }
        }
    }
}
