//! ## What it checks
//! A required input that an existing operation did not have: a new required parameter, or a new
//! required body property (at any depth below an existing body).
//!
//! ## Why it matters for certification
//! Existing flows do not send it, so their runs fail. Microsoft's change validator reports it. When
//! the input has a default, the platform fills it in: `internal` with a default is info (the
//! documented way to add a fixed value), visible with a default is a warning.
//!
//! ## Example
//! New: `"parameters": [{ "name": "region", "in": "query", "required": true, "type": "string" }]`.
//!
//! Use instead: make it optional, or give it a default and `"x-ms-visibility": "internal"`.
//!
//! ## Fix safety
//! No fix: making the input optional or choosing the default the platform sends changes the request, which is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3656>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3516>
use crate::rules::prelude::*;

pub struct InputAddedRequired;

impl DiffRule for InputAddedRequired {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some(new) = field.added() else { return };
        if !new.required || new.node.get("readOnly").and_then(|r| r.as_bool()) == Some(true) {
            return;
        }
        let nuance = util::diff::default_nuance(new);
        let d = cx.report_field(
            new,
            field.path.clone(),
            format!(
                "required {} was added to {}; existing flows do not send it",
                field.describe(),
                op.label()
            ),
        );
        if let Some(severity) = nuance {
            d.severity(severity);
            d.help("it has a default, which the platform sends for flows that do not set it");
        } else {
            d.help("make it optional, or give it a default (and `x-ms-visibility: internal`)");
        }
    }
}
