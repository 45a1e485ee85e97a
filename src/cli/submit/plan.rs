//! What `ppcert submit` prints: the plan of a dry run (complete, or made without GitHub and
//! saying what it could not check) and the outcome of a submission.

use super::SubmitArgs;
use crate::connector::Profile;
use crate::submit::body::{self, LintFacts};
use crate::submit::checklist::Checklist;
use crate::submit::{Change, ConnectorFolder, Fork, Known, Options, Outcome, Plan};
use std::io::Write;

/// The connector as it is submitted, and why it goes to its folder upstream.
pub(super) struct Submission<'a> {
    pub folder: &'a ConnectorFolder,
    pub lint: &'a LintFacts,
    /// Why the connector has its profile (which decides the folder): "from the path", ...
    pub profile_reason: &'a str,
}

/// The check boxes as a plan shows them, and which template they come from.
pub(super) struct Attestations<'a> {
    pub checklist: &'a Checklist,
    /// 1-based numbers of the ticked boxes.
    pub ticked: &'a [usize],
    /// "the template on microsoft/PowerPlatformConnectors dev", ...
    pub source: &'a str,
}

/// Why a plan was made without (part of) GitHub.
pub(super) enum Offline {
    /// No token was found: GitHub was not asked.
    NoToken,
    /// GitHub stopped answering; the message says where (never with the token).
    Unreachable(String),
}

impl Offline {
    fn short(&self) -> &'static str {
        match self {
            Offline::NoToken => "no token, GitHub was not asked",
            Offline::Unreachable(_) => "GitHub could not be reached",
        }
    }
}

pub(super) fn heading(out: &mut dyn Write, text: &str, color: bool) -> std::io::Result<()> {
    let style = anstyle::Style::new().bold();
    if color {
        writeln!(out, "{style}{text}{style:#}")
    } else {
        writeln!(out, "{text}")
    }
}

fn write_folder(out: &mut dyn Write, s: &Submission<'_>) -> std::io::Result<()> {
    let folder = s.folder;
    writeln!(
        out,
        "  folder:    {} (profile `{}`, {})",
        folder.repo_path(),
        folder.profile.as_str(),
        s.profile_reason
    )?;
    if folder.profile == Profile::Custom {
        writeln!(
            out,
            "  note:      custom-connectors/ holds samples, which Microsoft never certifies or publishes; a submission asks before it targets it (without a terminal it needs --target custom-connectors)"
        )?;
    }
    writeln!(out, "  files:")?;
    let width = folder.files.iter().map(|f| f.name.len()).max().unwrap_or(0);
    for f in &folder.files {
        writeln!(out, "    {:<width$}  {:>8} bytes", f.name, f.size)?;
    }
    if !folder.left_out.is_empty() {
        writeln!(out, "  left out:")?;
        for l in &folder.left_out {
            writeln!(out, "    {}: {}", l.name, l.reason)?;
        }
    }
    Ok(())
}

fn write_lint(out: &mut dyn Write, s: &Submission<'_>) -> std::io::Result<()> {
    let lint = s.lint;
    let overridden = if lint.forced && lint.errors > 0 {
        " (overridden with --force)"
    } else {
        ""
    };
    writeln!(
        out,
        "  lint:      {}{overridden}, {} ({} of the `{}` profile)",
        body::count(lint.errors, "error"),
        body::count(lint.warnings, "warning"),
        body::count(lint.rules, "rule"),
        s.folder.profile.as_str()
    )
}

fn write_attestations(out: &mut dyn Write, a: &Attestations<'_>) -> std::io::Result<()> {
    if a.checklist.is_empty() {
        return writeln!(
            out,
            "  attestations: none ({} has no check boxes)",
            a.source
        );
    }
    writeln!(
        out,
        "  attestations (from {}; tick with --attest NAME,... or --attest all; on a terminal ppcert asks):",
        a.source
    )?;
    for (i, item) in a.checklist.items().iter().enumerate() {
        let mark = if a.ticked.contains(&(i + 1)) {
            "x"
        } else {
            " "
        };
        writeln!(out, "    [{mark}] {}: {}", item.key, item.label)?;
    }
    Ok(())
}

