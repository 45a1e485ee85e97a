//! ## What it checks
//! That `info.title` does not contain the words `API` or `Connector` (whole words, any case) nor
//! a Power Platform product name such as `Power Apps`, `Power Automate` or `Logic Apps`.
//!
//! ## Why it matters for certification
//! The title is shown next to Microsoft's own products, which already say "connector"; the
//! documentation and string guidance forbid these words, and the Swagger Validator rejects them
//! with `ValueContainsRestrictedWords` (it lists `api, connector` for titles and
//! `power apps, power automate, logic apps` for product names).
//!
//! Only whole words count: many merged titles end in `API` glued to the product name
//! (`SignatureAPI`, `TimeAPI`) and were accepted, while separate words were rejected. Plurals
//! (`APIs`, `Connectors`) are not matched, since the validator's word list does not name them.
//! Product names come from the shared list in `util::PRODUCT_NAMES`.
//!
//! ## Example
//! ```json
//! "info": { "title": "Contoso API Connector" }
//! ```
//! Use instead:
//! ```json
//! "info": { "title": "Contoso" }
//! ```
//!
//! ## Fix safety
//! No fix: the display name is the author's to choose, and dropping the word can leave a name that no longer reads well (`API for Contoso`).
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/connector-string-guidance>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3407>
use crate::rules::prelude::*;

pub struct TitleRestrictedWords;

const WORDS: [&str; 2] = ["API", "Connector"];

impl Rule for TitleRestrictedWords {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some((title, text)) = util::info::info_text(sw, "title") else {
            return;
        };
        for word in WORDS {
            if util::contains_word(text, word) {
                cx.report(
                    title,
                    format!("title contains the restricted word `{word}`"),
                )
                .help("name the product or service only, e.g. `Contoso` instead of `Contoso API`");
            }
        }
        if let Some(product) = util::product_name_in(text) {
            cx.report(
                title,
                format!("title contains the Power Platform product name `{product}`"),
            )
            .help("name your own product or service; Microsoft product names may not appear in the title");
        }
    }
}
