//! The solution fixture trees (`tests/fixtures/solutions/`) and the zip builder that turns them
//! into real zips (`tests/support/zipbuild.rs`).
//!
//! First the builder itself: built zips reopen with the `zip` crate's reader, nested zips are
//! real zips, builds are deterministic, case edits apply and fail loudly. Then the fixtures:
//! every level of every base opens, every `.xml` parses with roxmltree and every `.json` with
//! serde_json, and the cross-references hold (root components ↔ components, referenced files,
//! content types, the flow's binding chain down to the swagger's operations, unpacked ↔ zipped,
//! paconn folder ↔ connector solution).

#[path = "support/zipbuild.rs"]
mod zipbuild;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;
use zip::{CompressionMethod, ZipArchive};
use zipbuild::*;

const CONNECTOR_ID: &str = "7c3e9a12-4b5d-4f6e-9a8b-2c1d0e3f4a51";
const CONNECTOR_NAME: &str = "cwid_contoso-20widgets";
const WORKFLOW_ID: &str = "5a0f3b2c-8d41-4e67-b9c3-1f2e4d6a8b70";
const WORKFLOW_JSON: &str =
    "Workflows/ContosoWidgetsSampleFlow-5A0F3B2C-8D41-4E67-B9C3-1F2E4D6A8B70.json";
const CONNECTION_REFERENCE: &str = "cwid_sharedcontosowidgets_abc12";
const API_NAME: &str = "shared_cwid-5fcontoso-20widgets-5f3d2a9c7e41b85f06";
const PACKAGE_ZIP: &str = "ContosoWidgetsCertPackage.zip";
const CONNECTOR_ZIP: &str = "PkgAssets/ContosoWidgetsConnector_1_0_0_1.zip";
const FLOW_ZIP: &str = "PkgAssets/ContosoWidgetsFlow_1_0_0_1.zip";

/// A zip's entries by name, checked to look like a Dataverse export: no directory entries, `/`
/// only, Deflate, the builder's fixed timestamp, nothing encrypted.
fn open(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).expect("a readable zip");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().expect("a UTF-8 name").into_owned();
        assert!(!file.is_dir(), "directory entry {name}");
        assert!(!name.contains('\\') && !name.starts_with('/'), "{name}");
        assert!(file.enclosed_name().is_some(), "{name}");
        assert_eq!(file.compression(), CompressionMethod::Deflated, "{name}");
        assert!(!file.encrypted(), "{name}");
        assert_eq!(file.last_modified(), Some(fixed_time()), "{name}");
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        assert!(out.insert(name.clone(), data).is_none(), "duplicate {name}");
    }
    out
}

fn names(entries: &BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    entries.keys().map(String::as_str).collect()
}

fn text(bytes: &[u8]) -> &str {
    let s = std::str::from_utf8(bytes).expect("UTF-8");
    s.strip_prefix('\u{feff}').unwrap_or(s)
}

fn xml(bytes: &[u8]) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text(bytes)).unwrap_or_else(|e| panic!("XML: {e}"))
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_str(text(bytes)).unwrap_or_else(|e| panic!("JSON: {e}"))
}

/// The text of the first descendant element named `name`.
fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> &'a str {
    node.descendants()
        .find(|n| n.has_tag_name(name))
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
        .text()
        .unwrap_or("")
}

fn elements<'a>(doc: &'a roxmltree::Document<'a>, name: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants().filter(|n| n.has_tag_name(name)).collect()
}

/// Byte equality without printing the bytes.
fn assert_bytes(actual: &[u8], expected: &[u8], what: &str) {
    if actual != expected {
        let at = actual.iter().zip(expected).position(|(a, b)| a != b);
        panic!(
            "{what}: bytes differ ({} vs {} bytes, first difference at {at:?})",
            actual.len(),
            expected.len()
        );
    }
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

fn unbrace(id: &str) -> String {
    id.trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase()
}

/// The three levels of the package fixture: outer, package, solutions.
struct Package {
    outer: BTreeMap<String, Vec<u8>>,
    package: BTreeMap<String, Vec<u8>>,
    connector: BTreeMap<String, Vec<u8>>,
    flow: BTreeMap<String, Vec<u8>>,
}

fn built_package() -> Package {
    let root = fixture("package");
    let outer_tree = root.join(format!("{PACKAGE_ZIP}.d"));
    let outer = open(&zip_tree(&outer_tree));
    let package = open(&outer["package.zip"]);
    let connector = open(&package[CONNECTOR_ZIP]);
    let flow = open(&package[FLOW_ZIP]);
    Package {
        outer,
        package,
        connector,
        flow,
    }
}

fn operation_ids(swagger: &Value) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for item in swagger["paths"].as_object().unwrap().values() {
        for (method, op) in item.as_object().unwrap() {
            if method != "parameters" {
                ids.insert(op["operationId"].as_str().unwrap().to_owned());
            }
        }
    }
    ids
}

// ---------------------------------------------------------------------------------------------
// The builder

