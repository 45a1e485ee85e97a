//! ## What it checks
//! For independent-publisher connectors, that an update keeps `info.title`.
//!
//! ## Why it matters for certification
//! The title is the connector's name in the gallery and in every flow that uses it; reviewers ask
//! for a renamed independent-publisher connector to be submitted as a new connector.
//!
//! ## Example
//! Old: `"title": "Fabrikam Weather"`; new: `"title": "Fabrikam Forecast"`.
//!
//! ## Fix safety
//! No fix: restoring the old title or submitting the renamed connector as a new one is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3500>
use crate::rules::prelude::*;

pub struct IpTitleImmutable;

impl DiffRule for IpTitleImmutable {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Document]
    }

    fn document(&self, cx: &mut DiffChecker, old: &Swagger, new: &Swagger) {
        fn title<'a>(root: JsonRef<'a>) -> Option<JsonRef<'a>> {
            root.get("info").and_then(|i| i.get("title"))
        }
        let (Some(before), Some(after)) = (title(old.root), title(new.root)) else { return };
        if before.json_eq(&after) {
            return;
        }
        cx.report(
            after,
            "info/title",
            format!(
                "title changed from `{}` to `{}`; a renamed independent-publisher connector is a new connector",
                before.as_str().unwrap_or(before.raw()),
                after.as_str().unwrap_or(after.raw())
            ),
        );
    }
}
