//! Zip archives read in memory, with every zip-safety problem recorded (the `zip-*` rules).
//!
//! Solution zips and certification packages (a zip holding a zip holding solution zips) are read
//! here, and only here. The design follows `solutions.md` §11.1:
//!
//! * **In memory, never extracted.** An archive's bytes are held once ([`Arc<[u8]>`]) and an entry
//!   is inflated into a `Vec<u8>` only when [`Archive::read`] asks for it. Nothing is written to
//!   disk, so no entry name is ever joined to a folder: zip-slip (`../` names, absolute paths,
//!   drive letters, UNC paths) and symlink tricks cannot reach the file system. This sidesteps
//!   GHSA-94vh-gphv-8pm8 (CVE-2025-29787), where the `zip` crate's `extract()` (1.3.0 to before
//!   2.3.0) followed a symlink written by an earlier entry and so wrote a later entry outside the
//!   target folder. The names are still checked ([`ZipIssueKind::PathTraversal`],
//!   [`ZipIssueKind::Symlink`]) because the user or Dataverse will extract the archive, and their
//!   tools may not be as careful.
//! * **Every problem at once.** [`Archive::open`] never fails and never stops at the first
//!   problem: it records one [`ZipIssue`] per problem found and keeps every entry it could parse.
//!   A file that is not a zip at all gives one [`ZipIssueKind::Unreadable`] and no entries.
//! * **Bounded work and memory.** Nothing is allocated from a size the archive declares unless
//!   that size is within [`Limits`]; parsing stops after [`Limits::max_entries`] entries; an entry
//!   inflates to at most its declared size, which is itself at most
//!   [`Limits::max_total_uncompressed`]. Entries that are unsafe to read (symlink, traversal,
//!   encryption, unknown method, suspicious ratio, overlapping or inconsistent headers) are
//!   refused by [`Archive::read`] with the issue that flagged them.
//!
//! ## Why not the `zip` crate's reader
//! The central directory and the local headers are parsed here, and `flate2` inflates. The `zip`
//! crate (a dev-dependency: the tests write archives with it) keys entries by name, so two entries
//! with exactly the same name collapse into one and the duplicate can be neither reported nor
//! seen; it reads the whole central directory before returning, so it cannot stop at an entry
//! limit; one malformed central header fails the whole archive, losing every other finding; and
//! the overlap and header-mismatch checks need the local headers read from the bytes anyway.
//!
//! ## Nesting
//! The caller descends into nested zips (it reads an entry and opens the bytes as a new
//! [`Archive`]), so it also enforces [`MAX_DEPTH`] (`zip-depth`).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::sync::Arc;

use flate2::bufread::DeflateDecoder;

/// How many zips deep a certification package goes below the archive the user named: outer zip →
/// package zip (depth 1) → solution zips (depth 2) (`solutions.md` §1.2). A zip found deeper is a
/// `zip-depth` finding and is not opened; `.msapp` files are zips too but are never descended into.
/// The caller counts the depth: an [`Archive`] does not know where its bytes came from.
pub const MAX_DEPTH: usize = 2;

/// The bounds every archive is read within (`solutions.md` §11.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries parsed before `zip-entries` is reported and parsing stops.
    pub max_entries: usize,
    /// Sum of the declared uncompressed sizes allowed (`zip-size`); also the most one entry may
    /// inflate to.
    pub max_total_uncompressed: u64,
    /// Uncompressed/compressed ratio allowed (`zip-ratio`) ...
    pub max_ratio: u64,
    /// ... for entries whose uncompressed size is over this many bytes.
    pub ratio_min_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 10_000,
            max_total_uncompressed: 256 << 20,
            max_ratio: 100,
            ratio_min_size: 1 << 20,
        }
    }
}

/// What is wrong with an archive or one of its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipIssueKind {
    /// The archive can't be opened, its central directory is broken, or an entry's header or
    /// compressed data is corrupt.
    Unreadable,
    /// A `..` segment, a leading `/` or `\`, a drive letter, a UNC path or a NUL in a name.
    PathTraversal,
    /// A `\` in a name (the zip format allows only `/`).
    Backslash,
    /// A Unix symbolic link.
    Symlink,
    /// General-purpose flag bit 0: the entry is encrypted.
    Encrypted,
    /// A compression method other than Stored (0) or Deflate (8).
    Method(u16),
    /// The same name as an earlier entry, ignoring ASCII case and `\` vs `/`.
    DuplicateName { other: String },
    /// The entry's bytes (local header, name, extra field, data) overlap another entry's, or the
    /// central directory (`other` is then "the central directory").
    Overlap { other: String },
    /// The local header disagrees with the central directory (name, method, sizes, CRC) or the
    /// data descriptor does.
    HeaderMismatch,
    /// Uncompressed/compressed over the limit for a large entry.
    Ratio { ratio: u64 },
    /// The declared uncompressed sizes add up to more than the limit.
    TotalSize { total: u64 },
    /// More entries than the limit; only the first ones were parsed.
    TooManyEntries { count: usize },
    /// The inflated data does not match its CRC-32.
    Crc,
    /// A header or the data lies past the end of the archive, or the data inflates to fewer bytes
    /// than declared.
    Truncated,
    /// The data inflates to more bytes than the entry declares (found by [`Archive::read`], which
    /// stops at the declared size).
    Oversized { declared: u64 },
}

