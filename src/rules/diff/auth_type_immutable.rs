//! ## What it checks
//! That an update keeps the connector's authentication type: the set of `type`s of the
//! definition's `securityDefinitions` (`oauth2`, `apiKey`, `basic`, or none).
//!
//! ## Why it matters for certification
//! Microsoft's certification update guidance does not allow changing the authentication type of a
//! published connector: every existing connection would have to be created again. A new type
//! means a new connector.
//!
//! ## Example
//! Old: `"securityDefinitions": { "api_key": { "type": "apiKey", ... } }`; new:
//! `"securityDefinitions": { "oauth2_auth": { "type": "oauth2", ... } }`.
//!
//! ## Fix safety
//! No fix: keeping the old authentication type or submitting a new connector is the author's decision; ppcert reports the change.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-updates>
use crate::rules::prelude::*;

pub struct AuthTypeImmutable;

impl DiffRule for AuthTypeImmutable {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Document]
    }

    fn document(&self, cx: &mut DiffChecker, old: &Swagger, new: &Swagger) {
        let (before, after) = (auth_types(old), auth_types(new));
        if before == after {
            return;
        }
        let show = |t: &[String]| {
            if t.is_empty() {
                "no authentication".to_owned()
            } else {
                t.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" + ")
            }
        };
        let at = new
            .root
            .get("securityDefinitions")
            .or_else(|| old.root.get("securityDefinitions"))
            .unwrap_or(new.root);
        cx.report(
            at,
            "securityDefinitions",
            format!(
                "authentication type changed from {} to {}; an update may not change it",
                show(&before),
                show(&after)
            ),
        );
    }
}

/// The distinct authentication types of a definition, sorted.
fn auth_types(sw: &Swagger<'_>) -> Vec<String> {
    let mut types: Vec<String> = sw
        .root
        .get("securityDefinitions")
        .map(|s| {
            s.child_values()
                .filter_map(|scheme| scheme.get_str("type"))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    types.sort();
    types.dedup();
    types
}
