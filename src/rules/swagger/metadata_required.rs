//! ## What it checks
//! That the definition has a top-level `x-ms-connector-metadata` array.
//!
//! ## Why it matters for certification
//! The array carries the connector's website, privacy policy and categories, which Microsoft
//! publishes with the connector. The documentation and both repository templates require it,
//! and the Swagger Validator fails a certification submission without it
//! ("x-ms-connector-metadata is required", `RequiredPropertyMissing`, #1095, #683). Its
//! entries are checked by `metadata-entries` and the `metadata-*` rules.
//!
//! A missing array is reported at the document's opening brace, since it belongs at the top level.
//!
//! ## Example
//! ```json
//! { "swagger": "2.0", "info": { "title": "Contoso" }, "paths": {} }
//! ```
//! Use instead:
//! ```json
//! {
//!   "swagger": "2.0",
//!   "info": { "title": "Contoso" },
//!   "paths": {},
//!   "x-ms-connector-metadata": [
//!     { "propertyName": "Website", "propertyValue": "https://www.contoso.com" },
//!     { "propertyName": "Privacy policy", "propertyValue": "https://www.contoso.com/privacy" },
//!     { "propertyName": "Categories", "propertyValue": "Productivity" }
//!   ]
//! }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): `x-ms-connector-metadata` spelled in another case is renamed, so its entries start being published. A missing array gets no fix: the website, privacy policy and categories are the author's.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/certified-connectors/>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/Independent%20Publisher/>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1095>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/683>
use crate::rules::prelude::*;
use crate::rules::util::info::{report_at_root, type_name};

pub struct MetadataRequired;

impl Rule for MetadataRequired {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        if !sw.root.is_object() {
            return;
        }
        match sw.root.get("x-ms-connector-metadata") {
            None => {
                let d = report_at_root(
                    cx,
                    sw,
                    "`x-ms-connector-metadata` is missing; add the Website, Privacy policy and Categories entries",
                )
                .code("RequiredPropertyMissing");
                match sw.root.get_ignore_case("x-ms-connector-metadata") {
                    Some(other) => {
                        d.help(format!(
                            "the key is spelled `{}`; write `x-ms-connector-metadata`",
                            other.key().unwrap_or_default()
                        ))
                        .fix(util::props::rename_key(other, "x-ms-connector-metadata"));
                    }
                    None => {
                        d.help("add a top-level array of `{\"propertyName\": ..., \"propertyValue\": ...}` objects");
                    }
                }
            }
            Some(metadata) if !metadata.is_array() => {
                cx.report(
                    metadata,
                    format!("`x-ms-connector-metadata` is {}; expected an array", type_name(metadata)),
                )
                .code("JsonTypeIncorrect");
            }
            Some(_) => {}
        }
    }
}
