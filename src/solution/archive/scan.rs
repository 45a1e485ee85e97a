//! Opening an archive: every entry of the central directory checked against its local header,
//! the limits and the others, every problem recorded.

use super::*;

pub(super) struct Scan<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) display: &'a str,
    pub(super) limits: &'a Limits,
    pub(super) entries: Vec<Entry>,
    pub(super) issues: Vec<ZipIssue>,
}

impl Scan<'_> {
    pub(super) fn archive_issue(&mut self, kind: ZipIssueKind, message: String) {
        self.issues.push(ZipIssue {
            kind,
            entry: None,
            message,
        });
    }

    pub(super) fn entry_issue(&mut self, index: usize, kind: ZipIssueKind, message: String) {
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

    pub(super) fn run(&mut self) {
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
    pub(super) fn add(&mut self, c: Central<'_>) {
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
    pub(super) fn local_header(&mut self, index: usize, c: &Central<'_>) {
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
    pub(super) fn duplicates(&mut self) {
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
    pub(super) fn overlaps(&mut self, dir: &Directory) {
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

    pub(super) fn overlap_issue(&mut self, this: usize, that: usize) {
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

pub(super) fn method_name(method: u16) -> &'static str {
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
