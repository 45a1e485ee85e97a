//! ## What it checks
//! That `oAuthSettings.clientId` is a placeholder or `null`, and that no client secret is
//! committed:
//!
//! - `clientId` may be `null`, empty, or a placeholder such as `[[DUMMY]]`, `{{ client id }}`,
//!   `<your client id>` or `PLACEHOLDER_CLIENTID`; a GUID or a long random token looks like a
//!   real client id and is an error; any other word (`flow`, `my-app`) is a warning, since it
//!   may be a real id;
//! - `clientSecret` may be absent, `null`, empty or a placeholder; anything else is an error.
//!   The message never repeats the value.
//!
//! Keys are matched in any case (`ClientId`, `clientID`), as the platform accepts them.
//!
//! ## Why it matters for certification
//! The repository is public: a committed client id ties the connector to the author's own OAuth
//! app, and a committed secret gives anyone that app's credentials. Microsoft asks for the real id
//! and secret separately when the connector is certified, and reviewers send back pull requests
//! that carry them.
//!
//! ## Example
//! ```json
//! "oAuthSettings": { "identityProvider": "aad", "clientId": "3f2b8e4c-1d2a-4c5b-9e8f-7a6b5c4d3e2f", "clientSecret": "…" }
//! ```
//! Use instead:
//! ```json
//! "oAuthSettings": { "identityProvider": "aad", "clientId": "[[DUMMY]]" }
//! ```
//!
//! ## Fix safety
//! No fix: a committed client id or secret stays in the repository's history, so it must be rotated as well as removed, and replacing it with a placeholder is the author's step to take knowingly.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/README.md>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/526>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/654>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/713>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/611>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1312>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/2453>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3247>
use crate::rules::prelude::*;
use crate::rules::util::props::{
    KeyLookup, a_type, is_placeholder, looks_like_credential, lookup,
};

pub struct OauthClientIdPlaceholder;

const HELP: &str = "replace it with a placeholder such as `[[DUMMY]]`; Microsoft asks for the real value at certification time";

impl Rule for OauthClientIdPlaceholder {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ConnectionParameter]
    }

    fn connection_parameter(&self, cx: &mut Checker, _props: &Props, p: &ConnectionParameter) {
        let settings = match lookup(p.node, "oAuthSettings") {
            KeyLookup::Exact(v) | KeyLookup::WrongCase(_, v) => v,
            KeyLookup::Missing => return,
        };
        for (key, value) in settings.members() {
            if key.eq_ignore_ascii_case("clientId") {
                check_client_id(cx, key, value);
            } else if key.eq_ignore_ascii_case("clientSecret") {
                check_client_secret(cx, key, value);
            }
        }
    }
}

fn check_client_id(cx: &mut Checker, key: &str, value: JsonRef) {
    if value.is_null() {
        return;
    }
    let Some(id) = value.as_str() else {
        cx.report(
            value,
            format!("`{key}` must be a placeholder string or null, not {}", a_type(value.json_type())),
        );
        return;
    };
    if is_placeholder(id) {
        return;
    }
    if looks_like_credential(id) {
        cx.report(value, format!("`{key}` is `{id}`, which looks like a real client id"))
            .help(HELP);
    } else {
        cx.report(value, format!("`{key}` is `{id}`, which does not look like a placeholder"))
            .severity(Severity::Warning)
            .help(format!("if this is the id of a real OAuth app, {HELP}"));
    }
}

fn check_client_secret(cx: &mut Checker, key: &str, value: JsonRef) {
    if value.is_null() {
        return;
    }
    match value.as_str() {
        Some(secret) if is_placeholder(secret) => {}
        Some(_) => {
            cx.report(value, format!("`{key}` holds a value that looks like a client secret"))
                .help("remove the secret from the file (and revoke it if it is real); Microsoft asks for it at certification time");
        }
        None => {
            cx.report(
                value,
                format!("`{key}` must be absent or null, not {}", a_type(value.json_type())),
            );
        }
    }
}
