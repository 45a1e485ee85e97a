//! ## What it checks
//! That an operation's parameters can be told apart:
//! - no two entries of one `parameters` list share `name` and `in`: on an operation
//!   (`OperationParametersContainDuplicateParameter`) or on a path item
//!   (`PathParametersContainDuplicateParameter`); header names are compared ignoring case, as
//!   HTTP does;
//! - at most one `in: body` parameter, per list (`OperationParametersContainMultipleBodyParameters`,
//!   `PathParametersContainMultipleBodyParameters`) and among the operation's effective
//!   parameters (its own plus those it inherits from the path item);
//! - never a `body` and a `formData` parameter together (`ParameterListContainsFormDataAndBody`);
//! - no two effective parameters with the same name in different locations
//!   (`OperationParametersAreNotUnique`). The platform identifies an operation's inputs by name
//!   (flow definitions, `x-ms-dynamic-values` parameter references), so `id` in the path and
//!   `id` in the query are ambiguous. This reading of the validator's terse message is ours;
//!   no merged connector has such a pair.
//!
//! Each finding points at the later entry of the pair, `$ref`s resolved.
//!
//! ## Why it matters for certification
//! Duplicates make the request ambiguous: which value is sent depends on the client. The
//! Swagger Validator rejects each of these cases.
//!
//! ## Example
//! ```json
//! "parameters": [
//!   { "name": "id", "in": "path", "required": true, "type": "string" },
//!   { "name": "id", "in": "query", "type": "string" } ]
//! ```
//! Use instead: rename one of them (`"name": "versionId"`).
//!
//! ## Fix safety
//! Safe: an entry written exactly like an earlier one of the same list is removed; it adds nothing. Entries that differ in any way (another description, a `$ref` to the same parameter), a second body, body with formData and one name in two locations get no fix: which one is meant is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
use crate::rules::prelude::*;

pub struct ParamsUnique;

/// One entry of a list: where it is written, and the resolved parameter.
#[derive(Clone, Copy)]
struct Entry<'a> {
    site: JsonRef<'a>,
    name: &'a str,
    location: &'a str,
}

fn same(a: &Entry, b: &Entry) -> bool {
    a.location == b.location
        && if a.location == "header" {
            a.name.eq_ignore_ascii_case(b.name)
        } else {
            a.name == b.name
        }
}

/// Checks one written list for duplicates and repeated bodies.
fn check_list(cx: &mut Checker, entries: &[Entry], owner: &str, on_path: bool) {
    let (dup_code, body_code) = if on_path {
        (
            "PathParametersContainDuplicateParameter",
            "PathParametersContainMultipleBodyParameters",
        )
    } else {
        (
            "OperationParametersContainDuplicateParameter",
            "OperationParametersContainMultipleBodyParameters",
        )
    };
    let mut first_body: Option<&Entry> = None;
    for (i, e) in entries.iter().enumerate() {
        if e.location == "body" {
            match first_body {
                None => first_body = Some(e),
                Some(first) => {
                    cx.report(e.site, format!("{owner} has a second `in: body` parameter `{}` (the first is `{}`); at most one is allowed", e.name, first.name))
                        .code(body_code)
                        .help("merge the bodies into one schema");
                }
            }
            continue;
        }
        if let Some(first) = entries[..i].iter().find(|f| same(f, e)) {
            // An entry written exactly like the earlier one says nothing new. (Not one that only
            // resolves to the same: dropping a `$ref` could leave its definition unused.)
            let fix = first
                .site
                .json_eq(&e.site)
                .then(|| remove_entry(e.site))
                .flatten()
                .map(|edit| Fix::safe("Remove the repeated parameter", vec![edit]));
            cx.report(
                e.site,
                format!(
                    "{owner} declares parameter `{}` in `{}` twice",
                    e.name, e.location
                ),
            )
            .code(dup_code)
            .help("remove the repeated entry")
            .fix_if(fix);
        }
    }
}

/// Removes an entry from the `parameters` list it is written in.
fn remove_entry(site: JsonRef<'_>) -> Option<Edit> {
    util::edits::remove_item(site.parent()?, site.array_index()?)
}

fn entries<'a>(list: impl Iterator<Item = (JsonRef<'a>, JsonRef<'a>)>) -> Vec<Entry<'a>> {
    list.filter_map(|(site, node)| {
        if !node.is_object() || node.has("$ref") {
            return None;
        }
        Some(Entry {
            site,
            name: node.get_str("name")?,
            location: node.get_str("in")?,
        })
    })
    .collect()
}

impl Rule for ParamsUnique {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Operation]
    }

    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {
        let own = entries(
            op.parameters
                .iter()
                .filter(|p| p.level == ParamLevel::Operation)
                .map(|p| (p.site, p.node)),
        );
        check_list(cx, &own, &format!("operation {}", op.label()), false);
        let shared = op
            .path_item
            .get("parameters")
            .map(|list| {
                entries(
                    list.items()
                        .map(|site| (site, sw.resolve(site).unwrap_or(site))),
                )
            })
            .unwrap_or_default();
        if !shared.is_empty() {
            check_list(cx, &shared, &format!("path `{}`", op.path), true);
        }

        // The effective list: the operation's own parameters plus the inherited ones.
        let effective = entries(op.parameters.iter().map(|p| (p.site, p.node)));
        let label = op.label();
        let bodies: Vec<&Entry> = effective.iter().filter(|e| e.location == "body").collect();
        let count_bodies = |list: &[Entry]| list.iter().filter(|e| e.location == "body").count();
        if bodies.len() > 1 && count_bodies(&own) <= 1 && count_bodies(&shared) <= 1 {
            // Not already reported per list: one body on the operation, one on the path item.
            if let [first, second, ..] = bodies[..] {
                cx.report(second.site, format!("operation {label} inherits a second `in: body` parameter `{}` besides `{}`; at most one is allowed", second.name, first.name))
                    .code("OperationParametersContainMultipleBodyParameters");
            }
        }
        if let (Some(body), Some(form)) = (
            bodies.first(),
            effective.iter().find(|e| e.location == "formData"),
        ) {
            cx.report(form.site, format!("operation {label} has both a `body` parameter (`{}`) and `formData` parameters (`{}`)", body.name, form.name))
                .code("ParameterListContainsFormDataAndBody")
                .help("send either a JSON body or form fields, not both");
        }
        for (i, e) in effective.iter().enumerate() {
            if let Some(other) = effective[..i]
                .iter()
                .find(|f| f.name == e.name && f.location != e.location)
            {
                cx.report(
                    e.site,
                    format!(
                        "operation {label} has two parameters named `{}`: in `{}` and in `{}`",
                        e.name, other.location, e.location
                    ),
                )
                .code("OperationParametersAreNotUnique")
                .help("rename one of them; the platform identifies inputs by name");
            }
        }
    }
}
