//! The rules: metadata (from `rules/*.toml`, embedded at build time) and checks (one file each
//! under `src/rules/<file kind>/`, registered automatically by `build.rs`).
//!
//! Adding a rule means adding `rules/<id>.toml`, `src/rules/<kind>/<id_with_underscores>.rs`
//! (whose `//!` doc is the rule's documentation and which defines `pub struct <PascalCaseId>`
//! implementing [`Rule`]), and its fixtures under `tests/fixtures/<id>/`. Nothing else.

mod checker;
mod diff_checker;
pub mod prelude;
mod registry;
mod select;
mod solution_checker;
pub mod util;

pub use checker::Checker;
pub use diff_checker::{DiffChecker, DiffContext, Reading};
pub use select::{FixSelector, RuleSelector, SelectError, pattern_is_known};
pub(crate) use solution_checker::clamp_heuristic;
pub use solution_checker::{SolutionChecker, Strictness};

use crate::connector::{Connector, FileKind, Profile};
use crate::diagnostic::Severity;
use crate::json::JsonRef;
use crate::props::{ConnectionParameter, Props};
use crate::swagger::pairs::{FieldPair, OperationPair, SuccessResponse};
use crate::swagger::{Operation, Parameter, Response, Schema, Swagger};

/// How far a rule can be checked from files alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LintKind {
    /// Fully checkable from the files.
    Static,
    /// An approximate check; never reports more than a warning.
    Heuristic,
    /// Needs a person or a live service: listed as a reminder, never reported.
    Manual,
    /// Needs the previous version of the connector (`ppcert diff`).
    Diff,
}

/// Where the rules reference lives; each rule has an anchor named after its id.
pub const DOCS_URL: &str = "https://github.com/ppcert/ppcert/blob/main/docs/rules.md";

/// The documentation page of rule `id`.
pub fn docs_url(id: &str) -> String {
    format!("{DOCS_URL}#{id}")
}

/// A rule's metadata, as written in `rules/<id>.toml`.
#[derive(Debug, serde::Serialize)]
pub struct RuleMeta {
    pub id: &'static str,
    pub file: FileKind,
    pub profiles: &'static [Profile],
    pub severity: Severity,
    pub lint: LintKind,
    pub summary: &'static str,
    pub rationale: &'static str,
    pub sources: &'static [&'static str],
    pub validator_codes: &'static [&'static str],
    /// How safe the rule's fix is ("safe", "unsafe", "safe and unsafe"); empty when it has none.
    pub fixable: &'static str,
    /// Rules without a check: why the rule has no fix ("No fix: ..."). Implemented rules say it in
    /// the `## Fix safety` section of their documentation instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix_note: Option<&'static str>,
    pub inferred: bool,
    pub evidence: &'static str,
    /// Diff rules: the severity under `--lenient` (the effect on saved flows) when it differs from
    /// `severity`, which follows Microsoft's change validator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lenient: Option<Severity>,
    /// Opt-in (pedantic) rules: why the rule is not in the default selection. Such rules run
    /// only when `pedantic`, `ALL` or their id is selected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pedantic: Option<&'static str>,
    /// The `//!` documentation of the rule's source file (empty for rules without a check).
    #[serde(skip)]
    pub doc: &'static str,
}

impl RuleMeta {
    pub fn applies_to(&self, profile: Profile) -> bool {
        self.profiles.contains(&profile)
    }
    /// Whether findings of this rule are reported (manual and diff rules are not linted here).
    pub fn is_linted(&self) -> bool {
        matches!(self.lint, LintKind::Static | LintKind::Heuristic)
    }
}

/// The node kinds a rule can subscribe to; the walker calls only the matching hooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// The connector as a whole: its folder and every file (readme, icon, script, settings, ...).
    Connector,
    /// The swagger document root.
    Document,
    /// Every JSON value of the swagger, in document order.
    SwaggerNode,
    Operation,
    Parameter,
    Response,
    Schema,
    /// Every object that constrains a value: each schema (as [`NodeKind::Schema`]), and each non-body
    /// parameter and response header with its `items` chain.
    AnySchema,
    /// The apiProperties document.
    Props,
    ConnectionParameter,
}

