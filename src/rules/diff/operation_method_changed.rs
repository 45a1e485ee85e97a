//! ## What it checks
//! An operation (same operationId) whose HTTP method changed.
//!
//! ## Why it matters for certification
//! The backend and the shape of the request differ for the same saved action. The change
//! validator reports it on `operation/<operationId>`.
//!
//! ## Example
//! Old: `"get": { "operationId": "Search" }`; new: `"post": { "operationId": "Search" }`.
//!
//! Use instead: keep the `get` operation and add `SearchV2` as a `post` on a new route.
//!
//! ## Fix safety
//! No fix: keeping the old method or adding a new operation for the new one is the author's decision.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/operational-versioning>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1147>
use crate::rules::prelude::*;

pub struct OperationMethodChanged;

impl DiffRule for OperationMethodChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Operation]
    }

    fn operation(&self, cx: &mut DiffChecker, op: &OperationPair) {
        let Some((old, new)) = op.both() else { return };
        if old.operation_id() != new.operation_id() || old.method == new.method {
            return;
        }
        cx.report_key(
            new.node,
            op.value_path(),
            format!(
                "HTTP method of operation {} changed from `{}` to `{}`",
                op.label(),
                old.method.to_uppercase(),
                new.method.to_uppercase()
            ),
        );
    }
}
