//! Which operation of the new description is which operation of the previous connector:
//! paired by method and path (the base path joined, variable names ignored), then — for the
//! ones left over — by an unchanged operationId (an operation the API moved to another route).
//! Then the previous operationIds and path-variable names are put on the paired operations.

use super::super::tree::{J, Obj};
use super::jtree::{self, Path, child, get_obj, get_obj_mut, path, str_of};
use std::collections::{HashMap, HashSet};

pub const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// An operation's place: its key under `paths` and its method.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Route {
    pub path: String,
    pub method: String,
}

impl Route {
    pub fn at(&self) -> Path {
        path(&["paths", &self.path, &self.method])
    }
}

/// One operation of a document.
#[derive(Debug, Clone)]
pub struct Op {
    pub route: Route,
    pub id: Option<String>,
    /// The method and the full path (base path joined), variables as `{}`.
    key: (String, String),
}

pub fn operations(doc: &J) -> Vec<Op> {
    let base = jtree::obj(doc)
        .and_then(|d| str_of(d, "basePath"))
        .unwrap_or("");
    let mut out = Vec::new();
    let Some(paths) = get_obj(doc, &path(&["paths"])) else {
        return out;
    };
    for (p, item) in &paths.0 {
        let Some(item) = jtree::obj(item) else {
            continue;
        };
        for method in METHODS {
            let Some(op) = item.get(method).and_then(jtree::obj) else {
                continue;
            };
            out.push(Op {
                route: Route {
                    path: p.clone(),
                    method: method.to_owned(),
                },
                id: str_of(op, "operationId").map(str::to_owned),
                key: (method.to_owned(), normalise(base, p)),
            });
        }
    }
    out
}

/// The full path with every `{variable}` written `{}`: routes that differ only in their
/// variables' names are the same route for the API.
fn normalise(base: &str, p: &str) -> String {
    let mut full = base.trim_end_matches('/').to_owned();
    if !p.starts_with('/') {
        full.push('/');
    }
    full.push_str(p);
    let mut out = String::with_capacity(full.len());
    let mut in_var = false;
    for c in full.chars() {
        match c {
            '{' => {
                in_var = true;
                out.push('{');
            }
            '}' if in_var => {
                in_var = false;
                out.push('}');
            }
            _ if in_var => {}
            _ => out.push(c),
        }
    }
    out
}

/// The variable names of a path template, in order.
pub fn variables(p: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = p;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        out.push(&rest[open + 1..open + len]);
        rest = &rest[open + len + 1..];
    }
    out
}

/// A new operation and the previous one it continues.
#[derive(Debug, Clone)]
pub struct Pair {
    pub new: Route,
    /// Where convert put the new operation (`new` may get the previous variable names).
    pub generated: Route,
    pub prev: Route,
    /// Paired by operationId on another route: the API moved it.
    pub moved: bool,
}

pub struct Matching {
    pub pairs: Vec<Pair>,
    /// New operations with no previous counterpart.
    pub appeared: Vec<Op>,
    /// Previous operations with no counterpart in the new description.
    pub disappeared: Vec<Op>,
}

pub fn pair_operations(new: &[Op], prev: &[Op]) -> Matching {
    let mut by_key: HashMap<&(String, String), &Op> = HashMap::new();
    for op in prev {
        by_key.entry(&op.key).or_insert(op);
    }
    let mut used: HashSet<&Route> = HashSet::new();
    let mut pairs = Vec::new();
    let mut left = Vec::new();
    for op in new {
        match by_key.get(&op.key).filter(|p| !used.contains(&p.route)) {
            Some(p) => {
                used.insert(&p.route);
                pairs.push(Pair {
                    new: op.route.clone(),
                    generated: op.route.clone(),
                    prev: p.route.clone(),
                    moved: false,
                });
            }
            None => left.push(op),
        }
    }
    let mut appeared = Vec::new();
    for op in left {
        let same_id = prev
            .iter()
            .find(|p| !used.contains(&p.route) && p.id.is_some() && p.id == op.id);
        match same_id {
            Some(p) => {
                used.insert(&p.route);
                pairs.push(Pair {
                    new: op.route.clone(),
                    generated: op.route.clone(),
                    prev: p.route.clone(),
                    moved: true,
                });
            }
            None => appeared.push(op.clone()),
        }
    }
    let disappeared = prev
        .iter()
        .filter(|p| !used.contains(&p.route))
        .cloned()
        .collect();
    Matching {
        pairs,
        appeared,
        disappeared,
    }
}

