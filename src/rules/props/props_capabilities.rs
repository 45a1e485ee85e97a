//! ## What it checks
//! That `properties.capabilities`, when present, is an array of strings (a wrong type is an
//! error, as the apiProperties validator rejects it) holding known capability names: `actions`,
//! `triggers`, and `gateway` / `cloud` for connectors that can run through the on-premises data
//! gateway. Values in another case (`Actions`) and unknown values are warnings.
//!
//! The documentation only gives `actions` and `triggers` as examples and describes the other
//! values in prose (cloud-only or on-premises gateway), so the list is deliberately short and an
//! unknown value is only a warning.
//!
//! ## Why it matters for certification
//! The capabilities describe what the connector offers; the platform matches them as written, so
//! a misspelt value is silently ignored.
//!
//! ## Example
//! ```json
//! { "properties": { "capabilities": ["Actions", "cloud only"] } }
//! ```
//! Use instead:
//! ```json
//! { "properties": { "capabilities": ["actions"] } }
//! ```
//!
//! ## Fix safety
//! Safe for a known capability in another case: it gets its documented spelling. Unknown capabilities get no fix.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/paconn-apiProperties.schema.json>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/README.md>
use crate::rules::prelude::*;
use crate::rules::util::props::{KeyLookup, a_type, lookup, one_of, wrong_case};

pub struct PropsCapabilities;

const KNOWN: &[&str] = &["actions", "triggers", "gateway", "cloud"];

impl Rule for PropsCapabilities {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Props]
    }

    fn props(&self, cx: &mut Checker, props: &Props) {
        let Some(properties) = props.properties else { return };
        let list = match lookup(properties, "capabilities") {
            KeyLookup::Missing => return,
            KeyLookup::WrongCase(found, value) => {
                cx.report_key(value, wrong_case(found, "capabilities"));
                return;
            }
            KeyLookup::Exact(list) => list,
        };
        if !list.is_array() {
            cx.report(
                list,
                format!("`capabilities` must be an array of strings, not {}", a_type(list.json_type())),
            )
            .severity(Severity::Error);
            return;
        }
        for item in list.items() {
            let Some(value) = item.as_str() else {
                cx.report(
                    item,
                    format!("capability must be a string, not {}", a_type(item.json_type())),
                )
                .severity(Severity::Error);
                continue;
            };
            if KNOWN.contains(&value) {
                continue;
            }
            match KNOWN.iter().find(|k| k.eq_ignore_ascii_case(value.trim())) {
                Some(known) => {
                    cx.report(item, format!("capability `{value}` should be written `{known}`"))
                        .fix(Fix::safe(format!("Write `{known}`"), vec![set_string(item, known)]));
                }
                None => {
                    cx.report(item, format!("`{value}` is not a known capability"))
                        .help(format!("use {}", one_of(KNOWN)));
                }
            }
        }
    }
}
