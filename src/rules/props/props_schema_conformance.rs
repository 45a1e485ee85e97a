//! ## What it checks
//! That `apiProperties.json` has the documented structure: one top-level key `properties`
//! (optionally `$schema`), only known keys below it, and values of the right JSON type. The
//! check applies ppcert's own JSON Schema, `schemas/apiProperties.schema.json`, written from the
//! documented facts of the repository schema `paconn-apiProperties.schema.json` and paconn.
//!
//! Unknown keys are reported on the key, with the allowed keys (or the right spelling when only
//! the case differs); a missing required key on the object that should hold it.
//!
//! Where the repository schema is known to be stricter than what paconn and the platform accept,
//! the schema follows paconn and merged connectors: `scriptOperations`, multi-auth
//! `connectionParameterSets`, `gatewaySettings` of gateway parameters and
//! `redirectMode: "GlobalPerConnector"` are accepted, and so is `IsFirstParty` written as a
//! boolean or in lowercase (the repository schema lists `"True"`/`"False"`; GetAccept is merged
//! and deployed with `false`). `oauth-identity-provider` still asks `aadcertificate` for `"True"`.
//!
//! Keys that a dedicated rule judges are left to that rule, so one defect gives one finding:
//! `iconBrandColor` (`props-brand-color-required`), `publisher`, `stackOwner`, `capabilities`,
//! `scriptOperations`, `policyTemplateInstances`, contact-like keys (`props-no-contact`),
//! connection parameter names, types and `uiDefinition`, `identityProvider`, `redirectMode` /
//! `redirectUrl` and `clientId` / `clientSecret` (see each rule). A key owned by a rule but
//! spelled in another case (`stackowner`) is also left to that rule.
//!
//! ## Why it matters for certification
//! The upstream pipeline runs an apiProperties validator on every changed `apiProperties.json`
//! and fails the pull request when the file does not follow the schema; `paconn` rejects unknown
//! members of the API properties object when it creates or updates the connector.
//!
//! ## Example
//! ```json
//! {
//!   "properties": {
//!     "iconBrandColor": "#da3b01",
//!     "connectionParameters": {
//!       "api_key": { "type": "securestring", "oauthSettings": {} }
//!     },
//!     "website": "https://contoso.com"
//!   },
//!   "version": 2
//! }
//! ```
//! Use instead:
//! ```json
//! {
//!   "properties": {
//!     "iconBrandColor": "#da3b01",
//!     "connectionParameters": {
//!       "api_key": { "type": "securestring" }
//!     }
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): a key differing from the allowed one only in case (`Scopes` → `scopes`) is renamed, when the allowed spelling is not there too, so paconn and the platform start reading it. Other unknown keys, missing required keys and wrong types get no fix: what belongs there is the author's.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/paconn-apiProperties.schema.json>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/.pipelines/apiProperties_validator.yml>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/2878>
use crate::rules::prelude::*;
use crate::rules::util::props::{API_PROPERTIES_SCHEMA as SCHEMA, OWNED_PROPERTIES, is_contact_key};

pub struct PropsSchemaConformance;

impl Rule for PropsSchemaConformance {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        for f in SCHEMA.check(props.root) {
            if let Some(key) = &f.key {
                let holder = f.node.parent();
                let at_root = holder.is_some_and(|h| h.parent().is_none());
                let in_properties = holder.is_some_and(|h| Some(h) == props.properties);
                // Contact data and misspelt owned keys have their own rules.
                if (at_root || in_properties) && is_contact_key(key) {
                    continue;
                }
                if in_properties
                    && OWNED_PROPERTIES
                        .iter()
                        .any(|o| o.eq_ignore_ascii_case(key))
                {
                    continue;
                }
                if in_properties && key == "script" {
                    cx.report_key(f.node, "unknown key `script` in `properties`")
                        .help("list the operations that run script.csx in `scriptOperations`, an array of operationIds");
                    continue;
                }
            }
            f.report(cx);
        }
    }
}
