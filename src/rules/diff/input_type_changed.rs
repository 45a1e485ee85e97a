//! ## What it checks
//! An input whose `type` changed (both versions declare one).
//!
//! ## Why it matters for certification
//! Flows keep sending values of the old type. The change validator reports it on
//! `.../<field>/type`.
//!
//! ## Example
//! Old: `"count": { "type": "string" }`; new: `"count": { "type": "integer" }`.
//!
//! Use instead: a new input name, or a new operation.
//!
//! ## Fix safety
//! No fix: restoring the old type or adding a new input or operation is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3546>
use crate::rules::prelude::*;

pub struct InputTypeChanged;

impl DiffRule for InputTypeChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let (Some(before), Some(after)) = (old.ty(), new.ty()) else { return };
        if before == after {
            return;
        }
        cx.report(
            new.attr("type"),
            field.attr_path("type"),
            format!(
                "type of {} of {} changed from `{before}` to `{after}`; flows keep sending the old type",
                field.describe(),
                op.label()
            ),
        );
    }
}
