//! ## What it checks
//! Only for packages that ship an AI plugin (some solution's `customizations.xml` has an
//! `aicopilot_aiplugin` with content): that one solution is the plugin solution — a
//! `Connector` and an `aicopilot_aiplugin`, no `Workflows` — and that every solution with an
//! `aicopilot_aiplugin` has the folders `Connector/`, `aiplugins/` and `aipluginoperations/`.
//!
//! ConnectorPackageValidator.ps1 asks whether the plugin is enabled; ppcert infers it from the
//! solutions. One of the script's plugin conditions can never be true, so it never reports a
//! missing `aipluginoperations/`; ppcert does.
//!
//! ## Why it matters for certification
//! Connectors with an AI plugin submit a third solution; the script fails the package when no
//! solution classifies as the plugin solution, or when its folders are missing (steps 6–8).
//!
//! ## Example
//! A plugin solution holding `aiplugins/` but no `aipluginoperations/`.
//!
//! Use instead: export the plugin solution again with the plugin's operations.
//!
//! ## Fix safety
//! No fix: the plugin solution and its folders come only from exporting it again; ppcert never rewrites packages.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
use crate::rules::util::solutions::{
    Role, has_folder, has_plugin, label, package_solutions, ps_view, role,
};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgPluginSolution;

impl SolutionRule for PkgPluginSolution {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        if !has_plugin(input) {
            return;
        }
        let Some(inner) = input.package.as_ref().and_then(|p| p.inner.as_ref()) else {
            return;
        };
        if !package_solutions(input).any(|s| role(s) == Role::Plugin) {
            let with_plugin = package_solutions(input)
                .filter(|s| ps_view(s).2)
                .map(|s| {
                    let (c, w, _) = ps_view(s);
                    let why = match (c, w) {
                        (false, _) => "it has no `Connector`",
                        _ => "it also has `Workflows`",
                    };
                    format!("{} has an `aicopilot_aiplugin` but {why}", label(s))
                })
                .collect::<Vec<_>>()
                .join("; ");
            let at = inner
                .assets
                .as_ref()
                .map(|a| format!("{}!/{a}/", inner.display))
                .unwrap_or_else(|| inner.display.clone());
            cx.report_path(
                &at,
                format!(
                    "the package ships an AI plugin but no solution is the plugin solution (a `Connector` and an `aicopilot_aiplugin`, no `Workflows`): {with_plugin}"
                ),
            )
            .help("export the connector with its AI plugin in a solution of its own, without flows");
        }
        for s in package_solutions(input).filter(|s| ps_view(s).2) {
            let missing: Vec<&str> = ["Connector", "aiplugins", "aipluginoperations"]
                .into_iter()
                .filter(|f| !has_folder(s, f))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let list = missing
                .iter()
                .map(|f| format!("`{f}/`"))
                .collect::<Vec<_>>()
                .join(", ");
            cx.report_path(
                &s.tree.display,
                format!(
                    "the plugin solution {} has an `aicopilot_aiplugin` but no {list} folder",
                    label(s)
                ),
            )
            .help("export the plugin solution again; the export writes the connector, the plugin and its operations to these folders");
        }
    }
}
