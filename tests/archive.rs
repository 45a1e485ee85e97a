//! The in-memory zip reader against real archives: written by the `zip` crate, then, for each
//! attack, bent by patching their bytes. Every attack has a test that fails without its check.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use ppcert::solution::archive::{Archive, Limits, MAX_DEPTH, ZipIssueKind};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const STORED: CompressionMethod = CompressionMethod::Stored;
const DEFLATED: CompressionMethod = CompressionMethod::Deflated;

fn options(method: CompressionMethod) -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(method)
}

/// A zip of `(name, data, method)` written by the `zip` crate.
fn zip_of(files: &[(&str, &[u8], CompressionMethod)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data, method) in files {
        w.start_file(*name, options(*method)).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
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

fn rules(a: &Archive) -> Vec<&'static str> {
    a.issues.iter().map(|i| i.kind.rule()).collect()
}

fn u16_at(b: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes([b[at], b[at + 1]]))
}

fn put16(b: &mut [u8], at: usize, v: u16) {
    b[at..at + 2].copy_from_slice(&v.to_le_bytes());
}

fn put32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// Where the header with signature `sig` (name length at `len_at`, name at `name_at`) for `name`
/// starts.
fn header_of(b: &[u8], sig: &[u8; 4], len_at: usize, name_at: usize, name: &str) -> usize {
    (0..b.len().saturating_sub(name_at))
        .find(|&p| {
            &b[p..p + 4] == sig
                && u16_at(b, p + len_at) == name.len()
                && b.get(p + name_at..p + name_at + name.len()) == Some(name.as_bytes())
        })
        .unwrap_or_else(|| panic!("no header for {name}"))
}

fn central_of(b: &[u8], name: &str) -> usize {
    header_of(b, b"PK\x01\x02", 28, 46, name)
}

fn local_of(b: &[u8], name: &str) -> usize {
    header_of(b, b"PK\x03\x04", 26, 30, name)
}

/// Where `name`'s data starts.
fn data_of(b: &[u8], name: &str) -> usize {
    let at = local_of(b, name);
    at + 30 + u16_at(b, at + 26) + u16_at(b, at + 28)
}

#[test]
fn a_clean_stored_and_deflated_zip_reads_back_exactly() {
    let swagger = br#"{"swagger": "2.0", "info": {"title": "x"}}"#.repeat(50);
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("solution.xml", options(STORED)).unwrap();
    w.write_all(b"<ImportExportXml/>").unwrap();
    w.start_file("Connector/x_openapidefinition.json", options(DEFLATED))
        .unwrap();
    w.write_all(&swagger).unwrap();
    w.add_directory("PkgAssets/", options(STORED)).unwrap();
    w.start_file("[Content_Types].xml", options(DEFLATED))
        .unwrap();
    w.write_all(b"<Types/>").unwrap();
    let a = open(w.finish().unwrap().into_inner());

    assert_eq!(a.issues, []);
    assert_eq!(a.display, "test.zip");
    let names: Vec<&str> = a.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "solution.xml",
            "Connector/x_openapidefinition.json",
            "PkgAssets/",
            "[Content_Types].xml"
        ]
    );
    assert_eq!(a.read(0).unwrap(), b"<ImportExportXml/>");
    let json = &a.entries[1];
    assert_eq!((json.method(), json.size), (8, swagger.len() as u64));
    assert!(json.compressed_size < json.size && json.readable());
    assert_eq!(a.read(1).unwrap(), swagger);
    assert!(a.entries[2].is_dir && !a.entries[1].is_dir);
    assert_eq!(a.read(3).unwrap(), b"<Types/>");

    assert_eq!(a.find("solution.xml"), Some(0));
    assert_eq!(a.find("Solution.xml"), None);
    assert_eq!(a.find_ci("SOLUTION.XML"), Some(0));
    assert_eq!(a.find_ci("connector\\X_OpenApiDefinition.json"), Some(1));
    let roots: Vec<&str> = a.root_files().map(|e| e.name.as_str()).collect();
    assert_eq!(roots, ["solution.xml", "[Content_Types].xml"]);
    // `Connector` has no directory entry (Dataverse writes none): its files imply it.
    assert_eq!(a.root_folders(), ["Connector", "PkgAssets"]);
}

