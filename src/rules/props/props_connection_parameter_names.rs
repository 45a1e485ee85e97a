//! ## What it checks
//! That every connection parameter name (in `connectionParameters` and in each
//! `connectionParameterSets` set) uses only letters, digits and `_`, or has the form
//! `<name>:<sub>` with both parts made of those characters. The `<name>:<sub>` form is for
//! primitive parameters (`string`, `securestring`, `int`, `bool`), not for `oauthSetting` or
//! `gatewaySetting` ones.
//!
//! `token:TenantId` is reserved for the Azure AD tenant claim; it must have `type: "string"`,
//! `metadata: { "sourceType": "AzureActiveDirectoryTenant" }` and be hidden and optional
//! (`uiDefinition.constraints`: `hidden: "true"`, `required: "false"`).
//!
//! The types of `type` and `uiDefinition` values are checked by
//! `props-connection-parameter-types`; this rule only asks for the values the claim needs.
//!
//! ## Why it matters for certification
//! Parameter names become identifiers in connection references (`@connectionParameters('name')`)
//! and policy templates; the apiProperties schema only accepts these name forms, and a malformed
//! tenant claim breaks sign-in for multi-tenant Azure AD connectors.
//!
//! ## Example
//! ```json
//! "connectionParameters": { "API Key": { "type": "securestring" } }
//! ```
//! Use instead:
//! ```json
//! "connectionParameters": { "api_key": { "type": "securestring" } }
//! ```
//!
//! ## Fix safety
//! No fix: connection parameter names are referenced by the definition, the policies and every existing connection, so renaming one breaks them; the `token:TenantId` claim settings are the author's to confirm.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/paconn-apiProperties.schema.json>
use crate::rules::prelude::*;

pub struct PropsConnectionParameterNames;

const TENANT_CLAIM: &str = "token:TenantId";

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn sanitized(name: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.is_empty() { "parameter".into() } else { s }
}

impl Rule for PropsConnectionParameterNames {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::ConnectionParameter]
    }

    fn connection_parameter(&self, cx: &mut Checker, _props: &Props, p: &ConnectionParameter) {
        let name = p.name;
        let sub = match name.split_once(':') {
            None if is_word(name) => false,
            Some((a, b)) if is_word(a) && is_word(b) => true,
            _ => {
                cx.report_key(
                    p.node,
                    format!("connection parameter name `{name}` may only use letters, digits and `_`, or the form `<name>:<sub>`"),
                )
                .help(format!("rename it, for example to `{}`", sanitized(name)));
                return;
            }
        };
        if name == TENANT_CLAIM {
            check_tenant_claim(cx, p);
            return;
        }
        if sub {
            if let Some(t) = p
                .type_name()
                .filter(|t| matches!(*t, "oauthSetting" | "gatewaySetting"))
            {
                cx.report_key(
                    p.node,
                    format!("`{name}` uses the `<name>:<sub>` form, which is only for primitive parameters, but its type is `{t}`"),
                )
                .help("give it a name of letters, digits and `_`");
            }
        }
    }
}

fn check_tenant_claim(cx: &mut Checker, p: &ConnectionParameter) {
    if !p.node.is_object() {
        return;
    }
    const PRIMITIVE: &[&str] = &["securestring", "int", "bool", "oauthSetting", "gatewaySetting"];
    // A missing or unknown type is reported by props-connection-parameter-types.
    if let Some(t) = p.node.get("type")
        && let Some(other) = t.as_str().filter(|t| PRIMITIVE.contains(t))
    {
        cx.report(
            t,
            format!("the `token:TenantId` claim has type `{other}`; it must be `string`"),
        );
    }
    let source = p.node.get("metadata").map(|m| (m, m.get("sourceType")));
    match source {
        Some((_, Some(s))) if s.as_str() == Some("AzureActiveDirectoryTenant") => {}
        Some((_, Some(s))) => {
            cx.report(
                s,
                "the `token:TenantId` claim needs `sourceType` `AzureActiveDirectoryTenant`",
            );
        }
        Some((m, None)) if m.is_object() => {
            cx.report_key(m, "`metadata` of the `token:TenantId` claim has no `sourceType`")
                .help("add `\"sourceType\": \"AzureActiveDirectoryTenant\"`");
        }
        Some(_) => {} // not an object: props-schema-conformance
        None => {
            cx.report_key(p.node, "the `token:TenantId` claim has no `metadata`")
                .help("add `\"metadata\": { \"sourceType\": \"AzureActiveDirectoryTenant\" }`");
        }
    }
    let constraints = p
        .node
        .get("uiDefinition")
        .and_then(|u| u.get("constraints"));
    if constraints.is_some_and(|c| !c.is_object()) {
        return; // props-connection-parameter-types reports it
    }
    for (key, expected, why) in [
        ("hidden", "true", "hidden"),
        ("required", "false", "optional"),
    ] {
        match constraints.and_then(|c| c.get(key)) {
            // A non-string value is reported by props-connection-parameter-types.
            Some(v) if !v.is_string() || v.as_str() == Some(expected) => {}
            Some(v) => {
                // Accepted on merged connectors (two have a required claim): a warning.
                cx.report(
                    v,
                    format!("the `token:TenantId` claim must be {why}: `{key}` must be `\"{expected}\"`"),
                )
                .severity(Severity::Warning);
            }
            None => {
                let at = constraints.unwrap_or(p.node);
                cx.report_key(
                    at,
                    format!("the `token:TenantId` claim must be {why}: add `\"{key}\": \"{expected}\"` to `uiDefinition.constraints`"),
                )
                .severity(Severity::Warning);
            }
        }
    }
}
