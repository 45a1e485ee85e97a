//! ## What it checks
//! That every `oAuthSettings` of a certified connector sets `redirectMode` to
//! `"GlobalPerConnector"`. When it does, a leftover `redirectUrl` is a warning: the platform
//! derives the per-connector redirect URI itself.
//!
//! The repository schema only lists `Global` and `Direct` (a pull request adding the new value
//! was closed), but reviewers require `GlobalPerConnector` and cite the certification
//! documentation; ppcert follows the reviewers. Many merged connectors predate the requirement
//! and still use `Global`; they are asked to switch when they are next updated.
//!
//! ## Why it matters for certification
//! With the shared `Global` redirect URI every connector's OAuth app trusts the same redirect
//! endpoint; the per-connector URI (introduced 2023–2024) limits a leaked authorisation code to
//! one connector. Reviewers block OAuth connectors that do not use it.
//!
//! ## Why it is an error
//! Reviewers block OAuth connectors whose `oAuthSettings` keep the shared `Global` redirect URI:
//! they first asked for `GlobalPerConnector` on 2023-10-25
//! (<https://github.com/microsoft/PowerPlatformConnectors/pull/3035>), and since 2024-02-21 point
//! authors to the certification page that describes it
//! (<https://github.com/microsoft/PowerPlatformConnectors/pull/3162>). The 174 merged connectors
//! (16.8 %) that still use `Global` predate the requirement and switch when next updated.
//!
//! ## Example
//! ```json
//! "oAuthSettings": {
//!   "identityProvider": "oauth2",
//!   "clientId": "[[DUMMY]]",
//!   "redirectMode": "Global",
//!   "redirectUrl": "https://global.consent.azure-apim.net/redirect"
//! }
//! ```
//! Use instead:
//! ```json
//! "oAuthSettings": {
//!   "identityProvider": "oauth2",
//!   "clientId": "[[DUMMY]]",
//!   "redirectMode": "GlobalPerConnector"
//! }
//! ```
//! and register the connector's own redirect URI with the OAuth app.
//!
//! ## Fix safety
//! Safe: an unused `redirectUrl` beside `GlobalPerConnector` is removed. Unsafe (`--unsafe-fixes`): `redirectMode` is set to `GlobalPerConnector` (and `redirectUrl` dropped); the OAuth app must then accept the connector's own redirect URI, or sign-ins fail.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3035>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3162>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3247>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3255>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3124>
use crate::rules::prelude::*;
use crate::rules::util::props::{KeyLookup, lookup, show_node};

pub struct OauthRedirectMode;

const MODE: &str = "GlobalPerConnector";

impl Rule for OauthRedirectMode {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ConnectionParameter]
    }

    fn connection_parameter(&self, cx: &mut Checker, _props: &Props, p: &ConnectionParameter) {
        let settings = match lookup(p.node, "oAuthSettings") {
            KeyLookup::Exact(v) | KeyLookup::WrongCase(_, v) => v,
            KeyLookup::Missing => return,
        };
        if !settings.is_object() {
            return;
        }
        let url = settings.get("redirectUrl");
        let also = if url.is_some() {
            " and remove `redirectUrl`"
        } else {
            ""
        };
        let help = format!(
            "set `\"redirectMode\": \"{MODE}\"`{also}, then add the connector's own redirect URI to the OAuth app"
        );
        // Unsafe: every OAuth app registered with the old redirect URI must add the new one.
        let quoted = format!("\"{MODE}\"");
        let drop_url = || url.is_some().then(|| util::edits::remove_member(settings, "redirectUrl")).flatten();
        match settings.get("redirectMode") {
            None => {
                let mut edits: Vec<Edit> = drop_url().into_iter().collect();
                let fix = util::edits::insert_member(settings, "redirectMode", &quoted).map(|e| {
                    edits.push(e);
                    Fix::unsafe_edit(format!("Use `{MODE}`"), edits)
                });
                cx.report_key(settings, format!("`oAuthSettings` has no `redirectMode`; certification requires `{MODE}`"))
                    .help(help)
                    .fix_if(fix);
            }
            Some(mode) if mode.as_str() != Some(MODE) => {
                let mut edits = vec![set_raw(mode, &quoted)];
                edits.extend(drop_url());
                cx.report(
                    mode,
                    format!("`redirectMode` is {}; certification requires `{MODE}`", show_node(mode)),
                )
                .help(help)
                .fix(Fix::unsafe_edit(format!("Use `{MODE}`"), edits));
            }
            Some(_) => {
                if let Some(url) = url {
                    cx.report_key(url, format!("`redirectUrl` is not used with `{MODE}`"))
                        .severity(Severity::Warning)
                        .help("remove it; the platform derives the per-connector redirect URI")
                        .fix_if(
                            util::edits::remove_member(settings, "redirectUrl")
                                .map(|e| Fix::safe("Remove `redirectUrl` (unused)", vec![e])),
                        );
                }
            }
        }
    }
}
