//! `--select` / `--extend-select` / `--ignore`: which rules run.

use crate::rules::{self, RuleMeta};

/// Rules are named by id (`title-max-length`), by a trailing-`*` prefix (`title-*`), by file kind
/// (`swagger`, `props`, ...), by `diff` (every diff rule), by `pedantic` (the opt-in rules) or by
/// `ALL`.
///
/// Pedantic rules (conventions that Microsoft's pipeline does not enforce and that most merged
/// connectors do not follow) run only when a pattern names them on purpose: their id, `pedantic`,
/// or `ALL`. A prefix or a file kind does not.
#[derive(Debug, Clone, Default)]
pub struct RuleSelector {
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("unknown rule or rule group `{0}` (see `ppcert rules`)")]
pub struct SelectError(pub String);

fn matches(pattern: &str, meta: &RuleMeta) -> bool {
    if meta.pedantic.is_some() && !names_on_purpose(pattern, meta) {
        return false;
    }
    matches_any(pattern, meta)
}

/// The patterns that switch a pedantic rule on.
fn names_on_purpose(pattern: &str, meta: &RuleMeta) -> bool {
    pattern.eq_ignore_ascii_case("all") || pattern == "pedantic" || pattern == meta.id
}

fn matches_any(pattern: &str, meta: &RuleMeta) -> bool {
    pattern.eq_ignore_ascii_case("all")
        || (pattern == "pedantic" && meta.pedantic.is_some())
        || (pattern == "diff" && meta.lint == rules::LintKind::Diff)
        || pattern == meta.id
        || pattern == meta.file.as_str()
        || pattern
            .strip_suffix('*')
            .is_some_and(|prefix| meta.id.starts_with(prefix))
}

/// Whether `pattern` names at least one rule.
pub fn pattern_is_known(pattern: &str) -> bool {
    rules::all().iter().any(|r| matches_any(pattern, &r.meta))
}

impl RuleSelector {
    /// A selector from user input: every pattern must name a rule.
    pub fn new(select: Option<Vec<String>>, ignore: Vec<String>) -> Result<Self, SelectError> {
        for pattern in select.iter().flatten().chain(&ignore) {
            if !pattern_is_known(pattern) {
                return Err(SelectError(pattern.clone()));
            }
        }
        Ok(Self::from_known(select, Vec::new(), ignore))
    }

    /// A selector from patterns already checked with [`pattern_is_known`].
    pub fn from_known(
        select: Option<Vec<String>>,
        extend_select: Vec<String>,
        ignore: Vec<String>,
    ) -> Self {
        RuleSelector {
            select,
            extend_select,
            ignore,
        }
    }

    /// The selector as it applies to diff rules: a `select` that names no diff rule (a selection
    /// of lint rules, say from ppcert.toml) does not switch the diff rules off.
    pub fn for_diff(&self) -> RuleSelector {
        let names_diff_rule = |patterns: &[String]| {
            rules::all().iter().any(|r| {
                r.meta.lint == rules::LintKind::Diff && patterns.iter().any(|p| matches(p, &r.meta))
            })
        };
        let mut selector = self.clone();
        if selector
            .select
            .as_deref()
            .is_some_and(|s| !names_diff_rule(s))
        {
            selector.select = None;
        }
        selector
    }

    pub fn is_selected(&self, meta: &RuleMeta) -> bool {
        let selected = match &self.select {
            None => meta.pedantic.is_none(),
            Some(s) => s.iter().any(|p| matches(p, meta)),
        } || self.extend_select.iter().any(|p| matches(p, meta));
        selected && !self.ignore.iter().any(|p| matches(p, meta))
    }
}

/// Which rules' fixes may be applied (`fixable` / `unfixable` in ppcert.toml, `--fixable` /
/// `--unfixable`): a rule outside it keeps its findings, without their fix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixSelector {
    fixable: Option<Vec<String>>,
    unfixable: Vec<String>,
}

impl FixSelector {
    /// From patterns already checked with [`pattern_is_known`].
    pub fn new(fixable: Option<Vec<String>>, unfixable: Vec<String>) -> Self {
        FixSelector { fixable, unfixable }
    }

    /// Whether every fix may apply (nothing was configured).
    pub fn is_all(&self) -> bool {
        self.fixable.is_none() && self.unfixable.is_empty()
    }

    /// Pedantic rules count as named by the groups that name them: choosing what may be fixed
    /// does not select rules.
    pub fn allows(&self, meta: &RuleMeta) -> bool {
        self.fixable
            .as_ref()
            .is_none_or(|f| f.iter().any(|p| matches_any(p, meta)))
            && !self.unfixable.iter().any(|p| matches_any(p, meta))
    }
}