/// A kept operationId: (kept, the new description's, where convert put the operation).
pub type KeptId = (String, String, Route);

/// Puts the previous operationIds on the paired operations, renames new operations whose id
/// another operation now holds, and points the new description's `x-ms-dynamic-*` references
/// at the ids kept. Returns the kept ids that differ from the new description's (kept, upstream,
/// where convert put the operation) and the ids renamed to avoid a clash (from, to).
pub fn keep_ids(
    new: &mut J,
    prev: &J,
    pairs: &[Pair],
    appeared: &[Op],
    reserved: &HashSet<String>,
) -> (Vec<KeptId>, Vec<(String, String)>) {
    let mut renames: HashMap<String, String> = HashMap::new();
    let mut kept = Vec::new();
    let mut taken: HashSet<String> = reserved.clone();
    for pair in pairs {
        let Some(prev_id) = get_obj(prev, &pair.prev.at())
            .and_then(|o| str_of(o, "operationId"))
            .map(str::to_owned)
        else {
            continue;
        };
        taken.insert(prev_id.clone());
        let Some(op) = get_obj_mut(new, &pair.new.at()) else {
            continue;
        };
        let upstream = str_of(op, "operationId").map(str::to_owned);
        if upstream.as_deref() != Some(prev_id.as_str()) {
            if let Some(up) = &upstream {
                renames.insert(up.clone(), prev_id.clone());
            }
            kept.push((
                prev_id.clone(),
                upstream.unwrap_or_default(),
                pair.generated.clone(),
            ));
            op.set("operationId", prev_id);
        }
    }
    let mut clashes = Vec::new();
    for op in appeared {
        let Some(id) = &op.id else { continue };
        if !taken.contains(id) {
            taken.insert(id.clone());
            continue;
        }
        let fresh = (2..)
            .map(|n| format!("{id}_{n}"))
            .find(|c| !taken.contains(c))
            .unwrap_or_default();
        taken.insert(fresh.clone());
        if let Some(o) = get_obj_mut(new, &op.route.at()) {
            o.set("operationId", fresh.clone());
        }
        clashes.push((id.clone(), fresh));
    }
    if !renames.is_empty() {
        dynamic_references(new, &renames, false);
    }
    (kept, clashes)
}

/// Rewrites `operationId` values inside `x-ms-dynamic-*` extensions (they name the operation
/// that fills a dropdown or a schema).
fn dynamic_references(value: &mut J, renames: &HashMap<String, String>, inside: bool) {
    match value {
        J::Obj(o) => {
            for (k, v) in &mut o.0 {
                if inside
                    && k == "operationId"
                    && let J::Str(s) = v
                {
                    if let Some(to) = renames.get(s.as_str()) {
                        *s = to.clone();
                    }
                    continue;
                }
                dynamic_references(v, renames, inside || k.starts_with("x-ms-dynamic"));
            }
        }
        J::Arr(a) => a
            .iter_mut()
            .for_each(|v| dynamic_references(v, renames, inside)),
        _ => {}
    }
}

