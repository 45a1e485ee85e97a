//! Byte offsets (what ppcert's spans and edits are) ↔ LSP positions (lines and columns in the
//! encoding the client and server agreed on: UTF-16 by default, UTF-8 when the client offers it).

use crate::json::LineIndex;
use lsp_types::{Position, Range};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// A text with its line starts, for converting positions both ways.
pub struct Lines<'a> {
    text: &'a str,
    index: LineIndex,
    encoding: Encoding,
    /// The text was read from disk: an editor opening it drops a leading BOM, so it is not a
    /// column. (A buffer the client sent holds a BOM only if the client counts it.)
    skip_bom: bool,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, encoding: Encoding, from_disk: bool) -> Lines<'a> {
        Lines {
            text,
            index: LineIndex::new(text),
            encoding,
            skip_bom: from_disk,
        }
    }

    /// Where a line's text starts: a leading BOM is not part of the first line's columns, as
    /// editors do not show it.
    fn start_of(&self, line: usize) -> usize {
        let start = self.index.line_range(self.text, line + 1).start;
        if line == 0 && self.skip_bom && self.text.starts_with('\u{feff}') {
            3
        } else {
            start
        }
    }

    fn units(&self, s: &str) -> u32 {
        match self.encoding {
            Encoding::Utf8 => s.len() as u32,
            Encoding::Utf16 => s.encode_utf16().count() as u32,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.index.line_col(self.text, offset).0 - 1;
        let start = self.start_of(line).min(offset);
        Position::new(line as u32, self.units(&self.text[start..offset]))
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    /// The position of a 1-based line and column counted in characters (how findings without a
    /// span are located).
    pub fn line_char(&self, line: usize, column: usize) -> Position {
        let line0 = line
            .saturating_sub(1)
            .min(self.index.line_count().saturating_sub(1));
        let start = self.start_of(line0);
        let end = self.index.line_range(self.text, line0 + 1).end.max(start);
        let text = &self.text[start..end];
        let upto: usize = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
        Position::new(line0 as u32, self.units(&text[..upto]))
    }

    /// The byte offset of a position (clamped to the line's end, as LSP asks).
    #[cfg(test)]
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.index.line_count() {
            return self.text.len();
        }
        let start = self.start_of(line);
        let end = self.index.line_range(self.text, line + 1).end.max(start);
        let mut units = 0u32;
        for (i, ch) in self.text[start..end].char_indices() {
            if units >= position.character {
                return start + i;
            }
            units += match self.encoding {
                Encoding::Utf8 => ch.len_utf8() as u32,
                Encoding::Utf16 => ch.len_utf16() as u32,
            };
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs_and_skip_the_bom() {
        let text = "\u{feff}{\"a\": \"😀x\",\r\n \"b\": 1}";
        let lines = Lines::new(text, Encoding::Utf16, true);
        let x = text.find('x').unwrap();
        assert_eq!(lines.position(x), Position::new(0, 9));
        assert_eq!(lines.offset(Position::new(0, 9)), x);
        let b = text.find("\"b\"").unwrap();
        assert_eq!(lines.position(b), Position::new(1, 1));
        assert_eq!(lines.offset(Position::new(1, 1)), b);
        // Past the end of a line: its end, before the CRLF.
        assert_eq!(lines.offset(Position::new(0, 99)), text.find('\r').unwrap());
        assert_eq!(lines.line_char(2, 2), Position::new(1, 1));
        assert_eq!(lines.line_char(1, 2), Position::new(0, 1), "after the BOM");
        // A buffer that holds the BOM: the client counts it.
        let buffer = Lines::new(text, Encoding::Utf16, false);
        assert_eq!(buffer.position(x), Position::new(0, 10));
    }

    #[test]
    fn utf8_columns_are_bytes() {
        let text = "é\"x\"";
        let lines = Lines::new(text, Encoding::Utf8, true);
        assert_eq!(lines.position(text.find('x').unwrap()), Position::new(0, 3));
    }
}
