//! Two ways to say the same thing, where OpenAPI 3 has only one: the round through the new
//! description turns the previous version's way into the other, and the update takes it back.

use super::super::tree::{J, Obj};
use super::jtree::{self, child, get, get_obj_mut, path, str_of};
use super::layer::{Layer, effective};
use super::routes::Pair;

impl Layer<'_> {
    /// A previous body parameter sent as a form (the operation consumes `multipart/form-data` or
    /// `application/x-www-form-urlencoded`), where the new operation has form fields instead
    /// (or nothing): OpenAPI 3 has only one way to describe a form body, which convert maps to
    /// form fields, while a connector may describe it as one body parameter — and flows bind to
    /// that shape. The previous body parameter is kept (its `$ref`'d definition, when the new
    /// description has it, holds the new facts); form fields it lacks are noted.
    pub(super) fn form_body(&mut self, pair: &Pair) {
        let prev = self.prev;
        let prev_params = effective(prev, &pair.prev.path, &pair.prev.method);
        let Some((body_at, body_name, _)) = prev_params.iter().find(|(_, _, l)| l == "body") else {
            return;
        };
        let new_params = effective(&self.new, &pair.new.path, &pair.new.method);
        if new_params.iter().any(|(_, _, l)| l == "body") {
            return;
        }
        let op_at = pair.new.at();
        let consumes = get(&self.new, &child(&op_at, "consumes"))
            .or_else(|| get(&self.new, &path(&["consumes"])));
        let form = matches!(consumes, Some(J::Arr(list)) if list.iter().filter_map(J::as_str).any(|m| {
            let m = m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase();
            m == "multipart/form-data" || m == "application/x-www-form-urlencoded"
        }));
        let Some(body) = get(prev, body_at).filter(|_| form).cloned() else {
            return;
        };
        let fields: Vec<&String> = new_params
            .iter()
            .filter(|(_, _, l)| l == "formData")
            .map(|(_, n, _)| n)
            .collect();
        let known: Vec<String> = jtree::obj(&body)
            .and_then(|b| b.get("schema"))
            .and_then(|s| jtree::resolve_value(prev, s))
            .and_then(|s| s.get("properties"))
            .and_then(jtree::obj)
            .map(|p| p.0.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default();
        let missing: Vec<String> = fields
            .iter()
            .filter(|f| !known.contains(f))
            .map(|f| format!("`{f}`"))
            .collect();
        let Some(op) = get_obj_mut(&mut self.new, &op_at) else {
            return;
        };
        if !matches!(op.get("parameters"), Some(J::Arr(_))) {
            op.set("parameters", J::Arr(Vec::new()));
        }
        if let Some(J::Arr(list)) = op.get_mut("parameters") {
            list.retain(|p| jtree::obj(p).and_then(|p| str_of(p, "in")) != Some("formData"));
            list.push(body);
        }
        let id = str_of(op, "operationId").unwrap_or_default().to_owned();
        self.count("form body parameter");
        let mut note = format!(
            "`{id}` keeps its body parameter `{body_name}`: the new description's form body would become {} form field{}",
            fields.len(),
            if fields.len() == 1 { "" } else { "s" }
        );
        if !missing.is_empty() {
            note.push_str(&format!(
                "; the kept body's schema lacks {}: add them by hand",
                missing.join(", ")
            ));
        }
        self.notes.push(note);
    }

    /// `type: file` and `type: string, format: binary` say the same (a file's bytes); OpenAPI 3
    /// has only the second, so a round through it turns one into the other. The previous
    /// spelling is kept. Returns whether it changed anything.
    pub(super) fn same_binary(&mut self, at: &[String], prev: &Obj) -> bool {
        let binary = |o: &Obj| {
            let t = str_of(o, "type");
            t == Some("file") || (t == Some("string") && str_of(o, "format") == Some("binary"))
        };
        let Some(target) = get_obj_mut(&mut self.new, at) else {
            return false;
        };
        if !binary(prev) || !binary(target) {
            return false;
        }
        let before = (target.get("type").cloned(), target.get("format").cloned());
        for key in ["type", "format"] {
            match prev.get(key) {
                Some(v) => target.set(key, v.clone()),
                None => {
                    target.remove(key);
                }
            }
        }
        before != (target.get("type").cloned(), target.get("format").cloned())
    }
}
