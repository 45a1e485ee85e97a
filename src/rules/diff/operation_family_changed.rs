//! ## What it checks
//! An operation present in both versions whose `x-ms-api-annotation` `family` or `revision`
//! changed, or was dropped. Adding a family to an operation that had none is the documented way to
//! introduce a successor and is not reported.
//!
//! ## Why it matters for certification
//! The designer groups the versions of one logical operation by family and offers the highest
//! revision; changing them on a published operation can hide the version users should pick.
//!
//! ## Example
//! Old: `"x-ms-api-annotation": { "family": "ListItems", "revision": 1 }`; new: the annotation
//! is gone.
//!
//! Use instead: leave the annotation of existing operations alone; give the successor the same
//! family and revision 2.
//!
//! ## Fix safety
//! No fix: whether to restore the old `x-ms-api-annotation` is the author's decision; ppcert reports the change.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/operational-versioning>
use crate::rules::prelude::*;

pub struct OperationFamilyChanged;

impl DiffRule for OperationFamilyChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Operation]
    }

    fn operation(&self, cx: &mut DiffChecker, op: &OperationPair) {
        let Some((old, new)) = op.both() else { return };
        if old.operation_id() != new.operation_id() {
            return;
        }
        let at = new.node.get("x-ms-api-annotation").unwrap_or(new.node);
        let path = format!("{}/x-ms-api-annotation", op.value_path());
        let (of, nf) = (util::diff::family(old), util::diff::family(new));
        if of.is_some() && of != nf {
            cx.report(
                at,
                format!("{path}/family"),
                format!(
                    "family of operation {} changed from {} to {}",
                    op.label(),
                    util::diff::shown(of),
                    util::diff::shown(nf)
                ),
            );
        }
        let (or, nr) = (util::diff::revision(old), util::diff::revision(new));
        if or.is_some() && or != nr {
            let show = |r: Option<i64>| r.map_or("(none)".to_owned(), |r| format!("`{r}`"));
            cx.report(
                at,
                format!("{path}/revision"),
                format!(
                    "revision of operation {} changed from {} to {}",
                    op.label(),
                    show(or),
                    show(nr)
                ),
            );
        }
    }
}
