//! ## What it checks
//! That no `clientSecret` key — in any case (`ClientSecret`, `client_secret`), anywhere in a
//! packaged connector's `_connectionparameters.json` or `_connectionparametersets.json` — holds
//! a value other than empty, `null`, an obvious placeholder (`[[DUMMY]]`, `<your secret>`,
//! `****`) or an environment variable reference (`@environmentVariables("cr123_secret")`).
//!
//! The message says where the value is and how long it is; it never repeats the value.
//!
//! ## Why it matters
//! A solution is shared: it is imported into other environments, committed to source control
//! and, for certification, sent to Microsoft and published in a public pull request. A client
//! secret in it is leaked to everyone who gets the file and must be revoked. The platform never
//! exports a typed client secret (none of the 41 exported connection parameter files we opened
//! has one), so a value there was put in by hand.
//!
//! ## Example
//! ```json
//! "oAuthSettings": { "identityProvider": "oauth2", "clientId": "[[DUMMY]]", "clientSecret": "k3J…" }
//! ```
//! Use instead: leave the secret out (it is entered when the connection is created), or point
//! at a Secret-typed environment variable backed by Azure Key Vault:
//! ```json
//! "clientSecret": "@environmentVariables(\"cr123_ContosoClientSecret\")"
//! ```
//! Revoke the secret if the file was ever shared.
//!
//! ## Fix safety
//! No fix: a secret in a shared file is leaked and must be revoked, which no edit undoes; ppcert never rewrites solutions either.
//!
//! ## References
//! - <https://carinaclaesson.com/2024/05/08/using-oauth-2-0-in-custom-connectors>
//! - <https://github.com/microsoft/PowerPlatformConnectors/issues/4010>
use crate::rules::util::leaks;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SecClientSecret;

const HELP: &str = "remove the secret (it is entered when a connection is created) or reference a Secret-typed environment variable, `@environmentVariables(\"<schema name>\")`; revoke it if the file was ever shared";

impl SolutionRule for SecClientSecret {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for c in input.solutions.iter().flat_map(|s| &s.connectors) {
            let files = [&c.connection_parameters, &c.parameter_sets];
            for file in files.into_iter().flatten() {
                let Some(doc) = file.doc() else { continue };
                for node in doc.root().descendants() {
                    let Some(key) = node.key().filter(|k| leaks::squash(k) == "clientsecret")
                    else {
                        continue;
                    };
                    let allowed = node
                        .as_str()
                        .is_some_and(|v| leaks::is_placeholder(v) || leaks::is_reference(v));
                    if allowed || leaks::is_blank(node) {
                        continue;
                    }
                    let message = format!(
                        "`{key}` of connector `{}` holds {}, which looks like a client secret",
                        c.name,
                        leaks::describe(node)
                    );
                    cx.report_json(file, node, message).help(HELP);
                }
            }
        }
    }
}
