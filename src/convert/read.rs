//! Reading the input tree into the `openapiv3` model, one piece at a time.
//!
//! The model is deserialised per piece — `info`, each server, each path item (without its
//! operations), each operation, each component — so that an invalid piece becomes one finding
//! at its exact location and is left out, while the rest of the document is still converted.
//! Each piece read is serialised back and compared with the input: a key the model did not keep
//! (a keyword OpenAPI 3.0 does not have, `xml`, an unknown status code) is reported as dropped,
//! so nothing disappears silently.
//!
//! OpenAPI 3.1 (and later 3.x) is read as 3.0: [`normalize`] first rewrites the 3.1-only schema
//! forms that have a 3.0 equivalent (`type: [T, "null"]`, numeric `exclusiveMinimum`, `const`,
//! `examples` arrays) and drops `webhooks`, each reported; other 3.1 keywords are then reported
//! as dropped by the comparison above.

use super::tree::{Node, Value};
use super::{Reporter, Version, ids, join};
use crate::json::Span;
use openapiv3::{
    Components, ExternalDocumentation, Info, Operation, PathItem, ReferenceOr, SecurityRequirement,
    Server, Tag,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The document as the converter sees it: the pieces that could be read.
#[derive(Default)]
pub struct Api {
    pub info: Info,
    pub servers: Vec<Server>,
    /// Path items in input order, with only the operations that could be read.
    pub paths: Vec<(String, PathItem)>,
    pub components: Components,
    pub security: Option<Vec<SecurityRequirement>>,
    pub tags: Vec<Tag>,
    pub external_docs: Option<ExternalDocumentation>,
}

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keys whose values are data, not OpenAPI structure: never compared or rewritten.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "const", "value"];

pub struct Note {
    pub span: Span,
    pub pointer: String,
    pub message: String,
}

/// Fixes the input tree before reading: values YAML authors commonly write as numbers
/// (`version: 1.0`) become strings, and for 3.1 input the 3.1-only schema forms are rewritten.
pub fn normalize(root: &mut Node, version: Version) -> Vec<Note> {
    if let Some(info) = root.get_mut("info")
        && let Some(v) = info.get_mut("version")
        && let Value::Number(n) = &v.value
    {
        v.value = Value::String(n.to_string());
    }
    let mut notes = Vec::new();
    if version == Version::V31 {
        let version_span = root.get("openapi").map_or(root.span, |v| v.span);
        notes.push(Note {
            span: version_span,
            pointer: "/openapi".into(),
            message: "OpenAPI 3.1 is read as 3.0: 3.1-only constructs are rewritten into their 3.0 form or dropped, each reported".into(),
        });
        if let Value::Object(members) = &mut root.value {
            if let Some(i) = members.iter().position(|(k, _)| k == "webhooks") {
                let (_, node) = members.remove(i);
                notes.push(Note {
                    span: node.key_span,
                    pointer: "/webhooks".into(),
                    message: "`webhooks` (OpenAPI 3.1) is dropped: describe a webhook trigger with `x-ms-notification-content` and `x-ms-trigger`".into(),
                });
            }
            if !members.iter().any(|(k, _)| k == "paths") {
                members.push((
                    "paths".into(),
                    Node::new(Value::Object(Vec::new()), root.span),
                ));
            }
        }
        let mut pointer = String::new();
        downgrade(root, &mut pointer, &mut notes, 0);
    }
    notes
}

