//! The Swagger 2.0 document (and the connection parameters of apiProperties.json) built from the
//! model: servers, paths and operations, parameters, request bodies, responses, components and
//! security. Schemas are in [`super::schema`].

use super::read::{Api, METHODS};
use super::servers::Server;
use super::text;
use super::tree::{J, Node, Obj};
use super::writer::{View, Writer, kind_of, object_parts, rewrite_ref, view, view_box};
use super::{Options, Reporter, ids, join};
use crate::connector::Profile;
use openapiv3::{
    APIKeyLocation, Header, MediaType, Operation, Parameter, ParameterSchemaOrContent, PathItem,
    PathStyle, QueryStyle, ReferenceOr, RequestBody, Response, Schema, SchemaKind, SecurityScheme,
    StatusCode, Type,
};
use std::collections::HashMap;

/// What the conversion produced, for the files and the readme.
pub struct Written {
    pub swagger: J,
    pub props: J,
    pub title: String,
    pub description: Option<String>,
    /// (summary, description) of each operation, in order.
    pub operations: Vec<(String, Option<String>)>,
    /// The kind of authentication the connection uses, if any: `apiKey`, `basic`, `oauth2`.
    pub auth: Option<&'static str>,
}

/// How a scheme of `securitySchemes` was carried over.
struct Kept {
    name: String,
    kind: &'static str,
    /// The Swagger 2.0 definition.
    def: Obj,
    description: Option<String>,
    bearer: bool,
    oauth: Option<OAuth>,
}

struct OAuth {
    authorization_url: Option<String>,
    token_url: Option<String>,
    refresh_url: Option<String>,
    scopes: Vec<String>,
}

fn base_media(mt: &str) -> String {
    mt.split(';')
        .next()
        .unwrap_or(mt)
        .trim()
        .to_ascii_lowercase()
}

fn is_json(mt: &str) -> bool {
    let b = base_media(mt);
    b == "application/json"
        || b.ends_with("+json")
        || b == "text/json"
        || b == "*/*"
        || b == "application/*"
}

fn is_form(mt: &str) -> bool {
    let b = base_media(mt);
    b == "multipart/form-data" || b == "application/x-www-form-urlencoded"
}

pub fn write(api: &Api, root: &Node, rep: &mut Reporter<'_>, opts: &Options) -> Written {
    Writer::new(api, root, rep).document(opts)
}

