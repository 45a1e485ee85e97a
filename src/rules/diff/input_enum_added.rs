//! ## What it checks
//! An input that had no `enum` list and now has one.
//!
//! ## Why it matters for certification
//! Flows may be sending values outside the new list, which are now refused. The change validator
//! reports it on `.../<field>/enum`.
//!
//! ## Example
//! Old: `"status": { "type": "string" }`; new: `"status": { "type": "string", "enum": ["open", "closed"] }`.
//!
//! Use instead: `x-ms-dynamic-values` to suggest values, or leave the input free text.
//!
//! ## Fix safety
//! No fix: dropping the new `enum` or turning it into `x-ms-dynamic-values` is a design decision for the author.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/619>
use crate::rules::prelude::*;

pub struct InputEnumAdded;

impl DiffRule for InputEnumAdded {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let (None, Some(list)) = (old.enum_list(), new.enum_list()) else { return };
        cx.report(
            list,
            field.attr_path("enum"),
            format!(
                "{} of {} now only accepts {} listed values; flows may send others",
                field.describe(),
                op.label(),
                list.len()
            ),
        );
    }
}