fn downgrade(node: &mut Node, pointer: &mut String, notes: &mut Vec<Note>, depth: usize) {
    if depth > super::parse::MAX_DEPTH {
        return;
    }
    match &mut node.value {
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                downgrade(item, pointer, notes, depth + 1);
                pointer.truncate(len);
            }
        }
        Value::Object(members) => {
            downgrade_schema_forms(members, pointer, notes);
            for (k, v) in members.iter_mut() {
                if k.starts_with("x-") || DATA_KEYS.contains(&k.as_str()) {
                    continue;
                }
                let len = pointer.len();
                crate::json::push_pointer_token(pointer, k);
                downgrade(v, pointer, notes, depth + 1);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// The 3.1 schema forms with a 3.0 equivalent, rewritten in place.
fn downgrade_schema_forms(members: &mut Vec<(String, Node)>, pointer: &str, notes: &mut Vec<Note>) {
    let get = |members: &Vec<(String, Node)>, key: &str| members.iter().position(|(k, _)| k == key);
    // type: [T, "null"] / type: "null"
    if let Some(i) = get(members, "type") {
        let node = &members[i].1;
        let types: Option<Vec<String>> = match &node.value {
            Value::Array(a) => Some(
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect(),
            ),
            Value::String(s) if s == "null" => Some(vec!["null".into()]),
            _ => None,
        };
        if let Some(types) = types {
            let span = node.key_span;
            let nullable = types.iter().any(|t| t == "null");
            let rest: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
            let message;
            if rest.len() == 1 {
                members[i].1.value = Value::String(rest[0].clone());
                message = format!(
                    "`type: {types:?}` becomes `type: {}`{}",
                    rest[0],
                    if nullable {
                        " with `nullable: true`"
                    } else {
                        ""
                    }
                );
            } else {
                members.remove(i);
                message = if rest.is_empty() {
                    "`type: \"null\"` becomes an untyped schema with `nullable: true`".to_owned()
                } else {
                    format!("`type: {types:?}` has no 3.0 form: the schema is left untyped")
                };
            }
            if nullable && get(members, "nullable").is_none() {
                members.push(("nullable".into(), Node::new(Value::Bool(true), span)));
            }
            notes.push(Note {
                span,
                pointer: join(pointer, "type"),
                message,
            });
        }
    }
    // exclusiveMinimum: 5 → minimum: 5, exclusiveMinimum: true
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(i) = get(members, exclusive)
            && let Value::Number(n) = &members[i].1.value
        {
            let n = n.clone();
            let span = members[i].1.key_span;
            members[i].1.value = Value::Bool(true);
            match get(members, bound) {
                Some(j) => members[j].1.value = Value::Number(n.clone()),
                None => members.push((bound.into(), Node::new(Value::Number(n.clone()), span))),
            }
            notes.push(Note {
                span,
                pointer: join(pointer, exclusive),
                message: format!(
                    "`{exclusive}: {n}` becomes `{bound}: {n}` with `{exclusive}: true`"
                ),
            });
        }
    }
    // const: v → enum: [v]
    if let Some(i) = get(members, "const") {
        let (_, node) = members.remove(i);
        let span = node.key_span;
        if get(members, "enum").is_none() {
            members.push(("enum".into(), Node::new(Value::Array(vec![node]), span)));
        }
        notes.push(Note {
            span,
            pointer: join(pointer, "const"),
            message: "`const` becomes a one-value `enum`".into(),
        });
    }
    // examples: [a, b] (a schema's) → example: a
    if let Some(i) = get(members, "examples")
        && let Value::Array(items) = &members[i].1.value
    {
        let span = members[i].1.key_span;
        let first = items.first().cloned();
        let n = items.len();
        members.remove(i);
        if let Some(first) = first
            && get(members, "example").is_none()
        {
            members.push(("example".into(), first));
        }
        notes.push(Note {
                span,
                pointer: join(pointer, "examples"),
                message: if n > 1 {
                    format!("the schema's `examples` becomes `example` (the first of {n}; the others are dropped)")
                } else {
                    "the schema's `examples` becomes `example`".into()
                },
            });
    }
}

/// Reads the pieces of the document.
pub fn read(root: &Node, rep: &mut Reporter<'_>, version: Version) -> Api {
    let mut api = Api::default();
    // Root keys the model does not know are reported; the known ones are read below.
    const ROOT_KEYS: &[&str] = &[
        "openapi",
        "info",
        "servers",
        "paths",
        "components",
        "security",
        "tags",
        "externalDocs",
    ];
    for (k, v) in root.members() {
        if !ROOT_KEYS.contains(&k.as_str()) && !k.starts_with("x-") && !v.is_blank() {
            dropped_key(rep, &join("", k), k, version);
        }
    }
    match root.get("info") {
        Some(info) => {
            if let Some(i) = piece::<Info>(info, "/info", rep, version) {
                api.info = i;
            }
        }
        None => {
            rep.at(
                ids::INVALID_ELEMENT,
                "",
                false,
                "the document has no `info`",
            );
        }
    }
    for (i, s) in root
        .get("servers")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let Some(s) = piece::<Server>(s, &format!("/servers/{i}"), rep, version) {
            api.servers.push(s);
        }
    }
    if let Some(sec) = root.get("security") {
        api.security = piece::<Vec<SecurityRequirement>>(sec, "/security", rep, version);
    }
    for (i, t) in root
        .get("tags")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let Some(t) = piece::<Tag>(t, &format!("/tags/{i}"), rep, version) {
            api.tags.push(t);
        }
    }
    if let Some(d) = root.get("externalDocs") {
        api.external_docs = piece(d, "/externalDocs", rep, version);
    }
    match root.get("paths") {
        Some(paths) if paths.is_object() => {
            for (path, item) in paths.members() {
                let ptr = join("/paths", path);
                if path.starts_with("x-") {
                    continue;
                }
                if !path.starts_with('/') {
                    rep.at(
                        ids::INVALID_ELEMENT,
                        &ptr,
                        true,
                        format!("path `{path}` does not start with `/`; it is left out"),
                    );
                    continue;
                }
                if let Some(item) = path_item(item, &ptr, rep, version) {
                    api.paths.push((path.clone(), item));
                }
            }
        }
        Some(_) => {
            rep.at(
                ids::INVALID_ELEMENT,
                "/paths",
                false,
                "`paths` is not an object",
            );
        }
        None => {
            rep.at(
                ids::INVALID_ELEMENT,
                "",
                false,
                "the document has no `paths`",
            );
        }
    }
    if let Some(c) = root.get("components") {
        api.components = components(c, rep, version);
    }
    api
}

