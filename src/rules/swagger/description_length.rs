//! ## What it checks
//! That `info.description` is present and between 30 and 500 characters long, both limits
//! included. Characters are counted as Unicode scalar values, not bytes.
//!
//! ## Why it matters for certification
//! The description is the connector's summary in the gallery and in the documentation that
//! Microsoft generates. The Swagger Validator reports `FieldLengthNotInRange` outside 30–500
//! (#550, #4181, #3431) and the certification bot repeats the check (#3829). A missing
//! description is reported as `RequiredPropertyMissing`; a blank one (`""` or spaces) by
//! `swagger-no-empty-values`, which owns every empty string.
//!
//! The catalogue calls the range an "inclusive reading": exactly 30 and exactly 500 characters
//! pass. Leading and trailing whitespace is counted, as the validator has no documented trimming.
//!
//! ## Example
//! ```json
//! "info": { "title": "Contoso", "description": "Contoso connector." }
//! ```
//! Use instead:
//! ```json
//! "info": {
//!   "title": "Contoso",
//!   "description": "Contoso helps teams track orders, invoices and shipments in one place."
//! }
//! ```
//!
//! ## Fix safety
//! No fix: the description is the author's to write; ppcert cannot lengthen or shorten it without knowing what the service does.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/550>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4181>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3431>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3829>
use crate::rules::prelude::*;
use crate::rules::util::info::{info, type_name};

pub struct DescriptionLength;

const MIN: usize = 30;
const MAX: usize = 500;

impl Rule for DescriptionLength {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(info) = info(sw) else { return };
        let Some(description) = info.get("description") else {
            cx.report_key(
                info,
                format!("`info.description` is missing; it must be {MIN} to {MAX} characters long"),
            )
            .code("RequiredPropertyMissing")
            .help("describe what the service does and what the connector offers, in one or two sentences");
            return;
        };
        let Some(text) = description.as_str() else {
            cx.report(
                description,
                format!("`info.description` is {}; expected a string", type_name(description)),
            )
            .code("FieldLengthNotInRange");
            return;
        };
        if text.trim().is_empty() {
            return;
        }
        let len = util::char_len(text);
        if len < MIN {
            cx.report(
                description,
                format!("description is {len} characters long; the minimum is {MIN}"),
            )
            .code("FieldLengthNotInRange")
            .help("say what the service does and what the connector lets users do with it");
        } else if len > MAX {
            cx.report(
                description,
                format!("description is {len} characters long; the limit is {MAX}"),
            )
            .code("FieldLengthNotInRange")
            .help("keep the summary short; move details to readme.md");
        }
    }
}
