//! ## What it checks
//! Every `$ref` of the definition, wherever OpenAPI 2.0 allows one (schemas, parameters,
//! responses, path items):
//! - it is a string holding a JSON pointer into this file (`#/...`): a reference to another file
//!   or URL is `<Kind>ReferenceNotValid`, a malformed pointer (`#definitions/Item`, a bad `~`
//!   escape, a non-string) is `JsonPointerNotValid`;
//! - it points into the section of its kind, directly at an entry: schemas into
//!   `#/definitions/`, parameters into `#/parameters/`, responses into `#/responses/`
//!   (`SchemaReferenceNotValid`, `ParameterReferenceNotValid`, `ResponseReferenceNotValid`);
//! - the entry exists (`SchemaReferenceNotFound`, `ParameterReferenceNotFound`,
//!   `ResponseReferenceNotFound`); the message suggests a close name when there is one;
//! - following references never comes back to where it started (`SchemaRefLoopNotAllowed`,
//!   `ParameterRefLoopNotAllowed`, `ResponseRefLoopNotAllowed`), reported on each `$ref` of the
//!   loop;
//! - no path item is a `$ref` (`PathItemRefNotSuppored`, sic);
//! - nothing sits next to a `$ref` (`AdditionalPropertyNotAllowedAdjacentToRef`).
//!
//! A `$ref` found elsewhere (in `info`, on an operation, in the `items` of a query parameter) is
//! reported by `swagger-no-unknown-properties`; `$ref`s inside examples, defaults and `x-`
//! extension values are data, not references, and are not checked.
//!
//! ## Decisions
//! - **Keys next to a schema `$ref`.** The platform reads `description`, `title` and `x-ms-*`
//!   annotations such as `x-ms-summary` and `x-ms-visibility` placed next to a `$ref` (they
//!   label the property that uses the shared definition), and merged connectors rely on it, so
//!   `description`, `title` and any `x-` key are accepted there. Other keys next to a schema
//!   `$ref` (`type`, `readOnly`, `default`, `example`, `required`, ...) are ignored by the
//!   platform and are reported as warnings: a dozen merged certified connectors have them, so the
//!   validator does not fail on them. Next to a parameter or response `$ref`, any key is an
//!   error.
//! - **Loops** are chains of pure references that come back to their start (`A` is
//!   `{"$ref": "#/definitions/B"}` and `B` is `{"$ref": "#/definitions/A"}`). A recursive schema,
//!   whose property refers back to the definition holding it, is not a loop: 31 merged
//!   connectors use one.
//!
//! ## Why it matters for certification
//! A broken reference stops the Swagger Validator and the import into the maker portal; a
//! connector definition is a single file, so nothing outside it can be referenced. Keys next to
//! a `$ref` are ignored by JSON Schema draft 4, which OpenAPI 2.0 follows, so a `type` or
//! `readOnly` written there does not do what it says.
//!
//! ## Example
//! ```json
//! "schema": { "$ref": "#/definitions/Itme" }
//! ```
//! Use instead:
//! ```json
//! "schema": { "$ref": "#/definitions/Item" }
//! ```
//!
//! ## Fix safety
//! Safe: `#definitions/Item` gets its missing slash when `#/definitions/Item` exists, and a reference to a missing entry is pointed at the only entry whose name differs just in case; a reference that does not resolve stops the import, so no flow depends on it. Other broken, misplaced or looping references and keys next to a `$ref` get no fix: which definition is meant is the author's call.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;
use crate::rules::util::document::{Loc, edit_distance, walk};
use crate::swagger::RefErrorKind;

pub struct SwaggerRefTargets;

/// What a `$ref` at a location must point to, and the validator codes for it.
struct Kind {
    what: &'static str,
    section: &'static str,
    not_valid: &'static str,
    not_found: &'static str,
    loop_code: &'static str,
}

