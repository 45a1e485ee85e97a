//! Lint for solution inputs: a certification package, a solution zip or an unpacked solution
//! becomes one result for its own findings (archives, package, solutions, flows, secrets) and
//! one per connector it carries, judged by the connector rules.

use super::Unjudged;
use super::lint::{Judged, LintRun, Linted, Unit, rules_run};
use super::targets::Configured;
use crate::connector::profile::infer;
use crate::connector::{
    Connector, Profile, ProfileChoice, ProfileReason, SolutionSource, Target, display_path,
    is_connector_marker,
};
use crate::diagnostic::Diagnostic;
use crate::lint::{lint_solution, lint_with};
use crate::solution::archive::Limits;
use crate::solution::{self, Input, InputKind};
use std::path::Path;

impl LintRun {
    /// Every result of one solution input, each rendered on this worker.
    pub(super) fn solution_units<R>(
        &self,
        job: &Configured,
        source: &SolutionSource,
        render: &impl Fn(&Judged) -> R,
    ) -> Vec<Linted<R>> {
        let path = match source {
            SolutionSource::Zip(p) | SolutionSource::Unpacked(p) | SolutionSource::GitYaml(p) => p,
        };
        let display = display_path(path);
        let refused = |message: String| {
            let profile = ProfileChoice {
                profile: Profile::Custom,
                reason: ProfileReason::Default("an input that could not be read".into()),
            };
            vec![Linted {
                connector: display.clone(),
                unit: Unit::Solution("solution input"),
                unjudged: vec![Unjudged {
                    path: display.clone(),
                    message,
                }],
                profile,
                diagnostics: Vec::new(),
                note: None,
                notice: None,
                rules: 0,
                rendered: render(&Judged {
                    connector: &placeholder(path, &display),
                    files: Vec::new(),
                    old: None,
                    lint: &[],
                    changes: &[],
                    profile: &ProfileChoice {
                        profile: Profile::Custom,
                        reason: ProfileReason::Default(String::new()),
                    },
                }),
            }]
        };
        let mut input = match source {
            SolutionSource::GitYaml(_) => {
                return refused(format!(
                    "`{display}` is Dataverse Git integration source (YAML), which ppcert does not read: \
                     export the solution (`pac solution export`) or unpack it with `pac solution unpack` and lint that"
                ));
            }
            SolutionSource::Zip(p) => match solution::read_zip_file(p) {
                Ok(bytes) => solution::load_zip(p, display.clone(), bytes, &Limits::default()),
                Err(why) => return refused(format!("`{display}` {why}")),
            },
            SolutionSource::Unpacked(p) => solution::load_dir(p, p, display.clone()),
        };
        if let Some(why) = not_a_solution(&input) {
            return refused(why);
        }

        let folder = pr_folder(&input, &job.target.folder)
            .or_else(|| pr_folder(&input, self.lone_folder()?));
        let profile = self.solution_profile(job, &input, folder.as_ref());
        let strictness = job.effective.package_strictness;
        let set = self.rule_set(job);
        let mut own = lint_solution(&input, set, profile.profile, strictness, folder.as_ref());
        self.override_severity(job, &mut own);
        self.filter_baseline(&mut own);

        // Content the reader refused to open for safety is judged only through its zip-* rule.
        let mut unjudged = Vec::new();
        for level in &input.archives {
            for issue in &level.archive.issues {
                let rule = issue.kind.rule();
                if !set.runs_on_solutions(profile.profile, rule) {
                    unjudged.push(Unjudged {
                        path: level.archive.display.clone(),
                        message: format!(
                            "{} ({rule} is not selected, so this part of the input was not judged)",
                            issue.message
                        ),
                    });
                }
            }
        }
        for deep in &input.too_deep {
            if !set.runs_on_solutions(profile.profile, "zip-depth") {
                unjudged.push(Unjudged {
                    path: deep.clone(),
                    message: format!(
                        "`{deep}` is nested deeper than a package's solutions and was not opened"
                    ),
                });
            }
        }

        let kind = input.kind.describe();
        let mut results = Vec::new();
        {
            let files = input_files(&input);
            let placeholder = placeholder(path, &display);
            let rendered = render(&Judged {
                connector: &placeholder,
                files,
                old: None,
                lint: &own,
                changes: &[],
                profile: &profile,
            });
            results.push(Linted {
                connector: display.clone(),
                unit: Unit::Solution(kind),
                unjudged,
                profile: profile.clone(),
                diagnostics: own,
                note: None,
                notice: None,
                rules: solution_rules_run(job, profile.profile),
                rendered,
            });
        }

        // The connectors: those of the connector solution in a package (the flow solution's
        // copy is compared by pkg-connector-identity), every one elsewhere.
        // The package's intro.md goes with the connector it introduces, for the intro rules.
        let mut intro = input.package.as_mut().and_then(|p| p.intro.take());
        let Input {
            solutions,
            sources,
            path: input_path,
            kind: input_kind,
            ..
        } = &mut input;
        for sol in solutions.iter_mut() {
            if *input_kind == InputKind::Package && sol.has_workflows() {
                continue;
            }
            for c in sol.connectors.iter_mut() {
                let (mut connector, relocation) =
                    solution::connectors::to_connector(c, input_path, profile.profile);
                connector.intro = intro.take();
                let mut diags = lint_with(&connector, set, self.cores());
                relocation.apply(&mut diags, sources);
                self.override_severity(job, &mut diags);
                self.filter_baseline(&mut diags);
                diags.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
                let mut files: Vec<_> = relocation.files().collect();
                files.extend(sources.texts());
                let rendered = render(&Judged {
                    connector: &connector,
                    files,
                    old: None,
                    lint: &diags,
                    changes: &[],
                    profile: &profile,
                });
                results.push(Linted {
                    connector: connector.display.clone(),
                    unit: Unit::Connector,
                    unjudged: Vec::new(),
                    profile: profile.clone(),
                    diagnostics: diags,
                    note: None,
                    notice: None,
                    rules: rules_run(job, profile.profile),
                    rendered,
                });
            }
        }
        results
    }

