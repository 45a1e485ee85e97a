//! `ppcert convert --update PREVIOUS`: regenerate a connector from a new OpenAPI 3 description
//! while keeping what its author added to the previous version, then say what changed for the
//! flows that use it.
//!
//! An OpenAPI 3 description is usually generated from the API's code, and the connector made
//! from it is then edited by hand: operationIds chosen, summaries written to the certification
//! rules, parameters hidden or given dropdowns, triggers declared. A plain `convert` starts from
//! scratch each time; `--update` converts as usual, then lays the previous connector's *author
//! layer* over the result.
//!
//! # What is paired
//! - **Operations** by method and path: the base path joined to the path, variable names
//!   ignored (`/pets/{id}` is `/pets/{petId}`). An operation left over on both sides with the
//!   same operationId is paired too (the API *moved* it; reported, and `ppcert diff` reports the
//!   route change).
//! - **Parameters** of paired operations by name and location (path, query, header, formData);
//!   the body parameter with the body parameter, whatever their names.
//! - **Schemas** (bodies, responses by status code — the main success response with the main
//!   success response when its code moved —, response headers) property by property, into
//!   `items`, `additionalProperties` and `allOf` members (by position), through `$ref`s on either
//!   side: a `$ref` in the new definition carries the merge into the shared definition, once
//!   (the first previous schema met there wins). Definitions, shared parameters and shared
//!   responses present under the same name in both are paired first.
//!
//! # Keep or replace: the policy
//! The previous version is the author's word on how the API is *presented*; the new description
//! is the word on what the API *is*.
//!
//! | field | on | result |
//! |---|---|---|
//! | `operationId` | operations | previous (flows bind to it); the new description's id is reported when it differs, its `x-ms-dynamic-*` references follow the kept id, and a new operation whose id is now taken gets `_2` |
//! | `summary`, `description`, `title`, `x-ms-summary`, `x-ms-visibility` | every object | previous, where it has one; else the new description's (generated or not) |
//! | every other `x-` extension (`x-ms-dynamic-values`/`-list`/`-schema`/`-properties`/`-tree`, `x-ms-url-encoding`, `x-ms-test-value`, `x-ms-trigger`, `x-ms-trigger-hint`, `x-ms-notification-content`/`-url`, `x-ms-pageable`, `x-ms-api-annotation`, `x-ms-capabilities`, `x-ms-enum`, ...) | every object (path items too), and the document (`x-ms-connector-metadata`, ...) | previous, where it has one; definitions they name that the new description lacks are copied |
//! | `x-nullable` | schemas, parameters | true when either version says so (convert derives it from `nullable`, but OpenAPI 3.0 cannot say `nullable` next to a `$ref`, and authors add it where the service returns nulls the designer would refuse) |
//! | body parameter `name` | body parameters | previous (it never reaches the API; flows bind to it) |
//! | path variable names | paths and path parameters | previous (same reason), unless a renamed parameter is a shared `$ref` |
//! | a body parameter sent as a form | operations consuming `multipart/form-data` or `application/x-www-form-urlencoded` | previous, where the new operation has form fields instead (OpenAPI 3 describes a form body one way, which convert maps to form fields; flows bind to the body's shape); form fields the kept body lacks are noted |
//! | `type: file` / `type: string, format: binary` | parameters, schemas | the previous spelling, when both are a file (OpenAPI 3 has only the second) |
//! | `deprecated` | operations, schemas | true when either version says so |
//! | `externalDocs` | operations | previous, where it has one |
//! | `default` | parameters, schemas | new; previous where the new has none (an author-added default behind an `internal` parameter) |
//! | the schema of a `default` response | responses | previous, where the new has none (convert leaves it out when a 2xx response exists) |
//! | `info` | document | previous for every field but `version` (new) |
//! | `securityDefinitions`, `security` | document and operations | previous when it has them (they must match the kept apiProperties.json's connection parameters, and authors tune URLs and scopes); a difference is noted; a new operation's requirement naming a scheme not kept is left out |
//! | `host`, `basePath`, `schemes`, `tags` | document | new; previous where the new has none (and the previous `basePath` when they differ only by a trailing `/`) |
//! | types, formats, enums, `required`, `in`, constraints, `consumes`/`produces`, responses, properties | everything | new |
//!
//! Why the previous text wins even where the new description has a real (not generated) text:
//! without the previous OpenAPI 3 description there is no telling an author's edit from an
//! upstream change, and an edit silently undone on every regeneration is what `--update` is
//! for. To take the new text, delete the old one from the connector before updating.
//!
//! # What disappears
//! Operations (and parameters) of the previous version that the new description lacks are
//! **dropped and reported**: the new description says what the API offers, so an operation it
//! lost is most likely gone from the API, and keeping it silently would hide a break. Each one is
//! listed as disappeared and `ppcert diff` reports its removal as a breaking change. An
//! operation or parameter the author wrote by hand on purpose (one a `script.csx` implements, a
//! helper for a dropdown) is kept when marked `"x-ppcert-keep": true` in the connector (an `x-`
//! extension, which the connector schema allows).
//!
//! # Files
//! apiProperties.json, readme.md, intro.md, icon.png, script.csx and settings.json are the
//! author's: kept byte for byte (copied to a new `--out`, untouched in place). apiProperties.json
//! and readme.md are generated only when the previous version has none; connection parameters
//! the conversion would add and the kept apiProperties.json lacks are noted.
//!
//! Conversion findings about values the update replaced (a generated operationId or summary, a
//! fitted text, the placeholder brand colour and readme skeleton of kept files) are dropped
//! ([`Update::supersedes`]).
//!
//! # The report
//! The breaking changes between the previous definition and the updated one come from
//! `ppcert diff`'s engine (Microsoft's change validator's reading, every diff rule of the
//! profile), with the operations that appeared, disappeared or moved.