const SCHEMA: Kind = Kind {
    what: "schema",
    section: "definitions",
    not_valid: "SchemaReferenceNotValid",
    not_found: "SchemaReferenceNotFound",
    loop_code: "SchemaRefLoopNotAllowed",
};
const PARAMETER: Kind = Kind {
    what: "parameter",
    section: "parameters",
    not_valid: "ParameterReferenceNotValid",
    not_found: "ParameterReferenceNotFound",
    loop_code: "ParameterRefLoopNotAllowed",
};
const RESPONSE: Kind = Kind {
    what: "response",
    section: "responses",
    not_valid: "ResponseReferenceNotValid",
    not_found: "ResponseReferenceNotFound",
    loop_code: "ResponseRefLoopNotAllowed",
};

impl Rule for SwaggerRefTargets {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        walk(sw, |loc, node| {
            let Some(reference) = node.get("$ref") else { return };
            let kind = match loc {
                Loc::Schema => &SCHEMA,
                Loc::Parameter => &PARAMETER,
                Loc::Response => &RESPONSE,
                Loc::PathItem => {
                    cx.report_key(reference, "a path item cannot be a `$ref`; define its operations here")
                        .code("PathItemRefNotSuppored");
                    return;
                }
                _ => return,
            };
            check_siblings(cx, loc, node);
            check_reference(cx, sw, kind, node, reference);
        });
    }
}

fn check_siblings(cx: &mut Checker, loc: Loc, node: JsonRef<'_>) {
    for (key, value) in node.members() {
        if key == "$ref" {
            continue;
        }
        if loc == Loc::Schema {
            if key == "description" || key == "title" || key.starts_with("x-") {
                continue;
            }
            cx.report_key(
                value,
                format!("`{key}` next to `$ref` is ignored; the referenced definition decides"),
            )
            .code("AdditionalPropertyNotAllowedAdjacentToRef")
            .severity(Severity::Warning)
            .help("remove it, or change the referenced definition (`allOf` can extend it)");
        } else {
            cx.report_key(
                value,
                format!("`{key}` is not allowed next to the `$ref` of a {}", loc_name(loc)),
            )
            .code("AdditionalPropertyNotAllowedAdjacentToRef")
            .help("a reference object holds only `$ref`: move the key into the referenced definition");
        }
    }
}

fn loc_name(loc: Loc) -> &'static str {
    match loc {
        Loc::Parameter => "parameter",
        Loc::Response => "response",
        _ => "schema",
    }
}

