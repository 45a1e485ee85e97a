//! ## What it checks
//! An operation (same operationId) whose path template changed.
//!
//! ## Why it matters for certification
//! Saved flows send their requests to the new URL, and path parameters may have changed names.
//! The change validator reports it on `operation/<operationId>`.
//!
//! ## Example
//! Old: `"/items/{id}": { "get": { "operationId": "GetItem" } }`; new: the same operation under
//! `"/v2/items/{id}"`.
//!
//! Use instead: keep `GetItem` on its route and add `GetItemV2` on `/v2/items/{id}` with the same
//! `x-ms-api-annotation` family and a higher revision.
//!
//! ## Fix safety
//! No fix: restoring the old route or adding a successor operation on the new one is the author's decision.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/operational-versioning>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3648>
use crate::rules::prelude::*;

pub struct OperationPathChanged;

impl DiffRule for OperationPathChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Operation]
    }

    fn operation(&self, cx: &mut DiffChecker, op: &OperationPair) {
        let Some((old, new)) = op.both() else { return };
        if old.operation_id() != new.operation_id() || old.path == new.path {
            return;
        }
        cx.report_key(
            new.path_item,
            op.value_path(),
            format!(
                "path of operation {} changed from `{}` to `{}`",
                op.label(),
                old.path,
                new.path
            ),
        );
    }
}
