//! Helpers of the `sec-*` rules (`docs/solutions.md` §9). Every finding about a value says
//! where it is and what it looks like, by length and shape only: no message, help or pointer
//! may repeat the value.

use super::props::secret_kind;
use super::secrets::credential_in;
use crate::json::JsonRef;
use crate::rules::util::text_regex::TextRegex;
use std::sync::LazyLock;

/// How a value is described in a message: `a 27-character value`.
pub fn shape(value: &str) -> String {
    let n = value.chars().count();
    if n == 1 {
        "a 1-character value".to_owned()
    } else {
        format!("a {n}-character value")
    }
}

/// How a JSON value is described in a message: the length of a string, the type of anything
/// else.
pub fn describe(node: JsonRef) -> String {
    match node.as_str() {
        Some(v) => shape(v),
        None => format!("a {} value", node.json_type()),
    }
}

/// Whether a JSON value holds nothing: `null`, blank, `{}` or `[]`.
pub fn is_blank(node: JsonRef) -> bool {
    match node.as_str() {
        Some(v) => v.trim().is_empty(),
        None => node.is_null() || ((node.is_object() || node.is_array()) && node.is_empty()),
    }
}

/// A name in lower case without separators: `Client_Secret` → `clientsecret`.
pub fn squash(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Whether a value is a reference rather than a literal: `@environmentVariables("x")`,
/// `@parameters('x')`, or any other workflow expression.
pub fn is_reference(value: &str) -> bool {
    let v = value.trim();
    v.starts_with('@') || v.contains("@{")
}

/// Whether a value is empty or an obvious placeholder (`[[DUMMY]]`, `{{secret}}`, `<your key>`,
/// `xxxx`, `****`, `changeme`). Stricter than the apiProperties notion: a word such as
/// `secret` inside a token does not make it a placeholder.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    let bracketed = [
        ("[[", "]]"),
        ("{{", "}}"),
        ("<", ">"),
        ("[", "]"),
        ("{", "}"),
    ]
    .iter()
    .any(|(open, close)| lower.starts_with(open) && lower.ends_with(close));
    if bracketed {
        return true;
    }
    let first = lower.chars().next();
    if lower.chars().all(|c| Some(c) == first) {
        return true;
    }
    [
        "dummy",
        "placeholder",
        "your_",
        "your-",
        "your ",
        "yourkey",
        "yoursecret",
        "xxxx",
        "****",
        "changeme",
        "change_me",
        "replace",
        "example",
        "sample",
        "fake",
        "redacted",
        "not set",
        "notset",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || [
            "todo", "tbd", "none", "null", "n/a", "na", "secret", "password", "token", "key",
        ]
        .contains(&lower.as_str())
}

/// Names that say outright that they hold a secret: `clientSecret`, `password`, `apiKey`,
/// `x-api-key`, `Authorization`, `accessToken`, `Ocp-Apim-Subscription-Key`,
/// `ConnectionString`, ... Ids, URLs and names of things (`tokenUrl`, `keyVaultName`) are not.
pub fn strong_secret_name(name: &str) -> bool {
    let squashed = squash(name);
    let kind = secret_kind(name);
    matches!(kind, Some("a password" | "a secret" | "a token"))
        || (kind.is_some() && squashed.contains("apikey"))
        || [
            "authorization",
            "ocpapimsubscriptionkey",
            "subscriptionkey",
            "accesstoken",
            "refreshtoken",
            "bearertoken",
            "authtoken",
            "sastoken",
            "connectionstring",
            "privatekey",
            "sharedaccesskey",
            "accountkey",
        ]
        .iter()
        .any(|n| squashed == *n || squashed.ends_with(n))
}

/// Names that may hold secrets: the strong ones, and any other `…key` (`partitionKey` may
/// be a plain value, so a weak name needs a random-looking value to count).
pub fn secret_name(name: &str) -> bool {
    strong_secret_name(name) || secret_kind(name).is_some()
}

/// Whether `value`, given to something called `name`, looks like a real secret: any real value
/// under a strong name, a random-looking one under a weak name.
pub fn literal_secret(name: &str, value: &str) -> bool {
    (strong_secret_name(name) && real_secret_value(value))
        || (secret_name(name) && random_looking(value))
}

static CONNECTION_STRING: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(
        r"(?i)(?:^|[;\s])(?:password|pwd|accountkey|sharedaccesskey|sharedaccesssignature)\s*=\s*[^;\s'\x22]{4,}",
    )
});

