//! `lint`: targets → configuration → profile → rules (→ breaking changes with `--base`) →
//! severity overrides → baseline.

use super::auto;
use super::diff::{BaseVersion, base_versions, diff_linted, relocate_old_findings};
use super::targets::{self, Configured};
use super::{Failure, Notice, Request, Unjudged, check_patterns};
use crate::baseline::Baseline;
use crate::connector::profile::{from_path, infer, infer_beside};
use crate::connector::{Connector, JsonFile, Profile, ProfileChoice, ProfileReason, display_path};
use crate::diagnostic::Diagnostic;
use crate::diff::{DiffRuleSet, Reading};
use crate::lint::{Cores, RuleSet, lint_with, worker_count};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A lint run, planned: every target with its settings, and every input that cannot be judged.
pub struct LintRun {
    pub(super) jobs: Vec<Configured>,
    rule_sets: HashMap<String, RuleSet>,
    diff_sets: HashMap<String, DiffRuleSet>,
    /// Per job: the version to compare with (`None`: not compared).
    bases: Option<Vec<Option<BaseVersion>>>,
    baseline: Option<Mutex<(Baseline, PathBuf)>>,
    reading: Reading,
    profile_flag: bool,
    relocate_old: bool,
    shed_text: bool,
    overlay: super::Overlay,
    /// Inputs that could not be judged: the run must exit 2.
    pub unjudged: Vec<Unjudged>,
    /// How the run was shaped (paths excluded but named, …).
    pub notices: Vec<Notice>,
    /// Connector folders that a change deleted.
    pub deleted: Vec<String>,
    /// Connectors found inside the given trees but excluded by ppcert.toml.
    pub excluded: usize,
}

/// One connector as the rules saw it, handed to the front end's renderer on the worker thread
/// that linted it, while its files are still in memory.
pub struct Judged<'a> {
    pub connector: &'a Connector,
    /// Other text files findings may point into (a solution's XML and JSON files), as
    /// (display, text, lines): the connector's own files are in `connector`.
    pub files: Vec<(&'a str, &'a str, &'a crate::json::LineIndex)>,
    /// With `--base`: the old definition (removals point into it).
    pub old: Option<&'a JsonFile>,
    pub lint: &'a [Diagnostic],
    /// With `--base`: the breaking changes.
    pub changes: &'a [Diagnostic],
    pub profile: &'a ProfileChoice,
}

/// What one result is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Connector,
    /// A certification package, solution zip or unpacked solution, with its kind in words.
    Solution(&'static str),
}

/// One connector's result.
pub struct Linted<R> {
    /// The connector folder as shown to the user.
    pub connector: String,
    /// What was judged: a connector, or a solution input (whose own findings these are).
    pub unit: Unit,
    /// Why this input could not be judged (it then has no findings and is not counted).
    pub unjudged: Vec<Unjudged>,
    pub profile: ProfileChoice,
    /// Lint findings, then breaking changes.
    pub diagnostics: Vec<Diagnostic>,
    /// With `--base`: why the definition was not compared.
    pub note: Option<String>,
    /// Something about how this connector was judged that the user should know.
    pub notice: Option<Notice>,
    /// How many lint rules were run on it (selected and applying to its profile).
    pub rules: usize,
    pub rendered: R,
}

