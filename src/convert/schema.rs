//! Schemas: OpenAPI 3.0 schema objects to Swagger 2.0 ones, `$ref`s rewritten.
//!
//! Exact mappings: every JSON Schema keyword both versions share, `nullable` → `x-nullable`,
//! `discriminator.propertyName` → `discriminator`, `x-` extensions (their `$ref`s rewritten).
//! Approximations, each reported: `oneOf`/`anyOf` (merged, see [`Writer::approximate`]), `not`,
//! `writeOnly`, `deprecated` and `discriminator.mapping` (dropped). Keys next to a schema `$ref`:
//! `description`, `title` and `x-` extensions are kept (the connector platform reads them there),
//! others are reported as dropped.

use super::tree::{J, Node, Obj};
use super::writer::{Located, View, Writer, kind_of, object_parts, rewrite_ref, view, view_box};
use super::{ids, join};
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

fn format_name<T: serde::Serialize>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match f {
        VariantOrUnknownOrEmpty::Item(i) => serde_json::to_value(i)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned)),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

impl<'a> Writer<'a, '_> {
    pub fn schema_or_ref(&mut self, v: View<'_>, raw: Option<&Node>, ptr: &str) -> J {
        match v {
            View::Ref(r) => self.schema_ref(r, raw, ptr),
            View::Item(s) => J::Obj(self.schema(s, raw, ptr)),
        }
    }

    fn schema_ref(&mut self, r: &str, raw: Option<&Node>, ptr: &str) -> J {
        let mut o = Obj::new();
        match rewrite_ref(r) {
            Some(new) if r.starts_with("#/components/schemas/") => o.set("$ref", new),
            _ => {
                self.rep.at(
                    ids::REF_UNSUPPORTED,
                    &join(ptr, "$ref"),
                    false,
                    format!("schema reference `{r}` cannot be carried over (a connector definition can only reference its own `definitions`); an empty schema is used"),
                );
                return J::Obj(o);
            }
        }
        if let Some(raw) = raw {
            for (k, v) in raw.members() {
                if k == "$ref" {
                    continue;
                }
                if k == "description" || k == "title" || k.starts_with("x-") {
                    o.set(k.clone(), self.ext_value(v));
                } else if !v.is_blank() {
                    self.rep.at(
                        ids::KEYWORD_DROPPED,
                        &join(ptr, k),
                        true,
                        format!("`{k}` next to `$ref` is dropped: keys next to a reference are ignored (only `description`, `title` and `x-` extensions are kept, as the connector platform reads them)"),
                    );
                }
            }
        }
        J::Obj(o)
    }

    pub fn schema(&mut self, s: &Schema, raw: Option<&Node>, ptr: &str) -> Obj {
        let d = &s.schema_data;
        let mut o = Obj::new();
        o.opt("title", d.title.as_ref());
        o.opt("description", d.description.as_ref());
        match &s.schema_kind {
            SchemaKind::Type(t) => self.typed(t, raw, ptr, &mut o),
            SchemaKind::AllOf { all_of } => {
                let items = self.list(
                    all_of,
                    raw.and_then(|r| r.get("allOf")),
                    &join(ptr, "allOf"),
                );
                o.set("allOf", items);
            }
            SchemaKind::OneOf { one_of } => {
                let alts: Vec<View<'_>> = one_of.iter().map(view).collect();
                self.approximate("oneOf", &alts, raw, ptr, &mut o);
            }
            SchemaKind::AnyOf { any_of } => {
                let alts: Vec<View<'_>> = any_of.iter().map(view).collect();
                self.approximate("anyOf", &alts, raw, ptr, &mut o);
            }
            SchemaKind::Not { .. } => self.not_dropped(ptr),
            SchemaKind::Any(a) => self.any(a, raw, ptr, &mut o),
        }
        if let Some(v) = &d.default {
            o.set(
                "default",
                raw.and_then(|r| r.get("default"))
                    .map_or_else(|| J::from_value(v), J::from_node),
            );
        }
        if let Some(v) = &d.example {
            o.set(
                "example",
                raw.and_then(|r| r.get("example"))
                    .map_or_else(|| J::from_value(v), J::from_node),
            );
        }
        if d.read_only {
            o.set("readOnly", true);
        }
        if d.nullable {
            o.set("x-nullable", true);
        }
        if d.write_only {
            self.rep.at(
                ids::KEYWORD_DROPPED,
                &join(ptr, "writeOnly"),
                true,
                "`writeOnly` has no Swagger 2.0 counterpart; it is dropped",
            );
        }
        if d.deprecated {
            self.rep.at(
                ids::KEYWORD_DROPPED,
                &join(ptr, "deprecated"),
                true,
                "a deprecated schema cannot be marked in Swagger 2.0; `deprecated` is dropped",
            );
        }
        if let Some(doc) = &d.external_docs {
            let mut e = Obj::new();
            e.opt("description", doc.description.as_ref());
            e.set("url", &doc.url);
            o.set("externalDocs", e);
        }
        if let Some(disc) = &d.discriminator {
            o.set("discriminator", &disc.property_name);
            if !disc.mapping.is_empty() {
                self.rep.at(
                    ids::KEYWORD_DROPPED,
                    &join(&join(ptr, "discriminator"), "mapping"),
                    true,
                    "`discriminator.mapping` has no Swagger 2.0 counterpart (the discriminator value must be the definition name); it is dropped",
                );
            }
        }
        self.extensions(&d.extensions, raw, &mut o, &[]);
        o
    }

    fn list(&mut self, items: &[ReferenceOr<Schema>], raw: Option<&Node>, ptr: &str) -> Vec<J> {
        items
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let r = raw.and_then(|r| r.items().get(i));
                self.schema_or_ref(view(s), r, &format!("{ptr}/{i}"))
            })
            .collect()
    }

    fn not_dropped(&mut self, ptr: &str) {
        self.rep.at(ids::NOT_DROPPED, &join(ptr, "not"), true, "`not` has no Swagger 2.0 counterpart: the constraint is dropped and any value is accepted");
    }

    fn properties<'s>(
        &mut self,
        props: impl Iterator<Item = (&'s String, View<'s>)>,
        raw: Option<&Node>,
        ptr: &str,
    ) -> Obj {
        let mut out = Obj::new();
        let raw_props = raw.and_then(|r| r.get("properties"));
        let base = join(ptr, "properties");
        for (name, v) in props {
            let r = raw_props.and_then(|p| p.get(name));
            let j = self.schema_or_ref(v, r, &join(&base, name));
            out.set(name.clone(), j);
        }
        out
    }

    fn typed(&mut self, t: &Type, raw: Option<&Node>, ptr: &str, o: &mut Obj) {
        match t {
            Type::String(st) => {
                o.set("type", "string");
                o.opt("format", format_name(&st.format));
                o.opt("pattern", st.pattern.as_ref());
                o.opt("minLength", st.min_length);
                o.opt("maxLength", st.max_length);
                if !st.enumeration.is_empty() {
                    let e: Vec<J> = st
                        .enumeration
                        .iter()
                        .map(|v| v.as_ref().map_or(J::Null, J::from))
                        .collect();
                    o.set("enum", e);
                }
            }
            Type::Number(n) => {
                o.set("type", "number");
                o.opt("format", format_name(&n.format));
                o.opt("multipleOf", n.multiple_of.map(J::num));
                o.opt("minimum", n.minimum.map(J::num));
                if n.exclusive_minimum {
                    o.set("exclusiveMinimum", true);
                }
                o.opt("maximum", n.maximum.map(J::num));
                if n.exclusive_maximum {
                    o.set("exclusiveMaximum", true);
                }
                if !n.enumeration.is_empty() {
                    let e: Vec<J> = n
                        .enumeration
                        .iter()
                        .map(|v| v.map_or(J::Null, J::num))
                        .collect();
                    o.set("enum", e);
                }
            }
            Type::Integer(n) => {
                o.set("type", "integer");
                o.opt("format", format_name(&n.format));
                o.opt("multipleOf", n.multiple_of);
                o.opt("minimum", n.minimum);
                if n.exclusive_minimum {
                    o.set("exclusiveMinimum", true);
                }
                o.opt("maximum", n.maximum);
                if n.exclusive_maximum {
                    o.set("exclusiveMaximum", true);
                }
                if !n.enumeration.is_empty() {
                    let e: Vec<J> = n
                        .enumeration
                        .iter()
                        .map(|v| v.map_or(J::Null, J::from))
                        .collect();
                    o.set("enum", e);
                }
            }
            Type::Boolean(b) => {
                o.set("type", "boolean");
                if !b.enumeration.is_empty() {
                    let e: Vec<J> = b
                        .enumeration
                        .iter()
                        .map(|v| v.map_or(J::Null, J::from))
                        .collect();
                    o.set("enum", e);
                }
            }
            Type::Object(ob) => {
                o.set("type", "object");
                if !ob.properties.is_empty() {
                    let p = self.properties(
                        ob.properties.iter().map(|(k, v)| (k, view_box(v))),
                        raw,
                        ptr,
                    );
                    o.set("properties", p);
                }
                if !ob.required.is_empty() {
                    o.set("required", ob.required.clone());
                }
                self.additional(ob.additional_properties.as_ref(), raw, ptr, o);
                o.opt("minProperties", ob.min_properties);
                o.opt("maxProperties", ob.max_properties);
            }
            Type::Array(a) => {
                o.set("type", "array");
                if let Some(items) = &a.items {
                    let r = raw.and_then(|r| r.get("items"));
                    let j = self.schema_or_ref(view_box(items), r, &join(ptr, "items"));
                    o.set("items", j);
                }
                o.opt("minItems", a.min_items);
                o.opt("maxItems", a.max_items);
                if a.unique_items {
                    o.set("uniqueItems", true);
                }
            }
        }
    }

    fn additional(
        &mut self,
        ap: Option<&AdditionalProperties>,
        raw: Option<&Node>,
        ptr: &str,
        o: &mut Obj,
    ) {
        match ap {
            Some(AdditionalProperties::Any(b)) => o.set("additionalProperties", *b),
            Some(AdditionalProperties::Schema(s)) => {
                let r = raw.and_then(|r| r.get("additionalProperties"));
                let j = self.schema_or_ref(view(s), r, &join(ptr, "additionalProperties"));
                o.set("additionalProperties", j);
            }
            None => {}
        }
    }

    fn any(&mut self, a: &AnySchema, raw: Option<&Node>, ptr: &str, o: &mut Obj) {
        o.opt("type", a.typ.as_ref());
        o.opt("format", a.format.as_ref());
        o.opt("pattern", a.pattern.as_ref());
        o.opt("multipleOf", a.multiple_of.map(J::num));
        o.opt("minimum", a.minimum.map(J::num));
        o.opt("exclusiveMinimum", a.exclusive_minimum.filter(|b| *b));
        o.opt("maximum", a.maximum.map(J::num));
        o.opt("exclusiveMaximum", a.exclusive_maximum.filter(|b| *b));
        o.opt("minLength", a.min_length);
        o.opt("maxLength", a.max_length);
        if !a.enumeration.is_empty() {
            let e = raw.and_then(|r| r.get("enum")).map_or_else(
                || J::Arr(a.enumeration.iter().map(J::from_value).collect()),
                J::from_node,
            );
            o.set("enum", e);
        }
        if !a.properties.is_empty() {
            let p = self.properties(a.properties.iter().map(|(k, v)| (k, view_box(v))), raw, ptr);
            o.set("properties", p);
        }
        if !a.required.is_empty() {
            o.set("required", a.required.clone());
        }
        self.additional(a.additional_properties.as_ref(), raw, ptr, o);
        o.opt("minProperties", a.min_properties);
        o.opt("maxProperties", a.max_properties);
        if let Some(items) = &a.items {
            let r = raw.and_then(|r| r.get("items"));
            let j = self.schema_or_ref(view_box(items), r, &join(ptr, "items"));
            o.set("items", j);
        }
        o.opt("minItems", a.min_items);
        o.opt("maxItems", a.max_items);
        o.opt("uniqueItems", a.unique_items.filter(|b| *b));
        if !a.all_of.is_empty() {
            let items = self.list(
                &a.all_of,
                raw.and_then(|r| r.get("allOf")),
                &join(ptr, "allOf"),
            );
            o.set("allOf", items);
        }
        if !a.one_of.is_empty() {
            let alts: Vec<View<'_>> = a.one_of.iter().map(view).collect();
            self.approximate("oneOf", &alts, raw, ptr, o);
        }
        if !a.any_of.is_empty() {
            let alts: Vec<View<'_>> = a.any_of.iter().map(view).collect();
            self.approximate("anyOf", &alts, raw, ptr, o);
        }
        if a.not.is_some() {
            self.not_dropped(ptr);
        }
    }

    /// `oneOf` / `anyOf`, which Swagger 2.0 does not have:
    /// - one alternative: `allOf` with that one schema (exact, not reported);
    /// - only object alternatives: one object with the properties of all of them, required only
    ///   where every alternative requires them;
    /// - alternatives of one primitive type: that type (with the union of their `enum`s when
    ///   they all have one);
    /// - anything else: no type (any value).
    pub fn approximate(
        &mut self,
        kw: &str,
        alts: &[View<'_>],
        raw: Option<&Node>,
        ptr: &str,
        o: &mut Obj,
    ) {
        let id = if kw == "oneOf" {
            ids::ONEOF_APPROXIMATED
        } else {
            ids::ANYOF_APPROXIMATED
        };
        let kw_ptr = join(ptr, kw);
        let raw_alts = raw.and_then(|r| r.get(kw));
        if alts.len() == 1 && !o.has("type") && !o.has("properties") {
            let j = self.schema_or_ref(
                alts[0],
                raw_alts.and_then(|r| r.items().first()),
                &format!("{kw_ptr}/0"),
            );
            o.set("allOf", vec![j]);
            return;
        }
        // Each alternative resolved, with its input node and pointer.
        let resolved: Vec<Option<Located<'_>>> = alts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let raw = raw_alts.and_then(|r| r.items().get(i));
                self.locate(*a, raw, &format!("{kw_ptr}/{i}"))
            })
            .collect();
        // An alternative already being merged further up (a schema reaching itself through
        // `oneOf`) is not expanded again.
        if resolved
            .iter()
            .flatten()
            .any(|(_, _, p)| self.expanding.contains(p))
        {
            self.rep.at(
                id,
                &kw_ptr,
                true,
                format!("`{kw}` refers back to a schema being merged: the schema is left without a type (any value)"),
            );
            return;
        }
        let pushed: Vec<String> = resolved
            .iter()
            .flatten()
            .filter(|(_, _, p)| p.starts_with("/components/"))
            .map(|(_, _, p)| p.clone())
            .collect();
        let depth = self.expanding.len();
        self.expanding.extend(pushed);
        self.merge(kw, id, alts.len(), &resolved, &kw_ptr, o);
        self.expanding.truncate(depth);
    }

    fn merge(
        &mut self,
        kw: &str,
        id: &'static str,
        n_alts: usize,
        resolved: &[Option<Located<'_>>],
        kw_ptr: &str,
        o: &mut Obj,
    ) {
        let kinds: Vec<Option<&str>> = resolved
            .iter()
            .map(|r| r.as_ref().and_then(|(s, _, _)| kind_of(s)))
            .collect();
        let own = o.get("type").and_then(J::as_str).map(str::to_owned);
        let all_objects = kinds.iter().all(|k| *k == Some("object"))
            && own.as_deref().is_none_or(|t| t == "object");
        let first_kind = kinds.first().copied().flatten();
        let same_primitive = first_kind
            .filter(|k| *k != "object" && *k != "array" && kinds.iter().all(|x| *x == Some(k)));
        if all_objects {
            let mut props = match o.remove("properties") {
                Some(J::Obj(p)) => p,
                _ => Obj::new(),
            };
            let mut required: Option<Vec<String>> = None;
            for (s, r, p) in resolved.iter().flatten() {
                let Some((ps, req)) = object_parts(s) else {
                    continue;
                };
                for (name, v) in ps {
                    if props.has(name) {
                        continue;
                    }
                    let raw_p = r
                        .and_then(|r| r.get("properties"))
                        .and_then(|pp| pp.get(name));
                    let j = self.schema_or_ref(v, raw_p, &join(&join(p, "properties"), name));
                    props.set(name.clone(), j);
                }
                required = Some(match required {
                    None => req.to_vec(),
                    Some(prev) => prev.into_iter().filter(|x| req.contains(x)).collect(),
                });
            }
            o.set("type", "object");
            let n = props.len();
            if !props.is_empty() {
                o.set("properties", props);
            }
            let mut req: Vec<String> = match o.remove("required") {
                Some(J::Arr(a)) => a
                    .into_iter()
                    .filter_map(|j| j.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            for r in required.unwrap_or_default() {
                if !req.contains(&r) {
                    req.push(r);
                }
            }
            if !req.is_empty() {
                o.set("required", req);
            }
            self.rep.at(
                id,
                kw_ptr,
                true,
                format!("`{kw}` with {n_alts} object alternatives becomes one object with the properties of all of them ({n}); a property only some alternatives have is optional"),
            );
        } else if let Some(t) = same_primitive.filter(|t| own.as_deref().is_none_or(|o| o == *t)) {
            let t = t.to_owned();
            o.set("type", t.as_str());
            let converted: Vec<Obj> = resolved
                .iter()
                .flatten()
                .map(|(s, r, p)| self.schema(s, *r, p))
                .collect();
            let formats: Vec<Option<&J>> = converted.iter().map(|c| c.get("format")).collect();
            if let Some(Some(f)) = formats.first()
                && formats.iter().all(|x| *x == Some(*f))
            {
                o.set_default("format", (*f).clone());
            }
            if converted.iter().all(|c| c.has("enum")) {
                let mut all = Vec::new();
                for c in &converted {
                    if let Some(J::Arr(e)) = c.get("enum") {
                        for v in e {
                            if !all.contains(v) {
                                all.push(v.clone());
                            }
                        }
                    }
                }
                o.set("enum", all);
            }
            self.rep.at(
                id,
                kw_ptr,
                true,
                format!("`{kw}` with {n_alts} alternatives of type `{t}` becomes one `{t}` schema"),
            );
        } else {
            let names: Vec<&str> = kinds.iter().map(|k| k.unwrap_or("untyped")).collect();
            self.rep.at(
                id,
                kw_ptr,
                true,
                format!("`{kw}` with alternatives of different kinds ({}) has no Swagger 2.0 form: the schema is left without a type (any value)", names.join(", ")),
            );
        }
    }
}
