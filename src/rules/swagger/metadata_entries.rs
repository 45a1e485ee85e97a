//! ## What it checks
//! That `x-ms-connector-metadata` is an array of `{"propertyName": ..., "propertyValue": ...}`
//! objects with string values, holding one entry each for `Website`, `Privacy policy` and
//! `Categories`, and nothing else.
//!
//! ## Why it matters for certification
//! Microsoft publishes these three properties with the connector; the documentation asks for
//! exactly these names, and the Swagger Validator reports a missing one as
//! `ConnectorMetadataPropertiesMissing` (#4077: `Categories` missing).
//!
//! Severities, decided from what the service accepts:
//! - a missing property, an entry that is not an object, or a missing or non-string
//!   `propertyName` / `propertyValue` is an **error**;
//! - a name or key spelled in another case (`Privacy Policy`, `WebSite`, `PropertyName`) is a
//!   **warning**: the service compares case-insensitively (75 merged connectors spell
//!   `Privacy Policy`), but the documentation gives one spelling, and future checks may be strict;
//! - an unknown property name (`Terms of Service`) and a repeated property are **warnings**: the
//!   validator ignores the first and it is unclear which copy of the second the service uses.
//!
//! The array's presence and type are `metadata-required`'s business; the values themselves are
//! checked by `metadata-website-url`, `metadata-privacy-url` and the `metadata-categories-*` rules.
//!
//! ## Example
//! ```json
//! "x-ms-connector-metadata": [
//!   { "propertyName": "Website", "propertyValue": "https://www.contoso.com" },
//!   { "propertyName": "Privacy Policy", "propertyValue": "https://www.contoso.com/privacy" }
//! ]
//! ```
//! Use instead:
//! ```json
//! "x-ms-connector-metadata": [
//!   { "propertyName": "Website", "propertyValue": "https://www.contoso.com" },
//!   { "propertyName": "Privacy policy", "propertyValue": "https://www.contoso.com/privacy" },
//!   { "propertyName": "Categories", "propertyValue": "Productivity" }
//! ]
//! ```
//!
//! ## Fix safety
//! Safe: a property name or key in the wrong case (`privacy Policy`, `propertyname`) is written as documented; the service already reads it so. Missing entries, repeated ones and unknown names get no fix: their values are the author's to give, and which duplicate is right is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4077>
use crate::rules::prelude::*;
use crate::rules::util::info::{METADATA_NAMES, metadata, no_code, quote, type_name};

pub struct MetadataEntries;

impl Rule for MetadataEntries {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(array) = metadata(sw) else { return };
        // Which documented names were seen, by index into METADATA_NAMES.
        let mut seen = [false; 3];
        for entry in array.items() {
            if !entry.is_object() {
                no_code(cx.report(
                    entry,
                    format!(
                        "metadata entry is {}; expected an object with `propertyName` and `propertyValue`",
                        type_name(entry)
                    ),
                ));
                continue;
            }
            let name = check_key(cx, entry, "propertyName");
            check_key(cx, entry, "propertyValue");
            let Some(name_node) = name else { continue };
            let Some(text) = name_node.as_str() else { continue };
            match METADATA_NAMES
                .iter()
                .position(|n| n.eq_ignore_ascii_case(text.trim()))
            {
                Some(i) => {
                    let exact = METADATA_NAMES[i];
                    if seen[i] {
                        no_code(cx.report(name_node, format!("metadata property `{exact}` is given more than once")))
                            .severity(Severity::Warning)
                            .help("keep one entry per property");
                    }
                    seen[i] = true;
                    if text != exact {
                        no_code(cx.report(
                            name_node,
                            format!("metadata property `{}` should be spelled `{exact}`", quote(text)),
                        ))
                        .severity(Severity::Warning)
                        .help("the service ignores case today, but the documented spelling is the safe one")
                        .fix(Fix::safe(format!("Write `{exact}`"), vec![set_string(name_node, exact)]));
                    }
                }
                None => {
                    no_code(cx.report(
                        name_node,
                        format!(
                            "unknown metadata property `{}`; only `Website`, `Privacy policy` and `Categories` are used",
                            quote(text)
                        ),
                    ))
                    .severity(Severity::Warning)
                    .help("remove the entry");
                }
            }
        }
        let missing: Vec<String> = METADATA_NAMES
            .iter()
            .zip(seen)
            .filter(|(_, seen)| !seen)
            .map(|(name, _)| format!("`{name}`"))
            .collect();
        if !missing.is_empty() {
            let what = if missing.len() == 1 { "property" } else { "properties" };
            cx.report_key(
                array,
                format!("`x-ms-connector-metadata` lacks the {what} {}", missing.join(", ")),
            )
            .code("ConnectorMetadataPropertiesMissing")
            .help("add `{\"propertyName\": \"<name>\", \"propertyValue\": \"<value>\"}` for each");
        }
    }
}

/// Checks that `entry` has `key` (ignoring case) with a string value; returns the value node.
fn check_key<'a>(cx: &mut Checker, entry: JsonRef<'a>, key: &str) -> Option<JsonRef<'a>> {
    let Some(value) = entry.get(key).or_else(|| entry.get_ignore_case(key)) else {
        no_code(cx.report(entry, format!("metadata entry has no `{key}`")));
        return None;
    };
    if let Some(spelled) = value.key().filter(|k| *k != key) {
        let span = value.key_span();
        no_code(cx.report_key(value, format!("key `{spelled}` should be spelled `{key}`")))
            .severity(Severity::Warning)
            .help("the service ignores case today, but the documented spelling is the safe one")
            .fix(Fix::safe(format!("Write `{key}`"), vec![Edit::string((span.start as usize, span.end as usize), key)]));
    }
    if !value.is_string() {
        no_code(cx.report(
            value,
            format!("`{key}` is {}; expected a string", type_name(value)),
        ));
    }
    Some(value)
}