fn path_item(item: &Node, ptr: &str, rep: &mut Reporter<'_>, version: Version) -> Option<PathItem> {
    if !item.is_object() {
        rep.at(
            ids::INVALID_ELEMENT,
            ptr,
            false,
            "a path item must be an object; it is left out",
        );
        return None;
    }
    if let Some(r) = item.get_str("$ref") {
        rep.at(
            ids::REF_UNSUPPORTED,
            &join(ptr, "$ref"),
            false,
            format!("path item `$ref` (`{r}`) is not supported: connector definitions cannot reference path items; the path is left out"),
        );
        return None;
    }
    // The path item without its operations, then each operation on its own.
    let shell = Node::new(
        Value::Object(
            item.members()
                .iter()
                .filter(|(k, _)| !METHODS.contains(&k.as_str()))
                .cloned()
                .collect(),
        ),
        item.span,
    );
    let mut out = piece::<PathItem>(&shell, ptr, rep, version)?;
    for (method, op) in item
        .members()
        .iter()
        .filter(|(k, _)| METHODS.contains(&k.as_str()))
    {
        let Some(op) = piece::<Operation>(op, &join(ptr, method), rep, version) else {
            continue;
        };
        let slot = match method.as_str() {
            "get" => &mut out.get,
            "put" => &mut out.put,
            "post" => &mut out.post,
            "delete" => &mut out.delete,
            "options" => &mut out.options,
            "head" => &mut out.head,
            "patch" => &mut out.patch,
            _ => &mut out.trace,
        };
        *slot = Some(op);
    }
    Some(out)
}

fn components(c: &Node, rep: &mut Reporter<'_>, version: Version) -> Components {
    let mut out = Components::default();
    fn each<T: DeserializeOwned + Serialize>(
        c: &Node,
        section: &str,
        rep: &mut Reporter<'_>,
        version: Version,
        into: &mut indexmap::IndexMap<String, ReferenceOr<T>>,
    ) {
        let Some(s) = c.get(section) else { return };
        let base = join("/components", section);
        // The keys of these maps are names (`x-api_key` is a real scheme name), not extensions.
        for (name, v) in s.members() {
            if let Some(item) = piece::<ReferenceOr<T>>(v, &join(&base, name), rep, version) {
                into.insert(name.clone(), item);
            }
        }
    }
    each(c, "schemas", rep, version, &mut out.schemas);
    each(c, "responses", rep, version, &mut out.responses);
    each(c, "parameters", rep, version, &mut out.parameters);
    each(c, "requestBodies", rep, version, &mut out.request_bodies);
    each(c, "headers", rep, version, &mut out.headers);
    each(
        c,
        "securitySchemes",
        rep,
        version,
        &mut out.security_schemes,
    );
    // examples, links and callbacks are only read where they are used (and reported there).
    for (k, v) in c.members() {
        let known = [
            "schemas",
            "responses",
            "parameters",
            "requestBodies",
            "headers",
            "securitySchemes",
            "examples",
            "links",
            "callbacks",
        ];
        if !known.contains(&k.as_str()) && !k.starts_with("x-") && !v.is_blank() {
            dropped_key(rep, &join("/components", k), k, version);
        }
    }
    out
}

