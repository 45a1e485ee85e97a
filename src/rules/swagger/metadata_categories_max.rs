//! ## What it checks
//! That the `Categories` entry of `x-ms-connector-metadata` lists one or two categories
//! (`;`-separated; empty items such as a trailing `;` are not counted).
//!
//! A `propertyValue` that is not a string is reported by `metadata-entries`.
//!
//! ## Why it matters for certification
//! The documentation allows at most two categories, and the Swagger Validator rejects more with
//! `TooManyConnectorCategories` (#4077); every merged connector has one or two. An empty value
//! (as left by the repository templates) places the connector nowhere and is reported as
//! `RequiredValueEmpty`. The category names themselves are `metadata-categories-allowed`'s
//! business.
//!
//! Do not confuse these with the Partner Center offer's listing categories, which allow three.
//!
//! ## Example
//! ```json
//! { "propertyName": "Categories", "propertyValue": "Data;Productivity;Collaboration" }
//! ```
//! Use instead:
//! ```json
//! { "propertyName": "Categories", "propertyValue": "Data;Productivity" }
//! ```
//!
//! ## Fix safety
//! No fix: which one or two categories fit the connector is the author's choice; keeping the first two would be a guess.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4077>
use crate::rules::prelude::*;
use crate::rules::util::info::{metadata_entry, split_categories};

pub struct MetadataCategoriesMax;

const MAX: usize = 2;

impl Rule for MetadataCategoriesMax {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(value) = metadata_entry(sw, "Categories").and_then(|e| e.value) else {
            return;
        };
        let Some(text) = value.as_str() else {
            return;
        };
        let count = split_categories(text).count();
        if count == 0 {
            cx.report(value, "Categories is empty; pick one or two categories")
                .code("RequiredValueEmpty")
                .help("for example `\"propertyValue\": \"Productivity\"`");
        } else if count > MAX {
            let kept: Vec<&str> = split_categories(text).take(MAX).collect();
            cx.report(
                value,
                format!("{count} categories are listed; the limit is {MAX}"),
            )
            .code("TooManyConnectorCategories")
            .help(format!("keep the two that fit best, e.g. `{}`", kept.join(";")));
        }
    }
}
