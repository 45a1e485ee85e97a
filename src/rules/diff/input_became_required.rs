//! ## What it checks
//! An input present in both versions that was optional and is now required (the parameter's
//! `required` flag, or the property's entry in its object's `required` list).
//!
//! ## Why it matters for certification
//! Flows that left it empty now fail. The change validator reports it on `.../<field>/required`.
//! With a default the platform fills it in: `internal` with a default is info, visible with a
//! default a warning.
//!
//! ## Example
//! Old: `"required": ["name"]`; new: `"required": ["name", "dueDate"]`.
//!
//! Use instead: keep it optional, or give it a default.
//!
//! ## Fix safety
//! No fix: keeping the input optional or giving it a default the backend accepts is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3516>
use crate::rules::prelude::*;

pub struct InputBecameRequired;

impl DiffRule for InputBecameRequired {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        // A body schema is as required as its parameter, which is reported instead.
        if field.kind() == FieldKind::SchemaRoot {
            return;
        }
        if old.required || !new.required || new.node.get("readOnly").and_then(|r| r.as_bool()) == Some(true) {
            return;
        }
        let nuance = util::diff::default_nuance(new);
        let d = cx.report(
            new.required_node(),
            field.attr_path("required"),
            format!(
                "{} of {} became required; flows that left it empty fail",
                field.describe(),
                op.label()
            ),
        );
        if let Some(severity) = nuance {
            d.severity(severity);
        }
    }
}
