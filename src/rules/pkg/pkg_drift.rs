//! ## What it checks
//! The package's connector solution carries the same definition, connection parameters, policy
//! templates, script and brand colour as the connector's PR folder.
//!
//! ## Why
//! A certification package is a separate artifact: reviewers import and test it, and read the
//! PR folder. When the two differ, what is certified is not what was reviewed, and fixes made in
//! one are missing from the other. In merged packages the definition differed from the PR
//! folder in 12 of 19, usually because the connector was changed after the export.
//!
//! ## What is compared
//! With the package inside the connector's PR folder (where independent publishers commit it):
//! - `_openapidefinition.json` with `apiDefinition.swagger.json`, as JSON (formatting ignored);
//! - `_connectionparameters.json` with `properties.connectionParameters` of `apiProperties.json`;
//! - `_policytemplateinstances.json` with `properties.policyTemplateInstances` (old exports'
//!   `TemplateId`/`Title`/`Parameters` keys read as `templateId`/`title`/`parameters`; `null` and
//!   a missing key are the same);
//! - `_customcodeblobcontent.csx` with `script.csx` (line endings ignored);
//! - `<iconbrandcolor>` with `properties.iconBrandColor` (case ignored).
//!
//! Each difference is listed as JSON pointers (`/paths/~1widgets/get/summary`), at most 20.
//!
//! ## How to fix
//! Import the PR folder's files into the environment (`paconn update` or `ppcert deploy`),
//! export the solutions again and rebuild the package; or bring the PR folder up to date with
//! what the package holds.
//!
//! ## Fix safety
//! No fix: which side is current, the package or the PR folder, is the author's decision, and ppcert never rewrites the package.
//!
//! ## References
//! - `docs/solutions.md` §4.3

use crate::connector::{Connector, JsonFile};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::{Input, SolutionConnector};
use serde_json::Value;

pub struct PkgDrift;

/// The most differences listed per file.
const MAX_LISTED: usize = 20;

impl SolutionRule for PkgDrift {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let Some(folder) = cx.folder() else { return };
        // The connector solution's connectors: those of solutions without workflows.
        let connectors: Vec<&SolutionConnector> = input
            .solutions
            .iter()
            .filter(|s| !s.has_workflows())
            .flat_map(|s| &s.connectors)
            .collect();
        for c in connectors {
            compare(cx, c, folder);
        }
    }
}

fn parse(file: &JsonFile) -> Option<Value> {
    let text = file.text()?;
    serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()
}

fn compare(cx: &mut SolutionChecker, c: &SolutionConnector, folder: &Connector) {
    let props = folder.props.as_ref().and_then(parse);
    let prop = |key: &str| {
        props
            .as_ref()
            .and_then(|p| p.get("properties"))
            .and_then(|p| p.get(key))
            .cloned()
    };
    if let (Some(ours), Some(theirs)) = (&c.swagger, &folder.swagger)
        && let (Some(a), Some(b)) = (parse(ours), parse(theirs))
    {
        report(cx, &ours.display, &theirs.display, &a, &b);
    }
    if let (Some(ours), Some(props_file)) = (&c.connection_parameters, &folder.props)
        && let Some(a) = parse(ours)
    {
        let b = prop("connectionParameters").unwrap_or(Value::Object(Default::default()));
        let theirs = format!("{} (properties.connectionParameters)", props_file.display);
        report(cx, &ours.display, &theirs, &a, &b);
    }
    if let (Some(ours), Some(props_file)) = (&c.policy_templates, &folder.props)
        && let Some(a) = parse(ours)
    {
        let a = camel_keys(a);
        let b = prop("policyTemplateInstances").unwrap_or(Value::Null);
        let empty = |v: &Value| v.is_null() || v.as_array().is_some_and(Vec::is_empty);
        if !(empty(&a) && empty(&b)) {
            let theirs = format!("{} (properties.policyTemplateInstances)", props_file.display);
            report(cx, &ours.display, &theirs, &a, &b);
        }
    }
    if let (Some(ours), Some(theirs)) = (&c.script, &folder.script)
        && ours.readable
        && theirs.readable
        && normalize(&ours.text) != normalize(&theirs.text)
    {
        cx.report_path(
            &ours.display,
            format!("the package's script differs from `{}`", theirs.display),
        )
        .help("rebuild the package from the PR folder's files, or update the PR folder");
    }
    if let (Some(color), Some(props_file)) = (c.xml.get("iconbrandcolor"), &folder.props)
        && let Some(theirs) = prop("iconBrandColor").and_then(|v| v.as_str().map(str::to_owned))
        && !color.trimmed().eq_ignore_ascii_case(theirs.trim())
    {
        cx.report_at(
            color.loc,
            format!(
                "the package's brand colour `{}` differs from `{theirs}` in `{}`",
                color.trimmed(),
                props_file.display
            ),
        )
        .help("rebuild the package from the PR folder's files, or update the PR folder");
    }
}

fn normalize(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .trim_end()
        .to_owned()
}

/// `TemplateId` → `templateId`, at every level.
fn camel_keys(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let mut chars = k.chars();
                    let k = match chars.next() {
                        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                        None => k,
                    };
                    (k, camel_keys(v))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(camel_keys).collect()),
        other => other,
    }
}

fn report(cx: &mut SolutionChecker, ours: &str, theirs: &str, a: &Value, b: &Value) {
    let mut diffs = Vec::new();
    let mut total = 0;
    differences(a, b, &mut String::new(), &mut diffs, &mut total);
    if total == 0 {
        return;
    }
    let more = total.saturating_sub(diffs.len());
    let mut list = diffs.join(", ");
    if more > 0 {
        list += &format!(" and {more} more");
    }
    cx.report_path(
        ours,
        format!(
            "the package's copy differs from `{theirs}` at {} place{}: {list}",
            total,
            if total == 1 { "" } else { "s" }
        ),
    )
    .help("reviewers test the package: rebuild it from the PR folder's files (import them, export the solutions again), or bring the PR folder up to date");
}

fn differences(a: &Value, b: &Value, at: &mut String, out: &mut Vec<String>, total: &mut usize) {
    let note = |at: &str, what: &str, out: &mut Vec<String>, total: &mut usize| {
        *total += 1;
        if out.len() < MAX_LISTED {
            let at = if at.is_empty() { "/" } else { at };
            out.push(format!("`{at}` ({what})"));
        }
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let len = at.len();
                crate::json::push_pointer_token(at, k);
                match y.get(k) {
                    Some(vb) => differences(va, vb, at, out, total),
                    None => note(at, "only in the package", out, total),
                }
                at.truncate(len);
            }
            for k in y.keys().filter(|k| !x.contains_key(*k)) {
                let len = at.len();
                crate::json::push_pointer_token(at, k);
                note(at, "only in the PR folder", out, total);
                at.truncate(len);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                differences(va, vb, at, out, total);
                at.truncate(len);
            }
        }
        _ if a == b => {}
        _ => note(at, "changed", out, total),
    }
}
