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
const LOCAL_LEN: usize = 30;
const CENTRAL_LEN: usize = 46;
const EOCD_LEN: usize = 22;
const ZIP64_LOCATOR_LEN: usize = 20;
const ZIP64_EOCD_LEN: usize = 56;
const ZIP64_EXTRA: u16 = 0x0001;
const FLAG_ENCRYPTED: u16 = 1;
const FLAG_DESCRIPTOR: u16 = 1 << 3;
const STORED: u16 = 0;
const DEFLATE: u16 = 8;
const S_IFMT: u32 = 0o170_000;
const S_IFLNK: u32 = 0o120_000;
const HOST_UNIX: u16 = 3;
const HOST_OSX: u16 = 19;

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

fn to_usize(v: u64) -> Option<usize> {
    usize::try_from(v).ok()
}

/// A name in backticks, control characters (NUL, newlines) escaped so a message stays one line.
fn quote(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('`');
    for c in name.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('`');
    out
}

/// Equal ignoring ASCII case, with `\` read as `/`.
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| fold(x) == fold(y))
}

fn fold(b: u8) -> u8 {
    if b == b'\\' {
        b'/'
    } else {
        b.to_ascii_lowercase()
    }
}

/// Why `name` would escape the folder it is extracted into, if it would: the checks of the `zip`
/// crate's `enclosed_name()`, done on both separators so Windows readings are covered too.
pub fn traversal_reason(name: &str) -> Option<&'static str> {
    if name.contains('\0') {
        return Some("contains a NUL byte, which cuts the name short in most tools");
    }
    if name.starts_with("\\\\") || name.starts_with("//") {
        return Some("is a UNC path (`\\\\server\\share`), which points at another machine");
    }
    if name.starts_with(['/', '\\']) {
        return Some("is an absolute path (it starts with a separator)");
    }
    let b = name.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':' {
        return Some("starts with a drive letter (`C:`)");
    }
    // Windows drops trailing dots and spaces from a segment, so `.. ` and `...` climb too.
    let climbs = |seg: &str| {
        let seg = seg.trim_end_matches(' ');
        seg.len() >= 2 && seg.bytes().all(|c| c == b'.' || c == b' ') && seg.starts_with("..")
    };
    if name.split(['/', '\\']).any(climbs) {
        return Some("has a `..` segment, which climbs out of the folder it is extracted into");
    }
    None
}

/// Where the central directory is, from the end-of-central-directory record (zip64 aware).
struct Directory {
    declared: u64,
    offset: u64,
    size: u64,
}

fn find_directory(b: &[u8]) -> Result<Directory, String> {
    if b.len() < EOCD_LEN {
        return Err(format!(
            "it is {} bytes long, shorter than the smallest zip ({EOCD_LEN} bytes)",
            b.len()
        ));
    }
    // The record is the last thing in the file, followed only by a comment of at most 64 KiB. A
    // record whose comment ends exactly at the end of the file wins over one found earlier.
    let last = b.len() - EOCD_LEN;
    let first = b.len().saturating_sub(EOCD_LEN + usize::from(u16::MAX));
    let mut found = None;
    for pos in (first..=last).rev() {
        if le32(b, pos) != Some(EOCD_SIG) {
            continue;
        }
        let comment = usize::from(le16(b, pos + 20).unwrap_or(0));
        let end = pos + EOCD_LEN + comment;
        if end == b.len() {
            found = Some(pos);
            break;
        }
        if end < b.len() && found.is_none() {
            found = Some(pos);
        }
    }
    let Some(pos) = found else {
        return Err(
            "it has no end-of-central-directory record: it is not a zip, or it was cut short"
                .into(),
        );
    };
    let field16 = |at| u64::from(le16(b, pos + at).unwrap_or(0));
    let field32 = |at| u64::from(le32(b, pos + at).unwrap_or(0));
    let (disk, cd_disk) = (field16(4), field16(6));
    let (on_disk, mut declared) = (field16(8), field16(10));
    let (mut size, mut offset) = (field32(12), field32(16));
    let mut bound = pos as u64;
    let saturated =
        declared == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF || on_disk == 0xFFFF;
    let locator = pos.checked_sub(ZIP64_LOCATOR_LEN);
    if let Some(loc) = locator.filter(|&l| le32(b, l) == Some(ZIP64_LOCATOR_SIG)) {
        let record = le64(b, loc + 8).and_then(to_usize);
        let fits = |r: usize| r.checked_add(ZIP64_EOCD_LEN).is_some_and(|e| e <= loc);
        match record.filter(|&r| fits(r) && le32(b, r) == Some(ZIP64_EOCD_SIG)) {
            Some(r) => {
                if le32(b, r + 16) != Some(0) || le32(b, r + 20) != Some(0) {
                    return Err("it is split across several files (a spanned archive); join it into one zip".into());
                }
                declared = le64(b, r + 32).unwrap_or(0);
                size = le64(b, r + 40).unwrap_or(0);
                offset = le64(b, r + 48).unwrap_or(0);
                bound = r as u64;
            }
            None if saturated => {
                return Err("its zip64 end record is missing or damaged".into());
            }
            None => {}
        }
    } else if disk != 0 || cd_disk != 0 || (on_disk != declared && !saturated) {
        return Err(
            "it is split across several files (a spanned archive); join it into one zip".into(),
        );
    }
    match offset.checked_add(size) {
        Some(end) if end <= bound => Ok(Directory {
            declared,
            offset,
            size,
        }),
        _ => Err(format!(
            "its central directory (at byte {offset}, {size} bytes) runs past its end record: the file was cut short or damaged"
        )),
    }
}

/// A central directory header, zip64 sizes resolved.
struct Central<'a> {
    made_by: u16,
    flags: u16,
    method: u16,
    crc: u32,
    csize: u64,
    size: u64,
    external: u32,
    local_offset: u64,
    name: &'a [u8],
}

