//! ## What it checks
//! That the `Website` entry of `x-ms-connector-metadata` has an absolute `http`/`https` URL as
//! its `propertyValue`.
//!
//! A `propertyValue` that is not a string is reported by `metadata-entries`.
//!
//! ## Why it matters for certification
//! Microsoft links the connector's documentation page to this address, the website of the
//! product or end service. The documentation requires a URL and the Swagger Validator reports
//! `UrlNotValid`. Bare host names (`www.contoso.com`) and scheme typos (`hhttps://`) are the usual
//! mistakes. A missing `Website` entry is `metadata-entries`' business. The property name is
//! matched ignoring case, like the service.
//!
//! ## Example
//! ```json
//! { "propertyName": "Website", "propertyValue": "www.contoso.com" }
//! ```
//! Use instead:
//! ```json
//! { "propertyName": "Website", "propertyValue": "https://www.contoso.com" }
//! ```
//!
//! ## Fix safety
//! Safe: spaces around the URL are removed and spaces inside it encoded as `%20`, giving the address a browser already opens. Unsafe (`--unsafe-fixes`): another scheme becomes `https`, and a bare `www.contoso.com` gets `https://`: that the site answers on https is a guess the author must check. Anything else gets no fix.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
use crate::rules::prelude::*;
use crate::rules::util::info::{check_url, metadata_entry};

pub struct MetadataWebsiteUrl;

impl Rule for MetadataWebsiteUrl {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        if let Some(value) = metadata_entry(sw, "Website")
            .and_then(|e| e.value)
            .filter(|v| v.is_string())
        {
            check_url(cx, value, "Website", "UrlNotValid");
        }
    }
}
