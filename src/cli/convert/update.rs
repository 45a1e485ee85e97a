//! `ppcert convert INPUT --update PREVIOUS --out DIR`: the conversion laid under the previous
//! version's author edits (`crate::convert::update`), written, compared and reported.
//!
//! Exit codes, as `ppcert diff` and `convert` have them: 2 when nothing could be written (an
//! unusable input or previous folder, a folder that cannot be written); 1 when the conversion,
//! the comparison (a breaking change: an error of Microsoft's change validator's reading) or
//! `--lint` found errors (or warnings, with `--deny-warnings`); 0 otherwise.

use super::super::{EXIT_FAILURE, print_error, print_warning};
use super::{
    ConvertArgs, count, exit_for, format_of, lint_line, lint_output, options, plural, read_input,
    unreadable,
};
use crate::connector::display_path;
use crate::convert;
use crate::convert::update::{self, Previous, Report, Update};
use crate::diagnostic::Diagnostic;
use crate::json::LineIndex;
use crate::report::{self, Format};
use std::io::Write;
use std::path::Path;

pub fn run(args: &ConvertArgs, previous_path: &Path, color: bool) -> u8 {
    let format = format_of(args);
    let previous = match Previous::read(previous_path, &args.out) {
        Ok(p) => p,
        Err(message) => {
            print_error(color, &message);
            return EXIT_FAILURE;
        }
    };
    let profile = args
        .profile
        .unwrap_or_else(|| update::profile(&args.out, &previous));
    let input_display = display_path(&args.input);
    let folder_display = display_path(&args.out);
    let text = match read_input(&args.input) {
        Ok(t) => t,
        Err(message) => {
            let d = unreadable(&input_display, &folder_display, profile, message);
            render(args, format, color, &Rendered::only(&[d]));
            return EXIT_FAILURE;
        }
    };
    let opts = options(&args.input, &input_display, &folder_display, profile, &text);
    let conversion = convert::convert(&text, &opts);
    let input_lines = LineIndex::new(&text);
    let sources = [report::Source {
        name: input_display.as_str(),
        text: text.as_str(),
        lines: &input_lines,
    }];
    let Some(output) = conversion.output else {
        let r = Rendered {
            sources: &sources,
            ..Rendered::only(&conversion.diagnostics)
        };
        render(args, format, color, &r);
        return EXIT_FAILURE;
    };
    let in_place = update::is_same_folder(&args.out, &previous.folder);
    let uopts = update::Options {
        out: &args.out,
        in_place,
        profile,
    };
    let mut updated = update::update(&output, &previous, &uopts);
    // In place, removals point into `previous:path`, which GitHub and SARIF viewers cannot open.
    if in_place && matches!(format, Format::Github | Format::Sarif) {
        let new_display = updated.new_file.display.clone();
        crate::workspace::relocate_old_findings(&mut updated.breaking, &new_display);
    }
    let converted: Vec<Diagnostic> = conversion
        .diagnostics
        .into_iter()
        .filter(|d| !updated.supersedes(d))
        .collect();
    match update::write(&args.out, &previous, &updated.swagger, &output, args.force) {
        Ok(files) => updated.report.files = files,
        Err(message) => {
            let r = Rendered {
                sources: &sources,
                ..Rendered::only(&converted)
            };
            render(args, format, color, &r);
            print_error(color, &message);
            return EXIT_FAILURE;
        }
    }
    if !args.quiet && format != Format::Json {
        for name in &updated.report.files.left {
            print_warning(
                color,
                &format!(
                    "`{}` is not in the previous version and was left as it was",
                    display_path(&args.out.join(name))
                ),
            );
        }
    }
    let linted = args.lint.then(|| lint_output(&args.out, profile)).flatten();
    let lint_diags = linted.as_ref().map_or(&[][..], |(_, d)| d.as_slice());
    let r = Rendered {
        sources: &sources,
        converted: &converted,
        update: Some((&updated, &previous)),
        linted: linted.as_ref().map(|(c, d)| (c, d.as_slice())),
    };
    render(args, format, color, &r);
    let all = converted.iter().chain(&updated.breaking).chain(lint_diags);
    exit_for(all, args.deny_warnings)
}

