//! ## What it checks
//! An output whose `format` changed, or gained or lost one.
//!
//! ## Why it matters for certification
//! Tokens are formatted and parsed by format (`date` vs `date-time`, `int32` vs `int64`). The change
//! validator reports it, on webhook payloads too
//! (`.../responses/x-ms-notification-content/schema/<property>/format`); under `--lenient` it is a
//! warning.
//!
//! ## Example
//! Old: `"created": { "type": "string", "format": "date" }`; new: `"format": "date-time"`.
//!
//! ## Fix safety
//! No fix: the format has to describe what the backend returns, which only the author knows.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3863>
use crate::rules::prelude::*;

pub struct OutputFormatChanged;

impl DiffRule for OutputFormatChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Output]
    }

    fn output(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let (before, after) = (old.format(), new.format());
        if before == after {
            return;
        }
        cx.report(
            new.attr("format"),
            field.attr_path("format"),
            format!(
                "format of {} of {} changed from {} to {}",
                field.describe(),
                op.label(),
                util::diff::shown(before),
                util::diff::shown(after)
            ),
        );
    }
}
