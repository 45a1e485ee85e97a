//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>

use crate::diagnostic::{Diagnostic, Severity};
use crate::fingerprint::fingerprint;
use crate::rules::{self, RuleMeta};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use crate::rules::DOCS_URL;

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

/// Which rules `tool.driver.rules` lists: every rule ppcert checks, and for `convert` also the
/// conversion findings (each `ruleId` of the results must be listed for code scanning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleCatalog {
    Rules,
    RulesAndConvert,
}

/// Where the conversion findings are documented.
const CONVERT_DOCS_URL: &str = "https://github.com/ppcert/ppcert/blob/main/docs/convert.md";

fn convert_descriptor(c: &crate::convert::ids::ConvertId) -> Value {
    json!({
        "id": c.id,
        "name": pascal(c.id),
        "shortDescription": {"text": c.summary},
        "fullDescription": {"text": c.summary},
        "help": {"text": c.summary, "markdown": c.summary},
        "helpUri": format!("{CONVERT_DOCS_URL}#{}", c.id),
        "defaultConfiguration": {"level": level(c.severity)},
        "properties": {"tags": ["convert"], "precision": "high"},
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    partial_fingerprints: Fingerprints,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    logical_locations: Option<Vec<LogicalLocation<'a>>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "ppcert/v2")]
    v2: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    connector: &'a str,
    profile: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    validator_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value_path: Option<&'a str>,
}

fn result<'a>(
    d: &'a Diagnostic,
    root: &Path,
    cwd: &Path,
    rule_index: Option<usize>,
) -> SarifResult<'a> {
    // A finding inside an archive is located on the archive file (what viewers can open); the
    // chain of entries and the place inside the innermost one go in the message and a logical
    // location.
    let nested = crate::diagnostic::split_nested(&d.file);
    let on_disk = nested.map_or(d.file.as_str(), |(outer, _)| outer);
    let abs = cwd.join(on_disk);
    let rel = abs
        .strip_prefix(root)
        .map(|p| p.to_string_lossy().replace('\\', "/"));
    let artifact_location = match &rel {
        Ok(rel) => ArtifactLocation {
            uri: uri_path(rel),
            uri_base_id: Some("%SRCROOT%"),
        },
        Err(_) => ArtifactLocation {
            uri: format!("file://{}", uri_path(&abs.to_string_lossy())),
            uri_base_id: None,
        },
    };
    let spanned = d.span.is_some() && nested.is_none();
    let (line, column) = if nested.is_some() {
        (1, 1)
    } else {
        (d.line, d.column)
    };
    let mut logical = Vec::new();
    if nested.is_some() {
        logical.push(LogicalLocation {
            fully_qualified_name: &d.file,
            kind: "resource",
        });
    }
    if !d.pointer.is_empty() {
        logical.push(LogicalLocation {
            fully_qualified_name: &d.pointer,
            kind: "member",
        });
    }
    let text = match nested {
        Some(_) => format!("{} (at {}:{}:{})", d.message, d.file, d.line, d.column).into(),
        None => std::borrow::Cow::Borrowed(d.message.as_str()),
    };
    SarifResult {
        rule_id: d.rule,
        rule_index,
        level: level(d.severity),
        message: Text { text },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location,
                region: Region {
                    start_line: line,
                    start_column: column,
                    end_line: spanned.then_some(d.end_line),
                    end_column: spanned.then_some(d.end_column),
                },
            },
            logical_locations: (!logical.is_empty()).then_some(logical),
        }],
        partial_fingerprints: Fingerprints {
            v2: fingerprint(d, rel.as_deref().unwrap_or(&d.file)),
        },
        properties: ResultProperties {
            connector: &d.connector,
            profile: d.profile,
            validator_code: d.validator_code,
            value_path: d.value_path.as_deref(),
        },
    }
}

/// Writes the whole run, one result at a time as the diagnostics come: nothing but the current
/// result is held in memory. `root` is the folder URIs are relative to (the repository's work
/// tree, else the working directory); `cwd` is where the diagnostics' paths are relative to.
pub fn write_sarif<'d>(
    out: &mut dyn Write,
    diags: impl IntoIterator<Item = &'d Diagnostic>,
    root: &Path,
    cwd: &Path,
    catalog: RuleCatalog,
) -> io::Result<()> {
    write_sarif_run(out, diags, root, cwd, catalog, None)
}

