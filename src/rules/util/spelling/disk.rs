//! What the dictionaries said of the words earlier runs did not find in the known-words list,
//! kept on disk so that the next process need not ask again: suggesting a correction takes about
//! 0.3 ms a word, and finding the dictionaries needed at all costs 12 ms of parsing. A hook or an
//! editor lints the same texts again and again.
//!
//! The file is `spelling-<build>.cache` in `PPCERT_CACHE_DIR`, else the platform's cache folder
//! (`~/.cache/ppcert`, `%LOCALAPPDATA%\ppcert\cache`, `~/Library/Caches/ppcert`);
//! `PPCERT_NO_CACHE=1` turns it off. `<build>` is a hash of the dictionaries, the spelling code and
//! the locked dependencies (build.rs), so a verdict is only ever reused by a build that would give
//! the same one. Words are stored as 64-bit hashes, never as text: the cache keeps nothing of the
//! connectors but which hashes were judged. Each line is `<hash> <verdict> <check>`, the verdict
//! `=` (known), `-` (unknown, no correction) or `+<correction>`, and `<check>` a hash of the rest
//! of the line: a line cut short by a crash or damaged otherwise is skipped, as is one that does
//! not end in a line break. A file over 8 MB is started afresh. When a build writes its file for
//! the first time, the files of other builds are removed but the three last written.
//!
//! A run asks about few words (a hook's or an editor's, about one connector: a handful), so the
//! first questions are answered by searching the file's bytes for the word's hash, a few
//! microseconds each; only a run with more questions reads every line into a table (about
//! 0.3 ms for the corpus's 1,800 verdicts).

use rustc_hash::FxHashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use super::Verdict;
use super::table::hash;

const MAX_BYTES: u64 = 8 << 20;

/// How many questions are answered by searching the file before it is read into a table.
const SEARCHES: usize = 32;

/// Which build's verdicts the file holds (see build.rs).
const BUILD: &str = include_str!(concat!(env!("OUT_DIR"), "/spelling-build.txt"));

pub struct Disk {
    path: Option<PathBuf>,
    /// The file's bytes (empty when there is none, it cannot be read or it is too big).
    bytes: OnceLock<Vec<u8>>,
    searches: AtomicUsize,
    loaded: OnceLock<FxHashMap<u64, Verdict>>,
    fresh: Mutex<Vec<(u64, Verdict)>>,
}

impl Disk {
    /// The cache of this user and build, unless turned off.
    pub fn for_user() -> Disk {
        let off = std::env::var_os("PPCERT_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0");
        let dir = std::env::var_os("PPCERT_CACHE_DIR")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                directories::ProjectDirs::from("", "", "ppcert")
                    .map(|d| d.cache_dir().to_path_buf())
            });
        Disk::at(
            dir.filter(|_| !off)
                .map(|d| d.join(format!("spelling-{}.cache", BUILD.trim()))),
        )
    }

    /// No file at all (tests, other word lists).
    pub fn none() -> Disk {
        Disk::at(None)
    }

    fn at(path: Option<PathBuf>) -> Disk {
        Disk {
            path,
            bytes: OnceLock::new(),
            searches: AtomicUsize::new(0),
            loaded: OnceLock::new(),
            fresh: Mutex::new(Vec::new()),
        }
    }

    fn bytes(&self) -> &[u8] {
        self.bytes.get_or_init(|| {
            let Some(path) = &self.path else {
                return Vec::new();
            };
            match std::fs::metadata(path) {
                Ok(meta) if meta.len() <= MAX_BYTES => std::fs::read(path).unwrap_or_default(),
                _ => Vec::new(),
            }
        })
    }

    fn loaded(&self) -> &FxHashMap<u64, Verdict> {
        self.loaded.get_or_init(|| table(self.bytes()))
    }

    /// The verdict an earlier run recorded for `word`.
    pub fn get(&self, word: &str) -> Option<Verdict> {
        self.path.as_ref()?;
        let h = hash(word.as_bytes());
        if self.loaded.get().is_none() && self.searches.fetch_add(1, Ordering::Relaxed) < SEARCHES {
            return search(self.bytes(), h);
        }
        self.loaded().get(&h).cloned()
    }

    /// Keeps a verdict for [`Disk::persist`].
    pub fn record(&self, word: &str, verdict: &Verdict) {
        if self.path.is_some() {
            self.fresh
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((hash(word.as_bytes()), verdict.clone()));
        }
    }

    /// Appends the verdicts recorded since the last call. A cache that cannot be written is no
    /// reason to fail a lint: errors are ignored.
    pub fn persist(&self) {
        let Some(path) = &self.path else { return };
        let fresh = std::mem::take(&mut *self.fresh.lock().unwrap_or_else(|e| e.into_inner()));
        if fresh.is_empty() {
            return;
        }
        let mut text = String::new();
        for (h, v) in &fresh {
            text.push_str(&line(*h, v));
        }
        let size = std::fs::metadata(path).map(|m| m.len());
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
            if size.is_err() {
                prune_other_builds(dir);
            }
        }
        let too_big = size.is_ok_and(|len| len > MAX_BYTES);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(!too_big)
            .write(true)
            .truncate(too_big)
            .open(path);
        if let Ok(mut file) = file {
            // One write: lines of concurrent runs do not interleave mid-line.
            let _ = file.write_all(text.as_bytes());
        }
    }
}

