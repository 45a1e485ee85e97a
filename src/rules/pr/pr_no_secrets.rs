//! ## What it checks
//! That no committed file of the connector (definition, apiProperties.json, settings.json,
//! readme, intro, script) holds something that looks like a secret:
//!
//! - well-known credential formats anywhere in the text: GitHub tokens (`ghp_…`,
//!   `github_pat_…`), private keys (`-----BEGIN … PRIVATE KEY-----`), AWS access key ids, Slack
//!   tokens, Google API keys, Stripe live keys, Azure AD client secrets (`…8Q~…`), Azure Storage
//!   account keys, JSON Web Tokens, and user:password pairs in URLs;
//! - a random-looking value (16 characters or more, mixed letters and digits, high entropy, not
//!   a placeholder such as `[[DUMMY]]`, `<your key>` or `xxxx`) given to something named like a
//!   secret: a JSON key such as `clientSecret`, `apiKey`, `password`, `access_token`, or in the
//!   script a variable, constant or request header of that kind;
//! - a GUID given to a client, application or tenant id in apiProperties.json (an OAuth client
//!   id, or a tenant id tying the connector to one directory).
//!
//! The message says what kind of secret it looks like and where, and never repeats the value.
//! `oAuthSettings.clientId` and `clientSecret` of connection parameters are left to
//! `oauth-client-id-placeholder`, which reports them as errors, and the definition's
//! `x-ms-test-value`s to `test-value-no-secrets`, which knows the same formats; `resourceUri` and other resource
//! ids are public identifiers and not reported. This is a heuristic: it warns, and a clearly fake
//! value is the fix even when the finding is a false alarm, since reviewers reject anything that
//! merely looks like a secret.
//!
//! ## Why it matters for certification
//! The repository is public: a committed secret is leaked the moment the pull request is
//! opened, and must be revoked. Reviewers reject pull requests with real-looking client ids,
//! keys or personal data (#526, #654, #713, #1312, #2453).
//!
//! ## Example
//! ```json
//! "x-ms-test-value": { "apiKey": "sk_live_4eC39HqLyjWDarjtT1zdp7dc" }
//! ```
//! Use instead:
//! ```json
//! "x-ms-test-value": { "apiKey": "[[YOUR_API_KEY]]" }
//! ```
//!
//! ## Fix safety
//! No fix: a finding is a heuristic that may be a false alarm, and a real secret must be rotated as well as removed from the files and their history; ppcert does not edit what might be a credential.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/submit-for-certification>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/README.md>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/526>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/654>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/713>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/611>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1312>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/2453>
use crate::connector::{JsonFile, TextFile};
use crate::json::Span;
use crate::rules::prelude::*;
use crate::rules::util::files::parse_csharp;
use crate::rules::util::secrets::{is_placeholder, scan_tokens};
use crate::rules::util::text_regex::TextRegex;
use std::sync::LazyLock;

pub struct PrNoSecrets;

/// Names of things that hold secrets (compared in lower case, without `-` and `_`).
const SECRET_NAMES: &[&str] = &[
    "clientsecret",
    "secret",
    "apikey",
    "apisecret",
    "apitoken",
    "accesstoken",
    "refreshtoken",
    "authtoken",
    "bearertoken",
    "token",
    "password",
    "passwd",
    "pwd",
    "privatekey",
    "secretkey",
    "accesskey",
    "subscriptionkey",
    "ocpapimsubscriptionkey",
    "xapikey",
    "authorization",
];

fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '-' && *c != '_' && *c != ' ')
        .flat_map(char::to_lowercase)
        .collect()
}

fn secret_name(name: &str) -> bool {
    let s = squash(name);
    let qualified = |suffix: &str, qualifiers: &[&str]| {
        s.ends_with(suffix) && qualifiers.iter().any(|q| s[..s.len() - suffix.len()].contains(q))
    };
    SECRET_NAMES.iter().any(|n| s == *n || (n.len() >= 6 && s.ends_with(n)))
        || qualified("token", &["auth", "access", "api", "bearer", "refresh", "session", "secret", "security"])
        || qualified("key", &["api", "secret", "private", "access", "subscription", "signing", "encryption"])
}

