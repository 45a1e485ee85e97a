//! Collecting every schema object of a definition exactly once, with where it sits and whether
//! it describes request input, response output or both.

use super::Swagger;
use crate::json::{JsonRef, NodeId};
use rustc_hash::{FxHashMap, FxHashSet};

/// Whether a schema describes what the connector sends, what it receives, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Role {
    pub input: bool,
    pub output: bool,
}

/// Where a schema tree starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// `#/definitions/<name>`
    Definition(&'a str),
    /// The `schema` of a body parameter (global or inline).
    BodyParameter,
    /// The `schema` of a response (global or inline).
    Response,
    /// `x-ms-notification-content` of a path item or operation (a webhook's payload).
    NotificationContent,
}

/// How a schema hangs from its parent schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge<'a> {
    Root,
    Property(&'a str),
    Items,
    AdditionalProperties,
    AllOf,
}

#[derive(Clone, Copy)]
pub struct Schema<'a> {
    pub node: JsonRef<'a>,
    pub parent: Option<JsonRef<'a>>,
    pub edge: Edge<'a>,
    pub origin: Origin<'a>,
    pub role: Role,
}

impl<'a> Schema<'a> {
    /// The declared `type`, when it is a single string.
    pub fn type_name(&self) -> Option<&'a str> {
        self.node.get_str("type")
    }
    /// Whether the parent object lists this property in `required`.
    pub fn is_required_property(&self) -> bool {
        match (self.edge, self.parent) {
            (Edge::Property(name), Some(parent)) => parent
                .get("required")
                .is_some_and(|r| r.items().any(|i| i.as_str() == Some(name))),
            _ => false,
        }
    }
}

pub(super) fn collect<'a>(sw: &Swagger<'a>) -> Vec<Schema<'a>> {
    let mut roots: Vec<(JsonRef<'a>, Origin<'a>, Role)> = Vec::new();
    let input = Role {
        input: true,
        output: false,
    };
    let output = Role {
        input: false,
        output: true,
    };
    let mut seen_roots = FxHashSet::default();
    let mut add_root = |roots: &mut Vec<_>, node: JsonRef<'a>, origin, role| {
        if node.is_object() && seen_roots.insert(node.id()) {
            roots.push((node, origin, role));
        }
    };
    // Inline body and response schemas, found through the operations and the global sections.
    let body_schema = |p: JsonRef<'a>| {
        (p.get_str("in") == Some("body"))
            .then(|| p.get("schema"))
            .flatten()
    };
    for section in ["parameters"] {
        for (_, p) in sw.root.get(section).into_iter().flat_map(|s| s.members()) {
            if let Some(s) = body_schema(p) {
                add_root(&mut roots, s, Origin::BodyParameter, input);
            }
        }
    }
    for (_, r) in sw
        .root
        .get("responses")
        .into_iter()
        .flat_map(|s| s.members())
    {
        if let Some(s) = r.get("schema") {
            add_root(&mut roots, s, Origin::Response, output);
        }
    }
    for op in &sw.operations {
        for p in &op.parameters {
            if let Some(s) = body_schema(p.node) {
                add_root(&mut roots, s, Origin::BodyParameter, input);
            }
        }
        for r in op.responses(sw) {
            if let Some(s) = r.node.get("schema") {
                add_root(&mut roots, s, Origin::Response, output);
            }
        }
        for holder in [op.node, op.path_item] {
            if let Some(s) = holder
                .get("x-ms-notification-content")
                .and_then(|c| c.get("schema"))
            {
                add_root(&mut roots, s, Origin::NotificationContent, output);
            }
        }
    }
    // Which definitions are reachable from inputs and from outputs: one traversal per role.
    let n = sw.doc.node_count();
    let mut def_roles: FxHashMap<NodeId, Role> = FxHashMap::default();
    for role in [input, output] {
        let starts = roots
            .iter()
            .filter(|(_, _, r)| *r == role)
            .map(|(node, _, _)| *node);
        mark_reachable(sw, starts, role, n, &mut def_roles);
    }
    if let Some(defs) = sw.root.get("definitions") {
        for (name, def) in defs.members() {
            let role = def_roles.get(&def.id()).copied().unwrap_or_default();
            add_root(&mut roots, def, Origin::Definition(name), role);
        }
    }

    let mut out = Vec::new();
    let mut visited = vec![false; n];
    for (node, origin, role) in roots {
        walk(node, None, Edge::Root, origin, role, &mut visited, &mut out);
    }
    out.sort_by_key(|s| s.node.id());
    out
}

/// Child schemas of `node`, with their edge.
pub(crate) fn children<'a>(node: JsonRef<'a>) -> impl Iterator<Item = (JsonRef<'a>, Edge<'a>)> {
    let props = node
        .get("properties")
        .into_iter()
        .flat_map(|p| p.members())
        .map(|(k, v)| (v, Edge::Property(k)));
    let items = node.get("items").into_iter().flat_map(|i| {
        if i.is_array() {
            i.items().collect::<Vec<_>>()
        } else {
            vec![i]
        }
    });
    let additional = node.get("additionalProperties").filter(|a| a.is_object());
    let all_of = node.get("allOf").into_iter().flat_map(|a| a.items());
    props
        .chain(items.map(|i| (i, Edge::Items)))
        .chain(additional.map(|a| (a, Edge::AdditionalProperties)))
        .chain(all_of.map(|a| (a, Edge::AllOf)))
        .filter(|(n, _)| n.is_object())
}

fn walk<'a>(
    node: JsonRef<'a>,
    parent: Option<JsonRef<'a>>,
    edge: Edge<'a>,
    origin: Origin<'a>,
    role: Role,
    visited: &mut [bool],
    out: &mut Vec<Schema<'a>>,
) {
    let seen = &mut visited[node.id().0 as usize];
    if *seen {
        return;
    }
    *seen = true;
    out.push(Schema {
        node,
        parent,
        edge,
        origin,
        role,
    });
    for (child, child_edge) in children(node) {
        walk(child, Some(node), child_edge, origin, role, visited, out);
    }
}

fn mark_reachable<'a>(
    sw: &Swagger<'a>,
    starts: impl Iterator<Item = JsonRef<'a>>,
    role: Role,
    node_count: usize,
    roles: &mut FxHashMap<NodeId, Role>,
) {
    let mut stack: Vec<JsonRef<'a>> = starts.collect();
    let mut seen = vec![false; node_count];
    while let Some(n) = stack.pop() {
        let slot = &mut seen[n.id().0 as usize];
        if *slot {
            continue;
        }
        *slot = true;
        if n.has("$ref") {
            if let Ok(target) = sw.resolve(n) {
                let r = roles.entry(target.id()).or_default();
                r.input |= role.input;
                r.output |= role.output;
                stack.push(target);
            }
            continue;
        }
        stack.extend(children(n).map(|(c, _)| c));
    }
}
