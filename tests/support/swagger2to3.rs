//! Test support: a small Swagger 2.0 → OpenAPI 3.0 converter, so the corpus's connector
//! definitions can be turned into OpenAPI 3 documents and fed back to `ppcert convert`.
//! It maps what the connectors use (servers, parameters, bodies, form data, responses,
//! components, security) and leaves everything else — `x-` extensions included — as it is.

use serde_json::{Map, Value, json};

fn rewrite_refs(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "$ref" {
                    if let Value::String(s) = x {
                        for (from, to) in [
                            ("#/definitions/", "#/components/schemas/"),
                            ("#/parameters/", "#/components/parameters/"),
                            ("#/responses/", "#/components/responses/"),
                        ] {
                            if let Some(rest) = s.strip_prefix(from) {
                                *s = format!("{to}{rest}");
                                break;
                            }
                        }
                    }
                } else {
                    rewrite_refs(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

fn schema(v: &Value) -> Value {
    let Some(m) = v.as_object() else {
        return v.clone();
    };
    let mut out = Map::new();
    for (k, x) in m {
        match k.as_str() {
            "x-nullable" if x.as_bool() == Some(true) => {
                out.insert("nullable".into(), json!(true));
            }
            "type" if x == "file" => {
                out.insert("type".into(), json!("string"));
                out.insert("format".into(), json!("binary"));
            }
            "discriminator" if x.is_string() => {
                out.insert(k.clone(), json!({"propertyName": x}));
            }
            "properties" if x.is_object() => {
                let props = x
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(n, p)| (n.clone(), schema(p)))
                    .collect();
                out.insert(k.clone(), Value::Object(props));
            }
            "items" | "additionalProperties" if x.is_object() => {
                out.insert(k.clone(), schema(x));
            }
            "allOf" if x.is_array() => {
                out.insert(
                    k.clone(),
                    Value::Array(x.as_array().unwrap().iter().map(schema).collect()),
                );
            }
            _ => {
                out.entry(k.clone()).or_insert_with(|| x.clone());
            }
        }
    }
    Value::Object(out)
}

const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// A non-body parameter's type keywords as a schema.
fn param_schema(p: &Map<String, Value>) -> Value {
    let mut s = Map::new();
    for k in SCHEMA_KEYS {
        if let Some(v) = p.get(*k) {
            s.insert(
                (*k).into(),
                if *k == "items" {
                    param_items(v)
                } else {
                    v.clone()
                },
            );
        }
    }
    schema(&Value::Object(s))
}

fn param_items(v: &Value) -> Value {
    match v.as_object() {
        Some(m) => param_schema(m),
        None => v.clone(),
    }
}

fn parameter(p: &Value) -> Value {
    let Some(m) = p.as_object() else {
        return p.clone();
    };
    if m.contains_key("$ref") {
        return p.clone();
    }
    let mut out = Map::new();
    for (k, v) in m {
        if k.starts_with("x-")
            || ["name", "in", "description", "required", "allowEmptyValue"].contains(&k.as_str())
        {
            out.insert(k.clone(), v.clone());
        }
    }
    out.insert("schema".into(), param_schema(m));
    if m.get("type") == Some(&json!("array")) {
        let location = m.get("in").and_then(Value::as_str).unwrap_or("");
        match (
            m.get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv"),
            location,
        ) {
            ("multi", _) => {
                out.insert("explode".into(), json!(true));
            }
            ("csv", "query") => {
                out.insert("explode".into(), json!(false));
            }
            ("ssv", _) => {
                out.insert("style".into(), json!("spaceDelimited"));
            }
            ("pipes", _) => {
                out.insert("style".into(), json!("pipeDelimited"));
            }
            _ => {}
        }
    }
    Value::Object(out)
}

fn response(r: &Value, produces: &[Value]) -> Value {
    let Some(m) = r.as_object() else {
        return r.clone();
    };
    if m.contains_key("$ref") {
        return r.clone();
    }
    let mut out = Map::new();
    out.insert(
        "description".into(),
        m.get("description").cloned().unwrap_or(json!("")),
    );
    if let Some(s) = m.get("schema") {
        let mut content = Map::new();
        for mt in produces {
            if let Some(mt) = mt.as_str() {
                let mut media = json!({"schema": schema(s)});
                if let Some(e) = m.get("examples").and_then(|e| e.get(mt)) {
                    media["example"] = e.clone();
                }
                content.insert(mt.into(), media);
            }
        }
        out.insert("content".into(), Value::Object(content));
    }
    if let Some(Value::Object(h)) = m.get("headers") {
        let headers = h
            .iter()
            .map(|(n, hv)| {
                let hm = hv.as_object().cloned().unwrap_or_default();
                let mut o = Map::new();
                if let Some(d) = hm.get("description") {
                    o.insert("description".into(), d.clone());
                }
                o.insert("schema".into(), param_schema(&hm));
                for (k, v) in &hm {
                    if k.starts_with("x-") {
                        o.insert(k.clone(), v.clone());
                    }
                }
                (n.clone(), Value::Object(o))
            })
            .collect();
        out.insert("headers".into(), Value::Object(headers));
    }
    for (k, v) in m {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

/// Converts a Swagger 2.0 document to OpenAPI 3.0.3.
pub fn convert(sw: &Value) -> Value {
    let empty = Map::new();
    let root = sw.as_object().unwrap_or(&empty);
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    out.insert(
        "info".into(),
        root.get("info").cloned().unwrap_or(json!({})),
    );
    let schemes = root
        .get("schemes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_else(|| vec![json!("https")]);
    let base = root.get("basePath").and_then(Value::as_str).unwrap_or("");
    let servers: Vec<Value> = match root.get("host").and_then(Value::as_str) {
        Some(host) => schemes
            .iter()
            .filter_map(Value::as_str)
            .map(|s| json!({"url": format!("{s}://{host}{base}")}))
            .collect(),
        None if !base.is_empty() => vec![json!({"url": base})],
        None => Vec::new(),
    };
    if !servers.is_empty() {
        out.insert("servers".into(), Value::Array(servers));
    }
    let global_consumes = root
        .get("consumes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let global_produces = root
        .get("produces")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let global_params = root
        .get("parameters")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let resolve = |p: &Value| -> Value {
        p.get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/parameters/"))
            .and_then(|n| global_params.get(n))
            .cloned()
            .unwrap_or_else(|| p.clone())
    };
    let is_payload = |p: &Value| {
        matches!(
            p.get("in").and_then(Value::as_str),
            Some("body" | "formData")
        )
    };
    let mut paths = Map::new();
    for (path, item) in root
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty)
    {
        let Some(item) = item.as_object() else {
            continue;
        };
        let mut it = Map::new();
        let path_params: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let kept_path_params: Vec<Value> = path_params
            .iter()
            .filter(|p| !is_payload(&resolve(p)))
            .map(parameter)
            .collect();
        if !kept_path_params.is_empty() {
            it.insert("parameters".into(), Value::Array(kept_path_params));
        }
        for (k, v) in item {
            if k.starts_with("x-") {
                it.insert(k.clone(), v.clone());
            }
        }
        for method in ["get", "put", "post", "delete", "options", "head", "patch"] {
            let Some(op) = item.get(method).and_then(Value::as_object) else {
                continue;
            };
            let consumes = op
                .get("consumes")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_else(|| global_consumes.clone());
            let produces = op
                .get("produces")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_else(|| global_produces.clone());
            let consumes = if consumes.is_empty() {
                vec![json!("application/json")]
            } else {
                consumes
            };
            let produces = if produces.is_empty() {
                vec![json!("application/json")]
            } else {
                produces
            };
            let mut o = Map::new();
            for (k, v) in op {
                if k.starts_with("x-")
                    || [
                        "tags",
                        "summary",
                        "description",
                        "operationId",
                        "deprecated",
                        "security",
                        "externalDocs",
                    ]
                    .contains(&k.as_str())
                {
                    o.insert(k.clone(), v.clone());
                }
            }
            let all: Vec<Value> = path_params
                .iter()
                .filter(|p| is_payload(&resolve(p)))
                .chain(
                    op.get("parameters")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten(),
                )
                .cloned()
                .collect();
            let mut params = Vec::new();
            let mut form = Map::new();
            let mut form_required = Vec::new();
            let mut has_file = false;
            for p in &all {
                let r = resolve(p);
                match r.get("in").and_then(Value::as_str) {
                    Some("body") => {
                        let mut content = Map::new();
                        for mt in consumes.iter().filter_map(Value::as_str) {
                            content.insert(
                                mt.into(),
                                json!({"schema": schema(r.get("schema").unwrap_or(&json!({})))}),
                            );
                        }
                        let mut rb = json!({"content": content});
                        for k in ["description", "required"] {
                            if let Some(v) = r.get(k) {
                                rb[k] = v.clone();
                            }
                        }
                        for (k, v) in r.as_object().into_iter().flatten() {
                            if k.starts_with("x-") {
                                rb[k] = v.clone();
                            }
                        }
                        if let Some(name) = r.get("name") {
                            o.insert("x-codegen-request-body-name".into(), name.clone());
                        }
                        o.insert("requestBody".into(), rb);
                    }
                    Some("formData") => {
                        let rm = r.as_object().cloned().unwrap_or_default();
                        let mut s = param_schema(&rm);
                        if rm.get("type") == Some(&json!("file")) {
                            has_file = true;
                        }
                        if let Some(d) = rm.get("description") {
                            s["description"] = d.clone();
                        }
                        for (k, v) in &rm {
                            if k.starts_with("x-") {
                                s[k] = v.clone();
                            }
                        }
                        let name = rm
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or("field")
                            .to_owned();
                        if rm.get("required") == Some(&json!(true)) {
                            form_required.push(json!(name.clone()));
                        }
                        form.insert(name, s);
                    }
                    _ => params.push(parameter(p)),
                }
            }
            if !form.is_empty() {
                let mt = if has_file || consumes.iter().any(|c| c == "multipart/form-data") {
                    "multipart/form-data"
                } else {
                    "application/x-www-form-urlencoded"
                };
                let mut s = json!({"type": "object", "properties": form});
                if !form_required.is_empty() {
                    s["required"] = Value::Array(form_required);
                }
                o.insert(
                    "requestBody".into(),
                    json!({"content": {mt: {"schema": s}}}),
                );
            }
            if !params.is_empty() {
                o.insert("parameters".into(), Value::Array(params));
            }
            let responses: Map<String, Value> = op
                .get("responses")
                .and_then(Value::as_object)
                .unwrap_or(&empty)
                .iter()
                .map(|(code, r)| {
                    (
                        code.clone(),
                        if code.starts_with("x-") {
                            r.clone()
                        } else {
                            response(r, &produces)
                        },
                    )
                })
                .collect();
            o.insert("responses".into(), Value::Object(responses));
            it.insert(method.into(), Value::Object(o));
        }
        paths.insert(path.clone(), Value::Object(it));
    }
    out.insert("paths".into(), Value::Object(paths));
    let mut components = Map::new();
    if let Some(Value::Object(d)) = root.get("definitions") {
        components.insert(
            "schemas".into(),
            Value::Object(d.iter().map(|(k, v)| (k.clone(), schema(v))).collect()),
        );
    }
    let params: Map<String, Value> = global_params
        .iter()
        .filter(|(_, p)| !is_payload(p))
        .map(|(k, v)| (k.clone(), parameter(v)))
        .collect();
    if !params.is_empty() {
        components.insert("parameters".into(), Value::Object(params));
    }
    if let Some(Value::Object(r)) = root.get("responses") {
        let produces = if global_produces.is_empty() {
            vec![json!("application/json")]
        } else {
            global_produces.clone()
        };
        components.insert(
            "responses".into(),
            Value::Object(
                r.iter()
                    .map(|(k, v)| (k.clone(), response(v, &produces)))
                    .collect(),
            ),
        );
    }
    if let Some(Value::Object(defs)) = root.get("securityDefinitions") {
        let schemes: Map<String, Value> = defs
            .iter()
            .map(|(name, d)| {
                let t = d.get("type").and_then(Value::as_str).unwrap_or("");
                let mut s = match t {
                    "basic" => json!({"type": "http", "scheme": "basic"}),
                    "apiKey" => json!({"type": "apiKey", "name": d.get("name").cloned().unwrap_or(json!("")), "in": d.get("in").cloned().unwrap_or(json!("header"))}),
                    "oauth2" => {
                        let flow = d.get("flow").and_then(Value::as_str).unwrap_or("accessCode");
                        let mut f = json!({"scopes": d.get("scopes").cloned().unwrap_or(json!({}))});
                        for k in ["authorizationUrl", "tokenUrl"] {
                            if let Some(v) = d.get(k) {
                                f[k] = v.clone();
                            }
                        }
                        let name = match flow {
                            "implicit" => "implicit",
                            "password" => "password",
                            "application" => "clientCredentials",
                            _ => "authorizationCode",
                        };
                        json!({"type": "oauth2", "flows": {name: f}})
                    }
                    _ => d.clone(),
                };
                if let Some(desc) = d.get("description") {
                    s["description"] = desc.clone();
                }
                (name.clone(), s)
            })
            .collect();
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    for k in ["security", "tags", "externalDocs"] {
        if let Some(v) = root.get(k) {
            out.insert(k.into(), v.clone());
        }
    }
    for (k, v) in root {
        if k.starts_with("x-") {
            out.insert(k.clone(), v.clone());
        }
    }
    let mut doc = Value::Object(out);
    rewrite_refs(&mut doc);
    doc
}
