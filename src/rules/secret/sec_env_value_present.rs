//! ## What it checks
//! That no `environmentvariabledefinitions/<schema>/environmentvariablevalues.json` travels with
//! the solution: an environment variable's current value belongs to one environment.
//!
//! The finding is an error when the variable is typed String (`100000000`) or JSON
//! (`100000003`) and its schema name says secret, password, token or API key, or its value looks
//! like a credential (a well-known token format, a connection string with a password, a
//! long random string): the secret is then in the solution in clear text. The message gives the
//! value's length, never the value.
//!
//! ## Why it matters
//! Microsoft tells makers to remove the current value from the solution before exporting when
//! the next environment needs its own value; each environment sets it at import (or through the
//! deployment settings file). A value in the solution overwrites the target's, and a String-typed
//! variable that holds a client secret — the CoE Starter Kit ships one named "Client Secret" —
//! leaks it to everyone who gets the file. Secret-typed variables hold only a Key Vault reference.
//!
//! ## Example
//! `environmentvariabledefinitions/cr123_ApiKey/environmentvariablevalues.json`:
//! ```json
//! { "environmentvariablevalues": { "environmentvariablevalue": { "schemaname": "cr123_ApiKey", "value": "9f86d081884c7d65…" } } }
//! ```
//! Use instead: in the solution, choose *Remove from this solution* on the variable's current
//! value before exporting; make the variable Secret-typed (Azure Key Vault) if it holds a
//! secret, and set values per environment with a deployment settings file.
//!
//! ## Fix safety
//! No fix: the current value is removed from the solution in the environment before exporting (ppcert never rewrites solutions), and a leaked secret must be revoked anyway.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/environmentvariables>
//! - <https://github.com/microsoft/coe-starter-kit/tree/main/CenterofExcellenceCoreComponents/SolutionPackage/src/environmentvariabledefinitions>
use crate::diagnostic::Severity;
use crate::rules::util::leaks;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SecEnvValuePresent;

const HELP: &str = "remove the current value from the solution before exporting (the variable's value → Remove from this solution) and set it per environment";

impl SolutionRule for SecEnvValuePresent {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            for file in &s.environment_values {
                let variable = s.environment_variables.iter().find(|v| {
                    v.value_file
                        .as_ref()
                        .is_some_and(|p| s.tree.display_of(p) == file.display)
                });
                let name = variable.map(|v| v.name()).unwrap_or_else(|| {
                    // `environmentvariabledefinitions/<schema>/environmentvariablevalues.json`
                    let mut parts = file.display.rsplit('/');
                    parts.nth(1).unwrap_or("?").to_owned()
                });
                let typed_text = variable
                    .and_then(|v| v.type_code())
                    .is_some_and(|t| t == "100000000" || t == "100000003");
                let value = file.doc().and_then(|d| {
                    d.root().descendants().find(|n| {
                        n.key().is_some_and(|k| k.eq_ignore_ascii_case("value"))
                            && n.as_str().is_some_and(|v| !v.trim().is_empty())
                    })
                });
                let Some(node) = value else {
                    cx.report_path(
                        &file.display,
                        format!("environment variable `{name}` has a value file in the solution"),
                    )
                    .help(HELP);
                    continue;
                };
                let v = node.as_str().unwrap_or_default();
                let why = if leaks::strong_secret_name(&name) {
                    Some("its name says it is a secret".to_owned())
                } else if let Some(kind) = leaks::credential_kind(v) {
                    Some(format!("the value looks like {kind}"))
                } else if leaks::random_looking(v) {
                    Some("the value looks like a random key".to_owned())
                } else {
                    None
                };
                let mut message = format!(
                    "environment variable `{name}` has a current value in the solution ({})",
                    leaks::shape(v)
                );
                match why.filter(|_| typed_text) {
                    Some(why) => {
                        message.push_str(&format!(
                            "; it is a text variable and {why}, so the secret is in clear text"
                        ));
                        cx.report_json(file, node, message)
                            .severity(Severity::Error)
                            .help("remove the value and revoke it; keep secrets in a Secret-typed variable backed by Azure Key Vault");
                    }
                    None => {
                        cx.report_json(file, node, message).help(HELP);
                    }
                }
            }
        }
    }
}