#[test]
fn a_built_solution_zip_reopens_with_the_expected_names() {
    let entries = open(&zip_tree(&fixture("connector-solution")));
    assert_eq!(
        names(&entries),
        [
            "Connector/cwid_contoso-20widgets_connectionparameters.json",
            "Connector/cwid_contoso-20widgets_customcodeblobcontent.csx",
            "Connector/cwid_contoso-20widgets_iconblob.Png",
            "Connector/cwid_contoso-20widgets_openapidefinition.json",
            "Connector/cwid_contoso-20widgets_policytemplateinstances.json",
            "[Content_Types].xml",
            "customizations.xml",
            "solution.xml",
        ]
    );
    // Bytes come through unchanged.
    let on_disk = fs::read(fixture("connector-solution").join("solution.xml")).unwrap();
    assert_bytes(&entries["solution.xml"], &on_disk, "solution.xml");
}

#[test]
fn links_and_zip_folders_become_nested_real_zips() {
    let p = built_package();
    assert_eq!(names(&p.outer), ["intro.md", "package.zip"]);
    assert_eq!(names(&p.package), [CONNECTOR_ZIP, FLOW_ZIP]);
    // The flow solution's Connector.link brought the connector files in.
    for (name, data) in &p.connector {
        if name.starts_with("Connector/") {
            assert_bytes(&p.flow[name], data, name);
        }
    }
    assert!(p.flow.contains_key(WORKFLOW_JSON));
    // The nested solution zips are the same bytes as the solution trees zipped on their own.
    let alone = zip_tree(&fixture("connector-solution"));
    assert_bytes(&p.package[CONNECTOR_ZIP], &alone, CONNECTOR_ZIP);
    let alone = zip_tree(&fixture("flow-solution"));
    assert_bytes(&p.package[FLOW_ZIP], &alone, FLOW_ZIP);
}

#[test]
fn builds_are_deterministic() {
    for base in ["connector-solution", "flow-solution", "package", "unpacked"] {
        assert_bytes(&zip_tree(&fixture(base)), &zip_tree(&fixture(base)), base);
    }
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let za = materialize(&fixture("package"), a.path());
    let zb = materialize(&fixture("package"), b.path());
    assert_eq!(za.len(), 1);
    assert_bytes(
        &fs::read(&za[0]).unwrap(),
        &fs::read(&zb[0]).unwrap(),
        PACKAGE_ZIP,
    );
}

#[test]
fn materialize_writes_real_zips_and_plain_folders() {
    let out = tempfile::tempdir().unwrap();
    let zips = materialize(&fixture("package"), out.path());
    assert_eq!(zips, [out.path().join(PACKAGE_ZIP)]);
    let outer = open(&fs::read(&zips[0]).unwrap());
    assert_eq!(names(&outer), ["intro.md", "package.zip"]);

    let out = tempfile::tempdir().unwrap();
    assert!(materialize(&fixture("unpacked-flow"), out.path()).is_empty());
    assert!(
        out.path()
            .join("Connectors/cwid_contoso-20widgets_openapidefinition.json")
            .is_file()
    );
    assert!(!out.path().join("Connectors.link").exists());

    let out = tempfile::tempdir().unwrap();
    materialize(&fixture("cloned"), out.path());
    let project = out.path().join("ContosoWidgetsConnector");
    assert!(project.join("ContosoWidgetsConnector.cdsproj").is_file());
    assert!(project.join("src/Other/Solution.xml").is_file());
    assert!(!project.join("src.link").exists());
}

#[test]
fn an_expanded_tree_builds_like_the_original() {
    let work = tempfile::tempdir().unwrap();
    expand(&fixture("package"), work.path());
    let nested = work
        .path()
        .join(format!("{PACKAGE_ZIP}.d/package.zip.d/{CONNECTOR_ZIP}.d"));
    assert!(nested.join("customizations.xml").is_file());
    assert_bytes(
        &zip_tree(work.path()),
        &zip_tree(&fixture("package")),
        "package",
    );
}

fn write_case(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("case.toml"), toml).unwrap();
    dir
}

