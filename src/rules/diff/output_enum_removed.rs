//! ## What it checks
//! An output that had an `enum` list and no longer has one.
//!
//! ## Why it matters for certification
//! The change validator reports it on `.../<property>/enum`; the practical effect on flows is
//! small, so under `--lenient` it is info.
//!
//! ## Example
//! Old: `"status": { "type": "string", "enum": ["open", "closed"] }`; new: `"status": { "type": "string" }`.
//!
//! ## Fix safety
//! No fix: whether the output still takes only the listed values is for the author to know; ppcert does not restore the list.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1381>
use crate::rules::prelude::*;

pub struct OutputEnumRemoved;

impl DiffRule for OutputEnumRemoved {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Output]
    }

    fn output(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        if old.enum_list().is_none() || new.enum_list().is_some() {
            return;
        }
        cx.report(
            new.attr("enum"),
            field.attr_path("enum"),
            format!("{} of {} lost its enum list", field.describe(), op.label()),
        );
    }
}
