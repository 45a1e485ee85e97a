//! ## What it checks
//! That a deployment settings file kept with an unpacked solution — any JSON file of the
//! solution's tree whose top level has an `EnvironmentVariables` or `ConnectionReferences`
//! array, as `pac solution create-settings` writes — holds no connection id and no
//! secret-looking value:
//!
//! - `ConnectionReferences[].ConnectionId` is empty or a pipeline token (`#{…}#`, `$(…)`,
//!   `__…__`);
//! - `EnvironmentVariables[].Value` is not a secret: the variable's `SchemaName` says secret,
//!   password, token or API key, or the value looks like a credential or a random key.
//!
//! A settings file beside a solution zip is not looked at. The message gives the value's
//! length, never the value. This is a heuristic: it warns.
//!
//! ## Why it matters
//! The deployment settings file is meant to be filled per target environment by the pipeline,
//! from its variables and secret store. Committed with real connection ids it ties the source to
//! one environment; committed with secrets it leaks them to everyone who can read the
//! repository.
//!
//! ## Example
//! ```json
//! { "EnvironmentVariables": [ { "SchemaName": "cr123_ApiKey", "Value": "9f86d081884c7d65…" } ],
//!   "ConnectionReferences": [ { "LogicalName": "cr123_sharedcontosoweather_5f0a1b", "ConnectionId": "3c1f…", "ConnectorId": "/providers/Microsoft.PowerApps/apis/shared_…" } ] }
//! ```
//! Use instead: commit the file with empty values or pipeline tokens, and let the pipeline fill
//! them in:
//! ```json
//! { "SchemaName": "cr123_ApiKey", "Value": "#{ContosoApiKey}#" }
//! ```
//!
//! ## Fix safety
//! No fix: what the pipeline fills in (an empty value, or a token in its own syntax) is the author's choice, and a committed secret must be revoked anyway.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-platform/alm/conn-ref-env-variables-build-tools>
use crate::connector::{FileKind, JsonFile};
use crate::rules::util::leaks;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;
use std::path::Path;

pub struct SecSettingsFile;

/// Folders of a solution that hold its own components, never a settings file.
const COMPONENT_FOLDERS: &[&str] = &[
    "workflows/",
    "connector/",
    "connectors/",
    "environmentvariabledefinitions/",
    "connectionreferences/",
    "canvasapps/",
];

/// Settings files are small; anything larger is not one.
const MAX_SETTINGS_BYTES: u64 = 4 << 20;

fn pipeline_token(v: &str) -> bool {
    let v = v.trim();
    (v.starts_with("#{") && v.ends_with("}#"))
        || (v.starts_with("$(") && v.ends_with(')'))
        || (v.starts_with("${") && v.ends_with('}'))
        || (v.starts_with("__") && v.ends_with("__") && v.len() > 4)
}

impl SolutionRule for SecSettingsFile {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            for entry in &s.tree.entries {
                let lower = entry.path.to_ascii_lowercase();
                if !lower.ends_with(".json")
                    || entry.size > MAX_SETTINGS_BYTES
                    || COMPONENT_FOLDERS
                        .iter()
                        .any(|f| lower.starts_with(f) || lower.contains(&format!("/{f}")))
                {
                    continue;
                }
                let Ok(bytes) = s.tree.read(entry) else {
                    continue;
                };
                let mut problems = Vec::new();
                let file = JsonFile::from_bytes(
                    FileKind::Settings,
                    Path::new(&entry.path),
                    s.tree.display_of(&entry.path),
                    bytes,
                    &mut problems,
                );
                check_file(cx, &file);
            }
        }
    }
}

fn check_file(cx: &mut SolutionChecker, file: &JsonFile) {
    let Some(root) = file.doc().map(|d| d.root()) else {
        return;
    };
    let vars = root.get_ignore_case("EnvironmentVariables").filter(|v| v.is_array());
    let refs = root.get_ignore_case("ConnectionReferences").filter(|v| v.is_array());
    if vars.is_none() && refs.is_none() {
        return;
    }
    for item in refs.into_iter().flat_map(|r| r.items()) {
        let Some(id) = item.get_ignore_case("ConnectionId") else {
            continue;
        };
        let Some(v) = id.as_str().map(str::trim).filter(|v| !v.is_empty()) else {
            continue;
        };
        if pipeline_token(v) || leaks::is_placeholder(v) {
            continue;
        }
        let name = item.get_ignore_case("LogicalName").and_then(|n| n.as_str()).unwrap_or("?");
        cx.report_json(
            file,
            id,
            format!(
                "deployment settings file sets connection reference `{name}` to a connection id ({}): the file is meant to be filled per environment",
                leaks::shape(v)
            ),
        )
        .help("commit the settings file with an empty `ConnectionId` (or a pipeline token such as `#{ConnectionId}#`) and let the pipeline fill it in");
    }
    for item in vars.into_iter().flat_map(|r| r.items()) {
        let Some(value) = item.get_ignore_case("Value") else {
            continue;
        };
        let Some(v) = value.as_str().map(str::trim).filter(|v| !v.is_empty()) else {
            continue;
        };
        if pipeline_token(v) || leaks::is_placeholder(v) || leaks::is_reference(v) {
            continue;
        }
        let name = item.get_ignore_case("SchemaName").and_then(|n| n.as_str()).unwrap_or("?");
        let why = if leaks::strong_secret_name(name) {
            "its name says it is a secret".to_owned()
        } else if let Some(kind) = leaks::credential_kind(v) {
            format!("the value looks like {kind}")
        } else if leaks::random_looking(v) {
            "the value looks like a random key".to_owned()
        } else {
            continue;
        };
        cx.report_json(
            file,
            value,
            format!(
                "deployment settings file sets environment variable `{name}` to a value ({}) and {why}",
                leaks::shape(v)
            ),
        )
        .help("commit the settings file with an empty `Value` (or a pipeline token such as `#{ApiKey}#`) and keep the secret in the pipeline's secret store");
    }
}
