//! ## What it checks
//! Values added to an output's `enum` list.
//!
//! ## Why it matters for certification
//! Conditions and switches in flows were written for the old values and may not handle the new
//! one. Document the new value in the pull request and the connector's readme.
//!
//! ## Example
//! Old: `"enum": ["open", "closed"]`; new: `"enum": ["open", "closed", "archived"]`.
//!
//! ## Fix safety
//! No fix: the new value comes from the backend; what it needs is a note in the pull request and the readme, which only the author can write.
//!
//! ## References
//! - <https://github.com/Tufin/oasdiff/blob/main/docs/BREAKING-CHANGES.md>
use crate::rules::prelude::*;

pub struct OutputEnumValuesAdded;

impl DiffRule for OutputEnumValuesAdded {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Output]
    }

    fn output(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let (Some(before), Some(after)) = (old.enum_list(), new.enum_list()) else { return };
        let added = util::diff::missing_values(
            &util::diff::enum_values(Some(after)),
            &util::diff::enum_values(Some(before)),
        );
        if added.is_empty() {
            return;
        }
        cx.report(
            after,
            field.attr_path("enum"),
            format!(
                "{} of {} may now also be {}; flows may not handle it",
                field.describe(),
                op.label(),
                util::diff::list(&added)
            ),
        );
    }
}