impl<'a> Writer<'a, '_> {
    fn document(&mut self, opts: &Options) -> Written {
        let api = self.api;
        let mut doc = Obj::new();
        doc.set("swagger", "2.0");
        let (info, title, description) = self.info();
        doc.set("info", info);
        let server = self.servers();
        doc.opt("host", server.host.clone());
        doc.opt("basePath", server.base_path.clone());
        if !server.schemes.is_empty() {
            doc.set("schemes", server.schemes.clone());
        }
        let mut paths = Obj::new();
        let mut per_op: Vec<(String, String, Vec<String>, Vec<String>)> = Vec::new();
        let mut operations = Vec::new();
        for (path, item) in &api.paths {
            let ptr = join("/paths", path);
            let raw_item = self.raw(&ptr);
            let mut it = Obj::new();
            self.path_parameters(item, raw_item, &ptr, &mut it);
            for method in METHODS {
                let Some(op) = item.iter().find(|(m, _)| *m == method).map(|(_, o)| o) else {
                    continue;
                };
                let (o, consumes, produces) = self.operation(
                    path,
                    method,
                    op,
                    raw_item.and_then(|r| r.get(method)),
                    &join(&ptr, method),
                );
                operations.push((
                    o.get("summary")
                        .and_then(J::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    o.get("description").and_then(J::as_str).map(str::to_owned),
                ));
                per_op.push((path.clone(), method.to_owned(), consumes, produces));
                it.set(method, o);
            }
            self.path_level(item, raw_item, &ptr, &mut it);
            paths.set(path.clone(), it);
        }
        // The most common consumes / produces lists become the document's; the others stay on
        // their operations.
        let global_consumes = most_common(per_op.iter().map(|p| &p.2));
        let global_produces = most_common(per_op.iter().map(|p| &p.3));
        for (path, method, consumes, produces) in &per_op {
            if let Some(J::Obj(item)) = paths.get_mut(path)
                && let Some(J::Obj(op)) = item.get_mut(method)
            {
                let mut media = Obj::new();
                if !consumes.is_empty() && Some(consumes) != global_consumes.as_ref() {
                    media.set("consumes", consumes.clone());
                }
                if !produces.is_empty() && Some(produces) != global_produces.as_ref() {
                    media.set("produces", produces.clone());
                }
                insert_after(op, &["operationId", "description", "summary"], media);
            }
        }
        doc.opt("consumes", global_consumes);
        doc.opt("produces", global_produces);
        doc.set("paths", paths);
        let (definitions, parameters, responses) = self.components();
        if !definitions.is_empty() {
            doc.set("definitions", definitions);
        }
        if !parameters.is_empty() {
            doc.set("parameters", parameters);
        }
        if !responses.is_empty() {
            doc.set("responses", responses);
        }
        let kept = self.security_definitions();
        if !kept.is_empty() {
            let mut defs = Obj::new();
            for k in &kept {
                defs.set(k.name.clone(), k.def.clone());
            }
            doc.set("securityDefinitions", defs);
        }
        if let Some(sec) = &api.security {
            doc.set("security", security_requirements(sec, &kept));
        }
        if !api.tags.is_empty() {
            let tags: Vec<J> = api
                .tags
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let mut o = Obj::new();
                    o.set("name", &t.name);
                    o.opt("description", t.description.as_ref());
                    if let Some(d) = &t.external_docs {
                        o.set("externalDocs", external_docs(d));
                    }
                    self.extensions(&t.extensions, self.raw(&format!("/tags/{i}")), &mut o, &[]);
                    J::Obj(o)
                })
                .collect();
            doc.set("tags", tags);
        }
        if let Some(d) = &api.external_docs {
            doc.set("externalDocs", external_docs(d));
        }
        for (k, v) in self.root.members() {
            if k.starts_with("x-") {
                doc.set(k.clone(), self.ext_value(v));
            }
        }
        let (props, auth) = self.props(&kept, &server, opts);
        Written {
            swagger: J::Obj(doc),
            props,
            title,
            description,
            operations,
            auth,
        }
    }

    fn info(&mut self) -> (Obj, String, Option<String>) {
        let i = &self.api.info;
        let mut o = Obj::new();
        let title = match text::fit_title(&i.title) {
            Some((t, why)) => {
                self.fitted("/info/title", "the title", &i.title, &t, &why);
                t
            }
            None => i.title.clone(),
        };
        o.set("title", title.as_str());
        let description = i
            .description
            .as_ref()
            .map(|d| match text::fit_description(d) {
                Some((f, why)) => {
                    self.fitted("/info/description", "the description", d, &f, &why);
                    f
                }
                None => d.clone(),
            });
        o.opt("description", description.clone());
        o.set("version", &i.version);
        o.opt("termsOfService", i.terms_of_service.as_ref());
        if let Some(c) = &i.contact {
            let mut co = Obj::new();
            co.opt("name", c.name.as_ref());
            co.opt("url", c.url.as_ref());
            co.opt("email", c.email.as_ref());
            self.extensions(&c.extensions, self.raw("/info/contact"), &mut co, &[]);
            o.set("contact", co);
        }
        if let Some(l) = &i.license {
            let mut lo = Obj::new();
            lo.set("name", &l.name);
            lo.opt("url", l.url.as_ref());
            self.extensions(&l.extensions, self.raw("/info/license"), &mut lo, &[]);
            o.set("license", lo);
        }
        self.extensions(&i.extensions, self.raw("/info"), &mut o, &[]);
        (o, title, description)
    }

    fn fitted(&mut self, ptr: &str, what: &str, old: &str, new: &str, why: &[String]) {
        let shorten = |s: &str| {
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(60).collect::<String>())
            } else {
                s.to_owned()
            }
        };
        self.rep.at(
            ids::TEXT_FITTED,
            ptr,
            false,
            format!(
                "{what} was changed to fit the certification rules ({}): `{}` → `{}`",
                why.join("; "),
                shorten(old),
                shorten(new)
            ),
        );
    }

    fn path_parameters(&mut self, item: &PathItem, raw: Option<&Node>, ptr: &str, it: &mut Obj) {
        let mut params = Vec::new();
        let raw_params = raw.and_then(|r| r.get("parameters"));
        for (i, p) in item.parameters.iter().enumerate() {
            let pp = format!("{ptr}/parameters/{i}");
            if let Some(o) =
                self.parameter_or_ref(p, raw_params.and_then(|r| r.items().get(i)), &pp)
            {
                params.push(J::Obj(o));
            }
        }
        if !params.is_empty() {
            it.set("parameters", params);
        }
    }

    fn path_level(&mut self, item: &PathItem, raw: Option<&Node>, ptr: &str, it: &mut Obj) {
        for key in ["summary", "description"] {
            let has = if key == "summary" {
                item.summary.is_some()
            } else {
                item.description.is_some()
            };
            if has {
                self.rep.at(ids::KEYWORD_DROPPED, &join(ptr, key), true, format!("a path item's `{key}` has no Swagger 2.0 counterpart; it is dropped (operations keep their own)"));
            }
        }
        self.nested_servers(&item.servers, ptr, "a path item");
        self.extensions(&item.extensions, raw, it, &[]);
    }

    // --- operations ---------------------------------------------------------------------------

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &Operation,
        raw: Option<&Node>,
        ptr: &str,
    ) -> (Obj, Vec<String>, Vec<String>) {
        let mut o = Obj::new();
        if !op.tags.is_empty() {
            o.set("tags", op.tags.clone());
        }
        let operation_id = match &op.operation_id {
            Some(id) => id.clone(),
            None => {
                let base = text::operation_id(method, path);
                let mut id = base.clone();
                let mut n = 2;
                while self.op_ids.contains(&id) {
                    id = format!("{base}_{n}");
                    n += 1;
                }
                self.op_ids.insert(id.clone());
                self.rep
                    .at(ids::OPERATIONID_GENERATED, ptr, true, format!("`{} {path}` has no `operationId`; `{id}` was generated from its method and path", method.to_uppercase()))
                    .help("flows refer to operations by operationId: set the one you want in the input before publishing");
                id
            }
        };
        let summary = match &op.summary {
            Some(s) => match text::fit_summary(s) {
                Some((f, why)) => {
                    self.fitted(&join(ptr, "summary"), "the summary", s, &f, &why);
                    Some(f)
                }
                None => Some(s.clone()),
            },
            None => {
                let generated = op
                    .description
                    .as_deref()
                    .and_then(text::summary_from_description)
                    .unwrap_or_else(|| text::sentence_case(&operation_id));
                self.rep.at(
                    ids::SUMMARY_GENERATED,
                    ptr,
                    true,
                    format!(
                        "`{} {path}` has no `summary`; `{generated}` was derived from its {}",
                        method.to_uppercase(),
                        if op
                            .description
                            .as_deref()
                            .and_then(text::summary_from_description)
                            .is_some()
                        {
                            "description"
                        } else {
                            "operationId"
                        }
                    ),
                );
                Some(generated)
            }
        };
        let mut summary = summary;
        let mut description = op.description.clone();
        if op.deprecated {
            // `operation-deprecation`: a deprecated operation says so in its summary and
            // description.
            for (key, slot, max) in [
                ("summary", &mut summary, text::SUMMARY_MAX),
                ("description", &mut description, usize::MAX),
            ] {
                if let Some(old) = slot.clone()
                    && let Some(new) = text::mark_deprecated(&old, max)
                {
                    self.fitted(
                        &join(ptr, key),
                        &format!("the {key}"),
                        &old,
                        &new,
                        &["the operation is deprecated: appended \"(deprecated)\"".to_owned()],
                    );
                    *slot = Some(new);
                }
            }
        }
        o.opt("summary", summary);
        o.opt("description", description);
        o.set("operationId", operation_id);
        if let Some(d) = &op.external_docs {
            o.set("externalDocs", external_docs(d));
        }
        let mut params = Vec::new();
        let raw_params = raw.and_then(|r| r.get("parameters"));
        for (i, p) in op.parameters.iter().enumerate() {
            let pp = format!("{ptr}/parameters/{i}");
            if let Some(po) =
                self.parameter_or_ref(p, raw_params.and_then(|r| r.items().get(i)), &pp)
            {
                params.push(J::Obj(po));
            }
        }
        let mut consumes = Vec::new();
        if let Some(rb) = &op.request_body {
            let body_name = op
                .extensions
                .get("x-codegen-request-body-name")
                .and_then(|v| v.as_str())
                .unwrap_or("body");
            let (body, media) = self.request_body(
                rb,
                raw.and_then(|r| r.get("requestBody")),
                &join(ptr, "requestBody"),
                body_name,
            );
            params.extend(body.into_iter().map(J::Obj));
            consumes = media;
        }
        if !params.is_empty() {
            o.set("parameters", params);
        }
        let mut produces = Vec::new();
        let responses = self.responses(
            op,
            raw.and_then(|r| r.get("responses")),
            &join(ptr, "responses"),
            &mut produces,
        );
        o.set("responses", responses);
        if op.deprecated {
            o.set("deprecated", true);
        }
        if let Some(sec) = &op.security {
            // Requirements naming dropped schemes are filtered in `security_requirements`.
            let kept = self.kept_scheme_names();
            o.set("security", security_requirements_names(sec, &kept));
        }
        for name in op.callbacks.keys() {
            self.rep.at(
                ids::CALLBACK_DROPPED,
                &join(&join(ptr, "callbacks"), name),
                true,
                format!("callback `{name}` is dropped: a connector describes webhooks as trigger operations (`x-ms-trigger`, `x-ms-notification-content`)"),
            );
        }
        self.nested_servers(&op.servers, ptr, "an operation");
        self.extensions(
            &op.extensions,
            raw,
            &mut o,
            &["x-codegen-request-body-name"],
        );
        (o, consumes, produces)
    }

    fn kept_scheme_names(&self) -> HashMap<String, &'static str> {
        let mut out = HashMap::new();
        for (name, s) in &self.api.components.security_schemes {
            if let ReferenceOr::Item(s) = s
                && let Some(kind) = scheme_kind(s)
            {
                out.insert(name.clone(), kind);
            }
        }
        out
    }

    // --- parameters ---------------------------------------------------------------------------

    fn parameter_or_ref(
        &mut self,
        p: &ReferenceOr<Parameter>,
        raw: Option<&Node>,
        ptr: &str,
    ) -> Option<Obj> {
        match p {
            ReferenceOr::Item(p) => self.parameter(p, raw, ptr),
            ReferenceOr::Reference { reference } => {
                let target = reference
                    .strip_prefix("#/components/parameters/")
                    .filter(|n| !n.contains('/'))
                    .map(|n| n.replace("~1", "/").replace("~0", "~"));
                let Some(name) = target else {
                    self.rep.at(ids::REF_UNSUPPORTED, &join(ptr, "$ref"), false, format!("parameter reference `{reference}` cannot be carried over; the parameter is left out"));
                    return None;
                };
                if let Some(ReferenceOr::Item(Parameter::Cookie { .. })) =
                    self.api.components.parameters.get(&name)
                {
                    return None; // reported where the component is converted
                }
                self.ref_siblings(raw, ptr, "parameter");
                let mut o = Obj::new();
                o.set("$ref", rewrite_ref(reference).unwrap_or_default());
                Some(o)
            }
        }
    }

    /// Keys next to a parameter or response `$ref` (Swagger 2.0 allows none there).
    fn ref_siblings(&mut self, raw: Option<&Node>, ptr: &str, what: &str) {
        for (k, v) in raw.map(Node::members).unwrap_or_default() {
            if k != "$ref" && !v.is_blank() {
                self.rep.at(ids::KEYWORD_DROPPED, &join(ptr, k), true, format!("`{k}` next to a {what} `$ref` is dropped: Swagger 2.0 allows nothing next to a {what} reference"));
            }
        }
    }

    pub fn parameter(&mut self, p: &Parameter, raw: Option<&Node>, ptr: &str) -> Option<Obj> {
        let d = p.parameter_data_ref();
        let location = match p {
            Parameter::Query { .. } => "query",
            Parameter::Header { .. } => "header",
            Parameter::Path { .. } => "path",
            Parameter::Cookie { .. } => {
                self.rep.at(
                    ids::COOKIE_PARAMETER,
                    ptr,
                    false,
                    format!("cookie parameter `{}` is left out: a connector cannot declare cookies", d.name),
                )
                .help("send it from a policy template (setheader with a `Cookie` header) or from script.csx");
                return None;
            }
        };
        let mut o = Obj::new();
        o.set("name", &d.name);
        o.set("in", location);
        let what = format!("parameter `{}`", d.name);
        let mut ty = Obj::new();
        let schema_text = match &d.format {
            ParameterSchemaOrContent::Schema(s) => self.simple(
                view(s),
                raw.and_then(|r| r.get("schema")),
                &join(ptr, "schema"),
                &mut ty,
                &what,
                0,
            ),
            ParameterSchemaOrContent::Content(c) => {
                self.content_schema(c, raw, ptr, &mut ty, &what)
            }
        };
        o.opt(
            "description",
            d.description.clone().or(schema_text.description),
        );
        if d.required || location == "path" {
            o.set("required", true);
        }
        for (k, v) in ty.0 {
            o.set(k, v);
        }
        // Serialisation of arrays and of the styles Swagger 2.0 lacks.
        let is_array = o.get("type").and_then(J::as_str) == Some("array");
        let explode = d.explode;
        let style_ptr = join(ptr, "style");
        match p {
            Parameter::Query {
                style,
                allow_empty_value,
                allow_reserved,
                ..
            } => {
                let format = match style {
                    QueryStyle::Form => Some(if explode.unwrap_or(true) {
                        "multi"
                    } else {
                        "csv"
                    }),
                    QueryStyle::SpaceDelimited => Some("ssv"),
                    QueryStyle::PipeDelimited => Some("pipes"),
                    QueryStyle::DeepObject => None,
                };
                match format {
                    Some(f) if is_array => o.set("collectionFormat", f),
                    Some(_) => {}
                    None => {
                        self.rep.at(ids::PARAMETER_APPROXIMATED, &style_ptr, true, format!("{what}: `style: deepObject` has no Swagger 2.0 form; the parameter is sent as a plain value"));
                    }
                }
                if let Some(a) = allow_empty_value {
                    o.set("allowEmptyValue", *a);
                }
                if *allow_reserved {
                    self.rep.at(
                        ids::KEYWORD_DROPPED,
                        &join(ptr, "allowReserved"),
                        true,
                        format!(
                            "{what}: `allowReserved` has no Swagger 2.0 counterpart; it is dropped"
                        ),
                    );
                }
            }
            Parameter::Path { style, .. } => {
                if *style != PathStyle::Simple {
                    self.rep.at(ids::PARAMETER_APPROXIMATED, &style_ptr, true, format!("{what}: `style: {}` has no Swagger 2.0 form; the value is sent as a plain path segment", if *style == PathStyle::Label { "label" } else { "matrix" }));
                } else if is_array {
                    o.set("collectionFormat", "csv");
                }
            }
            _ => {
                if is_array {
                    o.set("collectionFormat", "csv");
                }
            }
        }
        if d.deprecated == Some(true) {
            self.rep.at(
                ids::KEYWORD_DROPPED,
                &join(ptr, "deprecated"),
                true,
                format!(
                    "{what}: Swagger 2.0 parameters cannot be deprecated; `deprecated` is dropped"
                ),
            );
        }
        if d.example.is_some() || !d.examples.is_empty() {
            let key = if d.example.is_some() {
                "example"
            } else {
                "examples"
            };
            self.rep.at(
                ids::EXAMPLE_DROPPED,
                &join(ptr, key),
                true,
                format!("{what}: Swagger 2.0 parameters have no examples; `{key}` is dropped"),
            );
        }
        for (k, v) in schema_text.extensions {
            o.set(k, v);
        }
        self.extensions(&d.extensions, raw, &mut o, &[]);
        self.param_summary(&mut o, &d.name, schema_text.title, ptr);
        if location == "path" && !o.has("x-ms-url-encoding") {
            o.set("x-ms-url-encoding", "single");
        }
        Some(o)
    }

    /// `x-ms-summary` (required on certified parameters): kept and fitted, or made from the
    /// schema's title or the parameter's name.
    fn param_summary(&mut self, o: &mut Obj, name: &str, title: Option<String>, ptr: &str) {
        match o.get("x-ms-summary").and_then(J::as_str).map(str::to_owned) {
            Some(s) => {
                if let Some((f, why)) = text::fit_param_summary(&s) {
                    self.fitted(
                        &join(ptr, "x-ms-summary"),
                        &format!("the `x-ms-summary` of `{name}`"),
                        &s,
                        &f,
                        &why,
                    );
                    o.set("x-ms-summary", f);
                }
            }
            None => {
                let s = title
                    .map(|t| text::fit_param_summary(&t).map_or(t, |(f, _)| f))
                    .unwrap_or_else(|| text::title_case(name));
                o.set("x-ms-summary", s);
            }
        }
    }

    /// A parameter or header given with `content` instead of `schema`: the first media type's
    /// schema is used.
    fn content_schema(
        &mut self,
        c: &indexmap::IndexMap<String, MediaType>,
        raw: Option<&Node>,
        ptr: &str,
        ty: &mut Obj,
        what: &str,
    ) -> SimpleInfo {
        let first = c.iter().next();
        let cptr = join(ptr, "content");
        self.rep.at(
            ids::PARAMETER_APPROXIMATED,
            &cptr,
            true,
            format!(
                "{what}: `content` has no Swagger 2.0 form; {}",
                match first {
                    Some((mt, _)) =>
                        format!("the schema of `{mt}` is used and the value is sent as is"),
                    None => "it becomes a string".into(),
                }
            ),
        );
        match first.and_then(|(mt, m)| m.schema.as_ref().map(|s| (mt, s))) {
            Some((mt, s)) => {
                let sp = join(&join(&cptr, mt), "schema");
                let raw_s = raw
                    .and_then(|r| r.get("content"))
                    .and_then(|c| c.get(mt))
                    .and_then(|m| m.get("schema"));
                self.simple(view(s), raw_s, &sp, ty, what, 0)
            }
            None => {
                ty.set("type", "string");
                SimpleInfo::default()
            }
        }
    }

    /// The `type`, `format`, `items`, `enum`... of a non-body parameter, header or form field
    /// (which cannot have a `schema` in Swagger 2.0). Objects and schemas combining others become
    /// a string, reported.
    fn simple(
        &mut self,
        v: View<'_>,
        raw: Option<&Node>,
        ptr: &str,
        out: &mut Obj,
        what: &str,
        depth: usize,
    ) -> SimpleInfo {
        let Some((s, raw, ptr)) = self.locate(v, raw, ptr) else {
            if let View::Ref(r) = v {
                self.rep.at(
                    ids::REF_UNSUPPORTED,
                    &join(ptr, "$ref"),
                    false,
                    format!(
                        "{what}: schema reference `{r}` cannot be followed; it becomes a string"
                    ),
                );
            }
            out.set("type", "string");
            return SimpleInfo::default();
        };
        let converted = self.schema(s, raw, &ptr);
        let mut info = SimpleInfo::of(s);
        let kind = match &s.schema_kind {
            // Properties or alternatives: not a simple value.
            SchemaKind::Any(a)
                if !a.properties.is_empty()
                    || !a.one_of.is_empty()
                    || !a.any_of.is_empty()
                    || !a.all_of.is_empty()
                    || a.not.is_some() =>
            {
                None
            }
            SchemaKind::Any(a) if a.typ.is_none() => Some("untyped"),
            SchemaKind::AllOf { all_of } if all_of.len() == 1 && depth < 16 => {
                let inner = self.simple(
                    view(&all_of[0]),
                    raw.and_then(|r| r.get("allOf"))
                        .and_then(|a| a.items().first()),
                    &format!("{ptr}/allOf/0"),
                    out,
                    what,
                    depth + 1,
                );
                info.description = info.description.or(inner.description);
                info.title = info.title.or(inner.title);
                return info;
            }
            _ => kind_of(s).map(|k| match k {
                "object" | "array" => k,
                _ => "primitive",
            }),
        };
        const SIMPLE_KEYS: &[&str] = &[
            "type",
            "format",
            "default",
            "enum",
            "pattern",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "uniqueItems",
        ];
        match kind {
            Some("primitive") => {
                for (k, v) in &converted.0 {
                    if SIMPLE_KEYS.contains(&k.as_str()) {
                        out.set(k.clone(), v.clone());
                    }
                }
            }
            Some("untyped") => {
                out.set("type", "string");
                for (k, v) in &converted.0 {
                    if SIMPLE_KEYS.contains(&k.as_str()) && k != "type" {
                        out.set(k.clone(), v.clone());
                    }
                }
            }
            Some("array") if depth < 8 => {
                for (k, v) in &converted.0 {
                    if SIMPLE_KEYS.contains(&k.as_str()) {
                        out.set(k.clone(), v.clone());
                    }
                }
                let items = match &s.schema_kind {
                    SchemaKind::Type(Type::Array(a)) => a.items.as_ref(),
                    SchemaKind::Any(a) => a.items.as_ref(),
                    _ => None,
                };
                let mut io = Obj::new();
                match items {
                    Some(i) => {
                        let iv = view_box(i);
                        self.simple(
                            iv,
                            raw.and_then(|r| r.get("items")),
                            &join(&ptr, "items"),
                            &mut io,
                            what,
                            depth + 1,
                        );
                    }
                    None => io.set("type", "string"),
                }
                out.set("items", io);
            }
            _ => {
                self.rep.at(
                    ids::PARAMETER_APPROXIMATED,
                    &ptr,
                    false,
                    format!("{what}: {} cannot be a Swagger 2.0 parameter, header or form field; it becomes a string", describe_schema(s)),
                );
                out.set("type", "string");
                info.description = info
                    .description
                    .or_else(|| s.schema_data.description.clone());
            }
        }
        for (k, v) in converted.0 {
            if k.starts_with("x-") && k != "x-nullable" {
                info.extensions.push((k, v));
            }
        }
        info
    }

    // --- request bodies -----------------------------------------------------------------------

    fn request_body(
        &mut self,
        rb: &ReferenceOr<RequestBody>,
        raw: Option<&Node>,
        ptr: &str,
        body_name: &str,
    ) -> (Vec<Obj>, Vec<String>) {
        let api = self.api;
        let (rb, raw, ptr): (&RequestBody, Option<&Node>, String) = match rb {
            ReferenceOr::Item(b) => (b, raw, ptr.to_owned()),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .filter(|n| !n.contains('/'))
                    .map(|n| n.replace("~1", "/").replace("~0", "~"))
                    .and_then(|n| match api.components.request_bodies.get(&n) {
                        Some(ReferenceOr::Item(b)) => {
                            Some((b, join("/components/requestBodies", &n)))
                        }
                        _ => None,
                    });
                match found {
                    Some((b, p)) => {
                        self.ref_siblings(raw, ptr, "request body");
                        (b, self.raw(&p), p)
                    }
                    None => {
                        self.rep.at(ids::REF_UNSUPPORTED, &join(ptr, "$ref"), false, format!("request body reference `{reference}` cannot be followed; the body is left out"));
                        return (Vec::new(), Vec::new());
                    }
                }
            }
        };
        let raw_content = raw.and_then(|r| r.get("content"));
        let cptr = join(&ptr, "content");
        let entries: Vec<(&String, &MediaType)> = rb.content.iter().collect();
        let chosen = entries
            .iter()
            .position(|(mt, _)| is_json(mt))
            .or_else(|| entries.iter().position(|(mt, _)| is_form(mt)))
            .or((!entries.is_empty()).then_some(0));
        let Some(ci) = chosen else {
            let mut o = Obj::new();
            o.set("name", body_name);
            o.set("in", "body");
            o.opt("description", rb.description.as_ref());
            if rb.required {
                o.set("required", true);
            }
            o.set("schema", Obj::new());
            self.extensions(&rb.extensions, raw, &mut o, &[]);
            return (vec![o], Vec::new());
        };
        let (chosen_mt, chosen_m) = entries[ci];
        let form = is_form(chosen_mt);
        let mut media = Vec::new();
        for (mt, m) in &entries {
            let compatible = is_form(mt) == form && m.schema == chosen_m.schema;
            if compatible {
                media.push((*mt).clone());
            } else {
                self.rep.at(
                    ids::MEDIA_TYPE_DROPPED,
                    &join(&cptr, mt),
                    true,
                    format!("request media type `{mt}` is dropped: Swagger 2.0 has one request schema per operation, and `{chosen_mt}`'s is kept"),
                );
            }
        }
        let mptr = join(&cptr, chosen_mt);
        let raw_m = raw_content.and_then(|c| c.get(chosen_mt));
        if !chosen_m.encoding.is_empty() {
            self.rep.at(ids::KEYWORD_DROPPED, &join(&mptr, "encoding"), true, "`encoding` (per-field content types and headers) has no Swagger 2.0 counterpart; it is dropped");
        }
        let params = if form {
            self.form_fields(chosen_m, raw_m, &mptr, chosen_mt)
        } else {
            let mut o = Obj::new();
            o.set("name", body_name);
            o.set("in", "body");
            o.opt("description", rb.description.as_ref());
            if rb.required {
                o.set("required", true);
            }
            let mut schema = match &chosen_m.schema {
                Some(s) => self.schema_or_ref(
                    view(s),
                    raw_m.and_then(|m| m.get("schema")),
                    &join(&mptr, "schema"),
                ),
                None => J::Obj(Obj::new()),
            };
            self.media_example(chosen_m, raw_m, &mptr, &mut schema);
            o.set("schema", schema);
            self.extensions(&rb.extensions, raw, &mut o, &[]);
            vec![o]
        };
        (params, media)
    }

    /// A request body's example goes into its inline schema, when that has none.
    fn media_example(&mut self, m: &MediaType, raw_m: Option<&Node>, mptr: &str, schema: &mut J) {
        let mut values: Vec<(String, J)> = Vec::new();
        if let Some(e) = &m.example {
            values.push((
                "example".into(),
                raw_m
                    .and_then(|r| r.get("example"))
                    .map_or_else(|| J::from_value(e), J::from_node),
            ));
        }
        for (name, ex) in &m.examples {
            if let ReferenceOr::Item(ex) = ex
                && let Some(v) = &ex.value
            {
                values.push((format!("examples/{name}"), J::from_value(v)));
            }
        }
        let mut first = true;
        for (at, v) in values {
            let fits = first && matches!(schema, J::Obj(o) if !o.has("$ref") && !o.has("example"));
            if fits {
                if let J::Obj(o) = schema {
                    o.set("example", v);
                }
            } else {
                let p = at.split('/').fold(mptr.to_owned(), |acc, t| join(&acc, t));
                self.rep.at(ids::EXAMPLE_DROPPED, &p, true, "a Swagger 2.0 body has one example, on its own inline schema; this example is dropped");
            }
            first = false;
        }
    }

    /// A form body (multipart or URL-encoded): one `formData` parameter per property.
    fn form_fields<'s>(
        &mut self,
        m: &'s MediaType,
        raw_m: Option<&'s Node>,
        mptr: &str,
        mt: &str,
    ) -> Vec<Obj>
    where
        'a: 's,
    {
        let sptr = join(mptr, "schema");
        let Some(schema) = &m.schema else {
            self.rep.at(
                ids::PARAMETER_APPROXIMATED,
                mptr,
                true,
                format!("`{mt}` body without a schema: no form fields can be declared"),
            );
            return Vec::new();
        };
        let Some((s, raw_s, sptr)) =
            self.locate(view(schema), raw_m.and_then(|r| r.get("schema")), &sptr)
        else {
            if let View::Ref(r) = view(schema) {
                self.rep.at(ids::REF_UNSUPPORTED, &join(&sptr, "$ref"), false, format!("form schema reference `{r}` cannot be followed; no form fields are declared"));
            }
            return Vec::new();
        };
        // Properties, following a single level of allOf.
        let mut props: Vec<(String, View<'s>, Option<&'s Node>, String)> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        let collect = |s: &'s Schema,
                       raw: Option<&'s Node>,
                       ptr: &str,
                       props: &mut Vec<(String, View<'s>, Option<&'s Node>, String)>,
                       required: &mut Vec<String>| {
            let Some((ps, req)) = object_parts(s) else {
                return false;
            };
            for (k, v) in ps {
                let rp = raw.and_then(|r| r.get("properties")).and_then(|p| p.get(k));
                props.push((k.clone(), v, rp, join(&join(ptr, "properties"), k)));
            }
            required.extend(req.iter().cloned());
            true
        };
        let ok = match &s.schema_kind {
            SchemaKind::AllOf { all_of } => {
                let mut ok = true;
                for (i, member) in all_of.iter().enumerate() {
                    let raw = raw_s
                        .and_then(|r| r.get("allOf"))
                        .and_then(|a| a.items().get(i));
                    let Some((ms, mr, mp)) =
                        self.locate(view(member), raw, &format!("{sptr}/allOf/{i}"))
                    else {
                        ok = false;
                        continue;
                    };
                    ok &= collect(ms, mr, &mp, &mut props, &mut required);
                }
                ok
            }
            _ => collect(s, raw_s, &sptr, &mut props, &mut required),
        };
        if !ok {
            self.rep.at(ids::PARAMETER_APPROXIMATED, &sptr, false, format!("the `{mt}` body schema is not an object with properties: only its properties can become form fields"));
        }
        let multipart = base_media(mt) == "multipart/form-data";
        let mut out = Vec::new();
        for (name, v, raw_p, pptr) in props {
            let mut o = Obj::new();
            o.set("name", name.as_str());
            o.set("in", "formData");
            let located = self.locate(v, raw_p, &pptr);
            let binary = located.as_ref().is_some_and(|(ps, _, _)| is_binary(ps));
            let info = if binary && multipart {
                o.set("type", "file");
                located.map_or_else(SimpleInfo::default, |(ps, _, _)| SimpleInfo::of(ps))
            } else {
                let mut ty = Obj::new();
                let info =
                    self.simple(v, raw_p, &pptr, &mut ty, &format!("form field `{name}`"), 0);
                let is_array = ty.get("type").and_then(J::as_str) == Some("array");
                for (k, val) in ty.0 {
                    o.set(k, val);
                }
                if is_array {
                    o.set("collectionFormat", "multi");
                }
                info
            };
            o.opt("description", info.description);
            if required.contains(&name) {
                o.set("required", true);
            }
            for (k, val) in info.extensions {
                o.set(k, val);
            }
            self.param_summary(&mut o, &name, info.title, &pptr);
            // Keep the usual key order: name, in, description, required, then the type.
            reorder(&mut o, &["name", "in", "description", "required"]);
            out.push(o);
        }
        out
    }

    // --- responses ----------------------------------------------------------------------------

    fn responses(
        &mut self,
        op: &Operation,
        raw: Option<&Node>,
        ptr: &str,
        produces: &mut Vec<String>,
    ) -> Obj {
        let rs = &op.responses;
        let mut out = Obj::new();
        let has_2xx = rs.responses.keys().any(|c| match c {
            StatusCode::Code(n) => (200..300).contains(n),
            StatusCode::Range(n) => *n == 2,
        });
        let raw_key = |code: &StatusCode| -> String {
            let s = code.to_string();
            raw.and_then(|r| {
                r.members()
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&s))
                    .map(|(k, _)| k.clone())
            })
            .unwrap_or(s)
        };
        for (code, r) in &rs.responses {
            let input_key = raw_key(code);
            let rptr = join(ptr, &input_key);
            let key = match code {
                StatusCode::Code(n) => n.to_string(),
                StatusCode::Range(n) => {
                    let k = format!("{n}00");
                    if rs.responses.contains_key(&StatusCode::Code(n * 100)) || out.has(&k) {
                        self.rep.at(ids::STATUS_RANGE, &rptr, true, format!("response `{input_key}` is dropped: Swagger 2.0 has no status ranges and `{k}` is already described"));
                        continue;
                    }
                    self.rep.at(
                        ids::STATUS_RANGE,
                        &rptr,
                        true,
                        format!(
                            "response `{input_key}` becomes `{k}`: Swagger 2.0 has no status ranges"
                        ),
                    );
                    k
                }
            };
            let j = self.response(
                r,
                raw.and_then(|x| x.get(&input_key)),
                &rptr,
                produces,
                false,
            );
            out.set(key, j);
        }
        if let Some(d) = &rs.default {
            let j = self.response(
                d,
                raw.and_then(|x| x.get("default")),
                &join(ptr, "default"),
                produces,
                has_2xx,
            );
            out.set("default", j);
        }
        self.extensions(&rs.extensions, raw, &mut out, &[]);
        out
    }

    fn response(
        &mut self,
        r: &ReferenceOr<Response>,
        raw: Option<&Node>,
        ptr: &str,
        produces: &mut Vec<String>,
        drop_schema: bool,
    ) -> J {
        let api = self.api;
        let resp = match r {
            ReferenceOr::Item(resp) => resp,
            ReferenceOr::Reference { reference } => {
                let name = reference
                    .strip_prefix("#/components/responses/")
                    .filter(|n| !n.contains('/'))
                    .map(|n| n.replace("~1", "/").replace("~0", "~"));
                match name.as_ref().and_then(|n| api.components.responses.get(n)) {
                    Some(target) => {
                        if let ReferenceOr::Item(t) = target {
                            push_media(produces, media_of(t));
                        }
                        self.ref_siblings(raw, ptr, "response");
                        let mut o = Obj::new();
                        o.set("$ref", rewrite_ref(reference).unwrap_or_default());
                        return J::Obj(o);
                    }
                    None => {
                        self.rep.at(ids::REF_UNSUPPORTED, &join(ptr, "$ref"), false, format!("response reference `{reference}` cannot be followed; an empty response is used"));
                        let mut o = Obj::new();
                        o.set("description", "");
                        return J::Obj(o);
                    }
                }
            }
        };
        J::Obj(self.response_item(resp, raw, ptr, produces, drop_schema))
    }

    fn response_item(
        &mut self,
        resp: &Response,
        raw: Option<&Node>,
        ptr: &str,
        produces: &mut Vec<String>,
        drop_schema: bool,
    ) -> Obj {
        let mut o = Obj::new();
        o.set("description", &resp.description);
        let cptr = join(ptr, "content");
        let raw_content = raw.and_then(|r| r.get("content"));
        let entries: Vec<(&String, &MediaType)> = resp.content.iter().collect();
        let chosen = entries
            .iter()
            .position(|(mt, m)| is_json(mt) && m.schema.is_some())
            .or_else(|| entries.iter().position(|(_, m)| m.schema.is_some()));
        let mut examples = Obj::new();
        if let Some(ci) = chosen {
            let (chosen_mt, chosen_m) = entries[ci];
            let mut kept = Vec::new();
            for (mt, m) in &entries {
                if m.schema.is_none() || m.schema == chosen_m.schema {
                    kept.push((*mt).clone());
                } else {
                    self.rep.at(
                        ids::MEDIA_TYPE_DROPPED,
                        &join(&cptr, mt),
                        true,
                        format!("response media type `{mt}` is dropped: Swagger 2.0 has one schema per response, and `{chosen_mt}`'s is kept"),
                    );
                }
            }
            push_media(produces, kept.iter().cloned());
            let mptr = join(&cptr, chosen_mt);
            if drop_schema {
                self.rep
                    .at(ids::DEFAULT_RESPONSE_SCHEMA, &join(&mptr, "schema"), true, "the schema of the `default` response is dropped: certification rejects a schema on `default` (the operation has a 2xx response for its output)")
                    .help("describe error bodies in the response description, or as explicit 4xx/5xx responses");
            } else if let Some(s) = &chosen_m.schema {
                let raw_s = raw_content
                    .and_then(|c| c.get(chosen_mt))
                    .and_then(|m| m.get("schema"));
                let j = self.schema_or_ref(view(s), raw_s, &join(&mptr, "schema"));
                o.set("schema", j);
            }
        } else {
            push_media(produces, entries.iter().map(|(mt, _)| (*mt).clone()));
        }
        // Examples: one per media type.
        for (mt, m) in &entries {
            let mptr = join(&cptr, mt);
            let raw_m = raw_content.and_then(|c| c.get(mt));
            let mut first = true;
            if let Some(e) = &m.example {
                examples.set(
                    (*mt).clone(),
                    raw_m
                        .and_then(|r| r.get("example"))
                        .map_or_else(|| J::from_value(e), J::from_node),
                );
                first = false;
            }
            for (name, ex) in &m.examples {
                let value = match ex {
                    ReferenceOr::Item(ex) => ex.value.as_ref().map(J::from_value),
                    ReferenceOr::Reference { .. } => None,
                };
                match value {
                    Some(v) if first && !drop_schema => {
                        examples.set((*mt).clone(), v);
                        first = false;
                    }
                    _ => {
                        self.rep.at(ids::EXAMPLE_DROPPED, &join(&join(&mptr, "examples"), name), true, format!("example `{name}` is dropped: a Swagger 2.0 response has one example per media type"));
                    }
                }
            }
        }
        if !resp.headers.is_empty() {
            let mut headers = Obj::new();
            let raw_h = raw.and_then(|r| r.get("headers"));
            for (name, h) in &resp.headers {
                let hptr = join(&join(ptr, "headers"), name);
                if let Some(ho) = self.header(h, raw_h.and_then(|r| r.get(name)), &hptr, name) {
                    headers.set(name.clone(), ho);
                }
            }
            if !headers.is_empty() {
                o.set("headers", headers);
            }
        }
        if !examples.is_empty() && !drop_schema {
            o.set("examples", examples);
        }
        for name in resp.links.keys() {
            self.rep.at(
                ids::LINK_DROPPED,
                &join(&join(ptr, "links"), name),
                true,
                format!("link `{name}` is dropped: Swagger 2.0 has no links"),
            );
        }
        self.extensions(&resp.extensions, raw, &mut o, &[]);
        o
    }

    fn header(
        &mut self,
        h: &ReferenceOr<Header>,
        raw: Option<&Node>,
        ptr: &str,
        name: &str,
    ) -> Option<Obj> {
        let api = self.api;
        let (h, raw, ptr): (&Header, Option<&Node>, String) = match h {
            ReferenceOr::Item(h) => (h, raw, ptr.to_owned()),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/headers/")
                    .map(|n| n.replace("~1", "/").replace("~0", "~"))
                    .and_then(|n| match api.components.headers.get(&n) {
                        Some(ReferenceOr::Item(h)) => Some((h, join("/components/headers", &n))),
                        _ => None,
                    });
                match found {
                    Some((h, p)) => (h, self.raw(&p), p),
                    None => {
                        self.rep.at(ids::REF_UNSUPPORTED, &join(ptr, "$ref"), false, format!("header reference `{reference}` cannot be followed; the header is left out"));
                        return None;
                    }
                }
            }
        };
        let what = format!("response header `{name}`");
        let mut o = Obj::new();
        let mut ty = Obj::new();
        let info = match &h.format {
            ParameterSchemaOrContent::Schema(s) => self.simple(
                view(s),
                raw.and_then(|r| r.get("schema")),
                &join(&ptr, "schema"),
                &mut ty,
                &what,
                0,
            ),
            ParameterSchemaOrContent::Content(c) => {
                self.content_schema(c, raw, &ptr, &mut ty, &what)
            }
        };
        o.opt("description", h.description.clone().or(info.description));
        for (k, v) in ty.0 {
            o.set(k, v);
        }
        if o.get("type").and_then(J::as_str) == Some("array") {
            o.set("collectionFormat", "csv");
        }
        if h.example.is_some() || !h.examples.is_empty() {
            self.rep.at(
                ids::EXAMPLE_DROPPED,
                &ptr,
                true,
                format!("{what}: Swagger 2.0 headers have no examples; the example is dropped"),
            );
        }
        self.extensions(&h.extensions, raw, &mut o, &[]);
        Some(o)
    }

    // --- components ---------------------------------------------------------------------------

    fn components(&mut self) -> (Obj, Obj, Obj) {
        let api = self.api;
        let c = &api.components;
        let mut definitions = Obj::new();
        for (name, s) in &c.schemas {
            let ptr = join("/components/schemas", name);
            let raw = self.raw(&ptr);
            let j = self.schema_or_ref(view(s), raw, &ptr);
            definitions.set(name.clone(), j);
        }
        let mut parameters = Obj::new();
        for (name, p) in &c.parameters {
            let ptr = join("/components/parameters", name);
            let raw = self.raw(&ptr);
            match p {
                ReferenceOr::Item(p) => {
                    if let Some(o) = self.parameter(p, raw, &ptr) {
                        parameters.set(name.clone(), o);
                    }
                }
                ReferenceOr::Reference { reference } => {
                    self.rep.at(ids::REF_UNSUPPORTED, &join(&ptr, "$ref"), false, format!("a parameter component that is itself a reference (`{reference}`) cannot be carried over; it is left out"));
                }
            }
        }
        let mut responses = Obj::new();
        for (name, r) in &c.responses {
            let ptr = join("/components/responses", name);
            let raw = self.raw(&ptr);
            match r {
                ReferenceOr::Item(r) => {
                    let mut ignored = Vec::new();
                    let o = self.response_item(r, raw, &ptr, &mut ignored, false);
                    responses.set(name.clone(), o);
                }
                ReferenceOr::Reference { reference } => {
                    self.rep.at(ids::REF_UNSUPPORTED, &join(&ptr, "$ref"), false, format!("a response component that is itself a reference (`{reference}`) cannot be carried over; it is left out"));
                }
            }
        }
        (definitions, parameters, responses)
    }

    // --- security -----------------------------------------------------------------------------

    fn security_definitions(&mut self) -> Vec<Kept> {
        let api = self.api;
        let mut kept = Vec::new();
        for (name, s) in &api.components.security_schemes {
            let ptr = join("/components/securitySchemes", name);
            let raw = self.raw(&ptr);
            let s = match s {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => {
                    self.rep.at(ids::REF_UNSUPPORTED, &join(&ptr, "$ref"), false, format!("security scheme reference `{reference}` cannot be carried over; the scheme is left out"));
                    continue;
                }
            };
            let mut def = Obj::new();
            let mut bearer = false;
            let mut oauth = None;
            let (kind, description) = match s {
                SecurityScheme::APIKey {
                    location,
                    name: key,
                    description,
                    extensions,
                } => {
                    let loc = match location {
                        APIKeyLocation::Header => "header",
                        APIKeyLocation::Query => "query",
                        APIKeyLocation::Cookie => {
                            self.rep.at(ids::COOKIE_PARAMETER, &ptr, true, format!("API key `{name}` is sent in a cookie, which a connector cannot declare; the scheme is left out"));
                            continue;
                        }
                    };
                    def.set("type", "apiKey");
                    def.set("name", key.as_str());
                    def.set("in", loc);
                    def.opt("description", description.as_ref());
                    self.extensions(extensions, raw, &mut def, &[]);
                    ("apiKey", description.clone())
                }
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    extensions,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "basic" => {
                        def.set("type", "basic");
                        def.opt("description", description.as_ref());
                        self.extensions(extensions, raw, &mut def, &[]);
                        ("basic", description.clone())
                    }
                    "bearer" => {
                        bearer = true;
                        def.set("type", "apiKey");
                        def.set("name", "Authorization");
                        def.set("in", "header");
                        def.opt("description", description.as_ref());
                        self.extensions(extensions, raw, &mut def, &[]);
                        self.rep
                            .at(ids::SECURITY_APPROXIMATED, &join(&ptr, "scheme"), false, format!("HTTP bearer scheme `{name}` becomes an API key sent in the `Authorization` header: users enter `Bearer <token>` as the key"))
                            .help("or model the token as OAuth 2.0 if the service issues it through an OAuth flow");
                        ("apiKey", description.clone())
                    }
                    other => {
                        self.rep.at(ids::SECURITY_APPROXIMATED, &join(&ptr, "scheme"), false, format!("HTTP `{other}` authentication (scheme `{name}`) is not supported by connectors; the scheme is left out"));
                        continue;
                    }
                },
                SecurityScheme::OAuth2 {
                    flows,
                    description,
                    extensions,
                } => {
                    def.set("type", "oauth2");
                    let mut chosen: Option<(&str, &str)> = None;
                    let mut present = Vec::new();
                    if let Some(f) = &flows.authorization_code {
                        present.push("authorizationCode");
                        chosen.get_or_insert(("accessCode", "authorizationCode"));
                        let _ = f;
                    }
                    if flows.implicit.is_some() {
                        present.push("implicit");
                        chosen.get_or_insert(("implicit", "implicit"));
                    }
                    if flows.password.is_some() {
                        present.push("password");
                        chosen.get_or_insert(("password", "password"));
                    }
                    if flows.client_credentials.is_some() {
                        present.push("clientCredentials");
                        chosen.get_or_insert(("application", "clientCredentials"));
                    }
                    let Some((flow, input_flow)) = chosen else {
                        self.rep.at(
                            ids::SECURITY_APPROXIMATED,
                            &join(&ptr, "flows"),
                            false,
                            format!("OAuth 2.0 scheme `{name}` has no flow; it is left out"),
                        );
                        continue;
                    };
                    for other in present.iter().filter(|f| **f != input_flow) {
                        self.rep.at(ids::SECURITY_APPROXIMATED, &join(&join(&ptr, "flows"), other), true, format!("OAuth 2.0 flow `{other}` of `{name}` is dropped: a Swagger 2.0 scheme has one flow (`{input_flow}` is kept)"));
                    }
                    if flow == "application" {
                        self.rep
                            .at(ids::SECURITY_APPROXIMATED, &join(&join(&ptr, "flows"), "clientCredentials"), true, format!("OAuth 2.0 scheme `{name}` uses the client credentials flow, which certification does not accept"))
                            .help("connectors sign users in with the authorization code flow");
                    }
                    let (auth_url, token_url, refresh_url, scopes) = match input_flow {
                        "authorizationCode" => flows.authorization_code.as_ref().map(|f| {
                            (
                                Some(f.authorization_url.clone()),
                                Some(f.token_url.clone()),
                                f.refresh_url.clone(),
                                f.scopes.clone(),
                            )
                        }),
                        "implicit" => flows.implicit.as_ref().map(|f| {
                            (
                                Some(f.authorization_url.clone()),
                                None,
                                f.refresh_url.clone(),
                                f.scopes.clone(),
                            )
                        }),
                        "password" => flows.password.as_ref().map(|f| {
                            (
                                None,
                                Some(f.token_url.clone()),
                                f.refresh_url.clone(),
                                f.scopes.clone(),
                            )
                        }),
                        _ => flows.client_credentials.as_ref().map(|f| {
                            (
                                None,
                                Some(f.token_url.clone()),
                                f.refresh_url.clone(),
                                f.scopes.clone(),
                            )
                        }),
                    }
                    .unwrap_or_default();
                    def.set("flow", flow);
                    def.opt("authorizationUrl", auth_url.clone());
                    def.opt("tokenUrl", token_url.clone());
                    let mut sc = Obj::new();
                    for (k, v) in &scopes {
                        sc.set(k.clone(), v.as_str());
                    }
                    def.set("scopes", sc);
                    def.opt("description", description.as_ref());
                    self.extensions(extensions, raw, &mut def, &[]);
                    oauth = Some(OAuth {
                        authorization_url: auth_url,
                        token_url,
                        refresh_url,
                        scopes: scopes.keys().cloned().collect(),
                    });
                    ("oauth2", description.clone())
                }
                SecurityScheme::OpenIDConnect { .. } => {
                    self.rep
                        .at(ids::SECURITY_APPROXIMATED, &ptr, true, format!("OpenID Connect scheme `{name}` is left out: connectors cannot discover endpoints from an OpenID configuration"))
                        .help("describe it as OAuth 2.0 with the provider's authorization and token URLs");
                    continue;
                }
            };
            kept.push(Kept {
                name: name.clone(),
                kind,
                def,
                description,
                bearer,
                oauth,
            });
        }
        kept
    }
}