#[test]
fn a_nested_package_is_read_and_reopened_in_memory() {
    let solution = zip_of(&[
        ("solution.xml", b"<ImportExportXml/>", DEFLATED),
        ("customizations.xml", b"<ImportExportXml/>", DEFLATED),
    ]);
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.add_directory("PkgAssets/", options(STORED)).unwrap();
    w.start_file("PkgAssets/Connector.zip", options(DEFLATED))
        .unwrap();
    w.write_all(&solution).unwrap();
    let package = w.finish().unwrap().into_inner();
    let outer = zip_of(&[
        ("intro.md", b"# Intro", DEFLATED),
        ("package.zip", &package, STORED),
    ]);

    // The caller walks the levels and counts the depth.
    let limits = Limits::default();
    let outer = Archive::open(outer, "cert.zip", &limits);
    assert_eq!(outer.issues, []);
    let at = outer.find_ci("package.zip").unwrap();
    let package = Archive::open(outer.read(at).unwrap(), "cert.zip!package.zip", &limits);
    assert_eq!(package.issues, []);
    assert_eq!(package.root_folders(), ["PkgAssets"]);
    assert_eq!(package.root_files().count(), 0);
    let at = package.find("PkgAssets/Connector.zip").unwrap();
    let depth = 2;
    assert!(depth <= MAX_DEPTH);
    let solution = Archive::open(
        package.read(at).unwrap(),
        "cert.zip!package.zip!PkgAssets/Connector.zip",
        &limits,
    );
    assert_eq!(solution.issues, []);
    let xml = solution.find("customizations.xml").unwrap();
    assert_eq!(solution.read(xml).unwrap(), b"<ImportExportXml/>");
}

#[test]
fn streamed_entries_with_data_descriptors_read_back() {
    let mut w = ZipWriter::new_stream(Vec::new());
    w.start_file("a.txt", options(DEFLATED)).unwrap();
    w.write_all(&b"streamed ".repeat(100)).unwrap();
    w.start_file("b.txt", options(STORED)).unwrap();
    w.write_all(b"stored").unwrap();
    let a = open(w.finish().unwrap().into_inner());
    assert_eq!(a.issues, []);
    assert_eq!(a.read(0).unwrap(), b"streamed ".repeat(100));
    assert_eq!(a.read(1).unwrap(), b"stored");
}

#[test]
fn zip64_entries_read_back() {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let big = options(DEFLATED).large_file(true);
    w.start_file("a.txt", big).unwrap();
    w.write_all(&b"zip64 ".repeat(100)).unwrap();
    w.start_file("b.txt", big).unwrap();
    w.write_all(b"b").unwrap();
    let a = open(w.finish().unwrap().into_inner());
    assert_eq!(a.issues, []);
    assert_eq!(a.read(0).unwrap(), b"zip64 ".repeat(100));
    assert_eq!(a.read(1).unwrap(), b"b");
}

#[test]
fn names_that_climb_out_are_path_traversal() {
    let names = [
        "../evil.txt",
        "Connector/../../evil.txt",
        "/abs/evil.txt",
        "C:/evil.txt",
        "\\\\server\\share\\evil.txt",
        "nul\0.txt",
    ];
    let files: Vec<(&str, &[u8], CompressionMethod)> =
        names.iter().map(|n| (*n, &b"x"[..], STORED)).collect();
    let mut files = files;
    files.push(("safe.txt", b"x", STORED));
    let a = open(zip_of(&files));
    for (i, name) in names.iter().enumerate() {
        let issue = a
            .issues
            .iter()
            .find(|x| x.entry.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("{name:?} not flagged"));
        assert_eq!(issue.kind, ZipIssueKind::PathTraversal, "{name:?}");
        assert_eq!(issue.kind.rule(), "zip-path-traversal");
        assert_eq!(a.read(i).unwrap_err().kind, ZipIssueKind::PathTraversal);
    }
    // The UNC path also uses backslashes; nothing else is wrong.
    assert_eq!(a.issues.len(), names.len() + 1);
    assert_eq!(a.read(names.len()).unwrap(), b"x");
    // A NUL is shown escaped, the name otherwise as stored.
    assert!(
        a.issues
            .iter()
            .any(|i| i.message.contains("`nul\\u{0}.txt`"))
    );
    assert!(a.issues[0].message.contains("`../evil.txt`"));
}

