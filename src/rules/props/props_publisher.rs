//! ## What it checks
//! That `properties.publisher` is present and is a non-blank string.
//!
//! What the name should be cannot be checked from the files: for a certified connector, the full
//! legal name of the publishing company or organisation (no personal names); for an independent
//! publisher connector, the first and last name of the author (several authors separated by
//! commas), or a company.
//!
//! ## Why it matters for certification
//! The publisher is shown on the connector's card and documentation page. The certification
//! steps ask for it, the templates carry it, and reviewers send back pull requests without it.
//!
//! ## Why it is an error
//! Reviewers have not accepted a certified or independent-publisher submission without
//! `publisher` since at least 2020-09-16
//! (<https://github.com/microsoft/PowerPlatformConnectors/pull/449>), and the submission
//! templates carry it. The 54 merged connectors (5.2 %) without it are older than the
//! requirement.
//!
//! ## Example
//! ```json
//! { "properties": { "iconBrandColor": "#1f6fb5" } }
//! ```
//! Use instead:
//! ```json
//! { "properties": { "iconBrandColor": "#1f6fb5", "publisher": "Contoso Ltd." } }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): a `publisher` key spelled in another case (`Publisher`) is renamed, so the platform starts showing its value. A missing, non-string or blank publisher gets no fix: the name is the author's.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/certified-connectors/>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/Independent%20Publisher/>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/523>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1226>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1263>
use crate::rules::prelude::*;
use crate::rules::util::props::required_string;

pub struct PropsPublisher;

impl Rule for PropsPublisher {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let help = match cx.profile() {
            Profile::IndependentPublisher => {
                "set it to your first and last name (several authors separated by commas)"
            }
            _ => "set it to the full legal name of the publishing company or organisation",
        };
        required_string(cx, props, "publisher", help);
    }
}
