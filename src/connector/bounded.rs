//! Reading with a bound: no file, device or pipe can make ppcert read without end.
//!
//! Connector files are read through [`read_at_most`] after the loader's checks; files named by
//! options (`--config`, `--baseline`, the `convert` input) through [`read_named_file`], which
//! applies the same limit and refuses folders and devices (`/dev/zero`). A FIFO named by the user
//! is read — a shell's `<(...)` is one — but never more than the limit.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// Why a bounded read failed.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Over the limit: the size when it was known before reading.
    TooLarge(Option<u64>),
    /// A folder, a device or a socket: nothing ppcert reads.
    NotAFile(&'static str),
}

impl ReadError {
    /// The reason, to follow the file's name: "`x` is 40000000 bytes, over ...".
    pub fn describe(&self, limit: u64) -> String {
        match self {
            ReadError::Io(e) => format!("cannot be read: {e}"),
            ReadError::TooLarge(Some(size)) => {
                format!("is {size} bytes, over the {} MiB ppcert reads", limit >> 20)
            }
            ReadError::TooLarge(None) => {
                format!("holds more than the {} MiB ppcert reads", limit >> 20)
            }
            ReadError::NotAFile(what) => format!("is {what}, not a file ppcert can read"),
        }
    }
}

/// Reads the whole of `path`, failing past `limit` bytes without reading further (the file may
/// grow, or be a pipe, after its size was checked).
pub fn read_at_most(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = fs::File::open(path).map_err(ReadError::Io)?;
    // Sized from the open file, as `fs::read` does: one read instead of a dozen doubling ones.
    let expected = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut bytes = Vec::with_capacity(expected as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(None));
    }
    Ok(bytes)
}

/// What a non-file entry is, in words.
fn kind_of(meta: &fs::Metadata) -> Option<&'static str> {
    let ft = meta.file_type();
    if ft.is_dir() {
        return Some("a folder");
    }
    if ft.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return None;
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some("a device");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Reads a file the user named in an option: a regular file or a FIFO, at most `limit` bytes.
pub fn read_named_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(what) = kind_of(&meta) {
        return Err(ReadError::NotAFile(what));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ReadError::TooLarge(Some(meta.len())));
    }
    read_at_most(path, limit)
}

/// Like [`read_named_file`], for text: the bytes as UTF-8 (a BOM removed), or why not.
pub fn read_named_text(path: &Path, limit: u64) -> Result<String, String> {
    let bytes = read_named_file(path, limit).map_err(|e| e.describe(limit))?;
    if let Some(problem) = encoding_problem(&bytes) {
        return Err(problem.describe("text"));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// What bytes that are not UTF-8 text at all are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf16,
    Utf32,
    Binary,
}

impl Encoding {
    /// "is UTF-16 text, ...", for a file expected to hold `expected` ("JSON", "text").
    pub(crate) fn describe(self, expected: &str) -> String {
        match self {
            Encoding::Utf16 => "is UTF-16 text, not UTF-8; save it as UTF-8".into(),
            Encoding::Utf32 => "is UTF-32 text, not UTF-8; save it as UTF-8".into(),
            Encoding::Binary => format!("is a binary file (it contains NUL bytes), not {expected}"),
        }
    }
}

/// Why bytes are not UTF-8 text at all: UTF-16 or UTF-32 (by their byte order mark, or by where
/// the NUL bytes of their ASCII characters fall), or binary data. `None` for text, even with
/// invalid UTF-8, which the JSON and text rules report at the offending byte.
pub(crate) fn encoding_problem(bytes: &[u8]) -> Option<Encoding> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some(Encoding::Utf32);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(Encoding::Utf16);
    }
    // A NUL anywhere is not text (memchr: a pass over 32 MiB is a few milliseconds); where the
    // NULs fall in the first 64 KiB tells UTF-16 and UTF-32 from binary data.
    memchr::memchr(0, bytes)?;
    let head = &bytes[..bytes.len().min(64 * 1024)];
    // Every UTF-32 character has a NUL high byte and (almost always) a NUL next to it.
    let quads = head.chunks_exact(4);
    let utf32_le =
        quads.clone().all(|q| q[2] == 0 && q[3] == 0) && quads.clone().any(|q| q[0] != 0);
    let utf32_be =
        quads.clone().all(|q| q[0] == 0 && q[1] == 0) && quads.clone().any(|q| q[3] != 0);
    if quads.len() > 0 && (utf32_le || utf32_be) {
        return Some(Encoding::Utf32);
    }
    // ASCII in UTF-16 puts a NUL in every other byte, on one side only.
    let pairs = head.chunks_exact(2);
    let nul_low = pairs.clone().filter(|p| p[0] == 0).count();
    let nul_high = pairs.clone().filter(|p| p[1] == 0).count();
    let enough = pairs.len().div_ceil(4);
    // A handful of bytes is too few to tell UTF-16 from binary data by where the NULs fall.
    if pairs.len() >= 8
        && ((nul_high >= enough && nul_high > 4 * nul_low)
            || (nul_low >= enough && nul_low > 4 * nul_high))
    {
        return Some(Encoding::Utf16);
    }
    Some(Encoding::Binary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_told_apart() {
        assert_eq!(encoding_problem(b"{}"), None);
        // Too few bytes to judge by where the NULs fall: binary.
        assert_eq!(encoding_problem(b"\x00\x01\x02PNG"), Some(Encoding::Binary));
        let utf16: Vec<u8> = "{\"swagger\": \"2.0\"}"
            .bytes()
            .flat_map(|b| [b, 0])
            .collect();
        assert_eq!(encoding_problem(&utf16), Some(Encoding::Utf16));
        // A NUL far into text (found by tests/fuzz.rs in an 800 KB script).
        let mut late = "x".repeat(100_000).into_bytes();
        late.push(0);
        assert_eq!(encoding_problem(&late), Some(Encoding::Binary));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        fs::File::create(&path).unwrap().set_len(2048).unwrap();
        assert!(matches!(
            read_named_file(&path, 1024),
            Err(ReadError::TooLarge(Some(2048)))
        ));
        assert_eq!(read_named_file(&path, 4096).unwrap().len(), 2048);
    }

    #[test]
    fn folders_and_devices_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_named_file(dir.path(), 1024),
            Err(ReadError::NotAFile("a folder"))
        ));
        #[cfg(unix)]
        assert!(matches!(
            read_named_file(Path::new("/dev/zero"), 1024),
            Err(ReadError::NotAFile("a device"))
        ));
    }

    #[test]
    fn a_pipe_is_read_up_to_the_limit() {
        #[cfg(unix)]
        {
            // `read_at_most` stops after limit + 1 bytes even when the source never ends.
            assert!(matches!(
                read_at_most(Path::new("/dev/zero"), 1000),
                Err(ReadError::TooLarge(None))
            ));
        }
    }
}
