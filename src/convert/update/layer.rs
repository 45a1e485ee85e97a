//! Laying the author's layer of the previous connector over the regenerated definition: texts,
//! visibility and `x-` extensions of paired operations, parameters, responses and schema
//! properties (recursively, through `$ref`s on either side), with the policy of the module
//! documentation ([`super`]).

use super::super::tree::{J, Obj};
use super::jtree::{self, Path, child, get, get_obj, get_obj_mut, path, str_of};
use super::routes::Pair;
use std::collections::{BTreeMap, HashSet};

/// Keys whose previous value wins on every object: what users read and how the designer shows it.
const TEXTS: [&str; 5] = [
    "summary",
    "description",
    "title",
    "x-ms-summary",
    "x-ms-visibility",
];

/// What the previous version decides on an object of the given kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Operation,
    Parameter,
    Response,
    Schema,
}

/// How a key of the previous version is laid over the new one.
enum Rule {
    /// The previous value wins.
    Previous,
    /// Kept when the new description has none.
    Fallback,
    /// True when either version says true (deprecation).
    Either,
    /// The new description decides.
    New,
}

fn rule(kind: Kind, key: &str) -> Rule {
    if TEXTS.contains(&key) {
        return Rule::Previous;
    }
    if key.starts_with("x-") {
        return match key {
            // The marker is read from the previous version, never written by the update.
            "x-ppcert-keep" => Rule::New,
            // convert derives it from `nullable`, but OpenAPI 3.0 cannot say `nullable` next to
            // a `$ref`, and authors add it where the service returns nulls the designer would
            // otherwise refuse: true when either version says so.
            "x-nullable" => Rule::Either,
            _ => Rule::Previous,
        };
    }
    match (kind, key) {
        (Kind::Operation | Kind::Schema, "deprecated") => Rule::Either,
        (Kind::Operation, "externalDocs") => Rule::Previous,
        (Kind::Parameter | Kind::Schema, "default") => Rule::Fallback,
        _ => Rule::New,
    }
}

pub struct Layer<'a> {
    pub new: J,
    pub(super) prev: &'a J,
    /// Definitions, shared parameters and responses of the new document already merged.
    visited: HashSet<Path>,
    /// How many values of each key the previous version decided (set or changed).
    pub kept: BTreeMap<String, usize>,
    /// Whether the previous `securityDefinitions` were kept (then operations keep their
    /// previous `security` too).
    pub security_kept: bool,
    /// What the author should know about choices made on the way.
    pub notes: Vec<String>,
}

