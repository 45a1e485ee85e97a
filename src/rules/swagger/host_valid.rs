//! ## What it checks
//! That `host`, when present, is a bare host name or IP address with an optional `:port`: no
//! scheme (`https://`), no path, no `{`/`}` template, no spaces or backslashes (the repository
//! schema's pattern `^[^{}/ :\\]+(?::\d+)?$`), and — beyond the pattern — only characters a
//! host name can hold (letters, digits, `-`, `_` and dots between non-empty labels), so a query
//! (`?key=...`), a fragment or credentials (`user@`) are reported too. A missing `host` is
//! `host-required`'s (certification profiles).
//!
//! ## Why it matters for certification
//! The platform builds request URLs from `schemes`, `host` and `basePath`; a host holding a
//! scheme or a path produces broken URLs, and the Swagger Validator reports `HostNameNotValid`.
//! The message names the part that is wrong: a scheme belongs in `schemes`, a path in
//! `basePath`, and a per-connection host is set with the `dynamichosturl` policy template
//! (keeping a placeholder host here).
//!
//! ## Example
//! ```json
//! { "host": "https://api.contoso.com/v1" }
//! ```
//! Use instead:
//! ```json
//! { "host": "api.contoso.com", "basePath": "/v1", "schemes": ["https"] }
//! ```
//!
//! ## Fix safety
//! Safe: a scheme that `schemes` already lists (https when `schemes` is absent) is dropped from `host`, a path moves to a `basePath` that is absent or `/`, and surrounding spaces go; the platform calls the same URLs. A template, a query, credentials, or a path when `basePath` is already set get no fix.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::info::{quote, type_name};

pub struct HostValid;

impl Rule for HostValid {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(host) = sw.root.get("host") else { return };
        let Some(text) = host.as_str() else {
            cx.report(host, format!("`host` is {}; expected a host name string", type_name(host)));
            return;
        };
        let Some((problem, help)) = problem(text) else {
            return;
        };
        let d = if text.is_empty() {
            cx.report(host, "`host` is empty; expected a host name such as `api.contoso.com`")
        } else {
            cx.report(host, format!("host `{}` is not a bare host name: {problem}", quote(text)))
        };
        if let Some(help) = help {
            d.help(help);
        }
        d.fix_if(fix(sw, host, text));
    }
}

/// Moves a scheme and a path out of `host` when the URLs the platform builds stay the same: the
/// scheme is one `schemes` already uses (https when it is absent), and the path goes to a
/// `basePath` that is absent or `/`. Surrounding white space is trimmed.
fn fix(sw: &Swagger, host: JsonRef<'_>, text: &str) -> Option<Fix> {
    let trimmed = text.trim();
    let (scheme, rest) = match trimmed.split_once("://") {
        Some((scheme, rest)) => (Some(scheme.to_ascii_lowercase()), rest),
        None => (None, trimmed),
    };
    let (bare, path) = split_path(rest);
    let path = path.trim_end_matches('/');
    if bare.is_empty() || shape_problem(bare).is_some() || name_problem(bare).is_some() {
        return None;
    }
    if let Some(scheme) = &scheme {
        let listed: Vec<&str> = sw
            .root
            .get("schemes")
            .map(|s| s.items().filter_map(|i| i.as_str()).collect())
            .unwrap_or_default();
        let same = if listed.is_empty() {
            scheme == "https"
        } else {
            listed.iter().any(|l| l.eq_ignore_ascii_case(scheme))
        };
        if !same {
            return None;
        }
    }
    let mut edits = vec![set_string(host, bare)];
    if !path.is_empty() {
        match sw.root.get("basePath") {
            None => edits.push(util::edits::insert_member(sw.root, "basePath", &serde_json::to_string(path).ok()?)?),
            Some(base) if base.as_str().is_some_and(|b| b.is_empty() || b == "/") => {
                edits.push(set_string(base, path));
            }
            Some(_) => return None,
        }
    }
    let title = match (scheme.is_some(), path.is_empty()) {
        (true, true) => "Remove the scheme from `host`",
        (true, false) => "Move the scheme out of `host` and the path to `basePath`",
        (false, false) => "Move the path to `basePath`",
        (false, true) => "Trim the white space",
    };
    Some(Fix::safe(title, edits))
}

