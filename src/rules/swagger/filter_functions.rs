//! ## What it checks
//! The `filterFunctions` list that tells Power Apps which OData filter operations a column of a
//! table response supports for delegation (written in a schema's `x-ms-capabilities`, or
//! directly on the schema):
//! - it only appears in response (output) schemas, never in a schema used as request input or
//!   on a parameter — `FilterFunctionsPropertyInInputSchema`;
//! - it is not empty — `FilterFunctionsPropertyEmpty`;
//! - it has no duplicates — `FilterFunctionsPropertyHasDuplicates`;
//! - each value is a delegation operator the platform knows (`eq`, `ne`, `lt`, `le`, `gt`,
//!   `ge`, `and`, `or`, `not`, `contains`, `startswith`, `endswith`, `length`, `indexof`,
//!   `substringof`, `tolower`, `toupper`, `trim`, `year` ... `second`, `date`, `null`, `add`,
//!   `sub`, `mul`, `div`, `sum`, `min`, `max`, `average`, `count`, `countdistinct`, `distinct`,
//!   `top`, `astype`, `arraylookup`, `cdsin`, `join*`) — `FilterFunctionsPropertyInvalidValue`.
//!
//! The validator does not publish its list of supported values; the one used here is the set
//! of operators Power Fx reads from connector delegation metadata. Values are compared without
//! case, so only names unknown in any case are reported.
//!
//! ## Why it matters for certification
//! Power Apps delegates filters to the connector only for the operations listed; an unknown or
//! misplaced list breaks delegation or is rejected by the Swagger Validator.
//!
//! ## Example
//! ```json
//! "name": { "type": "string", "x-ms-capabilities": { "filterFunctions": ["eq", "like", "eq"] } }
//! ```
//! Use instead:
//! ```json
//! "name": { "type": "string", "x-ms-capabilities": { "filterFunctions": ["eq", "startswith"] } }
//! ```
//!
//! ## Fix safety
//! Safe: a value listed twice in `filterFunctions` is removed; the list means the same with it once. An empty, misplaced or unknown entry gets no fix: which operations a column supports is the author's to say.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;

pub struct FilterFunctions;

const SUPPORTED: &[&str] = &[
    "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not", "contains", "indexof", "substringof",
    "year", "month", "day", "hour", "minute", "second", "tolower", "toupper", "trim", "null",
    "date", "length", "sum", "min", "max", "average", "count", "add", "sub", "startswith", "mul",
    "div", "endswith", "countdistinct", "cdsin", "top", "astype", "arraylookup", "distinct",
    "joininner", "joinleft", "joinright", "joinfull",
];

fn lists(node: JsonRef) -> impl Iterator<Item = JsonRef> {
    node.get("filterFunctions").into_iter().chain(
        node.get("x-ms-capabilities")
            .and_then(|c| c.get("filterFunctions")),
    )
}

fn check_values(cx: &mut Checker, list: JsonRef) {
    if !list.is_array() {
        cx.report(list, "`filterFunctions` must be an array of operation names")
            .code("FilterFunctionsPropertyInvalidValue");
        return;
    }
    if list.is_empty() {
        cx.report(list, "`filterFunctions` is empty")
            .code("FilterFunctionsPropertyEmpty")
            .help("list the supported operations, or remove `filterFunctions`");
        return;
    }
    let items: Vec<JsonRef> = list.items().collect();
    for (i, item) in items.iter().enumerate() {
        let Some(value) = item.as_str() else {
            cx.report(*item, "`filterFunctions` values must be strings")
                .code("FilterFunctionsPropertyInvalidValue");
            continue;
        };
        if items[..i].iter().any(|p| p.as_str() == Some(value)) {
            let fix = util::edits::remove_item(list, i).map(|e| Fix::safe("Remove the repeated value", vec![e]));
            cx.report(*item, format!("`{value}` is listed twice in `filterFunctions`"))
                .code("FilterFunctionsPropertyHasDuplicates")
                .fix_if(fix);
        } else if !SUPPORTED.iter().any(|s| s.eq_ignore_ascii_case(value)) {
            cx.report(*item, format!("`{value}` is not a supported filter function"))
                .code("FilterFunctionsPropertyInvalidValue")
                .help("use operators such as eq, ne, lt, le, gt, ge, and, or, not, contains, startswith, endswith");
        }
    }
}

impl Rule for FilterFunctions {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Schema, NodeKind::Parameter]
    }

    fn schema(&self, cx: &mut Checker, _sw: &Swagger, schema: &Schema) {
        for list in lists(schema.node) {
            if schema.role.input {
                cx.report_key(list, "`filterFunctions` in a schema used as request input; it belongs in response schemas only")
                    .code("FilterFunctionsPropertyInInputSchema");
            }
            check_values(cx, list);
        }
    }

    fn parameter(&self, cx: &mut Checker, _sw: &Swagger, _op: &Operation, param: &Parameter) {
        for list in lists(param.node) {
            cx.report_key(list, "`filterFunctions` on a parameter; it belongs in response schemas only")
                .code("FilterFunctionsPropertyInInputSchema");
        }
    }
}
