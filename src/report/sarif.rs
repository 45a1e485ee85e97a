//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>

use crate::diagnostic::{Diagnostic, Severity};
use crate::fingerprint::fingerprint;
use crate::rules::{self, RuleMeta};
use serde_json::{Value, json};
use std::path::Path;

/// Where rule documentation lives online.
pub const DOCS_URL: &str = "https://github.com/ppcert/ppcert/blob/main/docs/rules.md";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| w[..1].to_uppercase() + &w[1..])
        .collect()
}

/// Percent-encodes a relative path for a URI reference, keeping `/`.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rule_descriptor(m: &RuleMeta) -> Value {
    let help = if m.doc.is_empty() { m.rationale } else { m.doc };
    let mut tags: Vec<&str> = vec![m.file.as_str()];
    tags.extend(m.profiles.iter().map(|p| p.as_str()));
    json!({
        "id": m.id,
        "name": pascal(m.id),
        "shortDescription": {"text": m.summary},
        "fullDescription": {"text": m.rationale},
        "help": {"text": help, "markdown": help},
        "helpUri": format!("{DOCS_URL}#{}", m.id),
        "defaultConfiguration": {"level": level(m.severity)},
        "properties": {
            "tags": tags,
            "precision": if m.lint == rules::LintKind::Heuristic { "medium" } else { "high" },
            "validatorCodes": m.validator_codes,
        }
    })
}

/// Renders the whole run. `root` is the folder URIs are relative to (the repository's work tree,
/// else the working directory); `cwd` is where the diagnostics' paths are relative to.
pub fn render_sarif(diags: &[Diagnostic], root: &Path, cwd: &Path) -> String {
    let linted: Vec<&RuleMeta> = rules::all()
        .iter()
        .filter(|r| r.is_implemented())
        .map(|r| &r.meta)
        .collect();
    let index_of = |id: &str| linted.iter().position(|m| m.id == id);
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let abs = cwd.join(&d.file);
            let rel = abs.strip_prefix(root).map(|p| p.to_string_lossy().replace('\\', "/"));
            let artifact = match &rel {
                Ok(rel) => json!({"uri": uri_path(rel), "uriBaseId": "%SRCROOT%"}),
                Err(_) => json!({"uri": format!("file://{}", uri_path(&abs.to_string_lossy()))}),
            };
            let mut region = json!({"startLine": d.line, "startColumn": d.column});
            if d.span.is_some() {
                region["endLine"] = d.end_line.into();
                region["endColumn"] = d.end_column.into();
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
                "partialFingerprints": {"ppcert/v1": fingerprint(d, rel.as_deref().unwrap_or(&d.file))},
                "properties": {"connector": d.connector, "profile": d.profile},
            });
            if let Some(i) = index_of(d.rule) {
                result["ruleIndex"] = i.into();
            }
            if !d.pointer.is_empty() {
                result["locations"][0]["logicalLocations"] = json!([{"fullyQualifiedName": d.pointer, "kind": "member"}]);
            }
            if let Some(code) = d.validator_code {
                result["properties"]["validatorCode"] = code.into();
            }
            if let Some(path) = &d.value_path {
                result["properties"]["valuePath"] = path.as_str().into();
            }
            result
        })
        .collect();
    let root_uri = format!(
        "file://{}/",
        uri_path(root.to_string_lossy().trim_end_matches('/'))
    );
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "ppcert",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/ppcert/ppcert",
                "rules": linted.iter().map(|m| rule_descriptor(m)).collect::<Vec<_>>(),
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
            "results": results,
            "columnKind": "unicodeCodePoints",
        }]
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