/// How many builds' files a cache folder keeps, this one's included: each upgrade of ppcert
/// starts a file of its own (up to [`MAX_BYTES`]), and the older ones would otherwise stay.
const BUILDS_KEPT: usize = 4;

/// Before this build's file is first written: removes the files of other builds but the most
/// recently written. Errors are ignored, as in [`Disk::persist`].
fn prune_other_builds(dir: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut others: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("spelling-") && name.ends_with(".cache")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    others.sort_by_key(|(written, _)| std::cmp::Reverse(*written));
    for (_, old) in others.into_iter().skip(BUILDS_KEPT - 1) {
        let _ = std::fs::remove_file(old);
    }
}

/// How a line checks itself.
fn check(body: &str) -> String {
    format!("{:08x}", hash(body.as_bytes()) as u32)
}

/// One verdict as a line of the file, with its line break.
fn line(h: u64, v: &Verdict) -> String {
    let verdict = match v {
        None => "=".to_owned(),
        Some(None) => "-".to_owned(),
        Some(Some(s)) => format!("+{s}"),
    };
    let body = format!("{h:016x} {verdict}");
    let check = check(&body);
    format!("{body} {check}\n")
}

/// The verdicts of the whole lines of `file`; of two for one word, the later.
fn table(file: &[u8]) -> FxHashMap<u64, Verdict> {
    let mut map = FxHashMap::default();
    for line in file.split_inclusive(|&b| b == b'\n') {
        if let Some((h, v)) = line.strip_suffix(b"\n").and_then(parse_bytes) {
            map.insert(h, v);
        }
    }
    map
}

/// The verdict of the last whole line for `h` in `file`, as [`table`] has it.
fn search(file: &[u8], h: u64) -> Option<Verdict> {
    let needle = format!("{h:016x} ");
    // Forward, though the last line wins: memchr searches forwards with SIMD but backwards
    // byte by byte, and a word has one line or very few.
    memchr::memmem::find_iter(file, needle.as_bytes())
        .filter(|&at| at == 0 || file[at - 1] == b'\n')
        .filter_map(|at| {
            let end = at + memchr::memchr(b'\n', &file[at..])?;
            parse_bytes(&file[at..end])
        })
        .last()
        .map(|(_, verdict)| verdict)
}

/// [`parse`] of a line's bytes: one that is not UTF-8 is damaged.
fn parse_bytes(line: &[u8]) -> Option<(u64, Verdict)> {
    parse(std::str::from_utf8(line).ok()?)
}

/// A line (without its line break) back into a verdict, if it is whole.
fn parse(line: &str) -> Option<(u64, Verdict)> {
    let (body, sum) = line.rsplit_once(' ')?;
    // `sum == check(body)`, without formatting a string for each line read.
    let lower_hex = sum.len() == 8 && sum.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !lower_hex || u32::from_str_radix(sum, 16).ok()? != hash(body.as_bytes()) as u32 {
        return None;
    }
    let (h, v) = body.split_once(' ')?;
    if h.len() != 16 {
        return None;
    }
    let h = u64::from_str_radix(h, 16).ok()?;
    let verdict = match v.as_bytes().first()? {
        b'=' if v.len() == 1 => None,
        b'-' if v.len() == 1 => Some(None),
        b'+' if v.len() > 1 => Some(Some(v[1..].to_owned())),
        _ => return None,
    };
    Some((h, verdict))
}

