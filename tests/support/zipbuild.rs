//! Real zips for the solution tests, built from fixture trees with the `zip` crate.
//!
//! The trees live in `tests/fixtures/solutions/` (its README.md describes them). Conventions:
//!
//! - A directory named `X.zip.d` stands for a zip named `X.zip`: [`zip_tree`] turns it into a
//!   nested zip entry, [`materialize`] into a real `X.zip` file.
//! - A file named `NAME.link` holds the path (relative to the link's own folder) of another file
//!   or folder, which then appears here as `NAME`. When NAME ends in `.zip` and the target is a
//!   folder, it is zipped, as if it were `NAME.d`. Links keep the package tree from duplicating
//!   the solution trees.
//! - A case folder holds `case.toml`: a base tree plus small edits ([`Case`]), applied to a
//!   copy before zipping ([`materialize_case`]).
//!
//! Zips are deterministic, like a Dataverse export: entries sorted by name, forward slashes, no
//! directory entries, Deflate, one fixed timestamp, made by "MS-DOS" (no Unix modes). Two builds
//! of the same tree are byte-identical.
//!
//! For the archive-attack tests, [`raw_zip`] writes entries exactly as given (any name, Stored,
//! symlinks, directory entries) and [`patch_bytes`], [`entry_headers`], [`set_flags`] and
//! [`set_method`] edit a built zip's bytes afterwards (duplicate names, encryption bits, unknown
//! methods…).
#![allow(dead_code)]

use base64::Engine;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// `tests/fixtures/solutions/`, where the base trees live.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/solutions")
}

/// A base tree by name: `connector-solution`, `flow-solution`, `package`, `unpacked`,
/// `unpacked-flow`, `cloned`, `paconn`.
pub fn fixture(name: &str) -> PathBuf {
    let dir = fixtures_dir().join(name);
    assert!(dir.is_dir(), "no fixture tree {}", dir.display());
    dir
}

/// The timestamp of every entry (zip times have no zone and 2-second steps).
pub fn fixed_time() -> DateTime {
    DateTime::from_date_and_time(2025, 6, 1, 12, 0, 0).unwrap()
}

/// The options of every entry [`zip_tree`] writes.
pub fn entry_options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(fixed_time())
        .system(System::Dos)
}

/// How many links may be followed inside one another before we call it a cycle.
const MAX_LINK_DEPTH: usize = 16;

/// What a directory entry of a fixture tree stands for, links resolved.
enum Node {
    /// A file with these bytes.
    File(PathBuf),
    /// A plain folder.
    Dir(PathBuf),
    /// A folder that stands for a zip (`X.zip.d`, or `X.zip.link` to a folder).
    ZipDir(PathBuf),
}

/// The entries of `dir` as (name they stand for, node), sorted by that name; `.link` files and
/// `.zip.d` folders resolved. Panics on two entries standing for the same name.
fn children(dir: &Path, depth: usize) -> Vec<(String, Node)> {
    assert!(
        depth <= MAX_LINK_DEPTH,
        "links nested more than {MAX_LINK_DEPTH} deep at {} (a cycle?)",
        dir.display()
    );
    let mut out: BTreeMap<String, Node> = BTreeMap::new();
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.unwrap();
        let path = entry.path();
        let file_name = entry
            .file_name()
            .into_string()
            .unwrap_or_else(|n| panic!("fixture names must be UTF-8: {n:?} in {}", dir.display()));
        let (name, node) = if let Some(name) = file_name.strip_suffix(".link") {
            let target = link_target(&path);
            let node = if target.is_dir() {
                if name.ends_with(".zip") {
                    Node::ZipDir(target)
                } else {
                    Node::Dir(target)
                }
            } else {
                Node::File(target)
            };
            (name.to_owned(), node)
        } else if path.is_dir() {
            match file_name.strip_suffix(".d") {
                Some(zip) if zip.ends_with(".zip") => (zip.to_owned(), Node::ZipDir(path)),
                _ => (file_name, Node::Dir(path)),
            }
        } else {
            (file_name, Node::File(path))
        };
        if out.insert(name.clone(), node).is_some() {
            panic!(
                "{} holds two entries standing for {name:?} (say X.zip and X.zip.d, or X and X.link)",
                dir.display()
            );
        }
    }
    out.into_iter().collect()
}