/// Deserialises one piece, reporting it (and leaving it out) when it does not fit the model,
/// and reporting every key of it the model did not keep.
pub fn piece<T: DeserializeOwned + Serialize>(
    node: &Node,
    ptr: &str,
    rep: &mut Reporter<'_>,
    version: Version,
) -> Option<T> {
    let text = match serde_json::to_string(node) {
        Ok(t) => t,
        Err(_) => return None,
    };
    let mut de = serde_json::Deserializer::from_str(&text);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(v) => {
            if let Ok(model) = serde_json::to_value(&v) {
                let mut p = ptr.to_owned();
                compare(node, &model, &mut p, rep, version, 0);
            }
            Some(v)
        }
        Err(e) => {
            let mut at = ptr.to_owned();
            for seg in e.path().iter() {
                match seg {
                    serde_path_to_error::Segment::Seq { index } => {
                        at.push_str(&format!("/{index}"))
                    }
                    serde_path_to_error::Segment::Map { key } => {
                        crate::json::push_pointer_token(&mut at, key)
                    }
                    _ => {}
                }
            }
            let mut message = e.into_inner().to_string();
            if let Some(i) = message.rfind(" at line ") {
                message.truncate(i);
            }
            let what = what_is(ptr);
            rep.at(
                ids::INVALID_ELEMENT,
                &at,
                false,
                format!("{what} is not valid OpenAPI 3.0 ({message}); it is left out"),
            );
            None
        }
    }
}

/// How a piece is named in messages.
fn what_is(ptr: &str) -> String {
    let tokens: Vec<String> = ptr
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    match tokens.as_slice() {
        [p, path, method] if p == "paths" => {
            format!("operation `{} {path}`", method.to_uppercase())
        }
        [p, path] if p == "paths" => format!("path item `{path}`"),
        [c, section, name] if c == "components" => format!("component `{section}/{name}`"),
        [s, i] if s == "servers" => format!("server {i}"),
        [t, i] if t == "tags" => format!("tag {i}"),
        [k] => format!("`{k}`"),
        _ => format!("`{ptr}`"),
    }
}

fn dropped_key(rep: &mut Reporter<'_>, ptr: &str, key: &str, version: Version) {
    let message = if version == Version::V31 {
        format!(
            "`{key}` is not an OpenAPI 3.0 keyword here (OpenAPI 3.1 is read as 3.0); it is dropped"
        )
    } else {
        format!("`{key}` is not an OpenAPI 3.0 keyword here; it is dropped")
    };
    rep.at(ids::KEYWORD_DROPPED, ptr, true, message);
}

/// Reports the keys of `raw` that the model (`model`, the piece serialised back) did not keep.
fn compare(
    raw: &Node,
    model: &serde_json::Value,
    ptr: &mut String,
    rep: &mut Reporter<'_>,
    version: Version,
    depth: usize,
) {
    if depth > super::parse::MAX_DEPTH {
        return;
    }
    match (&raw.value, model) {
        (Value::Object(members), serde_json::Value::Object(m)) => {
            // Keys next to a `$ref` are handled where the reference is converted.
            if members.iter().any(|(k, _)| k == "$ref") {
                return;
            }
            for (k, v) in members {
                if k.starts_with("x-") && m.contains_key(k) {
                    continue;
                }
                let counterpart = m.get(k).or_else(|| {
                    m.iter()
                        .find(|(mk, _)| mk.eq_ignore_ascii_case(k))
                        .map(|(_, v)| v)
                });
                let len = ptr.len();
                crate::json::push_pointer_token(ptr, k);
                match counterpart {
                    Some(_)
                        if DATA_KEYS.contains(&k.as_str()) || k == "callbacks" || k == "links" => {}
                    Some(mv) => compare(v, mv, ptr, rep, version, depth + 1),
                    None if v.is_blank() => {}
                    None => dropped_key(rep, ptr, k, version),
                }
                ptr.truncate(len);
            }
        }
        (Value::Array(items), serde_json::Value::Array(ms)) if items.len() == ms.len() => {
            for (i, (item, mv)) in items.iter().zip(ms).enumerate() {
                let len = ptr.len();
                ptr.push_str(&format!("/{i}"));
                compare(item, mv, ptr, rep, version, depth + 1);
                ptr.truncate(len);
            }
        }
        _ => {}
    }
}
