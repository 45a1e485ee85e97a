//! ## What it checks
//! An input whose `format` changed, or gained or lost one.
//!
//! ## Why it matters for certification
//! Flows keep sending values in the old format. The change validator reports even a format added
//! to a plain string, on `.../<field>/format`. Under `--lenient` a format set or unset is a warning
//! and a changed format stays an error.
//!
//! ## Example
//! Old: `"start": { "type": "string" }`; new: `"start": { "type": "string", "format": "date-time" }`.
//!
//! Use instead: leave the format of published inputs alone, or confirm the change with the reviewer.
//!
//! ## Fix safety
//! No fix: keeping the old format or confirming the change with the reviewer is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3309>
use crate::rules::prelude::*;

pub struct InputFormatChanged;

impl DiffRule for InputFormatChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let (before, after) = (old.format(), new.format());
        if before == after {
            return;
        }
        let both_set = before.is_some() && after.is_some();
        let lenient = cx.is_lenient();
        let d = cx.report(
            new.attr("format"),
            field.attr_path("format"),
            format!(
                "format of {} of {} changed from {} to {}; flows keep sending the old format",
                field.describe(),
                op.label(),
                util::diff::shown(before),
                util::diff::shown(after)
            ),
        );
        if lenient && !both_set {
            d.severity(Severity::Warning);
        }
    }
}
