//! ## What it checks
//! An input that gained a `type` where it had none, or lost the one it had.
//!
//! ## Why it matters for certification
//! Microsoft's change validator treats a missing type as a type of its own and reports the change
//! on `.../<field>/type`. The effect on saved flows is usually nil, so under `--lenient` this is a
//! warning.
//!
//! ## Example
//! Old: `"filter": { "description": "..." }`; new: `"filter": { "type": "string", ... }`.
//!
//! Use instead: avoid the change on published operations, or confirm it with the reviewer.
//!
//! ## Fix safety
//! No fix: undoing the change or confirming it with the reviewer is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3546>
use crate::rules::prelude::*;

pub struct InputTypeSetOrUnset;

impl DiffRule for InputTypeSetOrUnset {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let change = match (old.ty(), new.ty()) {
            (None, Some(t)) => format!("gained type `{t}`"),
            (Some(t), None) => format!("lost its type `{t}`"),
            _ => return,
        };
        // A body parameter carries its type in its schema, not on itself.
        if field.kind() == FieldKind::Parameter && (old.location() == Some("body") || new.location() == Some("body")) {
            return;
        }
        cx.report(
            new.attr("type"),
            field.attr_path("type"),
            format!("{} of {} {change}", field.describe(), op.label()),
        );
    }
}