#[derive(Default)]
struct SimpleInfo {
    description: Option<String>,
    title: Option<String>,
    extensions: Vec<(String, J)>,
}

impl SimpleInfo {
    /// The description and title of `s`.
    fn of(s: &Schema) -> SimpleInfo {
        SimpleInfo {
            description: s.schema_data.description.clone(),
            title: s.schema_data.title.clone(),
            extensions: Vec::new(),
        }
    }
}

fn scheme_kind(s: &SecurityScheme) -> Option<&'static str> {
    match s {
        SecurityScheme::APIKey {
            location: APIKeyLocation::Cookie,
            ..
        } => None,
        SecurityScheme::APIKey { .. } => Some("apiKey"),
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            Some("basic")
        }
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            Some("apiKey")
        }
        SecurityScheme::HTTP { .. } => None,
        SecurityScheme::OAuth2 { .. } => Some("oauth2"),
        SecurityScheme::OpenIDConnect { .. } => None,
    }
}

fn security_requirements(sec: &[openapiv3::SecurityRequirement], kept: &[Kept]) -> Vec<J> {
    let names: HashMap<String, &'static str> =
        kept.iter().map(|k| (k.name.clone(), k.kind)).collect();
    security_requirements_names(sec, &names)
}

fn security_requirements_names(
    sec: &[openapiv3::SecurityRequirement],
    kept: &HashMap<String, &'static str>,
) -> Vec<J> {
    let mut out = Vec::new();
    for req in sec {
        let mut o = Obj::new();
        let mut dropped = false;
        for (name, scopes) in req {
            match kept.get(name) {
                Some(&"oauth2") => o.set(name.clone(), scopes.clone()),
                Some(_) => o.set(name.clone(), Vec::<J>::new()),
                None => dropped = true,
            }
        }
        if o.is_empty() && dropped {
            continue;
        }
        out.push(J::Obj(o));
    }
    out
}