mod carry;
mod folder;
mod jtree;
mod layer;
mod routes;
mod shapes;

pub use folder::{Files, Previous, is_same_folder, write};

use super::tree::J;
use super::{Output, Syntax, parse};
use crate::connector::profile::{from_path, infer_beside};
use crate::connector::{FileKind, JsonFile, Profile};
use crate::diagnostic::{Diagnostic, Severity};
use crate::diff::source::{self, Who};
use crate::diff::{DiffRuleSet, Reading};
use crate::rules::RuleSelector;
use jtree::str_of;
use routes::{Op, Route};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// An operation named in the report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Operation {
    #[serde(rename = "operationId")]
    pub operation_id: Option<String>,
    pub method: String,
    pub path: String,
}

impl Operation {
    fn of(op: &Op, doc: &J) -> Operation {
        let id = routes::op_at(doc, &op.route)
            .and_then(|o| str_of(o, "operationId"))
            .map(str::to_owned)
            .or_else(|| op.id.clone());
        Operation::at(&op.route, id)
    }
    fn at(route: &Route, id: Option<String>) -> Operation {
        Operation {
            operation_id: id,
            method: route.method.to_ascii_uppercase(),
            path: route.path.clone(),
        }
    }
}

/// An operation the API moved to another route, paired by its unchanged operationId.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Moved {
    pub from: Operation,
    pub to: Operation,
}

/// An operationId kept from the previous version where the new description has another.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KeptId {
    #[serde(rename = "operationId")]
    pub operation_id: String,
    /// The new description's id (empty when it had none and convert generated one).
    pub upstream: String,
}

/// What `--update` did, for the command line to show.
#[derive(Debug, Default, serde::Serialize)]
pub struct Report {
    pub previous: String,
    pub in_place: bool,
    pub appeared: Vec<Operation>,
    pub disappeared: Vec<Operation>,
    pub moved: Vec<Moved>,
    /// Operations marked `x-ppcert-keep` that the new description lacks, kept.
    pub kept_by_hand: Vec<String>,
    pub operation_ids_kept: Vec<KeptId>,
    /// How many values of each key the previous version decided.
    pub kept: BTreeMap<String, usize>,
    /// Path templates given back the previous version's variable names.
    pub path_variables_kept: usize,
    /// Definitions (and shared parameters, responses) copied because kept values name them.
    pub copied_definitions: Vec<String>,
    pub notes: Vec<String>,
    /// The breaking changes' counts (the findings themselves are in the diagnostics).
    pub breaking: Counts,
    pub files: Files,
}

