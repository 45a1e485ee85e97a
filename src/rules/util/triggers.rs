//! Helpers shared by the triggers rules: webhook parts, walking a schema tree with the chain of
//! steps that leads to each schema, what an operation's dynamic-extension references can name,
//! and following value paths (`value-collection`, `value-path`, ...) through static response
//! schemas.

use crate::json::{JsonRef, JsonType, NodeId};
use crate::swagger::{Edge, Operation, Swagger};
use std::collections::HashSet;

/// The `x-ms-notification-content` of an operation: its own, else its path item's.
pub fn notification_content<'a>(op: &Operation<'a>) -> Option<JsonRef<'a>> {
    op.node
        .get("x-ms-notification-content")
        .or_else(|| op.path_item.get("x-ms-notification-content"))
}

/// The JSON type of `node` with its article, for messages: `an array`, `a string`, `null`.
pub fn a_type(node: JsonRef<'_>) -> &'static str {
    match node.json_type() {
        JsonType::Null => "null",
        JsonType::Boolean => "a boolean",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    }
}

/// Whether `node` carries `key: true`.
pub fn flag(node: JsonRef<'_>, key: &str) -> bool {
    node.get(key).and_then(|v| v.as_bool()) == Some(true)
}

/// Whether `node` has `x-ms-visibility: internal` (case ignored, as the platform does).
pub fn is_internal(node: JsonRef<'_>) -> bool {
    node.get_str("x-ms-visibility")
        .is_some_and(|v| v.eq_ignore_ascii_case("internal"))
}

/// One step of a schema walk.
#[derive(Clone, Copy)]
pub struct Step<'a> {
    /// The schema as written (a `{"$ref": ...}` object when it is a reference).
    pub site: JsonRef<'a>,
    /// The schema it resolves to.
    pub schema: JsonRef<'a>,
    pub edge: Edge<'a>,
    /// For a property: whether the object holding it (or the `allOf` holding that object)
    /// lists it in `required`.
    pub required: bool,
}

impl<'a> Step<'a> {
    /// Whether the site or the schema it resolves to has `key: true`.
    pub fn flag(&self, key: &str) -> bool {
        flag(self.site, key) || flag(self.schema, key)
    }
    /// The value of `key` on the site, else on the resolved schema.
    pub fn get(&self, key: &str) -> Option<JsonRef<'a>> {
        self.site.get(key).or_else(|| self.schema.get(key))
    }
    pub fn is_internal(&self) -> bool {
        is_internal(self.site) || is_internal(self.schema)
    }
}

const MAX_DEPTH: usize = 40;
const MAX_SCHEMAS: usize = 5000;

/// Walks the schema tree below `root` (properties, items, object `additionalProperties`,
/// `allOf`), following `$ref`s and visiting each resolved schema once. `f` receives the chain
/// of steps from the root to each schema; the last step is the schema itself.
pub fn walk_schema<'a>(sw: &Swagger<'a>, root: JsonRef<'a>, f: &mut dyn FnMut(&[Step<'a>])) {
    let mut walk = Walk {
        sw,
        seen: HashSet::new(),
        chain: Vec::new(),
    };
    walk.visit(root, Edge::Root, false, f);
}

struct Walk<'s, 'a> {
    sw: &'s Swagger<'a>,
    seen: HashSet<NodeId>,
    chain: Vec<Step<'a>>,
}