static AUTH_SCHEME: LazyLock<TextRegex> = LazyLock::new(|| {
    TextRegex::new(
        r"(?i)^\s*(?:bearer|basic|token|apikey|sharedaccesssignature)\s+([A-Za-z0-9._~+/=\-]{12,})\s*$",
    )
});

/// What a literal looks like when it looks like a secret whatever it is called: a well-known
/// credential format, a connection string with a password or key, or an `Authorization`
/// header value with a scheme and a token.
pub fn credential_kind(value: &str) -> Option<String> {
    if let Some(kind) = credential_in(value) {
        return Some(kind);
    }
    if CONNECTION_STRING.is_match(value) {
        return Some("a connection string with a password or key".to_owned());
    }
    if let Some(cap) = AUTH_SCHEME.captures(value)
        && cap.get(1).is_some_and(|t| !is_placeholder(t.as_str()))
    {
        return Some("an authorization header value with a token".to_owned());
    }
    None
}

/// Whether a value given to something named like a secret looks real: not a placeholder nor a
/// reference, at least 8 characters, without spaces (or a scheme and a token).
pub fn real_secret_value(value: &str) -> bool {
    let v = value.trim();
    if is_placeholder(v) || is_reference(v) || v.contains("://") {
        return false;
    }
    let token = AUTH_SCHEME
        .captures(v)
        .and_then(|c| c.get(1))
        .map_or(v, |m| m.as_str());
    token.chars().count() >= 8 && !token.contains(char::is_whitespace)
}

/// Whether a value looks random: 16 characters or more, letters and digits mixed, without
/// spaces, and high in entropy.
pub fn random_looking(value: &str) -> bool {
    let v = value.trim();
    let n = v.chars().count();
    if !(16..=1024).contains(&n)
        || v.contains(char::is_whitespace)
        || v.contains("://")
        || is_placeholder(v)
        || is_reference(v)
    {
        return false;
    }
    let letters = v.chars().any(|c| c.is_ascii_alphabetic());
    let digits = v.chars().any(|c| c.is_ascii_digit());
    letters && digits && entropy(v) >= 3.3
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

/// Whether a value is a GUID.
pub fn is_guid(v: &str) -> bool {
    let v = v.trim().trim_start_matches('{').trim_end_matches('}');
    let groups: Vec<&str> = v.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// GUIDs that are obviously not real: one digit repeated, or counting up.
pub fn fake_guid(v: &str) -> bool {
    let hex: String = v
        .chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_ascii_lowercase();
    let first = hex.chars().next();
    hex.chars().all(|c| Some(c) == first)
        || hex.starts_with("12345678")
        || hex.starts_with("abcdef")
        || hex.starts_with("00000000")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_never_repeat_values() {
        assert_eq!(shape("abc"), "a 3-character value");
    }

    #[test]
    fn secrets_and_placeholders() {
        assert!(secret_name("clientSecret"));
        assert!(strong_secret_name("x-api-key"));
        assert!(!strong_secret_name("partitionKey"));
        assert!(secret_name("partitionKey"));
        assert!(!literal_secret("partitionKey", "customers2024"));
        assert!(literal_secret("password", "hunter22"));
        assert!(secret_name("x-api-key"));
        assert!(secret_name("Authorization"));
        assert!(!secret_name("clientId"));
        assert!(!secret_name("tokenUrl"));
        assert!(is_placeholder("[[YOUR_KEY]]"));
        assert!(is_placeholder("****"));
        assert!(!is_placeholder("sk_live_51H8xyzSECRETVALUE"));
        assert!(real_secret_value("sk_live_51H8xyzSECRETVALUE"));
        assert!(!real_secret_value("@environmentVariables(\"x\")"));
        assert!(credential_kind("Server=x;Password=hunter22;").is_some());
        assert!(credential_kind("Bearer abcdefABCDEF123456").is_some());
        assert!(credential_kind("Bearer [[token]]").is_none());
        assert!(is_guid("3f2b8e4c-1d2a-4c5b-9e8f-7a6b5c4d3e2f"));
        assert!(fake_guid("00000000-0000-0000-0000-000000000000"));
        assert!(!fake_guid("3f2b8e4c-1d2a-4c5b-9e8f-7a6b5c4d3e2f"));
    }
}
