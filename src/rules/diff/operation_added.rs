//! ## What it checks
//! Operations of the new definition that the old one did not have.
//!
//! ## Why it matters for certification
//! Adding operations is safe for existing flows; the finding lists them so that the change log of
//! a pull request is complete.
//!
//! ## Example
//! New: `"/v2/items": { "get": { "operationId": "ListItemsV2", ... } }`.
//!
//! ## Fix safety
//! No fix: nothing to fix; adding operations is safe, and the finding completes the change log.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/operational-versioning>
use crate::rules::prelude::*;

pub struct OperationAdded;

impl DiffRule for OperationAdded {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Operation]
    }

    fn operation(&self, cx: &mut DiffChecker, op: &OperationPair) {
        let (None, Some(new)) = (op.old, op.new) else { return };
        let at = new.node.get("operationId").unwrap_or(new.node);
        cx.report(
            at,
            op.value_path(),
            format!(
                "operation {} was added (`{} {}`)",
                op.label(),
                new.method.to_uppercase(),
                new.path
            ),
        );
    }
}
