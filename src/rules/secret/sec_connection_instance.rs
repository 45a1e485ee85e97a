//! ## What it checks
//! Lists each `connectionreferences/<logicalname>/connectioninstance_connectionparametersconfig.json`
//! whose `connectionparametersconfig` is not empty, naming the keys it holds (never their
//! values), so that someone reviews them before the solution is shared.
//!
//! ## Why it matters
//! Exports since 2025 may write these files next to a connection reference. The two we have seen
//! held `{"connectionparametersconfig": {}}`; what else they can carry is not documented. If they
//! carry a connection's parameter values, they may hold environment-specific settings or
//! credentials.
//!
//! ## Example
//! ```json
//! { "connectionparametersconfig": { "token": { "value": "…" } } }
//! ```
//! Review: check that nothing in it is a secret or specific to the source environment; remove
//! the values before sharing the solution if they are.
//!
//! ## Fix safety
//! No fix: the finding asks for a review; whether the values are secrets or belong to one environment only the author can tell.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/tree/dev/independent-publisher-connectors>
use crate::json::JsonRef;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SecConnectionInstance;

/// How many keys a finding names.
const MAX_KEYS: usize = 10;

impl SolutionRule for SecConnectionInstance {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for file in input.solutions.iter().flat_map(|s| &s.connection_instances) {
            let Some(root) = file.doc().map(|d| d.root()) else {
                continue;
            };
            let config = root.get_ignore_case("connectionparametersconfig");
            let is_config_file = file
                .display
                .to_ascii_lowercase()
                .ends_with("connectionparametersconfig.json");
            let Some(config) = config.or_else(|| is_config_file.then_some(root)) else {
                continue;
            };
            let empty = config.is_null()
                || ((config.is_object() || config.is_array()) && config.is_empty())
                || config.as_str().is_some_and(|s| s.trim().is_empty() || s.trim() == "{}");
            if empty {
                continue;
            }
            let keys = leaf_keys(config);
            let listed = if keys.is_empty() {
                format!("a {} value", config.json_type())
            } else {
                let mut shown: Vec<String> =
                    keys.iter().take(MAX_KEYS).map(|k| format!("`{k}`")).collect();
                if keys.len() > MAX_KEYS {
                    shown.push(format!("and {} more", keys.len() - MAX_KEYS));
                }
                shown.join(", ")
            };
            cx.report_json(
                file,
                config,
                format!("connection parameter configuration is not empty: review what it holds ({listed})"),
            )
            .help("check that none of these values is a secret or specific to the source environment before sharing the solution");
        }
    }
}

/// The paths of the scalar values under `node`, relative to it (`token/value`).
fn leaf_keys(node: JsonRef) -> Vec<String> {
    let base = node.pointer();
    node.descendants()
        .filter(|n| !n.is_object() && !n.is_array() && n.id() != node.id())
        .map(|n| {
            let p = n.pointer();
            p[base.len()..].trim_start_matches('/').to_owned()
        })
        .collect()
}
