//! ## What it checks
//! Changes to `securityDefinitions` (a scheme added, removed, or its flow, URLs, scopes, key name
//! or location changed) and to the top-level `security` requirement. A change of authentication
//! type is `auth-type-immutable`'s.
//!
//! ## Why it matters for certification
//! Existing connections may need to be created again, and the definition must keep matching the
//! connection parameters of apiProperties.json.
//!
//! ## Example
//! Old: `"scopes": { "read": "Read" }`; new: `"scopes": { "read": "Read", "write": "Write" }`.
//!
//! ## Fix safety
//! No fix: the authentication settings must match the service's identity provider and the connection parameters, which only the author can confirm.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/training/modules/custom-connector-lifecycle-management/2-updates>
use crate::rules::prelude::*;

pub struct SecurityChanged;

impl DiffRule for SecurityChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Document]
    }

    fn document(&self, cx: &mut DiffChecker, old: &Swagger, new: &Swagger) {
        fn schemes<'a>(root: JsonRef<'a>) -> Option<JsonRef<'a>> {
            root.get("securityDefinitions").filter(|s| s.is_object())
        }
        let (os, ns) = (schemes(old.root), schemes(new.root));
        if let Some(os) = os {
            for (name, scheme) in os.members() {
                match ns.and_then(|n| n.get(name)) {
                    None => {
                        cx.report_key(
                            scheme,
                            format!("securityDefinitions/{name}"),
                            format!("security scheme `{name}` was removed; existing connections may stop working"),
                        );
                    }
                    Some(now) => {
                        for (key, value) in now.members() {
                            if key == "type" || key == "description" {
                                continue;
                            }
                            if scheme.get(key).is_some_and(|v| v.json_eq(&value)) {
                                continue;
                            }
                            cx.report(
                                value,
                                format!("securityDefinitions/{name}/{key}"),
                                format!("`{key}` of security scheme `{name}` changed; connections may need to be created again"),
                            );
                        }
                        for (key, value) in scheme.members() {
                            if key != "description" && !now.has(key) {
                                cx.report_key(
                                    now,
                                    format!("securityDefinitions/{name}/{key}"),
                                    format!("`{key}` of security scheme `{name}` was removed (it was `{}`)", value.raw()),
                                );
                            }
                        }
                    }
                }
            }
        }
        if let Some(ns) = ns {
            for (name, scheme) in ns.members() {
                if os.and_then(|o| o.get(name)).is_none() {
                    cx.report_key(
                        scheme,
                        format!("securityDefinitions/{name}"),
                        format!("security scheme `{name}` was added; existing connections do not have it"),
                    );
                }
            }
        }
        let (or, nr) = (old.root.get("security"), new.root.get("security"));
        let same = match (or, nr) {
            (Some(a), Some(b)) => a.json_eq(&b),
            (None, None) => true,
            _ => false,
        };
        if !same {
            cx.report(
                nr.or(or).unwrap_or(new.root),
                "security",
                "the `security` requirement changed; connections may need to be created again",
            );
        }
    }
}