#[test]
fn backslashes_are_flagged_but_still_readable() {
    let a = open(zip_of(&[
        ("Other\\Solution.xml", b"<x/>", DEFLATED),
        ("Other/Customizations.xml", b"<y/>", DEFLATED),
    ]));
    assert_eq!(
        kinds(&a),
        [(ZipIssueKind::Backslash, Some("Other\\Solution.xml"))]
    );
    assert_eq!(rules(&a), ["zip-backslash"]);
    assert!(a.issues[0].message.contains("`Other\\Solution.xml`"));
    assert_eq!(a.read(0).unwrap(), b"<x/>");
    assert_eq!(a.root_folders(), ["Other"]);
}

#[test]
fn symlinks_are_flagged_and_never_read() {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    w.add_symlink("Connector", "/etc", options(STORED)).unwrap();
    w.start_file("ok.txt", options(STORED)).unwrap();
    w.write_all(b"ok").unwrap();
    w.start_file("patched.txt", options(STORED)).unwrap();
    w.write_all(b"/etc/passwd").unwrap();
    let mut bytes = w.finish().unwrap().into_inner();
    // `unix_permissions` keeps only the permission bits, so mark the third entry by hand: made
    // on Unix, mode 0o120777.
    let at = central_of(&bytes, "patched.txt");
    put16(&mut bytes, at + 4, (3 << 8) | 20);
    put32(&mut bytes, at + 38, 0o120_777 << 16);
    let a = open(bytes);
    assert_eq!(
        kinds(&a),
        [
            (ZipIssueKind::Symlink, Some("Connector")),
            (ZipIssueKind::Symlink, Some("patched.txt")),
        ]
    );
    assert!(a.issues[1].message.contains("120777"));
    assert_eq!(a.read(0).unwrap_err().kind, ZipIssueKind::Symlink);
    assert_eq!(a.read(2).unwrap_err().kind.rule(), "zip-symlink");
    assert_eq!(a.read(1).unwrap(), b"ok");
}

#[test]
fn names_differing_in_case_are_duplicates() {
    let a = open(zip_of(&[
        ("solution.xml", b"one", DEFLATED),
        ("customizations.xml", b"x", DEFLATED),
        ("Solution.xml", b"two", DEFLATED),
    ]));
    assert_eq!(
        kinds(&a),
        [(
            ZipIssueKind::DuplicateName {
                other: "solution.xml".into()
            },
            Some("Solution.xml")
        )]
    );
    assert_eq!(rules(&a), ["zip-duplicate-name"]);
    assert!(a.issues[0].message.contains("`Solution.xml`"));
    assert!(a.issues[0].message.contains("`solution.xml`"));
    assert_eq!(a.find("Solution.xml"), Some(2));
    assert_eq!(a.find_ci("SOLUTION.xml"), Some(0));
}

#[test]
fn central_entries_sharing_one_local_header_are_an_overlap_bomb() {
    // Fifty central entries all pointing at the first entry's local header and data: each would
    // inflate the same data again.
    let kernel = vec![b'A'; 100_000];
    let names: Vec<String> = (0..50).map(|i| format!("f{i:02}.txt")).collect();
    let files: Vec<(&str, &[u8], CompressionMethod)> = names
        .iter()
        .map(|n| (n.as_str(), &kernel[..], DEFLATED))
        .collect();
    let mut bytes = zip_of(&files);
    let first = local_of(&bytes, "f00.txt") as u32;
    for name in &names[1..] {
        let at = central_of(&bytes, name);
        put32(&mut bytes, at + 42, first);
    }
    let a = open(bytes);
    for (i, name) in names.iter().enumerate() {
        assert!(
            a.issues
                .iter()
                .any(|x| matches!(x.kind, ZipIssueKind::Overlap { .. })
                    && x.entry.as_deref() == Some(name.as_str())),
            "{name} not flagged"
        );
        assert_eq!(a.read(i).unwrap_err().kind.rule(), "zip-overlap");
    }
    // The other 49 also carry a local header that names `f00.txt`.
    let mismatches = a
        .issues
        .iter()
        .filter(|x| x.kind == ZipIssueKind::HeaderMismatch)
        .count();
    assert_eq!(mismatches, 49);
    assert!(rules(&a).iter().all(|r| *r == "zip-overlap"));
}