impl LintRun {
    pub fn plan(request: &Request) -> Result<LintRun, Failure> {
        check_patterns(&request.rules)?;
        let changed = match (&request.changed_since, &request.base) {
            (Some(rev), _) => Some((rev.as_str(), "--changed-since")),
            (None, Some(rev)) => Some((rev.as_str(), "--base")),
            (None, None) => None,
        };
        let paths: Vec<PathBuf> = match (changed, request.paths.is_empty()) {
            (None, true) => vec![PathBuf::from(".")],
            _ => request.paths.clone(),
        };
        let mut found = targets::find(&paths, changed)?;
        let mut notices = Vec::new();
        if let Some(shard) = request.shard {
            notices.push(targets::keep_shard(&mut found, shard));
        }
        let (jobs, excluded) = targets::configure(
            found.targets,
            &request.config,
            &request.rules,
            request.force_exclude,
            &request.overlay,
            &mut notices,
        )?;
        let mut rule_sets = HashMap::new();
        for job in &jobs {
            let e = &job.effective;
            rule_sets
                .entry(e.key.clone())
                .or_insert_with(|| RuleSet::new(&e.selector));
        }
        let bases = match &request.base {
            Some(rev) => Some(
                base_versions(jobs.iter().map(|j| &j.target), rev)?
                    .into_iter()
                    .map(Some)
                    .collect(),
            ),
            None if request.auto_base => {
                let auto = auto::bases(&jobs, &paths, &mut notices);
                found.deleted.extend(auto.deleted);
                auto.bases
            }
            None => None,
        };
        let mut diff_sets = HashMap::new();
        for (i, job) in jobs.iter().enumerate() {
            let e = &job.effective;
            if bases
                .as_ref()
                .is_some_and(|b: &Vec<Option<BaseVersion>>| b[i].is_some())
            {
                diff_sets
                    .entry(e.key.clone())
                    .or_insert_with(|| DiffRuleSet::new(&e.selector.for_diff()));
            }
        }
        let baseline = match &request.baseline {
            Some(path) => Some(Mutex::new(Baseline::load(path).map_err(Failure)?)),
            None => None,
        };
        Ok(LintRun {
            jobs,
            rule_sets,
            diff_sets,
            bases,
            baseline,
            reading: request.reading,
            profile_flag: request.rules.profile.is_some(),
            relocate_old: false,
            shed_text: false,
            overlay: request.overlay.clone(),
            unjudged: found.unjudged,
            notices,
            deleted: found.deleted,
            excluded,
        })
    }

    /// Removals found with `--base` point into `REF:path`, which GitHub annotations and SARIF
    /// viewers cannot open: move them to the top of the new file, quoting the old position.
    pub fn relocate_old_findings(&mut self, yes: bool) {
        self.relocate_old = yes;
    }

    /// Whether [`LintRun::run`] drops each finding's texts once `render` has run (see
    /// [`crate::diagnostic::Diagnostic::shed_text`]): for front ends that write only what was rendered.
    pub fn shed_text_after_render(&mut self, yes: bool) {
        self.shed_text = yes;
    }

    /// With a baseline, after [`LintRun::run`]: how many findings it suppressed and how many of
    /// its entries are stale.
    pub fn baseline_counts(&self) -> Option<crate::baseline::Counts> {
        let b = self.baseline.as_ref()?;
        Some(b.lock().unwrap_or_else(|e| e.into_inner()).0.counts())
    }

    /// The folders of the connectors to check (for `--watch`).
    pub fn folders(&self) -> impl Iterator<Item = &Path> {
        self.jobs.iter().map(|j| j.target.folder.as_path())
    }

    /// How many connectors will be checked.
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// Lints every connector in parallel; `render` runs on the worker, with the files in memory.
    pub fn run<R: Send>(&self, render: impl Fn(&Judged) -> R + Sync) -> Vec<Linted<R>> {
        self.run_each(render, |_| {})
    }

