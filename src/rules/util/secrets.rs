//! Well-known credential formats (GitHub, AWS, Slack, Google, Stripe, Azure tokens, private keys,
//! JSON Web Tokens, passwords in URLs), shared by `pr-no-secrets` and `test-value-no-secrets`.

use crate::json::Span;
use crate::rules::util::text_regex::TextRegex;
use std::sync::LazyLock;

/// Well-known credential formats, one capture group per kind (see `KINDS`).
static TOKENS: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(concat!(
        r"((?-u:\b)(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}(?-u:\b)|(?-u:\b)github_pat_[A-Za-z0-9_]{60,100}(?-u:\b))",
        r"|(-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----)",
        r"|((?-u:\b)(?:AKIA|ASIA)[0-9A-Z]{16}(?-u:\b))",
        r"|((?-u:\b)xox[abposr]-[0-9A-Za-z]{8,}-[0-9A-Za-z-]{8,})",
        r"|((?-u:\b)AIza[0-9A-Za-z_\-]{35}(?-u:\b))",
        r"|((?-u:\b)(?:sk|rk)_live_[0-9A-Za-z]{20,}(?-u:\b))",
        r"|(AccountKey=[A-Za-z0-9+/]{80,}={0,2})",
        r"|((?-u:\b)eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{16,})",
        r"|((?-u:\b)https?://[A-Za-z0-9._%\-]{1,64}:[^\s/:@{}<>\[\]]{6,64}@[A-Za-z0-9.\-]+)",
    ))
});

/// Azure AD client secrets have no literal prefix, which would keep the regex engine from skipping
/// ahead on the other patterns' prefixes; they are searched separately, only where `Q~` occurs.
static AZURE: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(
        r"(?:^|[^A-Za-z0-9_~.\-])([A-Za-z0-9_~.\-]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})(?:$|[^A-Za-z0-9_~.\-])",
    )
});

const KINDS: &[&str] = &[
    "a GitHub token",
    "a private key",
    "an AWS access key id",
    "a Slack token",
    "a Google API key",
    "a Stripe live key",
    "an Azure Storage account key",
    "a JSON Web Token (a bearer token)",
    "a user name and password in a URL",
];

/// Reports each credential-shaped value in `text`: its byte range and what it looks like
/// (`a GitHub token`). Documented examples (`AKIAIOSFODNN7EXAMPLE`) and placeholder user names
/// are left out.
pub fn scan_tokens(text: &str, report: &mut dyn FnMut(Span, &str)) {
    let tokens = TOKENS.captures_iter(text).filter_map(|cap| {
        let (i, m) = cap
            .iter()
            .enumerate()
            .skip(1)
            .find_map(|(i, m)| m.map(|m| (i, m)))?;
        Some((m, KINDS.get(i - 1).copied().unwrap_or("a secret")))
    });
    let azure = memchr::memmem::find(text.as_bytes(), b"Q~")
        .map(|_| AZURE.captures_iter(text).filter_map(|cap| cap.get(1)))
        .into_iter()
        .flatten()
        .map(|m| (m, "an Azure AD client secret"));
    for (m, kind) in tokens.chain(azure) {
        let s = m.as_str();
        let lower = s.to_ascii_lowercase();
        if ["example", "sample", "dummy", "fake", "xxxx"]
            .iter()
            .any(|w| lower.contains(w))
        {
            continue; // documented examples such as AWS's `AKIAIOSFODNN7EXAMPLE`
        }
        if kind.starts_with("a user name") {
            let userinfo = s
                .split("://")
                .nth(1)
                .and_then(|r| r.split('@').next())
                .unwrap_or("");
            if is_placeholder(userinfo) || userinfo.contains("password") {
                continue;
            }
        }
        report(Span::new(m.start(), m.end()), kind);
    }
}

/// Whether a value is an obvious placeholder (`[[DUMMY]]`, `<your key>`, `xxxx`, ...).
pub fn is_placeholder(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    v.contains(['[', ']', '{', '}', '<', '>', '$', '%', '@'])
        || [
            "your",
            "dummy",
            "placeholder",
            "example",
            "sample",
            "xxxx",
            "****",
            "test",
            "fake",
            "redacted",
            "changeme",
            "replace",
            "secret",
            "token",
            "password",
        ]
        .iter()
        .any(|w| l.contains(w))
        || l.bytes().all(|b| Some(b) == l.as_bytes().first().copied())
}

/// What the first credential-shaped value in `text` looks like, if any.
pub fn credential_in(text: &str) -> Option<String> {
    let mut found = None;
    scan_tokens(text, &mut |_, kind| {
        found.get_or_insert_with(|| kind.to_owned());
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_found(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        scan_tokens(text, &mut |_, kind| found.push(kind.to_owned()));
        found
    }

    /// Token-shaped values are built at run time so that no token-looking string is committed.
    #[test]
    fn well_known_token_formats() {
        let github = format!("token {}_{} here", "ghp", "a1B2".repeat(9));
        assert_eq!(kinds_found(&github), ["a GitHub token"]);
        let fine_grained = format!("{}_{}", "github_pat", "Ab3_".repeat(20));
        assert_eq!(kinds_found(&fine_grained), ["a GitHub token"]);
        let azure = format!("secret: {}Q~{} end", "Xy48", "aB3".repeat(11));
        assert_eq!(kinds_found(&azure), ["an Azure AD client secret"]);
        assert!(
            kinds_found(&format!("{}_{}", "ghp", "a1B2".repeat(4))).is_empty(),
            "too short"
        );
        assert!(
            kinds_found("AKIAIOSFODNN7EXAMPLE").is_empty(),
            "documented example"
        );
    }
}
