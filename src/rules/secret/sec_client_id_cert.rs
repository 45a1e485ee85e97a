//! ## What it checks
//! In a certification package (or a solution judged for certification), that no `clientId`
//! (any case) of a packaged connector's connection parameters or parameter sets is a
//! real-looking GUID. Placeholders, environment variable references and obviously fake GUIDs
//! (`00000000-…`, `12345678-…`) are fine.
//!
//! ## Why it matters for certification
//! Exports carry the author's OAuth client id, and the package ends up in a public pull
//! request. Reviewers want placeholders in what is committed: a real client id ties the
//! connector to the author's own app registration, and Microsoft asks for the production id
//! separately. The same rule applies to `apiProperties.json` (`oauth-client-id-placeholder`).
//!
//! ## Example
//! ```json
//! "oAuthSettings": { "identityProvider": "aad", "clientId": "3f2b8e4c-1d2a-4c5b-9e8f-7a6b5c4d3e2f" }
//! ```
//! Use instead:
//! ```json
//! "oAuthSettings": { "identityProvider": "aad", "clientId": "[[DUMMY]]" }
//! ```
//! (edit the exported `_connectionparameters.json`, or set the connector's client id to a
//! placeholder before exporting).
//!
//! ## Fix safety
//! No fix: ppcert never rewrites solutions; set the connector's client id to a placeholder before exporting, and give Microsoft the production id separately.
//!
//! ## References
//! - <https://carinaclaesson.com/2024/05/08/using-oauth-2-0-in-custom-connectors>
use crate::rules::util::leaks;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SecClientIdCert;

impl SolutionRule for SecClientIdCert {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        if !cx.for_certification() {
            return;
        }
        for c in input.solutions.iter().flat_map(|s| &s.connectors) {
            for file in [&c.connection_parameters, &c.parameter_sets]
                .into_iter()
                .flatten()
            {
                let Some(doc) = file.doc() else { continue };
                for node in doc.root().descendants() {
                    let Some(key) = node.key() else { continue };
                    if leaks::squash(key) != "clientid" {
                        continue;
                    }
                    let Some(v) = node.as_str() else { continue };
                    if !leaks::is_guid(v) || leaks::fake_guid(v) {
                        continue;
                    }
                    cx.report_json(
                        file,
                        node,
                        format!(
                            "`{key}` of connector `{}` is a GUID that looks like a real OAuth client id",
                            c.name
                        ),
                    )
                    .help("replace it with a placeholder such as `[[DUMMY]]` in the package; Microsoft asks for the real client id at certification time");
                }
            }
        }
    }
}