    /// [`run`](Self::run), handing each result to `each` on the calling thread, in the order of
    /// the jobs, as soon as it and every one before it are done: a front end writes the first
    /// connectors' findings while the last ones are still being linted, and can take their
    /// rendered text out (what is left is returned).
    pub fn run_each<R: Send>(
        &self,
        render: impl Fn(&Judged) -> R + Sync,
        mut each: impl FnMut(&mut Linted<R>),
    ) -> Vec<Linted<R>> {
        let units = |i: usize| {
            let job = &self.jobs[i];
            let mut units = match &job.target.solution {
                Some(source) => self.solution_units(job, source, &render),
                None => vec![self.one(i, job, &render)],
            };
            if self.shed_text {
                for d in units.iter_mut().flat_map(|u| &mut u.diagnostics) {
                    d.shed_text();
                }
            }
            units
        };
        let mut results = Vec::with_capacity(self.jobs.len());
        let mut hand_over = |mut done: Vec<Linted<R>>| {
            done.iter_mut().for_each(&mut each);
            results.append(&mut done);
        };
        if self.jobs.is_empty() {
            // Nothing to lint: no thread is started (a run that only reports unjudged inputs).
        } else if self.jobs.len() == 1 {
            hand_over(units(0));
        } else if rayon::current_thread_index().is_some() {
            // Called from a worker of the pool (a run inside another parallel run): the pool's
            // workers lint, each connector's two halves side by side, and everything is handed
            // over at the end.
            let all: Vec<Vec<Linted<R>>> =
                (0..self.jobs.len()).into_par_iter().map(units).collect();
            all.into_iter().for_each(&mut hand_over);
        } else {
            // Each thread takes the next job, so jobs finish about in order and few wait in
            // `pending` for an earlier one (rayon's halving of the range would hold back half).
            // The threads are the run's own, not the pool's: a pool worker that waits in
            // `rayon::join` takes up other tasks meanwhile, and a looping task taken up under a
            // connector's lint held that connector's findings back until every job was done.
            let next = std::sync::atomic::AtomicUsize::new(0);
            let (done_tx, done_rx) = std::sync::mpsc::channel();
            std::thread::scope(|scope| {
                for _ in 0..worker_count().min(self.jobs.len()) {
                    let (next, done_tx, units) = (&next, done_tx.clone(), &units);
                    scope.spawn(move || {
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            if i >= self.jobs.len() || done_tx.send((i, units(i))).is_err() {
                                break;
                            }
                        }
                    });
                }
                drop(done_tx);
                let mut pending = std::collections::BTreeMap::new();
                let mut wanted = 0;
                for (i, done) in done_rx {
                    pending.insert(i, done);
                    while let Some(done) = pending.remove(&wanted) {
                        hand_over(done);
                        wanted += 1;
                    }
                }
            });
        }
        crate::rules::util::spelling::speller().persist();
        results
    }

    /// A run of one job leaves the machine's other cores to its connector's lint; a longer one
    /// keeps them busy with other connectors.
    pub(super) fn cores(&self) -> Cores {
        if self.jobs.len() == 1 {
            Cores::Spare
        } else {
            Cores::Shared
        }
    }

    pub(super) fn rule_set(&self, job: &Configured) -> &RuleSet {
        &self.rule_sets[&job.effective.key]
    }

    /// With a baseline: drops the findings it records.
    pub(super) fn filter_baseline(&self, diags: &mut Vec<Diagnostic>) {
        if let Some(b) = &self.baseline {
            let (baseline, base) = &mut *b.lock().unwrap_or_else(|e| e.into_inner());
            baseline.filter(base, diags);
        }
    }

    /// The connector folder named with a package, when the run has exactly one: a package given
    /// with its PR folder (`ppcert lint contoso/ package.zip`) is compared with it.
    pub(super) fn lone_folder(&self) -> Option<&Path> {
        let mut folders = self
            .jobs
            .iter()
            .filter(|j| j.target.solution.is_none() && j.target.explicit.is_none());
        match (folders.next(), folders.next()) {
            (Some(one), None) => Some(one.target.folder.as_path()),
            _ => None,
        }
    }

    /// The profile `--profile`, ppcert.toml or the repository layout gives a job, if any: what
    /// decides before a connector's (or package's) files are read.
    pub(super) fn pinned_profile(&self, job: &Configured) -> Option<ProfileChoice> {
        if let Some(profile) = job.effective.profile {
            let reason = match (&job.config, self.profile_flag) {
                (_, true) | (None, _) => ProfileReason::Flag,
                (Some(c), false) => ProfileReason::Config(display_path(&c.path)),
            };
            return Some(ProfileChoice { profile, reason });
        }
        from_path(&job.target.folder).map(|(profile, folder)| ProfileChoice {
            profile,
            reason: ProfileReason::Path(folder.into()),
        })
    }

    fn profile_of(&self, job: &Configured, connector: &Connector) -> ProfileChoice {
        if let Some(pinned) = self.pinned_profile(job) {
            return pinned;
        }
        let (profile, why) = match (&connector.swagger, &connector.props) {
            (Some(definition), None) if connector.single_file => infer_beside(definition),
            _ => infer(connector),
        };
        ProfileChoice {
            profile,
            reason: ProfileReason::Inferred(why),
        }
    }

    /// Lints every connector and keeps it in memory with its result: for front ends that work
    /// on one connector (`convert --lint`, `submit`), not for trees.
    pub fn run_keeping(&self) -> Vec<(Connector, Linted<()>)> {
        self.jobs
            .par_iter()
            .enumerate()
            .filter(|(_, job)| job.target.solution.is_none())
            .map(|(i, job)| {
                let mut c = self.check(i, job);
                let linted = Linted {
                    connector: c.connector.display.clone(),
                    unit: Unit::Connector,
                    unjudged: Vec::new(),
                    profile: c.profile,
                    diagnostics: std::mem::take(&mut c.lint),
                    note: c.note,
                    notice: c.notice,
                    rules: rules_run(job, c.connector.profile),
                    rendered: (),
                };
                let mut linted = linted;
                linted.diagnostics.extend(c.changes);
                (c.connector, linted)
            })
            .collect()
    }

    fn one<R>(&self, i: usize, job: &Configured, render: &impl Fn(&Judged) -> R) -> Linted<R> {
        let Checked {
            connector,
            old,
            mut lint,
            changes,
            profile,
            note,
            notice,
        } = self.check(i, job);
        let rendered = render(&Judged {
            connector: &connector,
            files: Vec::new(),
            old: old.as_ref(),
            lint: &lint,
            changes: &changes,
            profile: &profile,
        });
        lint.extend(changes);
        Linted {
            connector: connector.display.clone(),
            unit: Unit::Connector,
            unjudged: Vec::new(),
            rules: rules_run(job, profile.profile),
            profile,
            diagnostics: lint,
            note,
            notice,
            rendered,
        }
    }

    fn check(&self, i: usize, job: &Configured) -> Checked {
        let mut connector = Connector::load_with(&job.target, Some(Profile::Custom), &self.overlay);
        let profile = self.profile_of(job, &connector);
        connector.profile = profile.profile;
        if let Some(config) = &job.config {
            connector.words = config.words.clone();
        }
        let notice = looks_like_submission(&connector, &profile);
        let mut lint = lint_with(
            &connector,
            &self.rule_sets[&job.effective.key],
            self.cores(),
        );
        let (mut changes, note, old) = match self.bases.as_ref().and_then(|b| b[i].as_ref()) {
            Some(base) => diff_linted(
                &connector,
                &lint,
                base,
                &self.diff_sets[&job.effective.key],
                self.reading,
            ),
            None => (Vec::new(), None, None),
        };
        if self.relocate_old
            && let Some(new) = &connector.swagger
        {
            relocate_old_findings(&mut changes, &new.display);
        }
        for d in lint.iter_mut().chain(changes.iter_mut()) {
            if let Some(s) = job.effective.severity.get(d.rule) {
                d.severity = *s;
            }
            if d.fix.is_some() && !job.effective.fix_allowed(d.rule) {
                d.fix = None;
            }
        }
        if let Some(b) = &self.baseline {
            let (baseline, base) = &mut *b.lock().unwrap_or_else(|e| e.into_inner());
            baseline.filter(base, &mut lint);
            baseline.filter(base, &mut changes);
            let diffed = self.bases.as_ref().is_some_and(|b| b[i].is_some()) && note.is_none();
            baseline.judge(base, &connector, &job.effective.selector, diffed);
        }
        Checked {
            connector,
            old,
            lint,
            changes,
            profile,
            note,
            notice,
        }
    }
}

