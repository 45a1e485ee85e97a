//! ## What it checks
//! That a connection parameter that holds a secret — its name or display name says password,
//! secret, key, API key or token — has `type: "securestring"` and does not show the typed value
//! (`uiDefinition.constraints.clearText` not `true`).
//!
//! Whether a parameter holds a secret is guessed from its words (`api_key`, `appRuntimeKey`,
//! `Client Secret`, `Access Token`); names such as `keyName`, `tokenUrl` or `publicKey` are
//! not secrets. For `<name>:<sub>` parameters only the `<sub>` part is read, so the `token:`
//! prefix of OAuth token parameters does not count. Being a guess, it is a warning.
//!
//! ## Why it matters for certification
//! A `string` parameter is stored and shown in clear text: anyone who can see the connection can
//! read the key. `securestring` values are stored encrypted and never returned; the repository
//! README's sample API key parameter is `securestring` with `clearText: false`.
//!
//! ## Example
//! ```json
//! "api_key": { "type": "string", "uiDefinition": { "displayName": "API Key", "constraints": { "clearText": true } } }
//! ```
//! Use instead:
//! ```json
//! "api_key": { "type": "securestring", "uiDefinition": { "displayName": "API Key", "constraints": { "clearText": false } } }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): `string` becomes `securestring` and `clearText: true` becomes `false`. Both change what users see when they create a connection, and a type change asks existing connections to be re-created, so the author decides.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/README.md>
use crate::rules::prelude::*;
use crate::rules::util::props::secret_kind;

pub struct PropsSecretParamsSecure;

impl Rule for PropsSecretParamsSecure {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ConnectionParameter]
    }

    fn connection_parameter(&self, cx: &mut Checker, _props: &Props, p: &ConnectionParameter) {
        let Some(ty) = p.node.get("type") else { return };
        let short = p.name.rsplit_once(':').map_or(p.name, |(_, sub)| sub);
        let ui = p.node.get("uiDefinition");
        let label = ui.and_then(|u| u.get_str("displayName"));
        let (kind, who) = match (secret_kind(short), label.and_then(secret_kind)) {
            (Some(kind), _) => (kind, format!("`{}`", p.name)),
            (None, Some(kind)) => (
                kind,
                format!("`{}` (shown as `{}`)", p.name, label.unwrap_or_default()),
            ),
            (None, None) => return,
        };
        match ty.as_str() {
            Some("string") => {
                cx.report(
                    ty,
                    format!("{who} looks like it holds {kind} but is a `string` parameter"),
                )
                .help("use `\"type\": \"securestring\"` so the value is stored encrypted and never shown")
                .fix(Fix::unsafe_edit("Make it a `securestring`", vec![set_string(ty, "securestring")]));
            }
            Some("securestring") => {
                let clear = ui
                    .and_then(|u| u.get("constraints"))
                    .and_then(|c| c.get("clearText"));
                if let Some(clear) = clear.filter(|c| c.as_bool() == Some(true)) {
                    cx.report(
                        clear,
                        format!("{who} looks like it holds {kind} but shows it as typed"),
                    )
                    .help("set `\"clearText\": false`")
                    .fix(Fix::unsafe_edit("Hide the value as it is typed", vec![{
                        let span = clear.span();
                        Edit::replace((span.start as usize, span.end as usize), "false")
                    }]));
                }
            }
            _ => {}
        }
    }
}
