//! ## What it checks
//! An operation on the same method and path whose operationId changed (a change of letter case
//! included).
//!
//! ## Why it matters for certification
//! Flows are bound to the operationId, not the route: for every saved flow the old operation is
//! gone. The change validator reports the old id as removed (`operation/<old id>`).
//!
//! ## Example
//! Old: `"get": { "operationId": "listItems" }`; new: `"get": { "operationId": "ListItems" }`.
//!
//! Use instead: keep `listItems` (deprecated) and put `ListItems` on a new route.
//!
//! ## Fix safety
//! No fix: restoring the old operationId, or keeping it on a deprecated operation beside the new one, is the author's decision.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/operational-versioning>
use crate::rules::prelude::*;

pub struct OperationIdChanged;

impl DiffRule for OperationIdChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Operation]
    }

    fn operation(&self, cx: &mut DiffChecker, op: &OperationPair) {
        let Some((old, new)) = op.both() else { return };
        let (Some(before), Some(after)) = (old.operation_id(), new.operation_id()) else {
            return;
        };
        if before == after {
            return;
        }
        let case = if before.eq_ignore_ascii_case(after) {
            " (letter case only)"
        } else {
            ""
        };
        let at = new.node.get("operationId").unwrap_or(new.node);
        cx.report(
            at,
            op.value_path(),
            format!(
                "operationId of `{} {}` changed from `{before}` to `{after}`{case}; flows bound to `{before}` break",
                new.method.to_uppercase(),
                new.path
            ),
        );
    }
}