#[test]
fn case_edits_apply_before_zipping() {
    let case = write_case(
        r#"
base = "package"
description = "every kind of edit"

[[edit]]
path = "ContosoWidgetsCertPackage.zip/package.zip/PkgAssets/ContosoWidgetsConnector_1_0_0_1.zip/customizations.xml"
find = "<connectortype>1</connectortype>"
replace = "<connectortype>2</connectortype>"
count = 1

[[rename]]
from = "ContosoWidgetsCertPackage.zip/package.zip/PkgAssets/ContosoWidgetsFlow_1_0_0_1.zip"
to = "ContosoWidgetsCertPackage.zip/package.zip/PkgAssets/Flow.zip"

[[remove]]
path = "ContosoWidgetsCertPackage.zip/package.zip/PkgAssets/Flow.zip/[Content_Types].xml"

[[write]]
path = "ContosoWidgetsCertPackage.zip/customProperties.json"
text = "{}"

[[write]]
path = "ContosoWidgetsCertPackage.zip/package.zip/PkgAssets/raw.zip"
base64 = "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="
"#,
    );
    let out = tempfile::tempdir().unwrap();
    let zips = materialize_case(case.path(), out.path());
    assert_eq!(zips, [out.path().join(PACKAGE_ZIP)]);
    let outer = open(&fs::read(&zips[0]).unwrap());
    assert_eq!(
        names(&outer),
        ["customProperties.json", "intro.md", "package.zip"]
    );
    let package = open(&outer["package.zip"]);
    assert_eq!(
        names(&package),
        [CONNECTOR_ZIP, "PkgAssets/Flow.zip", "PkgAssets/raw.zip"]
    );
    // The raw bytes went in as they were: an empty zip.
    assert_eq!(package["PkgAssets/raw.zip"].len(), 22);
    assert!(open(&package["PkgAssets/raw.zip"]).is_empty());
    let connector = open(&package[CONNECTOR_ZIP]);
    assert!(text(&connector["customizations.xml"]).contains("<connectortype>2</connectortype>"));
    let flow = open(&package["PkgAssets/Flow.zip"]);
    assert!(!flow.contains_key("[Content_Types].xml"));
    assert!(flow.contains_key(WORKFLOW_JSON));
    // The fixture itself is untouched.
    let pristine = built_package();
    assert!(text(&pristine.connector["customizations.xml"]).contains("<connectortype>1<"));
}

#[test]
fn a_case_can_zip_a_solution_base_into_one_file() {
    let case = write_case(
        r#"
base = "connector-solution"
zip = "ContosoWidgetsConnector_1_0_0_1.zip"

[[edit]]
path = "solution.xml"
find = "<Managed>0</Managed>"
replace = "<Managed>1</Managed>"
"#,
    );
    let out = tempfile::tempdir().unwrap();
    let zips = materialize_case(case.path(), out.path());
    assert_eq!(
        zips,
        [out.path().join("ContosoWidgetsConnector_1_0_0_1.zip")]
    );
    let entries = open(&fs::read(&zips[0]).unwrap());
    assert!(text(&entries["solution.xml"]).contains("<Managed>1</Managed>"));
}

#[test]
#[should_panic(expected = "not found in")]
fn an_edit_whose_text_is_absent_fails_loudly() {
    let case = write_case(
        r#"
base = "connector-solution"
[[edit]]
path = "customizations.xml"
find = "<connectortype>7</connectortype>"
replace = ""
"#,
    );
    materialize_case(case.path(), tempfile::tempdir().unwrap().path());
}

#[test]
#[should_panic(expected = "expected 1")]
fn an_edit_with_the_wrong_count_fails_loudly() {
    let case = write_case(
        r#"
base = "flow-solution"
[[edit]]
path = "Workflows/ContosoWidgetsSampleFlow-5A0F3B2C-8D41-4E67-B9C3-1F2E4D6A8B70.json"
find = "OpenApiConnection"
replace = "ApiConnection"
count = 1
"#,
    );
    materialize_case(case.path(), tempfile::tempdir().unwrap().path());
}

#[test]
#[should_panic(expected = "does not exist")]
fn removing_a_missing_file_fails_loudly() {
    let case = write_case(
        r#"
base = "connector-solution"
[[remove]]
path = "Connector/nothing.json"
"#,
    );
    materialize_case(case.path(), tempfile::tempdir().unwrap().path());
}

#[test]
#[should_panic(expected = "unknown field")]
fn a_misspelt_case_key_fails_loudly() {
    let case = write_case("base = \"package\"\n[[edits]]\npath = \"x\"\n");
    materialize_case(case.path(), tempfile::tempdir().unwrap().path());
}

#[test]
fn raw_zips_keep_names_and_kinds_as_given() {
    let mut bytes = raw_zip(&[
        RawEntry::file("PkgAssets\\a.zip", "x").stored(),
        RawEntry::file("../evil.txt", "y"),
        RawEntry::dir("PkgAssets/"),
        RawEntry::symlink("link", "/etc/passwd"),
        RawEntry::file("solution.xmX", "<a/>"),
        RawEntry::file("solution.xml", "<b/>"),
    ]);
    let mut archive = ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    assert!(names.contains(&"PkgAssets\\a.zip".to_owned()));
    assert!(names.contains(&"../evil.txt".to_owned()));
    assert_eq!(
        archive.by_name("PkgAssets\\a.zip").unwrap().compression(),
        CompressionMethod::Stored
    );
    assert!(archive.by_name("PkgAssets/").unwrap().is_dir());
    assert!(archive.by_name("link").unwrap().is_symlink());
    assert!(
        archive
            .by_name("../evil.txt")
            .unwrap()
            .enclosed_name()
            .is_none()
    );

    // Two entries named alike: patch the placeholder's name in both headers.
    assert_eq!(patch_bytes(&mut bytes, b"solution.xmX", b"solution.xml"), 2);
    let headers = entry_headers(&bytes);
    let same = headers.iter().filter(|h| h.name == b"solution.xml").count();
    assert_eq!(same, 2);

    set_flags(&mut bytes, "../evil.txt", 1);
    set_method(&mut bytes, "PkgAssets\\a.zip", 12);
    let h = &entry_headers(&bytes)[1];
    assert_eq!(bytes[h.local + 6] & 1, 1);
    assert_eq!(bytes[h.central + 8] & 1, 1);
    let h = &entry_headers(&bytes)[0];
    assert_eq!(bytes[h.local + 8], 12);
    assert_eq!(bytes[h.central + 10], 12);
}