/// What is wrong with `host`, and a suggested fix; `None` when it matches the schema's pattern.
fn problem(host: &str) -> Option<(String, Option<String>)> {
    shape_problem(host)
        .map(|(problem, help)| (problem.to_owned(), help))
        .or_else(|| name_problem(host))
}

/// What the repository schema's pattern rejects.
fn shape_problem(host: &str) -> Option<(&'static str, Option<String>)> {
    if host.is_empty() {
        return Some(("it is empty", None));
    }
    if let Some((scheme, rest)) = host.split_once("://") {
        let (bare, path) = split_path(rest);
        let help = if path.is_empty() || path == "/" {
            format!("write `\"host\": \"{bare}\"` and list `{scheme}` in `schemes`")
        } else {
            format!("write `\"host\": \"{bare}\"`, `\"basePath\": \"{path}\"` and list `{scheme}` in `schemes`")
        };
        return Some(("it includes a scheme", Some(help)));
    }
    if host.contains(['{', '}']) {
        return Some((
            "it contains a `{` `}` template",
            Some("keep a fixed host here and set the real one per connection with the `dynamichosturl` policy template".to_owned()),
        ));
    }
    if host.contains(char::is_whitespace) {
        return Some(("it contains whitespace", None));
    }
    if host.contains('\\') {
        return Some(("it contains a backslash", None));
    }
    if host.contains('/') {
        let (bare, path) = split_path(host);
        return Some((
            "it includes a path",
            Some(format!("write `\"host\": \"{bare}\"` and `\"basePath\": \"{path}\"`")),
        ));
    }
    let (name, port) = match host.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    if name.is_empty() {
        return Some(("the host name is empty", None));
    }
    if let Some(port) = port {
        if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
            return Some(("the port after `:` must be a number", None));
        }
    }
    None
}

/// Characters and labels no host name has, which the schema's pattern lets through.
fn name_problem(host: &str) -> Option<(String, Option<String>)> {
    let name = host.split(':').next().unwrap_or(host);
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        let help = match c {
            '?' | '#' => Some("a query or fragment cannot be part of `host`; send fixed query values with the `setqueryparameter` policy template".to_owned()),
            '@' => Some("credentials cannot be part of `host`; use a connection parameter".to_owned()),
            _ => None,
        };
        return Some((format!("it contains `{c}`, which a host name cannot hold"), help));
    }
    if name.trim_end_matches('.').split('.').any(str::is_empty) {
        return Some(("it has an empty label (a leading dot or two dots in a row)".to_owned(), None));
    }
    None
}

/// Splits `host/path` at the first `/`; the path keeps its leading slash.
fn split_path(text: &str) -> (&str, &str) {
    match text.find('/') {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn hosts() {
        assert!(problem("api.contoso.com").is_none());
        assert!(problem("api.contoso.com:8443").is_none());
        assert!(problem("10.0.0.1").is_none());
        assert!(problem("https://api.contoso.com").is_some());
        assert!(problem("api.contoso.com/v1").is_some());
        assert!(problem("{tenant}.contoso.com").is_some());
        assert!(problem("api.contoso.com:").is_some());
        assert!(problem("a:b:c").is_some());
        assert!(problem("").is_some());
        assert!(problem("api.contoso.com.").is_none());
        assert!(problem("my_api.contoso.com").is_none());
        assert!(problem("bücher.example").is_none());
        assert!(problem("api.contoso.com?code=1").is_some());
        assert!(problem("user@api.contoso.com").is_some());
        assert!(problem("api..contoso.com").is_some());
        assert!(problem(".contoso.com").is_some());
    }
}