/// What there is to print.
struct Rendered<'a> {
    sources: &'a [report::Source<'a>],
    converted: &'a [Diagnostic],
    update: Option<(&'a Update, &'a Previous)>,
    linted: Option<(&'a crate::connector::Connector, &'a [Diagnostic])>,
}

impl<'a> Rendered<'a> {
    fn only(converted: &'a [Diagnostic]) -> Rendered<'a> {
        Rendered {
            sources: &[],
            converted,
            update: None,
            linted: None,
        }
    }
}

fn render(args: &ConvertArgs, format: Format, color: bool, r: &Rendered<'_>) {
    let width = super::super::terminal_width();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let breaking = r.update.map_or(&[][..], |(u, _)| u.breaking.as_slice());
    let lint = r.linted.map_or(&[][..], |(_, d)| d);
    // A closed pipe is not an error worth reporting.
    let _ = (|| -> std::io::Result<()> {
        match format {
            Format::Json => {
                let rendered: Vec<String> = r
                    .converted
                    .iter()
                    .chain(breaking)
                    .chain(lint)
                    .map(report::render_json_diagnostic)
                    .collect();
                let mut summary = count(r.converted);
                for more in [count(breaking), count(lint)] {
                    summary.errors += more.errors;
                    summary.warnings += more.warnings;
                    summary.infos += more.infos;
                }
                summary.failed_connectors = usize::from(summary.errors > 0);
                let extra = r
                    .update
                    .map(|(u, _)| serde_json::to_string(&u.report).unwrap_or_default());
                report::write_json_report_with(
                    &mut out,
                    rendered.iter().map(String::as_str),
                    &summary,
                    None,
                    extra.as_deref().map(|e| ("update", e)),
                )?;
            }
            Format::Sarif => {
                let all = r.converted.iter().chain(breaking).chain(lint);
                let (root, cwd) = crate::workspace::source_root();
                let catalog = report::RuleCatalog::RulesAndConvert;
                report::write_sarif(&mut out, all, &root, &cwd, catalog)?;
            }
            Format::Github => {
                for diags in [r.converted, breaking, lint] {
                    out.write_all(report::render_github(diags).as_bytes())?;
                }
            }
            Format::Full | Format::Concise => {
                if format == Format::Full {
                    let text = report::render_full_sources(r.sources, r.converted, color, width);
                    out.write_all(text.as_bytes())?;
                } else {
                    out.write_all(report::render_concise(r.converted, color).as_bytes())?;
                }
                if let Some((u, p)) = r.update {
                    let text = report::render_pair(
                        breaking,
                        Some(&p.file),
                        &u.new_file,
                        format,
                        color,
                        width,
                    );
                    out.write_all(text.as_bytes())?;
                }
                match (format, r.linted) {
                    (Format::Full, Some((c, d))) => {
                        out.write_all(report::render_full(c, d, color, width).as_bytes())?
                    }
                    (_, Some((_, d))) => {
                        out.write_all(report::render_concise(d, color).as_bytes())?
                    }
                    _ => {}
                }
                if args.quiet {
                    return Ok(());
                }
                if let Some((u, _)) = r.update {
                    summary_lines(&mut out, &u.report, &display_path(&args.out))?;
                }
                let s = count(r.converted);
                writeln!(
                    out,
                    "Conversion: {}, {}, {}.",
                    plural(s.errors, "error"),
                    plural(s.warnings, "warning"),
                    plural(s.infos, "info")
                )?;
                if let Some((u, _)) = r.update {
                    let b = u.report.breaking;
                    writeln!(
                        out,
                        "Breaking changes against `{}`: {}, {}, {}{}.",
                        u.report.previous,
                        plural(b.errors, "error"),
                        plural(b.warnings, "warning"),
                        plural(b.infos, "info"),
                        if b.errors > 0 {
                            " (errors are what Microsoft's change validator reports)"
                        } else {
                            ""
                        }
                    )?;
                }
                if r.linted.is_some() {
                    writeln!(out, "{}", lint_line(args.profile, lint))?;
                }
            }
        }
        out.flush()
    })();
}

/// What the update did, for people: files, what was kept, operations, notes.
fn summary_lines(out: &mut dyn Write, r: &Report, folder: &str) -> std::io::Result<()> {
    let names = |v: &[String]| v.join(", ");
    let files = &r.files;
    let how = if r.in_place {
        "in place".to_owned()
    } else {
        format!("from `{}`", r.previous)
    };
    write!(
        out,
        "Updated `{folder}` {how}: wrote {}",
        names(&files.written)
    )?;
    if !files.copied.is_empty() {
        write!(out, "; kept {} as they were", names(&files.copied))?;
    }
    if !files.untouched.is_empty() {
        write!(out, "; left {} untouched", names(&files.untouched))?;
    }
    writeln!(out, ".")?;
    if !files.not_copied.is_empty() {
        writeln!(
            out,
            "Not copied (not connector files): {}.",
            names(&files.not_copied)
        )?;
    }
    let mut kept: Vec<String> = Vec::new();
    if !r.operation_ids_kept.is_empty() {
        kept.push(plural(r.operation_ids_kept.len(), "operationId"));
    }
    if r.path_variables_kept > 0 {
        kept.push(plural(r.path_variables_kept, "path template"));
    }
    let mut by_count: Vec<(&String, &usize)> = r.kept.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (key, n) in by_count {
        let key = if key == "name" {
            "body parameter name"
        } else {
            key.as_str()
        };
        kept.push(format!("{key} ×{n}"));
    }
    if kept.is_empty() {
        writeln!(out, "Nothing to keep from the previous version.")?;
    } else {
        writeln!(out, "Kept from the previous version: {}.", kept.join(", "))?;
    }
    writeln!(
        out,
        "Operations: {} appeared, {} disappeared{}{}.",
        r.appeared.len(),
        r.disappeared.len(),
        if r.moved.is_empty() {
            String::new()
        } else {
            format!(", {} moved", r.moved.len())
        },
        if r.kept_by_hand.is_empty() {
            String::new()
        } else {
            format!(", {} kept by hand (x-ppcert-keep)", r.kept_by_hand.len())
        }
    )?;
    let id = |o: &update::Operation| o.operation_id.clone().unwrap_or_else(|| "(no id)".into());
    for o in &r.appeared {
        writeln!(out, "  appeared:    {} {} {}", id(o), o.method, o.path)?;
    }
    for o in &r.disappeared {
        writeln!(out, "  disappeared: {} {} {}", id(o), o.method, o.path)?;
    }
    for m in &r.moved {
        writeln!(
            out,
            "  moved:       {} {} {} (was {} {})",
            id(&m.to),
            m.to.method,
            m.to.path,
            m.from.method,
            m.from.path
        )?;
    }
    for k in &r.kept_by_hand {
        writeln!(out, "  kept:        {k}")?;
    }
    for k in &r.operation_ids_kept {
        if !k.upstream.is_empty() {
            writeln!(
                out,
                "  kept id:     {} (the new description says `{}`)",
                k.operation_id, k.upstream
            )?;
        }
    }
    if !r.copied_definitions.is_empty() {
        writeln!(
            out,
            "Copied from the previous version because kept values refer to them: {}.",
            r.copied_definitions.join(", ")
        )?;
    }
    for n in &r.notes {
        writeln!(out, "note: {n}")?;
    }
    Ok(())
}
