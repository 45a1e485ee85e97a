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
