//! ## What it checks
//! That `host` does not look like a development, test or staging endpoint. It flags:
//! - `localhost`, loopback and private IPv4 addresses (`127.*`, `10.*`, `172.16–31.*`,
//!   `192.168.*`) and tunnel hosts (`*.ngrok.io`, `*.ngrok-free.app`, `*.ngrok.app`);
//! - a sub-domain label, or a `-`/`_`-separated part of one, that is `dev`, `develop`,
//!   `development`, `test`, `testing`, `qa`, `uat`, `stage`, `staging`, `stg`, `sandbox`,
//!   `preprod`, `preproduction` or `demo`, optionally followed by digits (`test01`).
//!
//! Only labels left of the registrable domain are examined: `swapi.dev`, `dev.to` and
//! `contoso.qa` are production sites whose top-level or registered name happens to match.
//!
//! It also reports a `host` that is a placeholder rather than a host: a single name without a
//! domain (`none`, `DefinedInConnectionParameters`), `example.com`/`.org`/`.net`, or a label
//! asking to be replaced (`yourinstance.service-now.com`, `your-tenant.contoso.com`,
//! `placeholder.contoso.com`), unless
//! apiProperties.json sets the host per connection with the `dynamichosturl` policy template,
//! which the documentation pairs with a placeholder host.
//!
//! ## Why it matters for certification
//! The documentation asks that submitted files point at the production service: a certified
//! connector is used by every customer, and a test host may vanish or hold test data. This is a
//! heuristic, so it never reports more than a warning: some vendors' public APIs really live on
//! a host called `sandbox` or `demo`. Confirm and ignore the finding in that case.
//!
//! ## Example
//! ```json
//! { "host": "api-staging.contoso.com" }
//! ```
//! Use instead:
//! ```json
//! { "host": "api.contoso.com" }
//! ```
//!
//! ## Fix safety
//! No fix: the production host is the vendor's to name; ppcert cannot derive it from a test or local one.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
use crate::rules::prelude::*;

pub struct HostProduction;

const WORDS: [&str; 14] = [
    "dev",
    "develop",
    "development",
    "test",
    "testing",
    "qa",
    "uat",
    "stage",
    "staging",
    "stg",
    "sandbox",
    "preprod",
    "preproduction",
    "demo",
];

impl Rule for HostProduction {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(host) = sw.root.get("host") else { return };
        let Some(text) = host.as_str() else { return };
        if let Some(reason) = non_production(text) {
            cx.report(host, format!("host `{text}` looks like a non-production endpoint ({reason})"))
                .help("point the connector at the production service before submitting");
        } else if let Some(reason) = placeholder(text)
            && !sets_host_per_connection(cx.connector())
        {
            cx.report(host, format!("host `{text}` is not a real host ({reason})"))
                .help("write the service's host; a host chosen per connection is set with the `dynamichosturl` policy template");
        }
    }
}

/// Whether apiProperties.json sets the host per connection (`dynamichosturl`), in which case the
/// definition's host is a placeholder on purpose.
fn sets_host_per_connection(c: &Connector) -> bool {
    let Some(doc) = c.props.as_ref().and_then(|p| p.doc()) else {
        return true; // unknown: do not guess
    };
    doc.root()
        .get("properties")
        .and_then(|p| p.get("policyTemplateInstances"))
        .is_some_and(|list| {
            list.items().any(|t| {
                t.get_str("templateId")
                    .is_some_and(|id| id.eq_ignore_ascii_case("dynamichosturl"))
            })
        })
}