/// A rule's check. Implement the hooks for the kinds listed in [`Rule::kinds`].
#[allow(unused_variables)]
pub trait Rule: Send + Sync {
    fn kinds(&self) -> &'static [NodeKind];
    fn connector(&self, cx: &mut Checker, connector: &Connector) {}
    fn document(&self, cx: &mut Checker, sw: &Swagger) {}
    fn swagger_node(&self, cx: &mut Checker, sw: &Swagger, node: JsonRef) {}
    fn operation(&self, cx: &mut Checker, sw: &Swagger, op: &Operation) {}
    fn parameter(&self, cx: &mut Checker, sw: &Swagger, op: &Operation, param: &Parameter) {}
    fn response(&self, cx: &mut Checker, sw: &Swagger, op: &Operation, response: &Response) {}
    fn schema(&self, cx: &mut Checker, sw: &Swagger, schema: &Schema) {}
    fn any_schema(&self, cx: &mut Checker, sw: &Swagger, node: JsonRef) {}
    fn props(&self, cx: &mut Checker, props: &Props) {}
    fn connection_parameter(&self, cx: &mut Checker, props: &Props, param: &ConnectionParameter) {}
    /// About how many thousandths of a median connector's lint the rule's `document` pass
    /// takes (callgrind; docs/scaling.md). Only a hint: a connector's rules are shared out among
    /// threads heaviest first, so that no heavy one is left to run alone at the end.
    fn weight(&self) -> u16 {
        2
    }
}

/// The kinds of pairs a diff rule can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    /// The two documents as a whole (host, security, schemes, title).
    Document,
    /// Each operation of either side, paired by operationId (or route, for a renamed operationId).
    Operation,
    /// Each input field: parameters, body schemas, body properties and array items.
    Input,
    /// Each output field: the main success response's schema and webhook payloads, property by property.
    Output,
    /// The main success response of each operation present on both sides.
    SuccessResponse,
    /// The `properties` of the two apiProperties.json files (connection parameters, OAuth
    /// settings, policy templates).
    Props,
}

/// A diff rule's check. Implement the hooks for the kinds listed in [`DiffRule::kinds`]; each is
/// called with a pair in which one side may be missing (added or removed).
#[allow(unused_variables)]
pub trait DiffRule: Send + Sync {
    fn kinds(&self) -> &'static [DiffKind];
    fn document(&self, cx: &mut DiffChecker, old: &Swagger, new: &Swagger) {}
    fn operation(&self, cx: &mut DiffChecker, op: &OperationPair) {}
    fn input(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {}
    fn output(&self, cx: &mut DiffChecker, op: &OperationPair, field: &FieldPair) {}
    fn success_response(
        &self,
        cx: &mut DiffChecker,
        op: &OperationPair,
        old: Option<&SuccessResponse>,
        new: Option<&SuccessResponse>,
    ) {
    }
    /// The `properties` objects of the old and the new apiProperties.json.
    fn props(&self, cx: &mut DiffChecker, old: JsonRef, new: JsonRef) {}
}

/// A registered rule: metadata plus its check (`check` for lint rules, `diff` for diff rules;
/// neither for reminders and planned rules).
pub struct RuleEntry {
    pub meta: RuleMeta,
    pub check: Option<&'static dyn Rule>,
    pub diff: Option<&'static dyn DiffRule>,
    pub solution: Option<&'static dyn SolutionRule>,
}

impl RuleEntry {
    /// Whether ppcert checks this rule (by `lint`, on connectors or solutions, or by `diff`).
    pub fn is_implemented(&self) -> bool {
        self.check.is_some() || self.diff.is_some() || self.solution.is_some()
    }
}

/// A rule on a solution input (a certification package, a solution zip or an unpacked
/// solution): its archives, package layout, solutions, flows and secrets. Rules on the
/// connectors a solution carries are the connector rules, through [`Rule`].
pub trait SolutionRule: Send + Sync {
    fn check(&self, cx: &mut SolutionChecker, input: &crate::solution::Input);
}

/// Whether a rule's findings point at a secret (a token, a client secret, a key in a flow): their
/// snippets must mask the value, as their messages never quote it.
pub fn quotes_secrets(id: &str) -> bool {
    matches!(id, "pr-no-secrets" | "test-value-no-secrets")
        || find(id).is_some_and(|r| r.meta.file == FileKind::Secret)
}

/// Every rule, sorted by id.
pub fn all() -> &'static [RuleEntry] {
    registry::RULES
}

pub fn find(id: &str) -> Option<&'static RuleEntry> {
    all()
        .binary_search_by(|r| r.meta.id.cmp(id))
        .ok()
        .map(|i| &all()[i])
}
