//! `cargo bench --bench convert`: how long `ppcert convert` takes on a 1 MB OpenAPI 3 document
//! (the issue asks for under 100 ms).
//!
//! Documents measured, in-process (no process start, no file writing):
//! - a synthetic OpenAPI 3.0 document of about 1 MB (operations with parameters, JSON and form
//!   bodies, responses, shared schemas, `oneOf`), as JSON and read as YAML (JSON is YAML);
//! - when `../shared/corpus` (or `$PPCERT_CORPUS`) is there, the largest corpus definitions
//!   turned into OpenAPI 3 by the test support's Swagger 2 → 3 step, merged up to about 1 MB.
//!
//! Figures only: there are no timing assertions anywhere in the tests.

#[path = "../tests/support/swagger2to3.rs"]
mod swagger2to3;

use ppcert::connector::Profile;
use ppcert::convert::{Options, Syntax, convert};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn synthetic(target: usize) -> String {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    let mut i = 0;
    loop {
        schemas.insert(
            format!("Item{i}"),
            json!({"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string", "description": "The identifier."},
                "count": {"type": "integer", "format": "int32", "minimum": 0},
                "tags": {"type": "array", "items": {"type": "string"}},
                "owner": {"$ref": format!("#/components/schemas/Item{}", i / 2), "description": "The owner."},
                "kind": {"oneOf": [{"$ref": "#/components/schemas/Item0"}, {"type": "object", "properties": {"x": {"type": "string"}}}]},
                "note": {"type": "string", "nullable": true}
            }}),
        );
        paths.insert(
            format!("/items{i}/{{id}}"),
            json!({
                "parameters": [{"name": "id", "in": "path", "required": true, "description": "The item.", "schema": {"type": "string"}}],
                "get": {"summary": format!("Get item {i}"), "description": "Gets an item.", "operationId": format!("GetItem{i}"),
                    "parameters": [{"name": "expand", "in": "query", "description": "What to expand.", "schema": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}}],
                    "responses": {"200": {"description": "The item.", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Item{i}")}}}},
                                  "default": {"description": "An error.", "content": {"application/json": {"schema": {"type": "object"}}}}}},
                "put": {"summary": format!("Update item {i}"), "description": "Updates an item.", "operationId": format!("PutItem{i}"),
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Item{i}")}}}},
                    "responses": {"200": {"description": "Updated."}}},
                "post": {"summary": format!("Upload to item {i}"), "description": "Uploads a file.", "operationId": format!("PostItem{i}"),
                    "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}, "name": {"type": "string"}}}}}},
                    "responses": {"201": {"description": "Created."}}}
            }),
        );
        i += 1;
        if i % 20 == 0 {
            let doc = document(&paths, &schemas);
            if doc.len() >= target {
                return doc;
            }
        }
    }
}

fn document(
    paths: &serde_json::Map<String, Value>,
    schemas: &serde_json::Map<String, Value>,
) -> String {
    serde_json::to_string_pretty(&json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0", "description": "A synthetic document for the benchmark of ppcert convert."},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
        "security": [{"key": []}]
    }))
    .unwrap()
}

fn corpus_document(target: usize) -> Option<String> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let mut defs: Vec<(u64, PathBuf)> = Vec::new();
    for track in std::fs::read_dir(&dir).ok()?.flatten() {
        for c in std::fs::read_dir(track.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let p = c.path().join("apiDefinition.swagger.json");
            if let Ok(m) = std::fs::metadata(&p) {
                defs.push((m.len(), p));
            }
        }
    }
    defs.sort_by_key(|d| std::cmp::Reverse(d.0));
    // The largest definition alone is about 1 MB; take it converted to OpenAPI 3.
    for (_, p) in defs {
        let text = std::fs::read_to_string(&p).ok()?;
        let Ok(sw) = serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) else {
            continue;
        };
        let doc = serde_json::to_string_pretty(&swagger2to3::convert(&sw)).ok()?;
        if doc.len() >= target / 2 {
            eprintln!(
                "corpus document: {} ({} bytes as OpenAPI 3)",
                p.display(),
                doc.len()
            );
            return Some(doc);
        }
    }
    None
}

fn measure(name: &str, text: &str, syntax: Syntax) {
    let opts = Options {
        input: "bench.json".into(),
        connector: "out".into(),
        profile: Profile::Certified,
        syntax,
    };
    let first = convert(text, &opts);
    assert!(first.output.is_some(), "{name}: converted");
    let mut samples: Vec<Duration> = (0..15)
        .map(|_| {
            let start = Instant::now();
            let c = convert(text, &opts);
            std::hint::black_box(&c.output);
            start.elapsed()
        })
        .collect();
    samples.sort();
    println!(
        "{name}: {:.2} MB, {} findings — best {:.1} ms, median {:.1} ms",
        text.len() as f64 / 1e6,
        first.diagnostics.len(),
        samples[0].as_secs_f64() * 1e3,
        samples[samples.len() / 2].as_secs_f64() * 1e3
    );
}

fn main() {
    let doc = synthetic(1_000_000);
    measure("synthetic OpenAPI 3.0, JSON", &doc, Syntax::Json);
    measure("synthetic OpenAPI 3.0, read as YAML", &doc, Syntax::Yaml);
    match corpus_document(1_000_000) {
        Some(doc) => measure(
            "largest corpus definition as OpenAPI 3, JSON",
            &doc,
            Syntax::Json,
        ),
        None => println!("corpus document: skipped (no corpus)"),
    }
}
