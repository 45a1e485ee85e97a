//! ## What it checks
//! That `x-ms-test-value` (on parameters and schemas) holds a harmless sample, never a
//! credential or someone's personal data, and fits the declared type. It warns when:
//! - the value has the shape of a credential: a JSON Web Token, a PEM private key, a
//!   `Bearer`/`Basic` authorization value, a connection string with `AccountKey=`,
//!   `SharedAccessSignature=` or `Password=`, or a well-known key format (AWS `AKIA…`,
//!   GitHub `ghp_…`, Slack `xox…-`, OpenAI-style `sk-…`, Google `AIza…`, and the other formats
//!   `pr-no-secrets` knows, which leaves test values to this rule);
//! - the parameter or property (or a key inside an object value) is named like a secret
//!   (`password`, `secret`, `apiKey`, `accessToken`, `authorization`, ...) and the value is
//!   not an obvious placeholder (`<your key>`, `insert token`, `xxxx`, `test`, `example`);
//! - the value contains an email address outside the documentation domains (`example.com`,
//!   `contoso.com`, `fabrikam.com`, ...) whose local part is not a placeholder (`test`, `user`,
//!   `someone`, `john.doe`);
//! - the value is not of the declared `type` (a string for an integer parameter).
//!
//! The rule is a heuristic and never reports more than a warning; findings never repeat the
//! value, so the report itself does not spread the secret.
//!
//! ## Why it matters for certification
//! The connector definition is published in a public repository and shipped to every tenant.
//! The schema describes `x-ms-test-value` as a sample used for testing that must not contain
//! secrets or personal data; a real key in it is a leaked key, and a real address is personal
//! data published without consent.
//!
//! ## Example
//! ```json
//! { "name": "apiKey", "in": "query", "type": "string",
//!   "x-ms-test-value": "sk-9f8e7d6c5b4a39281706f5e4d3c2b1a0" }
//! ```
//! Use instead: remove the test value, or use a placeholder (`"x-ms-test-value": "<your API key>"`).
//!
//! ## Fix safety
//! No fix: a finding is a heuristic, and the harmless sample that should replace a credential, personal data or a mistyped value is the author's to choose.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::parameters as params;
use regex::Regex;
use std::sync::LazyLock;

pub struct TestValueNoSecrets;

const KEY: &str = "x-ms-test-value";

/// Credential shapes, with what to call them in messages.
static CREDENTIALS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (
            r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.",
            "a JSON Web Token",
        ),
        (r"-----BEGIN [A-Z ]*PRIVATE KEY-----", "a private key"),
        (r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{16,}", "a bearer token"),
        (
            r"(?i)\bbasic\s+[A-Za-z0-9+/]{16,}={0,2}",
            "a basic authorization value",
        ),
        (
            r"(?i)\b(AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd)=[^;\s]{6,}",
            "a connection string with a secret",
        ),
        (r"\bAKIA[0-9A-Z]{16}\b", "an AWS access key"),
        (
            r"\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}",
            "a GitHub token",
        ),
        (r"\bgithub_pat_[A-Za-z0-9_]{30,}", "a GitHub token"),
        (r"\bxox[abprs]-[A-Za-z0-9-]{10,}", "a Slack token"),
        (r"\bsk-[A-Za-z0-9_-]{20,}", "an API secret key"),
        (r"\bAIza[0-9A-Za-z_-]{35}\b", "a Google API key"),
    ]
    .into_iter()
    .filter_map(|(pattern, what)| Regex::new(pattern).ok().map(|r| (r, what)))
    .collect()
});

static EMAIL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)").ok());

/// Name fragments (lowercase, without `-`/`_`) that mark a value as secret.
const SECRET_NAMES: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "apikey",
    "accesstoken",
    "refreshtoken",
    "idtoken",
    "authtoken",
    "bearertoken",
    "privatekey",
    "authorization",
    "subscriptionkey",
];

/// Names that are secrets only when they are the whole name.
const SECRET_EXACT: &[&str] = &["token", "key", "auth", "pwd", "pat"];

const PLACEHOLDER_WORDS: &[&str] = &[
    "<",
    "{",
    "your",
    "insert",
    "enter",
    "example",
    "sample",
    "placeholder",
    "xxx",
    "***",
    "test",
    "dummy",
    "fake",
    "changeme",
    "redacted",
    "...",
    "demo",
];