impl<'a> Walk<'_, 'a> {
    fn visit(
        &mut self,
        site: JsonRef<'a>,
        edge: Edge<'a>,
        required: bool,
        f: &mut dyn FnMut(&[Step<'a>]),
    ) {
        if self.chain.len() >= MAX_DEPTH || self.seen.len() >= MAX_SCHEMAS {
            return;
        }
        let Ok(schema) = self.sw.resolve(site) else {
            return;
        };
        if !schema.is_object() || !self.seen.insert(schema.id()) {
            return;
        }
        self.chain.push(Step {
            site,
            schema,
            edge,
            required,
        });
        f(&self.chain);
        let container_required = if edge == Edge::AllOf {
            self.chain
                .len()
                .checked_sub(2)
                .and_then(|i| self.chain.get(i))
                .and_then(|s| s.schema.get("required"))
        } else {
            None
        };
        let own_required = schema.get("required");
        let listed = |name: &str| {
            [own_required, container_required]
                .into_iter()
                .flatten()
                .any(|r| r.items().any(|i| i.as_str() == Some(name)))
        };
        if let Some(props) = schema.get("properties") {
            for (name, child) in props.members() {
                self.visit(child, Edge::Property(name), listed(name), f);
            }
        }
        if let Some(items) = schema.get("items") {
            if items.is_array() {
                for item in items.items() {
                    self.visit(item, Edge::Items, false, f);
                }
            } else {
                self.visit(items, Edge::Items, false, f);
            }
        }
        if let Some(additional) = schema.get("additionalProperties").filter(|a| a.is_object()) {
            self.visit(additional, Edge::AdditionalProperties, false, f);
        }
        if let Some(all_of) = schema.get("allOf") {
            for member in all_of.items() {
                self.visit(member, Edge::AllOf, false, f);
            }
        }
        self.chain.pop();
    }
}

/// The dynamic-extension keys whose holders [`OpInputs`] collects.
pub const DYNAMIC_KEYS: [&str; 5] = [
    "x-ms-dynamic-values",
    "x-ms-dynamic-list",
    "x-ms-dynamic-schema",
    "x-ms-dynamic-properties",
    "x-ms-dynamic-tree",
];

/// Whether `node` carries one of the [`DYNAMIC_KEYS`] (one pass over its members).
pub fn has_dynamic(node: JsonRef<'_>) -> bool {
    node.members()
        .any(|(k, _)| k.starts_with("x-ms-dynamic-") && DYNAMIC_KEYS.contains(&k))
}

/// Whether any parameter or schema of the document carries a dynamic extension, for inputs
/// and for outputs. Lets the dynamic rules skip the per-operation work on the many
/// definitions that use none.
pub fn dynamic_in_document(sw: &Swagger<'_>) -> (bool, bool) {
    let mut input = sw
        .operations
        .iter()
        .any(|op| op.parameters.iter().any(|p| has_dynamic(p.node)));
    let mut output = false;
    for s in &sw.schemas {
        if has_dynamic(s.node) {
            // A definition no operation uses has neither role: count it as input.
            input |= s.role.input || !s.role.output;
            output |= s.role.output;
        }
    }
    (input, output)
}

/// What a `{"parameter": "name"}` reference of one of an operation's dynamic extensions names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefTarget {
    /// Exactly one non-body parameter.
    Parameter,
    /// Several non-body parameters (say a query and a header parameter) share the name.
    SeveralParameters,
    /// A property of the body, and no parameter.
    BodyProperty,
    /// Both a parameter and a body property.
    ParameterAndBodyProperty,
    /// Nothing that can be seen.
    Nothing,
}

/// An operation's inputs, as its dynamic extensions can reference them.
pub struct OpInputs<'a> {
    /// Non-body parameters, `$ref` resolved.
    pub params: Vec<JsonRef<'a>>,
    /// Every property name in the body schema, at any depth.
    pub body_props: HashSet<&'a str>,
    /// The body has parts that cannot be seen (dynamic schema, untyped objects, broken `$ref`s),
    /// so a name may be a body property without being listed.
    pub body_open: bool,
    /// Parameters and body schemas (resolved) that carry a dynamic extension.
    pub holders: Vec<JsonRef<'a>>,
}

impl<'a> OpInputs<'a> {
    pub fn new(sw: &Swagger<'a>, op: &Operation<'a>) -> OpInputs<'a> {
        let mut inputs = OpInputs {
            params: Vec::new(),
            body_props: HashSet::new(),
            body_open: false,
            holders: Vec::new(),
        };
        for p in &op.parameters {
            if !p.is_body() {
                inputs.params.push(p.node);
                if has_dynamic(p.node) {
                    inputs.holders.push(p.node);
                }
                continue;
            }
            let Some(schema) = p.node.get("schema") else {
                inputs.body_open = true;
                continue;
            };
            if sw.resolve(schema).is_err() {
                inputs.body_open = true;
            }
            walk_schema(sw, schema, &mut |chain| {
                let Some(step) = chain.last() else { return };
                if let Edge::Property(name) = step.edge {
                    inputs.body_props.insert(name);
                }
                let s = step.schema;
                if has_dynamic(s) {
                    inputs.holders.push(s);
                }
                if s.has("x-ms-dynamic-schema")
                    || s.has("x-ms-dynamic-properties")
                    || is_open_object(s)
                {
                    inputs.body_open = true;
                }
            });
        }
        inputs
    }

    /// The non-body parameters named `name`.
    pub fn params_named(&self, name: &str) -> impl Iterator<Item = JsonRef<'a>> + '_ {
        let name = name.to_owned();
        self.params
            .iter()
            .copied()
            .filter(move |p| p.get_str("name") == Some(name.as_str()))
    }

    pub fn classify(&self, name: &str) -> RefTarget {
        let params = self.params_named(name).count();
        let body = self.body_props.contains(name);
        match (params, body) {
            (0, true) => RefTarget::BodyProperty,
            (0, false) => RefTarget::Nothing,
            (_, true) => RefTarget::ParameterAndBodyProperty,
            (1, false) => RefTarget::Parameter,
            (_, false) => RefTarget::SeveralParameters,
        }
    }
}

