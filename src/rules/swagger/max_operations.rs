//! ## What it checks
//! That the definition holds at most 256 operations (path and method pairs).
//!
//! ## Why it matters for certification
//! The platform limits a custom connector to 256 operations, and the Swagger Validator rejects
//! larger definitions (`TotalOperationsCountExceedsMaxAllowed`). Split a large API into several
//! connectors by area, or leave out operations users do not need.
//!
//! ## Example
//! A `paths` object whose path items hold 300 methods in all.
//!
//! Use instead: at most 256 of them.
//!
//! ## Fix safety
//! No fix: which operations to drop or move to another connector is the author's choice, and removing any breaks the flows that use it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/faq>
use crate::rules::prelude::*;

pub struct MaxOperations;

const LIMIT: usize = 256;

impl Rule for MaxOperations {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let count = sw.operations.len();
        if count <= LIMIT {
            return;
        }
        let Some(paths) = sw.root.get("paths") else { return };
        cx.report_key(
            paths,
            format!("the definition has {count} operations; the limit is {LIMIT}"),
        )
        .help("split the API into several connectors or drop operations users do not need");
    }
}
