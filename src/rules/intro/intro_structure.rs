//! ## What it checks
//! The structure of `intro.md`, when the folder has one:
//!
//! - it opens with a paragraph describing the connector's value and capabilities (a title
//!   heading before it is tolerated), of at most 8 sentences, and written as one paragraph
//!   (several paragraphs are a warning);
//! - that paragraph is not a copy of `info.description`;
//! - it has the sections `Prerequisites`, `How to get credentials` (only when the connector has
//!   authentication) and `Known issues and limitations` (errors), and `Get started with your
//!   connector`, `Common errors and remedies` and `FAQ` (warnings).
//!
//! The last three are warnings because the intros of merged connectors often lack them: of the
//! six in the repository, all have prerequisites and known issues, but only a few the rest.
//! Headings are matched loosely (any level or case, trailing colon or question mark, synonyms
//! such as `Getting started`, `Frequently asked questions`, `Troubleshooting`).
//!
//! ## Why it matters for certification
//! `intro.md` becomes the connector's introduction page in the documentation, which Microsoft
//! builds from this template; the operations list is generated separately.
//!
//! ## Example
//! ```markdown
//! ## Prerequisites
//! A Contoso account.
//! ```
//! Use instead:
//! ```markdown
//! Contoso helps teams track invoices. This connector creates, reads and pays invoices.
//!
//! ## Prerequisites
//! ## How to get credentials
//! ## Get started with your connector
//! ## Known issues and limitations
//! ## Common errors and remedies
//! ## FAQ
//! ```
//!
//! ## Fix safety
//! No fix: the opening paragraph and the missing sections need content about the service that only the author has; an empty heading would silence the finding without answering it.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/submit-for-certification>
use crate::json::Span;
use crate::rules::prelude::*;
use crate::rules::util::files::{
    LineKind, Section, count_sentences, find_section, first_line_span, has_authentication, loose_text,
    markdown_lines,
};

pub struct IntroStructure;

const MAX_SENTENCES: usize = 8;

impl Rule for IntroStructure {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        let Some(intro) = c.intro.as_ref().filter(|i| i.readable) else {
            return;
        };
        if intro.text.trim_start_matches('\u{feff}').trim().is_empty() {
            return; // intro-required reports an empty intro
        }
        let lines = markdown_lines(&intro.text);
        let sections = [
            Section::Prerequisites,
            Section::Credentials,
            Section::GetStarted,
            Section::KnownIssues,
            Section::CommonErrors,
            Section::Faq,
        ];
        let is_section = |heading: &str| sections.iter().any(|s| s.matches(heading));

        // The opening: text before the first template section, after an optional title heading.
        let mut opening: Vec<&crate::rules::util::files::MdLine> = Vec::new();
        let mut paragraphs = 0;
        let mut in_paragraph = false;
        let mut first_section = None;
        for (i, line) in lines.iter().enumerate() {
            match line.kind {
                LineKind::Heading(_) if is_section(&line.heading) => {
                    first_section = Some(line);
                    break;
                }
                LineKind::Heading(_) if opening.is_empty() && i < 3 => {} // a title
                LineKind::Heading(_) => {
                    first_section = Some(line);
                    break;
                }
                LineKind::Text | LineKind::ListItem if !is_blank(line.raw) => {
                    if !in_paragraph {
                        paragraphs += 1;
                        in_paragraph = true;
                    }
                    opening.push(line);
                }
                _ => in_paragraph = false,
            }
        }
        match (opening.first(), opening.last()) {
            (Some(first), Some(last)) => {
                let span = Span::new(first.span.start as usize, last.span.end as usize);
                let text: String = opening.iter().map(|l| l.raw).collect::<Vec<_>>().join(" ");
                let sentences = count_sentences(&text);
                if sentences > MAX_SENTENCES {
                    cx.report_text(
                        intro,
                        span,
                        format!("the opening paragraph has {sentences} sentences; the limit is {MAX_SENTENCES}"),
                    );
                }
                if paragraphs > 1 {
                    cx.report_text(
                        intro,
                        span,
                        format!("intro.md opens with {paragraphs} paragraphs; the template asks for one"),
                    )
                    .severity(Severity::Warning);
                }
                if let Some(description) = info_description(c) {
                    let d = loose_text(description);
                    if !d.is_empty() && d == loose_text(&text) {
                        cx.report_text(
                            intro,
                            span,
                            "the opening paragraph repeats `info.description`; the intro must describe the connector differently",
                        );
                    }
                }
            }
            _ => {
                let at = first_section.map_or_else(|| first_line_span(&intro.text), |l| l.span);
                cx.report_text(
                    intro,
                    at,
                    "intro.md does not open with a paragraph describing the connector's value and capabilities",
                )
                .help("start with one paragraph (at most 8 sentences) before the first heading");
            }
        }

        let top = first_line_span(&intro.text);
        let auth = has_authentication(c);
        for section in sections {
            if section == Section::Credentials && !auth {
                continue;
            }
            if find_section(&lines, section).is_some() {
                continue;
            }
            let heading = section.template_heading(true);
            let d = cx
                .report_text(intro, top, format!("intro.md has no `{heading}` section"))
                .help(format!("add a `## {heading}` heading, as in the intro.md template"));
            if matches!(section, Section::GetStarted | Section::CommonErrors | Section::Faq) {
                d.severity(Severity::Warning);
            }
        }
    }
}

/// A line of only invisible characters (zero-width spaces are common in pasted text).
fn is_blank(raw: &str) -> bool {
    raw.chars().all(|c| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{a0}'))
}

fn info_description(c: &Connector) -> Option<&str> {
    c.swagger.as_ref()?.doc()?.root().get("info")?.get_str("description")
}