impl<'a> Layer<'a> {
    pub fn new(new: J, prev: &'a J) -> Layer<'a> {
        Layer {
            new,
            prev,
            visited: HashSet::new(),
            kept: BTreeMap::new(),
            security_kept: false,
            notes: Vec::new(),
        }
    }

    pub(super) fn count(&mut self, key: &str) {
        *self.kept.entry(key.to_owned()).or_default() += 1;
    }

    /// Lays `prev`'s keys over the object at `at`, by the rules of `kind`; `skip` are keys the
    /// caller handles. Returns the keys the previous version decided.
    fn apply(&mut self, at: &[String], prev: &Obj, kind: Kind, skip: &[&str]) -> Vec<String> {
        let mut changed = Vec::new();
        {
            let Some(target) = get_obj_mut(&mut self.new, at) else {
                return changed;
            };
            for (key, pv) in &prev.0 {
                if key == "$ref" || skip.contains(&key.as_str()) {
                    continue;
                }
                let nv = target.get(key);
                let set = match rule(kind, key) {
                    Rule::Previous => nv != Some(pv),
                    Rule::Fallback => nv.is_none(),
                    Rule::Either => *pv == J::Bool(true) && nv != Some(pv),
                    Rule::New => false,
                };
                if set {
                    set_like(target, key, pv.clone(), prev);
                    changed.push(key.clone());
                }
            }
        }
        if matches!(kind, Kind::Parameter | Kind::Schema) && self.same_binary(at, prev) {
            changed.push("file type spelling".into());
        }
        for key in &changed {
            self.count(key);
        }
        changed
    }

    /// The document: `info` (all but `version`), the top-level `x-` extensions and, when the
    /// previous version has them, `securityDefinitions` and `security`. `host`, `basePath`,
    /// `schemes` and `tags` come from the new description unless it has none.
    pub fn document(&mut self) {
        let Some(prev) = jtree::obj(self.prev) else {
            return;
        };
        if let Some(info) = prev.get("info").and_then(jtree::obj)
            && let Some(new_info) = jtree::ensure_obj(&mut self.new, &[], "info")
        {
            let mut changed = Vec::new();
            for (k, v) in &info.0 {
                if k != "version" && new_info.get(k) != Some(v) {
                    new_info.set(k.clone(), v.clone());
                    changed.push(k.clone());
                }
            }
            for k in changed {
                self.count(&format!("info/{k}"));
            }
        }
        let Some(doc) = jtree::obj_mut(&mut self.new) else {
            return;
        };
        let mut changed = Vec::new();
        for (k, v) in &prev.0 {
            // A base path with a trailing slash is the same base path (convert writes none).
            let same_base = |a: Option<&J>, b: &J| {
                let trim = |j: &J| j.as_str().map(|s| s.trim_end_matches('/').to_owned());
                a.and_then(trim).is_some_and(|a| Some(a) == trim(b))
            };
            let take = if k.starts_with("x-") {
                doc.get(k) != Some(v)
            } else if k == "basePath" && doc.get(k) != Some(v) && same_base(doc.get(k), v) {
                true
            } else {
                matches!(k.as_str(), "host" | "basePath" | "schemes" | "tags") && !doc.has(k)
            };
            if take {
                doc.set(k.clone(), v.clone());
                changed.push(k.clone());
            }
        }
        if let Some(defs) = prev.get("securityDefinitions") {
            self.security_kept = true;
            if doc.get("securityDefinitions") != Some(defs) {
                doc.set("securityDefinitions", defs.clone());
                changed.push("securityDefinitions".into());
            }
        }
        // The requirement goes with the definitions it names: the previous one when the
        // previous definitions were kept, or when the previous version has one at all.
        let security = prev.get("security");
        if (self.security_kept || security.is_some()) && doc.get("security") != security {
            match security {
                Some(s) => doc.set("security", s.clone()),
                None => {
                    doc.remove("security");
                }
            }
            changed.push("security".into());
        }
        for k in changed {
            self.count(&k);
        }
    }

    /// Definitions, shared parameters and shared responses present under the same name in both.
    pub fn shared_by_name(&mut self) {
        let prev = self.prev;
        for (section, kind) in [
            ("definitions", Kind::Schema),
            ("parameters", Kind::Parameter),
            ("responses", Kind::Response),
        ] {
            let Some(prev_section) = get_obj(prev, &path(&[section])) else {
                continue;
            };
            let names: Vec<String> = get_obj(&self.new, &path(&[section]))
                .map(|o| o.0.iter().map(|(k, _)| k.clone()).collect())
                .unwrap_or_default();
            for name in names {
                let Some(p) = prev_section.get(&name).and_then(jtree::obj) else {
                    continue;
                };
                let at = path(&[section, &name]);
                match kind {
                    Kind::Schema => self.shared(&at, p),
                    Kind::Parameter => self.parameter(&at, p),
                    _ => self.response(&at, p),
                }
            }
        }
    }

    /// A paired operation: its own keys, then its parameters and responses. Returns the
    /// operation's own keys the previous version decided.
    pub fn operation(&mut self, pair: &Pair) -> Vec<String> {
        let prev = self.prev;
        let Some(prev_op) = get_obj(prev, &pair.prev.at()) else {
            return Vec::new();
        };
        // The path item's own extensions (`x-ms-notification-content` of a webhook path, ...).
        let item_at = path(&["paths", &pair.new.path]);
        if let Some(item) = get_obj(prev, &path(&["paths", &pair.prev.path]))
            && self.visited.insert(item_at.clone())
        {
            let mut skip: Vec<&str> = item.0.iter().map(|(k, _)| k.as_str()).collect();
            skip.retain(|k| !k.starts_with("x-"));
            self.apply(&item_at, item, Kind::Operation, &skip);
        }
        let at = pair.new.at();
        let decided = self.apply(
            &at,
            prev_op,
            Kind::Operation,
            &["operationId", "parameters", "responses"],
        );
        if self.security_kept
            && let Some(op) = get_obj_mut(&mut self.new, &at)
        {
            match prev_op.get("security") {
                Some(s) => op.set("security", s.clone()),
                None => {
                    op.remove("security");
                }
            }
        }
        self.parameters(pair);
        self.responses(&at, prev_op);
        decided
    }

    fn parameters(&mut self, pair: &Pair) {
        self.form_body(pair);
        let prev = self.prev;
        let prev_params = effective(prev, &pair.prev.path, &pair.prev.method);
        let new_params = effective(&self.new, &pair.new.path, &pair.new.method);
        let mut matched: HashSet<(&str, &str)> = HashSet::new();
        for (at, name, location) in &new_params {
            let found = prev_params.iter().find(|(_, n, l)| {
                l == location
                    && (location == "body" || n == name)
                    && !matched.contains(&(n.as_str(), l.as_str()))
            });
            let Some((prev_at, prev_name, prev_in)) = found else {
                continue;
            };
            matched.insert((prev_name, prev_in));
            let Some(p) = get_obj(prev, prev_at) else {
                continue;
            };
            self.parameter(at, p);
        }
        // Parameters the author added by hand and marked to keep.
        let kept: Vec<J> = prev_params
            .iter()
            .filter(|(_, n, l)| !matched.contains(&(n.as_str(), l.as_str())))
            .filter_map(|(p, _, _)| get(prev, p))
            .filter(|p| jtree::obj(p).is_some_and(super::carry::marked))
            .cloned()
            .collect();
        if !kept.is_empty() {
            let at = pair.new.at();
            if let Some(op) = get_obj_mut(&mut self.new, &at) {
                if !matches!(op.get("parameters"), Some(J::Arr(_))) {
                    op.set("parameters", J::Arr(Vec::new()));
                }
                if let Some(J::Arr(list)) = op.get_mut("parameters") {
                    for p in kept {
                        list.push(p);
                        self.kept
                            .entry("parameter kept by hand".into())
                            .and_modify(|n| *n += 1)
                            .or_insert(1);
                    }
                }
            }
        }
    }

    /// A paired parameter (at its resolved place in the new document).
    fn parameter(&mut self, at: &[String], prev: &Obj) {
        if !self.visited.insert(at.to_vec()) {
            return;
        }
        // A shared parameter of the previous version may itself be a `$ref`.
        let prev = jtree::resolve_value(self.prev, &J::Obj(prev.clone()))
            .cloned()
            .unwrap_or_else(|| prev.clone());
        self.apply(at, &prev, Kind::Parameter, &["name", "schema", "items"]);
        let Some(new_p) = get_obj(&self.new, at) else {
            return;
        };
        if str_of(new_p, "in") != Some("body") {
            // An array's items (their `x-ms-summary`, `x-ms-dynamic-values`, ...).
            if let (Some(J::Obj(_)), Some(items)) = (new_p.get("items"), prev.get("items")) {
                self.site(&child(at, "items"), items);
            }
            return;
        }
        if let Some(name) = str_of(&prev, "name")
            && str_of(new_p, "name") != Some(name)
        {
            let name = name.to_owned();
            if let Some(p) = get_obj_mut(&mut self.new, at) {
                p.set("name", name);
            }
            self.count("name");
        }
        if let Some(schema) = prev.get("schema") {
            self.site(&child(at, "schema"), schema);
        }
    }

    fn responses(&mut self, op_at: &[String], prev_op: &Obj) {
        let prev = self.prev;
        let Some(prev_rs) = prev_op.get("responses").and_then(jtree::obj) else {
            return;
        };
        let rs_at = child(op_at, "responses");
        let codes: Vec<String> = get_obj(&self.new, &rs_at)
            .map(|o| o.0.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default();
        let main = |codes: &mut dyn Iterator<Item = &String>| {
            let all: Vec<&String> = codes.collect();
            all.iter()
                .find(|c| c.starts_with('2'))
                .or_else(|| all.iter().find(|c| *c == &"default"))
                .map(|c| (*c).clone())
        };
        let new_main = main(&mut codes.iter());
        let prev_codes: Vec<String> = prev_rs.0.iter().map(|(k, _)| k.clone()).collect();
        let prev_main = main(&mut prev_codes.iter());
        for code in &codes {
            let p = prev_rs.get(code).or_else(|| {
                (Some(code) == new_main.as_ref())
                    .then(|| prev_main.as_ref().and_then(|m| prev_rs.get(m)))
                    .flatten()
            });
            let Some(p) = p.and_then(|p| jtree::resolve_value(prev, p)) else {
                continue;
            };
            let Some(at) = jtree::resolve(&self.new, &child(&rs_at, code)) else {
                continue;
            };
            // convert leaves the schema of a `default` response out when there is a 2xx one
            // (certification rejects it), so the new description cannot carry one: a schema the
            // previous version has there is the author's, and the main output of operations
            // whose success responses have no schema.
            if code == "default"
                && let Some(schema) = p.get("schema")
                && let Some(r) = get_obj_mut(&mut self.new, &at)
                && !r.has("schema")
            {
                r.set("schema", schema.clone());
                self.count("default response schema");
            }
            self.response(&at, p);
        }
    }

    fn response(&mut self, at: &[String], prev: &Obj) {
        if !self.visited.insert(at.to_vec()) {
            return;
        }
        self.apply(at, prev, Kind::Response, &["schema", "headers"]);
        if let Some(schema) = prev.get("schema") {
            self.site(&child(at, "schema"), schema);
        }
        let Some(prev_headers) = prev.get("headers").and_then(jtree::obj) else {
            return;
        };
        let names: Vec<String> = get_obj(&self.new, &child(at, "headers"))
            .map(|o| o.0.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default();
        for name in names {
            if let Some(h) = prev_headers.get(&name).and_then(jtree::obj) {
                let mut p = child(at, "headers");
                p.push(name);
                self.apply(&p, h, Kind::Schema, &[]);
            }
        }
    }

    /// A place that holds a schema (a body, a response, a property, items): `prev` is what the
    /// previous version has there. A `$ref` on the new side sends the merge into the shared
    /// definition (once: the first previous schema met there wins); keys written next to a
    /// previous `$ref` stay next to the new one.
    fn site(&mut self, at: &[String], prev: &J) {
        let prev_doc = self.prev;
        let Some(prev_site) = jtree::obj(prev) else {
            return;
        };
        let Some(new_site) = get_obj(&self.new, at) else {
            return;
        };
        let prev_is_ref = prev_site.has("$ref");
        let siblings = prev_is_ref.then(|| {
            Obj(prev_site
                .0
                .iter()
                .filter(|(k, _)| k != "$ref")
                .cloned()
                .collect())
        });
        let target = jtree::resolve_value(prev_doc, prev);
        if new_site.has("$ref") {
            if let Some(s) = &siblings {
                self.apply(at, s, Kind::Schema, &[]);
            }
            if let (Some(def), Some(t)) = (jtree::resolve(&self.new, at), target) {
                self.shared(&def, t);
            }
            return;
        }
        let Some(target) = target else {
            return;
        };
        // The previous value seen at this place: the definition, with what the site adds.
        let mut seen = target.clone();
        if let Some(s) = siblings {
            for (k, v) in s.0 {
                seen.set(k, v);
            }
        }
        self.schema(at, &seen);
    }

    fn shared(&mut self, at: &[String], prev: &Obj) {
        if self.visited.insert(at.to_vec()) {
            self.schema(at, prev);
        }
    }

    /// A schema object: its own keys, then its properties, items, additional properties and
    /// `allOf` members (paired by position when both have as many).
    fn schema(&mut self, at: &[String], prev: &Obj) {
        self.apply(
            at,
            prev,
            Kind::Schema,
            &["properties", "items", "additionalProperties", "allOf"],
        );
        let Some(new) = get_obj(&self.new, at) else {
            return;
        };
        let names: Vec<String> = new
            .get("properties")
            .and_then(jtree::obj)
            .map(|o| o.0.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default();
        let all_of = match (new.get("allOf"), prev.get("allOf")) {
            (Some(J::Arr(a)), Some(J::Arr(b))) if a.len() == b.len() => b.len(),
            _ => 0,
        };
        let has = |k: &str| matches!(new.get(k), Some(J::Obj(_)));
        let (items, additional) = (has("items"), has("additionalProperties"));
        if let Some(props) = prev.get("properties").and_then(jtree::obj) {
            for name in names {
                if let Some(p) = props.get(&name) {
                    let mut c = child(at, "properties");
                    c.push(name);
                    self.site(&c, p);
                }
            }
        }
        for (key, present) in [("items", items), ("additionalProperties", additional)] {
            if let (true, Some(p)) = (present, prev.get(key)) {
                self.site(&child(at, key), p);
            }
        }
        if let Some(J::Arr(members)) = prev.get("allOf") {
            for (i, p) in members.iter().enumerate().take(all_of) {
                let mut c = child(at, "allOf");
                c.push(i.to_string());
                self.site(&c, p);
            }
        }
    }
}

/// Sets `key`; a key the object lacks goes where the previous version had it: after the
/// nearest key before it there that the object has (so a kept `description` sits by the
/// `summary`, not after the `responses`).
fn set_like(target: &mut Obj, key: &str, value: J, prev: &Obj) {
    if target.has(key) {
        target.set(key, value);
        return;
    }
    let before = prev.0.iter().position(|(k, _)| k == key).unwrap_or(0);
    let anchor = prev.0[..before]
        .iter()
        .rev()
        .find_map(|(k, _)| target.0.iter().position(|(t, _)| t == k));
    let at = anchor.map_or(0, |i| i + 1);
    let at = if anchor.is_none() && !prev.0.is_empty() && before > 0 {
        target.0.len()
    } else {
        at
    };
    target.0.insert(at, (key.to_owned(), value));
}

/// An operation's parameters as the API sees them: the operation's own, then the path item's
/// that it does not override; each as (its place, `$ref`s followed; name; location).
pub fn effective(doc: &J, p: &str, method: &str) -> Vec<(Path, String, String)> {
    let mut out: Vec<(Path, String, String)> = Vec::new();
    let lists = [
        path(&["paths", p, method, "parameters"]),
        path(&["paths", p, "parameters"]),
    ];
    for list in lists {
        let Some(J::Arr(items)) = get(doc, &list) else {
            continue;
        };
        for i in 0..items.len() {
            let Some(at) = jtree::resolve(doc, &child(&list, &i.to_string())) else {
                continue;
            };
            let Some(o) = get_obj(doc, &at) else {
                continue;
            };
            let (Some(name), Some(location)) = (str_of(o, "name"), str_of(o, "in")) else {
                continue;
            };
            if out.iter().any(|(_, n, l)| n == name && l == location) {
                continue;
            }
            out.push((at, name.to_owned(), location.to_owned()));
        }
    }
    out
}
