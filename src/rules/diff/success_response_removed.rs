//! ## What it checks
//! The main success response of an operation (its first 2xx response with a schema, else
//! `default` with a schema) losing its schema or disappearing, and any other 2xx response that
//! loses its schema. A main success schema that moved to another status (`default` to `200`)
//! is reported as info: flows read outputs by name, so they keep working.
//!
//! ## Why it matters for certification
//! Every output token of the operation disappears from saved flows.
//!
//! ## Example
//! Old: `"200": { "description": "OK", "schema": { "$ref": "#/definitions/Item" } }`; new:
//! `"200": { "description": "OK" }`.
//!
//! ## Fix safety
//! No fix: whether the operation still returns a body, and with which schema, is for the author to know.
//!
//! ## References
//! - <https://github.com/Azure/openapi-diff/blob/main/docs/README.md>
use crate::rules::prelude::*;

pub struct SuccessResponseRemoved;

impl DiffRule for SuccessResponseRemoved {
    fn kinds(&self) -> &'static [DiffKind] {
        &[DiffKind::SuccessResponse]
    }

    fn success_response(
        &self,
        cx: &mut DiffChecker,
        op: &OperationPair,
        old: Option<&SuccessResponse>,
        new: Option<&SuccessResponse>,
    ) {
        let Some((old_op, new_op)) = op.both() else { return };
        let Some(old) = old.filter(|r| r.schema.is_some()) else { return };
        match new {
            Some(new) if new.schema.is_some() => {
                if new.code != old.code {
                    cx.report_key(
                        new.site,
                        format!("{}/responses/{}", op.value_path(), new.code),
                        format!(
                            "the outputs of {} moved from response `{}` to `{}`; flows read them by name and keep working",
                            op.label(),
                            old.code,
                            new.code
                        ),
                    )
                    .severity(Severity::Info);
                }
            }
            Some(new) => {
                cx.report(
                    new.site,
                    format!("{}/responses/{}/schema", op.value_path(), new.code),
                    format!(
                        "the success response of {} no longer has a schema; every output of the operation disappears",
                        op.label()
                    ),
                );
            }
            None => {
                // Gone from the new version: point at the response in the old one.
                cx.report_key(
                    old.site,
                    format!("{}/responses/{}", op.value_path(), old.code),
                    format!(
                        "the success response `{}` of {} was removed; every output of the operation disappears",
                        old.code,
                        op.label()
                    ),
                );
            }
        }
        // Other success statuses that lose their schema (the main one is judged above).
        let new_responses = new_op.responses(op.new_sw);
        for r in old_op.responses(op.old_sw) {
            if !r.code.starts_with('2') || r.code == old.code || r.node.get("schema").is_none() {
                continue;
            }
            let kept = new_responses
                .iter()
                .any(|n| n.code == r.code && n.node.get("schema").is_some());
            if !kept && new.is_some_and(|n| n.code != r.code) {
                // The response without its schema in the new version, else the old response.
                match new_responses.iter().find(|n| n.code == r.code) {
                    Some(now) => cx.report_key(
                        now.site,
                        format!("{}/responses/{}/schema", op.value_path(), r.code),
                        format!("response `{}` of {} lost its schema", r.code, op.label()),
                    ),
                    None => cx.report_key(
                        r.site,
                        format!("{}/responses/{}", op.value_path(), r.code),
                        format!("response `{}` of {} was removed, and its schema with it", r.code, op.label()),
                    ),
                };
            }
        }
    }
}
