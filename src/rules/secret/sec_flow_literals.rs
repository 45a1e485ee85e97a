//! ## What it checks
//! That no literal in a solution looks like a credential where it would be used at run time:
//!
//! - in cloud flows (the whole `properties.definition`: triggers, action inputs, headers,
//!   queries, URIs, HTTP `authentication`, parameter defaults): well-known token formats
//!   (GitHub, AWS, Slack, Google, Stripe, Azure AD, JSON Web Tokens, private keys), connection
//!   strings with a password or key, `Bearer`/`Basic` header values with a literal token, URLs
//!   carrying a key in their query (`?code=…`, `api_key=…`), and literal values given to
//!   something named like a secret (`Authorization`, `x-api-key`, `apiKey`, `password`, …);
//! - in a packaged connector's definition (`_openapidefinition.json`): the same formats, and
//!   parameter `default`s of secret-named parameters (`x-ms-test-value`s are
//!   `test-value-no-secrets`' to judge);
//! - in its custom code (`_customcodeblobcontent.csx`): the well-known formats and connection
//!   strings.
//!
//! Workflow expressions (`@parameters('…')`, `@{variables('token')}`) and obvious placeholders
//! are fine. The message says what the value looks like and how long it is, never the value.
//! This is a heuristic: it warns.
//!
//! ## Why it matters
//! A key hard-coded in a flow or a definition leaks with the solution — to every environment it
//! is imported into, to source control, to the certification pull request — and keeps working
//! for anyone who has the file until it is revoked.
//!
//! ## Example
//! ```json
//! "inputs": { "method": "GET", "uri": "https://api.contoso.com/v1/items",
//!             "headers": { "x-api-key": "9f86d081884c7d659a2feaa0c55ad015" } }
//! ```
//! Use instead: a Secret-typed environment variable (Azure Key Vault) or a connector with a
//! connection that holds the key:
//! ```json
//! "headers": { "x-api-key": "@parameters('Contoso API key (cr123_ContosoApiKey)')" }
//! ```
//! Revoke the key if the solution was ever shared.
//!
//! ## Fix safety
//! No fix: the rule is a heuristic, replacing a literal with an environment variable or a connection is a design change, and a leaked key must be revoked anyway.
use crate::connector::{JsonFile, TextFile};
use crate::json::{JsonRef, Span};
use crate::rules::util::secrets::scan_tokens;
use crate::rules::util::{flows, leaks};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;
use crate::rules::util::text_regex::TextRegex;
use std::sync::LazyLock;

pub struct SecFlowLiterals;

const HELP: &str = "use a Secret-typed environment variable (Azure Key Vault) or a connection instead of a literal; revoke the value if the solution was ever shared";

/// A key in a URL's query string: `?code=…`, `&api_key=…`.
static QUERY_KEY: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(r"(?i)[?&](?:code|api_key|apikey|api-key|key|access_token|token|sig|client_secret|password)=([^&#\s'\x22]{12,})")
});

impl SolutionRule for SecFlowLiterals {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            for flow in &s.flows {
                let name = flows::flow_name(s, flow);
                if let Some(def) = flows::definition(&flow.file) {
                    scan_json(cx, &flow.file, def, &format!("flow `{name}`"), false);
                }
            }
            for c in &s.connectors {
                if let Some(sw) = &c.swagger
                    && let Some(doc) = sw.doc()
                {
                    let what = format!("the definition of connector `{}`", c.name);
                    scan_json(cx, sw, doc.root(), &what, true);
                }
                if let Some(script) = c.script.as_ref().filter(|t| t.readable) {
                    scan_script(cx, script, &c.name);
                }
            }
        }
    }
}

/// `name = "literal"` in C#: a variable, constant or property given a literal.
static SCRIPT_ASSIGN: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(r#"\b([A-Za-z_]\w*)\s*=\s*@?"([^"\n]*)""#)
});

