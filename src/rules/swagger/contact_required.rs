//! ## What it checks
//! That `info.contact` exists and holds a `name` (the support team), a `url` (the support site)
//! and an `email` (the support address).
//!
//! ## Why it matters for certification
//! Microsoft publishes the contact with the connector so users know who supports it, and mails
//! independent publishers at the contact address during certification. The Swagger Validator
//! fails a definition without `info.contact` ("contact is required", #1095, #683), and the
//! documentation and both repository templates ask for all three fields.
//!
//! A missing `contact`, `name` or `email` is an error. A missing `url` is a warning: the
//! documentation asks for it, but the validator does not enforce it (about one in six merged
//! independent-publisher connectors has no contact URL). A `name` that is not a string is
//! reported here, a blank one by `swagger-no-empty-values` (which owns every empty string); malformed `url` and `email` values are `contact-url-valid`'s and
//! `contact-email-valid`'s business.
//!
//! ## Why it is an error
//! The certification Swagger Validator fails a definition without `info.contact` ("The 'contact'
//! property is required"): reported on 2021-02-06
//! (<https://github.com/microsoft/PowerPlatformConnectors/pull/683>) and 2021-09-09
//! (<https://github.com/microsoft/PowerPlatformConnectors/pull/1095>). That is the error (36
//! merged connectors, older). A `contact` that lacks `name`, `url` or `email` is a **warning**:
//! 26 merged connectors have one, two of them merged after October 2023 without an e-mail. For
//! independent publishers a missing `email` stays an error: Microsoft reaches them only there.
//!
//! ## Example
//! ```json
//! "info": { "title": "Contoso", "contact": { "name": "Contoso Support" } }
//! ```
//! Use instead:
//! ```json
//! "info": {
//!   "title": "Contoso",
//!   "contact": {
//!     "name": "Contoso Support",
//!     "url": "https://support.contoso.com",
//!     "email": "support@contoso.com"
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: the support team's name, site and e-mail address are the author's to give; ppcert cannot invent them.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission-ip>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/certified-connectors/>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/Independent%20Publisher/>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1095>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/683>
use crate::rules::prelude::*;
use crate::rules::util::info::{info, no_code, type_name};

pub struct ContactRequired;

impl Rule for ContactRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(info) = info(sw) else { return };
        let Some(contact) = info.get("contact") else {
            cx.report_key(info, "`info.contact` is missing; add the support name, URL and e-mail")
                .code("RequiredPropertyMissing")
                .help("add `\"contact\": { \"name\": \"...\", \"url\": \"https://...\", \"email\": \"...\" }` to `info`");
            return;
        };
        // Only a missing `contact` is a known validator finding; the rest come from the documentation.
        if !contact.is_object() {
            no_code(cx.report(
                contact,
                format!("`info.contact` is {}; expected an object with name, url and email", type_name(contact)),
            ));
            return;
        }
        match contact.get("name") {
            None => {
                // Accepted on merged connectors: the validator's error is about `contact` itself.
                no_code(cx.report_key(contact, "`info.contact.name` is missing; name the support team"))
                    .severity(Severity::Warning);
            }
            Some(name) if name.as_str().is_none() => {
                no_code(cx.report(name, "`info.contact.name` must be a string naming the support team"));
            }
            Some(_) => {}
        }
        if !contact.has("email") {
            // Microsoft reaches independent publishers only by this address.
            let severity = if cx.profile() == Profile::IndependentPublisher {
                Severity::Error
            } else {
                Severity::Warning
            };
            no_code(
                cx.report_key(contact, "`info.contact.email` is missing; give the support e-mail address")
                    .help("Microsoft sends certification mail to this address"),
            )
            .severity(severity);
        }
        if !contact.has("url") {
            no_code(
                cx.report_key(contact, "`info.contact.url` is missing; give the support site's URL")
                    .severity(Severity::Warning),
            );
        }
    }
}