/// The zip64 extended-information field of `extra`, if any.
fn zip64_field(extra: &[u8]) -> Option<&[u8]> {
    let mut at = 0;
    while at + 4 <= extra.len() {
        let id = le16(extra, at)?;
        let len = usize::from(le16(extra, at + 2)?);
        let data = extra.get(at + 4..at + 4 + len)?;
        if id == ZIP64_EXTRA {
            return Some(data);
        }
        at += 4 + len;
    }
    None
}

/// Replaces the 32-bit values saturated at 0xFFFFFFFF by the zip64 field's, in the field's order.
fn resolve_zip64(extra: &[u8], values: &mut [&mut u64]) {
    let field = zip64_field(extra).unwrap_or(&[]);
    let mut at = 0;
    for v in values.iter_mut() {
        if **v == 0xFFFF_FFFF
            && let Some(big) = le64(field, at)
        {
            **v = big;
            at += 8;
        }
    }
}

fn parse_central(b: &[u8], pos: usize, end: usize) -> Result<(Central<'_>, usize), String> {
    let head = b
        .get(pos..pos + CENTRAL_LEN)
        .filter(|_| pos + CENTRAL_LEN <= end)
        .ok_or("the directory ends in the middle of a header")?;
    if le32(head, 0) != Some(CENTRAL_SIG) {
        return Err(format!(
            "there is no central header signature at byte {pos}"
        ));
    }
    let f16 = |at| le16(head, at).unwrap_or(0);
    let f32 = |at| le32(head, at).unwrap_or(0);
    let (name_len, extra_len, comment_len) = (
        usize::from(f16(28)),
        usize::from(f16(30)),
        usize::from(f16(32)),
    );
    let name_at = pos + CENTRAL_LEN;
    let next = name_at + name_len + extra_len + comment_len;
    if next > end {
        return Err("a header's name, extra field or comment runs past the directory".into());
    }
    let name = &b[name_at..name_at + name_len];
    let extra = &b[name_at + name_len..name_at + name_len + extra_len];
    let mut size = u64::from(f32(24));
    let mut csize = u64::from(f32(20));
    let mut local_offset = u64::from(f32(42));
    resolve_zip64(extra, &mut [&mut size, &mut csize, &mut local_offset]);
    Ok((
        Central {
            made_by: f16(4),
            flags: f16(8),
            method: f16(10),
            crc: f32(16),
            csize,
            size,
            external: f32(38),
            local_offset,
            name,
        },
        next,
    ))
}

/// How many central headers follow `pos`, skipped without being kept.
fn count_headers(b: &[u8], mut pos: usize, end: usize) -> usize {
    let mut count = 0;
    while let Ok((_, next)) = parse_central(b, pos, end) {
        count += 1;
        pos = next;
    }
    count
}

struct Scan<'a> {
    bytes: &'a [u8],
    display: &'a str,
    limits: &'a Limits,
    entries: Vec<Entry>,
    issues: Vec<ZipIssue>,
}