/// The file or folder a `.link` file names; panics when it doesn't exist.
pub fn link_target(link: &Path) -> PathBuf {
    let text = fs::read_to_string(link)
        .unwrap_or_else(|e| panic!("cannot read link {}: {e}", link.display()));
    let rel = text.trim();
    assert!(
        !rel.is_empty() && !rel.contains('\n'),
        "link {} must hold one relative path",
        link.display()
    );
    let target = link.parent().unwrap().join(rel);
    assert!(
        target.exists(),
        "link {} points at {}, which does not exist",
        link.display(),
        target.display()
    );
    target
}

/// Every file of a tree as (zip entry name, bytes), sorted by name; nested zips built.
pub fn tree_entries(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    collect_entries(dir, "", 0, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    for pair in out.windows(2) {
        assert_ne!(pair[0].0, pair[1].0, "duplicate entry in {}", dir.display());
    }
    out
}

fn collect_entries(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<(String, Vec<u8>)>) {
    for (name, node) in children(dir, depth) {
        let full = format!("{prefix}{name}");
        match node {
            Node::File(path) => out.push((full, read(&path))),
            Node::Dir(path) => collect_entries(&path, &format!("{full}/"), depth + 1, out),
            Node::ZipDir(path) => out.push((full, zip_tree_at(&path, depth + 1))),
        }
    }
}

/// A deterministic zip of a fixture tree: sorted entries, Deflate, fixed timestamp, forward
/// slashes, no directory entries. `X.zip.d` folders and `X.zip.link` links become nested zips.
pub fn zip_tree(dir: &Path) -> Vec<u8> {
    zip_tree_at(dir, 0)
}

fn zip_tree_at(dir: &Path, depth: usize) -> Vec<u8> {
    let mut entries = Vec::new();
    collect_entries(dir, "", depth, &mut entries);
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    zip_entries(&entries)
}

/// A deterministic zip of these entries, in this order, with [`entry_options`].
pub fn zip_entries(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        zip.start_file(name.as_str(), entry_options())
            .unwrap_or_else(|e| panic!("cannot add {name:?}: {e}"));
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Writes [`zip_tree`]`(dir)` to `out` (parents created) and returns `out`.
pub fn zip_file(dir: &Path, out: &Path) -> PathBuf {
    write(out, &zip_tree(dir));
    out.to_path_buf()
}

/// Copies a fixture tree to `out`, links resolved, every `X.zip.d` folder (and `X.zip.link` to a
/// folder) written as a real `X.zip` file. Returns the zip files written, sorted; other files are
/// copied as they are (so an unpacked tree comes out as a plain folder).
pub fn materialize(fixture: &Path, out: &Path) -> Vec<PathBuf> {
    let mut zips = Vec::new();
    materialize_at(fixture, out, 0, &mut zips);
    zips.sort();
    zips
}

fn materialize_at(dir: &Path, out: &Path, depth: usize, zips: &mut Vec<PathBuf>) {
    fs::create_dir_all(out).unwrap();
    for (name, node) in children(dir, depth) {
        let dest = out.join(&name);
        match node {
            Node::File(path) => write(&dest, &read(&path)),
            Node::Dir(path) => materialize_at(&path, &dest, depth + 1, zips),
            Node::ZipDir(path) => {
                write(&dest, &zip_tree_at(&path, depth + 1));
                zips.push(dest);
            }
        }
    }
}

/// Copies a fixture tree to `out` with every link resolved into a real file or folder; zips stay
/// folders (`X.zip.link` to a folder becomes an `X.zip.d` folder). The result is a plain tree
/// that edits can be applied to and that [`zip_tree`]/[`materialize`] build as the original.
pub fn expand(fixture: &Path, out: &Path) {
    expand_at(fixture, out, 0);
}

fn expand_at(dir: &Path, out: &Path, depth: usize) {
    fs::create_dir_all(out).unwrap();
    for (name, node) in children(dir, depth) {
        match node {
            Node::File(path) => write(&out.join(&name), &read(&path)),
            Node::Dir(path) => expand_at(&path, &out.join(&name), depth + 1),
            Node::ZipDir(path) => expand_at(&path, &out.join(format!("{name}.d")), depth + 1),
        }
    }
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

// ---------------------------------------------------------------------------------------------
// Cases: base + small edits

/// A failing (or passing) variant of a base tree, read from `case.toml`:
///
/// ```toml
/// base = "package"                 # a tree of tests/fixtures/solutions/, or "./x", "../x" from the case folder
/// zip = "Contoso_1_0_0_1.zip"      # optional: zip the whole tree into this one file
///
/// [[edit]]                         # replace text in a file (every occurrence)
/// path = "ContosoWidgetsCertPackage.zip/package.zip/PkgAssets/ContosoWidgetsConnector_1_0_0_1.zip/customizations.xml"
/// find = "<connectortype>1</connectortype>"
/// replace = "<connectortype>2</connectortype>"
/// count = 1                        # optional: exactly this many occurrences
///
/// [[rename]]                       # move a file or folder
/// from = "…"
/// to = "…"
///
/// [[remove]]                       # delete a file or folder
/// path = "…"
///
/// [[write]]                        # create or overwrite a file: one of text, base64, file
/// path = "…"
/// text = "…"                       # base64 = "…" for bytes; file = "x.json" from the case folder
/// ```
///
/// Paths are relative to the tree, with `/`; a segment `X.zip` followed by more segments means
/// the folder `X.zip.d` (links are expanded first, so nested solutions can be edited). A last
/// segment `X.zip` names the `X.zip.d` folder when there is one (remove, rename), else a file (a
/// `[[write]]` of raw zip bytes). Edits apply in this order: all `edit`s, then `rename`,
/// `remove`, `write`, each in file order. Any edit that finds nothing to change panics.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub base: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub zip: Option<String>,
    #[serde(default)]
    pub edit: Vec<Edit>,
    #[serde(default)]
    pub rename: Vec<Rename>,
    #[serde(default)]
    pub remove: Vec<Remove>,
    #[serde(default)]
    pub write: Vec<WriteFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    pub path: String,
    pub find: String,
    pub replace: String,
    #[serde(default)]
    pub count: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    pub from: String,
    pub to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remove {
    pub path: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriteFile {
    pub path: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub base64: Option<String>,
    #[serde(default)]
    pub file: Option<String>,
}

impl Case {
    /// Reads `case.toml` from a case folder (or the file itself).
    pub fn load(path: &Path) -> Case {
        let file = if path.is_dir() {
            path.join("case.toml")
        } else {
            path.to_path_buf()
        };
        let text = fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    }

    /// The base tree, resolved from the case folder.
    pub fn base_dir(&self, case_dir: &Path) -> PathBuf {
        let dir = if self.base.starts_with("./") || self.base.starts_with("../") {
            case_dir.join(&self.base)
        } else {
            fixtures_dir().join(&self.base)
        };
        assert!(
            dir.is_dir(),
            "{}: base {:?} is not a folder ({})",
            case_dir.display(),
            self.base,
            dir.display()
        );
        dir
    }

    /// Applies the edits to an expanded tree (see [`expand`]). `case_dir` resolves `file = …`
    /// and names the case in panics.
    pub fn apply(&self, case_dir: &Path, tree: &Path) {
        let here = case_dir.display();
        for (i, e) in self.edit.iter().enumerate() {
            let path = resolve(tree, &e.path, false);
            assert!(
                !e.find.is_empty(),
                "{here}: edit #{} has an empty find",
                i + 1
            );
            let bytes = fs::read(&path).unwrap_or_else(|err| {
                panic!("{here}: edit #{}: cannot read {:?}: {err}", i + 1, e.path)
            });
            let (changed, n) = replace_all(&bytes, e.find.as_bytes(), e.replace.as_bytes());
            assert!(
                n > 0,
                "{here}: edit #{}: {:?} not found in {:?}",
                i + 1,
                e.find,
                e.path
            );
            if let Some(count) = e.count {
                assert_eq!(
                    n,
                    count,
                    "{here}: edit #{}: {:?} occurs {n} times in {:?}, expected {count}",
                    i + 1,
                    e.find,
                    e.path
                );
            }
            fs::write(&path, changed).unwrap();
        }
        for (i, r) in self.rename.iter().enumerate() {
            let from = resolve(tree, &r.from, true);
            assert!(
                from.exists(),
                "{here}: rename #{}: {:?} does not exist",
                i + 1,
                r.from
            );
            let mut to = resolve(tree, &r.to, false);
            if from.is_dir() && r.to.ends_with(".zip") {
                to = to.with_file_name(format!("{}.d", to.file_name().unwrap().to_str().unwrap()));
            }
            assert!(
                !to.exists(),
                "{here}: rename #{}: {:?} already exists",
                i + 1,
                r.to
            );
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::rename(&from, &to).unwrap();
        }
        for (i, r) in self.remove.iter().enumerate() {
            let path = resolve(tree, &r.path, true);
            if path.is_dir() {
                fs::remove_dir_all(&path).unwrap();
            } else if path.is_file() {
                fs::remove_file(&path).unwrap();
            } else {
                panic!("{here}: remove #{}: {:?} does not exist", i + 1, r.path);
            }
        }
        for (i, w) in self.write.iter().enumerate() {
            let path = resolve(tree, &w.path, false);
            let bytes = match (&w.text, &w.base64, &w.file) {
                (Some(text), None, None) => text.clone().into_bytes(),
                (None, Some(b64), None) => base64::engine::general_purpose::STANDARD
                    .decode(b64.split_whitespace().collect::<String>())
                    .unwrap_or_else(|e| panic!("{here}: write #{}: bad base64: {e}", i + 1)),
                (None, None, Some(file)) => read(&case_dir.join(file)),
                _ => panic!(
                    "{here}: write #{} needs exactly one of text, base64, file",
                    i + 1
                ),
            };
            assert!(
                !path.is_dir(),
                "{here}: write #{}: {:?} is a folder",
                i + 1,
                w.path
            );
            write(&path, &bytes);
        }
    }
}

/// A tree path from a case: `/`-separated, relative, no `..`; an inner `X.zip` segment means
/// `X.zip.d`; with `last_may_be_zip_dir`, so does a last `X.zip` segment when that folder exists.
pub fn resolve(tree: &Path, rel: &str, last_may_be_zip_dir: bool) -> PathBuf {
    assert!(
        !rel.is_empty() && !rel.starts_with('/') && !rel.contains('\\'),
        "case paths are relative and use '/': {rel:?}"
    );
    let segments: Vec<&str> = rel.split('/').collect();
    let mut path = tree.to_path_buf();
    for (i, seg) in segments.iter().enumerate() {
        assert!(
            !seg.is_empty() && *seg != "." && *seg != "..",
            "bad segment in case path {rel:?}"
        );
        let last = i + 1 == segments.len();
        if seg.ends_with(".zip") && (!last || last_may_be_zip_dir) {
            let as_dir = path.join(format!("{seg}.d"));
            if !last || as_dir.is_dir() {
                path = as_dir;
                continue;
            }
        }
        path.push(seg);
    }
    path
}

/// Replaces every occurrence of `find`; returns the new bytes and how many were replaced.
fn replace_all(hay: &[u8], find: &[u8], replace: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(hay.len());
    let mut n = 0;
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(find) {
            out.extend_from_slice(replace);
            i += find.len();
            n += 1;
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    (out, n)
}

/// Builds a case into `work` as an expanded, edited tree (see [`expand`]) and returns it.
pub fn build_case(case_dir: &Path, work: &Path) -> PathBuf {
    let case = Case::load(case_dir);
    expand(&case.base_dir(case_dir), work);
    case.apply(case_dir, work);
    work.to_path_buf()
}

/// Builds a case and writes it to `out` like [`materialize`] (or, with `zip = "X.zip"`, as the
/// single file `out/X.zip`). Returns the zip files written.
pub fn materialize_case(case_dir: &Path, out: &Path) -> Vec<PathBuf> {
    let case = Case::load(case_dir);
    let work = tempfile::tempdir().unwrap();
    let tree = build_case(case_dir, work.path());
    match &case.zip {
        Some(name) => {
            assert!(
                name.ends_with(".zip") && !name.contains('/'),
                "{}: zip must be a file name ending in .zip",
                case_dir.display()
            );
            vec![zip_file(&tree, &out.join(name))]
        }
        None => materialize(&tree, out),
    }
}

// ---------------------------------------------------------------------------------------------
// Raw zips for the archive-attack tests

/// One entry of [`raw_zip`], written exactly as given.
#[derive(Clone, Debug)]
pub struct RawEntry {
    /// Written verbatim: backslashes, `../`, drive letters and NULs included.
    pub name: String,
    pub data: Vec<u8>,
    pub method: CompressionMethod,
    pub kind: RawKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawKind {
    File,
    /// A directory entry (the name should end in `/`; `data` is ignored).
    Dir,
    /// A Unix symlink to `data` (as UTF-8).
    Symlink,
    /// A file with these Unix mode bits (made by "Unix").
    UnixFile(u32),
}

impl RawEntry {
    pub fn file(name: &str, data: impl Into<Vec<u8>>) -> RawEntry {
        RawEntry {
            name: name.to_owned(),
            data: data.into(),
            method: CompressionMethod::Deflated,
            kind: RawKind::File,
        }
    }
    pub fn stored(mut self) -> RawEntry {
        self.method = CompressionMethod::Stored;
        self
    }
    pub fn dir(name: &str) -> RawEntry {
        RawEntry {
            name: name.to_owned(),
            data: Vec::new(),
            method: CompressionMethod::Stored,
            kind: RawKind::Dir,
        }
    }
    pub fn symlink(name: &str, target: &str) -> RawEntry {
        RawEntry {
            name: name.to_owned(),
            data: target.as_bytes().to_vec(),
            method: CompressionMethod::Stored,
            kind: RawKind::Symlink,
        }
    }
}

/// A zip of exactly these entries in this order. The `zip` crate refuses two entries with the
/// same name: write a placeholder of the same length and [`patch_bytes`] it afterwards.
pub fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for e in entries {
        let options = entry_options().compression_method(e.method);
        let added = match e.kind {
            RawKind::File | RawKind::UnixFile(_) => {
                let options = match e.kind {
                    RawKind::UnixFile(mode) => options.system(System::Unix).unix_permissions(mode),
                    _ => options,
                };
                zip.start_file(e.name.as_str(), options)
                    .and_then(|()| zip.write_all(&e.data).map_err(Into::into))
            }
            RawKind::Dir => zip.add_directory(e.name.as_str(), options),
            RawKind::Symlink => zip.add_symlink(
                e.name.as_str(),
                String::from_utf8_lossy(&e.data),
                options.system(System::Unix),
            ),
        };
        added.unwrap_or_else(|err| panic!("cannot add {:?}: {err}", e.name));
    }
    zip.finish().unwrap().into_inner()
}

/// Replaces every occurrence of `from` with `to` (same length, so offsets stay valid) and returns
/// how many there were; panics when there are none. Patching a name changes it in the local and
/// the central header alike (and leaves the CRC alone: names aren't covered by it).
pub fn patch_bytes(zip: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(
        from.len(),
        to.len(),
        "patch_bytes keeps lengths: {from:?} → {to:?}"
    );
    assert!(!from.is_empty());
    let mut n = 0;
    let mut i = 0;
    while i + from.len() <= zip.len() {
        if zip[i..i + from.len()] == *from {
            zip[i..i + from.len()].copy_from_slice(to);
            n += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    assert!(
        n > 0,
        "patch_bytes: {:?} not found",
        String::from_utf8_lossy(from)
    );
    n
}

/// Where an entry's headers are in a zip (read from its central directory).
#[derive(Clone, Debug)]
pub struct EntryHeaders {
    pub name: Vec<u8>,
    /// Offset of the central directory file header (signature `PK\x01\x02`).
    pub central: usize,
    /// Offset of the local file header (signature `PK\x03\x04`).
    pub local: usize,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// The headers of every entry, in central-directory order (no ZIP64, no archive comment search
/// beyond 64 KiB: enough for zips built here).
pub fn entry_headers(zip: &[u8]) -> Vec<EntryHeaders> {
    let eocd = (0..=zip.len().saturating_sub(22))
        .rev()
        .find(|&i| zip[i..].starts_with(b"PK\x05\x06"))
        .expect("no end of central directory record");
    let count = u16_at(zip, eocd + 10) as usize;
    let mut at = u32_at(zip, eocd + 16) as usize;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        assert!(
            zip[at..].starts_with(b"PK\x01\x02"),
            "bad central header at {at}"
        );
        let name_len = u16_at(zip, at + 28) as usize;
        let extra_len = u16_at(zip, at + 30) as usize;
        let comment_len = u16_at(zip, at + 32) as usize;
        let local = u32_at(zip, at + 42) as usize;
        out.push(EntryHeaders {
            name: zip[at + 46..at + 46 + name_len].to_vec(),
            central: at,
            local,
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    out
}

fn headers_of(zip: &[u8], name: &str) -> EntryHeaders {
    entry_headers(zip)
        .into_iter()
        .find(|h| h.name == name.as_bytes())
        .unwrap_or_else(|| panic!("no entry {name:?}"))
}

/// ORs `bits` into the general-purpose flags of entry `name`, in both headers (bit 0 = encrypted).
pub fn set_flags(zip: &mut [u8], name: &str, bits: u16) {
    let h = headers_of(zip, name);
    for at in [h.local + 6, h.central + 8] {
        let v = u16_at(zip, at) | bits;
        zip[at..at + 2].copy_from_slice(&v.to_le_bytes());
    }
}

/// Sets the compression method code of entry `name` in both headers (say 12 for bzip2, 99 for AES).
pub fn set_method(zip: &mut [u8], name: &str, method: u16) {
    let h = headers_of(zip, name);
    for at in [h.local + 8, h.central + 10] {
        zip[at..at + 2].copy_from_slice(&method.to_le_bytes());
    }
}
