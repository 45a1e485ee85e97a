//! ## What it checks
//! That every category in the `Categories` entry of `x-ms-connector-metadata` (a `;`-separated
//! list) is one of the 19 allowed values: `AI`, `Business Management`, `Business Intelligence`,
//! `Collaboration`, `Commerce`, `Communication`, `Content and Files`, `Finance`, `Data`,
//! `Human Resources`, `Internet of Things`, `IT Operations`, `Lifestyle and Entertainment`,
//! `Marketing`, `Productivity`, `Sales and CRM`, `Security`, `Social Media`, `Website`.
//!
//! ## Why it matters for certification
//! Categories place the connector in the gallery; the Swagger Validator rejects unknown ones
//! with `InvalidConnectorCategory` and reviewers ask for the documented values (#570, #1226,
//! #4077). Spaces around `;` are ignored.
//!
//! Comparison ignores case, as the service does: merged connectors use `website` and
//! `Social media`. An unknown category is an error; a known one in another case is a warning
//! naming the exact spelling. The number of categories is `metadata-categories-max`' business.
//!
//! ## Example
//! ```json
//! { "propertyName": "Categories", "propertyValue": "CRM;Productivity" }
//! ```
//! Use instead:
//! ```json
//! { "propertyName": "Categories", "propertyValue": "Sales and CRM;Productivity" }
//! ```
//!
//! ## Fix safety
//! Safe where the value is one category: a documented category in another case gets its documented spelling, and allowed categories separated by commas get `;`. An unknown category gets no fix: which category fits is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/570>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1226>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4077>
use crate::rules::prelude::*;
use crate::rules::util::info::{
    CATEGORIES, allowed_category, metadata_entry, no_code, quote, split_categories,
};

pub struct MetadataCategoriesAllowed;

impl Rule for MetadataCategoriesAllowed {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(value) = metadata_entry(sw, "Categories").and_then(|e| e.value) else {
            return;
        };
        let Some(text) = value.as_str() else { return };
        for category in split_categories(text) {
            match allowed_category(category) {
                Some(exact) if exact == category => {}
                Some(exact) => {
                    let d = no_code(cx.report(
                        value,
                        format!("category `{category}` should be spelled `{exact}`"),
                    ))
                    .severity(Severity::Warning)
                    .help("the service ignores case today, but the documented spelling is the safe one");
                    if value.as_str() == Some(category) {
                        d.fix(Fix::safe(
                            format!("Spell the category `{exact}`"),
                            vec![set_string(value, exact)],
                        ));
                    }
                }
                None => {
                    let d = cx.report(
                        value,
                        format!("category `{}` is not an allowed connector category", quote(category)),
                    );
                    let parts: Vec<&str> = category.split(',').map(str::trim).collect();
                    if parts.len() > 1 && parts.iter().all(|p| allowed_category(p).is_some()) {
                        d.help(format!("separate categories with `;`: `{}`", parts.join(";")));
                        if value.as_str() == Some(category) {
                            d.fix(Fix::safe(
                                "Separate the categories with `;`",
                                vec![set_string(value, &parts.join(";"))],
                            ));
                        }
                    } else if let Some(close) = suggestion(category) {
                        d.help(format!("did you mean `{close}`?"));
                    } else {
                        d.help(format!("use one or two of: {}", CATEGORIES.join(", ")));
                    }
                }
            }
        }
    }
}

/// An allowed category that `category` probably meant: one containing it as a whole word
/// (`CRM` → `Sales and CRM`), or contained in it (`Productivity tools` → `Productivity`).
fn suggestion(category: &str) -> Option<&'static str> {
    let candidates = || {
        CATEGORIES.iter().copied().filter(|c| {
            util::contains_word(c, category) || util::contains_word(category, c)
        })
    };
    let mut it = candidates();
    let first = it.next()?;
    // Only suggest when the match is unambiguous.
    it.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::suggestion;

    #[test]
    fn suggestions() {
        assert_eq!(suggestion("CRM"), Some("Sales and CRM"));
        assert_eq!(suggestion("Productivity tools"), Some("Productivity"));
        assert_eq!(suggestion("IoT"), None);
        assert_eq!(suggestion("Business"), None);
    }
}