#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// The updated definition, the report, and the comparison with the previous version.
pub struct Update {
    pub swagger: String,
    pub report: Report,
    /// `ppcert diff`'s findings, previous → updated.
    pub breaking: Vec<Diagnostic>,
    /// The updated definition as compared (for snippets).
    pub new_file: JsonFile,
    /// Conversion findings made moot: (finding id, input pointer; empty for any).
    superseded: Vec<(&'static str, String)>,
}

pub struct Options<'a> {
    /// The output folder and whether it is the previous folder.
    pub out: &'a Path,
    pub in_place: bool,
    pub profile: Profile,
}

/// The profile an update is judged under when none is given: the output folder's path, else the
/// previous folder's, else what the previous connector's files say (its apiProperties.json too:
/// only the brand colour there tells an independent publisher from a certified connector).
pub fn profile(out: &Path, previous: &Previous) -> Profile {
    if let Some((p, _)) = from_path(out).or_else(|| from_path(&previous.folder)) {
        return p;
    }
    infer_beside(&previous.file).0
}

/// Lays the previous version's author layer over a fresh conversion, then compares.
pub fn update(generated: &Output, previous: &Previous, opts: &Options<'_>) -> Update {
    let new_tree = match parse::parse(&generated.swagger, Syntax::Json) {
        Ok(p) => J::from_node(&p.root),
        Err(_) => J::Obj(Default::default()),
    };
    let prev = &previous.tree;
    let mut report = Report {
        previous: previous.display.clone(),
        in_place: opts.in_place,
        ..Report::default()
    };
    let new_ops = routes::operations(&new_tree);
    let prev_ops = routes::operations(prev);
    let mut matching = routes::pair_operations(&new_ops, &prev_ops);
    let (marked, dropped): (Vec<Op>, Vec<Op>) = matching
        .disappeared
        .iter()
        .cloned()
        .partition(|op| routes::op_at(prev, &op.route).is_some_and(carry::marked));
    let reserved: HashSet<String> = marked.iter().filter_map(|o| o.id.clone()).collect();

    let mut new_tree = new_tree;
    let (kept_ids, clashes) = routes::keep_ids(
        &mut new_tree,
        prev,
        &matching.pairs,
        &matching.appeared,
        &reserved,
    );
    report.path_variables_kept =
        routes::keep_path_variables(&mut new_tree, &mut matching.pairs, &mut matching.appeared);

    // Conversion findings about values the previous version replaced (a generated id or
    // summary, a fitted text) no longer describe the result.
    let mut superseded: Vec<(&'static str, String)> = Vec::new();
    let op_pointer = |r: &Route| super::join(&super::join("/paths", &r.path), &r.method);
    for (_, _, generated) in &kept_ids {
        superseded.push((super::ids::OPERATIONID_GENERATED, op_pointer(generated)));
    }
    let mut layer = layer::Layer::new(new_tree, prev);
    layer.document();
    layer.shared_by_name();
    for pair in &matching.pairs {
        let at = op_pointer(&pair.generated);
        for key in layer.operation(pair) {
            if key == "summary" {
                superseded.push((super::ids::SUMMARY_GENERATED, at.clone()));
            }
            if key == "summary" || key == "description" {
                superseded.push((super::ids::TEXT_FITTED, super::join(&at, &key)));
            }
        }
    }
    let security_kept = layer.security_kept;
    report.notes.append(&mut layer.notes);
    report.kept = std::mem::take(&mut layer.kept);
    let mut merged = layer.new;
    let marked_routes: Vec<Route> = marked.iter().map(|o| o.route.clone()).collect();
    report.kept_by_hand = carry::keep_marked(&mut merged, prev, &marked_routes);
    report.copied_definitions = carry::copy_missing_refs(&mut merged, prev);

    for pair in matching.pairs.iter().filter(|p| p.moved) {
        let id = routes::op_at(&merged, &pair.new)
            .and_then(|o| str_of(o, "operationId"))
            .map(str::to_owned);
        report.moved.push(Moved {
            from: Operation::at(&pair.prev, id.clone()),
            to: Operation::at(&pair.new, id),
        });
    }
    report.appeared = matching
        .appeared
        .iter()
        .map(|o| Operation::of(o, &merged))
        .collect();
    report.disappeared = dropped.iter().map(|o| Operation::of(o, prev)).collect();
    report.operation_ids_kept = kept_ids
        .into_iter()
        .map(|(operation_id, upstream, _)| KeptId {
            operation_id,
            upstream,
        })
        .collect();
    for (from, to) in clashes {
        report.notes.push(format!(
            "the new operation `{from}` is named `{to}`: the previous version gives `{from}` to another operation"
        ));
    }
    if security_kept {
        security_notes(
            &mut merged,
            &generated.swagger,
            &report.appeared,
            &mut report.notes,
        );
    }
    props_notes(generated, previous, &mut report.notes);

    let swagger = folder::text(&merged);
    let new_display = format!(
        "{}/{}",
        crate::connector::display_path(opts.out).trim_end_matches('/'),
        previous.definition_name
    );
    let (breaking, new_file) = compare(previous, &swagger, new_display, opts);
    for d in &breaking {
        match d.severity {
            Severity::Error => report.breaking.errors += 1,
            Severity::Warning => report.breaking.warnings += 1,
            Severity::Info => report.breaking.infos += 1,
        }
    }
    if previous.has(super::PROPS_FILE) {
        superseded.push((super::ids::BRAND_COLOR_PLACEHOLDER, String::new()));
    }
    if previous.has(super::README_FILE) {
        superseded.push((super::ids::README_SKELETON, String::new()));
    }
    Update {
        swagger,
        report,
        breaking,
        new_file,
        superseded,
    }
}

impl Update {
    /// Whether a finding of the conversion is about a value the update replaced with the
    /// previous version's (a generated operationId or summary, a fitted text, the placeholder
    /// brand colour or readme skeleton of files kept as they were).
    pub fn supersedes(&self, d: &Diagnostic) -> bool {
        self.superseded
            .iter()
            .any(|(rule, pointer)| *rule == d.rule && (pointer.is_empty() || d.pointer == *pointer))
    }
}

/// `ppcert diff`'s engine on the previous definition and the updated one.
fn compare(
    previous: &Previous,
    swagger: &str,
    display: String,
    opts: &Options<'_>,
) -> (Vec<Diagnostic>, JsonFile) {
    let mut problems = Vec::new();
    let new_file = JsonFile::from_bytes(
        FileKind::Swagger,
        &opts.out.join(&previous.definition_name),
        display,
        swagger.as_bytes().to_vec(),
        &mut problems,
    );
    let set = DiffRuleSet::new(&RuleSelector::default().for_diff());
    let who = Who {
        connector: &crate::connector::display_path(opts.out),
        profile: opts.profile,
        props: None,
    };
    let outcome = source::compare_files(
        &who,
        Some(&previous.file),
        &new_file,
        &problems,
        &set,
        Reading::Validator,
    );
    (outcome.diagnostics, new_file)
}

/// With the previous `securityDefinitions` kept: says when the new description's schemes
/// differ, and drops from new operations the requirements naming schemes that are not kept.
fn security_notes(
    merged: &mut J,
    generated: &str,
    appeared: &[Operation],
    notes: &mut Vec<String>,
) {
    let kept: Vec<String> = jtree::get_obj(merged, &jtree::path(&["securityDefinitions"]))
        .map(|o| o.0.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    let upstream: Vec<String> = serde_json::from_str::<serde_json::Value>(generated)
        .ok()
        .and_then(|v| {
            v.get("securityDefinitions")
                .and_then(|s| s.as_object())
                .map(|o| o.keys().cloned().collect())
        })
        .unwrap_or_default();
    let mut sorted = (kept.clone(), upstream.clone());
    sorted.0.sort();
    sorted.1.sort();
    if sorted.0 != sorted.1 {
        notes.push(format!(
            "kept the previous securityDefinitions ({}); the new description's security schemes are {}: change securityDefinitions and apiProperties.json's connection parameters together if the API's authentication changed",
            list(&kept),
            list(&upstream)
        ));
    }
    for op in appeared {
        let route = Route {
            path: op.path.clone(),
            method: op.method.to_ascii_lowercase(),
        };
        let Some(o) = jtree::get_obj_mut(merged, &route.at()) else {
            continue;
        };
        let Some(J::Arr(reqs)) = o.get("security") else {
            continue;
        };
        let unknown = reqs
            .iter()
            .filter_map(jtree::obj)
            .any(|r| r.0.iter().any(|(name, _)| !kept.contains(name)));
        if unknown {
            o.remove("security");
            notes.push(format!(
                "the new operation {} {} named security schemes the kept securityDefinitions lack; its `security` was left out",
                op.method, op.path
            ));
        }
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Connection parameters and policies the conversion derived from the new description that the
/// kept apiProperties.json lacks.
fn props_notes(generated: &Output, previous: &Previous, notes: &mut Vec<String>) {
    let Some(kept) = &previous.props else {
        return;
    };
    let Ok(fresh) = serde_json::from_str::<serde_json::Value>(&generated.props) else {
        return;
    };
    let params = |v: &serde_json::Value| -> Vec<String> {
        let p = &v["properties"];
        let mut names: Vec<String> = p["connectionParameters"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        for set in p["connectionParameterSets"]["values"]
            .as_array()
            .into_iter()
            .flatten()
        {
            names.extend(
                set["parameters"]
                    .as_object()
                    .into_iter()
                    .flat_map(|o| o.keys().cloned()),
            );
        }
        names
    };
    let have = params(kept);
    for name in params(&fresh) {
        if !have.contains(&name) {
            notes.push(format!(
                "the new description gives a connection parameter `{name}` (from its security schemes or server variables) that the kept apiProperties.json lacks"
            ));
        }
    }
    let templates = |v: &serde_json::Value| -> Vec<String> {
        v["properties"]["policyTemplateInstances"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["templateId"].as_str().map(str::to_owned))
            .collect()
    };
    let have = templates(kept);
    for id in templates(&fresh) {
        if !have.contains(&id) {
            notes.push(format!(
                "the new description needs a `{id}` policy (its server variables) that the kept apiProperties.json lacks"
            ));
        }
    }
}

#[cfg(test)]
mod profile_tests {
    use super::{Previous, profile};
    use crate::connector::Profile;
    use std::path::Path;

    /// Outside the layout an update of an independent publisher's folder is judged as one: its
    /// definition carries the same metadata as a certified connector's, its apiProperties.json
    /// the brand colour that tells them apart.
    #[test]
    fn an_update_outside_the_layout_reads_the_previous_brand_colour() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        for (sample, expected) in [
            (
                "independent-publisher-connectors/Fabrikam Weather",
                Profile::IndependentPublisher,
            ),
            ("certified-connectors/Contoso Tasks", Profile::Certified),
        ] {
            let tmp = tempfile::tempdir().unwrap();
            for name in ["apiDefinition.swagger.json", "apiProperties.json"] {
                std::fs::copy(samples.join(sample).join(name), tmp.path().join(name)).unwrap();
            }
            let out = tmp.path().join("out");
            let previous = Previous::read(tmp.path(), &out).unwrap();
            assert_eq!(profile(&out, &previous), expected, "{sample}");
        }
    }
}