impl ZipIssueKind {
    /// The rule id this problem is reported under (`solutions.md` §11.1).
    pub fn rule(&self) -> &'static str {
        match self {
            ZipIssueKind::Unreadable | ZipIssueKind::Crc | ZipIssueKind::Truncated => {
                "zip-readable"
            }
            ZipIssueKind::PathTraversal => "zip-path-traversal",
            ZipIssueKind::Backslash => "zip-backslash",
            ZipIssueKind::Symlink => "zip-symlink",
            ZipIssueKind::Encrypted => "zip-encrypted",
            ZipIssueKind::Method(_) => "zip-method",
            ZipIssueKind::DuplicateName { .. } => "zip-duplicate-name",
            ZipIssueKind::Overlap { .. } | ZipIssueKind::HeaderMismatch => "zip-overlap",
            ZipIssueKind::Ratio { .. } | ZipIssueKind::Oversized { .. } => "zip-ratio",
            ZipIssueKind::TotalSize { .. } => "zip-size",
            ZipIssueKind::TooManyEntries { .. } => "zip-entries",
        }
    }

    /// Whether an entry with this problem is refused by [`Archive::read`]. A backslash or a
    /// duplicate name is a problem for extractors, not for reading the bytes.
    fn refuses_read(&self) -> bool {
        !matches!(
            self,
            ZipIssueKind::Backslash
                | ZipIssueKind::DuplicateName { .. }
                | ZipIssueKind::TooManyEntries { .. }
        )
    }
}

/// One problem, with the entry it is about (none for the archive as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipIssue {
    pub kind: ZipIssueKind,
    pub entry: Option<String>,
    /// What is wrong and what to do, naming the entry.
    pub message: String,
}

impl fmt::Display for ZipIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ZipIssue {}

/// One entry of the central directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name as stored, decoded as UTF-8 with invalid bytes replaced.
    pub name: String,
    /// The name ends with `/` (or `\`).
    pub is_dir: bool,
    pub compressed_size: u64,
    /// The declared uncompressed size.
    pub size: u64,
    pub crc32: u32,
    local_offset: u64,
    /// Where the compressed data starts, once the local header was read.
    data_start: Option<u64>,
    method: u16,
    flags: u16,
    /// The first problem that makes the entry unsafe to read.
    refused: Option<Box<ZipIssue>>,
}

impl Entry {
    /// The compression method (0 Stored, 8 Deflate, anything else is refused).
    pub fn method(&self) -> u16 {
        self.method
    }

    /// Whether [`Archive::read`] will try to read it (it may still fail on corrupt data).
    pub fn readable(&self) -> bool {
        self.refused.is_none()
    }
}

/// A zip archive held in memory, its entries, and every problem found while opening it.
#[derive(Clone)]
pub struct Archive {
    /// What to call the archive in messages (a path, or `outer.zip!package.zip`).
    pub display: String,
    pub entries: Vec<Entry>,
    pub issues: Vec<ZipIssue>,
    bytes: Arc<[u8]>,
    limits: Limits,
}

impl fmt::Debug for Archive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Archive")
            .field("display", &self.display)
            .field("bytes", &self.bytes.len())
            .field("entries", &self.entries)
            .field("issues", &self.issues)
            .finish()
    }
}

impl Archive {
    /// Parses the central directory and every local header of `bytes`, recording each problem.
    /// Never panics and never fails: a file that is not a zip gives one
    /// [`ZipIssueKind::Unreadable`] issue and no entries.
    pub fn open(bytes: impl Into<Arc<[u8]>>, display: &str, limits: &Limits) -> Archive {
        let bytes = bytes.into();
        let mut scan = Scan {
            bytes: &bytes,
            display,
            limits,
            entries: Vec::new(),
            issues: Vec::new(),
        };
        scan.run();
        let Scan {
            entries, issues, ..
        } = scan;
        Archive {
            display: display.to_string(),
            entries,
            issues,
            bytes,
            limits: *limits,
        }
    }

