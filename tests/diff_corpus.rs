//! Properties of `ppcert diff` on every definition of the real connectors (`../shared/corpus`, or
//! the folder named by `PPCERT_CORPUS`; skipped where absent). Changes that do not change meaning
//! find nothing:
//! - a definition compared with itself;
//! - with every object's keys in reverse order, re-indented, and with trailing commas (which the
//!   upstream pipeline's `ConvertFrom-Json` accepts);
//! - with inline body and response schemas (and inline object properties of definitions) moved
//!   into `definitions` and replaced by a `$ref`;
//! - with `$ref`s to definitions at body and response sites replaced by the definition inline.

use ppcert::connector::{FileKind, JsonFile, Profile, discover};
use ppcert::diff::source::{Who, compare_files, definition_of};
use ppcert::diff::{DiffRuleSet, Reading};
use ppcert::json::JsonRef;
use ppcert::lint::RuleSelector;
use rayon::prelude::*;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

fn file(path: &Path, text: String) -> JsonFile {
    JsonFile::from_bytes(
        FileKind::Swagger,
        path,
        path.display().to_string(),
        text.into_bytes(),
        &mut Vec::new(),
    )
}

/// Writes `node` as JSON with each object's keys in reverse order, three-space indents and a
/// trailing comma after every last member and element. Duplicate keys are written once, with the
/// value lookups see (the last).
fn rewrite(node: JsonRef<'_>, depth: usize, out: &mut String) {
    let pad = |d: usize| "   ".repeat(d);
    if node.is_object() {
        let mut keys: Vec<&str> = Vec::new();
        for (k, _) in node.members() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        keys.reverse();
        out.push_str("{\n");
        for k in keys {
            let value = node.get(k).expect("key just listed");
            out.push_str(&pad(depth + 1));
            out.push_str(&serde_json::to_string(k).unwrap());
            out.push_str(": ");
            rewrite(value, depth + 1, out);
            out.push_str(",\n");
        }
        out.push_str(&pad(depth));
        out.push('}');
    } else if node.is_array() {
        out.push_str("[\n");
        for item in node.items() {
            out.push_str(&pad(depth + 1));
            rewrite(item, depth + 1, out);
            out.push_str(",\n");
        }
        out.push_str(&pad(depth));
        out.push(']');
    } else {
        out.push_str(&serde_json::to_string(&node.to_value()).unwrap());
    }
}

/// Every body-parameter schema and operation response schema of `doc`.
fn schema_sites(doc: &mut Value) -> Vec<&mut Value> {
    let mut sites = Vec::new();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return sites;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (method, op) in item.iter_mut() {
            if !["get", "put", "post", "delete", "options", "head", "patch"]
                .contains(&method.as_str())
            {
                continue;
            }
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            let (params, responses) = {
                let mut params = None;
                let mut responses = None;
                for (k, v) in op.iter_mut() {
                    match k.as_str() {
                        "parameters" => params = Some(v),
                        "responses" => responses = Some(v),
                        _ => {}
                    }
                }
                (params, responses)
            };
            for p in params.and_then(Value::as_array_mut).into_iter().flatten() {
                if p.get("in").and_then(Value::as_str) == Some("body")
                    && let Some(s) = p.get_mut("schema")
                {
                    sites.push(s);
                }
            }
            for (_, r) in responses
                .and_then(Value::as_object_mut)
                .into_iter()
                .flatten()
            {
                if let Some(s) = r.get_mut("schema") {
                    sites.push(s);
                }
            }
        }
    }
    sites
}

fn is_inline_object(schema: &Value) -> bool {
    schema.is_object() && schema.get("$ref").is_none() && schema.get("properties").is_some()
}

/// Moves inline schemas into `definitions`, leaving `$ref`s behind; also says how many it moved.
fn to_refs(mut doc: Value) -> (Value, usize) {
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    let name = |hoisted: &mut Vec<(String, Value)>, schema: &mut Value| {
        let n = format!("ppcertInline{}", hoisted.len());
        let moved = std::mem::replace(schema, json!({ "$ref": format!("#/definitions/{n}") }));
        hoisted.push((n, moved));
    };
    for site in schema_sites(&mut doc) {
        if is_inline_object(site) {
            name(&mut hoisted, site);
        }
    }
    if let Some(defs) = doc.get_mut("definitions").and_then(Value::as_object_mut) {
        for def in defs.values_mut() {
            let Some(props) = def.get_mut("properties").and_then(Value::as_object_mut) else {
                continue;
            };
            for prop in props.values_mut() {
                if is_inline_object(prop) {
                    name(&mut hoisted, prop);
                }
            }
        }
    }
    let moved = hoisted.len();
    if !hoisted.is_empty() {
        let root = doc.as_object_mut().unwrap();
        let defs = root
            .entry("definitions")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(defs) = defs.as_object_mut() {
            defs.extend(hoisted);
        }
    }
    (doc, moved)
}