fn check_reference<'a>(
    cx: &mut Checker,
    sw: &Swagger<'a>,
    kind: &Kind,
    node: JsonRef<'a>,
    reference: JsonRef<'a>,
) {
    let section = kind.section;
    let expected = format!("`#/{section}/<name>`");
    let Some(text) = reference.as_str() else {
        cx.report(
            reference,
            format!("`$ref` is a {}; it must be a string such as {expected}", reference.json_type()),
        )
        .code("JsonPointerNotValid");
        return;
    };
    let Some(pointer) = text.strip_prefix('#') else {
        cx.report(
            reference,
            format!("`{text}` is not a reference into this file; a connector definition must be self-contained"),
        )
        .code(kind.not_valid)
        .help(format!("copy the {} into `#/{section}/` and refer to it as {expected}", kind.what));
        return;
    };
    let bad_escape = pointer
        .match_indices('~')
        .any(|(i, _)| !matches!(pointer.as_bytes().get(i + 1), Some(b'0' | b'1')));
    let Some(rest) = pointer.strip_prefix('/').filter(|_| !bad_escape) else {
        // `#definitions/Item`: the slash is missing, and with it the pointer finds the entry.
        let slashed = (!bad_escape && !pointer.is_empty() && !pointer.starts_with('/'))
            .then(|| pointer.split_once('/'))
            .flatten()
            .filter(|(s, name)| *s == section && entry_exists(sw, section, name))
            .map(|_| format!("#/{pointer}"));
        cx.report(
            reference,
            format!("`{text}` is not a valid JSON pointer; expected {expected}"),
        )
        .code("JsonPointerNotValid")
        .fix_if(slashed.map(|fixed| {
            Fix::safe(format!("Write `{fixed}`"), vec![set_string(reference, &fixed)])
        }));
        return;
    };
    let (target_section, name) = rest.split_once('/').unwrap_or((rest, ""));
    if target_section != section {
        cx.report(
            reference,
            format!("a {} `$ref` must point into `#/{section}/`, not to `{text}`", kind.what),
        )
        .code(kind.not_valid);
        return;
    }
    if name.is_empty() || name.contains('/') {
        cx.report(
            reference,
            format!("`{text}` must point directly at an entry of `#/{section}/`"),
        )
        .code(kind.not_valid)
        .help(format!("move the shared part into its own entry of `#/{section}/`"));
        return;
    }
    match sw.resolve(node) {
        Err(e) if e.at == reference => match e.kind {
            RefErrorKind::NotFound => {
                let hint = closest_entry(sw, section, name)
                    .map(|close| format!(" (did you mean `#/{section}/{close}`?)"))
                    .unwrap_or_default();
                // An entry that differs only in case is the one meant.
                let fix = only_case_match(sw, section, name).map(|entry| {
                    let fixed = format!("#/{section}/{}", entry.replace('~', "~0").replace('/', "~1"));
                    Fix::safe(format!("Write `{fixed}`"), vec![set_string(reference, &fixed)])
                });
                cx.report(reference, format!("`{text}` does not exist{hint}"))
                    .code(kind.not_found)
                    .fix_if(fix);
            }
            RefErrorKind::Loop => {
                cx.report(
                    reference,
                    format!("`{text}` is part of a loop of `$ref`s that never reaches a definition"),
                )
                .code(kind.loop_code)
                .help("give one member of the loop real content");
            }
            RefErrorKind::NotAString | RefErrorKind::NotLocal | RefErrorKind::WrongSection => {
                cx.report(reference, format!("`{text}` is not a valid reference"))
                    .code(kind.not_valid);
            }
        },
        // A broken `$ref` further down the chain is reported where it is written.
        Err(_) | Ok(_) => {}
    }
}

/// Whether `#/<section>/<name>` (`name` pointer-escaped) is an entry; `name` must not hold a `/`.
fn entry_exists(sw: &Swagger<'_>, section: &str, name: &str) -> bool {
    !name.is_empty()
        && !name.contains('/')
        && sw
            .root
            .get(section)
            .is_some_and(|entries| entries.has(&name.replace("~1", "/").replace("~0", "~")))
}

/// The one entry of `#/<section>/` whose name equals `name` (pointer-escaped) ignoring case.
fn only_case_match<'a>(sw: &Swagger<'a>, section: &str, name: &str) -> Option<&'a str> {
    let unescaped = name.replace("~1", "/").replace("~0", "~");
    let mut matches = sw
        .root
        .get(section)?
        .members()
        .map(|(k, _)| k)
        .filter(|k| k.eq_ignore_ascii_case(&unescaped));
    let only = matches.next()?;
    matches.next().is_none().then_some(only)
}

/// The entry of `#/<section>/` whose name is closest to `name`, if any is close.
fn closest_entry<'a>(sw: &Swagger<'a>, section: &str, name: &str) -> Option<&'a str> {
    let unescaped = name.replace("~1", "/").replace("~0", "~");
    let entries = sw.root.get(section)?;
    entries
        .members()
        .map(|(k, _)| k)
        .find(|k| k.eq_ignore_ascii_case(&unescaped))
        .or_else(|| {
            entries
                .members()
                .map(|(k, _)| (k, edit_distance(k, &unescaped)))
                .filter(|(k, d)| *d <= 2 && *d < k.len() / 3 + 1)
                .min_by_key(|(_, d)| *d)
                .map(|(k, _)| k)
        })
}