#[test]
fn a_thousand_to_one_entry_is_a_ratio_issue_and_not_read() {
    let zeros = vec![0u8; 20 << 20];
    let a = open(zip_of(&[
        ("zeros.bin", &zeros, DEFLATED),
        ("small.txt", &[0u8; 1 << 20], DEFLATED),
    ]));
    let found = kinds(&a);
    assert_eq!(found.len(), 1, "{found:?}");
    let ZipIssueKind::Ratio { ratio } = found[0].0 else {
        panic!("{found:?}")
    };
    assert!(ratio >= 1000, "{ratio}");
    assert_eq!(found[0].1, Some("zeros.bin"));
    assert_eq!(rules(&a), ["zip-ratio"]);
    assert!(matches!(
        a.read(0).unwrap_err().kind,
        ZipIssueKind::Ratio { .. }
    ));
    // 1 MiB is the threshold, not over it: a small file may compress as well as it likes.
    assert_eq!(a.read(1).unwrap().len(), 1 << 20);
}

#[test]
fn twenty_thousand_entries_stop_at_the_limit_quickly() {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..20_000 {
        w.start_file(format!("f/{i}"), options(STORED)).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    let started = Instant::now();
    let a = open(bytes);
    let took = started.elapsed();
    assert_eq!(
        kinds(&a),
        [(ZipIssueKind::TooManyEntries { count: 20_000 }, None)]
    );
    assert_eq!(rules(&a), ["zip-entries"]);
    // Parsing stopped: only the first 10,000 entries are kept.
    assert_eq!(a.entries.len(), 10_000);
    assert_eq!(a.entries.last().unwrap().name, "f/9999");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn the_encrypted_flag_is_flagged() {
    let mut bytes = zip_of(&[("secret.txt", b"x", STORED), ("plain.txt", b"y", STORED)]);
    let (l, c) = (
        local_of(&bytes, "secret.txt"),
        central_of(&bytes, "secret.txt"),
    );
    bytes[l + 6] |= 1;
    bytes[c + 8] |= 1;
    let a = open(bytes);
    assert_eq!(kinds(&a), [(ZipIssueKind::Encrypted, Some("secret.txt"))]);
    assert_eq!(rules(&a), ["zip-encrypted"]);
    assert_eq!(a.read(0).unwrap_err().kind, ZipIssueKind::Encrypted);
    assert_eq!(a.read(1).unwrap(), b"y");
}

#[test]
fn bzip2_and_other_methods_are_refused() {
    let mut bytes = zip_of(&[("a.bz2.txt", b"xyz", DEFLATED)]);
    let (l, c) = (
        local_of(&bytes, "a.bz2.txt"),
        central_of(&bytes, "a.bz2.txt"),
    );
    put16(&mut bytes, l + 8, 12);
    put16(&mut bytes, c + 10, 12);
    let a = open(bytes);
    assert_eq!(kinds(&a), [(ZipIssueKind::Method(12), Some("a.bz2.txt"))]);
    assert_eq!(rules(&a), ["zip-method"]);
    assert!(a.issues[0].message.contains("BZIP2"));
    assert_eq!(a.read(0).unwrap_err().kind, ZipIssueKind::Method(12));
}

#[test]
fn garbage_is_one_unreadable_issue() {
    let garbage: Vec<u8> = (0..10_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    for bytes in [garbage, b"not a zip".to_vec(), Vec::new()] {
        let a = open(bytes);
        assert_eq!(a.entries, []);
        assert_eq!(kinds(&a), [(ZipIssueKind::Unreadable, None)]);
        assert_eq!(rules(&a), ["zip-readable"]);
        assert!(a.issues[0].message.contains("`test.zip`"));
    }
}

#[test]
fn a_truncated_zip_is_unreadable() {
    let bytes = zip_of(&[
        ("solution.xml", &b"<x/>".repeat(100), DEFLATED),
        ("customizations.xml", &b"<y/>".repeat(100), DEFLATED),
    ]);
    for len in [bytes.len() - 1, bytes.len() / 2, 40] {
        let a = open(bytes[..len].to_vec());
        assert_eq!(
            kinds(&a),
            [(ZipIssueKind::Unreadable, None)],
            "cut at {len}"
        );
    }
    // Cut inside the data but with the directory kept (a download that lost a chunk).
    let mut holed = bytes.clone();
    let data = data_of(&bytes, "customizations.xml");
    holed.drain(data..data + 10);
    let a = open(holed);
    assert!(rules(&a).iter().all(|r| *r == "zip-readable"));
    assert!(!a.issues.is_empty());
}

#[test]
fn a_crc_mismatch_is_found_on_read() {
    let mut bytes = zip_of(&[("solution.xml", b"<ImportExportXml/>", STORED)]);
    let at = data_of(&bytes, "solution.xml");
    bytes[at + 1] = b'X';
    let a = open(bytes);
    assert_eq!(a.issues, []);
    let err = a.read(0).unwrap_err();
    assert_eq!(err.kind, ZipIssueKind::Crc);
    assert_eq!(err.kind.rule(), "zip-readable");
    assert_eq!(err.entry.as_deref(), Some("solution.xml"));
    assert!(err.message.contains("`solution.xml`"));
}

#[test]
fn a_local_header_that_lies_about_its_size_is_a_mismatch() {
    let mut bytes = zip_of(&[
        ("a.txt", &b"abc".repeat(100), DEFLATED),
        ("b.txt", b"b", STORED),
    ]);
    let at = local_of(&bytes, "a.txt");
    let csize = u32::from_le_bytes(bytes[at + 18..at + 22].try_into().unwrap());
    put32(&mut bytes, at + 18, csize + 1000);
    let a = open(bytes);
    assert_eq!(kinds(&a), [(ZipIssueKind::HeaderMismatch, Some("a.txt"))]);
    assert_eq!(rules(&a), ["zip-overlap"]);
    assert!(
        a.issues[0]
            .message
            .contains("local header of entry `a.txt`")
    );
    assert_eq!(a.read(0).unwrap_err().kind, ZipIssueKind::HeaderMismatch);
    assert_eq!(a.read(1).unwrap(), b"b");
}

#[test]
fn headers_that_understate_the_size_stop_inflation_there() {
    let text = b"0123456789".repeat(10_000);
    let mut bytes = zip_of(&[("a.txt", &text, DEFLATED)]);
    let (l, c) = (local_of(&bytes, "a.txt"), central_of(&bytes, "a.txt"));
    put32(&mut bytes, l + 22, 1000);
    put32(&mut bytes, c + 24, 1000);
    let a = open(bytes);
    assert_eq!(a.issues, []);
    let err = a.read(0).unwrap_err();
    assert_eq!(err.kind, ZipIssueKind::Oversized { declared: 1000 });
    assert_eq!(err.kind.rule(), "zip-ratio");
}

#[test]
fn total_size_is_judged_against_the_limit() {
    let limits = Limits {
        max_total_uncompressed: 1 << 20,
        ..Limits::default()
    };
    let half = vec![7u8; 600 << 10];
    let bytes = zip_of(&[("a", &half, DEFLATED), ("b", &half, DEFLATED)]);
    let a = Archive::open(bytes, "big.zip", &limits);
    assert_eq!(
        kinds(&a),
        [(ZipIssueKind::TotalSize { total: 1_228_800 }, None)]
    );
    assert_eq!(rules(&a), ["zip-size"]);
    assert!(a.issues[0].message.contains("`big.zip`"));
    // Each entry is within the limit and can still be read.
    assert_eq!(a.read(1).unwrap(), half);
}

#[test]
fn every_problem_is_recorded_at_once() {
    let mut bytes = zip_of(&[
        ("../a.txt", b"a", STORED),
        ("b\\c.txt", b"b", STORED),
        ("solution.xml", b"s", STORED),
        ("SOLUTION.XML", b"s", STORED),
        ("enc.txt", b"e", STORED),
    ]);
    let c = central_of(&bytes, "enc.txt");
    bytes[c + 8] |= 1;
    let l = local_of(&bytes, "enc.txt");
    bytes[l + 6] |= 1;
    let a = open(bytes);
    let mut found = rules(&a);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "zip-backslash",
            "zip-duplicate-name",
            "zip-encrypted",
            "zip-path-traversal"
        ]
    );
    assert_eq!(a.entries.len(), 5);
}