    /// The uncompressed bytes of entry `index`, checked against its CRC-32. Inflates at most the
    /// declared size (itself within the limits); refuses an entry flagged unsafe at `open` with the
    /// issue that flagged it.
    pub fn read(&self, index: usize) -> Result<Vec<u8>, ZipIssue> {
        let Some(entry) = self.entries.get(index) else {
            return Err(ZipIssue {
                kind: ZipIssueKind::Unreadable,
                entry: None,
                message: format!(
                    "`{}` has no entry #{index} (it has {})",
                    self.display,
                    self.entries.len()
                ),
            });
        };
        if let Some(issue) = &entry.refused {
            return Err((**issue).clone());
        }
        let problem = |kind, message: String| ZipIssue {
            kind,
            entry: Some(entry.name.clone()),
            message,
        };
        let name = quote(&entry.name);
        let data = entry
            .data_start
            .and_then(|start| {
                let start = usize::try_from(start).ok()?;
                let end = start.checked_add(usize::try_from(entry.compressed_size).ok()?)?;
                self.bytes.get(start..end)
            })
            .ok_or_else(|| {
                problem(
                    ZipIssueKind::Truncated,
                    format!("the data of {name} lies past the end of the archive; the file was cut short: download or export it again"),
                )
            })?;
        let out = match entry.method {
            STORED => data.to_vec(),
            DEFLATE => {
                let limit = entry.size.min(self.limits.max_total_uncompressed);
                let mut out = Vec::with_capacity(usize::try_from(limit).unwrap_or(0));
                DeflateDecoder::new(data)
                    .take(limit.saturating_add(1))
                    .read_to_end(&mut out)
                    .map_err(|e| {
                        problem(
                            ZipIssueKind::Unreadable,
                            format!("the compressed data of {name} is corrupt ({e}); the archive is damaged: export or build it again"),
                        )
                    })?;
                let got = out.len() as u64;
                if got > entry.size {
                    return Err(problem(
                        ZipIssueKind::Oversized {
                            declared: entry.size,
                        },
                        format!(
                            "{name} inflates to more than the {} bytes its headers declare; ppcert stopped there. Headers that understate the size are how zip bombs get past size checks: rebuild the archive",
                            entry.size
                        ),
                    ));
                }
                if got < entry.size {
                    return Err(problem(
                        ZipIssueKind::Truncated,
                        format!(
                            "{name} inflates to {got} bytes, fewer than the {} its headers declare; the archive is damaged: export or build it again",
                            entry.size
                        ),
                    ));
                }
                out
            }
            other => {
                return Err(problem(
                    ZipIssueKind::Method(other),
                    format!("{name} uses compression method {other}, which ppcert does not read"),
                ));
            }
        };
        let crc = crc32fast::hash(&out);
        if crc != entry.crc32 {
            return Err(problem(
                ZipIssueKind::Crc,
                format!(
                    "{name} does not match its checksum (CRC-32 {crc:08x}, expected {:08x}): the archive is corrupt; download or export it again",
                    entry.crc32
                ),
            ));
        }
        Ok(out)
    }

    /// The first entry named exactly `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.name == name)
    }

    /// The first entry whose name equals `name` ignoring ASCII case, with `\` read as `/`.
    pub fn find_ci(&self, name: &str) -> Option<usize> {
        self.entries.iter().position(|e| same_name(&e.name, name))
    }

    /// Files at the root: names with no `/` or `\`, directories excluded.
    pub fn root_files(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(|e| !e.is_dir && !e.name.contains(['/', '\\']))
    }

    /// The folders at the root, in the order first seen: those of directory entries and those
    /// implied by names such as `Connector/x.json` (Dataverse writes no directory entries).
    pub fn root_folders(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut folders = Vec::new();
        for entry in &self.entries {
            if let Some(at) = entry.name.find(['/', '\\'])
                && at > 0
            {
                let folder = &entry.name[..at];
                if seen.insert(folder) {
                    folders.push(folder.to_string());
                }
            }
        }
        folders
    }
}

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
const DESCRIPTOR_SIG: u32 = 0x0807_4b50;
const DIGITAL_SIGNATURE_SIG: u32 = 0x0505_4b50;

mod format;
mod names;
mod scan;
#[cfg(test)]
mod tests;

use format::*;
pub use names::traversal_reason;
use names::*;
use scan::*;