/// Gives paired paths the previous version's variable names (`/pets/{id}` stays `/pets/{id}`
/// when the new description says `/pets/{petId}`): a path parameter's name is what a flow sends,
/// never what reaches the API, so renaming it would only break flows. Updates `pairs` and the
/// routes of `others` (new operations sharing a renamed path); returns how many paths changed.
pub fn keep_path_variables(new: &mut J, pairs: &mut [Pair], others: &mut [Op]) -> usize {
    let mut renamed = 0;
    let mut done: HashSet<String> = HashSet::new();
    for i in 0..pairs.len() {
        let (new_path, prev_path) = (pairs[i].new.path.clone(), pairs[i].prev.path.clone());
        if pairs[i].moved || done.contains(&new_path) {
            continue;
        }
        done.insert(new_path.clone());
        let (nv, pv) = (variables(&new_path), variables(&prev_path));
        if nv.len() != pv.len() || nv == pv {
            continue;
        }
        let map: HashMap<String, String> = nv
            .iter()
            .zip(&pv)
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect();
        let mut target = new_path.clone();
        for (a, b) in nv.iter().zip(&pv) {
            target = target.replacen(&format!("{{{a}}}"), &format!("{{{b}}}"), 1);
        }
        let item_at = path(&["paths", &new_path]);
        if !path_params_inline(new, &item_at, &map) {
            continue;
        }
        let Some(paths) = get_obj_mut(new, &path(&["paths"])) else {
            continue;
        };
        if !jtree::rename_key(paths, &new_path, &target) {
            continue;
        }
        rename_path_params(new, &path(&["paths", &target]), &map);
        done.insert(target.clone());
        renamed += 1;
        for p in pairs.iter_mut().filter(|p| p.new.path == new_path) {
            p.new.path = target.clone();
        }
        for o in others.iter_mut().filter(|o| o.route.path == new_path) {
            o.route.path = target.clone();
        }
    }
    renamed
}

/// The parameter lists of a path item: its own and each operation's.
fn parameter_lists(item_at: &[String]) -> Vec<Path> {
    std::iter::once(child(item_at, "parameters"))
        .chain(METHODS.iter().map(|m| {
            let mut p = child(item_at, m);
            p.push("parameters".into());
            p
        }))
        .collect()
}

/// Whether every path parameter to rename is written in the operation (not a `$ref` to a
/// shared parameter, which other paths may use).
fn path_params_inline(doc: &J, item_at: &[String], map: &HashMap<String, String>) -> bool {
    for list in parameter_lists(item_at) {
        let Some(J::Arr(items)) = jtree::get(doc, &list) else {
            continue;
        };
        for p in items.iter().filter_map(jtree::obj) {
            if let Some(r) = str_of(p, "$ref") {
                let shared = jtree::ref_path(r).and_then(|t| get_obj(doc, &t));
                if shared.is_some_and(|s| {
                    str_of(s, "in") == Some("path")
                        && str_of(s, "name").is_some_and(|n| map.contains_key(n))
                }) {
                    return false;
                }
            }
        }
    }
    true
}

fn rename_path_params(doc: &mut J, item_at: &[String], map: &HashMap<String, String>) {
    for list in parameter_lists(item_at) {
        let Some(J::Arr(items)) = jtree::get_mut(doc, &list) else {
            continue;
        };
        for p in items.iter_mut().filter_map(jtree::obj_mut) {
            let to = (str_of(p, "in") == Some("path"))
                .then(|| str_of(p, "name").and_then(|n| map.get(n)))
                .flatten()
                .cloned();
            if let Some(to) = to {
                p.set("name", to);
            }
        }
    }
}

/// The operation object at `route`.
pub fn op_at<'a>(doc: &'a J, route: &Route) -> Option<&'a Obj> {
    get_obj(doc, &route.at())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_compare_without_variable_names_and_with_the_base_path() {
        assert_eq!(normalise("/v1/", "/pets/{petId}"), "/v1/pets/{}");
        assert_eq!(normalise("/", "/pets/{id}"), "/pets/{}");
        assert_eq!(normalise("", "pets"), "/pets");
        assert_ne!(normalise("/v1", "/pets"), normalise("/v2", "/pets"));
        assert_eq!(variables("/a/{x}/b/{y}"), ["x", "y"]);
    }
}
