//! ## What it checks
//! The file-picker extensions:
//! - an `x-ms-dynamic-values` with `capability: file-picker` has an `x-ms-dynamic-tree` next to
//!   it (`DynamicTreeExtensionMissing`);
//! - `selectedItemValuePath` appears only in the `parameters` of the `browse` operation of an
//!   `x-ms-dynamic-tree`. It may not be used in `open`, nor in `x-ms-dynamic-values`,
//!   `x-ms-dynamic-list`, `x-ms-dynamic-schema` or `x-ms-dynamic-properties`
//!   (`SelectedItemValuePathNotAllowedInThisPosition`);
//! - the `operationId` of the tree's `open` and `browse` operations, and of the document-level
//!   `x-ms-capabilities.file-picker` operations, names an operation of the file
//!   (`OperationIdNotFound`).
//!
//! Extensions are looked for on parameters and on every schema of the document.
//!
//! ## Why it matters for certification
//! The file picker lets users browse folders instead of typing a path. The designer builds
//! it from `x-ms-dynamic-tree`: `open` lists the root, and `browse` lists a folder, given the
//! item the user picked (`selectedItemValuePath`). Only `browse` has a picked item.
//! Without the tree the capability shows nothing. The Swagger Validator rejects both mistakes.
//!
//! ## Example
//! ```json
//! "x-ms-dynamic-values": { "capability": "file-picker", "value-path": "path" }
//! ```
//! Use instead:
//! ```json
//! "x-ms-dynamic-values": { "capability": "file-picker", "value-path": "path" },
//! "x-ms-dynamic-tree": {
//!   "settings": { "canSelectParentNodes": false, "canSelectLeafNodes": true },
//!   "open": { "operationId": "ListRootFolder", "itemValuePath": "path", "itemTitlePath": "name" },
//!   "browse": {
//!     "operationId": "ListFolder",
//!     "itemValuePath": "path",
//!     "itemTitlePath": "name",
//!     "parameters": { "path": { "selectedItemValuePath": "path" } }
//!   }
//! }
//! ```
//!
//! ## Fix safety
//! No fix: the tree's `open` and `browse` operations, and the calls a misplaced `selectedItemValuePath` was meant for, are the author's to name; ppcert cannot tell which operations list the service's folders.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
use crate::rules::prelude::*;
use crate::rules::util::triggers;

pub struct DynamicTreeFilePicker;

const SELECTED: &str = "selectedItemValuePath";

impl Rule for DynamicTreeFilePicker {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document, NodeKind::Parameter, NodeKind::Schema]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let Some(picker) = sw
            .root
            .get("x-ms-capabilities")
            .and_then(|c| c.get("file-picker"))
        else {
            return;
        };
        for part in ["open", "browse"] {
            if let Some(call) = picker.get(part) {
                check_operation_id(cx, sw, call, "x-ms-capabilities.file-picker", part);
            }
        }
    }

    fn parameter(&self, cx: &mut Checker, sw: &Swagger, _op: &Operation, p: &Parameter) {
        check_holder(cx, sw, p.node);
    }

    fn schema(&self, cx: &mut Checker, sw: &Swagger, s: &Schema) {
        check_holder(cx, sw, s.node);
    }
}

fn check_holder(cx: &mut Checker, sw: &Swagger, holder: JsonRef) {
    if !triggers::has_dynamic(holder) {
        return;
    }
    let tree = holder.get("x-ms-dynamic-tree");
    if let Some(values) = holder.get("x-ms-dynamic-values") {
        if values.get_str("capability") == Some("file-picker") && tree.is_none() {
            cx.report_key(
                values,
                "`x-ms-dynamic-values` uses `capability: file-picker` but there is no `x-ms-dynamic-tree` next to it",
            )
            .code("DynamicTreeExtensionMissing")
            .help("add an `x-ms-dynamic-tree` with `open` and `browse` operations for the picker");
        }
    }
    for ext in [
        "x-ms-dynamic-values",
        "x-ms-dynamic-list",
        "x-ms-dynamic-schema",
        "x-ms-dynamic-properties",
    ] {
        if let Some(e) = holder.get(ext) {
            misplaced_selected(cx, e, ext);
        }
    }
    let Some(tree) = tree.filter(|t| t.is_object()) else {
        return;
    };
    if let Some(open) = tree.get("open") {
        misplaced_selected(cx, open, "x-ms-dynamic-tree.open");
    }
    for part in ["open", "browse"] {
        if let Some(call) = tree.get(part) {
            check_operation_id(cx, sw, call, "x-ms-dynamic-tree", part);
        }
    }
}

/// Reports `selectedItemValuePath` in the parameters of `ext`, where it is not allowed.
fn misplaced_selected(cx: &mut Checker, ext: JsonRef, what: &str) {
    for (name, value) in ext
        .get("parameters")
        .into_iter()
        .flat_map(|p| p.members())
    {
        if let Some(selected) = value.get(SELECTED) {
            cx.report_key(
                selected,
                format!(
                    "`{SELECTED}` (for parameter `{name}`) is allowed only in the `browse` parameters of `x-ms-dynamic-tree`, not in `{what}`"
                ),
            )
            .code("SelectedItemValuePathNotAllowedInThisPosition");
        }
    }
}

fn check_operation_id(cx: &mut Checker, sw: &Swagger, call: JsonRef, what: &str, part: &str) {
    if !call.is_object() {
        return;
    }
    match call.get("operationId") {
        None => {
            cx.report_key(call, format!("`{what}.{part}` has no `operationId`"))
                .code("OperationIdNotFound");
        }
        Some(id_node) => match id_node.as_str() {
            Some(id) if sw.operation_by_id(id).is_some() => {}
            _ => {
                cx.report(
                    id_node,
                    format!(
                        "`{what}.{part}` calls `{}`, which is no operation of this file",
                        id_node.as_str().unwrap_or(id_node.raw())
                    ),
                )
                .code("OperationIdNotFound");
            }
        },
    }
}
