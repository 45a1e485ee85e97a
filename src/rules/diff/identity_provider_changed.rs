//! ## What it checks
//! That an update keeps how users sign in: a connection parameter whose `type` changed
//! (`securestring` to `oauthSetting`, ...) or whose OAuth `identityProvider` changed (`oauth2`
//! to `aad`, ...) is reported. `auth-type-immutable` compares the definition's
//! `securityDefinitions`; this rule compares apiProperties.json, where the sign-in is set up.
//!
//! ## Why it matters for certification
//! Existing connections were made with the previous sign-in; after the change they cannot be
//! used and every user has to sign in again. Microsoft's update guidance does not allow an
//! update to change the authentication type.
//!
//! ## Example
//! Before: `"identityProvider": "oauth2"`; after: `"identityProvider": "aad"`.
//!
//! Use instead: keep the identity provider, or publish the new sign-in as a new connector.
//!
//! ## Fix safety
//! No fix: the sign-in is the author's design.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-updates>
use crate::rules::prelude::*;
use crate::rules::util::props::connection_parameters_of;

pub struct IdentityProviderChanged;

fn provider(param: JsonRef<'_>) -> Option<&str> {
    param.get("oAuthSettings")?.get_str("identityProvider")
}

impl DiffRule for IdentityProviderChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Props]
    }

    fn props(&self, cx: &mut DiffChecker, old: JsonRef, new: JsonRef) {
        let before = connection_parameters_of(old);
        for (name, param) in connection_parameters_of(new) {
            let Some((_, was)) = before.iter().find(|(n, _)| *n == name) else {
                continue;
            };
            let (old_type, new_type) = (was.get_str("type"), param.get_str("type"));
            if old_type != new_type
                && let (Some(o), Some(n)) = (old_type, new_type)
            {
                let at = param.get("type").unwrap_or(param);
                cx.report(at, "", format!("connection parameter `{name}` changed type from `{o}` to `{n}`; existing connections must be created again"));
                continue;
            }
            if let (Some(o), Some(n)) = (provider(*was), provider(param))
                && !o.eq_ignore_ascii_case(n)
            {
                let at = param
                    .get("oAuthSettings")
                    .and_then(|s| s.get("identityProvider"))
                    .unwrap_or(param);
                cx.report(at, "", format!("the identity provider of `{name}` changed from `{o}` to `{n}`; every user must sign in again"));
            }
        }
    }
}