#[cfg(test)]
mod tests {
    use super::{BUILDS_KEPT, Disk, check, line, parse, search, table};

    #[test]
    fn reads_back_what_it_writes_and_nothing_else() {
        for v in [None, Some(None), Some(Some("the rest".to_owned()))] {
            let l = line(255, &v);
            assert_eq!(parse(l.strip_suffix('\n').unwrap()), Some((255, v.clone())));
            // Cut short anywhere, or with a byte changed, it is skipped.
            let body = l.trim_end();
            for cut in 0..body.len() {
                assert_eq!(parse(&body[..cut]), None, "{:?}", &body[..cut]);
            }
            assert_eq!(parse(&body.replacen("ff", "fe", 1)), None);
        }
        for body in [
            "ff =",
            "00000000000000ff ?",
            "00000000000000ff +",
            "zzzzzzzzzzzzzzzz =",
            "00000000000000ff =x",
        ] {
            assert_eq!(parse(&format!("{body} {}", check(body))), None, "{body:?}");
        }
    }

    #[test]
    fn searching_the_file_answers_as_its_table() {
        let good = |h: u64, v: Option<Option<&str>>| line(h, &v.map(|v| v.map(str::to_owned)));
        let mut file = String::new();
        file += &good(1, None);
        file += &good(2, Some(Some("first")));
        file += &good(2, Some(Some("second"))); // the later line counts
        file += &good(3, Some(None));
        file += &good(3, None).replacen('=', "+", 1); // damaged: the earlier one counts
        file += &good(4, None).to_uppercase(); // a check in capitals is not ppcert's
        // Word 8's hash inside word 5's line is not word 8's line.
        file += &good(5, Some(Some(&format!("x {:016x} y", 8))));
        let mut bytes = file.into_bytes();
        bytes.extend(b"\xff\xfe\n"); // not UTF-8
        bytes.extend(good(7, None).as_bytes());
        bytes.extend(good(6, Some(Some("cut"))).trim_end().as_bytes()); // no line break: cut short
        let whole = table(&bytes);
        assert_eq!(whole.len(), 5, "{whole:?}");
        for h in 0..9 {
            assert_eq!(search(&bytes, h), whole.get(&h).cloned(), "hash {h}");
        }
        assert_eq!(search(&bytes, 2), Some(Some(Some("second".to_owned()))));
        assert_eq!(search(&bytes, 3), Some(Some(None)));
        assert_eq!((search(&bytes, 6), search(&bytes, 8)), (None, None));
        assert_eq!(search(b"", 1), None);
    }

    #[test]
    fn a_new_build_keeps_only_the_latest_files_of_others() {
        let dir = tempfile::tempdir().expect("tempdir");
        let start = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for i in 0..6u64 {
            let path = dir.path().join(format!("spelling-old{i}.cache"));
            let file = std::fs::File::create(&path).expect("create");
            let written = start + std::time::Duration::from_secs(60 * i);
            file.set_modified(written).expect("set mtime");
        }
        std::fs::write(dir.path().join("notes.txt"), "not ppcert's").expect("write");
        let disk = Disk::at(Some(dir.path().join("spelling-new.cache")));
        disk.record("word", &None);
        disk.persist();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut expected = vec!["notes.txt", "spelling-new.cache"];
        expected.extend([
            "spelling-old3.cache",
            "spelling-old4.cache",
            "spelling-old5.cache",
        ]);
        expected.sort();
        assert_eq!(left, expected);
        assert_eq!(left.len(), BUILDS_KEPT + 1);
        // The file there, later runs prune nothing (old3 would go now that old0 is newer).
        std::fs::File::create(dir.path().join("spelling-old0.cache")).expect("create");
        disk.record("other", &None);
        disk.persist();
        assert!(dir.path().join("spelling-old3.cache").exists());
        assert_eq!(
            Disk::at(Some(dir.path().join("spelling-new.cache"))).get("other"),
            Some(None)
        );
    }
}
