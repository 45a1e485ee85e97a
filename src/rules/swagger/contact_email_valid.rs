//! ## What it checks
//! That `info.contact.email` is a syntactically valid e-mail address written in ASCII:
//! one `@`, a local part of letters, digits and ``!#$%&'*+/=?^_`{|}~-`` separated by single
//! dots, and a domain of at least two dot-separated labels (letters, digits, inner hyphens)
//! ending in a top-level domain of two or more letters. Display names (`Support <a@b.com>`),
//! `mailto:` prefixes, spaces and several addresses are rejected.
//!
//! ## Why it matters for certification
//! The Swagger Validator reports `ContactEmailNotValid`, and for independent publishers
//! Microsoft mails the verification form to this address (#4194): a broken address stalls
//! the submission. Whether the mailbox is actually reachable cannot be checked offline.
//! A missing address is `contact-required`'s business.
//!
//! ## Example
//! ```json
//! "contact": { "email": "mailto:support@contoso" }
//! ```
//! Use instead:
//! ```json
//! "contact": { "email": "support@contoso.com" }
//! ```
//!
//! ## Fix safety
//! Safe: a `mailto:` prefix and surrounding spaces are removed when what remains is a valid address. Any other problem gets no fix: the address is the publisher's to give.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4194>
use crate::rules::prelude::*;
use crate::rules::util::info::{quote, type_name};

pub struct ContactEmailValid;

impl Rule for ContactEmailValid {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(email) = sw
            .root
            .get("info")
            .and_then(|i| i.get("contact"))
            .and_then(|c| c.get("email"))
        else {
            return;
        };
        let Some(text) = email.as_str() else {
            cx.report(email, format!("contact e-mail is {}; expected a string", type_name(email)));
            return;
        };
        if text.trim().is_empty() {
            cx.report(email, "contact e-mail is empty")
                .help("give the support address, such as `support@contoso.com`");
            return;
        }
        if let Err(problem) = check(text) {
            let d = cx.report(
                email,
                format!("contact e-mail `{}` is not a valid address: {problem}", quote(text)),
            );
            let fixed = text.trim().trim_start_matches("mailto:");
            if fixed != text && check(fixed).is_ok() {
                d.help(format!("write `{fixed}`"))
                    .fix(Fix::safe("Remove the `mailto:` and the white space", vec![set_string(email, fixed)]));
            }
        }
    }
}

/// Why `address` is not a plain ASCII e-mail address, if it is not.
fn check(address: &str) -> Result<(), &'static str> {
    if !address.is_ascii() {
        return Err("it contains non-ASCII characters");
    }
    if address.contains(char::is_whitespace) {
        return Err("it contains whitespace");
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err("it has no `@`");
    };
    if local.is_empty() {
        return Err("nothing before the `@`");
    }
    if local.contains('@') {
        return Err("it has more than one `@`");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("misplaced dot before the `@`");
    }
    let local_ok = local
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-.".contains(&b));
    if !local_ok {
        return Err("invalid character before the `@`");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err("the domain has no top-level part (such as `.com`)");
    }
    for label in &labels {
        if label.is_empty()
            || label.len() > 63
            || label.starts_with('-')
            || label.ends_with('-')
            || !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err("the domain is malformed");
        }
    }
    let tld = labels.last().copied().unwrap_or_default();
    if tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err("the top-level domain is malformed");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn addresses() {
        assert!(check("support@contoso.com").is_ok());
        assert!(check("first.last+tag@sub.contoso.co.uk").is_ok());
        assert!(check("o'brien@contoso.ie").is_ok());
        assert!(check("support@contoso").is_err());
        assert!(check("mailto:support@contoso.com").is_err());
        assert!(check("Support <support@contoso.com>").is_err());
        assert!(check("a@b@contoso.com").is_err());
        assert!(check("support@contoso..com").is_err());
        assert!(check("support@-contoso.com").is_err());
        assert!(check("süpport@contoso.com").is_err());
        assert!(check("support.contoso.com").is_err());
        assert!(check(".a@contoso.com").is_err());
    }
}
