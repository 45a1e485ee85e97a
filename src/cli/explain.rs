//! `ppcert rules` and `ppcert explain`.

use super::{EXIT_FAILURE, EXIT_OK, print_error};
use crate::rules::{self, LintKind};
use std::io::Write;

#[derive(clap::Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `title-max-length`.
    pub rule: String,
}

fn kind_label(kind: LintKind, implemented: bool) -> &'static str {
    match (kind, implemented) {
        (LintKind::Manual, _) => "reminder",
        (LintKind::Diff, _) => "diff",
        (_, false) => "planned",
        (LintKind::Heuristic, true) => "heuristic",
        (LintKind::Static, true) => "checked",
    }
}

pub fn rules(args: RulesArgs, _color: bool) -> u8 {
    let mut out = std::io::stdout().lock();
    let _ = match args.format {
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rules::all()
                .iter()
                .map(|r| {
                    let mut v = serde_json::to_value(&r.meta).unwrap_or_default();
                    v["implemented"] = serde_json::Value::Bool(r.check.is_some());
                    v["status"] = kind_label(r.meta.lint, r.check.is_some()).into();
                    v
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            )
        }
        RulesFormat::Text => (|| {
            let width = rules::all()
                .iter()
                .map(|r| r.meta.id.len())
                .max()
                .unwrap_or(0);
            for r in rules::all() {
                let m = &r.meta;
                let profiles: Vec<&str> = m
                    .profiles
                    .iter()
                    .map(|p| match p {
                        crate::connector::Profile::Certified => "C",
                        crate::connector::Profile::IndependentPublisher => "IP",
                        crate::connector::Profile::Custom => "custom",
                    })
                    .collect();
                writeln!(
                    out,
                    "{:<width$}  {:<8} {:<7} {:<9} {:<16} {}",
                    m.id,
                    m.file.as_str(),
                    m.severity.as_str(),
                    kind_label(m.lint, r.check.is_some()),
                    profiles.join("/"),
                    m.summary
                )?;
            }
            writeln!(
                out,
                "\n`reminder` rules need a person or a live service: they are never reported, only listed here."
            )
        })(),
    };
    EXIT_OK
}

pub fn explain(args: ExplainArgs, color: bool) -> u8 {
    let Some(r) = rules::find(&args.rule) else {
        print_error(
            color,
            &format!("unknown rule `{}` (see `ppcert rules`)", args.rule),
        );
        return EXIT_FAILURE;
    };
    let m = &r.meta;
    let mut text = format!("# {}\n\n{}\n\n", m.id, m.summary);
    let profiles: Vec<&str> = m.profiles.iter().map(|p| p.as_str()).collect();
    text += &format!(
        "File: {}  ·  Severity: {}  ·  Profiles: {}  ·  Check: {}{}\n",
        m.file.as_str(),
        m.severity,
        profiles.join(", "),
        kind_label(m.lint, r.check.is_some()),
        if m.inferred {
            "  ·  inferred from reviews, not documented"
        } else {
            ""
        }
    );
    if !m.validator_codes.is_empty() {
        text += &format!(
            "Microsoft Swagger Validator: {}\n",
            m.validator_codes.join(", ")
        );
    }
    text += "\n";
    if m.doc.is_empty() {
        text += &format!("## Rule\n{}\n", m.rationale);
    } else {
        text += m.doc;
        text += "\n";
    }
    if !m.evidence.is_empty() {
        text += &format!("\n## Evidence\n{}\n", m.evidence);
    }
    if !m.sources.is_empty() && !m.doc.contains("## References") {
        text += "\n## Sources\n";
        for s in m.sources {
            text += &format!("- {s}\n");
        }
    }
    let _ = write!(std::io::stdout().lock(), "{text}");
    EXIT_OK
}
