//! What `ppcert submit` prints: the plan of a dry run and the outcome of a submission.

use super::SubmitArgs;
use crate::connector::Profile;
use crate::submit::body;
use crate::submit::checklist::Checklist;
use crate::submit::{Change, ConnectorFolder, Fork, Options, Outcome, Plan};
use std::io::Write;

/// The check boxes as a plan shows them, and which template they come from.
pub(super) struct Attestations<'a> {
    pub checklist: &'a Checklist,
    /// 1-based numbers of the ticked boxes.
    pub ticked: &'a [usize],
    /// "the template on microsoft/PowerPlatformConnectors dev", ...
    pub source: &'a str,
}

pub(super) fn heading(out: &mut dyn Write, text: &str, color: bool) -> std::io::Result<()> {
    let style = anstyle::Style::new().bold();
    if color {
        writeln!(out, "{style}{text}{style:#}")
    } else {
        writeln!(out, "{text}")
    }
}

pub(super) fn write_folder(out: &mut dyn Write, folder: &ConnectorFolder) -> std::io::Result<()> {
    writeln!(out, "  folder:    {}", folder.repo_path())?;
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
    folder: &ConnectorFolder,
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
    let fork_state = match &plan.fork {
        Fork::Exists(_) => "exists",
        Fork::ToCreate(_) => "to be created",
    };
    writeln!(out, "  fork:      {} ({fork_state})", plan.fork.full_name())?;
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
    write_folder(out, folder)?;
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
        let items = plan.template.items().count();
        if items > 0 {
            writeln!(
                out,
                "  - tick the checklist items that are true on the pull request page (ppcert ticked only the ones you confirmed)"
            )?;
        }
    }
    Ok(())
}
