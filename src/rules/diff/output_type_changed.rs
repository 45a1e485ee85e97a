//! ## What it checks
//! An output whose `type` changed (both versions declare one).
//!
//! ## Why it matters for certification
//! Expressions and later actions in flows consume the old type. The change validator reports it on
//! `.../responses/200/schema/<property>/type`.
//!
//! ## Example
//! Old: `"total": { "type": "string" }`; new: `"total": { "type": "number" }`.
//!
//! Use instead: a new property (`totalNumber`) beside the old one, or a new operation.
//!
//! ## Fix safety
//! No fix: the type has to describe what the backend returns; restoring the old one or adding a new property is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3910>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4168>
use crate::rules::prelude::*;

pub struct OutputTypeChanged;

impl DiffRule for OutputTypeChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Output]
    }

    fn output(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let (Some(before), Some(after)) = (old.ty(), new.ty()) else { return };
        if before == after {
            return;
        }
        cx.report(
            new.attr("type"),
            field.attr_path("type"),
            format!(
                "type of {} of {} changed from `{before}` to `{after}`; flows that read it break",
                field.describe(),
                op.label()
            ),
        );
    }
}
