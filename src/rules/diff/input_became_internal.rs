//! ## What it checks
//! An input that was visible and is now `"x-ms-visibility": "internal"`.
//!
//! ## Why it matters for certification
//! Users can no longer see or edit a value their flows may set. Acceptable together with a default
//! (then the finding is info): that is how connectors pin hidden inputs.
//!
//! ## Example
//! Old: `"apiVersion": { "type": "string" }`; new: `"apiVersion": { "type": "string", "x-ms-visibility": "internal" }`.
//!
//! Use instead: add `"default": "2024-01-01"` along with the visibility.
//!
//! ## Fix safety
//! No fix: the default that flows send from now on is a value only the author can choose (or the input stays visible).
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
use crate::rules::prelude::*;

pub struct InputBecameInternal;

impl DiffRule for InputBecameInternal {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        if old.is_internal() || !new.is_internal() {
            return;
        }
        let at = new
            .site
            .get("x-ms-visibility")
            .or_else(|| new.node.get("x-ms-visibility"))
            .unwrap_or(new.site);
        let d = cx.report(
            at,
            field.attr_path("x-ms-visibility"),
            format!("{} of {} was made internal; users can no longer see or edit it", field.describe(), op.label()),
        );
        if new.has_default() {
            d.severity(Severity::Info);
        } else {
            d.help("give it a default, which is what flows will send from now on");
        }
    }
}
