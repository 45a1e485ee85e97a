//! ## What it checks
//! An input whose `default` changed, appeared or disappeared.
//!
//! ## Why it matters for certification
//! Flows that rely on the default (always, for `internal` inputs, which users cannot set) change
//! behaviour without anyone editing them.
//!
//! ## Example
//! Old: `"pageSize": { "default": 50 }`; new: `"pageSize": { "default": 100 }`.
//!
//! Use instead: keep the default, or say in the pull request how behaviour changes.
//!
//! ## Fix safety
//! No fix: which default is right is the author's decision; restoring the old one would undo a change that may be intended.
//!
//! ## References
//! - <https://github.com/Azure/openapi-diff/blob/main/docs/README.md>
use crate::rules::prelude::*;

pub struct InputDefaultChanged;

impl DiffRule for InputDefaultChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        let (before, after) = (old.default(), new.default());
        let same = match (before, after) {
            (Some(a), Some(b)) => a.json_eq(&b),
            (None, None) => true,
            _ => false,
        };
        if same {
            return;
        }
        let show = |v: Option<JsonRef>| util::diff::shown(v.map(|v| v.raw()));
        cx.report(
            new.attr("default"),
            field.attr_path("default"),
            format!(
                "default of {} of {} changed from {} to {}; flows relying on it change behaviour",
                field.describe(),
                op.label(),
                show(before),
                show(after)
            ),
        );
    }
}
