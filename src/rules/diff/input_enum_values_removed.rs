//! ## What it checks
//! Values that an input's `enum` list had and no longer has.
//!
//! ## Why it matters for certification
//! Flows may have a removed value selected and keep sending it. The change validator reports it on
//! `.../<field>/enum`.
//!
//! ## Example
//! Old: `"enum": ["low", "normal", "high"]`; new: `"enum": ["normal", "high"]`.
//!
//! Use instead: keep the old values (document them as legacy).
//!
//! ## Fix safety
//! No fix: whether to restore the removed values (as legacy) is the author's decision; ppcert reports the change.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/2539>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3762>
use crate::rules::prelude::*;

pub struct InputEnumValuesRemoved;

impl DiffRule for InputEnumValuesRemoved {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let (Some(before), Some(after)) = (old.enum_list(), new.enum_list()) else { return };
        let gone = util::diff::missing_values(
            &util::diff::enum_values(Some(before)),
            &util::diff::enum_values(Some(after)),
        );
        if gone.is_empty() {
            return;
        }
        cx.report(
            after,
            field.attr_path("enum"),
            format!(
                "{} of {} no longer accepts {}; flows may have {} selected",
                field.describe(),
                op.label(),
                util::diff::list(&gone),
                if gone.len() == 1 { "it" } else { "them" }
            ),
        );
    }
}