const DOC_DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "example.net",
    "contoso.com",
    "fabrikam.com",
    "northwindtraders.com",
    "adventure-works.com",
    "wingtiptoys.com",
    "tailspintoys.com",
    "woodgrovebank.com",
    "domain.com",
    "company.com",
    "email.com",
    "test.com",
];

const PLACEHOLDER_LOCALS: &[&str] = &[
    "test", "user", "someone", "name", "john.doe", "jane.doe", "johndoe", "janedoe", "noreply",
    "no-reply", "info", "admin", "foo", "bar", "me", "you", "email", "mail", "sample", "example",
];

fn is_secret_name(name: &str) -> bool {
    let squashed: String = name
        .chars()
        .filter(|c| *c != '-' && *c != '_' && *c != ' ')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_EXACT.contains(&squashed.as_str()) || SECRET_NAMES.iter().any(|s| squashed.contains(s))
}

fn is_placeholder(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let trimmed = lower.trim();
    trimmed.len() < 4
        || PLACEHOLDER_WORDS.iter().any(|w| trimmed.contains(w))
        || trimmed
            .chars()
            .all(|c| c == trimmed.chars().next().unwrap_or(c))
}

fn personal_email(text: &str) -> bool {
    let Some(re) = EMAIL.as_ref() else {
        return false;
    };
    re.captures_iter(text).any(|c| {
        let local = c.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
        let domain = c.get(2).map_or("", |m| m.as_str()).to_ascii_lowercase();
        let doc_domain = DOC_DOMAINS.iter().any(|d| {
            domain
                .strip_suffix(d)
                .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
        });
        !doc_domain && !PLACEHOLDER_LOCALS.contains(&local.as_str()) && !local.contains("test")
    })
}

/// Judges one string of a test value; `owner` is the name it is the value of.
fn check_string(cx: &mut Checker, value: JsonRef<'_>, owner: Option<&str>) {
    let Some(text) = value.as_str() else { return };
    let what = CREDENTIALS
        .iter()
        .find(|(re, _)| re.is_match(text))
        .map(|(_, what)| (*what).to_owned())
        .or_else(|| util::secrets::credential_in(text));
    if let Some(what) = what {
        cx.report(
            value,
            format!("`x-ms-test-value` looks like {what}; the definition is public"),
        )
        .severity(Severity::Warning)
        .help(
            "remove it or use a placeholder such as \"<your API key>\", and revoke the credential",
        );
        return;
    }
    if let Some(name) = owner.filter(|n| is_secret_name(n))
        && !is_placeholder(text)
    {
        cx.report(
            value,
            format!(
                "`x-ms-test-value` of `{name}` looks like a real secret; the definition is public"
            ),
        )
        .severity(Severity::Warning)
        .help("remove it or use a placeholder such as \"<your API key>\"");
        return;
    }
    if personal_email(text) {
        cx.report(
            value,
            "`x-ms-test-value` contains what looks like a real person's email address",
        )
        .severity(Severity::Warning)
        .help("use an address at a documentation domain, such as user@contoso.com");
    }
}

/// Judges a test value: its strings, the keys of objects inside it, and its type.
fn check(cx: &mut Checker, holder: JsonRef<'_>, owner: Option<&str>) {
    let Some(value) = holder.get(KEY) else { return };
    if let Some(ty) = holder.get_str("type")
        && params::fits_type(ty, value) == Some(false)
    {
        cx.report(
            value,
            format!(
                "`x-ms-test-value` is {}, but the type is `{ty}`",
                params::kind_of(value)
            ),
        )
        .severity(Severity::Warning);
    }
    if value.is_string() {
        check_string(cx, value, owner);
        return;
    }
    // Objects and arrays: every string inside, named by the key it hangs from.
    for node in value.descendants().skip(1).take(500) {
        if node.is_string() {
            let key = node.key().or(owner);
            check_string(cx, node, key);
        }
    }
}

impl Rule for TestValueNoSecrets {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Parameter, NodeKind::Schema]
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, p: &Parameter) {
        let Some(node) = params::resolved(p) else {
            return;
        };
        if !p.is_body() {
            check(cx, node, node.get_str("name"));
        }
    }

    fn schema(&self, cx: &mut Checker, _sw: &Swagger, s: &Schema) {
        let owner = match s.edge {
            Edge::Property(name) => Some(name),
            _ => None,
        };
        check(cx, s.node, owner);
    }
}
