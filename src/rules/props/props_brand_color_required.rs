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
//! ## Fix safety
//! Safe: the same colour is written as `#RRGGBB` (`#F0A` → `#ff00aa`, `DA3B01` → `#da3b01`). Unsafe (`--unsafe-fixes`): a misspelt `iconbrandcolor` key is renamed, so the platform starts using the colour. A missing colour gets no fix: it is the icon's background, which only the author knows.
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
                // Unsafe: the platform ignores the misspelt key, so the colour it shows changes.
                let span = value.key_span();
                cx.report_key(value, wrong_case(found, "iconBrandColor")).fix(Fix::unsafe_edit(
                    "Write `iconBrandColor`",
                    vec![Edit::string((span.start as usize, span.end as usize), "iconBrandColor")],
                ));
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
                    .help(HELP)
                    .fix_if(same_colour(colour).map(|c| Fix::safe(format!("Write `{c}`"), vec![set_string(value, &c)])));
                }
                Some(_) => {}
            },
        }
    }
}

/// The same colour written as `#RRGGBB`: from `#RGB` (each digit doubled, as CSS reads it), from
/// six hex digits without the `#`, or with spaces around.
fn same_colour(colour: &str) -> Option<String> {
    let hex = colour.trim();
    let digits = hex.strip_prefix('#').unwrap_or(hex);
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let six = match digits.len() {
        3 => digits.chars().flat_map(|c| [c, c]).collect(),
        6 => digits.to_owned(),
        _ => return None,
    };
    Some(format!("#{}", six.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::same_colour;

    #[test]
    fn colours() {
        assert_eq!(same_colour("#F0a").as_deref(), Some("#ff00aa"));
        assert_eq!(same_colour(" DA3B01 ").as_deref(), Some("#da3b01"));
        assert_eq!(same_colour("#12345"), None);
        assert_eq!(same_colour("blue"), None);
    }
}