impl Scan<'_> {
    fn archive_issue(&mut self, kind: ZipIssueKind, message: String) {
        self.issues.push(ZipIssue {
            kind,
            entry: None,
            message,
        });
    }

    fn entry_issue(&mut self, index: usize, kind: ZipIssueKind, message: String) {
        let entry = &mut self.entries[index];
        let issue = ZipIssue {
            kind,
            entry: Some(entry.name.clone()),
            message,
        };
        if issue.kind.refuses_read() && entry.refused.is_none() {
            entry.refused = Some(Box::new(issue.clone()));
        }
        self.issues.push(issue);
    }

    fn run(&mut self) {
        let display = quote(self.display);
        let dir = match find_directory(self.bytes) {
            Ok(dir) => dir,
            Err(why) => {
                self.archive_issue(
                    ZipIssueKind::Unreadable,
                    format!("{display} cannot be read as a zip archive: {why}. Check that it is the exported .zip itself, complete and not renamed, and download or export it again"),
                );
                return;
            }
        };
        // `find_directory` checked that offset + size lies within the file.
        let (start, end) = (dir.offset as usize, (dir.offset + dir.size) as usize);
        let mut pos = start;
        let mut complete = true;
        while pos < end {
            if le32(self.bytes, pos) == Some(DIGITAL_SIGNATURE_SIG) {
                break;
            }
            if self.entries.len() >= self.limits.max_entries {
                let count = self.entries.len() + count_headers(self.bytes, pos, end);
                let max = self.limits.max_entries;
                self.archive_issue(
                    ZipIssueKind::TooManyEntries { count },
                    format!("{display} has {count} entries, more than the {max} ppcert reads from one archive; only the first {max} were checked. A solution export holds tens of files: check that this is the right archive"),
                );
                complete = false;
                break;
            }
            match parse_central(self.bytes, pos, end) {
                Ok((central, next)) => {
                    self.add(central);
                    pos = next;
                }
                Err(why) => {
                    let n = self.entries.len() + 1;
                    self.archive_issue(
                        ZipIssueKind::Unreadable,
                        format!("the central directory of {display} is broken at entry #{n}: {why}; only the {} entries before it were checked. The archive is damaged: export or build it again", n - 1),
                    );
                    complete = false;
                    break;
                }
            }
        }
        if complete && self.entries.len() as u64 != dir.declared {
            let n = self.entries.len();
            self.archive_issue(
                ZipIssueKind::Unreadable,
                format!("the end record of {display} declares {} entries, but its central directory holds {n}: the archive is damaged or crafted; export or build it again", dir.declared),
            );
        }
        self.duplicates();
        self.overlaps(&dir);
        let total = self
            .entries
            .iter()
            .fold(0u64, |sum, e| sum.saturating_add(e.size));
        let max = self.limits.max_total_uncompressed;
        if total > max {
            self.archive_issue(
                ZipIssueKind::TotalSize { total },
                format!("the entries of {display} add up to {total} bytes uncompressed, over the {} MiB ppcert reads from one archive (a solution may be at most 95 MB); check that this is the right archive", max >> 20),
            );
        }
    }

    /// Records a central header as an entry and checks it on its own.
    fn add(&mut self, c: Central<'_>) {
        let name = String::from_utf8_lossy(c.name).into_owned();
        let index = self.entries.len();
        self.entries.push(Entry {
            is_dir: name.ends_with(['/', '\\']),
            name,
            compressed_size: c.csize,
            size: c.size,
            crc32: c.crc,
            local_offset: c.local_offset,
            data_start: None,
            method: c.method,
            flags: c.flags,
            refused: None,
        });
        let name = quote(&self.entries[index].name);
        if let Some(why) = traversal_reason(&self.entries[index].name) {
            self.entry_issue(
                index,
                ZipIssueKind::PathTraversal,
                format!("entry {name} {why}: extracting it could write outside the target folder. Rebuild the archive with relative paths that stay inside it"),
            );
        }
        if self.entries[index].name.contains('\\') {
            self.entry_issue(
                index,
                ZipIssueKind::Backslash,
                format!("entry {name} uses `\\` as a folder separator, which the zip format does not allow (only `/`), so tools disagree on what the name means; old Windows PowerShell `Compress-Archive` wrote such names. Rebuild the archive with a spec-compliant zipper (7-Zip, PowerShell 7, `pac solution pack`)"),
            );
        }
        let mode = c.external >> 16;
        if matches!(c.made_by >> 8, HOST_UNIX | HOST_OSX) && mode & S_IFMT == S_IFLNK {
            self.entry_issue(
                index,
                ZipIssueKind::Symlink,
                format!("entry {name} is a symbolic link (Unix mode {mode:o}); ppcert never follows or reads it, and extracting it can redirect later entries outside the target folder. Replace it with the file it points to"),
            );
        }
        let encrypted = c.flags & FLAG_ENCRYPTED != 0;
        if encrypted {
            self.entry_issue(
                index,
                ZipIssueKind::Encrypted,
                format!("entry {name} is encrypted, so nothing in it can be checked; a package must open without a password. Rebuild the archive without encryption"),
            );
        }
        if !matches!(c.method, STORED | DEFLATE) {
            let m = c.method;
            self.entry_issue(
                index,
                ZipIssueKind::Method(m),
                format!("entry {name} is compressed with method {m} ({}); only Stored (0) and Deflate (8) are read, and they are all Dataverse writes. Rebuild the archive with Deflate", method_name(m)),
            );
        } else if c.method == STORED && !encrypted && c.csize != c.size {
            self.entry_issue(
                index,
                ZipIssueKind::Unreadable,
                format!("entry {name} is stored uncompressed but declares {} bytes of data and {} bytes uncompressed; the archive is damaged or crafted: export or build it again", c.csize, c.size),
            );
        }
        if c.size > self.limits.ratio_min_size {
            let ratio = c.size / c.csize.max(1);
            if ratio > self.limits.max_ratio {
                self.entry_issue(
                    index,
                    ZipIssueKind::Ratio { ratio },
                    format!("entry {name} inflates {} compressed bytes to {} ({ratio}:1, over {}:1): that is a zip bomb's signature (real solution files compress at most about 15:1), so ppcert does not read it. Check where this archive came from", c.csize, c.size, self.limits.max_ratio),
                );
            }
        }
        if c.size > self.limits.max_total_uncompressed {
            // The archive-wide `zip-size` issue reports it; this only keeps `read` bounded.
            let entry = &mut self.entries[index];
            entry.refused.get_or_insert_with(|| {
                Box::new(ZipIssue {
                    kind: ZipIssueKind::TotalSize { total: c.size },
                    entry: Some(entry.name.clone()),
                    message: format!("entry {name} declares {} bytes uncompressed, over the {} MiB ppcert reads from one archive", c.size, self.limits.max_total_uncompressed >> 20),
                })
            });
        }
        self.local_header(index, &c);
    }

    /// Reads the entry's local header and compares it with the central one.
    fn local_header(&mut self, index: usize, c: &Central<'_>) {
        let b = self.bytes;
        let name = quote(&self.entries[index].name);
        let off = c.local_offset;
        let Some(at) = to_usize(off).filter(|&at| at.saturating_add(LOCAL_LEN) <= b.len()) else {
            self.entry_issue(
                index,
                ZipIssueKind::Truncated,
                format!("the local header of entry {name} (byte {off}) lies past the end of the archive ({} bytes): the file was cut short or damaged; download or export it again", b.len()),
            );
            return;
        };
        if le32(b, at) != Some(LOCAL_SIG) {
            self.entry_issue(
                index,
                ZipIssueKind::Unreadable,
                format!("the central directory points entry {name} at byte {off}, where there is no local header: the archive is damaged or crafted; export or build it again"),
            );
            return;
        }
        let f16 = |o| le16(b, at + o).unwrap_or(0);
        let f32 = |o| le32(b, at + o).unwrap_or(0);
        let (flags, method) = (f16(6), f16(8));
        let (name_len, extra_len) = (usize::from(f16(26)), usize::from(f16(28)));
        let name_at = at + LOCAL_LEN;
        let data_at = name_at + name_len + extra_len;
        let data_end = (data_at as u64).checked_add(c.csize);
        let Some(data_end) = data_end.filter(|&e| e <= b.len() as u64) else {
            self.entry_issue(
                index,
                ZipIssueKind::Truncated,
                format!("the data of entry {name} ({} bytes from byte {data_at}) runs past the end of the archive ({} bytes): the file was cut short or damaged; download or export it again", c.csize, b.len()),
            );
            return;
        };
        let local_name = &b[name_at..name_at + name_len];
        let extra = &b[name_at + name_len..data_at];
        let (crc, mut csize, mut size) = (f32(14), u64::from(f32(18)), u64::from(f32(22)));
        resolve_zip64(extra, &mut [&mut size, &mut csize]);

        let mut wrong = Vec::new();
        if local_name != c.name {
            wrong.push(format!(
                "it names the entry {}",
                quote(&String::from_utf8_lossy(local_name))
            ));
        }
        if method != c.method {
            wrong.push(format!(
                "it says compression method {method}, the directory {}",
                c.method
            ));
        }
        let descriptor = flags & FLAG_DESCRIPTOR != 0;
        // With a data descriptor the local header may leave the sizes and CRC zero.
        let differs = |local: u64, central: u64| local != central && !(descriptor && local == 0);
        if differs(csize, c.csize) || differs(size, c.size) {
            wrong.push(format!(
                "it declares {csize} compressed and {size} uncompressed bytes, the directory {} and {}",
                c.csize, c.size
            ));
        }
        if differs(u64::from(crc), u64::from(c.crc)) {
            wrong.push(format!(
                "it declares CRC-32 {crc:08x}, the directory {:08x}",
                c.crc
            ));
        }
        if descriptor && wrong.is_empty() {
            match descriptor_matches(b, data_end as usize, c) {
                Some(true) => {}
                Some(false) => wrong.push(
                    "its data descriptor gives a different CRC or sizes than the directory"
                        .to_string(),
                ),
                None => wrong.push("its data descriptor is missing".to_string()),
            }
        }
        // Known even when the headers disagree, so the overlap check sees the entry's bytes.
        self.entries[index].data_start = Some(data_at as u64);
        if !wrong.is_empty() {
            self.entry_issue(
                index,
                ZipIssueKind::HeaderMismatch,
                format!("the local header of entry {name} disagrees with the central directory: {}. Tools that read local headers see another file than tools that read the directory; rebuild the archive", wrong.join("; ")),
            );
        }
    }

    /// Same names, ignoring ASCII case and `\` vs `/`.
    fn duplicates(&mut self) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for index in 0..self.entries.len() {
            let key: String = self.entries[index]
                .name
                .bytes()
                .map(fold)
                .map(char::from)
                .collect();
            match seen.get(&key) {
                Some(&first) => {
                    let other = self.entries[first].name.clone();
                    let message = format!(
                        "entry {} has the same name as {} once case and `\\`/`/` are ignored; extracting on Windows keeps only one of them, and which one depends on the tool. Remove or rename one",
                        quote(&self.entries[index].name),
                        quote(&other)
                    );
                    self.entry_issue(index, ZipIssueKind::DuplicateName { other }, message);
                }
                None => {
                    seen.insert(key, index);
                }
            }
        }
    }

    /// Entries whose bytes (local header to end of data) overlap another entry's or the central
    /// directory: the non-recursive zip bomb makes thousands of entries share one compressed run.
    fn overlaps(&mut self, dir: &Directory) {
        let mut ranges: Vec<(u64, u64, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let end = e.data_start?.checked_add(e.compressed_size)?;
                Some((e.local_offset, end, i))
            })
            .collect();
        ranges.sort_unstable();
        let mut flagged = vec![false; self.entries.len()];
        let cd_end = dir.offset + dir.size;
        let mut widest: Option<(u64, usize)> = None;
        for &(start, end, i) in &ranges {
            if start < cd_end && end > dir.offset {
                flagged[i] = true;
                let message = format!(
                    "the data of entry {} (bytes {start}..{end}) runs into the central directory (bytes {}..{cd_end}): the archive is crafted or damaged; rebuild it",
                    quote(&self.entries[i].name),
                    dir.offset
                );
                self.entry_issue(
                    i,
                    ZipIssueKind::Overlap {
                        other: "the central directory".into(),
                    },
                    message,
                );
            }
            match widest {
                Some((wend, w)) if start < wend => {
                    for (this, that) in [(i, w), (w, i)] {
                        if !flagged[this] {
                            flagged[this] = true;
                            self.overlap_issue(this, that);
                        }
                    }
                    if end > wend {
                        widest = Some((end, i));
                    }
                }
                _ => widest = Some((end, i)),
            }
        }
    }

    fn overlap_issue(&mut self, this: usize, that: usize) {
        let (a, b) = (&self.entries[this], &self.entries[that]);
        let span = |e: &Entry| {
            let end = e.data_start.unwrap_or(e.local_offset) + e.compressed_size;
            format!("{}..{end}", e.local_offset)
        };
        let message = format!(
            "the bytes of entry {} ({}) overlap those of {} ({}): entries sharing data is how non-recursive zip bombs multiply their size, so neither is read. Rebuild the archive",
            quote(&a.name),
            span(a),
            quote(&b.name),
            span(b)
        );
        let other = b.name.clone();
        self.entry_issue(this, ZipIssueKind::Overlap { other }, message);
    }
}

