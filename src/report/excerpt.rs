//! The few lines a snippet shows around a finding, cut to a window of columns.
//!
//! A minified definition is one line of megabytes. Showing the whole line would print megabytes
//! per finding, and miette pads its underline with `{:width$}`, which panics past 65,535
//! columns. So a line longer than [`MAX_WHOLE_LINE`] characters is shown as a window of
//! [`WINDOW`] characters that starts a little before the finding, with `…` where it was cut, and
//! a span over more than [`MAX_SPAN_LINES`] lines is underlined on its first line only. The
//! snippet's header keeps the finding's real line and column.

use crate::json::LineIndex;
use miette::{MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// The text of one file and its line index, from which each snippet's [`Excerpt`] is cut
/// without rescanning the whole file.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    /// The file as findings name it (`Diagnostic::file`).
    pub name: &'a str,
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

/// Lines up to this many characters are shown whole.
pub const MAX_WHOLE_LINE: usize = 160;
/// A longer line shows this many characters...
pub const WINDOW: usize = 120;
/// ... starting this many before the finding.
const BEFORE: usize = 40;
/// A span over more lines is underlined on its first line only.
pub const MAX_SPAN_LINES: usize = 12;
const ELLIPSIS: &str = "…";

/// One line of the excerpt: which bytes of the original line it shows.
struct ExcerptLine {
    /// Where the line starts in the excerpt.
    start: usize,
    /// Characters of the original line left out before what is shown.
    hidden_before: usize,
    /// Whether the line starts with an ellipsis.
    cut_before: bool,
}

/// The lines around a finding, cut to a window, as miette reads them.
pub struct Excerpt<'a> {
    name: &'a str,
    text: String,
    /// 1-based number of the excerpt's first line in the file.
    first_line: usize,
    lines: Vec<ExcerptLine>,
    /// The finding's span in `text`.
    pub label: (usize, usize),
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The byte offset of character `n` of `s` (its length when shorter).
fn byte_of_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

impl<'a> Excerpt<'a> {
    /// The excerpt for the byte span `span` of `source`, with `context` lines around it.
    pub fn new(source: Source<'a>, span: (usize, usize), context: usize) -> Excerpt<'a> {
        let text = source.text;
        let index = source.lines;
        let start = floor_boundary(text, span.0);
        let mut end = ceil_boundary(text, span.1.max(start));
        let (first, _) = index.line_col(text, start);
        let (mut last, _) = index.line_col(text, end);
        if last - first >= MAX_SPAN_LINES {
            end = index.line_range(text, first).end.max(start);
            last = first;
        }
        let from_line = first.saturating_sub(context).max(1);
        let to_line = (last + context).min(index.line_count()).max(first);

        // Every long line is cut at the same columns, chosen around the finding's start.
        let first_range = index.line_range(text, first);
        let start_column = text[first_range.start..start.max(first_range.start)]
            .chars()
            .count();
        let window_from = start_column.saturating_sub(BEFORE);

        let mut out = Excerpt {
            name: source.name,
            text: String::new(),
            first_line: from_line,
            lines: Vec::new(),
            label: (0, 0),
        };
        // (original start, original end, excerpt start) of each shown part, to map the span.
        let mut shown: Vec<(usize, usize, usize)> = Vec::new();
        for line in from_line..=to_line {
            if line > from_line {
                out.text.push('\n');
            }
            let range = index.line_range(text, line);
            let content = &text[range.clone()];
            let long =
                content.len() > MAX_WHOLE_LINE && content.chars().nth(MAX_WHOLE_LINE).is_some();
            let (from, to) = if long {
                let from = byte_of_char(content, window_from);
                let to = from + byte_of_char(&content[from..], WINDOW);
                (from, to)
            } else {
                (0, content.len())
            };
            let cut_before = from > 0;
            let start_in_excerpt = out.text.len();
            if cut_before {
                out.text.push_str(ELLIPSIS);
            }
            shown.push((range.start + from, range.start + to, out.text.len()));
            out.text.push_str(&content[from..to]);
            if to < content.len() {
                out.text.push_str(ELLIPSIS);
            }
            out.lines.push(ExcerptLine {
                start: start_in_excerpt,
                hidden_before: if cut_before { window_from } else { 0 },
                cut_before,
            });
        }
        let map = |offset: usize, line: usize| {
            let (from, to, at) = shown[line - from_line];
            at + offset.clamp(from, to) - from
        };
        let label_start = map(start, first);
        out.label = (label_start, map(end, last).max(label_start));
        out
    }

    /// The excerpt line holding byte `offset` of the excerpt (0-based).
    fn line_of(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|l| l.start <= offset)
            .saturating_sub(1)
    }

    /// The byte range of excerpt line `i`, without its line break.
    fn line_range(&self, i: usize) -> std::ops::Range<usize> {
        let start = self.lines[i].start;
        let end = self
            .lines
            .get(i + 1)
            .map_or(self.text.len(), |next| next.start - 1);
        start..end
    }
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, miette::MietteError> {
        let start = floor_boundary(&self.text, span.offset());
        let end = ceil_boundary(&self.text, span.offset() + span.len()).max(start);
        let first = self.line_of(start);
        let last = self.line_of(end);
        let from_line = first.saturating_sub(context_lines_before);
        let to_line = (last + context_lines_after).min(self.lines.len() - 1);
        let from = self.line_range(from_line).start;
        let to = self.line_range(to_line).end;
        // The real column in the file: what was cut off counts, the ellipsis does not.
        let line = &self.lines[first];
        let shown_from = line.start + if line.cut_before { ELLIPSIS.len() } else { 0 };
        let column = line.hidden_before
            + self
                .text
                .get(shown_from.min(start)..start)
                .map_or(0, |s| s.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            &self.text.as_bytes()[from..to],
            SourceSpan::from(from..to),
            self.first_line - 1 + from_line,
            if from_line == first { column } else { 0 },
            to_line - from_line + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str, span: (usize, usize)) -> (String, String) {
        let lines = LineIndex::new(text);
        let source = Source {
            name: "f",
            text,
            lines: &lines,
        };
        let e = Excerpt::new(source, span, 1);
        let label = e.text[e.label.0..e.label.1].to_owned();
        (e.text, label)
    }

    #[test]
    fn short_lines_are_whole() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2\n}";
        let (shown, label) = excerpt(text, (9, 10));
        assert_eq!(shown, text.lines().take(3).collect::<Vec<_>>().join("\n"));
        assert_eq!(label, "1");
    }

    #[test]
    fn a_long_line_is_cut_around_the_finding() {
        let text = format!("{}\"needle\"{}", "x".repeat(100_000), "y".repeat(100_000));
        let (shown, label) = excerpt(&text, (100_000, 100_008));
        assert_eq!(label, "\"needle\"");
        assert!(
            shown.starts_with("…xxx") && shown.ends_with("yyy…"),
            "{shown}"
        );
        assert_eq!(shown.chars().count(), WINDOW + 2);
    }

    #[test]
    fn a_span_longer_than_the_window_is_cut_at_its_end() {
        let text = "z".repeat(1_000_000);
        let (shown, label) = excerpt(&text, (500_000, 900_000));
        assert!(label.len() < WINDOW && shown.len() < 2 * WINDOW);
    }

    #[test]
    fn multibyte_text_and_odd_spans_never_panic() {
        let text = "é".repeat(70_000) + "\n" + &"日本".repeat(50_000);
        for span in [
            (0, 0),
            (1, 3),
            (139_999, 140_010),
            (140_001, 440_000),
            (usize::MAX - 1, usize::MAX),
            (5, 2),
        ] {
            let _ = excerpt(&text, span);
        }
    }

    #[test]
    fn a_span_over_many_lines_is_underlined_on_its_first() {
        let text = (0..1000)
            .map(|i| format!("line {i}"))
            .collect::<Vec<_>>()
            .join("\n");
        let (shown, label) = excerpt(&text, (0, text.len()));
        assert_eq!(label, "line 0");
        assert_eq!(shown.lines().count(), 2);
    }
}
