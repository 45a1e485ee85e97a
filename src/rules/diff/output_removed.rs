//! ## What it checks
//! Output properties that the new version no longer has: properties of the main success response's
//! schema and of a webhook trigger's payload (`x-ms-notification-content`), matched by name,
//! case-sensitively. Only the outermost removed property is reported.
//!
//! ## Why it matters for certification
//! Dynamic-content tokens in saved flows point at the property; they break. The change validator
//! reports it on `operation/<id>/responses/200/schema/<property>`.
//!
//! ## Example
//! Old response: `{ "id": {...}, "createdAt": {...} }`; new: `{ "id": {...} }`.
//!
//! Use instead: keep `createdAt` and add any new field alongside it, or add a new operation.
//!
//! ## Fix safety
//! No fix: whether the backend still returns the property, and so whether to restore it, is for the author to know.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3656>
use crate::rules::prelude::*;

pub struct OutputRemoved;

impl DiffRule for OutputRemoved {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Output]
    }

    fn output(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some(old) = field.removed() else { return };
        let d = cx.report_field(
            old,
            field.path.clone(),
            format!(
                "{} of {} was removed; flows that read it break",
                field.describe(),
                op.label()
            ),
        );
        if let Some(name) = field.likely_rename {
            d.message += &format!(" (renamed to `{name}`? keep the old name too: flows use it by name)");
        }
    }
}