pub(super) fn write_plan(
    out: &mut dyn Write,
    s: &Submission<'_>,
    plan: &Plan,
    opts: &Options,
    attest: &Attestations<'_>,
    body: &str,
    color: bool,
) -> std::io::Result<()> {
    heading(
        out,
        "Submission plan (dry run: nothing was written on GitHub)",
        color,
    )?;
    writeln!(
        out,
        "  upstream:  {}, base {} at {}",
        plan.upstream.full_name,
        plan.base_branch,
        crate::submit::short(&plan.upstream_tip)
    )?;
    writeln!(
        out,
        "  fork:      {} ({})",
        plan.fork.full_name(),
        fork_state(&plan.fork)
    )?;
    for (branch, pull) in &plan.skipped_branches {
        writeln!(
            out,
            "  skipped:   {branch} (its pull request #{} is {})",
            pull.number,
            state_word(pull.state)
        )?;
    }
    let branch_state = if plan.branch_exists {
        "exists on the fork"
    } else {
        "new, from upstream's tip"
    };
    writeln!(out, "  branch:    {} ({branch_state})", plan.branch)?;
    write_folder(out, s)?;
    writeln!(
        out,
        "  connector: {}",
        if plan.updates_existing {
            "update of a folder upstream already has"
        } else {
            "new (upstream has no folder of that name)"
        }
    )?;
    match &plan.change {
        Change::UpToDate { tip } => writeln!(
            out,
            "  commit:    none: the branch ({}) already holds this folder",
            crate::submit::short(tip)
        )?,
        Change::Commit {
            commit,
            parent,
            paths,
        } => {
            writeln!(
                out,
                "  commit:    {} on {} ({})",
                crate::submit::short(commit),
                crate::submit::short(parent),
                body::count(paths.len(), "file")
            )?;
            for (status, path) in paths {
                writeln!(out, "    {status} {path}")?;
            }
        }
    }
    match &plan.pull {
        Some(p) => writeln!(
            out,
            "  pull request: #{} {} (open; {})",
            p.number,
            p.html_url,
            if opts.update_body {
                "title and body rewritten"
            } else {
                "left as it is"
            }
        )?,
        None => writeln!(
            out,
            "  pull request: new, {}:{} into {}:{}",
            plan.login, plan.branch, plan.upstream.owner, plan.base_branch
        )?,
    }
    writeln!(out, "  title:     {}", plan.title)?;
    write_lint(out, s)?;
    let writes = plan.writes(opts);
    if writes.is_empty() {
        writeln!(out, "  writes:    none (up to date)")?;
    } else {
        writeln!(out, "  writes it would do:")?;
        for w in writes {
            writeln!(out, "    {w}")?;
        }
    }
    write_attestations(out, attest)?;
    if plan.writes_body(opts) {
        writeln!(out, "Body:")?;
        writeln!(out, "{body}")?;
    }
    Ok(())
}

/// What a dry run without (part of) GitHub can say: everything decided offline, what GitHub
/// had answered before it stopped, and one `not checked:` line for each thing it could not.
pub(super) struct OfflinePlan<'a> {
    pub args: &'a SubmitArgs,
    pub known: &'a Known,
    pub why: &'a Offline,
    /// The connector folder's tree id, computed in memory.
    pub tree: String,
    pub title: String,
    /// `--attest` names the template in use lacks, while upstream's current one may have them.
    pub unresolved: &'a [String],
}

