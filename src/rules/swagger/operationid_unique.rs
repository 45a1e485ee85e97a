//! ## What it checks
//! That no two operations share an `operationId`. Each repeat is reported at its own
//! `operationId`, naming the operation that used it first. Ids that differ only in letter case
//! (`GetItem` and `getItem`) are reported as a warning.
//!
//! ## Why it matters for certification
//! The `operationId` identifies an action or trigger everywhere: in flows and apps, in dynamic
//! values, in policies and in `script.csx`. With two operations under one id, only one can be
//! reached. The Swagger Validator rejects the file (`OperationIdNotUnique`).
//!
//! The case-only variant is not known to be rejected (no merged connector has one), but ids
//! are matched case-insensitively in several places of the platform (for example policy
//! templates and `script.csx` comparisons written with `OrdinalIgnoreCase`), so it is flagged
//! as a likely mistake.
//!
//! ## Example
//! ```json
//! "/items": { "get": { "operationId": "GetItems" } },
//! "/items/{id}": { "get": { "operationId": "GetItems" } }
//! ```
//! Use instead:
//! ```json
//! "/items": { "get": { "operationId": "ListItems" } },
//! "/items/{id}": { "get": { "operationId": "GetItem" } }
//! ```
//!
//! ## Fix safety
//! No fix: which of the operations sharing an id to rename, and to what, is the author's choice, and any rename breaks the flows that use it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use std::collections::HashMap;

pub struct OperationidUnique;

impl Rule for OperationidUnique {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let mut exact: HashMap<&str, &Operation> = HashMap::with_capacity(sw.operations.len());
        let mut folded: HashMap<String, &Operation> = HashMap::with_capacity(sw.operations.len());
        for op in &sw.operations {
            let Some(node) = op.node.get("operationId") else { continue };
            let Some(id) = node.as_str().filter(|s| !s.is_empty()) else { continue };
            let where_ = |first: &Operation| format!("`{} {}`", first.method.to_uppercase(), first.path);
            if let Some(first) = exact.get(id) {
                cx.report(
                    node,
                    format!("operationId `{id}` is already used by {}", where_(first)),
                )
                .help("give each operation its own `operationId`");
                continue;
            }
            exact.insert(id, op);
            let key = id.to_lowercase();
            if let Some(first) = folded.get(&key) {
                let other = first.operation_id().unwrap_or_default();
                cx.report(
                    node,
                    format!(
                        "operationId `{id}` differs only in letter case from `{other}` ({})",
                        where_(first)
                    ),
                )
                .severity(Severity::Warning)
                .help("rename one of them so the ids differ by more than case");
                continue;
            }
            folded.insert(key, op);
        }
    }
}
