//! ## What it checks
//! That every path item holds at least one operation, and that no operation is an empty
//! placeholder: `"/items": {}` or `"/items": { "get": {} }` (or a `null` or non-object value
//! where an operation should be).
//!
//! A path item without operations is accepted when it carries `x-ms-notification-content` (it
//! then describes the payload a webhook sends) or is a `$ref` (reported by other rules).
//!
//! ## Why it matters for certification
//! Empty paths and operations are leftovers of an editor or of a trimmed definition. The
//! certification checklist does not allow empty operations, and reviewers ask for them to be
//! removed before they approve a connector.
//!
//! ## Severity
//! A **warning** (it was an error): an empty path item is valid OpenAPI 2.0 and simply offers no
//! operation. 44 merged connectors carry 157 of them, four merged after October 2023; the only
//! reviewer request we found was on a pull request that was never merged.
//!
//! ## Example
//! ```json
//! "paths": {
//!   "/items": { "get": { "operationId": "ListItems", "responses": { "200": { "description": "OK" } } } },
//!   "/items/export": {}
//! }
//! ```
//! Use instead:
//! ```json
//! "paths": {
//!   "/items": { "get": { "operationId": "ListItems", "responses": { "200": { "description": "OK" } } } }
//! }
//! ```
//!
//! ## Fix safety
//! Safe: a path item with no operations is removed; it offers nothing to makers or flows. No fix when the definition refers into `#/paths/`, nor for an empty or non-object operation: whether to write it out or drop it is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/698>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1451>
use crate::rules::prelude::*;
use crate::swagger::METHODS;

pub struct OperationNotEmpty;

impl Rule for OperationNotEmpty {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(paths) = sw.root.get("paths") else { return };
        let referred = sw.root.doc().source().contains("#/paths/");
        for (path, item) in paths.members() {
            if path.starts_with("x-") || !item.is_object() {
                continue;
            }
            let mut operations = 0;
            for (method, op) in item.members() {
                if !METHODS.contains(&method) {
                    continue;
                }
                operations += 1;
                if !op.is_object() {
                    cx.report(
                        op,
                        format!(
                            "operation `{} {path}` must be an object, found {}",
                            method.to_uppercase(),
                            op.json_type()
                        ),
                    );
                } else if op.is_empty() {
                    cx.report(op, format!("operation `{} {path}` is empty", method.to_uppercase()))
                        .help("define the operation fully or remove it");
                }
            }
            if operations == 0 && !item.has("x-ms-notification-content") && !item.has("$ref") {
                // Without operations the item has no effect, unless something refers to it.
                let fix = (!referred)
                    .then(|| util::edits::remove_member_at(paths, item.key_span().start as usize))
                    .flatten()
                    .map(|e| Fix::safe("Remove the path", vec![e]));
                cx.report_key(item, format!("path `{path}` has no operations"))
                    .help("remove the path or add its operations")
                    .fix_if(fix);
            }
        }
    }
}