pub(super) fn write_offline_plan(
    out: &mut dyn Write,
    s: &Submission<'_>,
    p: &OfflinePlan<'_>,
    attest: &Attestations<'_>,
    body: &str,
    color: bool,
) -> std::io::Result<()> {
    let args = p.args;
    let known = p.known;
    heading(
        out,
        &format!(
            "Submission plan (dry run, incomplete: {}; nothing was written)",
            p.why.short()
        ),
        color,
    )?;
    let upstream = known.upstream.as_deref().unwrap_or(&args.upstream);
    match &known.upstream_tip {
        Some(tip) => writeln!(
            out,
            "  upstream:  {upstream}, base {} at {}",
            args.base_branch,
            crate::submit::short(tip)
        )?,
        None => writeln!(out, "  upstream:  {upstream} (base {})", args.base_branch)?,
    }
    if let Some(fork) = &known.fork {
        writeln!(
            out,
            "  fork:      {} ({})",
            fork.full_name(),
            fork_state(fork)
        )?;
    }
    let slug = crate::submit::folder::branch_slug(&s.folder.name);
    writeln!(
        out,
        "  branch:    {slug} (unless an earlier pull request from it was merged or closed: then {slug}-2, ...)"
    )?;
    write_folder(out, s)?;
    if let Some(update) = known.updates_existing {
        writeln!(
            out,
            "  connector: {}",
            if update {
                "update of a folder upstream already has"
            } else {
                "new (upstream has no folder of that name)"
            }
        )?;
    }
    writeln!(
        out,
        "  tree:      {} (the folder as it would be committed)",
        p.tree
    )?;
    writeln!(out, "  title:     {}", p.title)?;
    write_lint(out, s)?;
    write_attestations(out, attest)?;
    writeln!(out, "Body (as it would be opened):")?;
    writeln!(out, "{body}")?;

    let checked = checked_lines(p);
    if !checked.is_empty() {
        writeln!(out, "Checked with GitHub before it stopped answering:")?;
        for line in &checked {
            writeln!(out, "  checked: {line}")?;
        }
    }
    let unchecked = unchecked_lines(s, p);
    match p.why {
        Offline::NoToken => writeln!(
            out,
            "Not checked, because there is no GitHub token (set GITHUB_TOKEN or GH_TOKEN, or name a variable with --token-env):"
        )?,
        Offline::Unreachable(reason) => writeln!(
            out,
            "Not checked, because GitHub could not be reached ({reason}):"
        )?,
    }
    for line in &unchecked {
        writeln!(out, "  not checked: {line}")?;
    }
    let lint = if s.lint.errors == 0 {
        "The lint found no errors".to_owned()
    } else {
        format!(
            "The lint found {} (overridden with --force)",
            body::count(s.lint.errors, "error")
        )
    };
    writeln!(
        out,
        "Plan incomplete: {} not checked. {lint}, and the plan above is what ppcert can decide offline; whether GitHub accepts the submission is not known yet.",
        body::count(unchecked.len(), "thing")
    )?;
    Ok(())
}

fn checked_lines(p: &OfflinePlan<'_>) -> Vec<String> {
    let known = p.known;
    let mut lines = Vec::new();
    if let Some(login) = &known.login {
        lines.push(format!("the token: GitHub accepted it for {login}"));
    }
    if let Some(up) = &known.upstream {
        lines.push(format!("the upstream repository {up} exists"));
    }
    if let Some(fork) = &known.fork {
        lines.push(format!(
            "your fork {} ({})",
            fork.full_name(),
            fork_state(fork)
        ));
    }
    if let Some(tip) = &known.upstream_tip {
        lines.push(format!(
            "{} fetched at {}",
            p.args.base_branch,
            crate::submit::short(tip)
        ));
    }
    if known.template.is_some() {
        lines.push(format!(
            "the pull-request template on {} (its check boxes are the ones above)",
            p.args.base_branch
        ));
    }
    lines
}

fn unchecked_lines(s: &Submission<'_>, p: &OfflinePlan<'_>) -> Vec<String> {
    let (known, args) = (p.known, p.args);
    let base = &args.base_branch;
    let mut lines = Vec::new();
    if known.login.is_none() {
        lines.push(
            "the token: whether GitHub accepts it and it has the `public_repo` scope".to_owned(),
        );
    }
    if known.upstream.is_none() {
        lines.push(format!(
            "the upstream repository {}: whether it exists and can be read",
            args.upstream
        ));
    }
    if known.fork.is_none() {
        lines.push(
            "your fork: whether it exists, or would be created, and that it is a fork of upstream"
                .to_owned(),
        );
    }
    if known.upstream_tip.is_none() {
        lines.push(format!(
            "upstream's {base} tip: the commit ppcert would build on it and the files it would change"
        ));
    }
    if known.updates_existing.is_none() {
        lines.push(format!(
            "whether {base} already has {} (a new connector or an update), or a folder whose name differs only in case",
            s.folder.repo_path()
        ));
    }
    lines.push(
        "the branch on your fork and its pull requests: whether one is open (reused), merged or closed (a new branch)"
            .to_owned(),
    );
    if known.template.is_none() {
        lines.push(format!(
            "the pull-request template on {base}: the check boxes above are ppcert's bundled copy's, and upstream's may differ"
        ));
    }
    for name in p.unresolved {
        lines.push(format!(
            "--attest {name}: ppcert's bundled copy of the template has no such box; whether the template on {base} has it"
        ));
    }
    lines
}

