//! What the new description lacks and the update carries over anyway: operations the author
//! marked to keep, and the definitions kept values refer to.

use super::super::tree::{J, Obj};
use super::jtree::{self, get, path, str_of};
use super::routes::{METHODS, Route};

/// Whether the author marked a hand-made operation or parameter to be kept on every update.
pub fn marked(o: &Obj) -> bool {
    o.get("x-ppcert-keep") == Some(&J::Bool(true))
}

/// Copies the operations the author marked `x-ppcert-keep: true` that the new description
/// lacks, with their path item's parameters when the path is new.
pub fn keep_marked(new: &mut J, prev: &J, routes: &[Route]) -> Vec<String> {
    let mut out = Vec::new();
    for route in routes {
        let Some(op) = get(prev, &route.at()) else {
            continue;
        };
        let Some(paths) = jtree::ensure_obj(new, &[], "paths") else {
            continue;
        };
        if !paths.has(&route.path) {
            let mut item = Obj::new();
            if let Some(params) = get(prev, &path(&["paths", &route.path, "parameters"])) {
                item.set("parameters", params.clone());
            }
            paths.set(route.path.clone(), item);
        }
        if let Some(J::Obj(item)) = paths.get_mut(&route.path) {
            item.set(route.method.clone(), op.clone());
            // Methods first, in the usual order, as convert writes them.
            item.0
                .sort_by_key(|(k, _)| METHODS.iter().position(|m| m == k).unwrap_or(METHODS.len()));
        }
        out.push(
            jtree::obj(op)
                .and_then(|o| str_of(o, "operationId"))
                .unwrap_or_default()
                .to_owned(),
        );
    }
    out
}

/// Copies from the previous document every definition, shared parameter and shared response
/// that a kept value refers to and the new document lacks (a kept `x-ms-notification-content`
/// naming a webhook payload definition, a kept operation); returns their names.
pub fn copy_missing_refs(new: &mut J, prev: &J) -> Vec<String> {
    let mut copied = Vec::new();
    loop {
        let mut refs = Vec::new();
        jtree::refs_in(new, &mut refs);
        refs.sort();
        refs.dedup();
        let mut added = false;
        for r in refs {
            let Some(target) = jtree::ref_path(&r) else {
                continue;
            };
            if target.len() != 2 || get(new, &target).is_some() {
                continue;
            }
            let Some(value) = get(prev, &target) else {
                continue;
            };
            let value = value.clone();
            if let Some(section) = jtree::ensure_obj(new, &[], &target[0]) {
                section.set(target[1].clone(), value);
                copied.push(format!("{}/{}", target[0], target[1]));
                added = true;
            }
        }
        if !added {
            return copied;
        }
    }
}
