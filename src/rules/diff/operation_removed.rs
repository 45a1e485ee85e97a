//! ## What it checks
//! Operations of the old definition that the new one no longer has (matched by operationId).
//!
//! ## Why it matters for certification
//! Flows and apps reference operations by operationId. When it is gone, every saved action or
//! trigger that used it fails to load. Microsoft's change validator fails the pull request with
//! the ValuePath `operation/<operationId>`. The documented way to retire an operation is to
//! deprecate it first (`deprecated: true`, "(deprecated)" in summary and description, a successor
//! with the same `x-ms-api-annotation` family and a higher revision) and remove it later; the
//! removal is still reported then, but the finding says the path was followed.
//!
//! ## Example
//! Old: `"/items": { "get": { "operationId": "ListItems", ... } }`; new: the operation is gone.
//!
//! Use instead: keep `ListItems`, mark it deprecated, and add `ListItemsV2` on a new route with
//! `"x-ms-api-annotation": { "family": "ListItems", "revision": 2 }`.
//!
//! ## Fix safety
//! No fix: whether to restore the removed operation (deprecated, with a successor) is the author's decision; ppcert reports the change.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/deprecate-operation>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/4043>
use crate::rules::prelude::*;

pub struct OperationRemoved;

impl DiffRule for OperationRemoved {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Operation]
    }

    fn operation(&self, cx: &mut DiffChecker, op: &OperationPair) {
        let (Some(old), None) = (op.old, op.new) else { return };
        let mut notes = Vec::new();
        if util::diff::is_deprecated(old) {
            notes.push("previously deprecated".to_owned());
        }
        if util::diff::is_internal(old) {
            notes.push("was internal".to_owned());
        }
        if let Some(next) = util::diff::successor(op.new_sw, old) {
            notes.push(format!(
                "successor `{}` in the same family",
                next.operation_id().unwrap_or_default()
            ));
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        let at = old.node.get("operationId").unwrap_or(old.node);
        let d = cx.report(
            at,
            op.value_path(),
            format!("operation {} was removed{notes}; flows that use it break", op.label()),
        );
        d.help("keep the operation, deprecated, until its users have moved to its successor");
        // A new operation with a close id and the same method is likely this one renamed.
        let added: Vec<&str> = op
            .new_sw
            .operations
            .iter()
            .filter(|n| n.method == old.method)
            .filter_map(|n| n.operation_id())
            .filter(|id| {
                !op.old_sw
                    .operations
                    .iter()
                    .any(|o| o.operation_id() == Some(*id))
            })
            .collect();
        if let Some(name) = old
            .operation_id()
            .and_then(|id| util::diff::likely_rename(id, &added))
        {
            d.message += &format!(
                " (renamed to `{name}`? flows bind to the operationId: keep the old one, deprecated, beside it)"
            );
        }
    }
}
