//! ## What it checks
//! The definition's `schemes` list changed.
//!
//! ## Why it matters for certification
//! Usually harmless (connectors are called over HTTPS); reported so the change is visible in
//! review.
//!
//! ## Example
//! Old: `"schemes": ["https", "http"]`; new: `"schemes": ["https"]`.
//!
//! ## Fix safety
//! No fix: which schemes the service speaks is for the author to know; the finding is there for review.
//!
//! ## References
//! - <https://github.com/Azure/openapi-diff/blob/main/docs/README.md>
use crate::rules::prelude::*;

pub struct SchemesChanged;

impl DiffRule for SchemesChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Document]
    }

    fn document(&self, cx: &mut DiffChecker, old: &Swagger, new: &Swagger) {
        let (before, after) = (old.root.get("schemes"), new.root.get("schemes"));
        let same = match (before, after) {
            // A list of protocols: order carries no meaning.
            (Some(a), Some(b)) => {
                let (va, vb) = (
                    util::diff::enum_values(Some(a)),
                    util::diff::enum_values(Some(b)),
                );
                util::diff::missing_values(&va, &vb).is_empty()
                    && util::diff::missing_values(&vb, &va).is_empty()
            }
            (None, None) => true,
            _ => false,
        };
        if same {
            return;
        }
        let show = |v: Option<JsonRef>| v.map_or("(none)".to_owned(), |v| format!("`{}`", v.raw()));
        cx.report(
            after.or(before).unwrap_or(new.root),
            "schemes",
            format!("`schemes` changed from {} to {}", show(before), show(after)),
        );
    }
}
