//! ## What it checks
//! An operation that became a trigger or stopped being one (`x-ms-trigger` added or removed), or
//! whose trigger kind changed (`single` to `batch` or back).
//!
//! ## Why it matters for certification
//! A saved trigger cannot turn into an action (or the reverse), and a batch trigger hands flows a
//! different payload shape than a single one.
//!
//! ## Example
//! Old: `"x-ms-trigger": "single"`; new: `"x-ms-trigger": "batch"`.
//!
//! Use instead: a new operation with a new operationId for the new kind.
//!
//! ## Fix safety
//! No fix: restoring the old trigger kind or adding a new operation for the new one is the author's decision.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
use crate::rules::prelude::*;

pub struct TriggerChanged;

impl DiffRule for TriggerChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Operation]
    }

    fn operation(&self, cx: &mut DiffChecker, op: &OperationPair) {
        let Some((old, new)) = op.both() else { return };
        if old.operation_id() != new.operation_id() {
            return;
        }
        let (before, after) = (trigger_kind(old), trigger_kind(new));
        if before == after {
            return;
        }
        let change = match (before, after) {
            (None, Some(k)) => format!("became a `{k}` trigger (it was an action)"),
            (Some(k), None) => format!("became an action (it was a `{k}` trigger)"),
            (Some(a), Some(b)) => format!("changed trigger kind from `{a}` to `{b}`"),
            (None, None) => return,
        };
        let at = new.node.get("x-ms-trigger").unwrap_or(new.node);
        cx.report(
            at,
            format!("{}/x-ms-trigger", op.value_path()),
            format!("operation {} {change}", op.label()),
        );
    }
}

fn trigger_kind<'a>(op: &Operation<'a>) -> Option<&'a str> {
    op.node
        .get("x-ms-trigger")
        .map(|t| t.as_str().unwrap_or(t.raw()))
}
