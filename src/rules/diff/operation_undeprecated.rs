//! ## What it checks
//! A deprecated operation that is no longer deprecated, or an `internal` operation made visible
//! again.
//!
//! ## Why it matters for certification
//! Harmless for existing flows; reported so that reviewers see the change.
//!
//! ## Example
//! Old: `"deprecated": true`; new: `"deprecated": false`.
//!
//! ## Fix safety
//! No fix: nothing to fix; reviving an operation is harmless for existing flows, and the finding is there for review.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/deprecate-operation>
use crate::rules::prelude::*;

pub struct OperationUndeprecated;

impl DiffRule for OperationUndeprecated {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Operation]
    }

    fn operation(&self, cx: &mut DiffChecker, op: &OperationPair) {
        let Some((old, new)) = op.both() else { return };
        if old.operation_id() != new.operation_id() {
            return;
        }
        if util::diff::is_deprecated(old) && !util::diff::is_deprecated(new) {
            let at = new.node.get("deprecated").unwrap_or(new.node);
            cx.report(
                at,
                format!("{}/deprecated", op.value_path()),
                format!("operation {} is no longer deprecated", op.label()),
            );
        }
        if util::diff::is_internal(old) && !util::diff::is_internal(new) {
            let at = new.node.get("x-ms-visibility").unwrap_or(new.node);
            cx.report(
                at,
                format!("{}/x-ms-visibility", op.value_path()),
                format!("operation {} is visible again (it was internal)", op.label()),
            );
        }
    }
}