fn external_docs(d: &openapiv3::ExternalDocumentation) -> Obj {
    let mut o = Obj::new();
    o.opt("description", d.description.as_ref());
    o.set("url", &d.url);
    o
}

fn is_binary(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            matches!(
                &st.format,
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
            )
        }
        SchemaKind::Any(a) => a.format.as_deref() == Some("binary"),
        _ => false,
    }
}

fn describe_schema(s: &Schema) -> &'static str {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(_)) => "an object",
        SchemaKind::OneOf { .. } => "a `oneOf` schema",
        SchemaKind::AnyOf { .. } => "an `anyOf` schema",
        SchemaKind::AllOf { .. } => "an `allOf` schema",
        SchemaKind::Not { .. } => "a `not` schema",
        SchemaKind::Any(_) => "a schema combining several kinds",
        SchemaKind::Type(_) => "an array nested this deep",
    }
}

fn media_of(r: &Response) -> Vec<String> {
    r.content.keys().cloned().collect()
}

fn push_media(list: &mut Vec<String>, items: impl IntoIterator<Item = String>) {
    for m in items {
        if !list.contains(&m) {
            list.push(m);
        }
    }
}

fn most_common<'x>(lists: impl Iterator<Item = &'x Vec<String>>) -> Option<Vec<String>> {
    let mut counts: Vec<(&Vec<String>, usize)> = Vec::new();
    for l in lists.filter(|l| !l.is_empty()) {
        match counts.iter_mut().find(|(k, _)| *k == l) {
            Some(c) => c.1 += 1,
            None => counts.push((l, 1)),
        }
    }
    let max = counts.iter().map(|c| c.1).max()?;
    counts.into_iter().find(|c| c.1 == max).map(|c| c.0.clone())
}

