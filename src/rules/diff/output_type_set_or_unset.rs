//! ## What it checks
//! An output that gained a `type` where it had none, or lost the one it had (for instance a
//! property that kept only its `enum`).
//!
//! ## Why it matters for certification
//! The change validator reports it on `.../<property>/type`; flows are mostly unaffected, so under
//! `--lenient` it is a warning.
//!
//! ## Example
//! Old: `"state": { "type": "string", "enum": [...] }`; new: `"state": { "enum": [...] }`.
//!
//! ## Fix safety
//! No fix: undoing the change or confirming it with the reviewer is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3151>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/2359>
use crate::rules::prelude::*;

pub struct OutputTypeSetOrUnset;

impl DiffRule for OutputTypeSetOrUnset {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Output]
    }

    fn output(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let change = match (old.ty(), new.ty()) {
            (None, Some(t)) => format!("gained type `{t}`"),
            (Some(t), None) => format!("lost its type `{t}`"),
            _ => return,
        };
        cx.report(
            new.attr("type"),
            field.attr_path("type"),
            format!("{} of {} {change}", field.describe(), op.label()),
        );
    }
}
