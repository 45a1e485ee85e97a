//! ## What it checks
//! The `required` keyword of every schema:
//! - it is an array; `"required": true` on a property is parameter syntax — `JsonTypeIncorrect`;
//! - it sits on an object schema (no `type`, or `type: object`) — `RequiredPropertyNotOnObject`;
//! - it is not empty — `RequiredPropertyArrayEmpty`;
//! - each name it lists is a defined property — `RequiredPropertyDefinitionMissing`. Properties
//!   are looked up through `$ref` and `allOf` (in both directions: an `allOf` member may require
//!   a property another member defines), and schemas whose properties are only known at run
//!   time (`x-ms-dynamic-schema`, `x-ms-dynamic-properties`) are skipped;
//! - a definition does not require, through a chain of required properties, an instance of
//!   itself — `RequiredLoopInSchemaNotAllowed`;
//! - in a schema used as request input, no required property is `readOnly` —
//!   `RequiredReadOnlyPropertyNotAllowedAsInput`.
//!
//! ## Why it matters for certification
//! The designer marks required fields from `required`: a name that matches no property makes a
//! required field nobody can fill, a required read-only input can never be sent, and a loop of
//! required objects can never be completed. The Swagger Validator rejects each case with the
//! code named above.
//!
//! ## Example
//! ```json
//! "Contact": {
//!   "type": "object",
//!   "required": ["email", "id"],
//!   "properties": { "mail": { "type": "string" }, "id": { "type": "string", "readOnly": true } }
//! }
//! ```
//! (with `Contact` used as a request body) Use instead:
//! ```json
//! "Contact": {
//!   "type": "object",
//!   "required": ["mail"],
//!   "properties": { "mail": { "type": "string" }, "id": { "type": "string", "readOnly": true } }
//! }
//! ```
//!
//! ## Fix safety
//! Safe: an empty `required` array is removed; it requires nothing. Undefined, read-only or looping names get no fix: whether to define the property or drop the requirement is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::json::NodeId;
use crate::rules::prelude::*;
use util::schemas::{find_property, is_dynamic, object_scopes, type_of};

pub struct SchemaRequiredConsistency;

/// How many schemas the loop search visits from one definition.
const LOOP_BUDGET: usize = 256;

impl Rule for SchemaRequiredConsistency {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Schema]
    }

    fn schema(&self, cx: &mut Checker, sw: &Swagger, schema: &Schema) {
        let node = schema.node;
        let Some(required) = node.get("required") else {
            return;
        };
        if required.as_bool().is_some() {
            cx.report(required, "`required` must be an array of property names in a schema")
                .code("JsonTypeIncorrect")
                .help("remove it here and list the property in the parent object's `required` array");
            return;
        }
        if !required.is_array() {
            return;
        }
        if let Some(t) = type_of(node).filter(|t| *t != "object") {
            cx.report_key(required, format!("`required` on a schema of type `{t}`; it is only valid on objects"))
                .code("RequiredPropertyNotOnObject")
                .help("move `required` to the object schema that defines the properties (for arrays: into `items`)");
            return;
        }
        if required.is_empty() {
            cx.report(required, "`required` is an empty array")
                .code("RequiredPropertyArrayEmpty")
                .help("remove it, or list the required properties")
                .fix_if(
                    required
                        .parent()
                        .and_then(|schema| util::edits::remove_member(schema, "required"))
                        .map(|e| Fix::safe("Remove the empty `required`", vec![e])),
                );
            return;
        }
        let dynamic = object_scopes(sw, node).any(|s| is_dynamic(s) || sw.resolve(s).is_ok_and(is_dynamic));
        for item in required.items() {
            let Some(name) = item.as_str() else { continue };
            let property = object_scopes(sw, node).find_map(|s| find_property(sw, s, name));
            let Some(property) = property else {
                if !dynamic {
                    cx.report(item, format!("required property `{name}` is not defined in `properties`"))
                        .code("RequiredPropertyDefinitionMissing")
                        .help("define the property, or remove it from `required` (check its spelling and case)");
                }
                continue;
            };
            let Ok(resolved) = sw.resolve(property) else {
                continue;
            };
            let read_only = |n: JsonRef| n.get("readOnly").and_then(|r| r.as_bool()) == Some(true);
            if schema.role.input && (read_only(property) || read_only(resolved)) {
                cx.report(item, format!("required property `{name}` is `readOnly`, but this schema is request input"))
                    .code("RequiredReadOnlyPropertyNotAllowedAsInput")
                    .help("drop `readOnly`, or remove the property from `required` (a read-only value cannot be sent)");
            }
        }
        if let (Origin::Definition(def), Edge::Root) = (schema.origin, schema.edge) {
            check_loop(cx, sw, node, def, required);
        }
    }
}

/// Reports a required property of definition `def` whose chain of required properties leads
/// back to `def`.
fn check_loop(cx: &mut Checker, sw: &Swagger, def_node: JsonRef, def: &str, required: JsonRef) {
    for item in required.items() {
        let Some(name) = item.as_str() else { continue };
        let Some(start) = find_property(sw, def_node, name).and_then(|p| sw.resolve(p).ok()) else {
            continue;
        };
        let mut seen: Vec<NodeId> = Vec::new();
        if leads_to(sw, start, def_node.id(), &mut seen) {
            cx.report(item, format!("required property `{name}` leads back to `{def}` through required properties, so no value can ever be complete"))
                .code("RequiredLoopInSchemaNotAllowed")
                .help("make one property in the loop optional");
            return;
        }
    }
}

/// Whether `node` is `target` or requires, directly or through required properties (and the
/// `allOf` members every value must also match), a value of schema `target`.
fn leads_to(sw: &Swagger, node: JsonRef, target: NodeId, seen: &mut Vec<NodeId>) -> bool {
    if node.id() == target {
        return true;
    }
    if seen.len() >= LOOP_BUDGET || seen.contains(&node.id()) {
        return false;
    }
    seen.push(node.id());
    let through_required = node.get("required").is_some_and(|required| {
        required.items().filter_map(|i| i.as_str()).any(|name| {
            find_property(sw, node, name)
                .and_then(|p| sw.resolve(p).ok())
                .is_some_and(|p| leads_to(sw, p, target, seen))
        })
    });
    through_required
        || node.get("allOf").is_some_and(|all| {
            all.items()
                .filter_map(|m| sw.resolve(m).ok())
                .any(|m| leads_to(sw, m, target, seen))
        })
}
