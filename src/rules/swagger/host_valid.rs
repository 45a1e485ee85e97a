//! ## What it checks
//! That `host`, when present, is a bare host name or IP address with an optional `:port`: no
//! scheme (`https://`), no path, no `{`/`}` template, no spaces or backslashes (the repository
//! schema's pattern `^[^{}/ :\\]+(?::\d+)?$`).
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
        let Some((problem, help)) = problem(text) else { return };
        let d = if text.is_empty() {
            cx.report(host, "`host` is empty; expected a host name such as `api.contoso.com`")
        } else {
            cx.report(host, format!("host `{}` is not a bare host name: {problem}", quote(text)))
        };
        if let Some(help) = help {
            d.help(help);
        }
    }
}

/// What is wrong with `host`, and a suggested fix; `None` when it matches the schema's pattern.
fn problem(host: &str) -> Option<(&'static str, Option<String>)> {
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
    }
}
