//! ## What it checks
//! An operation that was visible and is now `"x-ms-visibility": "internal"`.
//!
//! ## Why it matters for certification
//! Existing flows open with an operation the designer no longer offers. The change validator
//! reports it on `operation/<operationId>/x-ms-visibility`. Hiding is a retirement step that
//! follows deprecation, not a way around it.
//!
//! ## Example
//! Old: `"operationId": "SearchCards"`; new: the same with `"x-ms-visibility": "internal"`.
//!
//! Use instead: deprecate the operation (`deprecated: true`, "(deprecated)" in its summary) and
//! keep it visible until its users have moved.
//!
//! ## Fix safety
//! No fix: making the operation visible again and deprecating it instead, with notice to its users, is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4215>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
use crate::rules::prelude::*;

pub struct OperationHidden;

impl DiffRule for OperationHidden {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Operation]
    }

    fn operation(&self, cx: &mut DiffChecker, op: &OperationPair) {
        let Some((old, new)) = op.both() else { return };
        if old.operation_id() != new.operation_id()
            || util::diff::is_internal(old)
            || !util::diff::is_internal(new)
        {
            return;
        }
        let note = if util::diff::is_deprecated(old) {
            " (it was deprecated: this is the retirement step, still reported by the validator)"
        } else {
            ""
        };
        let at = new.node.get("x-ms-visibility").unwrap_or(new.node);
        cx.report(
            at,
            format!("{}/x-ms-visibility", op.value_path()),
            format!("operation {} was hidden{note}; existing flows break in the designer", op.label()),
        );
    }
}