/// Why `host` is a placeholder rather than a host, if it is: one label without a dot
/// (`none`, `DefinedInConnectionParameters`), the documentation domains `example.com`/`.org`/
/// `.net`, or a label asking to be replaced (`yourinstance`, `your-tenant`, `placeholder`).
fn placeholder(host: &str) -> Option<&'static str> {
    // A host with a scheme, a path or other characters is host-valid's finding.
    if !host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'))
    {
        return None;
    }
    let name = host.split(':').next().unwrap_or(host).trim_end_matches('.');
    let lower = name.to_ascii_lowercase();
    // `TODO.example.com` is the scaffold's marker: placeholder-todo's finding.
    if lower.is_empty() || lower == "localhost" || ipv4(&lower).is_some() || name.starts_with("TODO.") {
        return None;
    }
    if !lower.contains('.') {
        return Some("a single name without a domain");
    }
    if ["example.com", "example.org", "example.net"]
        .iter()
        .any(|d| lower == *d || lower.ends_with(&format!(".{d}")))
    {
        return Some("a documentation example domain");
    }
    // `your` + what to put there: `yourinstance`, `your-tenant`, `yourcompanyname`.
    const NOUNS: [&str; 12] = [
        "instance", "company", "domain", "tenant", "org", "account", "server", "site", "host",
        "subdomain", "name", "environment",
    ];
    let asks = lower.split('.').any(|label| {
        let rest = label.strip_prefix("your").map(|r| r.trim_start_matches(['-', '_']));
        rest.is_some_and(|r| NOUNS.iter().any(|n| r.starts_with(n)))
            || label.contains("placeholder")
            || label == "changeme"
    });
    asks.then_some("a placeholder to replace")
}

/// Why `host` looks like a development or test endpoint, if it does.
fn non_production(host: &str) -> Option<String> {
    let name = host.split(':').next().unwrap_or(host).trim_end_matches('.');
    let lower = name.to_ascii_lowercase();
    if lower == "localhost" || lower.ends_with(".localhost") {
        return Some("localhost".to_owned());
    }
    if let Some(octets) = ipv4(&lower) {
        let private = match octets {
            [127, ..] | [10, ..] | [192, 168, ..] => true,
            [172, b, ..] => (16..=31).contains(&b),
            _ => false,
        };
        return private.then(|| "a loopback or private address".to_owned());
    }
    if [".ngrok.io", ".ngrok-free.app", ".ngrok.app"]
        .iter()
        .any(|t| lower.ends_with(t))
    {
        return Some("a tunnel to a developer machine".to_owned());
    }
    let labels: Vec<&str> = lower.split('.').collect();
    // Labels left of the registrable domain: drop the top-level domain and the registered name,
    // and one more for two-level public suffixes such as `co.uk` or `com.au`.
    let mut keep = labels.len().saturating_sub(2);
    if labels.len() >= 3
        && labels
            .get(labels.len() - 2)
            .is_some_and(|s| matches!(*s, "co" | "com" | "org" | "net" | "gov" | "edu" | "ac"))
    {
        keep = keep.saturating_sub(1);
    }
    for label in labels.iter().take(keep) {
        for part in label.split(['-', '_']) {
            let word = part.trim_end_matches(|c: char| c.is_ascii_digit());
            if WORDS.contains(&word) {
                return Some(format!("`{part}` in `{label}`"));
            }
        }
    }
    None
}

fn ipv4(host: &str) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = host.split('.');
    for slot in &mut out {
        *slot = parts.next()?.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::non_production;

    #[test]
    fn hosts() {
        assert!(non_production("api.contoso.com").is_none());
        assert!(non_production("swapi.dev").is_none());
        assert!(non_production("dev.to").is_none());
        assert!(non_production("developer.contoso.com").is_none());
        assert!(non_production("api.contoso.co.uk").is_none());
        assert!(non_production("8.8.8.8").is_none());
        assert!(non_production("localhost:4433").is_some());
        assert!(non_production("192.168.1.10").is_some());
        assert!(non_production("dev-api.contoso.com").is_some());
        assert!(non_production("sgs-wm-test01.contoso.com").is_some());
        assert!(non_production("api.staging.contoso.co.uk").is_some());
        assert!(non_production("staging.contoso.co.uk").is_some());
        assert!(non_production("hello.eu.ngrok.io").is_some());
        assert!(non_production("contoso-dev.azurewebsites.net").is_some());
        use super::placeholder;
        assert!(placeholder("none").is_some());
        assert!(placeholder("api.example.com").is_some());
        assert!(placeholder("yourinstance.service-now.com").is_some());
        assert!(placeholder("api.contoso.com").is_none());
        assert!(placeholder("localhost").is_none());
        assert!(placeholder("https://staging.contoso.com/api").is_none(), "host-valid's");
        assert!(placeholder("api.yourls.org").is_none(), "a product whose name starts with `your`");
        assert!(placeholder("your-tenant.contoso.com").is_some());
    }
}
