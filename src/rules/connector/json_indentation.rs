//! ## What it checks
//! That `apiDefinition.swagger.json` and `apiProperties.json` are indented with spaces: a file
//! whose lines mix tabs and spaces is reported at the first line of the rarer kind, with how
//! many lines use each; a file indented with tabs throughout, at its first such line.
//!
//! ## Why it matters for certification
//! Reviewers of the PowerPlatformConnectors repository read these files in the pull request's
//! diff, where tabs show eight columns wide and tabs mixed with spaces as ragged indentation;
//! they ask authors to re-indent with spaces, as the certified connectors are (#701, #1123,
//! #1136, #1274). Mixed indentation usually means a file edited in two editors, or parts pasted
//! in; reformatting the whole file later makes the next update's diff unreadable.
//!
//! ## Example
//! A definition whose lines are indented with two spaces, except a pasted operation indented
//! with tabs.
//!
//! Use instead: indent every line with spaces (most merged connectors use two or four).
//!
//! ## Fix safety
//! No fix: re-indenting rewrites many lines; run your editor's formatter, on purpose, in a
//! change of its own.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1136>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/1274>
use crate::diagnostic::plural;
use crate::json::Span;
use crate::rules::prelude::*;

pub struct JsonIndentation;

/// (lines indented with a tab, with a space, the byte range of the first line of the rarer
/// kind), when some line is indented with a tab.
fn mixed(text: &str) -> Option<(usize, usize, Span)> {
    // Most files have no line starting with a tab: one fast search settles them.
    if !text.starts_with('\t') && memchr::memmem::find(text.as_bytes(), b"\n\t").is_none() {
        return None;
    }
    let (mut tabs, mut spaces) = (0, 0);
    let (mut first_tab, mut first_space) = (None, None);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let span = Span::new(offset, offset + line.trim_end_matches(['\n', '\r']).len());
        match line.as_bytes().first() {
            Some(b'\t') => {
                tabs += 1;
                first_tab.get_or_insert(span);
            }
            Some(b' ') if line.trim().is_empty() => {}
            Some(b' ') => {
                spaces += 1;
                first_space.get_or_insert(span);
            }
            _ => {}
        }
        offset += line.len();
    }
    if tabs == 0 {
        return None;
    }
    let at = if spaces == 0 || tabs <= spaces { first_tab } else { first_space }?;
    Some((tabs, spaces, at))
}

impl Rule for JsonIndentation {
    fn kinds(&self) -> &'static [NodeKind] {
        &[NodeKind::Connector]
    }

    fn connector(&self, cx: &mut Checker, c: &Connector) {
        for file in [&c.swagger, &c.props].into_iter().flatten() {
            let Some(text) = file.text() else { continue };
            let Some((tabs, spaces, at)) = mixed(text) else {
                continue;
            };
            let message = if spaces == 0 {
                "the file is indented with tabs; reviewers ask for spaces".to_owned()
            } else {
                format!(
                    "the file mixes indentation: {} start with a tab, {} with a space",
                    plural(tabs, "line"),
                    plural(spaces, "line")
                )
            };
            cx.report_json_span(file, at, message)
                .help("indent every line with spaces (two or four, as the certified connectors are)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::mixed;

    #[test]
    fn indentation() {
        assert!(mixed("{\n  \"a\": 1\n}\n").is_none());
        assert_eq!(mixed("{\n\t\"a\": 1\n}\n").map(|m| (m.0, m.1)), Some((1, 0)));
        let (tabs, spaces, at) = mixed("{\n  \"a\": 1,\n\t\"b\": 2,\n  \"c\": 3\n}\n").unwrap();
        assert_eq!((tabs, spaces), (1, 2));
        assert_eq!(at.start, 12);
    }
}
