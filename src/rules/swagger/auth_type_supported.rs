//! ## What it checks
//! That the definition's `securityDefinitions` use an authentication the platform supports for
//! certified connectors: OAuth 2.0 with the authorization-code flow (`accessCode`), or the
//! `implicit` flow kept by a few older connectors, API key, basic, or none (anonymous).
//! - an `oauth2` scheme with `"flow": "application"` (the client-credentials grant) is an error:
//!   the documentation says it is not supported;
//! - `"flow": "password"` (the resource-owner password grant) is a warning: the custom connector
//!   wizard offers no such flow and no merged connector uses it, but no document forbids it
//!   outright.
//!
//! Malformed schemes are `security-definitions-valid`'s business; the identity providers
//! configured in `apiProperties.json` are checked by the apiProperties rules, and whether an
//! independent-publisher connector may use OAuth at all by `ip-no-oauth`.
//!
//! ## Why it matters for certification
//! Connections are created by end users signing in; a grant that needs a shared client secret
//! and no user (client credentials), or that asks users for their password, does not fit the
//! connection model. Microsoft lists the supported types in the certification eligibility page
//! and the FAQ, and rejects other submissions.
//!
//! ## Example
//! ```json
//! "securityDefinitions": {
//!   "oauth2": { "type": "oauth2", "flow": "application", "tokenUrl": "https://login.contoso.com/token" }
//! }
//! ```
//! Use instead:
//! ```json
//! "securityDefinitions": {
//!   "oauth2": {
//!     "type": "oauth2", "flow": "accessCode",
//!     "authorizationUrl": "https://login.contoso.com/authorize",
//!     "tokenUrl": "https://login.contoso.com/token", "scopes": {}
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: moving to the authorization-code flow needs an authorization URL and a grant the service must support; only the author knows what the service offers.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/submit-certification>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/faq>
use crate::rules::prelude::*;

pub struct AuthTypeSupported;

impl Rule for AuthTypeSupported {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(definitions) = sw.root.get("securityDefinitions") else { return };
        for (name, scheme) in definitions.members() {
            if scheme.get_str("type") != Some("oauth2") {
                continue;
            }
            let Some(flow) = scheme.get("flow") else { continue };
            match flow.as_str() {
                Some("application") => {
                    cx.report(
                        flow,
                        format!("oauth2 scheme `{name}` uses the client-credentials grant (`application`), which connectors do not support"),
                    )
                    .help("use the authorization-code flow (`accessCode`), an API key, or basic authentication");
                }
                Some("password") => {
                    cx.report(
                        flow,
                        format!("oauth2 scheme `{name}` uses the resource-owner password grant (`password`), which connectors do not offer"),
                    )
                    .severity(Severity::Warning)
                    .help("use the authorization-code flow (`accessCode`), an API key, or basic authentication");
                }
                _ => {}
            }
        }
    }
}
