//! ## What it checks
//! That `info.version` is a string (such as `"1.0"`), and that
//! `info.x-ms-deployment-version`, when present, is a dotted number such as `1.0.0`
//! (pattern `^\d+(\.\d+)+$`).
//!
//! ## Why it matters for certification
//! The repository schema types `info.version` as a string; a bare number (`1.0`) is read by some
//! tools as `1` and is rejected by strict validators. Both templates use `"1.0"`, and nearly all
//! merged connectors use a dotted numeric version. `x-ms-deployment-version` is matched against
//! the schema's pattern. A missing `info.version` is `swagger-required-keys`' business, a blank
//! one `swagger-no-empty-values`'.
//!
//! This is a warning: the value has no effect on certification beyond schema validity.
//!
//! ## Example
//! ```json
//! "info": { "title": "Contoso", "version": 1.0, "x-ms-deployment-version": "v2" }
//! ```
//! Use instead:
//! ```json
//! "info": { "title": "Contoso", "version": "1.0", "x-ms-deployment-version": "2.0" }
//! ```
//!
//! ## Fix safety
//! Safe: a number is quoted as it is written (`1.0` → `"1.0"`). `x-ms-deployment-version` gets no fix: the version number is the author's.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/certified-connectors/>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/templates/Independent%20Publisher/>
use crate::rules::prelude::*;
use crate::rules::util::info::{info, quote, type_name};

pub struct InfoVersion;

impl Rule for InfoVersion {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(info) = info(sw) else { return };
        if let Some(version) = info.get("version") {
            match version.as_str() {
                None => {
                    let d = cx.report(
                        version,
                        format!("`info.version` is {}; it must be a string", type_name(version)),
                    );
                    if version.json_type() == JsonType::Number {
                        let quoted = format!("\"{}\"", version.raw());
                        d.help(format!("quote it: `{quoted}`"))
                            .fix(Fix::safe("Quote the version", vec![set_raw(version, &quoted)]));
                    } else {
                        d.help("use a version string such as `\"1.0\"`");
                    }
                }
                Some(_) => {}
            }
        }
        if let Some(deployment) = info.get("x-ms-deployment-version") {
            match deployment.as_str() {
                Some(text) if is_dotted_number(text) => {}
                Some(text) => {
                    cx.report(
                        deployment,
                        format!(
                            "`x-ms-deployment-version` `{}` is not a dotted number such as `1.0.0`",
                            quote(text)
                        ),
                    );
                }
                None => {
                    cx.report(
                        deployment,
                        format!(
                            "`x-ms-deployment-version` is {}; expected a string such as `\"1.0.0\"`",
                            type_name(deployment)
                        ),
                    );
                }
            }
        }
    }
}

/// `^\d+(\.\d+)+$`: at least two groups of ASCII digits separated by dots.
fn is_dotted_number(text: &str) -> bool {
    let mut groups = 0;
    for group in text.split('.') {
        if group.is_empty() || !group.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

#[cfg(test)]
mod tests {
    #[test]
    fn dotted() {
        assert!(super::is_dotted_number("1.0"));
        assert!(super::is_dotted_number("10.2.33"));
        assert!(!super::is_dotted_number("1"));
        assert!(!super::is_dotted_number("v1.0"));
        assert!(!super::is_dotted_number("1..0"));
        assert!(!super::is_dotted_number(""));
    }
}
