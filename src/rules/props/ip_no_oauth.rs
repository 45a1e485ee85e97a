//! ## What it checks
//! That an independent publisher connector does not use OAuth: no connection parameter of type
//! `oauthSetting` (or with `oAuthSettings`) in apiProperties.json and, when apiProperties has
//! none, no `oauth2` security definition in the swagger.
//!
//! This requirement is newer than many merged independent publisher connectors that use OAuth;
//! it applies to new submissions and updates from September 2025 on.
//!
//! ## Why it matters for certification
//! Since September 2025 Microsoft no longer accepts OAuth-based independent publisher connectors:
//! reviewers close such pull requests and ask for API key or basic authentication instead (the
//! older documentation and the pull request template still describe OAuth apps for independent
//! publishers; the reviewers' later statements win).
//!
//! ## Example
//! ```json
//! "connectionParameters": {
//!   "token": { "type": "oauthSetting", "oAuthSettings": { "identityProvider": "oauth2", "clientId": "[[DUMMY]]" } }
//! }
//! ```
//! Use instead:
//! ```json
//! "connectionParameters": {
//!   "api_key": { "type": "securestring", "uiDefinition": { "displayName": "API Key", "constraints": { "required": "true", "clearText": false } } }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: replacing OAuth with an API key or basic authentication depends on what the service accepts and breaks every existing connection; that is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3939>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4058>
use crate::rules::prelude::*;
use crate::rules::util::props::{KeyLookup, lookup};

pub struct IpNoOauth;

const MESSAGE: &str = "independent publisher connectors may no longer use OAuth";
const HELP: &str = "use API key or basic authentication (OAuth is not accepted for independent publisher connectors since September 2025)";

impl Rule for IpNoOauth {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let mut found = false;
        for p in &props.connection_parameters {
            let oauth_type = p
                .type_name()
                .filter(|t| t.eq_ignore_ascii_case("oauthSetting"));
            let settings = match lookup(p.node, "oAuthSettings") {
                KeyLookup::Exact(v) | KeyLookup::WrongCase(_, v) => Some(v),
                KeyLookup::Missing => None,
            };
            if oauth_type.is_none() && settings.is_none() {
                continue;
            }
            found = true;
            cx.report_key(p.node, format!("connection parameter `{}` uses OAuth; {MESSAGE}", p.name))
                .help(HELP);
        }
        if found {
            return;
        }
        let Some(root) = cx.connector().swagger.as_ref().and_then(|f| f.doc()).map(|d| d.root())
        else {
            return;
        };
        let Some(defs) = root.get("securityDefinitions") else { return };
        for (name, def) in defs.members() {
            if def.get_str("type") == Some("oauth2") {
                cx.report_key(def, format!("security definition `{name}` is OAuth 2.0; {MESSAGE}"))
                    .help(HELP);
            }
        }
    }
}
