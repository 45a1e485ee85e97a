//! ## What it checks
//! The versioning annotations of operations, `x-ms-api-annotation` with `family`, `revision`,
//! `status` and `replacement`:
//! - `revision` is a whole number of at least 1 (`OperationRevisionEmpty`);
//! - within a family, no two operations share a revision (`OperationFamilyHasDuplicateRevisions`)
//!   and at most one has no revision (`OperationFamilyHasManyEmptyRevisions`);
//! - at most 2 operations of a family are active, i.e. not `deprecated`
//!   (`OperationFamilyHasManyActiveOperations`), and at most one active one has status
//!   `Production` (`OperationFamilyHasManyActiveProductionOperations`);
//! - an operation with revision 2 or more has an `operationId` ending with that number, as in
//!   `GetItems_V2` (`OperationIdShouldEndWithRevision`; a warning, see below);
//! - no operation is `Production` while the connector's `info.x-ms-api-annotation.status` is
//!   `Preview` (`OperationStatusAheadOfConnector`);
//! - `replacement` appears only on deprecated operations
//!   (`ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations`) and names both the `api`
//!   and the `operationId` that replace it (`ApiAnnotationExtensionReplacementInfoMissingApiProperty`,
//!   `ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty`).
//!
//! Status values compare ignoring case (`production` is treated as `Production`; the allowed
//! spelling is checked by `api-annotation-status`).
//!
//! ## Why it matters for certification
//! Families are how a connector ships a new version of an action without breaking flows built
//! on the old one: the old operation is deprecated, the new one (`_V2`) gets the next revision,
//! and the designer offers only the newest. The Swagger Validator rejects annotations that make
//! this ambiguous, with the codes above.
//!
//! `OperationIdShouldEndWithRevision` is reported as a warning: its wording is "should", and
//! several merged certified connectors have ids such as `PdfOcr_V1` at revision 2.
//!
//! ## Example
//! ```json
//! "/items": { "get": { "operationId": "GetItems", "deprecated": true,
//!   "x-ms-api-annotation": { "family": "GetItems", "revision": 1 } } },
//! "/v2/items": { "get": { "operationId": "GetItemsNew",
//!   "x-ms-api-annotation": { "family": "GetItems", "revision": 1 } } }
//! ```
//! Use instead:
//! ```json
//! "/items": { "get": { "operationId": "GetItems", "deprecated": true,
//!   "x-ms-api-annotation": { "family": "GetItems", "revision": 1 } } },
//! "/v2/items": { "get": { "operationId": "GetItems_V2",
//!   "x-ms-api-annotation": { "family": "GetItems", "revision": 2 } } }
//! ```
//!
//! ## Fix safety
//! No fix: revisions, which operations to deprecate, what replaces them and whether a status is Preview or Production are the author's decisions, and renaming an operationId to end in its revision breaks existing flows.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-swagger-validator-rules>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/deprecate-operation>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/operational-versioning>
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/schemas/apiDefinition.swagger.schema.json>
use crate::rules::prelude::*;

pub struct OperationFamilyRules;

