//! ## What it checks
//! That every OAuth connection parameter has an `oAuthSettings` object with an
//! `identityProvider`, and that the provider is one of `oauth2`, `oauth2generic`, `aad`,
//! `aadcertificate` or `facebook`:
//!
//! - an `oauthSetting` parameter without `oAuthSettings`, or `oAuthSettings` without
//!   `identityProvider`, is an error;
//! - a known provider in another case (`AAD`) is an error;
//! - another provider name is a warning: the repository schema tolerates providers it does not
//!   list, and the documentation names more OAuth providers (GitHub, Dropbox, Salesforce, ...);
//! - `aad` and `aadcertificate` need `customParameters.resourceUri` (any case: merged
//!   first-party connectors write `ResourceUri`);
//! - `aadcertificate` is for first-party apps only and needs `properties.IsFirstParty: "True"`.
//!
//! ## Why it matters for certification
//! The identity provider decides how the platform runs the sign-in flow; without it no connection
//! can be created, and Azure AD sign-in without the resource URI cannot request a token.
//!
//! ## Example
//! ```json
//! "token": { "type": "oauthSetting", "oAuthSettings": { "identityProvider": "aad", "clientId": "[[DUMMY]]" } }
//! ```
//! Use instead:
//! ```json
//! "token": {
//!   "type": "oauthSetting",
//!   "oAuthSettings": {
//!     "identityProvider": "aad",
//!     "clientId": "[[DUMMY]]",
//!     "customParameters": { "resourceUri": { "value": "https://graph.microsoft.com" } }
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! Safe: an `identityProvider` in another case is written as documented (`AAD` → `aad`), the provider the author named. An unknown provider, a missing `oAuthSettings`, `resourceUri` or `IsFirstParty` gets no fix: they describe the author's OAuth app.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/paconn-apiProperties.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::props::{KeyLookup, a_type, lookup, one_of};

pub struct OauthIdentityProvider;

const PROVIDERS: &[&str] = &["oauth2", "oauth2generic", "aad", "aadcertificate", "facebook"];

impl Rule for OauthIdentityProvider {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ConnectionParameter]
    }

    fn connection_parameter(&self, cx: &mut Checker, _props: &Props, p: &ConnectionParameter) {
        let settings = match lookup(p.node, "oAuthSettings") {
            KeyLookup::Exact(v) | KeyLookup::WrongCase(_, v) => v,
            KeyLookup::Missing => {
                if p.type_name() == Some("oauthSetting") {
                    cx.report_key(
                        p.node,
                        format!("OAuth parameter `{}` has no `oAuthSettings`", p.name),
                    )
                    .help("add `oAuthSettings` with the `identityProvider`, `clientId` and `scopes` of your OAuth app");
                }
                return;
            }
        };
        if !settings.is_object() {
            return; // props-schema-conformance reports the type
        }
        let Some(provider) = settings.get("identityProvider") else {
            cx.report_key(settings, "`oAuthSettings` has no `identityProvider`")
                .help(format!("add one of {}", one_of(PROVIDERS)));
            return;
        };
        let Some(name) = provider.as_str() else {
            cx.report(
                provider,
                format!("`identityProvider` must be a string, not {}", a_type(provider.json_type())),
            );
            return;
        };
        if !PROVIDERS.contains(&name) {
            match PROVIDERS.iter().find(|k| k.eq_ignore_ascii_case(name)) {
                Some(known) => {
                    cx.report(
                        provider,
                        format!("`identityProvider` is `{name}`; write `{known}`"),
                    )
                    .fix(Fix::safe(format!("Write `{known}`"), vec![set_string(provider, known)]));
                }
                None => {
                    cx.report(
                        provider,
                        format!("`{name}` is not one of the documented identity providers"),
                    )
                    .severity(Severity::Warning)
                    .help(format!(
                        "use {} unless the platform documents this provider",
                        one_of(PROVIDERS)
                    ));
                }
            }
            return;
        }
        // A `customParameters` or `properties` that is not an object is props-schema-conformance's.
        let custom = settings.get("customParameters");
        let props_obj = settings.get("properties");
        if custom.is_some_and(|c| !c.is_object()) || props_obj.is_some_and(|p| !p.is_object()) {
            return;
        }
        if matches!(name, "aad" | "aadcertificate") {
            // Merged first-party connectors write `ResourceUri`; the platform accepts either case.
            let uri = settings
                .get("customParameters")
                .and_then(|c| c.get_ignore_case("resourceUri"));
            if uri.is_none() {
                let at = settings.get("customParameters").unwrap_or(settings);
                cx.report_key(
                    at,
                    format!("identity provider `{name}` needs `customParameters.resourceUri`"),
                )
                .help("add `\"resourceUri\": { \"value\": \"<the App ID URI of the API>\" }`");
            }
        }
        if name == "aadcertificate" {
            let first_party = settings
                .get("properties")
                .and_then(|p| p.get("IsFirstParty"));
            match first_party {
                // Other spellings and types are reported by props-schema-conformance.
                Some(v) if v.as_str() != Some("False") => {}
                Some(v) => {
                    cx.report(
                        v,
                        "`aadcertificate` is only for first-party apps: `IsFirstParty` must be `\"True\"`",
                    );
                }
                None => {
                    let at = settings.get("properties").unwrap_or(settings);
                    cx.report_key(
                        at,
                        "`aadcertificate` is only for first-party apps: add `\"IsFirstParty\": \"True\"` to `properties`",
                    );
                }
            }
        }
    }
}
