//! ## What it checks
//! A parameter (matched by name) whose `in` changed: query, header, path, body or formData.
//!
//! ## Why it matters for certification
//! Flows keep sending the value where it used to go. The change validator reports it on
//! `operation/<id>/parameter/<name>`.
//!
//! ## Example
//! Old: `{ "name": "apiVersion", "in": "query" }`; new: `{ "name": "apiVersion", "in": "header" }`.
//!
//! Use instead: a new operation for the new request shape.
//!
//! ## Fix safety
//! No fix: moving the parameter back or adding a new operation for the new request shape is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3648>
use crate::rules::prelude::*;

pub struct InputLocationChanged;

impl DiffRule for InputLocationChanged {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::Input]
    }

    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {
        let Some((old, new)) = field.both() else { return };
        if field.kind() != FieldKind::Parameter || old.location() == new.location() {
            return;
        }
        cx.report(
            new.attr("in"),
            field.path.clone(),
            format!(
                "{} of {} moved from {} to {}; flows keep sending it in the old place",
                field.describe(),
                op.label(),
                util::diff::shown(old.location()),
                util::diff::shown(new.location())
            ),
        );
    }
}
