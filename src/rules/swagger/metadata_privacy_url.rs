//! ## What it checks
//! That the `Privacy policy` entry of `x-ms-connector-metadata` has an absolute `http`/`https`
//! URL as its `propertyValue`.
//!
//! A `propertyValue` that is not a string is reported by `metadata-entries`.
//!
//! ## Why it matters for certification
//! Microsoft publishes this link as the privacy policy of the service behind the connector; the
//! documentation requires a URL to a public policy (for independent publishers, the service's
//! policy rather than the publisher's). Placeholders such as `Not Available` and bare host names
//! are the usual mistakes. Whether the page is the right policy cannot be checked offline. A
//! missing entry is `metadata-entries`' business; the property name is matched ignoring case,
//! like the service.
//!
//! ## Example
//! ```json
//! { "propertyName": "Privacy policy", "propertyValue": "Not available" }
//! ```
//! Use instead:
//! ```json
//! { "propertyName": "Privacy policy", "propertyValue": "https://www.contoso.com/privacy" }
//! ```
//!
//! ## Fix safety
//! Safe: spaces around the URL are removed and spaces inside it encoded as `%20`, giving the address a browser already opens. Unsafe (`--unsafe-fixes`): another scheme becomes `https`, and a bare `www.contoso.com` gets `https://`: that the site answers on https is a guess the author must check. Anything else gets no fix.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission-ip>
use crate::rules::prelude::*;
use crate::rules::util::info::{check_url, metadata_entry};

pub struct MetadataPrivacyUrl;

impl Rule for MetadataPrivacyUrl {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        if let Some(value) = metadata_entry(sw, "Privacy policy")
            .and_then(|e| e.value)
            .filter(|v| v.is_string())
        {
            check_url(cx, value, "Privacy policy URL", "UrlNotValid");
        }
    }
}