/// An object schema whose members cannot be listed: no `properties`, `allOf` or `items`, and
/// not a primitive type; or one that allows additional properties.
fn is_open_object(s: JsonRef<'_>) -> bool {
    let primitive = matches!(
        s.get_str("type"),
        Some("string" | "integer" | "number" | "boolean" | "array" | "file" | "null")
    );
    let additional = s
        .get("additionalProperties")
        .is_some_and(|a| a.is_object() || a.as_bool() == Some(true));
    (!primitive && !s.has("properties") && !s.has("allOf") && !s.has("items") && !s.has("$ref"))
        || additional
}

/// The `parameters` entries of a dynamic extension that reference a caller's parameter:
/// `(target parameter name, the reference value node, the referenced name)`.
pub fn parameter_references<'a>(
    ext: JsonRef<'a>,
    key: &'static str,
) -> impl Iterator<Item = (&'a str, JsonRef<'a>, &'a str)> + 'a {
    ext.get("parameters")
        .into_iter()
        .flat_map(|p| p.members())
        .filter_map(move |(target, value)| {
            let reference = value.get(key)?;
            Some((target, reference, reference.as_str()?))
        })
}

/// The schema of an operation's successful response: the first `2xx` response with a schema,
/// else the `default` response's when there is no `2xx` response at all.
pub fn success_schema<'a>(sw: &Swagger<'a>, op: &Operation<'a>) -> Option<JsonRef<'a>> {
    let responses = op.responses(sw);
    let success = responses
        .iter()
        .filter(|r| r.code.starts_with('2'))
        .find_map(|r| r.node.get("schema"));
    if success.is_some() {
        return success;
    }
    if responses.iter().any(|r| r.code.starts_with('2')) {
        return None;
    }
    responses
        .iter()
        .find(|r| r.code == "default")
        .and_then(|r| r.node.get("schema"))
}

/// What following a path through a schema found.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    /// The schema at the end of the path, resolved.
    Found(JsonRef<'a>),
    /// The segment at this index names no property of a schema whose properties are all known.
    Missing(usize),
    /// Some schema on the way is dynamic, untyped, open or broken: nothing can be said.
    Unknown,
}

/// Follows a `/`-separated property path from `schema`, matching names without regard to ASCII
/// case (as the platform evaluates these paths). An empty path finds `schema` itself.
pub fn lookup_path<'a>(sw: &Swagger<'a>, schema: JsonRef<'a>, path: &str) -> Lookup<'a> {
    let Ok(mut current) = sw.resolve(schema) else {
        return Lookup::Unknown;
    };
    for (i, segment) in path.split('/').enumerate() {
        if segment.is_empty() {
            continue;
        }
        match property(sw, current, segment, 0) {
            Member::Found(next) => match sw.resolve(next) {
                Ok(next) => current = next,
                Err(_) => return Lookup::Unknown,
            },
            Member::Missing => return Lookup::Missing(i),
            Member::Unknown => return Lookup::Unknown,
        }
    }
    Lookup::Found(current)
}

enum Member<'a> {
    Found(JsonRef<'a>),
    Missing,
    Unknown,
}

/// Looks `name` up among the properties of `schema` (resolved) and of its `allOf` members.
fn property<'a>(sw: &Swagger<'a>, schema: JsonRef<'a>, name: &str, depth: usize) -> Member<'a> {
    if depth > 16
        || !schema.is_object()
        || has_dynamic(schema)
        || !matches!(schema.get_str("type"), None | Some("object"))
        || schema
            .get("additionalProperties")
            .is_some_and(|a| a.as_bool() != Some(false))
    {
        return Member::Unknown;
    }
    let mut known = false;
    if let Some(props) = schema.get("properties").filter(|p| !p.is_empty()) {
        known = true;
        if let Some(found) = props.get(name).or_else(|| props.get_ignore_case(name)) {
            return Member::Found(found);
        }
    }
    for member in schema.get("allOf").into_iter().flat_map(|a| a.items()) {
        let Ok(member) = sw.resolve(member) else {
            return Member::Unknown;
        };
        match property(sw, member, name, depth + 1) {
            Member::Found(found) => return Member::Found(found),
            Member::Missing => known = true,
            Member::Unknown => return Member::Unknown,
        }
    }
    if known {
        Member::Missing
    } else {
        Member::Unknown
    }
}

/// The properties of a schema (resolved, with its `allOf` members), for "did you mean" help.
pub fn properties<'a>(sw: &Swagger<'a>, schema: JsonRef<'a>) -> Vec<(&'a str, JsonRef<'a>)> {
    fn collect<'a>(
        sw: &Swagger<'a>,
        schema: JsonRef<'a>,
        depth: usize,
        out: &mut Vec<(&'a str, JsonRef<'a>)>,
    ) {
        let Ok(schema) = sw.resolve(schema) else {
            return;
        };
        if depth > 16 {
            return;
        }
        out.extend(
            schema
                .get("properties")
                .into_iter()
                .flat_map(|p| p.members()),
        );
        for member in schema.get("allOf").into_iter().flat_map(|a| a.items()) {
            collect(sw, member, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    collect(sw, schema, 0, &mut out);
    out
}

/// The schema at the `/`-separated `path` prefix made of its first `n` segments.
pub fn prefix_schema<'a>(
    sw: &Swagger<'a>,
    schema: JsonRef<'a>,
    path: &str,
    n: usize,
) -> Option<JsonRef<'a>> {
    let prefix: Vec<&str> = path.split('/').take(n).collect();
    match lookup_path(sw, schema, &prefix.join("/")) {
        Lookup::Found(found) => Some(found),
        _ => None,
    }
}

