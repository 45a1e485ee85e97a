//! Breaking-change detection between two versions of a connector definition (`ppcert diff`).
//!
//! The pipeline mirrors `lint`: pair the two documents' operations by operationId
//! ([`pairs`]), walk each pair's inputs and outputs field by field through `$ref`s ([`walk`]),
//! and hand every document, operation, field and success-response pair to the diff rules
//! subscribed to its kind (`src/rules/diff/`, one rule per file). Subtrees that are the same on both
//! sides are skipped ([`same`]), so comparing a definition with itself costs one walk of its
//! operations.

mod checker;
mod pairs;
mod same;
pub mod source;
mod walk;

pub use checker::DiffChecker;
pub use pairs::{Field, FieldKind, FieldPair, FieldRole, OperationPair, SuccessResponse};

use crate::connector::Profile;
use crate::diagnostic::Diagnostic;
use crate::lint::RuleSelector;
use crate::rules::{self, LintKind, RuleEntry};
use crate::swagger::Swagger;

/// Whose reading of a change sets the severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reading {
    /// What Microsoft's change validator reports on a pull request (the default).
    #[default]
    Validator,
    /// The effect on saved flows and apps (`--lenient`).
    Lenient,
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
}

/// Which diff rules run, per profile, grouped by the kinds they subscribe to.
pub struct DiffRuleSet {
    by_profile: [Dispatch; 3],
}

#[derive(Default)]
pub(crate) struct Dispatch {
    pub document: Vec<&'static RuleEntry>,
    pub operation: Vec<&'static RuleEntry>,
    pub input: Vec<&'static RuleEntry>,
    pub output: Vec<&'static RuleEntry>,
    pub success_response: Vec<&'static RuleEntry>,
}

impl DiffRuleSet {
    /// The diff rules that `selector` keeps.
    pub fn new(selector: &RuleSelector) -> DiffRuleSet {
        let mut by_profile: [Dispatch; 3] = Default::default();
        for entry in rules::all() {
            let Some(rule) = entry.diff else { continue };
            if entry.meta.lint != LintKind::Diff || !selector.is_selected(&entry.meta) {
                continue;
            }
            for (i, profile) in Profile::ALL.iter().enumerate() {
                if !entry.meta.applies_to(*profile) {
                    continue;
                }
                let d = &mut by_profile[i];
                for kind in rule.kinds() {
                    match kind {
                        DiffKind::Document => d.document.push(entry),
                        DiffKind::Operation => d.operation.push(entry),
                        DiffKind::Input => d.input.push(entry),
                        DiffKind::Output => d.output.push(entry),
                        DiffKind::SuccessResponse => d.success_response.push(entry),
                    }
                }
            }
        }
        DiffRuleSet { by_profile }
    }

    /// Whether any diff rule runs for `profile`.
    pub fn is_empty(&self, profile: Profile) -> bool {
        let d = self.dispatch(profile);
        d.document.is_empty()
            && d.operation.is_empty()
            && d.input.is_empty()
            && d.output.is_empty()
            && d.success_response.is_empty()
    }

    pub(crate) fn dispatch(&self, profile: Profile) -> &Dispatch {
        &self.by_profile[Profile::ALL.iter().position(|p| *p == profile).unwrap_or(2)]
    }
}

/// Where the findings go: the connector they belong to and how they are read.
#[derive(Debug, Clone)]
pub struct DiffContext {
    /// The connector folder as shown to the user.
    pub connector: String,
    pub profile: Profile,
    pub reading: Reading,
}

/// Compares two versions of a definition. Findings about removals point into `old`, all others
/// into `new`; they come back sorted by file and position.
pub fn diff(old: &Swagger, new: &Swagger, set: &DiffRuleSet, cx: &DiffContext) -> Vec<Diagnostic> {
    let mut checker = DiffChecker::new(old, new, cx);
    walk::run(old, new, set.dispatch(cx.profile), &mut checker);
    let mut diags = checker.finish();
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule, &a.value_path, &a.message).cmp(&(
            &b.file,
            b.line,
            b.column,
            b.rule,
            &b.value_path,
            &b.message,
        ))
    });
    diags.dedup_by(|a, b| {
        a.rule == b.rule
            && a.value_path == b.value_path
            && a.message == b.message
            && a.file == b.file
    });
    diags
}
