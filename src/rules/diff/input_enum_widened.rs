//! ## What it checks
//! An input whose `enum` list gained values, or was dropped altogether.
//!
//! ## Why it matters for certification
//! The input accepts more than before, which is harmless for existing flows; reported so the
//! change is visible in review.
//!
//! ## Example
//! Old: `"enum": ["open", "closed"]`; new: `"enum": ["open", "closed", "archived"]`.
//!
//! ## Fix safety
//! No fix: nothing to fix; the wider list is harmless for existing flows, and the finding is there for review.
//!
//! ## References
//! - <https://github.com/Tufin/oasdiff/blob/main/docs/BREAKING-CHANGES.md>
use crate::rules::prelude::*;

pub struct InputEnumWidened;

impl DiffRule for InputEnumWidened {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let Some(before) = old.enum_list() else { return };
        match new.enum_list() {
            None => {
                cx.report(
                    new.attr("enum"),
                    field.attr_path("enum"),
                    format!("{} of {} no longer restricts its values to a list", field.describe(), op.label()),
                );
            }
            Some(after) => {
                let added = util::diff::missing_values(
                    &util::diff::enum_values(Some(after)),
                    &util::diff::enum_values(Some(before)),
                );
                if !added.is_empty() {
                    cx.report(
                        after,
                        field.attr_path("enum"),
                        format!("{} of {} now also accepts {}", field.describe(), op.label(), util::diff::list(&added)),
                    );
                }
            }
        }
    }
}
