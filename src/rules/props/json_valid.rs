//! ## What it checks
//! That `apiProperties.json` and `settings.json` are strict JSON in UTF-8 (a byte-order mark is
//! tolerated; trailing commas are reported and the file is still linted).
//!
//! ## Why it matters for certification
//! The apiProperties validator of the upstream pipeline and `paconn` parse these files before any
//! other check; a syntax error hides every other problem.
//!
//! ## Example
//! ```json
//! { "properties": { "iconBrandColor": "#da3b01", } }
//! ```
//! Use instead:
//! ```json
//! { "properties": { "iconBrandColor": "#da3b01" } }
//! ```
//!
//! ## Fix safety
//! Safe: a trailing comma is removed; every reader that accepts it ignores it. Other syntax errors and wrong encodings get no fix: what the author meant cannot be known.
use crate::rules::prelude::*;

pub struct JsonValid;

impl Rule for JsonValid {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, connector: &Connector) {
        for file in [&connector.props, &connector.settings].into_iter().flatten() {
            util::report_json_problems(cx, file);
        }
    }
}
