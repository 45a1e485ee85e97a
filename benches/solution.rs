//! `cargo bench --bench solution`: linting a 20 MB solution zip carrying 10 connectors, through
//! the release binary: wall time (best and median of 5) and peak memory (via `/usr/bin/time`).
//!
//! The connectors are the ten largest definitions of the real corpus (`../shared/corpus` or
//! `$PPCERT_CORPUS`), with their connection parameters; a canvas app of incompressible bytes
//! (stored, as Dataverse stores `.msapp` files) brings the zip to 20 MB, the size real
//! solutions reach with an app in them. Built in memory here, never committed.
//!
//! Figures only: there are no timing assertions anywhere in the tests.

mod common;
use common::{corpus, ms, time_binary};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const TARGET_BYTES: usize = 20 << 20;

fn largest_definitions(corpus: &Path, n: usize) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![corpus.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .file_name()
                .is_some_and(|n| n == "apiDefinition.swagger.json")
            {
                let size = e.metadata().map(|m| m.len()).unwrap_or(0);
                found.push((size, p));
            }
        }
    }
    found.sort();
    found.into_iter().rev().take(n).map(|(_, p)| p).collect()
}

fn build(definitions: &[PathBuf]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let deflate = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut connectors = String::new();
    let mut roots = String::new();
    for (i, def) in definitions.iter().enumerate() {
        let name = format!("cwid_bench-20connector{i}");
        let id = format!("00000000-0000-4000-8000-{i:012}");
        let swagger = std::fs::read(def).expect("definition");
        let params = std::fs::read_to_string(def.with_file_name("apiProperties.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v["properties"].get("connectionParameters").cloned())
            .unwrap_or_else(|| serde_json::json!({}));
        for (kind, bytes) in [
            ("openapidefinition.json", swagger),
            ("connectionparameters.json", params.to_string().into_bytes()),
            ("policytemplateinstances.json", b"[]".to_vec()),
        ] {
            zip.start_file(format!("Connector/{name}_{kind}"), deflate)
                .unwrap();
            zip.write_all(&bytes).unwrap();
        }
        connectors += &format!(
            "<Connector><connectorid>{id}</connectorid><name>{name}</name><displayname>Bench {i}</displayname>\
             <iconbrandcolor>#2f6f4f</iconbrandcolor><connectortype>1</connectortype>\
             <openapidefinition>/Connector/{name}_openapidefinition.json</openapidefinition>\
             <connectionparameters>/Connector/{name}_connectionparameters.json</connectionparameters>\
             <policytemplateinstances>/Connector/{name}_policytemplateinstances.json</policytemplateinstances></Connector>"
        );
        roots += &format!(
            "<RootComponent type=\"372\" id=\"{{{id}}}\" schemaName=\"{name}\" behavior=\"0\" />"
        );
    }
    let files = [
        ("solution.xml", format!("<ImportExportXml version=\"9.2\"><SolutionManifest><UniqueName>Bench</UniqueName><Version>1.0.0.0</Version><Managed>0</Managed><Publisher><UniqueName>contoso</UniqueName><CustomizationPrefix>cwid</CustomizationPrefix><CustomizationOptionValuePrefix>41027</CustomizationOptionValuePrefix></Publisher><RootComponents>{roots}</RootComponents><MissingDependencies /></SolutionManifest></ImportExportXml>")),
        ("customizations.xml", format!("<ImportExportXml><Workflows /><Connectors>{connectors}</Connectors><CanvasApps><CanvasApp><Name>cwid_app</Name><DocumentUri>/CanvasApps/cwid_app_DocumentUri.msapp</DocumentUri></CanvasApp></CanvasApps><Languages><Language>1033</Language></Languages></ImportExportXml>")),
        ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/octet-stream\" /><Default Extension=\"json\" ContentType=\"application/octet-stream\" /><Default Extension=\"msapp\" ContentType=\"application/octet-stream\" /></Types>".to_owned()),
    ];
    for (name, text) in files {
        zip.start_file(name, deflate).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    let so_far = zip.get_ref().map_or(0, |c| c.get_ref().len());
    let filler = TARGET_BYTES.saturating_sub(so_far + 4096);
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let bytes: Vec<u8> = (0..filler)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    zip.start_file("CanvasApps/cwid_app_DocumentUri.msapp", stored)
        .unwrap();
    zip.write_all(&bytes).unwrap();
    zip.finish().unwrap().into_inner()
}

fn main() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let definitions = largest_definitions(&corpus, 10);
    let bytes = build(&definitions);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("Bench_1_0_0_0.zip");
    std::fs::write(&path, &bytes).expect("write");
    let definition_bytes: u64 = definitions
        .iter()
        .map(|d| std::fs::metadata(d).map(|m| m.len()).unwrap_or(0))
        .sum();
    println!(
        "solution zip: {:.1} MB on disk, 10 connectors ({:.1} MB of definitions)",
        bytes.len() as f64 / 1e6,
        definition_bytes as f64 / 1e6
    );
    let p = path.to_str().unwrap();
    let args = ["lint", p, "--format", "json"];
    let (best, median) = time_binary(&args, 5);
    println!(
        "lint (release binary, JSON): best {}, median {}",
        ms(best),
        ms(median)
    );
    if Path::new("/usr/bin/time").exists() {
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%M"])
            .arg(env!("CARGO_BIN_EXE_ppcert"))
            .args(args)
            .stdout(Stdio::null())
            .output()
            .expect("runs");
        let kb: u64 = String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(0);
        println!("peak memory: {:.1} MB", kb as f64 / 1024.0);
    }
}
