//! The swagger (OpenAPI 2.0) view of a parsed definition: operations with their effective
//! parameters and responses, every schema in the document, and `$ref` resolution in one place.
//!
//! Built once per connector; rules read it through the node kinds they subscribe to.

mod located;
pub mod pairs;
mod refs;
mod schemas;

pub use located::{Loc, walk};
pub use refs::{RefError, RefErrorKind};
pub use schemas::{Edge, Origin, Role, Schema};

use crate::connector::JsonFile;
use crate::json::{JsonDoc, JsonRef, NodeId};
use rustc_hash::FxHashMap;

/// HTTP methods an OpenAPI 2.0 path item may hold.
pub const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

pub struct Swagger<'a> {
    pub file: &'a JsonFile,
    pub doc: &'a JsonDoc,
    pub root: JsonRef<'a>,
    pub operations: Vec<Operation<'a>>,
    /// Every schema object in the document, each once.
    pub schemas: Vec<Schema<'a>>,
    definitions: FxHashMap<&'a str, JsonRef<'a>>,
    parameters: FxHashMap<&'a str, JsonRef<'a>>,
    responses: FxHashMap<&'a str, JsonRef<'a>>,
    /// Every object with its location, found on first use (see [`located`]). Node ids, not
    /// `JsonRef`s: a cell holding the lifetime would make `Swagger` invariant in it.
    located: std::sync::OnceLock<Vec<(Loc, NodeId)>>,
}

/// One path + method.
pub struct Operation<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub node: JsonRef<'a>,
    pub path_item: JsonRef<'a>,
    /// Effective parameters: the operation's own, then the path item's that it does not override.
    pub parameters: Vec<Parameter<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLevel {
    Operation,
    PathItem,
}

/// A parameter as an operation sees it, `$ref` resolved.
#[derive(Clone, Copy)]
pub struct Parameter<'a> {
    /// The parameter object (the `$ref` target when the entry is a reference).
    pub node: JsonRef<'a>,
    /// The entry in the `parameters` array (the `{"$ref": ...}` object when it is a reference).
    pub site: JsonRef<'a>,
    pub level: ParamLevel,
}

/// A response as an operation sees it, `$ref` resolved.
#[derive(Clone, Copy)]
pub struct Response<'a> {
    /// `200`, `default`, ...
    pub code: &'a str,
    pub node: JsonRef<'a>,
    pub site: JsonRef<'a>,
}

impl<'a> Parameter<'a> {
    pub fn name(&self) -> Option<&'a str> {
        self.node.get_str("name")
    }
    /// The `in` value: `query`, `header`, `path`, `formData` or `body`.
    pub fn location(&self) -> Option<&'a str> {
        self.node.get_str("in")
    }
    pub fn is_body(&self) -> bool {
        self.location() == Some("body")
    }
    pub fn is_required(&self) -> bool {
        self.node
            .get("required")
            .and_then(|r| r.as_bool())
            .unwrap_or(false)
    }
}

impl<'a> Operation<'a> {
    pub fn operation_id(&self) -> Option<&'a str> {
        self.node.get_str("operationId")
    }
    /// A short name for messages: the operationId, else `METHOD /path`.
    pub fn label(&self) -> String {
        match self.operation_id() {
            Some(id) => format!("`{id}`"),
            None => format!("`{} {}`", self.method.to_uppercase(), self.path),
        }
    }
    pub fn is_trigger(&self) -> bool {
        self.node.has("x-ms-trigger")
    }
    /// A webhook trigger registers a callback: it is a trigger with a notification-url input.
    pub fn body_parameter(&self) -> Option<&Parameter<'a>> {
        self.parameters.iter().find(|p| p.is_body())
    }
    pub fn responses(&self, sw: &Swagger<'a>) -> Vec<Response<'a>> {
        let Some(responses) = self.node.get("responses") else {
            return Vec::new();
        };
        responses
            .members()
            .filter(|(code, _)| !code.starts_with("x-"))
            .map(|(code, site)| Response {
                code,
                node: sw.resolve(site).unwrap_or(site),
                site,
            })
            .collect()
    }
}

/// The schema-like objects of a non-body parameter or a response header: the object itself and
/// the chain of its `items` (OpenAPI 2.0 "simple" schemas, which are not JSON Schema objects).
pub fn simple_schemas<'a>(node: JsonRef<'a>) -> impl Iterator<Item = JsonRef<'a>> {
    std::iter::successors(Some(node), |n| n.get("items"))
        .take_while(|n| n.is_object())
        .take(9)
}

