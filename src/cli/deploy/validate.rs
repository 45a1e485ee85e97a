//! `ppcert validate [--online]`: ppcert's verdict, and with `--online` Microsoft's validator's
//! beside it (the `validateApiSwagger` call `paconn validate` makes, certification rules on),
//! each problem marked by who found it.

use super::gate::{LintFlags, judge};
use super::{CloudArgs, fail, with_powerapps};
use crate::cli::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK};
use crate::deploy::folder::Folder;
use crate::diagnostic::{Diagnostic, Severity};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// The connector folder (default: the current folder).
    pub path: Option<PathBuf>,
    /// Also ask Microsoft's validator (needs `ppcert login` or a CI token).
    #[arg(long)]
    pub online: bool,
    /// Accepted for symmetry with deploy; the validator is not tied to an environment.
    #[arg(long, short = 'e', alias = "environment")]
    pub env: Option<String>,
    #[command(flatten)]
    pub lint: LintFlags,
    #[command(flatten)]
    pub cloud: CloudArgs,
}

/// Words of a problem's text that identify where it is: quoted names, operation ids, paths.
fn anchors(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['\'', '"', '`'] {
        let parts: Vec<&str> = text.split(quote).collect();
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 1 && part.len() >= 2 && parts.len() > i + 1 {
                out.push(part.to_ascii_lowercase());
            }
        }
    }
    out
}

/// The ppcert finding that is the same problem as the validator's `message`, if one is: a
/// finding whose location or message names what the validator's message quotes, and whose rule
/// is about what the message is about (a word of the rule's id appears in it). The validator's
/// wording is not documented, so this errs towards "only one of them found it".
fn matching<'a>(message: &str, findings: &'a [Diagnostic]) -> Option<&'a Diagnostic> {
    let lower = message.to_ascii_lowercase();
    let names = anchors(message);
    findings.iter().find(|d| {
        let pointer = d.pointer.to_ascii_lowercase().replace("~1", "/");
        let said = d.message.to_ascii_lowercase();
        let placed = names
            .iter()
            .any(|n| pointer.contains(n.as_str()) || said.contains(n.as_str()));
        let words: Vec<&str> = d
            .rule
            .split('-')
            .filter(|w| w.len() > 3 && !matches!(*w, "required" | "missing" | "invalid"))
            .collect();
        let about = words.iter().any(|w| lower.contains(w));
        placed && about
    })
}

pub fn validate(args: ValidateArgs, color: bool) -> u8 {
    let dir = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let judged = match judge(&dir, &args.lint, color) {
        Ok(j) => j,
        Err(e) => return fail(color, &e),
    };
    print!("{}", judged.render());
    let local_failed = judged.summary.errors > 0;
    if !args.online {
        return if !judged.unjudged.is_empty() {
            EXIT_FAILURE
        } else if local_failed {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        };
    }
    let folder = match Folder::read(&dir) {
        Ok(f) => f,
        Err(e) => return fail(color, &e),
    };
    let verdict = match with_powerapps(&args.cloud, color, |pa| pa.validate(&folder.swagger, true))
    {
        Ok(v) => v,
        Err(_) => {
            eprintln!(
                "Microsoft's validator could not be asked; only ppcert's verdict above stands."
            );
            return EXIT_FAILURE;
        }
    };
    println!();
    println!(
        "Microsoft's validator (certification rules on): {}, {}.",
        if verdict.passed { "passed" } else { "failed" },
        [
            crate::workspace::plural(verdict.errors.len(), "error"),
            crate::workspace::plural(verdict.warnings.len(), "warning"),
        ]
        .join(", ")
    );
    let mut matched: Vec<&Diagnostic> = Vec::new();
    for (kind, list) in [("error", &verdict.errors), ("warning", &verdict.warnings)] {
        for message in list {
            match matching(message, &judged.diagnostics) {
                Some(d) => {
                    matched.push(d);
                    println!(
                        "  {kind:<7} {message}\n          also found by ppcert: {} at {}",
                        d.rule, d.pointer
                    );
                }
                None => println!(
                    "  {kind:<7} {message}\n          only Microsoft's validator found this"
                ),
            }
        }
    }
    let only_ppcert: Vec<&Diagnostic> = judged
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| !matched.iter().any(|m| std::ptr::eq(*m, *d)))
        .collect();
    if !only_ppcert.is_empty() {
        println!(
            "Only ppcert found {} (Microsoft's reviewers or later checks catch these): {}",
            crate::workspace::plural(only_ppcert.len(), "error"),
            only_ppcert
                .iter()
                .take(10)
                .map(|d| d.rule.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !judged.unjudged.is_empty() {
        EXIT_FAILURE
    } else if local_failed || !verdict.passed {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
