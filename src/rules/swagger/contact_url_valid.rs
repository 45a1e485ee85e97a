//! ## What it checks
//! That `info.contact.url` is an absolute `http` or `https` URL with a host name and no spaces.
//!
//! ## Why it matters for certification
//! The contact URL is published as the connector's support site. The repository schema declares
//! it `format: uri` and the Swagger Validator reports `UrlNotValid`. Bare host names
//! (`www.contoso.com`) and typos in the scheme (`hhttps://`) are the usual mistakes. A missing URL
//! is `contact-required`'s business.
//!
//! ## Example
//! ```json
//! "contact": { "url": "www.contoso.com/support" }
//! ```
//! Use instead:
//! ```json
//! "contact": { "url": "https://www.contoso.com/support" }
//! ```
//!
//! ## Fix safety
//! Safe: spaces around the URL are removed and spaces inside it encoded as `%20`, giving the address a browser already opens. Unsafe (`--unsafe-fixes`): another scheme becomes `https`, and a bare `www.contoso.com` gets `https://`: that the site answers on https is a guess the author must check. Anything else gets no fix.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::info::check_url;

pub struct ContactUrlValid;

impl Rule for ContactUrlValid {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        if let Some(url) = sw
            .root
            .get("info")
            .and_then(|i| i.get("contact"))
            .and_then(|c| c.get("url"))
        {
            check_url(cx, url, "contact URL", "UrlNotValid");
        }
    }
}