impl<'a> Swagger<'a> {
    pub fn new(file: &'a JsonFile) -> Option<Swagger<'a>> {
        let doc = file.doc()?;
        let root = doc.root();
        let section = |name: &str| -> FxHashMap<&'a str, JsonRef<'a>> {
            root.get(name)
                .map(|s| s.members().collect())
                .unwrap_or_default()
        };
        let mut sw = Swagger {
            file,
            doc,
            root,
            operations: Vec::new(),
            schemas: Vec::new(),
            definitions: section("definitions"),
            parameters: section("parameters"),
            responses: section("responses"),
            located: std::sync::OnceLock::new(),
        };
        sw.operations = sw.collect_operations();
        sw.schemas = schemas::collect(&sw);
        Some(sw)
    }

    /// Every object of the document that OpenAPI 2.0 gives a meaning to, with its location, in
    /// the order [`walk`] visits them.
    pub fn located(&self) -> impl Iterator<Item = (Loc, JsonRef<'a>)> + '_ {
        let doc = self.doc;
        self.located_ids()
            .iter()
            .map(move |&(loc, id)| (loc, doc.node(id)))
    }

    /// How many objects [`located`](Self::located) gives: what a rule sizes its per-object
    /// tables by.
    pub fn located_count(&self) -> usize {
        self.located_ids().len()
    }

    fn located_ids(&self) -> &[(Loc, NodeId)] {
        self.located.get_or_init(|| located::locate(self.root))
    }

    fn collect_operations(&self) -> Vec<Operation<'a>> {
        let mut ops = Vec::new();
        let Some(paths) = self.root.get("paths") else {
            return ops;
        };
        for (path, item) in paths.members() {
            if !item.is_object() {
                continue;
            }
            let shared: Vec<Parameter<'a>> = self.parameter_list(item, ParamLevel::PathItem);
            for (key, node) in item.members() {
                // `GET` is not an OpenAPI method key (rules on the path item report it), but
                // reviewers read the operation under it, so its contents are checked too, as
                // `get` when the path item has no `get` of its own.
                let Some(method) = METHODS
                    .iter()
                    .copied()
                    .find(|m| m.eq_ignore_ascii_case(key))
                else {
                    continue;
                };
                if !node.is_object() || (key != method && item.get(method).is_some()) {
                    continue;
                }
                let mut parameters = self.parameter_list(node, ParamLevel::Operation);
                for p in &shared {
                    let overridden = parameters
                        .iter()
                        .any(|o| o.name() == p.name() && o.location() == p.location());
                    if !overridden {
                        parameters.push(*p);
                    }
                }
                ops.push(Operation {
                    path,
                    method,
                    node,
                    path_item: item,
                    parameters,
                });
            }
        }
        ops
    }

    fn parameter_list(&self, holder: JsonRef<'a>, level: ParamLevel) -> Vec<Parameter<'a>> {
        holder
            .get("parameters")
            .map(|list| {
                list.items()
                    .map(|site| Parameter {
                        node: self.resolve(site).unwrap_or(site),
                        site,
                        level,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The operation whose object is `node`.
    pub fn operation_by_id(&self, operation_id: &str) -> Option<&Operation<'a>> {
        self.operations
            .iter()
            .find(|o| o.operation_id() == Some(operation_id))
    }

    pub fn definition(&self, name: &str) -> Option<JsonRef<'a>> {
        self.definitions.get(name).copied()
    }

    /// The schema `node` describes, following `$ref` chains; `node` itself when it is no reference.
    pub fn resolve(&self, node: JsonRef<'a>) -> Result<JsonRef<'a>, RefError<'a>> {
        refs::resolve(self, node)
    }

    /// The schema node for `id` as collected, if it is a schema.
    pub fn schema_at(&self, id: NodeId) -> Option<&Schema<'a>> {
        self.schemas
            .binary_search_by_key(&id, |s| s.node.id())
            .ok()
            .map(|i| &self.schemas[i])
    }

    /// Whether the connector is a webhook trigger's subscribe operation: a trigger whose body
    /// carries an `x-ms-notification-url` property.
    pub fn is_webhook(&self, op: &Operation<'a>) -> bool {
        op.is_trigger()
            && op
                .body_parameter()
                .and_then(|b| b.node.get("schema"))
                .is_some_and(|s| {
                    let mut seen = Vec::new();
                    self.schema_has_notification_url(s, &mut seen)
                })
    }

    fn schema_has_notification_url(&self, schema: JsonRef<'a>, seen: &mut Vec<NodeId>) -> bool {
        let Ok(schema) = self.resolve(schema) else {
            return false;
        };
        if seen.contains(&schema.id()) || seen.len() > 64 {
            return false;
        }
        seen.push(schema.id());
        if schema
            .get("x-ms-notification-url")
            .and_then(|v| v.as_bool())
            == Some(true)
        {
            return true;
        }
        schema.get("properties").is_some_and(|props| {
            props
                .child_values()
                .any(|p| self.schema_has_notification_url(p, seen))
        })
    }
}
