//! The state of one conversion, and what [`super::schema`] and [`super::write`] both need from
//! the input: views of a schema or a reference to one, `$ref` rewriting and resolution, the raw
//! input nodes (for what the model drops on purpose), extensions, and the shape of a schema.
//! Both add their own methods to [`Writer`]: `schema` the schema conversion, `write` the rest of
//! the document, which uses `schema`'s.

use super::read::Api;
use super::tree::{J, Node, Obj};
use super::{Reporter, join};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use std::collections::HashSet;

pub struct Writer<'a, 'r> {
    pub api: &'a Api,
    pub root: &'a Node,
    pub rep: &'a mut Reporter<'r>,
    /// operationIds already used (input ones first), so generated ones are unique.
    pub op_ids: HashSet<String>,
    /// Component schemas whose alternatives are being merged (`oneOf` / `anyOf`), so a schema
    /// that refers back to itself through an alternative is not expanded forever.
    pub expanding: Vec<String>,
    /// Where `host` came from (`/servers`, or the `servers` of a path item or an operation), and
    /// the host and base path it gave, so the same server declared again is not reported.
    pub server_from: Option<(String, String, String)>,
}

/// A schema or a reference to one, whether boxed or not.
#[derive(Clone, Copy)]
pub enum View<'s> {
    Ref(&'s str),
    Item(&'s Schema),
}

pub fn view(r: &ReferenceOr<Schema>) -> View<'_> {
    match r {
        ReferenceOr::Reference { reference } => View::Ref(reference),
        ReferenceOr::Item(s) => View::Item(s),
    }
}

pub fn view_box(r: &ReferenceOr<Box<Schema>>) -> View<'_> {
    match r {
        ReferenceOr::Reference { reference } => View::Ref(reference),
        ReferenceOr::Item(s) => View::Item(s),
    }
}

/// `#/components/<section>/...` → its Swagger 2.0 place, for the sections that have one.
pub fn rewrite_ref(r: &str) -> Option<String> {
    for (from, to) in [
        ("#/components/schemas/", "#/definitions/"),
        ("#/components/parameters/", "#/parameters/"),
        ("#/components/responses/", "#/responses/"),
    ] {
        if let Some(rest) = r.strip_prefix(from) {
            return Some(format!("{to}{rest}"));
        }
    }
    None
}

/// The kind of value a schema describes (`string`, `object`, ...), if it says.
pub fn kind_of(s: &Schema) -> Option<&str> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Type(Type::Array(_)) => Some("array"),
        SchemaKind::Type(Type::Object(_)) => Some("object"),
        SchemaKind::Any(a) if !a.properties.is_empty() => Some("object"),
        SchemaKind::Any(a) => a.typ.as_deref(),
        _ => None,
    }
}

/// An object-like schema's properties (name, schema) and its `required` list.
pub type ObjectParts<'s> = (Vec<(&'s String, View<'s>)>, &'s [String]);

/// The properties and `required` list of an object schema, or of an untyped one (which may hold
/// properties without saying `type: object`).
pub fn object_parts(s: &Schema) -> Option<ObjectParts<'_>> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((
            o.properties.iter().map(|(k, v)| (k, view_box(v))).collect(),
            &o.required,
        )),
        SchemaKind::Any(a) => Some((
            a.properties.iter().map(|(k, v)| (k, view_box(v))).collect(),
            &a.required,
        )),
        _ => None,
    }
}

/// A schema found: the schema, its input node and its pointer.
pub type Located<'s> = (&'s Schema, Option<&'s Node>, String);

impl<'a, 'r> Writer<'a, 'r> {
    pub fn new(api: &'a Api, root: &'a Node, rep: &'a mut Reporter<'r>) -> Self {
        let mut op_ids = HashSet::new();
        for (_, item) in &api.paths {
            for (_, op) in item.iter() {
                if let Some(id) = &op.operation_id {
                    op_ids.insert(id.clone());
                }
            }
        }
        Writer {
            api,
            root,
            rep,
            op_ids,
            expanding: Vec::new(),
            server_from: None,
        }
    }

    /// The component schema a `#/components/schemas/...` reference leads to (following chains of
    /// references), with its pointer.
    pub fn resolve_schema(&self, r: &str) -> Option<(&'a Schema, String)> {
        let api: &'a Api = self.api;
        let mut r = r.to_owned();
        for _ in 0..32 {
            let name = r.strip_prefix("#/components/schemas/")?;
            if name.contains('/') {
                return None;
            }
            let name = name.replace("~1", "/").replace("~0", "~");
            match api.components.schemas.get(&name)? {
                ReferenceOr::Item(s) => return Some((s, join("/components/schemas", &name))),
                ReferenceOr::Reference { reference } => r = reference.clone(),
            }
        }
        None
    }

    pub fn raw(&self, ptr: &str) -> Option<&'a Node> {
        let root: &'a Node = self.root;
        root.pointer(ptr)
    }

    /// The schema `v` stands for: itself with `raw` and `ptr`, or the component a reference
    /// leads to with its own node and pointer; `None` for a reference that cannot be followed.
    pub fn locate<'s>(&self, v: View<'s>, raw: Option<&'s Node>, ptr: &str) -> Option<Located<'s>>
    where
        'a: 's,
    {
        match v {
            View::Item(s) => Some((s, raw, ptr.to_owned())),
            View::Ref(r) => self.resolve_schema(r).map(|(s, p)| (s, self.raw(&p), p)),
        }
    }

    /// An extension value as written in the input, `$ref`s inside rewritten.
    pub fn ext_value(&self, v: &Node) -> J {
        let mut j = J::from_node(v);
        j.rewrite_refs(&rewrite_ref);
        j
    }

    /// Extensions of a model object, in input order when the input node is at hand.
    pub fn extensions(
        &self,
        ext: &indexmap::IndexMap<String, serde_json::Value>,
        raw: Option<&Node>,
        o: &mut Obj,
        skip: &[&str],
    ) {
        for (k, v) in ext {
            if skip.contains(&k.as_str()) {
                continue;
            }
            let j = match raw.and_then(|r| r.get(k)) {
                Some(n) => self.ext_value(n),
                None => {
                    let mut j = J::from_value(v);
                    j.rewrite_refs(&rewrite_ref);
                    j
                }
            };
            o.set(k.clone(), j);
        }
    }
}
