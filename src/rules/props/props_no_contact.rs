//! ## What it checks
//! That `apiProperties.json` holds no contact data: no key, at the top level or in `properties`,
//! named like `contact`, `contactEmail`, `email`, `phone`, `website`, `url` or `supportUrl`.
//!
//! ## Why it matters for certification
//! The connector's contact (name, URL, email) belongs in the swagger's `info.contact`, where the
//! platform and the certification bot read it; apiProperties has no such keys, so the
//! apiProperties validator rejects them and the data never reaches users. Reviewers ask to move it.
//!
//! ## Example
//! ```json
//! { "properties": { "iconBrandColor": "#1f6fb5", "contactEmail": "support@contoso.com" } }
//! ```
//! Use instead, in `apiDefinition.swagger.json`:
//! ```json
//! "info": { "contact": { "name": "Contoso", "url": "https://contoso.com", "email": "support@contoso.com" } }
//! ```
//!
//! ## Fix safety
//! No fix: moving contact data to `info.contact` means deciding which field each value is, and removing it would lose it; the author moves it.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/paconn-apiProperties.schema.json>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1312>
use crate::rules::prelude::*;
use crate::rules::util::props::is_contact_key;

pub struct PropsNoContact;

impl Rule for PropsNoContact {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let holders = [Some(props.root), props.properties];
        for holder in holders.into_iter().flatten() {
            for (key, value) in holder.members() {
                if is_contact_key(key) {
                    cx.report_key(value, format!("`{key}` puts contact data in apiProperties.json"))
                        .help("move it to `info.contact` (name, url, email) of the swagger and remove it here");
                }
            }
        }
    }
}
