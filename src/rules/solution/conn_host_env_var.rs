//! ## What it checks
//! Where the connector reads a setting from an environment variable —
//! `@environmentVariables("x")` in its definition's `host` or anywhere in its connection
//! parameters (OAuth client id, client secret, resource URL, …) — that the variable `x` is
//! defined in a solution of the input (`environmentvariabledefinitions/x/`) or listed as a
//! missing dependency. A variable found nowhere is a warning.
//!
//! When a `clientSecret` reads a Secret-type variable (Key Vault), it notes (info) that managed
//! import currently loses that reference (#4010), so the secret must be set again after import.
//!
//! ## Why it matters
//! Custom connectors may take their host and OAuth settings from environment variables, and
//! the export carries the reference, not the value (a typed client secret is not exported at
//! all). A reference to a variable that doesn't travel with the solution leaves the setting
//! empty after import.
//!
//! ## Example
//! `"host": "@environmentVariables(\"cts_ContosoHost\")"` in a solution without
//! `environmentvariabledefinitions/cts_ContosoHost/`.
//!
//! Use instead: add the environment variable to the solution (Add existing → Environment
//! variable) and export again.
//!
//! ## Fix safety
//! No fix: adding the environment variable to the solution, or correcting the reference, is done in the environment and is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/issues/4010>
//! - <https://carinaclaesson.com/2024/05/08/using-oauth-2-0-in-custom-connectors>
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets>
use crate::connector::JsonFile;
use crate::diagnostic::Severity;
use crate::json::JsonRef;
use crate::rules::util::solutions::connector_solutions;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ConnHostEnvVar;

/// The variable names a text reads with `@environmentVariables("x")` (or `'x'`).
fn variables(text: &str) -> Vec<String> {
    const CALL: &str = "@environmentvariables(";
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(CALL) {
        let start = from + i + CALL.len();
        from = start;
        let rest = text[start..].trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            out.push(rest[1..1 + end].trim().to_owned());
        }
    }
    out
}

/// The type code of Secret environment variables (D5).
const SECRET_TYPE: &str = "100000005";

impl SolutionRule for ConnHostEnvVar {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        // Variables the input defines (name → type) and the names it depends on.
        let defined: Vec<(String, Option<String>)> = input
            .solutions
            .iter()
            .flat_map(|s| s.environment_variables.iter())
            .map(|e| (e.name(), e.type_code().map(str::to_owned)))
            .collect();
        let depended: Vec<String> = input
            .solutions
            .iter()
            .filter_map(|s| s.manifest.as_ref())
            .flat_map(|m| m.missing_dependencies.iter())
            .filter_map(|d| d.required.as_ref())
            .map(|r| r.name().to_owned())
            .collect();
        for s in connector_solutions(input) {
            for c in &s.connectors {
                let mut places: Vec<(&JsonFile, JsonRef)> = Vec::new();
                if let Some(f) = &c.swagger
                    && let Some(host) = f.doc().and_then(|d| d.root().get("host"))
                {
                    places.push((f, host));
                }
                for f in [&c.connection_parameters, &c.parameter_sets]
                    .into_iter()
                    .flatten()
                {
                    if let Some(doc) = f.doc() {
                        places.extend(
                            doc.root()
                                .descendants()
                                .filter(|n| n.is_string())
                                .map(|n| (f, n)),
                        );
                    }
                }
                for (file, node) in places {
                    let Some(text) = node.as_str() else { continue };
                    for name in variables(text) {
                        let def = defined.iter().find(|(n, _)| n.eq_ignore_ascii_case(&name));
                        let is_dependency = depended.iter().any(|d| d.eq_ignore_ascii_case(&name));
                        match def {
                            None if !is_dependency => {
                                cx.report_json(
                                    file,
                                    node,
                                    format!(
                                        "the connector `{}` reads the environment variable `{name}`, which no solution of the input defines or depends on",
                                        c.name
                                    ),
                                )
                                .severity(Severity::Warning)
                                .help(format!(
                                    "add the environment variable `{name}` to the solution (Add existing → Environment variable) and export again"
                                ));
                            }
                            Some((_, Some(t)))
                                if t == SECRET_TYPE
                                    && node.key().is_some_and(|k| {
                                        k.eq_ignore_ascii_case("clientSecret")
                                    }) =>
                            {
                                cx.report_json(
                                    file,
                                    node,
                                    format!(
                                        "the connector `{}` reads its client secret from the Secret-type environment variable `{name}`; a managed import currently loses this reference",
                                        c.name
                                    ),
                                )
                                .help("after a managed import, check the connector's OAuth client secret and set it again if it is empty");
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::variables;

    #[test]
    fn reads_variable_names() {
        assert_eq!(
            variables("@environmentVariables(\"cts_Host\")"),
            ["cts_Host"]
        );
        assert_eq!(
            variables("https://@EnvironmentVariables('a')/x/@environmentVariables( \"b\" )"),
            ["a", "b"]
        );
        assert!(variables("@environmentVariables(cts)").is_empty());
    }
}
