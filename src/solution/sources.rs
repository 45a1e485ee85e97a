//! The text files of a solution input, kept once so that every finding can point at a line and a
//! column and every renderer can show a snippet.

use crate::json::{LineIndex, Span};

/// One text file read from a solution, a package or an unpacked tree.
pub struct SourceFile {
    /// As findings name it: `Package.zip!/PkgAssets/Flow.zip!/customizations.xml`.
    pub display: String,
    pub text: String,
    pub lines: LineIndex,
}

/// Every text file of one input; [`Loc`]s index into it.
#[derive(Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

/// A place in one of the input's text files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loc {
    pub file: usize,
    pub span: Span,
}

/// A value read from a file, and where it was written.
#[derive(Debug, Clone)]
pub struct Val {
    pub text: String,
    pub loc: Loc,
}

impl Val {
    pub fn as_str(&self) -> &str {
        &self.text
    }
    /// The text without surrounding whitespace.
    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

impl Sources {
    pub fn add(&mut self, display: String, text: String) -> usize {
        let lines = LineIndex::new(&text);
        self.files.push(SourceFile {
            display,
            text,
            lines,
        });
        self.files.len() - 1
    }
    pub fn get(&self, file: usize) -> &SourceFile {
        &self.files[file]
    }
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }
    /// Each file as (display, text, lines), the way renderers look snippets up.
    pub fn texts(&self) -> impl Iterator<Item = (&str, &str, &LineIndex)> {
        self.files
            .iter()
            .map(|f| (f.display.as_str(), f.text.as_str(), &f.lines))
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    /// The whole of `file`, for findings about a file as a whole.
    pub fn start_of(&self, file: usize) -> Loc {
        Loc {
            file,
            span: Span::new(0, 0),
        }
    }
}

/// Decodes an XML or text file: UTF-8 with or without a BOM, or UTF-16 with its BOM (the
/// Package Deployer documentation shows UTF-16 `ImportConfig.xml` files). The BOM is dropped.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec())
            .map_err(|e| not_utf8(e.utf8_error().valid_up_to() + 3));
    }
    let utf16 = |rest: &[u8], le: bool| -> Result<String, String> {
        if !rest.len().is_multiple_of(2) {
            return Err("is UTF-16 with an odd number of bytes".into());
        }
        let units = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| "is UTF-16 with an unpaired surrogate".to_owned())
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    String::from_utf8(bytes.to_vec()).map_err(|e| not_utf8(e.utf8_error().valid_up_to()))
}

fn not_utf8(at: usize) -> String {
    format!("is not UTF-8 text (invalid byte at offset {at}); save it as UTF-8")
}

#[cfg(test)]
mod tests {
    use super::decode_text;

    #[test]
    fn decodes_utf8_with_and_without_bom_and_utf16() {
        assert_eq!(decode_text(b"\xEF\xBB\xBF<a/>").unwrap(), "<a/>");
        assert_eq!(decode_text(b"<a/>").unwrap(), "<a/>");
        assert_eq!(decode_text(b"\xFF\xFE<\0a\0/\0>\0").unwrap(), "<a/>");
        assert_eq!(decode_text(b"\xFE\xFF\0<\0a\0/\0>").unwrap(), "<a/>");
        assert!(decode_text(b"\xFF<a/>").is_err());
    }
}
