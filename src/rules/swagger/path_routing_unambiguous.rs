//! ## What it checks
//! That the platform can tell apart every two operations with the same HTTP method from their
//! path templates alone:
//! - **full duplicate** (error, `DuplicateOperationPath`): the templates differ only in the
//!   names of their variables, e.g. `GET /items/{id}` and `GET /items/{name}`;
//! - **partial duplicate** (warning, `PartialDuplicateOperationPath`): a variable can take the
//!   value of the other template's static text, so some URLs match both, e.g.
//!   `GET /items/{id}` and `GET /items/search` (a request for `/items/search` fits both).
//!
//! Each operation is reported once, on its method key, naming the first earlier operation it
//! collides with. Static text is compared ignoring letter case; a variable matches one or more
//! characters within a segment. Paths that differ only in case are left to `path-syntax`
//! (`PathRedefined`).
//!
//! ## Why it matters for certification
//! The Swagger Validator rejects full duplicates: the platform could never route a call to the
//! second operation. Partial duplicates are legal and common (about one merged connector in ten
//! has one), but policies that route on the path, such as `routerequesttoendpoint`, and the
//! runtime's template matching may pick the wrong one; the validator warns about them.
//!
//! ## Example
//! ```json
//! "/contacts/{contactId}": { "get": { "operationId": "GetContact" } },
//! "/contacts/{email}": { "get": { "operationId": "GetContactByEmail" } }
//! ```
//! Use instead:
//! ```json
//! "/contacts/{contactId}": { "get": { "operationId": "GetContact" } },
//! "/contacts/by-email/{email}": { "get": { "operationId": "GetContactByEmail" } }
//! ```
//!
//! ## Fix safety
//! No fix: which path to change, and to what, is the author's choice and must be a URL the service serves; any change alters the requests flows send.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;
use rustc_hash::FxHashMap;
use util::operations::{Overlap, segments_overlap};

pub struct PathRoutingUnambiguous;

impl Rule for PathRoutingUnambiguous {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        // Only paths of one method and as many segments can route the same URL: each
        // operation is compared with the earlier ones of its group, in document order.
        type Group<'o, 'a> = Vec<(&'o Operation<'a>, Vec<&'a str>)>;
        let mut groups: FxHashMap<(&str, usize), Group> = FxHashMap::default();
        for op in &sw.operations {
            let segments: Vec<&str> = op.path.split('/').collect();
            let group = groups.entry((op.method, segments.len())).or_default();
            let mut partial: Option<(&Operation, usize)> = None;
            let mut full: Option<&Operation> = None;
            for (earlier, earlier_segments) in group.iter() {
                let earlier = *earlier;
                if earlier.path.eq_ignore_ascii_case(op.path) {
                    continue;
                }
                match segments_overlap(earlier_segments, &segments) {
                    Some(Overlap::Full) => {
                        full = Some(earlier);
                        break;
                    }
                    Some(Overlap::Partial) => match &mut partial {
                        Some((_, n)) => *n += 1,
                        None => partial = Some((earlier, 1)),
                    },
                    None => {}
                }
            }
            group.push((op, segments));
            let method = op.method.to_uppercase();
            if let Some(first) = full {
                cx.report_key(
                    op.node,
                    format!(
                        "`{method} {}` cannot be told apart from `{method} {}`: the templates differ only in variable names",
                        op.path, first.path
                    ),
                )
                .code("DuplicateOperationPath")
                .help("give one of the paths a distinct static segment");
            } else if let Some((first, n)) = partial {
                let others = match n {
                    1 => String::new(),
                    2 => " and 1 other operation".to_owned(),
                    _ => format!(" and {} other operations", n - 1),
                };
                cx.report_key(
                    op.node,
                    format!(
                        "`{method} {}` can match the same URLs as `{method} {}`{others}",
                        op.path, first.path
                    ),
                )
                .severity(Severity::Warning)
                .code("PartialDuplicateOperationPath")
                .help("a variable segment can take the value of the other path's static segment; make the paths distinct if routing matters");
            }
        }
    }
}
