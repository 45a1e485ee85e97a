//! ## What it checks
//! That `info.description` does not name a Power Platform product such as `Power Apps`,
//! `Power Automate` or `Logic Apps` (whole words, any case; the list is `util::PRODUCT_NAMES`).
//!
//! ## Why it matters for certification
//! The description is published with the connector in every product that hosts it, so it must
//! describe the service, not the Microsoft product it is used from. The documentation forbids
//! product names and the Swagger Validator reports `ValueContainsRestrictedWords` with the list
//! `power apps, power automate, logic apps` (#550, #3407).
//!
//! The string guidance also discourages `API` in titles and descriptions, but the validator's
//! word list for descriptions holds only product names, and most accepted descriptions mention
//! the service's API; so `API` is checked in the title only (`title-restricted-words`).
//!
//! ## Example
//! ```json
//! "info": { "description": "Use Contoso from Power Automate to manage your orders and invoices." }
//! ```
//! Use instead:
//! ```json
//! "info": { "description": "Contoso lets you manage orders and invoices and track shipments." }
//! ```
//!
//! ## Fix safety
//! No fix: taking the product name out leaves a sentence to reword, and the wording of the description is the author's.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/550>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3407>
use crate::rules::prelude::*;

pub struct DescriptionNoProductNames;

impl Rule for DescriptionNoProductNames {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some((description, text)) = util::info::info_text(sw, "description") else {
            return;
        };
        for name in util::PRODUCT_NAMES {
            if util::contains_word(text, name) {
                cx.report(
                    description,
                    format!("description mentions the Power Platform product name `{name}`"),
                )
                .help("describe the service and what the connector does, without naming Microsoft products");
            }
        }
    }
}