/// Reports credential-looking literals of the custom code: well-known formats, connection
/// strings, and literals given to secret-named variables.
fn scan_script(cx: &mut SolutionChecker, script: &TextFile, connector: &str) {
    let text = &script.text;
    let mut found: Vec<(Span, String)> = Vec::new();
    scan_tokens(text, &mut |span, kind| found.push((span, format!("looks like {kind}"))));
    let add = |found: &mut Vec<(Span, String)>, start: usize, end: usize, why: String| {
        let overlaps = found
            .iter()
            .any(|(s, _)| (s.start as usize) < end && start < s.end as usize);
        if !overlaps {
            found.push((Span::new(start, end), why));
        }
    };
    for cap in SCRIPT_ASSIGN.captures_iter(text) {
        let (Some(var), Some(lit)) = (cap.get(1), cap.get(2)) else {
            continue;
        };
        if leaks::literal_secret(var.as_str(), lit.as_str()) {
            let why = format!("is a literal given to `{}`", var.as_str());
            add(&mut found, lit.start(), lit.end(), why);
        } else if let Some(kind) = leaks::credential_kind(lit.as_str()) {
            add(&mut found, lit.start(), lit.end(), format!("looks like {kind}"));
        }
    }
    found.sort_by_key(|(s, _)| s.start);
    for (span, why) in found {
        let (l, col) = script.lines.line_col(text, span.start as usize);
        let (el, ec) = script.lines.line_col(text, span.end as usize);
        let d = cx.report_path(
            &script.display,
            format!(
                "a value in the custom code of connector `{connector}` {why} ({})",
                leaks::shape(&text[span.start as usize..span.end as usize])
            ),
        );
        (d.line, d.column, d.end_line, d.end_column) = (l, col, el, ec);
        d.span = Some((span.start as usize, span.end as usize));
        d.help(HELP);
    }
}

/// Reports the credential-looking strings under `root`.
fn scan_json(cx: &mut SolutionChecker, file: &JsonFile, root: JsonRef, what: &str, swagger: bool) {
    for node in root.descendants() {
        let Some(v) = node.as_str() else { continue };
        if v.trim().len() < 8 {
            continue;
        }
        if swagger && in_test_value(node) {
            continue;
        }
        let why = if let Some(kind) = leaks::credential_kind(v) {
            Some(format!("looks like {kind}"))
        } else if QUERY_KEY
            .captures(v)
            .and_then(|c| c.get(1))
            .is_some_and(|m| !leaks::is_reference(m.as_str()) && !leaks::is_placeholder(m.as_str()))
        {
            Some("is a URL carrying a key in its query string".to_owned())
        } else {
            named_secret(node, swagger)
                .filter(|(key, judged_as)| {
                    let name = if judged_as.is_empty() { key.as_str() } else { judged_as };
                    leaks::literal_secret(name, v)
                })
                .map(|(key, _)| format!("is a literal given to `{key}`"))
        };
        if let Some(why) = why {
            cx.report_json(
                file,
                node,
                format!("a value in {what} {why} ({})", leaks::shape(v)),
            )
            .help(HELP);
        }
    }
}

/// The secret-like name a value is given to, and the name to judge it by: its key, the key of
/// the object holding a `value` (`"authentication": { "type": "Raw", "value": … }` counts as
/// an `Authorization` header), or a swagger parameter's `name` for its `default`.
fn named_secret(node: JsonRef, swagger: bool) -> Option<(String, &'static str)> {
    let key = node.key()?;
    let parent = node.parent();
    if swagger {
        let name = parent?.get_str("name").filter(|_| key == "default")?;
        return leaks::secret_name(name).then(|| (name.to_owned(), ""));
    }
    if key.eq_ignore_ascii_case("value") || key.eq_ignore_ascii_case("defaultValue") {
        let holder = parent?.key()?;
        let raw = parent?
            .get_ignore_case("type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| t.eq_ignore_ascii_case("raw"));
        if raw {
            return Some((holder.to_owned(), "Authorization"));
        }
        return leaks::secret_name(holder).then(|| (holder.to_owned(), ""));
    }
    leaks::secret_name(key).then(|| (key.to_owned(), ""))
}

fn in_test_value(node: JsonRef) -> bool {
    let mut n = Some(node);
    while let Some(x) = n {
        if x.key() == Some("x-ms-test-value") {
            return true;
        }
        n = x.parent();
    }
    false
}