/// Whether `v` looks like a real secret rather than a placeholder, a URL, a sentence or a word.
fn random_looking(v: &str) -> bool {
    let v = v.trim();
    let v = ["Bearer ", "bearer ", "Basic ", "basic ", "Token ", "token "]
        .iter()
        .find_map(|p| v.strip_prefix(p))
        .unwrap_or(v);
    let n = v.chars().count();
    if !(16..=512).contains(&n) || v.contains(char::is_whitespace) || v.contains("://") {
        return false;
    }
    if is_placeholder(v) {
        return false;
    }
    let lower = v.chars().any(|c| c.is_ascii_lowercase());
    let upper = v.chars().any(|c| c.is_ascii_uppercase());
    let digit = v.chars().any(|c| c.is_ascii_digit());
    if !(digit && (lower || upper)) {
        return false;
    }
    entropy(v) >= 3.3
}

/// Shannon entropy in bits per character.
fn entropy(v: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in v.bytes() {
        counts[b as usize] += 1;
    }
    let n = v.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

fn is_guid(v: &str) -> bool {
    let b = v.trim().as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// GUIDs that are obviously not real: all one digit, or counting up.
fn fake_guid(v: &str) -> bool {
    let hex: String = v.chars().filter(|c| *c != '-').collect::<String>().to_ascii_lowercase();
    let first = hex.as_bytes().first().copied();
    hex.bytes().all(|b| Some(b) == first) || hex.starts_with("12345678") || hex.starts_with("abcdef")
}

/// What a GUID under this key is: an OAuth client id, an application id, a tenant id.
fn guid_kind(key: &str) -> Option<&'static str> {
    match squash(key).as_str() {
        "clientid" => Some("OAuth client id"),
        "appid" | "applicationid" => Some("application id"),
        "tenantid" | "tenant" | "directoryid" => Some("Azure AD tenant id"),
        _ => None,
    }
}

impl Rule for PrNoSecrets {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        for file in [&c.swagger, &c.props, &c.settings].into_iter().flatten() {
            check_json(cx, file, file.kind == FileKind::Props);
        }
        for file in [&c.readme, &c.intro].into_iter().flatten() {
            if file.readable {
                scan_tokens(&file.text, &mut |span, kind| {
                    cx.report_text(file, span, format!("{} looks like {kind}", file_label(&file.display)))
                        .help(HELP);
                });
            }
        }
        if let Some(script) = c.script.as_ref().filter(|s| s.readable) {
            check_script(cx, script);
        }
    }
}

const HELP: &str = "replace it with an obviously fake value (e.g. `[[YOUR_API_KEY]]`), and revoke the real one if it was ever pushed";

fn file_label(display: &str) -> String {
    let name = display.rsplit('/').next().unwrap_or(display);
    format!("a value in `{name}`")
}