/// Replaces `$ref`s to definitions at body and response sites by the definition. Keys beside a
/// `$ref` are ignored in Swagger 2.0 (a real connector puts `required` there), except the ones
/// ppcert reads from the site on purpose (`x-ms-visibility`) and documentation: those are kept.
fn to_inline(mut doc: Value) -> (Value, usize) {
    let mut inlined = 0;
    let defs = doc.get("definitions").cloned().unwrap_or(Value::Null);
    for site in schema_sites(&mut doc) {
        let Some(target) = site
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/definitions/"))
            .and_then(|n| defs.get(n))
            .filter(|t| t.is_object())
        else {
            continue;
        };
        let mut inline = target.clone();
        if let (Some(obj), Some(site_obj)) = (inline.as_object_mut(), site.as_object()) {
            for (k, v) in site_obj {
                if ["x-ms-visibility", "description", "x-ms-summary", "title"].contains(&k.as_str())
                {
                    obj.insert(k.clone(), v.clone());
                }
            }
        }
        *site = inline;
        inlined += 1;
    }
    (doc, inlined)
}

/// Removes the first operation that has an operationId; returns its id.
fn remove_an_operation(doc: &mut Value) -> Option<String> {
    let paths = doc.get_mut("paths")?.as_object_mut()?;
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        let found = item.iter().find_map(|(method, op)| {
            let id = op.get("operationId")?.as_str()?.to_owned();
            ["get", "put", "post", "delete", "patch"]
                .contains(&method.as_str())
                .then(|| (method.clone(), id))
        });
        if let Some((method, id)) = found {
            item.remove(&method);
            return Some(id);
        }
    }
    None
}

#[test]
fn meaning_preserving_rewrites_find_nothing() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let definitions: Vec<PathBuf> = discover(&dir)
        .unwrap()
        .iter()
        .filter_map(definition_of)
        .collect();
    assert!(
        definitions.len() >= 1000,
        "found only {}",
        definitions.len()
    );
    let set = DiffRuleSet::new(&RuleSelector::default());

    let results: Vec<(usize, [usize; 3], Vec<String>)> = definitions
        .par_iter()
        .map(|path| {
            let Ok(bytes) = std::fs::read(path) else {
                return (0, [0; 3], Vec::new());
            };
            let original = file(path, String::from_utf8_lossy(&bytes).into_owned());
            let Some(doc) = original.doc() else {
                return (0, [0; 3], Vec::new());
            };
            let value = doc.root().to_value();
            let mut reordered = String::new();
            rewrite(doc.root(), 0, &mut reordered);
            let (with_refs, hoisted) = to_refs(value.clone());
            let (inlined_doc, inlined) = to_inline(value.clone());
            let variants = [
                ("itself", String::from_utf8_lossy(&bytes).into_owned()),
                ("reordered, re-indented, trailing commas", reordered),
                (
                    "inline schemas as $refs",
                    serde_json::to_string_pretty(&with_refs).unwrap(),
                ),
                (
                    "$refs inlined",
                    serde_json::to_string(&inlined_doc).unwrap(),
                ),
            ];
            let who = Who {
                connector: "corpus",
                profile: Profile::detect(path.parent().unwrap_or(path)),
                props: None,
            };
            let mut failures = Vec::new();
            for (what, text) in variants {
                let variant = file(path, text);
                let outcome = compare_files(
                    &who,
                    Some(&original),
                    &variant,
                    &[],
                    &set,
                    Reading::Validator,
                );
                if let Some(d) = outcome.diagnostics.first() {
                    failures.push(format!(
                        "{} ({what}): {} findings, first: {}[{}] {} at {}",
                        path.display(),
                        outcome.diagnostics.len(),
                        d.severity,
                        d.rule,
                        d.message,
                        d.value_path.as_deref().unwrap_or(&d.pointer)
                    ));
                }
            }
            // The same comparison does see a real change.
            let mut broken = value;
            let mut caught = 0;
            if let Some(id) = remove_an_operation(&mut broken) {
                let variant = file(path, serde_json::to_string(&broken).unwrap());
                let outcome = compare_files(
                    &who,
                    Some(&original),
                    &variant,
                    &[],
                    &set,
                    Reading::Validator,
                );
                if outcome
                    .diagnostics
                    .iter()
                    .any(|d| d.rule == "operation-removed" && d.message.contains(&id))
                {
                    caught = 1;
                } else {
                    failures.push(format!(
                        "{}: removing `{id}` went unnoticed",
                        path.display()
                    ));
                }
            }
            (1, [hoisted, inlined, caught], failures)
        })
        .collect();
    let compared: usize = results.iter().map(|r| r.0).sum();
    let count = |i: usize| results.iter().map(|r| r.1[i]).sum::<usize>();
    let failures: Vec<&String> = results.iter().flat_map(|r| &r.2).collect();
    eprintln!(
        "{compared} definitions compared four ways; {} inline schemas moved to $refs, {} $refs inlined, {} removals caught",
        count(0),
        count(1),
        count(2)
    );
    assert!(compared >= 1000, "only {compared} definitions parsed");
    // The rewrites really rewrite: thousands of schemas move each way.
    assert!(
        count(0) > 1000 && count(1) > 1000,
        "too few rewritten schemas"
    );
    assert!(
        failures.is_empty(),
        "{} rewrites found changes:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