    fn override_severity(&self, job: &Configured, diags: &mut [Diagnostic]) {
        for d in diags {
            if let Some(s) = job.effective.severity.get(d.rule) {
                d.severity = *s;
            }
            if d.fix.is_some() && !job.effective.fix_allowed(d.rule) {
                d.fix = None;
            }
        }
    }

    /// `--profile` or ppcert.toml; else the repository layout; else, for a package, the
    /// connector folder beside it or certification; for a solution, custom.
    fn solution_profile(
        &self,
        job: &Configured,
        input: &Input,
        folder: Option<&Connector>,
    ) -> ProfileChoice {
        if let Some(pinned) = self.pinned_profile(job) {
            return pinned;
        }
        if input.kind != InputKind::Package {
            return ProfileChoice {
                profile: Profile::Custom,
                reason: ProfileReason::Default(format!(
                    "{} outside a certification package",
                    input.kind.with_article()
                )),
            };
        }
        if let Some(c) = folder {
            let (profile, why) = infer(c);
            if profile != Profile::Custom {
                return ProfileChoice {
                    profile,
                    reason: ProfileReason::Inferred(format!(
                        "the connector folder beside the package: {why}"
                    )),
                };
            }
        }
        ProfileChoice {
            profile: Profile::Certified,
            reason: ProfileReason::Inferred(
                "a certification package (for an independent publisher's, use --profile independent-publisher)".into(),
            ),
        }
    }
}

/// How many solution rules run under `profile` with the job's selection.
fn solution_rules_run(job: &Configured, profile: Profile) -> usize {
    crate::rules::all()
        .iter()
        .filter(|e| {
            e.solution.is_some()
                && e.meta.is_linted()
                && e.meta.applies_to(profile)
                && job.effective.selector.is_selected(&e.meta)
        })
        .count()
}

/// Why a zip named on the command line is neither a solution nor a package (§1.6 step 5).
fn not_a_solution(input: &Input) -> Option<String> {
    if input.kind != InputKind::SolutionZip {
        return None;
    }
    let sol = input.solutions.first()?;
    // An archive with problems is judged: its zip-* findings say what is wrong with it (the
    // solution files may lie past an entry limit, or in a part that could not be read).
    if input.archives.iter().any(|a| !a.archive.issues.is_empty())
        || sol.wrapper.is_some()
        || sol.missing_root_files.len() < 3
    {
        return None;
    }
    let mut root: Vec<String> = sol.tree.root_files().map(|e| e.path.clone()).collect();
    root.extend(sol.tree.root_folders().into_iter().map(|f| format!("{f}/")));
    root.truncate(12);
    Some(format!(
        "`{}` is neither a Dataverse solution (no solution.xml and customizations.xml at its root) nor a \
         certification package (no intro.md and package zip at its root); its root holds: {}",
        input.display,
        if root.is_empty() {
            "nothing".to_owned()
        } else {
            root.join(", ")
        }
    ))
}

/// The connector's PR folder a package sits in (where independent publishers commit it) or
/// was named with.
fn pr_folder(input: &Input, folder: &Path) -> Option<Connector> {
    if input.kind != InputKind::Package {
        return None;
    }
    let is_connector = std::fs::read_dir(folder)
        .ok()?
        .flatten()
        .any(|e| is_connector_marker(&e.file_name().to_string_lossy()));
    is_connector.then(|| {
        Connector::load(
            &Target {
                folder: folder.to_path_buf(),
                explicit: None,
                solution: None,
            },
            Some(Profile::Custom),
        )
    })
}

/// The text files of an input that its own findings can point into.
fn input_files(input: &Input) -> Vec<(&str, &str, &crate::json::LineIndex)> {
    let mut files: Vec<_> = input.sources.texts().collect();
    for sol in &input.solutions {
        let jsons = sol
            .flows
            .iter()
            .map(|f| &f.file)
            .chain(&sol.environment_values)
            .chain(&sol.connection_instances)
            .chain(sol.connectors.iter().flat_map(|c| {
                [
                    &c.connection_parameters,
                    &c.parameter_sets,
                    &c.policy_templates,
                    &c.swagger,
                ]
                .into_iter()
                .flatten()
            }));
        for f in jsons {
            if let (Some(text), Some(lines)) = (f.text(), f.lines()) {
                files.push((f.display.as_str(), text, lines));
            }
        }
    }
    files
}

/// A connector with no files, standing for a solution input in the renderers.
fn placeholder(path: &Path, display: &str) -> Connector {
    let mut c = Connector::empty(
        path.to_path_buf(),
        display.to_owned(),
        display.to_owned(),
        Profile::Custom,
    );
    c.in_solution = true;
    c
}
