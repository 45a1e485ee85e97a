//! ## What it checks
//! That `properties.stackOwner` is present and is a non-blank string.
//!
//! The stack owner is the company that owns the service behind the connector. For a certified
//! connector it is normally the publisher itself (unless the publisher builds the connector for
//! another company's service); for an independent publisher connector it is the company whose
//! service the connector calls. Which company is right cannot be checked from the files.
//!
//! `paconn create` / `update` have rejected `stackOwner` as an unknown member; keep it in the
//! submitted file anyway and remove it only from a local copy used with paconn.
//!
//! ## Why it matters for certification
//! The certification steps and the templates require it, and reviewers send back pull requests
//! without it: Microsoft needs to know who runs the service the connector depends on.
//!
//! ## Why it is an error
//! Reviewers have not accepted a certified or independent-publisher submission without
//! `stackOwner` since at least 2020-09-16
//! (<https://github.com/microsoft/PowerPlatformConnectors/pull/449>; again in #918, 2021, and
//! #1558, 2022), and the submission templates carry it. The 77 merged connectors (7.4 %)
//! without it are older than the requirement.
//!
//! ## Example
//! ```json
//! { "properties": { "iconBrandColor": "#da3b01", "publisher": "Jane Doe" } }
//! ```
//! Use instead:
//! ```json
//! { "properties": { "iconBrandColor": "#da3b01", "publisher": "Jane Doe", "stackOwner": "Contoso Ltd." } }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): a `stackOwner` key spelled in another case (`stackowner`) is renamed, so the platform starts reading its value. A missing, non-string or blank stack owner gets no fix: who owns the service is the author's to say.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/certified-connectors/>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/Independent%20Publisher/>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/918>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/523>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1558>
use crate::rules::prelude::*;
use crate::rules::util::props::required_string;

pub struct PropsStackOwner;

impl Rule for PropsStackOwner {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let help = match cx.profile() {
            Profile::IndependentPublisher => {
                "set it to the company that owns the service the connector calls"
            }
            _ => "set it to the company that owns the backend service (usually the publisher)",
        };
        required_string(cx, props, "stackOwner", help);
    }
}