/// [`write_sarif`] with the run's summary in `runs[0].properties`: the profile each connector was
/// judged under and why, and the inputs that could not be judged.
pub fn write_sarif_run<'d>(
    out: &mut dyn Write,
    diags: impl IntoIterator<Item = &'d Diagnostic>,
    root: &Path,
    cwd: &Path,
    catalog: RuleCatalog,
    summary: Option<&super::Summary>,
) -> io::Result<()> {
    let linted: Vec<&RuleMeta> = rules::all()
        .iter()
        .filter(|r| r.is_implemented())
        .map(|r| &r.meta)
        .collect();
    let mut descriptors: Vec<Value> = linted.iter().map(|m| rule_descriptor(m)).collect();
    if catalog == RuleCatalog::RulesAndConvert {
        descriptors.extend(crate::convert::ids::ALL.iter().map(convert_descriptor));
    }
    let index: HashMap<&str, usize> = descriptors
        .iter()
        .enumerate()
        .filter_map(|(i, d)| Some((d["id"].as_str()?, i)))
        .collect();
    let root_uri = format!(
        "file://{}/",
        uri_path(root.to_string_lossy().trim_end_matches('/'))
    );
    let tool = json!({"driver": {
        "name": "ppcert",
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "version": env!("CARGO_PKG_VERSION"),
        "informationUri": "https://github.com/ppcert/ppcert",
        "rules": descriptors,
    }});
    let base = json!({"%SRCROOT%": {"uri": root_uri}});
    out.write_all(
        b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ",
    )?;
    serde_json::to_writer(&mut *out, &tool)?;
    out.write_all(b",\n      \"originalUriBaseIds\": ")?;
    serde_json::to_writer(&mut *out, &base)?;
    if let Some(summary) = summary {
        let properties = json!({
            "profiles": summary.profiles,
            "unjudged": summary.unjudged,
            "notices": summary.notices,
        });
        out.write_all(b",\n      \"properties\": ")?;
        serde_json::to_writer(&mut *out, &properties)?;
    }
    out.write_all(b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [")?;
    let mut first = true;
    for d in diags {
        out.write_all(if first {
            &b"\n        "[..]
        } else {
            b",\n        "
        })?;
        first = false;
        let r = result(d, root, cwd, index.get(d.rule).copied());
        serde_json::to_writer(&mut *out, &r)?;
    }
    let end: &[u8] = if first {
        b"]\n    }\n  ]\n}\n"
    } else {
        b"\n      ]\n    }\n  ]\n}\n"
    };
    out.write_all(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    struct Shared(Rc<RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn diagnostic(rule: &'static str) -> Diagnostic {
        Diagnostic {
            rule,
            severity: Severity::Error,
            message: "m".into(),
            file: "c/apiDefinition.swagger.json".into(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 2,
            pointer: "/info".into(),
            validator_code: None,
            help: None,
            value_path: None,
            connector: "c".into(),
            profile: "custom",
            span: Some((0, 1)),
            fix: None,
            related: Vec::new(),
        }
    }

    /// Each result is written before the next diagnostic is asked for: nothing is collected.
    #[test]
    fn results_are_written_as_the_diagnostics_come() {
        let buffer = Rc::new(RefCell::new(Vec::new()));
        let diags = vec![diagnostic("title-required"); 3];
        let seen = buffer.clone();
        let lazily = diags.iter().enumerate().map(|(i, d)| {
            let text = String::from_utf8_lossy(&seen.borrow()).into_owned();
            assert_eq!(text.matches("\"ruleId\"").count(), i, "{text}");
            d
        });
        let mut out = Shared(buffer.clone());
        let root = Path::new("/repo");
        write_sarif(&mut out, lazily, root, root, RuleCatalog::Rules).unwrap();
        let doc: Value = serde_json::from_slice(&buffer.borrow()).unwrap();
        let results = doc["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 3);
        let index = results[0]["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            doc["runs"][0]["tool"]["driver"]["rules"][index]["id"],
            "title-required"
        );
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "c/apiDefinition.swagger.json"
        );
    }

    #[test]
    fn an_empty_run_is_valid_json() {
        let mut out = Vec::new();
        let root = Path::new("/repo");
        write_sarif(&mut out, [], root, root, RuleCatalog::RulesAndConvert).unwrap();
        let doc: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(doc["runs"][0]["results"], json!([]));
        let rules = doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert!(rules.iter().any(|r| r["id"] == "convert-input-syntax"));
    }
}