// ---------------------------------------------------------------------------------------------
// The fixtures

/// Every `.xml` parses, every `.json` is JSON, every extension has a content-type `Default`.
fn check_parts(label: &str, entries: &BTreeMap<String, Vec<u8>>) {
    for root in ["solution.xml", "customizations.xml", "[Content_Types].xml"] {
        assert!(entries.contains_key(root), "{label}: no {root}");
    }
    for (name, data) in entries {
        if name.ends_with(".xml") {
            xml(data);
        } else if name.ends_with(".json") {
            json(data);
        }
    }
    let types = xml(&entries["[Content_Types].xml"]);
    let defaults: BTreeSet<&str> = elements(&types, "Default")
        .iter()
        .map(|d| d.attribute("Extension").unwrap())
        .collect();
    let used: BTreeSet<&str> = entries
        .keys()
        .map(|n| n.rsplit_once('.').unwrap().1)
        .collect();
    assert_eq!(defaults, used, "{label}: content types");
    // Like real exports: [Content_Types].xml has BOM + declaration; the others have neither.
    assert!(entries["[Content_Types].xml"].starts_with("\u{feff}<?xml".as_bytes()));
    for root in ["solution.xml", "customizations.xml"] {
        assert!(
            entries[root].starts_with(b"<ImportExportXml "),
            "{label}: {root}"
        );
    }
}

/// The `<Connector>`'s fields, checked against the files of the solution; returns the swagger.
fn check_connector(
    label: &str,
    connector: roxmltree::Node<'_, '_>,
    entries: &BTreeMap<String, Vec<u8>>,
) -> Value {
    assert_eq!(child_text(connector, "connectorid"), CONNECTOR_ID);
    assert_eq!(child_text(connector, "name"), CONNECTOR_NAME);
    assert_eq!(child_text(connector, "connectortype"), "1");
    assert_eq!(child_text(connector, "capabilities"), "[118690005]");
    let file = |element: &str| {
        let path = child_text(connector, element);
        let rel = path
            .strip_prefix("/Connector/")
            .unwrap_or_else(|| panic!("{label}: <{element}> {path} is not under /Connector/"));
        assert!(rel.starts_with(&format!("{CONNECTOR_NAME}_")), "{path}");
        let data = entries
            .get(&path[1..])
            .unwrap_or_else(|| panic!("{label}: <{element}> names {path}, not in the zip"));
        data.as_slice()
    };
    let swagger = json(file("openapidefinition"));
    assert!(!text(file("openapidefinition")).contains('\n'), "minified");
    let params = json(file("connectionparameters"));
    assert_eq!(params["api_key"]["type"], "securestring");
    assert!(json(file("policytemplateinstances")).is_array());
    let script = text(file("customcodeblobcontent"));
    assert!(script.contains("class Script : ScriptBase"));
    assert_eq!(png_size(file("iconblob")), (144, 144));

    let ops = operation_ids(&swagger);
    let script_ops: Vec<String> =
        serde_json::from_str(child_text(connector, "scriptoperations")).unwrap();
    for op in &script_ops {
        assert!(
            ops.contains(op),
            "{label}: script operation {op} not in the swagger"
        );
    }
    assert_eq!(
        child_text(connector, "displayname"),
        swagger["info"]["title"]
    );
    assert_eq!(
        child_text(connector, "description"),
        swagger["info"]["description"]
    );

    // No orphans: every Connector/ file is referenced.
    let referenced: BTreeSet<&str> = connector
        .children()
        .filter_map(|c| c.text())
        .filter_map(|t| t.strip_prefix('/'))
        .collect();
    for name in entries.keys().filter(|n| n.starts_with("Connector/")) {
        assert!(
            referenced.contains(name.as_str()),
            "{label}: {name} is an orphan"
        );
    }
    swagger
}