struct Member<'s, 'a> {
    op: &'s Operation<'a>,
    family: JsonRef<'a>,
    revision: Option<(JsonRef<'a>, i64)>,
    has_revision: bool,
    active: bool,
    status: Option<JsonRef<'a>>,
}

fn is_status(node: Option<JsonRef>, value: &str) -> bool {
    node.and_then(|n| n.as_str())
        .is_some_and(|s| s.eq_ignore_ascii_case(value))
}

/// Whether `id` ends with the decimal `revision`, not as part of a longer number.
fn ends_with_revision(id: &str, revision: i64) -> bool {
    let digits = revision.to_string();
    id.strip_suffix(digits.as_str())
        .is_some_and(|rest| !rest.ends_with(|c: char| c.is_ascii_digit()))
}

fn check_operation<'s, 'a>(
    cx: &mut Checker,
    op: &'s Operation<'a>,
    connector_preview: bool,
) -> Option<Member<'s, 'a>> {
    let ann = op.node.get("x-ms-api-annotation").filter(|a| a.is_object())?;
    let active = op.node.get("deprecated").and_then(|d| d.as_bool()) != Some(true);

    if let Some(replacement) = ann.get("replacement") {
        if active {
            cx.report_key(
                replacement,
                format!("operation {} has a `replacement` but is not deprecated", op.label()),
            )
            .code("ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations")
            .help("set \"deprecated\": true, or remove `replacement`");
        }
        if replacement.is_object() {
            for (key, code) in [
                ("api", "ApiAnnotationExtensionReplacementInfoMissingApiProperty"),
                ("operationId", "ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty"),
            ] {
                if !replacement.has(key) {
                    cx.report(replacement, format!("`replacement` of {} has no `{key}`", op.label()))
                        .code(code)
                        .help("a replacement names both the `api` and the `operationId` that replace the operation");
                }
            }
        }
    }

    let status = ann.get("status");
    if connector_preview && is_status(status, "production") {
        if let Some(status) = status {
            cx.report(
                status,
                format!("operation {} is `Production` while the connector is `Preview`", op.label()),
            )
            .code("OperationStatusAheadOfConnector")
            .help("use \"Preview\" until the connector itself is in production");
        }
    }

    let revision_node = ann.get("revision");
    let revision = revision_node.and_then(|r| r.as_i64().map(|n| (r, n)));
    match (revision_node, revision) {
        (Some(node), None) | (Some(node), Some((_, i64::MIN..=0))) => {
            cx.report(
                node,
                format!("revision `{}` of {} is not a whole number of at least 1", node.raw(), op.label()),
            )
            .code("OperationRevisionEmpty");
        }
        _ => {}
    }
    let revision = revision.filter(|(_, n)| *n >= 1);
    if let Some((_, n)) = revision.filter(|(_, n)| *n >= 2) {
        if let Some(id_node) = op.node.get("operationId") {
            if let Some(id) = id_node.as_str() {
                if !ends_with_revision(id, n) {
                    cx.report(id_node, format!("operationId `{id}` has revision {n} but does not end with `{n}`"))
                        .severity(Severity::Warning)
                        .code("OperationIdShouldEndWithRevision")
                        .help(format!("name later revisions like `{id}_V{n}`"));
                }
            }
        }
    }

    let family = ann.get("family").filter(|f| f.is_string())?;
    Some(Member {
        op,
        family,
        revision,
        has_revision: revision_node.is_some(),
        active,
        status,
    })
}

impl Rule for OperationFamilyRules {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Document]
    }

    fn document(&self, cx: &mut Checker, sw: &Swagger) {
        let connector_status = sw
            .root
            .get("info")
            .and_then(|i| i.get("x-ms-api-annotation"))
            .and_then(|a| a.get("status"));
        let connector_preview = is_status(connector_status, "preview");

        let members: Vec<Member> = sw
            .operations
            .iter()
            .filter_map(|op| check_operation(cx, op, connector_preview))
            .collect();

        for (i, m) in members.iter().enumerate() {
            let name = m.family.as_str().unwrap_or_default();
            let earlier = members[..i]
                .iter()
                .filter(|e| e.family.as_str() == Some(name));
            let mut without_revision = None;
            let mut active = 0;
            let mut active_production = None;
            let mut same_revision = None;
            for e in earlier {
                if !e.has_revision && without_revision.is_none() {
                    without_revision = Some(e);
                }
                if e.active {
                    active += 1;
                    if is_status(e.status, "production") && active_production.is_none() {
                        active_production = Some(e);
                    }
                }
                if let (Some((_, a)), Some((_, b))) = (e.revision, m.revision) {
                    if a == b && same_revision.is_none() {
                        same_revision = Some(e);
                    }
                }
            }
            if let (Some(first), Some((node, n))) = (same_revision, m.revision) {
                cx.report(
                    node,
                    format!("revision {n} of family `{name}` is also used by {}", first.op.label()),
                )
                .code("OperationFamilyHasDuplicateRevisions")
                .help("give each operation of a family its own revision");
            }
            if let (false, Some(first)) = (m.has_revision, without_revision) {
                cx.report(
                    m.family,
                    format!(
                        "{} and {} are both in family `{name}` without a revision",
                        first.op.label(),
                        m.op.label()
                    ),
                )
                .code("OperationFamilyHasManyEmptyRevisions")
                .help("give each operation of a family a `revision`");
            }
            if m.active && active == 2 {
                cx.report(
                    m.family,
                    format!(
                        "family `{name}` has more than 2 operations that are not deprecated ({} is the third)",
                        m.op.label()
                    ),
                )
                .code("OperationFamilyHasManyActiveOperations")
                .help("deprecate the older revisions");
            }
            if m.active && is_status(m.status, "production") {
                if let (Some(first), Some(status)) = (active_production, m.status) {
                    cx.report(
                        status,
                        format!(
                            "family `{name}` already has the active `Production` operation {}",
                            first.op.label()
                        ),
                    )
                    .code("OperationFamilyHasManyActiveProductionOperations")
                    .help("deprecate the older revision or mark this one \"Preview\"");
                }
            }
        }
    }
}