/// Whether the data descriptor at `at` agrees with the central header: it may start with a
/// signature and carry 4- or 8-byte sizes. `None` when there are too few bytes for one.
fn descriptor_matches(b: &[u8], at: usize, c: &Central<'_>) -> Option<bool> {
    let mut room = false;
    for signed in [true, false] {
        let base = if signed {
            if le32(b, at) != Some(DESCRIPTOR_SIG) {
                continue;
            }
            at + 4
        } else {
            at
        };
        if let (Some(crc), Some(cs), Some(us)) =
            (le32(b, base), le32(b, base + 4), le32(b, base + 8))
        {
            room = true;
            if crc == c.crc && u64::from(cs) == c.csize && u64::from(us) == c.size {
                return Some(true);
            }
        }
        if let (Some(crc), Some(cs), Some(us)) =
            (le32(b, base), le64(b, base + 4), le64(b, base + 12))
            && crc == c.crc
            && cs == c.csize
            && us == c.size
        {
            return Some(true);
        }
    }
    room.then_some(false)
}

fn method_name(method: u16) -> &'static str {
    match method {
        1 => "Shrink",
        2..=5 => "Reduce",
        6 => "Implode",
        9 => "Deflate64",
        12 => "BZIP2",
        14 => "LZMA",
        93 => "Zstandard",
        95 => "XZ",
        96 => "JPEG",
        97 => "WavPack",
        98 => "PPMd",
        99 => "AES encryption",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// One entry as the hand-written archives below lay it out; the fields default to a clean
    /// stored entry and each test bends one of them.
    #[derive(Clone)]
    struct Spec {
        name: Vec<u8>,
        /// As stored: already compressed for method 8.
        data: Vec<u8>,
        method: u16,
        flags: u16,
        crc: u32,
        size: u64,
        made_by: u16,
        external: u32,
        local_name: Option<Vec<u8>>,
        /// (CRC, compressed, uncompressed) in the local header when they differ from the central.
        local_fields: Option<(u32, u32, u32)>,
        /// Bytes written after the data (a data descriptor).
        trailer: Vec<u8>,
        /// Write no local header: point the central entry at entry n's.
        share_local_of: Option<usize>,
        /// Central compressed size when it differs from `data.len()`.
        central_csize: Option<u64>,
    }

    fn stored(name: &str, data: &[u8]) -> Spec {
        Spec {
            name: name.as_bytes().to_vec(),
            data: data.to_vec(),
            method: STORED,
            flags: 0,
            crc: crc32fast::hash(data),
            size: data.len() as u64,
            made_by: 20,
            external: 0,
            local_name: None,
            local_fields: None,
            trailer: Vec::new(),
            share_local_of: None,
            central_csize: None,
        }
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    fn deflated(name: &str, data: &[u8]) -> Spec {
        Spec {
            data: deflate(data),
            method: DEFLATE,
            ..stored(name, data)
        }
    }

    fn put16(out: &mut Vec<u8>, v: u16) {
        out.extend(v.to_le_bytes());
    }

    fn put32(out: &mut Vec<u8>, v: u32) {
        out.extend(v.to_le_bytes());
    }

    fn put64(out: &mut Vec<u8>, v: u64) {
        out.extend(v.to_le_bytes());
    }

    /// Local headers and data, the central directory, the end record; with `zip64`, every size and
    /// offset goes through zip64 extra fields and zip64 end records.
    fn build_with(specs: &[Spec], zip64: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut offsets: Vec<u64> = Vec::new();
        for s in specs {
            if let Some(i) = s.share_local_of {
                offsets.push(offsets[i]);
                continue;
            }
            offsets.push(out.len() as u64);
            let (crc, csize, size) =
                s.local_fields
                    .unwrap_or((s.crc, s.data.len() as u32, s.size as u32));
            let name = s.local_name.as_ref().unwrap_or(&s.name);
            put32(&mut out, LOCAL_SIG);
            put16(&mut out, 20);
            put16(&mut out, s.flags);
            put16(&mut out, s.method);
            put32(&mut out, 0); // time, date
            put32(&mut out, crc);
            if zip64 {
                put32(&mut out, u32::MAX);
                put32(&mut out, u32::MAX);
            } else {
                put32(&mut out, csize);
                put32(&mut out, size);
            }
            put16(&mut out, name.len() as u16);
            put16(&mut out, if zip64 { 20 } else { 0 });
            out.extend(name);
            if zip64 {
                put16(&mut out, ZIP64_EXTRA);
                put16(&mut out, 16);
                put64(&mut out, u64::from(size));
                put64(&mut out, u64::from(csize));
            }
            out.extend(&s.data);
            out.extend(&s.trailer);
        }
        let cd = out.len() as u64;
        for (s, &offset) in specs.iter().zip(&offsets) {
            let csize = s.central_csize.unwrap_or(s.data.len() as u64);
            put32(&mut out, CENTRAL_SIG);
            put16(&mut out, s.made_by);
            put16(&mut out, 20);
            put16(&mut out, s.flags);
            put16(&mut out, s.method);
            put32(&mut out, 0);
            put32(&mut out, s.crc);
            if zip64 {
                put32(&mut out, u32::MAX);
                put32(&mut out, u32::MAX);
            } else {
                put32(&mut out, csize as u32);
                put32(&mut out, s.size as u32);
            }
            put16(&mut out, s.name.len() as u16);
            put16(&mut out, if zip64 { 28 } else { 0 });
            put16(&mut out, 0); // comment
            put16(&mut out, 0); // disk
            put16(&mut out, 0); // internal attributes
            put32(&mut out, s.external);
            put32(&mut out, if zip64 { u32::MAX } else { offset as u32 });
            out.extend(&s.name);
            if zip64 {
                put16(&mut out, ZIP64_EXTRA);
                put16(&mut out, 24);
                put64(&mut out, s.size);
                put64(&mut out, csize);
                put64(&mut out, offset);
            }
        }
        let cd_size = out.len() as u64 - cd;
        let n = specs.len() as u64;
        if zip64 {
            let record = out.len() as u64;
            put32(&mut out, ZIP64_EOCD_SIG);
            put64(&mut out, 44);
            put16(&mut out, 45);
            put16(&mut out, 45);
            put32(&mut out, 0);
            put32(&mut out, 0);
            put64(&mut out, n);
            put64(&mut out, n);
            put64(&mut out, cd_size);
            put64(&mut out, cd);
            put32(&mut out, ZIP64_LOCATOR_SIG);
            put32(&mut out, 0);
            put64(&mut out, record);
            put32(&mut out, 1);
        }
        put32(&mut out, EOCD_SIG);
        put32(&mut out, 0); // disks
        let count = if zip64 { 0xFFFF } else { n as u16 };
        put16(&mut out, count);
        put16(&mut out, count);
        put32(&mut out, if zip64 { u32::MAX } else { cd_size as u32 });
        put32(&mut out, if zip64 { u32::MAX } else { cd as u32 });
        put16(&mut out, 0);
        out
    }

    fn build(specs: &[Spec]) -> Vec<u8> {
        build_with(specs, false)
    }

    fn open(bytes: Vec<u8>) -> Archive {
        Archive::open(bytes, "test.zip", &Limits::default())
    }

    fn kinds(a: &Archive) -> Vec<(ZipIssueKind, Option<&str>)> {
        a.issues
            .iter()
            .map(|i| (i.kind.clone(), i.entry.as_deref()))
            .collect()
    }

    #[test]
    fn names_that_escape_the_target_folder_are_told_apart() {
        for bad in [
            "../x",
            "a/../../x",
            "..",
            "a\\..\\x",
            "/etc/passwd",
            "\\x",
            "\\\\server\\share\\x",
            "//server/share/x",
            "C:/x",
            "c:x",
            "x:y",
            "a\0.txt",
            "a/.. /x",
            "a/.../x",
        ] {
            assert!(traversal_reason(bad).is_some(), "{bad:?} passed");
        }
        for good in [
            "solution.xml",
            "Connector/x.json",
            "PkgAssets/",
            "a..b",
            "..a",
            "a/.x/..b",
            "ab:c",
            "a/C:/x",
            "Other\\Solution.xml",
        ] {
            assert_eq!(traversal_reason(good), None, "{good:?} failed");
        }
    }

    #[test]
    fn a_clean_archive_reads_back_exactly() {
        let text = b"<ImportExportXml>".repeat(200);
        let a = open(build(&[
            stored("solution.xml", b"<ImportExportXml/>"),
            deflated("customizations.xml", &text),
            stored("Connector/", b""),
        ]));
        assert_eq!(a.issues, []);
        assert_eq!(a.entries.len(), 3);
        assert_eq!(a.read(0).unwrap(), b"<ImportExportXml/>");
        assert_eq!(a.read(1).unwrap(), text);
        assert!(a.entries[1].compressed_size < a.entries[1].size);
        assert!(a.entries[2].is_dir && a.read(2).unwrap().is_empty());
        let missing = a.read(3).unwrap_err();
        assert_eq!(missing.kind, ZipIssueKind::Unreadable);
    }

    #[test]
    fn zip64_records_and_extra_fields_are_followed() {
        let text = b"zip64 ".repeat(100);
        let bytes = build_with(&[stored("a.txt", b"hello"), deflated("b.txt", &text)], true);
        let a = open(bytes);
        assert_eq!(a.issues, []);
        assert_eq!(a.read(0).unwrap(), b"hello");
        assert_eq!(a.read(1).unwrap(), text);
    }

    #[test]
    fn data_descriptors_are_checked_against_the_directory() {
        let data = b"described later";
        let crc = crc32fast::hash(data);
        let mut signed = stored("signed.txt", data);
        signed.flags = FLAG_DESCRIPTOR;
        signed.local_fields = Some((0, 0, 0));
        signed.trailer = [DESCRIPTOR_SIG, crc, 15, 15]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let mut bare = stored("bare.txt", data);
        bare.flags = FLAG_DESCRIPTOR;
        bare.local_fields = Some((0, 0, 0));
        bare.trailer = [crc, 15, 15].iter().flat_map(|v| v.to_le_bytes()).collect();
        let mut wide = stored("wide.txt", data);
        wide.flags = FLAG_DESCRIPTOR;
        wide.local_fields = Some((0, 0, 0));
        wide.trailer = DESCRIPTOR_SIG.to_le_bytes().to_vec();
        wide.trailer.extend(crc.to_le_bytes());
        wide.trailer.extend(15u64.to_le_bytes());
        wide.trailer.extend(15u64.to_le_bytes());
        let mut lying = stored("lying.txt", data);
        lying.flags = FLAG_DESCRIPTOR;
        lying.local_fields = Some((0, 0, 0));
        lying.trailer = [DESCRIPTOR_SIG, crc, 15, 9000]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let a = open(build(&[signed, bare, wide, lying]));
        assert_eq!(
            kinds(&a),
            [(ZipIssueKind::HeaderMismatch, Some("lying.txt"))]
        );
        for i in 0..3 {
            assert_eq!(a.read(i).unwrap(), data);
        }
        assert_eq!(a.read(3).unwrap_err().kind, ZipIssueKind::HeaderMismatch);
    }

    #[test]
    fn exact_duplicate_names_are_both_kept_and_reported() {
        // The `zip` crate keys entries by name and would keep only one of these.
        let a = open(build(&[
            stored("solution.xml", b"first"),
            stored("solution.xml", b"second"),
            stored("Other\\A.xml", b""),
            stored("other/a.XML", b""),
        ]));
        assert_eq!(a.entries.len(), 4);
        assert_eq!(
            kinds(&a),
            [
                (ZipIssueKind::Backslash, Some("Other\\A.xml")),
                (
                    ZipIssueKind::DuplicateName {
                        other: "solution.xml".into()
                    },
                    Some("solution.xml")
                ),
                (
                    ZipIssueKind::DuplicateName {
                        other: "Other\\A.xml".into()
                    },
                    Some("other/a.XML")
                ),
            ]
        );
        // Duplicates are a problem for extractors, not for reading.
        assert_eq!(a.read(1).unwrap(), b"second");
        assert_eq!(a.find("solution.xml"), Some(0));
        assert_eq!(a.find_ci("OTHER/a.xml"), Some(2));
    }

    #[test]
    fn central_entries_sharing_a_local_header_are_an_overlap() {
        let mut twin = stored("b.txt", &[0; 1000]);
        twin.share_local_of = Some(0);
        let a = open(build(&[stored("a.txt", &[0; 1000]), twin]));
        let found = kinds(&a);
        assert!(found.contains(&(ZipIssueKind::HeaderMismatch, Some("b.txt"))));
        assert!(found.contains(&(
            ZipIssueKind::Overlap {
                other: "b.txt".into()
            },
            Some("a.txt")
        )));
        assert!(found.contains(&(
            ZipIssueKind::Overlap {
                other: "a.txt".into()
            },
            Some("b.txt")
        )));
        assert!(a.read(0).is_err() && a.read(1).is_err());
    }

    #[test]
    fn an_entry_inside_another_entrys_data_is_an_overlap() {
        // The kernel of a non-recursive zip bomb: the outer entry's data holds the inner entry's
        // whole local header and data, and both headers are consistent.
        let inner = stored("inner.txt", b"payload");
        let inner_bytes = build(std::slice::from_ref(&inner));
        let local_len = LOCAL_LEN + "inner.txt".len() + b"payload".len();
        let outer = stored("outer.txt", &inner_bytes[..local_len]);
        let mut inner_central = inner;
        inner_central.share_local_of = Some(1);
        let mut specs = vec![outer, stored("spacer", b"")];
        // Entry 1's local header is written; entry 2 points inside entry 0's data.
        specs.push(inner_central);
        let mut bytes = build(&specs);
        // Re-point entry 2 at the copy of the inner header inside entry 0's data.
        let inside = (LOCAL_LEN + "outer.txt".len()) as u32;
        let cd = find_directory(&bytes).unwrap().offset as usize;
        let mut pos = cd;
        for _ in 0..2 {
            let (_, next) = parse_central(&bytes, pos, bytes.len()).unwrap();
            pos = next;
        }
        bytes[pos + 42..pos + 46].copy_from_slice(&inside.to_le_bytes());
        let a = open(bytes);
        assert_eq!(
            kinds(&a),
            [
                (
                    ZipIssueKind::Overlap {
                        other: "outer.txt".into()
                    },
                    Some("inner.txt")
                ),
                (
                    ZipIssueKind::Overlap {
                        other: "inner.txt".into()
                    },
                    Some("outer.txt")
                ),
            ]
        );
        assert_eq!(a.read(1).unwrap(), b"");
        assert!(matches!(
            a.read(2).unwrap_err().kind,
            ZipIssueKind::Overlap { .. }
        ));
    }

    #[test]
    fn data_running_into_the_central_directory_is_an_overlap() {
        let mut long = stored("long.txt", b"abc");
        long.flags = FLAG_DESCRIPTOR;
        long.local_fields = Some((0, 0, 0));
        long.central_csize = Some(40);
        long.size = 40;
        let a = open(build(&[long]));
        assert!(kinds(&a).contains(&(
            ZipIssueKind::Overlap {
                other: "the central directory".into()
            },
            Some("long.txt")
        )));
    }

    #[test]
    fn a_stored_entry_whose_sizes_differ_is_refused() {
        let mut s = stored("a.txt", b"abc");
        s.size = 10;
        s.local_fields = Some((s.crc, 3, 10));
        let a = open(build(&[s]));
        assert_eq!(kinds(&a), [(ZipIssueKind::Unreadable, Some("a.txt"))]);
        assert!(!a.entries[0].readable());
    }

    #[test]
    fn inflating_past_the_declared_size_stops_there() {
        let text = b"0123456789".repeat(100);
        let mut s = deflated("big.txt", &text);
        s.size = 500;
        let a = open(build(&[s]));
        assert_eq!(a.issues, []);
        let err = a.read(0).unwrap_err();
        assert_eq!(err.kind, ZipIssueKind::Oversized { declared: 500 });
        assert_eq!(err.kind.rule(), "zip-ratio");
        // And fewer bytes than declared is a truncation.
        let mut s = deflated("short.txt", &text);
        s.size = 2000;
        let a = open(build(&[s]));
        assert_eq!(a.read(0).unwrap_err().kind, ZipIssueKind::Truncated);
    }

    #[test]
    fn a_corrupt_deflate_stream_is_unreadable() {
        let mut s = deflated("a.txt", &b"abc".repeat(100));
        s.data = vec![0xff; s.data.len()];
        let a = open(build(&[s]));
        assert_eq!(a.read(0).unwrap_err().kind.rule(), "zip-readable");
    }

    #[test]
    fn the_entry_limit_stops_parsing() {
        let specs: Vec<Spec> = (0..5).map(|i| stored(&format!("f{i}"), b"")).collect();
        let limits = Limits {
            max_entries: 3,
            ..Limits::default()
        };
        let a = Archive::open(build(&specs), "many.zip", &limits);
        assert_eq!(a.entries.len(), 3);
        assert_eq!(
            kinds(&a),
            [(ZipIssueKind::TooManyEntries { count: 5 }, None)]
        );
        assert!(a.issues[0].message.contains("`many.zip` has 5 entries"));
    }

    #[test]
    fn ratio_and_total_size_follow_the_limits() {
        let limits = Limits {
            max_entries: 10,
            max_total_uncompressed: 50_000,
            max_ratio: 10,
            ratio_min_size: 20_000,
        };
        let zeros = vec![0u8; 30_000];
        let small = vec![0u8; 20_000];
        let a = Archive::open(
            build(&[
                deflated("bomb", &zeros),
                deflated("small", &small),
                deflated("more", &small),
            ]),
            "x.zip",
            &limits,
        );
        let found = kinds(&a);
        // `small` is at the size threshold, not over it: its ratio is not judged.
        assert!(matches!(found[0], (ZipIssueKind::Ratio { ratio }, Some("bomb")) if ratio > 10));
        assert_eq!(found[1], (ZipIssueKind::TotalSize { total: 70_000 }, None));
        assert_eq!(found.len(), 2);
        assert!(matches!(
            a.read(0).unwrap_err().kind,
            ZipIssueKind::Ratio { .. }
        ));
        assert_eq!(a.read(1).unwrap(), small);
        // One entry over the whole budget is never inflated.
        let a = Archive::open(build(&[stored("huge", &[1; 60_000])]), "y.zip", &limits);
        assert!(matches!(
            a.read(0).unwrap_err().kind,
            ZipIssueKind::TotalSize { .. }
        ));
    }

    #[test]
    fn a_broken_directory_keeps_what_came_before() {
        let mut bytes = build(&[stored("../a", b""), stored("b", b""), stored("c", b"")]);
        let cd = find_directory(&bytes).unwrap().offset as usize;
        let (_, second) = parse_central(&bytes, cd, bytes.len()).unwrap();
        let (_, third) = parse_central(&bytes, second, bytes.len()).unwrap();
        bytes[third] = b'X';
        let a = open(bytes);
        assert_eq!(a.entries.len(), 2);
        let found = kinds(&a);
        assert_eq!(found[0], (ZipIssueKind::PathTraversal, Some("../a")));
        assert_eq!(found[1].0, ZipIssueKind::Unreadable);
        assert!(a.issues[1].message.contains("entry #3"));
    }

    #[test]
    fn a_lying_entry_count_is_reported() {
        let mut bytes = build(&[stored("a", b""), stored("b", b"")]);
        let n = bytes.len();
        bytes[n - 12] = 3; // total entries in the end record
        bytes[n - 14] = 3;
        let a = open(bytes);
        assert_eq!(a.entries.len(), 2);
        assert_eq!(kinds(&a), [(ZipIssueKind::Unreadable, None)]);
    }

    #[test]
    fn the_end_record_is_found_behind_a_comment() {
        let mut bytes = build(&[stored("a", b"x")]);
        let n = bytes.len();
        // A comment holding something that looks like an end record (but does not end the file
        // where its own comment would) must not be taken for one.
        let mut comment = EOCD_SIG.to_le_bytes().to_vec();
        comment.extend([0; 18]);
        comment.extend(b"and more text");
        bytes[n - 2..].copy_from_slice(&(comment.len() as u16).to_le_bytes());
        bytes.extend(&comment);
        let a = open(bytes);
        assert_eq!(a.issues, []);
        assert_eq!(a.read(0).unwrap(), b"x");
    }

    #[test]
    fn anything_that_is_not_a_zip_gives_one_issue() {
        for bytes in [
            Vec::new(),
            b"PK".to_vec(),
            b"{\"swagger\": \"2.0\"}".to_vec(),
            EOCD_SIG.to_le_bytes().to_vec(),
            vec![0xff; 100_000],
        ] {
            let a = open(bytes);
            assert_eq!(a.entries, []);
            assert_eq!(kinds(&a), [(ZipIssueKind::Unreadable, None)]);
            assert!(a.issues[0].message.starts_with("`test.zip` cannot be read"));
        }
    }

    #[test]
    fn no_truncation_or_flipped_byte_makes_it_panic() {
        let text = b"<xml>text</xml>".repeat(20);
        let plain = build(&[
            stored("solution.xml", b"<x/>"),
            deflated("Connector/a.json", &text),
            stored("PkgAssets/", b""),
        ]);
        let wide = build_with(&[deflated("a", &text), stored("b", b"bb")], true);
        for bytes in [plain, wide] {
            for len in 0..bytes.len() {
                let a = open(bytes[..len].to_vec());
                for i in 0..a.entries.len() {
                    let _ = a.read(i);
                }
            }
            for at in 0..bytes.len() {
                for flip in [0x01, 0x80, 0xff] {
                    let mut copy = bytes.clone();
                    copy[at] ^= flip;
                    let a = open(copy);
                    for i in 0..a.entries.len() {
                        let _ = a.read(i);
                    }
                }
            }
        }
    }

    #[test]
    fn every_kind_has_its_rule() {
        let cases = [
            (ZipIssueKind::Unreadable, "zip-readable"),
            (ZipIssueKind::Crc, "zip-readable"),
            (ZipIssueKind::Truncated, "zip-readable"),
            (ZipIssueKind::PathTraversal, "zip-path-traversal"),
            (ZipIssueKind::Backslash, "zip-backslash"),
            (ZipIssueKind::Symlink, "zip-symlink"),
            (ZipIssueKind::Encrypted, "zip-encrypted"),
            (ZipIssueKind::Method(12), "zip-method"),
            (
                ZipIssueKind::DuplicateName { other: "x".into() },
                "zip-duplicate-name",
            ),
            (ZipIssueKind::Overlap { other: "x".into() }, "zip-overlap"),
            (ZipIssueKind::HeaderMismatch, "zip-overlap"),
            (ZipIssueKind::Ratio { ratio: 1000 }, "zip-ratio"),
            (ZipIssueKind::Oversized { declared: 1 }, "zip-ratio"),
            (ZipIssueKind::TotalSize { total: 1 }, "zip-size"),
            (ZipIssueKind::TooManyEntries { count: 1 }, "zip-entries"),
        ];
        for (kind, rule) in cases {
            assert_eq!(kind.rule(), rule, "{kind:?}");
        }
    }

    #[test]
    fn names_are_quoted_on_one_line() {
        assert_eq!(quote("a\0b\nc\\d"), "`a\\u{0}b\\nc\\d`");
    }

    #[test]
    fn root_files_and_folders_come_from_the_names() {
        let a = open(build(&[
            stored("intro.md", b""),
            stored("package.zip", b""),
            stored("PkgAssets/", b""),
            stored("Connector/a.json", b""),
            stored("Connector/b.json", b""),
            stored("Workflows\\f.json", b""),
        ]));
        let roots: Vec<&str> = a.root_files().map(|e| e.name.as_str()).collect();
        assert_eq!(roots, ["intro.md", "package.zip"]);
        assert_eq!(a.root_folders(), ["PkgAssets", "Connector", "Workflows"]);
    }
}