/// The manifest: name, version, publisher, root components matching the components.
fn check_manifest(label: &str, entries: &BTreeMap<String, Vec<u8>>, unique_name: &str) {
    let solution = xml(&entries["solution.xml"]);
    let custom = xml(&entries["customizations.xml"]);
    let manifest = solution
        .descendants()
        .find(|n| n.has_tag_name("SolutionManifest"))
        .unwrap();
    let root = solution.root_element();
    assert_eq!(root.attribute("SolutionPackageVersion"), Some("9.2"));
    assert_eq!(root.attribute("languagecode"), Some("1033"));
    assert_eq!(root.attribute("generatedBy"), Some("CrmLive"));
    let own_unique_name = manifest
        .children()
        .find(|n| n.has_tag_name("UniqueName"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(own_unique_name, unique_name, "{label}");
    assert_eq!(child_text(manifest, "Version"), "1.0.0.1");
    assert_eq!(child_text(manifest, "Managed"), "0");
    let publisher = manifest
        .children()
        .find(|n| n.has_tag_name("Publisher"))
        .unwrap();
    assert_eq!(
        publisher
            .children()
            .find(|n| n.has_tag_name("UniqueName"))
            .unwrap()
            .text(),
        Some("contoso")
    );
    let prefix = child_text(publisher, "CustomizationPrefix");
    assert_eq!(prefix, "cwid");
    let option_prefix: u32 = child_text(publisher, "CustomizationOptionValuePrefix")
        .parse()
        .unwrap();
    assert!((10000..=99999).contains(&option_prefix));
    assert_eq!(elements(&solution, "Address").len(), 2);
    assert!(
        elements(&solution, "MissingDependencies")[0]
            .children()
            .all(|c| !c.is_element())
    );

    let roots = elements(&solution, "RootComponent");
    let connectors = elements(&custom, "Connector");
    let root_connectors: BTreeSet<(String, &str)> = roots
        .iter()
        .filter(|r| r.attribute("type") == Some("372"))
        .map(|r| {
            (
                unbrace(r.attribute("id").unwrap()),
                r.attribute("schemaName").unwrap(),
            )
        })
        .collect();
    let defined_connectors: BTreeSet<(String, &str)> = connectors
        .iter()
        .map(|c| {
            (
                child_text(*c, "connectorid").to_ascii_lowercase(),
                child_text(*c, "name"),
            )
        })
        .collect();
    assert_eq!(root_connectors, defined_connectors, "{label}: 372 roots");
    let root_flows: BTreeSet<String> = roots
        .iter()
        .filter(|r| r.attribute("type") == Some("29"))
        .map(|r| unbrace(r.attribute("id").unwrap()))
        .collect();
    let defined_flows: BTreeSet<String> = elements(&custom, "Workflow")
        .iter()
        .map(|w| unbrace(w.attribute("WorkflowId").unwrap()))
        .collect();
    assert_eq!(root_flows, defined_flows, "{label}: 29 roots");
    for r in &roots {
        assert!(["29", "372"].contains(&r.attribute("type").unwrap()));
        assert_eq!(r.attribute("behavior"), Some("0"));
    }
    // Component logical names carry the publisher prefix.
    for c in &connectors {
        assert!(child_text(*c, "name").starts_with(&format!("{prefix}_")));
    }
    for r in elements(&custom, "connectionreference") {
        let name = r.attribute("connectionreferencelogicalname").unwrap();
        assert!(name.starts_with(&format!("{prefix}_")));
    }
    // Section order and the always-present sections of §3.1.
    let sections: Vec<&str> = custom
        .root_element()
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(sections.first(), Some(&"Entities"));
    assert_eq!(sections.last(), Some(&"Languages"));
    for s in ["Roles", "Workflows", "Connectors", "optionsets"] {
        assert!(sections.contains(&s), "{label}: no <{s}>");
    }
}

#[test]
fn the_connector_solution_is_consistent() {
    let p = built_package();
    let entries = &p.connector;
    check_parts("connector", entries);
    check_manifest("connector", entries, "ContosoWidgetsConnector");
    let custom = xml(&entries["customizations.xml"]);
    let connectors = elements(&custom, "Connector");
    assert_eq!(connectors.len(), 1);
    check_connector("connector", connectors[0], entries);
    // Only the connector: empty Workflows, no connection references, no Workflows/ folder.
    assert!(
        elements(&custom, "Workflows")[0]
            .children()
            .all(|c| !c.is_element())
    );
    assert!(elements(&custom, "connectionreference").is_empty());
    assert!(!entries.keys().any(|n| n.starts_with("Workflows/")));
}

#[test]
fn the_flow_solution_binds_its_actions_to_the_packaged_connector() {
    let p = built_package();
    let entries = &p.flow;
    check_parts("flow", entries);
    check_manifest("flow", entries, "ContosoWidgetsFlow");
    let custom = xml(&entries["customizations.xml"]);
    let connectors = elements(&custom, "Connector");
    assert_eq!(connectors.len(), 1);
    let swagger = check_connector("flow", connectors[0], entries);
    let ops = operation_ids(&swagger);

    // Workflows ↔ Workflows/ files, one to one.
    let workflows = elements(&custom, "Workflow");
    assert_eq!(workflows.len(), 1);
    let w = workflows[0];
    assert_eq!(unbrace(w.attribute("WorkflowId").unwrap()), WORKFLOW_ID);
    let json_file = child_text(w, "JsonFileName");
    assert_eq!(json_file, format!("/{WORKFLOW_JSON}"));
    assert_eq!(
        json_file,
        format!(
            "/Workflows/{}-{}.json",
            w.attribute("Name").unwrap(),
            WORKFLOW_ID.to_ascii_uppercase()
        )
    );
    let files: Vec<&str> = entries
        .keys()
        .filter(|n| n.starts_with("Workflows/"))
        .map(String::as_str)
        .collect();
    assert_eq!(files, [WORKFLOW_JSON]);
    for (element, value) in [
        ("Type", "1"),
        ("Category", "5"),
        ("StateCode", "1"),
        ("StatusCode", "2"),
        ("ModernFlowType", "0"),
        ("PrimaryEntity", "none"),
    ] {
        assert_eq!(child_text(w, element), value, "<{element}>");
    }

    // The connection reference points at the packaged connector and carries no connection.
    let references = elements(&custom, "connectionreference");
    assert_eq!(references.len(), 1);
    let reference = references[0];
    assert_eq!(
        reference.attribute("connectionreferencelogicalname"),
        Some(CONNECTION_REFERENCE)
    );
    assert_eq!(
        child_text(reference, "connectorid"),
        format!("/providers/Microsoft.PowerApps/apis/{API_NAME}")
    );
    let custom_connector = reference
        .children()
        .find(|n| n.has_tag_name("customconnectorid"))
        .unwrap();
    assert_eq!(child_text(custom_connector, "connectorid"), CONNECTOR_ID);
    for (element, value) in [
        ("iscustomizable", "1"),
        ("promptingbehavior", "0"),
        ("statecode", "0"),
        ("statuscode", "1"),
    ] {
        assert_eq!(child_text(reference, element), value, "<{element}>");
    }
    assert!(!reference.children().any(|n| n.has_tag_name("connectionid")));

    // The flow: connection references by logical name, no embedded connections, real operations.
    let flow = json(&entries[WORKFLOW_JSON]);
    let props = &flow["properties"];
    let refs = props["connectionReferences"].as_object().unwrap();
    assert_eq!(refs.len(), 1);
    for (key, entry) in refs {
        assert_eq!(entry["api"]["name"], key.as_str());
        assert_eq!(entry["api"]["logicalName"], CONNECTOR_NAME);
        assert_eq!(
            entry["connection"]["connectionReferenceLogicalName"],
            CONNECTION_REFERENCE
        );
        assert!(entry.get("connectionName").is_none() && entry.get("source").is_none());
    }
    let definition = &props["definition"];
    assert_eq!(
        definition["parameters"]["$connections"]["defaultValue"],
        serde_json::json!({})
    );
    assert_eq!(
        definition["parameters"]["$authentication"]["defaultValue"],
        serde_json::json!({})
    );
    assert_eq!(definition["triggers"]["manual"]["kind"], "Button");
    let mut used = BTreeSet::new();
    for (name, action) in definition["actions"].as_object().unwrap() {
        assert_eq!(action["type"], "OpenApiConnection", "{name}");
        let host = &action["inputs"]["host"];
        let key = host["connectionName"].as_str().unwrap();
        assert!(refs.contains_key(key), "{name}: {key}");
        assert_eq!(
            host["apiId"],
            format!("/providers/Microsoft.PowerApps/apis/{key}")
        );
        let op = host["operationId"].as_str().unwrap();
        assert!(ops.contains(op), "{name}: {op} is not in the swagger");
        used.insert(op.to_owned());
    }
    assert!(used.len() >= 3, "the sample flow shows three operations");
}

#[test]
fn both_solutions_agree_on_the_connector_and_the_publisher() {
    let p = built_package();
    let pick = |entries: &BTreeMap<String, Vec<u8>>| {
        let doc = xml(&entries["customizations.xml"]);
        let c = elements(&doc, "Connector")[0];
        let fields: Vec<(String, String)> = c
            .children()
            .filter(|n| n.is_element())
            .map(|n| {
                (
                    n.tag_name().name().to_owned(),
                    n.text().unwrap_or("").to_owned(),
                )
            })
            .collect();
        fields
    };
    assert_eq!(pick(&p.connector), pick(&p.flow));
    let publisher = |entries: &BTreeMap<String, Vec<u8>>| {
        let s = text(&entries["solution.xml"]);
        let start = s.find("<Publisher>").unwrap();
        let end = s.find("</Publisher>").unwrap();
        s[start..end].to_owned()
    };
    assert_eq!(publisher(&p.connector), publisher(&p.flow));
}

#[test]
fn the_package_has_the_certification_layout() {
    let p = built_package();
    let intro = text(&p.outer["intro.md"]);
    for heading in [
        "## Prerequisites",
        "## How to get credentials",
        "## Get started with your connector",
        "## Known issues and limitations",
    ] {
        assert!(intro.contains(heading), "intro.md: {heading}");
    }
    for name in p.package.keys() {
        let (folder, file) = name.split_once('/').unwrap();
        assert_eq!(folder, "PkgAssets");
        assert!(!file.contains('/') && file.ends_with(".zip"), "{name}");
    }
    let materialized = tempfile::tempdir().unwrap();
    let zips = materialize(&fixture("package"), materialized.path());
    let names: Vec<_> = fs::read_dir(materialized.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, [PACKAGE_ZIP]);
    assert_eq!(zips.len(), 1);
}

/// A file of a plain (materialized) folder.
fn read(dir: &Path, rel: &str) -> Vec<u8> {
    fs::read(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn starts_with_bom_and_declaration(bytes: &[u8]) -> bool {
    bytes.starts_with("\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>".as_bytes())
}

#[test]
fn the_unpacked_connector_solution_matches_the_zip() {
    let zipped = open(&zip_tree(&fixture("connector-solution")));
    let out = tempfile::tempdir().unwrap();
    materialize(&fixture("unpacked"), out.path());
    let dir = out.path();

    let solution = read(dir, "Other/Solution.xml");
    assert!(starts_with_bom_and_declaration(&solution));
    assert_eq!(
        text(&solution),
        with_declaration(text(&zipped["solution.xml"]))
    );
    let custom_bytes = read(dir, "Other/Customizations.xml");
    assert!(starts_with_bom_and_declaration(&custom_bytes));
    let custom = xml(&custom_bytes);
    assert!(
        elements(&custom, "Connectors")[0]
            .children()
            .all(|c| !c.is_element()),
        "<Connectors /> is emptied on unpack"
    );

    let connector_bytes = read(dir, &format!("Connectors/{CONNECTOR_NAME}.xml"));
    assert!(starts_with_bom_and_declaration(&connector_bytes));
    let connector_doc = xml(&connector_bytes);
    let connector = connector_doc.root_element();
    assert!(connector.has_tag_name("Connector"));
    let zipped_custom = xml(&zipped["customizations.xml"]);
    let zipped_connector = elements(&zipped_custom, "Connector")[0];
    let fields = |n: roxmltree::Node<'_, '_>| -> Vec<(String, String)> {
        n.children()
            .filter(|c| c.is_element())
            .map(|c| {
                (
                    c.tag_name().name().to_owned(),
                    c.text().unwrap_or("").to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(fields(connector), fields(zipped_connector));
    // Paths still say /Connector/, files live in Connectors/, bytes unchanged.
    let mut files = BTreeSet::new();
    for (element, path) in fields(connector) {
        if let Some(rel) = path.strip_prefix("/Connector/") {
            let unpacked = read(dir, &format!("Connectors/{rel}"));
            assert_bytes(&unpacked, &zipped[&path[1..]], &element);
            files.insert(format!("Connectors/{rel}"));
        }
    }
    files.insert(format!("Connectors/{CONNECTOR_NAME}.xml"));
    let on_disk: BTreeSet<String> = fs::read_dir(dir.join("Connectors"))
        .unwrap()
        .map(|e| format!("Connectors/{}", e.unwrap().file_name().to_str().unwrap()))
        .collect();
    assert_eq!(on_disk, files);
    assert!(!dir.join("[Content_Types].xml").exists());
}

/// `Other/Solution.xml` is `solution.xml` with a declaration (and a BOM, which `text` strips).
fn with_declaration(xml: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{xml}")
}

#[test]
fn the_unpacked_flow_solution_matches_the_zip() {
    let zipped = open(&zip_tree(&fixture("flow-solution")));
    let out = tempfile::tempdir().unwrap();
    materialize(&fixture("unpacked-flow"), out.path());
    let dir = out.path();

    let solution = read(dir, "Other/Solution.xml");
    assert!(starts_with_bom_and_declaration(&solution));
    assert_eq!(
        text(&solution),
        with_declaration(text(&zipped["solution.xml"]))
    );
    let custom_bytes = read(dir, "Other/Customizations.xml");
    let custom = xml(&custom_bytes);
    for emptied in ["Connectors", "Workflows"] {
        assert!(
            elements(&custom, emptied)[0]
                .children()
                .all(|c| !c.is_element()),
            "<{emptied} /> is emptied on unpack"
        );
    }
    assert_eq!(elements(&custom, "connectionreference").len(), 1);

    // Workflows: the JSON unchanged, beside its .json.data.xml (root <Workflow>).
    assert_bytes(
        &read(dir, WORKFLOW_JSON),
        &zipped[WORKFLOW_JSON],
        WORKFLOW_JSON,
    );
    let data = read(dir, &format!("{WORKFLOW_JSON}.data.xml"));
    assert!(starts_with_bom_and_declaration(&data));
    let data = xml(&data);
    let w = data.root_element();
    assert!(w.has_tag_name("Workflow"));
    assert_eq!(unbrace(w.attribute("WorkflowId").unwrap()), WORKFLOW_ID);
    assert_eq!(child_text(w, "JsonFileName"), format!("/{WORKFLOW_JSON}"));
    let workflows: Vec<String> = fs::read_dir(dir.join("Workflows"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(workflows.len(), 2, "{workflows:?}");

    // The connector copy, unpacked like the connector solution's.
    let connectors = tempfile::tempdir().unwrap();
    materialize(&fixture("unpacked"), connectors.path());
    for e in fs::read_dir(connectors.path().join("Connectors")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        let rel = format!("Connectors/{name}");
        assert_bytes(&read(dir, &rel), &read(connectors.path(), &rel), &rel);
    }
}

#[test]
fn the_cloned_project_holds_the_unpacked_solution_under_src() {
    let out = tempfile::tempdir().unwrap();
    materialize(&fixture("cloned"), out.path());
    let project = out.path().join("ContosoWidgetsConnector");
    let cdsproj = read(&project, "ContosoWidgetsConnector.cdsproj");
    let doc = xml(&cdsproj);
    assert!(doc.root_element().has_tag_name("Project"));
    assert_eq!(child_text(doc.root_element(), "SolutionRootPath"), "src");
    let unpacked = tempfile::tempdir().unwrap();
    materialize(&fixture("unpacked"), unpacked.path());
    for rel in [
        "Other/Solution.xml",
        "Other/Customizations.xml",
        "Connectors/cwid_contoso-20widgets.xml",
    ] {
        let cloned = read(&project.join("src"), rel);
        assert_bytes(&cloned, &read(unpacked.path(), rel), rel);
    }
}

#[test]
fn the_paconn_folder_has_no_drift_from_the_connector_solution() {
    let zipped = open(&zip_tree(&fixture("connector-solution")));
    let custom = xml(&zipped["customizations.xml"]);
    let connector = elements(&custom, "Connector")[0];
    let file = |kind: &str| &zipped[&format!("Connector/{CONNECTOR_NAME}_{kind}")];
    let paconn = fixture("paconn");

    let swagger = json(&read(&paconn, "apiDefinition.swagger.json"));
    assert_eq!(swagger, json(file("openapidefinition.json")));
    assert!(text(&read(&paconn, "apiDefinition.swagger.json")).contains("\n  \"info\""));

    let props = json(&read(&paconn, "apiProperties.json"));
    let props = &props["properties"];
    assert_eq!(
        props["connectionParameters"],
        json(file("connectionparameters.json"))
    );
    assert_eq!(
        props["policyTemplateInstances"],
        json(file("policytemplateinstances.json"))
    );
    assert_eq!(
        props["scriptOperations"],
        serde_json::from_str::<Value>(child_text(connector, "scriptoperations")).unwrap()
    );
    assert_eq!(
        props["iconBrandColor"],
        child_text(connector, "iconbrandcolor")
    );
    assert_eq!(props["capabilities"], serde_json::json!(["actions"]));
    assert_eq!(child_text(connector, "capabilities"), "[118690005]");
    let script = read(&paconn, "script.csx");
    assert_bytes(&script, file("customcodeblobcontent.csx"), "script.csx");
    assert_eq!(png_size(&read(&paconn, "icon.png")), (230, 230));
    let package_intro = read(&fixture("package"), &format!("{PACKAGE_ZIP}.d/intro.md"));
    assert_bytes(&read(&paconn, "intro.md"), &package_intro, "intro.md");
}

/// ppcert's connector rules pass on the paconn folder and on a connector folder synthesised from
/// the solution's files (infos aside).
#[test]
fn the_swagger_passes_the_existing_connector_rules() {
    let zipped = open(&zip_tree(&fixture("connector-solution")));
    let file = |kind: &str| zipped[&format!("Connector/{CONNECTOR_NAME}_{kind}")].clone();
    let synth = tempfile::tempdir().unwrap();
    let dir = synth.path().join("Contoso Widgets");
    fs::create_dir(&dir).unwrap();
    fs::write(
        dir.join("apiDefinition.swagger.json"),
        file("openapidefinition.json"),
    )
    .unwrap();
    fs::write(dir.join("script.csx"), file("customcodeblobcontent.csx")).unwrap();
    let props = serde_json::json!({"properties": {
        "connectionParameters": json(&file("connectionparameters.json")),
        "policyTemplateInstances": json(&file("policytemplateinstances.json")),
        "iconBrandColor": "#2f6f4f",
        "capabilities": ["actions"],
        "scriptOperations": ["ListWidgets"],
        "publisher": "Contoso Ltd",
        "stackOwner": "Contoso Ltd",
    }});
    fs::write(
        dir.join("apiProperties.json"),
        serde_json::to_string_pretty(&props).unwrap(),
    )
    .unwrap();
    for (folder, profile) in [
        (fixture("paconn"), "certified"),
        (fixture("paconn"), "custom"),
        (dir.clone(), "custom"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_ppcert"))
            .args(["lint", "--color", "never", "--format", "concise"])
            .args(["--deny-warnings", "--profile", profile])
            .arg(&folder)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{} ({profile}):\n{}{}",
            folder.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