fn check_json(cx: &mut Checker, file: &JsonFile, is_props: bool) {
    let Some(text) = file.text() else { return };
    let name = file.display.rsplit('/').next().unwrap_or(&file.display).to_owned();
    // The definition's test values are `test-value-no-secrets`' to judge.
    let test_values: Vec<(usize, usize)> = match file.doc() {
        Some(doc) if file.kind == FileKind::Swagger => doc
            .root()
            .descendants()
            .filter(|n| n.key() == Some("x-ms-test-value"))
            .map(|n| (n.span().start as usize, n.span().end as usize))
            .collect(),
        _ => Vec::new(),
    };
    let in_test_value = |at: usize| test_values.iter().any(|(s, e)| (*s..*e).contains(&at));
    scan_tokens(text, &mut |span, kind| {
        if !in_test_value(span.start as usize) {
            cx.report_json_span(file, span, format!("a value in `{name}` looks like {kind}"))
                .help(HELP);
        }
    });
    let Some(doc) = file.doc() else { return };
    // A definition names thousands of long strings with the same few keys ("description"):
    // each key is judged once.
    let mut secret_key: rustc_hash::FxHashMap<&str, bool> = rustc_hash::FxHashMap::default();
    for node in doc.root().descendants() {
        let Some(value) = node.as_str() else { continue };
        // (The cheap tests first: the test values are a list, searched for each node left.)
        if value.len() < 16 || in_test_value(node.span().start as usize) {
            continue;
        }
        let Some(mut key) = node.key() else { continue };
        // `"tenantId": { "value": "…" }` (customParameters) names the value by its parent;
        // a parameter's `default` or test value by the parameter's `name`
        if key == "value" {
            if let Some(parent_key) = node.parent().and_then(|p| p.key()) {
                key = parent_key;
            }
        } else if matches!(key, "default" | "x-ms-test-value" | "x-example" | "example") {
            if let Some(param_name) = node.parent().and_then(|p| p.get_str("name")) {
                key = param_name;
            }
        }
        if is_props && is_guid(value) {
            if let Some(kind) = guid_kind(key) {
                if fake_guid(value) || owned_by_oauth_rule(node) {
                    continue;
                }
                cx.report(node, format!("`{key}` in `{name}` holds a GUID that looks like a real {kind}"))
                    .help("replace it with a placeholder such as `[[DUMMY]]`; Microsoft asks for real values at certification time");
                continue;
            }
        }
        if *secret_key.entry(key).or_insert_with(|| secret_name(key)) && random_looking(value) {
            if is_props && owned_by_oauth_rule(node) {
                continue;
            }
            cx.report(node, format!("`{key}` in `{name}` holds a value that looks like a real secret"))
                .help(HELP);
        }
    }
}

/// `oAuthSettings.clientId` / `clientSecret` of a connection parameter: reported by
/// `oauth-client-id-placeholder`.
fn owned_by_oauth_rule(node: JsonRef) -> bool {
    let key = node.key().map(squash);
    matches!(key.as_deref(), Some("clientid" | "clientsecret"))
        && node
            .parent()
            .and_then(|p| p.key())
            .is_some_and(|k| k.eq_ignore_ascii_case("oAuthSettings"))
}

static SCRIPT_ASSIGN: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(r#"\b([A-Za-z_]\w*)\s*=\s*(@?"[^"\n]*")"#)
});
static SCRIPT_HEADER: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(r#"\.(?:Add|TryAddWithoutValidation|Set)\s*\(\s*("[^"\n]*")\s*,\s*(@?"[^"\n]*")"#)
});

fn check_script(cx: &mut Checker, script: &TextFile) {
    let name = script.display.rsplit('/').next().unwrap_or(&script.display).to_owned();
    scan_tokens(&script.text, &mut |span, kind| {
        cx.report_text(script, span, format!("a value in `{name}` looks like {kind}"))
            .help(HELP);
    });
    let cs = parse_csharp(&script.text);
    let by_start: std::collections::HashMap<usize, &(Span, String)> =
        cs.literals.iter().map(|l| (l.0.start as usize, l)).collect();
    let literal = |quote_at: usize| {
        let body = if script.text.as_bytes().get(quote_at) == Some(&b'@') { quote_at + 2 } else { quote_at + 1 };
        by_start.get(&body).map(|(s, v)| (s, v))
    };
    for cap in SCRIPT_ASSIGN.captures_iter(&cs.masked) {
        let (Some(var), Some(lit)) = (cap.get(1), cap.get(2)) else { continue };
        if !secret_name(var.as_str()) {
            continue;
        }
        if let Some((span, value)) = literal(lit.start()) {
            if random_looking(value) {
                cx.report_text(script, *span, format!("`{}` in `{name}` holds a value that looks like a real secret", var.as_str()))
                    .help(HELP);
            }
        }
    }
    for cap in SCRIPT_HEADER.captures_iter(&cs.masked) {
        let (Some(header), Some(lit)) = (cap.get(1), cap.get(2)) else { continue };
        let Some((_, header_name)) = literal(header.start()) else { continue };
        if !secret_name(header_name) {
            continue;
        }
        if let Some((span, value)) = literal(lit.start()) {
            if random_looking(value) {
                cx.report_text(script, *span, format!("the `{header_name}` header in `{name}` is set to a value that looks like a real secret"))
                    .help(HELP);
            }
        }
    }
}
