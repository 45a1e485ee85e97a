//! ## What it checks
//! Inputs of an operation that the new version no longer has: parameters (matched by name) and
//! body properties (matched by name, case-sensitively; a rename is a removal plus an addition).
//! Only the outermost removed field is reported.
//!
//! ## Why it matters for certification
//! Saved flows still hold a value for the input. Saving such a flow fails with
//! `WorkflowOperationParametersExtraParameter`, and the backend may reject or silently drop the
//! value. No validator message for removed inputs was ever seen, but Microsoft's update guidance
//! lists removing parameters as breaking. An input that carried a default (so flows may never have
//! set it) is reported as a warning.
//!
//! ## Example
//! Old body: `{ "name": {...}, "notes": {...} }`; new body: `{ "name": {...} }`.
//!
//! Use instead: keep `notes` (possibly `internal` with a default) on this operation and put the new
//! shape on a new operation.
//!
//! ## Fix safety
//! No fix: restoring the input (possibly internal with a default) or moving the new shape to a new operation is the author's decision.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/training/modules/custom-connector-lifecycle-management/2-updates>
//! - <https://github.com/microsoft/Templates-for-Power-Platform/issues/69>
use crate::rules::prelude::*;

pub struct InputRemoved;

impl DiffRule for InputRemoved {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some(old) = field.removed() else { return };
        if old.node.get("readOnly").and_then(|r| r.as_bool()) == Some(true) {
            return; // never sent by flows
        }
        let d = cx.report_field(
            old,
            field.path.clone(),
            format!(
                "{} of {} was removed; flows that set it fail to save or run",
                field.describe(),
                op.label()
            ),
        );
        if old.has_default() {
            d.severity(Severity::Warning);
        }
        if let Some(name) = field.likely_rename {
            d.message += &format!(" (renamed to `{name}`? keep the old name too: flows use it by name)");
        }
    }
}
