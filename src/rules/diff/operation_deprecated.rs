//! ## What it checks
//! An operation that became `deprecated: true`: the sanctioned way to retire it. The finding is
//! informational and says what of the documented pattern is missing: "(deprecated)" in the summary
//! and description, and a successor with the same `x-ms-api-annotation` family and a higher
//! revision when the operation has a family.
//!
//! ## Why it matters for certification
//! Deprecated operations keep working for existing flows while new users stop adopting them. For
//! certified connectors users must get at least 30 days' notice, and Microsoft should be involved.
//!
//! ## Example
//! ```json
//! "deprecated": true,
//! "summary": "List items (deprecated)",
//! "x-ms-api-annotation": { "family": "ListItems", "revision": 1 }
//! ```
//! with `ListItemsV2` carrying `"family": "ListItems", "revision": 2`.
//!
//! ## Fix safety
//! No fix: the finding is informational; a successor is the author's to write, and a summary or description without "(deprecated)" is `operation-deprecation`'s to report.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/deprecate-operation>
use crate::rules::prelude::*;

pub struct OperationDeprecated;

impl DiffRule for OperationDeprecated {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Operation]
    }

    fn operation(&self, cx: &mut DiffChecker, op: &OperationPair) {
        let Some((old, new)) = op.both() else { return };
        if old.operation_id() != new.operation_id()
            || util::diff::is_deprecated(old)
            || !util::diff::is_deprecated(new)
        {
            return;
        }
        let mut notes = Vec::new();
        match util::diff::successor(op.new_sw, new) {
            Some(next) => notes.push(format!(
                "successor `{}` in the same family",
                next.operation_id().unwrap_or_default()
            )),
            None if util::diff::family(new).is_some() => {
                notes.push("no successor in its family yet".to_owned())
            }
            None => {}
        }
        for key in ["summary", "description"] {
            if new.node.has(key) && !util::diff::says_deprecated(new.node.get_str(key)) {
                notes.push(format!("its {key} does not say \"(deprecated)\""));
            }
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        let at = new.node.get("deprecated").unwrap_or(new.node);
        cx.report(
            at,
            format!("{}/deprecated", op.value_path()),
            format!("operation {} is now deprecated{notes}", op.label()),
        );
    }
}
