//! ## What it checks
//! Every `x-ms-*` key on an OpenAPI object of the definition (the document root, `info`, path
//! items, operations, parameters, `items`, responses, headers, schemas, security definitions,
//! tags):
//! - a name the platform does not know is reported; when it is a misspelling, a case variant or
//!   a mangled form of a known name, the closest name is suggested (`x-ms-visibilty` →
//!   `x-ms-visibility`, `x-ms-summary title` → `x-ms-summary`);
//! - a known name placed where it has no effect is reported with the places it belongs
//!   (`x-ms-url-encoding` on a schema property, `x-ms-dynamic-schema` on an operation,
//!   `x-ms-visibility` on a path item).
//!
//! The known names and their places are those of catalogue §8.10 (the repository schema and the
//! "Extend an OpenAPI definition" page), plus the keys the platform reads but the schema misses
//! (`x-ms-editor`, `x-ms-editor-options`) and the Copilot-era keys of merged connectors
//! (`x-ms-openai-data`, `x-ms-openai-manifest`, `x-ms-require-user-confirmation`). Where the
//! documentation is silent, ppcert is lenient: `x-ms-summary` and `x-ms-visibility` are accepted
//! on responses, headers and `items` as well as on operations, parameters and schemas.
//!
//! Extensions written by AutoRest and other Microsoft tooling (`x-ms-enum`, `x-ms-client-name`,
//! `x-ms-mutability`, `x-ms-discriminator-value`, `x-ms-long-running-operation`, ...) are ignored
//! by the platform but are not mistakes, so they are never reported. Names that do not start with
//! `x-` at all (`x_ms_summary`, `X-MS-Summary`) are reported by `swagger-no-unknown-properties`.
//!
//! ## Why it matters for certification
//! The platform silently ignores an extension it does not recognise: a misspelled
//! `x-ms-visibilty: internal` leaves a parameter visible, a misspelled `x-ms-summmary` leaves a
//! field without its display name, and an extension in the wrong place does nothing. The
//! repository schema only admits the declared `x-ms-*` names at each location, and about 50
//! misspelled keys slipped into merged connectors.
//!
//! ## Example
//! ```json
//! { "name": "top", "in": "query", "type": "integer", "x-ms-visibilty": "advanced" }
//! ```
//! Use instead:
//! ```json
//! { "name": "top", "in": "query", "type": "integer", "x-ms-visibility": "advanced" }
//! ```
//!
//! ## Fix safety
//! Unsafe (`--unsafe-fixes`): a misspelt or wrongly cased extension is renamed to the one it resembles, so the platform starts applying it; not offered when the object already has that key. Misplaced and unknown extensions get no fix: where they belong, or whether to drop them, is the author's call.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/openapi-extensions>
use crate::rules::prelude::*;
use crate::rules::util::document::{Loc, TOLERATED_XMS, closest_xms, walk, xms_locations};

pub struct SwaggerKnownXmsExtensions;

impl Rule for SwaggerKnownXmsExtensions {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        walk(sw, |loc, node| {
            if loc == Loc::NotificationContent {
                return;
            }
            for (key, value) in node.members() {
                if !key.starts_with("x-") {
                    continue;
                }
                if !key.starts_with("x-ms-") {
                    // `x-ms  -summary`, `x-ms_summary`, `x-msvisibility`: mangled platform names.
                    if key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("x-ms")) {
                        if let Some(known) = closest_xms(key) {
                            cx.report_key(
                                value,
                                format!("unknown extension `{key}` (did you mean `{known}`?)"),
                            )
                            .fix_if(rename(node, value, known));
                        }
                    }
                    continue;
                }
                check(cx, loc, key, value);
            }
        });
    }
}

/// Renames the key of `value` to `known`, unless `holder` already has that key. Unsafe: the
/// platform starts reading an extension it ignored.
fn rename(holder: JsonRef<'_>, value: JsonRef<'_>, known: &str) -> Option<Fix> {
    if holder.has(known) {
        return None;
    }
    let span = value.key_span();
    Some(Fix::unsafe_edit(
        format!("Rename to `{known}`"),
        vec![Edit::string((span.start as usize, span.end as usize), known)],
    ))
}

fn check(cx: &mut Checker, loc: Loc, key: &str, value: JsonRef<'_>) {
    if let Some(locs) = xms_locations(key) {
        if !locs.contains(&loc) {
            let places: Vec<&str> = locs.iter().map(|l| l.describe()).collect();
            cx.report_key(
                value,
                format!(
                    "`{key}` has no effect on {}; it belongs on {}",
                    loc.describe(),
                    join_or(&places)
                ),
            );
        }
        return;
    }
    if TOLERATED_XMS.contains(&key) {
        return;
    }
    match closest_xms(key) {
        Some(known) if known.eq_ignore_ascii_case(key) => {
            cx.report_key(
                value,
                format!("`{key}` has the wrong case; the platform only reads `{known}`"),
            )
            .fix_if(value.parent().and_then(|holder| rename(holder, value, known)));
        }
        Some(known) => {
            cx.report_key(
                value,
                format!("unknown extension `{key}` (did you mean `{known}`?)"),
            )
            .fix_if(value.parent().and_then(|holder| rename(holder, value, known)));
        }
        None => {
            cx.report_key(
                value,
                format!("unknown extension `{key}`; the platform ignores it"),
            )
            .help("name your own extensions `x-...` without `ms-`, or remove it");
        }
    }
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
