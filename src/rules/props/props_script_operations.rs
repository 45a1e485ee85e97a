//! ## What it checks
//! That `properties.scriptOperations`, the operations whose calls go through `script.csx`, is an
//! array of strings, each the operationId of an operation of the swagger (compared exactly; a
//! name that differs only in case is reported with the right spelling). An empty array means
//! "every operation" and is fine.
//!
//! It also reports a `scriptOperations` key at the top of the swagger: it belongs in
//! apiProperties.json, and the Swagger Validator rejects it there (`ExtensionNameNotValid`).
//!
//! When there is no parsable swagger, the operationIds are not compared.
//!
//! ## Why it matters for certification
//! paconn sends the list with the script; an operationId that does not exist (a typo, a renamed
//! operation) means the script silently does not run for the operation it was written for.
//!
//! ## Example
//! ```json
//! { "properties": { "scriptOperations": ["GetItems", "createItem"] } }
//! ```
//! where the swagger defines `GetItems` and `CreateItem`. Use instead:
//! ```json
//! { "properties": { "scriptOperations": ["GetItems", "CreateItem"] } }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): a `scriptOperations` key spelled in another case is renamed, so script.csx starts running for the listed operations. Unknown operationIds and entries that are not strings get no fix: which operations the script serves is the author's call.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/tools/paconn-cli/README.md>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3810>
use crate::rules::prelude::*;
use crate::rules::util::props::{
    KeyLookup, a_type, lookup, operation_id_hint, rename_key, swagger_operation_ids, wrong_case,
};

pub struct PropsScriptOperations;

impl Rule for PropsScriptOperations {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, connector: &Connector) {
        let swagger_root = connector.swagger.as_ref().and_then(|f| f.doc()).map(|d| d.root());
        for (key, value) in swagger_root.into_iter().flat_map(|r| r.members()) {
            if key.eq_ignore_ascii_case("scriptOperations") {
                cx.report_key(value, format!("`{key}` belongs in apiProperties.json, not in the swagger"))
                    .code("ExtensionNameNotValid")
                    .help("move the list to `properties.scriptOperations` of apiProperties.json");
            }
        }

        let Some(properties) = connector
            .props
            .as_ref()
            .and_then(|f| f.doc())
            .and_then(|d| d.root().get("properties"))
        else {
            return;
        };
        let list = match lookup(properties, "scriptOperations") {
            KeyLookup::Missing => return,
            KeyLookup::WrongCase(found, value) => {
                no_code(
                    cx.report_key(value, wrong_case(found, "scriptOperations"))
                        .fix(rename_key(value, "scriptOperations")),
                );
                return;
            }
            KeyLookup::Exact(list) => list,
        };
        if !list.is_array() {
            no_code(cx.report(
                list,
                format!("`scriptOperations` must be an array of operationIds, not {}", a_type(list.json_type())),
            ));
            return;
        }
        let ids = swagger_operation_ids(connector);
        let swagger_paths = connector.swagger.as_ref().and_then(|f| {
            let paths = f.doc()?.root().get("paths")?.span();
            Some((f.display.clone(), (paths.start as usize, paths.end as usize)))
        });
        for item in list.items() {
            let Some(id) = item.as_str() else {
                no_code(cx.report(
                    item,
                    format!("`scriptOperations` entries must be operationIds (strings), not {}", a_type(item.json_type())),
                ));
                continue;
            };
            let Some(ids) = &ids else { continue };
            if ids.contains(id) {
                continue;
            }
            let d = cx.report(
                item,
                format!("`scriptOperations` names `{id}`, which is not an operationId of the swagger"),
            );
            d.validator_code = None;
            if let Some(paths) = &swagger_paths {
                d.related(paths.0.clone(), Some(paths.1), "the operations of the definition");
            }
            if let Some(hint) = operation_id_hint(ids, id) {
                d.help(format!("operationIds are case-sensitive: write `{hint}`"));
            }
        }
    }
}

/// Findings in apiProperties.json are not Swagger Validator findings.
fn no_code(d: &mut crate::diagnostic::Diagnostic) {
    d.validator_code = None;
}
