//! Breaking-change detection between two versions of a connector definition (`ppcert diff`).
//!
//! The pipeline mirrors `lint`: pair the two documents' operations by operationId
//! ([`crate::swagger::pairs`]), walk each pair's inputs and outputs field by field through `$ref`s ([`walk`]),
//! and hand every document, operation, field and success-response pair to the diff rules
//! subscribed to its kind (`src/rules/diff/`, one rule per file). Subtrees that are the same on both
//! sides are skipped ([`same`]), so comparing a definition with itself costs one walk of its
//! operations.

mod same;
pub mod source;
mod walk;

pub use crate::rules::{DiffChecker, DiffContext, DiffKind, DiffRule, Reading};
pub use crate::swagger::pairs::{
    Field, FieldKind, FieldPair, FieldRole, OperationPair, SuccessResponse,
};

use crate::connector::{JsonFile, Profile};
use crate::diagnostic::Diagnostic;
use crate::rules::RuleSelector;
use crate::rules::{self, LintKind, RuleEntry};
use crate::swagger::Swagger;

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
    pub props: Vec<&'static RuleEntry>,
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
                        DiffKind::Props => d.props.push(entry),
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
            && d.props.is_empty()
    }

    pub(crate) fn dispatch(&self, profile: Profile) -> &Dispatch {
        &self.by_profile[Profile::ALL.iter().position(|p| *p == profile).unwrap_or(2)]
    }
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

/// Compares two versions of apiProperties.json (connection parameters, OAuth settings, policy
/// templates). Files that are not parsed JSON objects are not compared (lint reports them).
pub fn diff_props(
    old: &JsonFile,
    new: &JsonFile,
    set: &DiffRuleSet,
    cx: &DiffContext,
) -> Vec<Diagnostic> {
    let (Some(old_doc), Some(new_doc)) = (old.doc(), new.doc()) else {
        return Vec::new();
    };
    fn properties(doc: &crate::json::JsonDoc) -> Option<crate::json::JsonRef<'_>> {
        doc.root().get("properties").filter(|p| p.is_object())
    }
    let (Some(old_props), Some(new_props)) = (properties(old_doc), properties(new_doc)) else {
        return Vec::new();
    };
    let mut checker = DiffChecker::for_files(old, old_doc, new, new_doc, cx);
    for entry in &set.dispatch(cx.profile).props {
        if let Some(rule) = entry.diff {
            checker.begin(&entry.meta);
            rule.props(&mut checker, old_props, new_props);
        }
    }
    let mut diags = checker.finish();
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule).cmp(&(&b.file, b.line, b.column, b.rule))
    });
    diags
}
