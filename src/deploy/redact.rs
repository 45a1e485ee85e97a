//! The last line of defence for secrets: every message deploy shows passes through [`clean`].
//!
//! The first line is that secrets live in [`secrecy::SecretString`]s and are only exposed where
//! a request is built. Here, every secret the process has handled (tokens, refresh tokens,
//! client secrets, storage signatures) is registered, and any text about to be shown has them
//! replaced by `***`; shapes that are secrets whatever their value (a JWT, a SAS `sig=`) are
//! masked too, so a token that was never registered (one quoted back by a service) is caught.

use regex::Regex;
use std::sync::{LazyLock, Mutex};

static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

static SHAPES: LazyLock<[(Regex, &'static str); 3]> = LazyLock::new(|| {
    [
        // A JWT: three base64url parts, the first two starting `eyJ` (`{"`).
        (
            Regex::new(r"eyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*").unwrap(),
            "***",
        ),
        // An Azure storage signature, in a URL or quoted alone.
        (Regex::new(r"(?i)\bsig=[^&\s\x22'<>]+").unwrap(), "sig=***"),
        // A bearer credential quoted back.
        (
            Regex::new(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}").unwrap(),
            "Bearer ***",
        ),
    ]
});

/// Remembers `secret` so that [`clean`] masks it from now on. Very short values are not
/// registered: masking every `a` would make messages unreadable, and such a value is no secret.
pub fn register(secret: &str) {
    let secret = secret.trim();
    if secret.len() < 6 {
        return;
    }
    let mut all = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
    if !all.iter().any(|s| s == secret) {
        all.push(secret.to_owned());
        // Longest first, so a secret containing another is masked whole.
        all.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
}

/// `text` with every registered secret and every secret-shaped value replaced.
pub fn clean(text: &str) -> String {
    let mut out = text.to_owned();
    {
        let all = SECRETS.lock().unwrap_or_else(|e| e.into_inner());
        for secret in all.iter() {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), "***");
            }
        }
    }
    for (shape, with) in SHAPES.iter() {
        if shape.is_match(&out) {
            out = shape.replace_all(&out, *with).into_owned();
        }
    }
    out
}

/// A URL for messages: scheme, host and path; the query (which may hold a signature) becomes
/// `?…`.
pub fn url_for_humans(url: &str) -> String {
    match url.split_once('?') {
        Some((base, _)) => format!("{}?…", clean(base)),
        None => clean(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_secrets_and_secret_shapes_are_masked() {
        let secret = format!("s3cr3t-{}", "x".repeat(20));
        register(&secret);
        let jwt = format!(
            "eyJhbGciOi{}.eyJvaWQiOi{}.c2ln",
            "a".repeat(8),
            "b".repeat(8)
        );
        let text = format!(
            "token {jwt} secret {secret} url https://a.blob/c/icon.png?sv=1&sig=AbC%2B&sp=r Bearer abcdefghijkl"
        );
        let shown = clean(&text);
        assert!(!shown.contains(&secret), "{shown}");
        assert!(!shown.contains("eyJvaWQi"), "{shown}");
        assert!(!shown.contains("AbC%2B"), "{shown}");
        assert!(!shown.contains("abcdefghijkl"), "{shown}");
        assert_eq!(url_for_humans("https://h/p?sig=x"), "https://h/p?…");
    }
}
