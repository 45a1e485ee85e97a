//! Small helpers over the ordered JSON tree ([`J`]) both versions are held in: addressing a
//! value by its path of keys, following `$ref`s inside one document, and finding every `$ref`.

use super::super::tree::{J, Obj};

/// A value's place in a document: the keys (and array indexes, as text) from the root.
pub type Path = Vec<String>;

pub fn path(parts: &[&str]) -> Path {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

pub fn child(p: &[String], key: &str) -> Path {
    let mut out = p.to_vec();
    out.push(key.to_owned());
    out
}

pub fn get<'a>(root: &'a J, p: &[String]) -> Option<&'a J> {
    let mut node = root;
    for key in p {
        node = match node {
            J::Obj(o) => o.get(key)?,
            J::Arr(a) => a.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

pub fn get_mut<'a>(root: &'a mut J, p: &[String]) -> Option<&'a mut J> {
    let mut node = root;
    for key in p {
        node = match node {
            J::Obj(o) => o.get_mut(key)?,
            J::Arr(a) => a.get_mut(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

pub fn obj(j: &J) -> Option<&Obj> {
    match j {
        J::Obj(o) => Some(o),
        _ => None,
    }
}

pub fn obj_mut(j: &mut J) -> Option<&mut Obj> {
    match j {
        J::Obj(o) => Some(o),
        _ => None,
    }
}

pub fn get_obj<'a>(root: &'a J, p: &[String]) -> Option<&'a Obj> {
    get(root, p).and_then(obj)
}

pub fn get_obj_mut<'a>(root: &'a mut J, p: &[String]) -> Option<&'a mut Obj> {
    get_mut(root, p).and_then(obj_mut)
}

pub fn str_of<'a>(o: &'a Obj, key: &str) -> Option<&'a str> {
    o.get(key).and_then(J::as_str)
}

/// The object member `key` of the object at `p`, created (empty) when absent.
pub fn ensure_obj<'a>(root: &'a mut J, p: &[String], key: &str) -> Option<&'a mut Obj> {
    let parent = get_obj_mut(root, p)?;
    if !matches!(parent.get(key), Some(J::Obj(_))) {
        parent.set(key, Obj::new());
    }
    parent.get_mut(key).and_then(obj_mut)
}

/// The path a local `$ref` (`#/definitions/Pet`) names; `None` for other documents.
pub fn ref_path(reference: &str) -> Option<Path> {
    let rest = reference.strip_prefix("#/")?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Follows `$ref` chains from the value at `p` to the first value that is not a reference
/// (cycle-safe: a chain longer than the document could hold is given up).
pub fn resolve(root: &J, p: &[String]) -> Option<Path> {
    let mut at = p.to_vec();
    for _ in 0..64 {
        let node = get_obj(root, &at)?;
        match str_of(node, "$ref") {
            Some(r) => at = ref_path(r)?,
            None => return Some(at),
        }
    }
    None
}

/// Like [`resolve`], for a value held outside the document (its `$ref` read in `root`).
pub fn resolve_value<'a>(root: &'a J, value: &'a J) -> Option<&'a Obj> {
    let o = obj(value)?;
    match str_of(o, "$ref") {
        Some(r) => {
            let p = resolve(root, &ref_path(r)?)?;
            get_obj(root, &p)
        }
        None => Some(o),
    }
}

/// Every local `$ref` inside `value`.
pub fn refs_in(value: &J, out: &mut Vec<String>) {
    match value {
        J::Obj(o) => {
            for (k, v) in &o.0 {
                if k == "$ref" {
                    if let J::Str(s) = v {
                        out.push(s.clone());
                    }
                } else {
                    refs_in(v, out);
                }
            }
        }
        J::Arr(a) => a.iter().for_each(|v| refs_in(v, out)),
        _ => {}
    }
}

/// Renames the object member `old` to `new` in place (order kept); false when `new` exists.
pub fn rename_key(o: &mut Obj, old: &str, new: &str) -> bool {
    if old == new {
        return true;
    }
    if o.has(new) {
        return false;
    }
    match o.0.iter_mut().find(|(k, _)| k == old) {
        Some(slot) => {
            slot.0 = new.to_owned();
            true
        }
        None => false,
    }
}