/// How many lint rules run on a connector of `profile` with the job's selection.
pub(super) fn rules_run(job: &Configured, profile: Profile) -> usize {
    crate::rules::all()
        .iter()
        .filter(|e| {
            e.check.is_some()
                && e.meta.is_linted()
                && e.meta.applies_to(profile)
                && job.effective.selector.is_selected(&e.meta)
        })
        .count()
}

/// One connector, checked.
struct Checked {
    connector: Connector,
    old: Option<JsonFile>,
    lint: Vec<Diagnostic>,
    changes: Vec<Diagnostic>,
    profile: ProfileChoice,
    note: Option<String>,
    notice: Option<Notice>,
}

/// A connector under `custom-connectors/` whose files point to a submission is judged leniently
/// where the author probably wants the certification rules: say so, and how to pin the profile.
fn looks_like_submission(connector: &Connector, chosen: &ProfileChoice) -> Option<Notice> {
    if chosen.profile != Profile::Custom || !matches!(chosen.reason, ProfileReason::Path(_)) {
        return None;
    }
    let (inferred, why) = infer(connector);
    if inferred == Profile::Custom {
        return None;
    }
    Some(Notice {
        path: connector.display.clone(),
        message: format!(
            "linted as custom (from path: custom-connectors/), but it looks like a submission ({why}): \
             if it is meant for {}, move it or pin the profile in ppcert.toml: \
             [[overrides]] paths = [\"{}\"] profile = \"{}\"",
            inferred.as_str(),
            connector.display,
            inferred.as_str()
        ),
    })
}