/// Whether a resolved schema has properties that are all known (for "the response is an
/// object, not an array" judgements).
pub fn is_closed_object(sw: &Swagger<'_>, schema: JsonRef<'_>) -> bool {
    // A name no schema uses: `Missing` means every property is known and none matches.
    matches!(
        property(sw, schema, "\u{0}ppcert-probe", 0),
        Member::Missing
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::{FileKind, load_json};

    fn with_swagger(text: &str, f: impl FnOnce(&Swagger)) {
        let dir = std::env::temp_dir().join(format!(
            "ppcert-triggers-{}-{}",
            std::process::id(),
            text.len()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("apiDefinition.swagger.json");
        std::fs::write(&path, text).unwrap();
        let mut problems = Vec::new();
        let file = load_json(&path, &dir, FileKind::Swagger, &mut problems);
        let sw = Swagger::new(&file).expect("parses");
        f(&sw);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn paths_through_refs_and_all_of() {
        let text = r##"{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{},
          "definitions":{
            "List":{"type":"object","properties":{"Value":{"type":"array","items":{"$ref":"#/definitions/Item"}}}},
            "Item":{"allOf":[{"$ref":"#/definitions/Base"},{"properties":{"name":{"type":"string"}}}]},
            "Base":{"type":"object","properties":{"id":{"type":"string"}}},
            "Open":{"type":"object"}
          }}"##;
        with_swagger(text, |sw| {
            let list = sw.definition("List").unwrap();
            let Lookup::Found(coll) = lookup_path(sw, list, "value") else {
                panic!("value not found")
            };
            let items = coll.get("items").unwrap();
            assert!(matches!(lookup_path(sw, items, "id"), Lookup::Found(_)));
            assert!(matches!(lookup_path(sw, items, "NAME"), Lookup::Found(_)));
            assert!(matches!(
                lookup_path(sw, items, "title"),
                Lookup::Missing(0)
            ));
            assert!(matches!(
                lookup_path(sw, list, "values"),
                Lookup::Missing(0)
            ));
            let open = sw.definition("Open").unwrap();
            assert!(matches!(lookup_path(sw, open, "x"), Lookup::Unknown));
            assert!(is_closed_object(sw, list));
            assert!(!is_closed_object(sw, open));
        });
    }
}
