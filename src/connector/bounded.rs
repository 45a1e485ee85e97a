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
    let mut bytes = Vec::new();
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
    if let Some(problem) = super::files::encoding_problem(&bytes) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
