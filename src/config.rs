//! `ppcert.toml` (or `.ppcert.toml`): which rules run, at which severity, where, and as which profile.
//!
//! Found by walking up from each linted connector (the closest file wins, as ruff does), replaced by
//! `--config FILE`, ignored with `--isolated`. Every key and rule id is checked: a typo is an error
//! with its line and column, never silently ignored. `schemas/ppcert-config.schema.json` describes it.

use crate::connector::{Profile, read_named_text};
use crate::diagnostic::{Severity, abbreviate};
use crate::json::LineIndex;
use crate::rules::Strictness;
use crate::rules::{FixSelector, RuleSelector, pattern_is_known};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use toml::Spanned;

pub const FILE_NAMES: [&str; 2] = ["ppcert.toml", ".ppcert.toml"];

/// A configuration is a few lines; anything this large is not one.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The rule keys, allowed at the top level and in each `[[overrides]]` block. (Spelled out in both
/// structs rather than `#[serde(flatten)]`ed: flattening loses the spans the error messages need.)
macro_rules! rule_fields {
    ($(#[$m:meta])* struct $name:ident { $($extra:tt)* }) => {
        $(#[$m])*
        struct $name {
            select: Option<Vec<Spanned<String>>>,
            #[serde(default)]
            extend_select: Vec<Spanned<String>>,
            #[serde(default)]
            ignore: Vec<Spanned<String>>,
            profile: Option<Spanned<String>>,
            package_strictness: Option<Spanned<String>>,
            #[serde(default)]
            severity: BTreeMap<Spanned<String>, Spanned<String>>,
            fixable: Option<Vec<Spanned<String>>>,
            #[serde(default)]
            unfixable: Vec<Spanned<String>>,
            $($extra)*
        }

        impl $name {
            fn rules(&self) -> RawRules<'_> {
                RawRules {
                    select: self.select.as_deref(),
                    extend_select: &self.extend_select,
                    ignore: &self.ignore,
                    profile: self.profile.as_ref(),
                    package_strictness: self.package_strictness.as_ref(),
                    severity: &self.severity,
                    fixable: self.fixable.as_deref(),
                    unfixable: &self.unfixable,
                }
            }
        }
    };
}

rule_fields! {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct RawConfig {
        #[serde(default)]
        exclude: Vec<Spanned<String>>,
        /// `base = "upstream/dev"` or `base = false`: what `lint` compares changed connectors with.
        #[serde(default)]
        base: Option<BaseSetting>,
        /// `[spelling] words = [...]`: words the `spelling` rule accepts.
        #[serde(default)]
        spelling: Option<RawSpelling>,
        #[serde(default)]
        overrides: Vec<RawOverride>,
    }
}

rule_fields! {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct RawOverride {
        paths: Vec<Spanned<String>>,
    }
}

struct RawRules<'a> {
    select: Option<&'a [Spanned<String>]>,
    extend_select: &'a [Spanned<String>],
    ignore: &'a [Spanned<String>],
    profile: Option<&'a Spanned<String>>,
    package_strictness: Option<&'a Spanned<String>>,
    severity: &'a BTreeMap<Spanned<String>, Spanned<String>>,
    fixable: Option<&'a [Spanned<String>]>,
    unfixable: &'a [Spanned<String>],
}

/// A config error with its position in the file.
#[derive(Debug)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Rule settings of one level (the file's top level, or one override).
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub profile: Option<Profile>,
    /// `package-strictness`: `ps` reproduces ConnectorPackageValidator.ps1's verdicts.
    pub package_strictness: Option<Strictness>,
    pub severity: BTreeMap<String, Severity>,
    /// `fixable`: only these rules' fixes apply (all when absent), as ruff's setting.
    pub fixable: Option<Vec<String>>,
    /// `unfixable`: these rules' fixes never apply; they are reported as findings without a fix.
    pub unfixable: Vec<String>,
}

#[derive(Debug)]
pub struct Override {
    pub globs: GlobSet,
    pub rules: RuleSettings,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSpelling {
    #[serde(default)]
    words: Vec<String>,
}

/// The `base` setting: the revision `lint` compares changed connectors with, or `false` for none
/// (the default is the `dev` branch of a PowerPlatformConnectors remote, when there is one).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum BaseSetting {
    Enabled(bool),
    Revision(String),
}

/// A loaded configuration file.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    /// Globs are relative to this folder.
    pub root: PathBuf,
    pub rules: RuleSettings,
    pub exclude: GlobSet,
    /// The `exclude` patterns as written, in the order of `exclude`'s globs.
    pub exclude_patterns: Vec<String>,
    pub overrides: Vec<Override>,
    /// `base`: what `lint` compares changed connectors with.
    pub base: Option<BaseSetting>,
    /// `[spelling] words`: the project's words, which the `spelling` rule accepts.
    pub words: Vec<String>,
}

