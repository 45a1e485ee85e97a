//! ## What it checks
//! That `apiDefinition.swagger.json` is strict JSON in UTF-8: no syntax errors, no comments, no
//! YAML, no trailing commas, no bytes that are not UTF-8. A leading byte-order mark is tolerated.
//!
//! ## Why it matters for certification
//! Microsoft's pipeline reads the definition as UTF-8 JSON and stops at the first syntax error
//! (certification policy 5000.2.6.2: the swagger must be well-structured). Trailing commas are
//! the one leniency its reader has, so ppcert reports them and still lints the rest of the file;
//! other tools and the maker portal may refuse them.
//!
//! ## Example
//! ```json
//! { "swagger": "2.0", "info": { "title": "Contoso", }, }
//! ```
//! Use instead:
//! ```json
//! { "swagger": "2.0", "info": { "title": "Contoso" } }
//! ```
//!
//! ## Fix safety
//! Safe: a trailing comma is removed; every reader that accepts it ignores it. Other syntax errors, comments and wrong encodings get no fix: what the author meant cannot be known.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
use crate::rules::prelude::*;

pub struct SwaggerValidJson;

impl Rule for SwaggerValidJson {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, connector: &Connector) {
        if let Some(file) = &connector.swagger {
            util::report_json_problems(cx, file);
        }
    }
}
