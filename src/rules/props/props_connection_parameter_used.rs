//! ## What it checks
//! That every connection parameter users fill in is used: a `string`, `securestring`, `int` or
//! `bool` parameter that is not hidden is reported when nothing refers to it, that is
//! - no policy template and no part of the definition or of `script.csx` names it
//!   (`@connectionParameters('region')`, or the name itself in the script), and
//! - the definition's security does not consume it: an `apiKey` scheme takes a `securestring`
//!   parameter, `basic` takes `username` and `password`.
//!
//! OAuth, gateway and hidden parameters, `token:*` claims and the parameters of multi-auth
//! `connectionParameterSets` are left alone (the platform fills or wires them).
//!
//! ## Why it matters for certification
//! Users are asked for every connection parameter when they create a connection. One that the
//! connector never sends (a server URL without a `dynamichosturl` policy, a second key left
//! from a draft) asks them for a value that changes nothing, and reviewers ask what it is for.
//!
//! ## Example
//! ```json
//! "connectionParameters": {
//!   "api_key": { "type": "securestring", ... },
//!   "serverUrl": { "type": "string", ... }
//! }
//! ```
//! with no `dynamichosturl` policy template and no other use of `serverUrl`.
//!
//! Use instead: use it (a `dynamichosturl` policy template with
//! `@connectionParameters('serverUrl')`), or remove it.
//!
//! ## Fix safety
//! No fix: whether the parameter is missing a use or is left over is the author's to say.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/policy-templates>
use std::cell::OnceCell;

use crate::rules::prelude::*;

pub struct PropsConnectionParameterUsed;

/// Whether `text` (lowercased) names the connection parameter `name` in an expression:
/// `connectionParameters('name')`, `ConnectionParameters('name','default')`, `["name"]`.
fn names(text: &str, name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    // One search for the function's name, then what follows it: `(` or `[`, a quote (`'`, `"`
    // or `\"`), the name and the same quote.
    const CALL: &str = "connectionparameters";
    memchr::memmem::find_iter(text.as_bytes(), CALL).any(|at| {
        let rest = &text[at + CALL.len()..];
        let Some(quoted) = rest.strip_prefix(['(', '[']) else {
            return false;
        };
        ["'", "\"", "\\\""].iter().any(|q| {
            quoted
                .strip_prefix(q)
                .and_then(|r| r.strip_prefix(name.as_str()))
                .is_some_and(|r| r.starts_with(q))
        })
    })
}

impl Rule for PropsConnectionParameterUsed {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let c = cx.connector();
        // Without a readable definition nothing can be said about what uses a parameter.
        let Some(definition) = c.swagger.as_ref().and_then(|f| f.text()) else {
            return;
        };
        let Some(root) = c.swagger.as_ref().and_then(|f| f.doc()).map(|d| d.root()) else {
            return;
        };
        let schemes: Vec<&str> = root
            .get("securityDefinitions")
            .map(|s| s.child_values().filter_map(|v| v.get_str("type")).collect())
            .unwrap_or_default();
        // Lower-cased only when a parameter is not accounted for by the security schemes.
        let (lowered_policies, lowered_definition) = (OnceCell::new(), OnceCell::new());
        let policies = || {
            lowered_policies
                .get_or_init(|| props.file.text().unwrap_or_default().to_ascii_lowercase())
        };
        let definition = || lowered_definition.get_or_init(|| definition.to_ascii_lowercase());
        let script = c.script.as_ref().map(|s| s.text.as_str()).unwrap_or_default();
        for p in &props.connection_parameters {
            let Some(kind) = p.type_name() else { continue };
            // `token:*` parameters are claims the platform fills for OAuth set-ups.
            if !matches!(kind, "string" | "securestring" | "int" | "bool")
                || util::props::is_hidden(p.node)
                || p.name.starts_with("token:")
                // Multi-auth sets are wired by the platform from the set's own description.
                || p.set.is_some()
            {
                continue;
            }
            let lower = p.name.to_ascii_lowercase();
            let by_security = (schemes.contains(&"apiKey")
                && (kind == "securestring" || lower == "api_key"))
                || (schemes.contains(&"basic") && matches!(lower.as_str(), "username" | "password"));
            if by_security
                || names(policies(), p.name)
                || names(definition(), p.name)
                || (!script.is_empty() && script.contains(p.name))
            {
                continue;
            }
            let at = p.node.parent().and_then(|o| o.get(p.name)).unwrap_or(p.node);
            cx.report_key(
                at,
                format!("connection parameter `{}` is asked for but nothing uses it", p.name),
            )
            .help("use it in a policy template (e.g. `dynamichosturl` with `@connectionParameters('...')`), or remove it");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first way of asking: a search of the whole text per quote and bracket.
    fn names_by_search(text: &str, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        ["'", "\"", "\\\""].iter().any(|q| {
            text.contains(&format!("connectionparameters({q}{name}{q}"))
                || text.contains(&format!("connectionparameters[{q}{name}{q}"))
        })
    }

    #[test]
    fn names_finds_what_a_search_per_form_finds() {
        let texts = [
            "@connectionparameters('hosturl')",
            "@{connectionparameters('hosturl','x')}/api",
            "connectionparameters[\"hosturl\"]",
            r#""value": "@connectionparameters(\"hosturl\")""#,
            "connectionparameters('hosturls')",
            "connectionparameters('host')",
            "connectionparameters ('hosturl')",
            "connectionparameters(hosturl)",
            "connectionparameters('hosturl\"",
            "connectionparametersconnectionparameters('hosturl')",
            "connectionparameters",
            "",
            "connectionparameters('')",
        ];
        for text in texts {
            for name in ["hostUrl", "host", "", "hosturls"] {
                assert_eq!(names(text, name), names_by_search(text, name), "{text} {name}");
            }
        }
        assert!(names("x @connectionparameters('hosturl') y", "hostUrl"));
    }
}