/// Inserts the members of `extra` after the first of `after` present in `o`.
fn insert_after(o: &mut Obj, after: &[&str], extra: Obj) {
    if extra.is_empty() {
        return;
    }
    let at = after
        .iter()
        .find_map(|k| o.0.iter().position(|(key, _)| key == k))
        .map_or(0, |i| i + 1);
    for (i, kv) in extra.0.into_iter().enumerate() {
        o.0.insert(at + i, kv);
    }
}

/// Moves `first` keys to the front, in that order.
fn reorder(o: &mut Obj, first: &[&str]) {
    let mut front = Vec::new();
    for k in first {
        if let Some(v) = o.remove(k) {
            front.push(((*k).to_owned(), v));
        }
    }
    front.append(&mut o.0);
    o.0 = front;
}

// --- apiProperties ----------------------------------------------------------------------------

impl Writer<'_, '_> {
    fn props(
        &mut self,
        kept: &[Kept],
        server: &Server,
        opts: &Options,
    ) -> (J, Option<&'static str>) {
        let api = self.api;
        // The scheme the connection uses: the first of the document's requirements that was
        // kept, else the first kept scheme.
        let primary = api
            .security
            .iter()
            .flatten()
            .flat_map(|req| req.keys())
            .find_map(|name| kept.iter().find(|k| &k.name == name))
            .or_else(|| kept.first());
        let mut params = Obj::new();
        let mut tab = 2;
        if let Some(p) = primary {
            for other in kept.iter().filter(|k| k.name != p.name) {
                self.rep.at(
                    ids::SECURITY_APPROXIMATED,
                    &join("/components/securitySchemes", &other.name),
                    true,
                    format!("apiProperties.json describes the connection for `{}` only; `{}` is kept in the definition but users cannot sign in with it", p.name, other.name),
                )
                .help("offer several ways to sign in with `connectionParameterSets` in apiProperties.json");
            }
            let desc = |d: &Option<String>, fallback: &str| {
                d.clone().unwrap_or_else(|| fallback.to_owned())
            };
            match p.kind {
                "apiKey" => {
                    let (display, fallback) = if p.bearer {
                        (
                            "Access Token",
                            "The access token, entered as `Bearer <token>`.",
                        )
                    } else {
                        ("API Key", "The API key to access the service.")
                    };
                    params.set(
                        "api_key",
                        connection_param(
                            "securestring",
                            display,
                            &desc(&p.description, fallback),
                            tab,
                            false,
                            None,
                        ),
                    );
                    tab += 1;
                }
                "basic" => {
                    params.set(
                        "username",
                        connection_param(
                            "string",
                            "Username",
                            "The user name to sign in with.",
                            tab,
                            true,
                            None,
                        ),
                    );
                    params.set(
                        "password",
                        connection_param(
                            "securestring",
                            "Password",
                            "The password to sign in with.",
                            tab + 1,
                            false,
                            None,
                        ),
                    );
                    tab += 2;
                }
                _ => {
                    let o = p.oauth.as_ref();
                    let mut settings = Obj::new();
                    settings.set("identityProvider", "oauth2");
                    settings.set("clientId", "[[DUMMY]]");
                    settings.set("scopes", o.map(|o| o.scopes.clone()).unwrap_or_default());
                    settings.set("redirectMode", "GlobalPerConnector");
                    let mut props = Obj::new();
                    props.set("IsFirstParty", "False");
                    settings.set("properties", props);
                    let mut custom = Obj::new();
                    for (key, v) in [
                        (
                            "authorizationUrl",
                            o.and_then(|o| o.authorization_url.clone()),
                        ),
                        ("tokenUrl", o.and_then(|o| o.token_url.clone())),
                        (
                            "refreshUrl",
                            o.and_then(|o| o.refresh_url.clone().or_else(|| o.token_url.clone())),
                        ),
                    ] {
                        if let Some(v) = v {
                            let mut val = Obj::new();
                            val.set("value", v);
                            custom.set(key, val);
                        }
                    }
                    settings.set("customParameters", custom);
                    let mut token = Obj::new();
                    token.set("type", "oauthSetting");
                    token.set("oAuthSettings", settings);
                    params.set("token", token);
                }
            }
        }
        for (param, var, description, allowed) in &server.variables {
            let d = description
                .clone()
                .unwrap_or_else(|| format!("The `{var}` part of the service URL."));
            let allowed = (!allowed.is_empty()).then(|| allowed.clone());
            params.set(
                param.clone(),
                connection_param("string", &text::title_case(var), &d, tab, true, allowed),
            );
            tab += 1;
        }
        let mut properties = Obj::new();
        properties.set("connectionParameters", params);
        let color = if opts.profile == Profile::IndependentPublisher {
            "#da3b01"
        } else {
            "#007ee5"
        };
        properties.set("iconBrandColor", color);
        properties.set("capabilities", Vec::<J>::new());
        if let Some(template) = &server.url_template {
            let mut parameters = Obj::new();
            parameters.set("x-ms-apimTemplateParameter.urlTemplate", template.as_str());
            let mut policy = Obj::new();
            policy.set("templateId", "dynamichosturl");
            policy.set("title", "Service URL from the connection");
            policy.set("parameters", parameters);
            properties.set("policyTemplateInstances", vec![J::Obj(policy)]);
        }
        let mut root = Obj::new();
        root.set("properties", properties);
        (J::Obj(root), primary.map(|p| p.kind))
    }
}

fn connection_param(
    ty: &str,
    display: &str,
    description: &str,
    tab: i64,
    clear: bool,
    allowed: Option<Vec<String>>,
) -> Obj {
    let mut constraints = Obj::new();
    constraints.set("tabIndex", tab);
    constraints.set("clearText", clear);
    constraints.set("required", "true");
    if let Some(values) = allowed {
        let v: Vec<J> = values
            .into_iter()
            .map(|x| {
                let mut o = Obj::new();
                o.set("text", x.as_str());
                o.set("value", x);
                J::Obj(o)
            })
            .collect();
        constraints.set("allowedValues", v);
    }
    let mut ui = Obj::new();
    ui.set("displayName", display);
    ui.set("description", description);
    ui.set("tooltip", description);
    ui.set("constraints", constraints);
    let mut o = Obj::new();
    o.set("type", ty);
    o.set("uiDefinition", ui);
    o
}
