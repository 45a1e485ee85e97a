//! ## What it checks
//! An output property that was in its object's `required` list and no longer is.
//!
//! ## Why it matters for certification
//! Flows that read it may now meet nulls where they always got a value.
//!
//! ## Example
//! Old: `"required": ["id", "name"]`; new: `"required": ["id"]`.
//!
//! ## Fix safety
//! No fix: whether the backend still always returns the property is for the author to know; ppcert reports the change.
//!
//! ## References
//! - <https://github.com/Tufin/oasdiff/blob/main/docs/BREAKING-CHANGES.md>
use crate::rules::prelude::*;

pub struct OutputBecameOptional;

impl DiffRule for OutputBecameOptional {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Output]
    }

    fn output(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        if field.kind() != FieldKind::Property || !old.required || new.required {
            return;
        }
        cx.report(
            new.site,
            field.attr_path("required"),
            format!(
                "{} of {} is no longer required; flows may meet empty values",
                field.describe(),
                op.label()
            ),
        );
    }
}
