//! ## What it checks
//! That `properties.iconBrandColor` is present and is an HTML hex colour `#RRGGBB` (six hex
//! digits, either case). The key is case-sensitive: `iconbrandcolor` is reported as misspelt.
//!
//! The values certification forbids or requires are left to `props-brand-color-certified` and
//! `props-brand-color-ip`; this rule only judges presence and form.
//!
//! ## Why it matters for certification
//! The platform paints the connector's icon background with this colour in the designer and the
//! connector gallery. The repository schema requires the key and every merged connector has it;
//! a short form (`#fff`), a colour name or a missing `#` is not accepted.
//!
//! ## Example
//! ```json
//! { "properties": { "iconBrandColor": "1f6fb5" } }
//! ```
//! Use instead:
//! ```json
//! { "properties": { "iconBrandColor": "#1f6fb5" } }
//! ```
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/paconn-apiProperties.schema.json>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/README.md>
use crate::rules::prelude::*;
use crate::rules::util::props::{KeyLookup, a_type, is_hex_colour, lookup, wrong_case};

pub struct PropsBrandColorRequired;

const HELP: &str = "set it to the background colour of the connector's icon, as `#RRGGBB`";

impl Rule for PropsBrandColorRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let Some(properties) = props.properties else { return };
        match lookup(properties, "iconBrandColor") {
            KeyLookup::Missing => {
                cx.report_key(properties, "`properties` has no `iconBrandColor`")
                    .help(HELP);
            }
            KeyLookup::WrongCase(found, value) => {
                cx.report_key(value, wrong_case(found, "iconBrandColor"));
            }
            KeyLookup::Exact(value) => match value.as_str() {
                None => {
                    cx.report(
                        value,
                        format!(
                            "`iconBrandColor` must be a string such as `#1f6fb5`, not {}",
                            a_type(value.json_type())
                        ),
                    );
                }
                Some(colour) if !is_hex_colour(colour) => {
                    cx.report(
                        value,
                        format!("`iconBrandColor` is `{colour}`; expected a hex colour `#RRGGBB`"),
                    )
                    .help(HELP);
                }
                Some(_) => {}
            },
        }
    }
}