fn fork_state(fork: &Fork) -> &'static str {
    match fork {
        Fork::Exists(_) => "exists",
        Fork::ToCreate(_) => "to be created",
    }
}

fn state_word(state: crate::submit::PullState) -> &'static str {
    match state {
        crate::submit::PullState::Open => "open",
        crate::submit::PullState::Closed => "closed",
        crate::submit::PullState::Merged => "merged",
    }
}

pub(super) fn write_outcome(
    out: &mut dyn Write,
    args: &SubmitArgs,
    folder: &ConnectorFolder,
    plan: &Plan,
    outcome: &Outcome,
    color: bool,
) -> std::io::Result<()> {
    let url = &outcome.pull.html_url;
    if args.quiet {
        return writeln!(out, "{url}");
    }
    let green = anstyle::AnsiColor::Green.on_default().bold();
    let paint = |text: &str| {
        if color {
            format!("{green}{text}{green:#}")
        } else {
            text.to_owned()
        }
    };
    match (&plan.change, outcome.created, outcome.body_updated) {
        (Change::UpToDate { .. }, false, false) => writeln!(
            out,
            "{} {}:{} already holds {}; nothing pushed, pull request #{} left as it is.",
            paint("Up to date:"),
            plan.login,
            plan.branch,
            folder.repo_path(),
            outcome.pull.number
        )?,
        (change, created, _) => {
            let what = match change {
                Change::Commit { commit, paths, .. } => format!(
                    "pushed {} to {}:{} ({})",
                    crate::submit::short(commit),
                    plan.login,
                    plan.branch,
                    body::count(paths.len(), "file")
                ),
                Change::UpToDate { .. } => {
                    format!("{}:{} was already up to date", plan.login, plan.branch)
                }
            };
            let pr = if created {
                format!("opened pull request #{}", outcome.pull.number)
            } else if outcome.body_updated {
                format!(
                    "rewrote the title and body of pull request #{}",
                    outcome.pull.number
                )
            } else {
                format!(
                    "pull request #{} left as it is (GitHub shows the new commit)",
                    outcome.pull.number
                )
            };
            writeln!(out, "{} {what}; {pr}.", paint("Submitted:"))?;
        }
    }
    writeln!(out, "  {url}")?;
    if !folder.left_out.is_empty() {
        writeln!(out, "Left out of the pull request:")?;
        for l in &folder.left_out {
            writeln!(out, "  - {}: {}", l.name, l.reason)?;
        }
    }
    if outcome.created {
        writeln!(out, "Next:")?;
        if folder.profile == Profile::IndependentPublisher {
            writeln!(
                out,
                "  - paste screenshots into the pull request description: three operations working in a flow, the flow succeeding, and the connector's Test operations page"
            )?;
        }
        writeln!(
            out,
            "  - first pull request to {}? Microsoft's CLA bot will ask you to comment `@microsoft-github-policy-service agree`",
            plan.upstream.full_name
        )?;
        if folder.profile == Profile::Certified {
            writeln!(
                out,
                "  - after the merge, submit the merged commit and your icon through the certification portal"
            )?;
        }
        if plan.template.items().next().is_some() {
            writeln!(
                out,
                "  - tick the checklist items that are true on the pull request page (ppcert ticked only the ones you confirmed)"
            )?;
        }
    }
    Ok(())
}