/// The settings that apply to one connector.
#[derive(Debug, Clone, Default)]
pub struct Effective {
    pub selector: RuleSelector,
    pub severity: BTreeMap<String, Severity>,
    pub profile: Option<Profile>,
    pub package_strictness: Strictness,
    /// Whose fixes the findings may carry.
    pub fixes: FixSelector,
    /// Identifies the combination, to share rule sets between connectors.
    pub key: String,
}

impl Effective {
    /// Whether `fixable` / `unfixable` let the fixes of `rule` apply.
    pub fn fix_allowed(&self, rule: &str) -> bool {
        self.fixes.is_all() || crate::rules::find(rule).is_none_or(|r| self.fixes.allows(&r.meta))
    }
}

struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    lines: LineIndex,
}

impl Ctx<'_> {
    fn error(&self, offset: usize, message: impl Into<String>) -> ConfigError {
        let (line, column) = self.lines.line_col(self.text, offset);
        ConfigError {
            file: self.path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }
    fn patterns(&self, list: &[Spanned<String>]) -> Result<Vec<String>, ConfigError> {
        list.iter()
            .map(|p| {
                if pattern_is_known(p.get_ref()) {
                    Ok(p.get_ref().clone())
                } else {
                    Err(self.error(
                        p.span().start,
                        format!(
                            "unknown rule or rule group `{}` (see `ppcert rules`)",
                            abbreviate(p.get_ref(), 100)
                        ),
                    ))
                }
            })
            .collect()
    }
    fn globs(&self, list: &[Spanned<String>]) -> Result<GlobSet, ConfigError> {
        let mut builder = GlobSetBuilder::new();
        for g in list {
            let glob = Glob::new(g.get_ref().trim_end_matches('/')).map_err(|e| {
                self.error(
                    g.span().start,
                    format!(
                        "invalid glob `{}`: {}",
                        abbreviate(g.get_ref(), 100),
                        abbreviate(&e.kind().to_string(), 200)
                    ),
                )
            })?;
            builder.add(glob);
        }
        builder.build().map_err(|e| self.error(0, e.to_string()))
    }
    fn rules(&self, raw: RawRules) -> Result<RuleSettings, ConfigError> {
        let profile = match raw.profile {
            None => None,
            Some(p) => Some(match p.get_ref().as_str() {
                "certified" => Profile::Certified,
                "independent-publisher" => Profile::IndependentPublisher,
                "custom" => Profile::Custom,
                other => {
                    return Err(self.error(
                        p.span().start,
                        format!("unknown profile `{}` (expected certified, independent-publisher or custom)", abbreviate(other, 100)),
                    ));
                }
            }),
        };
        let package_strictness = match raw.package_strictness {
            None => None,
            Some(p) => Some(match p.get_ref().as_str() {
                "default" => Strictness::Default,
                "ps" => Strictness::Ps,
                other => {
                    return Err(self.error(
                        p.span().start,
                        format!(
                            "unknown package-strictness `{}` (expected default or ps)",
                            abbreviate(other, 100)
                        ),
                    ));
                }
            }),
        };
        let mut severity = BTreeMap::new();
        for (rule, level) in raw.severity {
            if crate::rules::find(rule.get_ref()).is_none() {
                return Err(self.error(
                    rule.span().start,
                    format!(
                        "unknown rule `{}` (see `ppcert rules`)",
                        abbreviate(rule.get_ref(), 100)
                    ),
                ));
            }
            let level_value = match level.get_ref().as_str() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "info" => Severity::Info,
                other => {
                    return Err(self.error(
                        level.span().start,
                        format!(
                            "unknown severity `{}` (expected error, warning or info)",
                            abbreviate(other, 100)
                        ),
                    ));
                }
            };
            severity.insert(rule.get_ref().clone(), level_value);
        }
        Ok(RuleSettings {
            select: raw.select.map(|s| self.patterns(s)).transpose()?,
            extend_select: self.patterns(raw.extend_select)?,
            ignore: self.patterns(raw.ignore)?,
            profile,
            package_strictness,
            severity,
            fixable: raw.fixable.map(|s| self.patterns(s)).transpose()?,
            unfixable: self.patterns(raw.unfixable)?,
        })
    }
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = read_named_text(path, MAX_CONFIG_BYTES).map_err(|why| ConfigError {
            file: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!("the configuration {why}"),
        })?;
        Config::parse(path, &text)
    }

    /// The configuration in `text`, which is (or will be saved as) the file at `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let cx = Ctx {
            path,
            text,
            lines: LineIndex::new(text),
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            // The parser's message may quote the bad value, which can be huge.
            cx.error(
                e.span().map_or(0, |s| s.start),
                abbreviate(e.message().trim(), 300),
            )
        })?;
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = std::path::absolute(&root).unwrap_or(root);
        let overrides = raw
            .overrides
            .iter()
            .map(|o| {
                Ok(Override {
                    globs: cx.globs(&o.paths)?,
                    rules: cx.rules(o.rules())?,
                })
            })
            .collect::<Result<_, ConfigError>>()?;
        Ok(Config {
            path: path.to_path_buf(),
            root,
            rules: cx.rules(raw.rules())?,
            exclude: cx.globs(&raw.exclude)?,
            exclude_patterns: raw.exclude.iter().map(|g| g.get_ref().clone()).collect(),
            overrides,
            base: raw.base,
            words: raw.spelling.unwrap_or_default().words,
        })
    }

    /// The nearest config file at or above `dir`.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        Config::find_remembering(dir, &mut HashMap::new())
    }

    /// [`find`](Self::find) for many folders of one tree: `known` keeps the answer for every
    /// folder looked at, so that a thousand sibling connectors do not each look in every
    /// folder above them.
    pub fn find_remembering(
        dir: &Path,
        known: &mut HashMap<PathBuf, Option<PathBuf>>,
    ) -> Option<PathBuf> {
        let abs = std::path::absolute(dir).ok()?;
        crate::connector::nearest_above(&abs, known, None, |d| {
            FILE_NAMES
                .iter()
                .map(|n| d.join(n))
                .find(|p| p.is_file())
                .map(Some)
        })
    }

    fn relative(&self, folder: &Path) -> Option<PathBuf> {
        let abs = std::path::absolute(folder).ok()?;
        abs.strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }

    /// Whether the connector folder is excluded.
    pub fn is_excluded(&self, folder: &Path) -> bool {
        self.excluded_by(folder).is_some()
    }

    /// The first `exclude` pattern that matches the connector folder.
    pub fn excluded_by(&self, folder: &Path) -> Option<&str> {
        let rel = self.relative(folder)?;
        let first = *self.exclude.matches(&rel).first()?;
        self.exclude_patterns.get(first).map(String::as_str)
    }

    /// The settings for one connector folder: the top level, then each matching override in order,
    /// then the command line (`cli`) on top.
    pub fn effective(config: Option<&Config>, folder: &Path, cli: &RuleSettings) -> Effective {
        let mut levels: Vec<&RuleSettings> = Vec::new();
        let mut key = String::new();
        if let Some(c) = config {
            levels.push(&c.rules);
            key += &c.path.to_string_lossy();
            if let Some(rel) = c.relative(folder) {
                for (i, o) in c.overrides.iter().enumerate() {
                    if o.globs.is_match(&rel) {
                        levels.push(&o.rules);
                        key += &format!("#{i}");
                    }
                }
            }
        }
        levels.push(cli);
        let mut select: Option<Vec<String>> = None;
        let mut extend = Vec::new();
        let mut ignore = Vec::new();
        let mut profile = None;
        let mut package_strictness = None;
        let mut severity = BTreeMap::new();
        let mut fixable: Option<Vec<String>> = None;
        let mut unfixable = Vec::new();
        for level in levels {
            if let Some(f) = &level.fixable {
                fixable = Some(f.clone());
            }
            unfixable.extend(level.unfixable.iter().cloned());
            package_strictness = level.package_strictness.or(package_strictness);
            if let Some(s) = &level.select {
                select = Some(s.clone());
                extend.clear();
            }
            extend.extend(level.extend_select.iter().cloned());
            ignore.extend(level.ignore.iter().cloned());
            profile = level.profile.or(profile);
            severity.extend(level.severity.iter().map(|(k, v)| (k.clone(), *v)));
        }
        let selector = RuleSelector::from_known(select, extend, ignore);
        Effective {
            selector,
            severity,
            profile,
            package_strictness: package_strictness.unwrap_or_default(),
            fixes: FixSelector::new(fixable, unfixable),
            key,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_answers_are_those_of_a_fresh_search() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // a/ppcert.toml covers a/x and a/x/y; a/b/.ppcert.toml covers a/b/c; d/ has none of its
        // own (whatever is above the temporary folder decides it).
        for dir in ["a/x/y", "a/b/c", "d/e"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        std::fs::write(root.join("a/ppcert.toml"), "").unwrap();
        std::fs::write(root.join("a/b/.ppcert.toml"), "").unwrap();
        let folders = ["a/x/y", "a/b/c", "a/x", "a/b", "a", "d/e", "d", "a/b/c"];
        let mut known = HashMap::new();
        for order in [folders.to_vec(), folders.iter().rev().copied().collect()] {
            for f in order {
                let dir = root.join(f);
                assert_eq!(
                    Config::find_remembering(&dir, &mut known),
                    Config::find(&dir),
                    "{f}"
                );
            }
        }
        assert_eq!(
            Config::find(&root.join("a/x/y")),
            Some(root.join("a/ppcert.toml"))
        );
        assert_eq!(
            Config::find(&root.join("a/b/c")),
            Some(root.join("a/b/.ppcert.toml"))
        );
    }
}
