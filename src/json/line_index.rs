//! Byte offset → 1-based line and column.

/// Start offsets of every line, built once per file with a single scan.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of `offset`. A leading BOM is not counted as a column.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s as usize <= offset) - 1;
        let mut start = self.starts[line] as usize;
        if line == 0 && text.starts_with('\u{feff}') && offset >= 3 {
            start = 3;
        }
        let col = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// Byte range of 1-based `line`, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self
            .starts
            .get(line - 1)
            .map_or(text.len(), |&s| s as usize);
        let end = self.starts.get(line).map_or(text.len(), |&s| s as usize);
        let slice = &text[start..end];
        let trimmed = slice.trim_end_matches(['\n', '\r']);
        start..start + trimmed.len()
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}
