//! The rules on certification packages, solutions and unpacked sources (`pkg-*`, `sol-*`,
//! `csol-*`, `conn-*`, `src-*`; docs/solutions.md §11).
//!
//! Inputs are built here, in memory: a clean connector solution, a clean flow solution and a
//! certification package holding both, written the way Dataverse exports them (§2–§7). The
//! clean inputs produce no finding (but `pkg-managed`'s info); each rule then gets a small
//! mutation that makes it fire, with its severity and its place checked.

use ppcert::connector::Profile;
use ppcert::diagnostic::{Diagnostic, Severity};
use ppcert::lint::{RuleSelector, RuleSet, Strictness, lint_solution};
use ppcert::solution::archive::Limits;
use ppcert::solution::{Input, load_dir, load_zip};
use std::collections::BTreeSet;
use std::io::{Cursor, Write};
use std::path::Path;

// ------------------------------------------------------------------ building inputs

/// The files of one zip (or folder), in order; a path ending in `/` is a folder entry.
#[derive(Clone, Default)]
struct Files(Vec<(String, Vec<u8>)>);

impl Files {
    fn new(entries: &[(&str, &[u8])]) -> Files {
        Files(
            entries
                .iter()
                .map(|(p, b)| (p.to_string(), b.to_vec()))
                .collect(),
        )
    }
    fn set(&mut self, path: &str, bytes: impl Into<Vec<u8>>) -> &mut Self {
        let bytes = bytes.into();
        match self.0.iter_mut().find(|(p, _)| p == path) {
            Some(e) => e.1 = bytes,
            None => self.0.push((path.to_owned(), bytes)),
        }
        self
    }
    fn remove(&mut self, path: &str) -> &mut Self {
        let before = self.0.len();
        self.0.retain(|(p, _)| p != path);
        assert!(self.0.len() < before, "no file {path}");
        self
    }
    fn get(&self, path: &str) -> String {
        let (_, b) = self
            .0
            .iter()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("no file {path}"));
        String::from_utf8(b.clone()).unwrap()
    }
    /// Replaces `from` (which must be there) by `to` in a text file.
    fn edit(&mut self, path: &str, from: &str, to: &str) -> &mut Self {
        let text = self.get(path);
        assert!(text.contains(from), "{path} has no {from:?}");
        self.set(path, text.replacen(from, to, 1))
    }
    /// Moves every file into `folder/`.
    fn wrap(&mut self, folder: &str) -> &mut Self {
        for e in &mut self.0 {
            e.0 = format!("{folder}/{}", e.0);
        }
        self
    }
    fn zip(&self) -> Vec<u8> {
        zip_of(
            &self
                .0
                .iter()
                .map(|(p, b)| (p.as_str(), b.as_slice()))
                .collect::<Vec<_>>(),
        )
    }
    fn write_to(&self, dir: &Path) {
        for (p, b) in &self.0 {
            let path = dir.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b).unwrap();
        }
    }
}

/// A zip of `entries`, Deflate, forward slashes; a name ending in `/` is a folder entry.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        if name.ends_with('/') {
            w.add_directory(*name, options).unwrap();
        } else {
            w.start_file(*name, options).unwrap();
            w.write_all(bytes).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

const NAME: &str = "cts_contoso-20widgets";
const CONNECTOR_ID: &str = "5c0a8d3e-1b2c-4d5e-8f90-a1b2c3d4e5f6";
const WORKFLOW_ID: &str = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const FLOW_FILE: &str = "Workflows/TestContosoWidgets-0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E4F.json";
const API: &str = "shared_cts-5fcontoso-20widgets-5f1a2b3c4d5e6f7a8b";
const REFERENCE: &str = "cts_sharedctscontoso20widgets_1a2b3";

fn file(kind: &str) -> String {
    format!("Connector/{NAME}_{kind}")
}

fn content_types() -> String {
    r#"<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /><Default Extension="json" ContentType="application/octet-stream" /><Default Extension="Png" ContentType="application/octet-stream" /></Types>"#.to_owned()
}

fn manifest(unique: &str, display: &str, roots: &str) -> String {
    format!(
        r#"<ImportExportXml version="9.2.25124.203" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <SolutionManifest>
    <UniqueName>{unique}</UniqueName>
    <LocalizedNames>
      <LocalizedName description="{display}" languagecode="1033" />
    </LocalizedNames>
    <Descriptions />
    <Version>1.0.0.1</Version>
    <Managed>0</Managed>
    <Publisher>
      <UniqueName>contoso</UniqueName>
      <LocalizedNames>
        <LocalizedName description="Contoso Ltd" languagecode="1033" />
      </LocalizedNames>
      <Descriptions />
      <EMailAddress xsi:nil="true"></EMailAddress>
      <SupportingWebsiteUrl xsi:nil="true"></SupportingWebsiteUrl>
      <CustomizationPrefix>cts</CustomizationPrefix>
      <CustomizationOptionValuePrefix>10422</CustomizationOptionValuePrefix>
      <Addresses>
        <Address>
          <AddressNumber>1</AddressNumber>
          <AddressTypeCode>1</AddressTypeCode>
        </Address>
      </Addresses>
    </Publisher>
    <RootComponents>
{roots}
    </RootComponents>
    <MissingDependencies />
  </SolutionManifest>
</ImportExportXml>"#
    )
}

fn connector_root() -> String {
    format!(
        r#"      <RootComponent type="372" id="{{{CONNECTOR_ID}}}" schemaName="{NAME}" behavior="0" />"#
    )
}

fn connector_element() -> String {
    format!(
        r#"    <Connector>
      <connectorid>{CONNECTOR_ID}</connectorid>
      <name>{NAME}</name>
      <displayname>Contoso Widgets</displayname>
      <description>Manage the widgets of a Contoso account.</description>
      <iconbrandcolor>#da3b01</iconbrandcolor>
      <connectortype>1</connectortype>
      <capabilities>[118690005]</capabilities>
      <openapidefinition>/{}</openapidefinition>
      <connectionparameters>/{}</connectionparameters>
      <policytemplateinstances>/{}</policytemplateinstances>
      <iconblob>/{}</iconblob>
    </Connector>"#,
        file("openapidefinition.json"),
        file("connectionparameters.json"),
        file("policytemplateinstances.json"),
        file("iconblob.Png"),
    )
}

fn reference_element() -> String {
    format!(
        r#"    <connectionreference connectionreferencelogicalname="{REFERENCE}">
      <connectionreferencedisplayname>Contoso Widgets</connectionreferencedisplayname>
      <connectorid>/providers/Microsoft.PowerApps/apis/{API}</connectorid>
      <customconnectorid>
        <connectorid>{CONNECTOR_ID}</connectorid>
      </customconnectorid>
      <iscustomizable>1</iscustomizable>
      <promptingbehavior>0</promptingbehavior>
      <statecode>0</statecode>
      <statuscode>1</statuscode>
    </connectionreference>"#
    )
}

fn workflow_element(inner_only: bool) -> String {
    let body = format!(
        r#"<Workflow WorkflowId="{{{WORKFLOW_ID}}}" Name="Test Contoso Widgets">
      <JsonFileName>/{FLOW_FILE}</JsonFileName>
      <Type>1</Type>
      <Subprocess>0</Subprocess>
      <Category>5</Category>
      <Mode>0</Mode>
      <Scope>4</Scope>
      <OnDemand>0</OnDemand>
      <TriggerOnCreate>0</TriggerOnCreate>
      <TriggerOnDelete>0</TriggerOnDelete>
      <AsyncAutodelete>0</AsyncAutodelete>
      <SyncWorkflowLogOnFailure>0</SyncWorkflowLogOnFailure>
      <StateCode>1</StateCode>
      <StatusCode>2</StatusCode>
      <RunAs>1</RunAs>
      <IsTransacted>1</IsTransacted>
      <IntroducedVersion>1.0.0.0</IntroducedVersion>
      <IsCustomizable>1</IsCustomizable>
      <BusinessProcessType>0</BusinessProcessType>
      <IsCustomProcessingStepAllowedForOtherPublishers>1</IsCustomProcessingStepAllowedForOtherPublishers>
      <ModernFlowType>0</ModernFlowType>
      <PrimaryEntity>none</PrimaryEntity>
      <LocalizedNames>
        <LocalizedName languagecode="1033" description="Test Contoso Widgets" />
      </LocalizedNames>
    </Workflow>"#
    );
    if inner_only {
        body
    } else {
        format!("    {body}")
    }
}

fn customizations(connectors: &str, workflows: &str, references: &str) -> String {
    let section = |name: &str, body: &str| {
        if body.is_empty() {
            format!("  <{name} />\n")
        } else {
            format!("  <{name}>\n{body}\n  </{name}>\n")
        }
    };
    format!(
        "<ImportExportXml xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" OrganizationVersion=\"9.2.25124.203\" OrganizationSchemaType=\"Standard\">\n  <Entities></Entities>\n  <Roles></Roles>\n{}  <FieldSecurityProfiles></FieldSecurityProfiles>\n  <Templates />\n  <EntityMaps />\n  <EntityRelationships />\n  <OrganizationSettings />\n  <optionsets />\n  <CustomControls />\n  <EntityDataProviders />\n{}{}  <Languages>\n    <Language>1033</Language>\n  </Languages>\n</ImportExportXml>",
        section("Workflows", workflows),
        section("Connectors", connectors),
        section("connectionreferences", references),
    )
}

fn swagger() -> String {
    r#"{"swagger":"2.0","info":{"title":"Contoso Widgets","description":"Manage the widgets of a Contoso account.","version":"1.0","contact":{"name":"Contoso Support","url":"https://support.contoso.com","email":"support@contoso.com"}},"host":"api.contoso.com","basePath":"/","schemes":["https"],"consumes":[],"produces":["application/json"],"paths":{"/widgets":{"get":{"operationId":"ListWidgets","summary":"List widgets","description":"Lists the widgets of the account.","parameters":[],"responses":{"200":{"description":"The widgets","schema":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string","description":"The widget's id","x-ms-summary":"Widget ID"}}}}}}}}},"definitions":{},"parameters":{},"responses":{},"securityDefinitions":{"API Key":{"type":"apiKey","in":"header","name":"X-Api-Key"}},"security":[{"API Key":[]}],"tags":[]}"#.to_owned()
}

fn connection_parameters() -> String {
    r#"{"api_key":{"type":"securestring","uiDefinition":{"displayName":"API Key","description":"The API key of your Contoso account","tooltip":"Find it under Settings, API","constraints":{"tabIndex":2,"clearText":false,"required":"true"}}}}"#.to_owned()
}

fn flow_json() -> String {
    format!(
        r#"{{
  "properties": {{
    "connectionReferences": {{
      "{API}": {{
        "runtimeSource": "embedded",
        "connection": {{
          "connectionReferenceLogicalName": "{REFERENCE}"
        }},
        "api": {{
          "name": "{API}",
          "logicalName": "{NAME}"
        }}
      }}
    }},
    "definition": {{
      "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
      "contentVersion": "1.0.0.0",
      "parameters": {{
        "$connections": {{ "defaultValue": {{}}, "type": "Object" }},
        "$authentication": {{ "defaultValue": {{}}, "type": "SecureObject" }}
      }},
      "triggers": {{
        "manual": {{
          "type": "Request",
          "kind": "Button",
          "inputs": {{ "schema": {{ "type": "object", "properties": {{}}, "required": [] }} }}
        }}
      }},
      "actions": {{
        "List_widgets": {{
          "runAfter": {{}},
          "type": "OpenApiConnection",
          "inputs": {{
            "host": {{
              "connectionName": "{API}",
              "operationId": "ListWidgets",
              "apiId": "/providers/Microsoft.PowerApps/apis/{API}"
            }},
            "parameters": {{}},
            "authentication": "@parameters('$authentication')"
          }}
        }}
      }}
    }},
    "templateName": ""
  }},
  "schemaVersion": "1.0.0.0"
}}"#
    )
}

/// A PNG of `size`×`size` pixels, one colour.
fn png(size: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, size, size);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let data: Vec<u8> = (0..size * size)
            .flat_map(|_| [0xda, 0x3b, 0x01, 0xff])
            .collect();
        writer.write_image_data(&data).unwrap();
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A 100×100 PNG padded with a text chunk to the placeholder icon's 2 895 bytes.
fn placeholder_png() -> Vec<u8> {
    let png = png(100);
    let pad = 2895 - png.len() - 12;
    let iend = png.len() - 12;
    let mut chunk = Vec::new();
    chunk.extend_from_slice(&(pad as u32).to_be_bytes());
    let mut body = b"tEXt".to_vec();
    body.extend_from_slice(b"Comment\0");
    body.resize(4 + pad, b'x');
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32(&body).to_be_bytes());
    let mut out = png[..iend].to_vec();
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[iend..]);
    assert_eq!(out.len(), 2895);
    out
}

/// The connector's files in `Connector/`.
fn connector_files(files: &mut Files) {
    files
        .set(&file("openapidefinition.json"), swagger())
        .set(&file("connectionparameters.json"), connection_parameters())
        .set(&file("policytemplateinstances.json"), "null")
        .set(&file("iconblob.Png"), png(144));
}

/// A clean connector solution: the connector alone.
fn connector_solution() -> Files {
    let mut f = Files::default();
    f.set(
        "customizations.xml",
        customizations(&connector_element(), "", ""),
    )
    .set(
        "solution.xml",
        manifest(
            "ContosoWidgetsConnector",
            "Contoso Widgets Connector",
            &connector_root(),
        ),
    )
    .set("[Content_Types].xml", content_types());
    connector_files(&mut f);
    f
}

/// A clean flow solution: the test flow, its connection reference and a copy of the connector.
fn flow_solution() -> Files {
    let mut f = Files::default();
    f.set(
        "customizations.xml",
        customizations(
            &connector_element(),
            &workflow_element(false),
            &reference_element(),
        ),
    )
    .set(
        "solution.xml",
        manifest(
            "ContosoWidgetsFlow",
            "Contoso Widgets Test Flow",
            &format!(
                "      <RootComponent type=\"29\" id=\"{{{WORKFLOW_ID}}}\" behavior=\"0\" />\n{}",
                connector_root()
            ),
        ),
    )
    .set("[Content_Types].xml", content_types())
    .set(FLOW_FILE, flow_json());
    connector_files(&mut f);
    f
}

/// A certification package: outer zip → package zip → `PkgAssets/` → solution zips.
#[derive(Clone)]
struct Pkg {
    outer: Files,
    package_name: String,
    package: Files,
    /// Path in the package zip and files of each solution zip.
    solutions: Vec<(String, Files)>,
}

impl Pkg {
    fn clean() -> Pkg {
        Pkg {
            outer: Files::new(&[(
                "intro.md",
                b"## Contoso Widgets\n\nManage the widgets of a Contoso account.\n",
            )]),
            package_name: "package.zip".into(),
            package: Files::default(),
            solutions: vec![
                (
                    "PkgAssets/ConnectorSolution.zip".into(),
                    connector_solution(),
                ),
                ("PkgAssets/FlowSolution.zip".into(), flow_solution()),
            ],
        }
    }
    fn connector(&mut self) -> &mut Files {
        &mut self.solutions[0].1
    }
    fn flow(&mut self) -> &mut Files {
        &mut self.solutions[1].1
    }
    fn bytes(&self) -> Vec<u8> {
        let mut package = self.package.clone();
        for (path, files) in &self.solutions {
            package.set(path, files.zip());
        }
        let mut outer = self.outer.clone();
        outer.set(&self.package_name, package.zip());
        outer.zip()
    }
    fn load(&self) -> Input {
        load("submission.zip", self.bytes())
    }
}

fn load(name: &str, bytes: Vec<u8>) -> Input {
    load_zip(Path::new(name), name.to_owned(), bytes, &Limits::default())
}

/// Every rule of this file.
const RULES: &[&str] = &[
    "pkg-outer-no-folders",
    "pkg-outer-intro",
    "pkg-outer-package",
    "pkg-outer-extra-files",
    "pkg-assets-folder",
    "pkg-assets-no-subfolders",
    "pkg-solution-count",
    "pkg-solution-root-files",
    "pkg-connector-solution",
    "pkg-flow-solution",
    "pkg-flow-has-connector",
    "pkg-plugin-solution",
    "pkg-flow-uses-connector",
    "pkg-connector-identity",
    "pkg-importconfig",
    "pkg-managed",
    "pkg-ip-icon",
    "sol-xml-wellformed",
    "sol-unique-name",
    "sol-version",
    "sol-managed-value",
    "sol-publisher-prefix",
    "sol-default-publisher",
    "sol-name-prefix",
    "sol-root-components",
    "sol-component-type",
    "sol-missing-deps",
    "sol-stale-dependency",
    "sol-content-types",
    "sol-referenced-files",
    "sol-orphan-files",
    "sol-size",
    "csol-only-connector",
    "csol-connector-present",
    "conn-files",
    "conn-script-ops",
    "conn-lengths",
    "conn-display-vs-title",
    "conn-host-env-var",
    "src-layout",
    "src-connector-files",
    "src-workflow-pairs",
    "src-unmanaged",
    "src-managed-variants",
];

fn lint_with(
    input: &Input,
    rules: &[&str],
    profile: Profile,
    strictness: Strictness,
) -> Vec<Diagnostic> {
    let selector =
        RuleSelector::new(Some(rules.iter().map(|r| r.to_string()).collect()), vec![]).unwrap();
    lint_solution(input, &RuleSet::new(&selector), profile, strictness, None)
}

fn show(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            format!(
                "  {}:{}:{} {}[{}] {}",
                d.file, d.line, d.column, d.severity, d.rule, d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The findings of `rule` alone on `input`.
fn run(input: &Input, rule: &str, profile: Profile, strictness: Strictness) -> Vec<Diagnostic> {
    let diags = lint_with(input, &[rule], profile, strictness);
    assert!(
        diags.iter().all(|d| d.rule == rule),
        "other rules reported:\n{}",
        show(&diags)
    );
    diags
}

/// The findings of `rule` on a package, certified profile, default strictness.
fn pkg_run(pkg: &Pkg, rule: &str) -> Vec<Diagnostic> {
    run(&pkg.load(), rule, Profile::Certified, Strictness::Default)
}

/// Asserts a finding of `severity` in a file whose name ends with `file` and whose message
/// contains `text`; XML places (`xml`) must carry a span on a real line.
fn expect<'a>(
    diags: &'a [Diagnostic],
    severity: Severity,
    file: &str,
    text: &str,
) -> &'a Diagnostic {
    let found = diags
        .iter()
        .find(|d| d.severity == severity && d.file.ends_with(file) && d.message.contains(text));
    let d = found.unwrap_or_else(|| {
        panic!(
            "expected a {severity} in `…{file}` saying {text:?}, got:\n{}",
            show(diags)
        )
    });
    assert!(d.line >= 1 && d.column >= 1, "{}", show(diags));
    assert!(!d.message.is_empty() && d.help.is_some() || severity == Severity::Info);
    d
}

/// Like [`expect`], for a finding on an element of an XML (or JSON) file: it has a span, on
/// the given line.
fn expect_at(
    diags: &[Diagnostic],
    severity: Severity,
    file: &str,
    text: &str,
    line: usize,
) -> Diagnostic {
    let d = expect(diags, severity, file, text);
    assert!(d.span.is_some(), "no span: {}", show(diags));
    assert_eq!(d.line, line, "wrong line:\n{}", show(diags));
    d.clone()
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in {text}"));
    text[..at].matches('\n').count() + 1
}

const CONNECTOR_ZIP: &str = "submission.zip!/package.zip!/PkgAssets/ConnectorSolution.zip";
const FLOW_ZIP: &str = "submission.zip!/package.zip!/PkgAssets/FlowSolution.zip";

// ------------------------------------------------------------------ clean inputs

#[test]
fn clean_package_has_no_findings() {
    let input = Pkg::clean().load();
    assert!(input.problems.is_empty(), "{:?}", input.problems);
    assert_eq!(input.solutions.len(), 2);
    for profile in [Profile::Certified, Profile::IndependentPublisher] {
        for strictness in [Strictness::Default, Strictness::Ps] {
            let diags = lint_with(&input, RULES, profile, strictness);
            let unexpected: Vec<Diagnostic> = diags
                .iter()
                .filter(|d| d.rule != "pkg-managed")
                .cloned()
                .collect();
            assert!(unexpected.is_empty(), "{profile:?}:\n{}", show(&unexpected));
            assert_eq!(diags.len(), 2, "{}", show(&diags));
        }
    }
}

#[test]
fn clean_solution_zips_have_no_findings() {
    for (name, files) in [
        ("ConnectorSolution.zip", connector_solution()),
        ("FlowSolution.zip", flow_solution()),
    ] {
        let input = load(name, files.zip());
        assert!(input.problems.is_empty(), "{:?}", input.problems);
        for profile in [Profile::Custom, Profile::Certified] {
            if profile == Profile::Certified && name == "FlowSolution.zip" {
                // Judged for certification, a solution with the connector is the connector
                // solution, and it holds a flow: csol-only-connector (tested below).
                continue;
            }
            let diags = lint_with(&input, RULES, profile, Strictness::Default);
            assert!(diags.is_empty(), "{name} {profile:?}:\n{}", show(&diags));
        }
    }
}

/// The flow solution unpacked by SolutionPackager: `Other/`, `Connectors/`, workflow pairs.
fn unpacked() -> Files {
    let bom = |s: String| {
        let mut v = b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n".to_vec();
        v.extend_from_slice(s.as_bytes());
        v
    };
    let mut f = Files::default();
    f.set(
        "Other/Solution.xml",
        bom(manifest(
            "ContosoWidgetsFlow",
            "Contoso Widgets Test Flow",
            &format!(
                "      <RootComponent type=\"29\" id=\"{{{WORKFLOW_ID}}}\" behavior=\"0\" />\n{}",
                connector_root()
            ),
        )),
    )
    .set(
        "Other/Customizations.xml",
        bom(customizations("", "", &reference_element())),
    )
    .set(
        &format!("Connectors/{NAME}.xml"),
        bom(connector_element().trim().to_owned()),
    )
    .set(
        &format!("Connectors/{NAME}_openapidefinition.json"),
        swagger(),
    )
    .set(
        &format!("Connectors/{NAME}_connectionparameters.json"),
        connection_parameters(),
    )
    .set(
        &format!("Connectors/{NAME}_policytemplateinstances.json"),
        "null",
    )
    .set(&format!("Connectors/{NAME}_iconblob.Png"), png(144))
    .set(FLOW_FILE, flow_json())
    .set(
        &format!("{FLOW_FILE}.data.xml"),
        bom(workflow_element(true)),
    );
    f
}

fn load_unpacked(files: &Files) -> (tempfile::TempDir, Input) {
    let dir = tempfile::tempdir().unwrap();
    files.write_to(dir.path());
    let input = load_dir(dir.path(), dir.path(), "src".into());
    (dir, input)
}

#[test]
fn clean_unpacked_solution_has_no_findings() {
    let (_dir, input) = load_unpacked(&unpacked());
    assert!(input.problems.is_empty(), "{:?}", input.problems);
    let s = &input.solutions[0];
    assert_eq!(s.connectors.len(), 1);
    assert_eq!(s.workflows.len(), 1);
    let diags = lint_with(&input, RULES, Profile::Custom, Strictness::Default);
    assert!(diags.is_empty(), "{}", show(&diags));
}

// ------------------------------------------------------------------ pkg-*

#[test]
fn pkg_outer_no_folders() {
    let mut pkg = Pkg::clean();
    pkg.outer.set("docs/screenshot.png", png(4));
    let d = pkg_run(&pkg, "pkg-outer-no-folders");
    expect(&d, Severity::Error, "submission.zip!/docs/", "`docs/`");
    assert!(d[0].message.contains("screenshot.png"), "{}", show(&d));
}

#[test]
fn pkg_outer_intro() {
    let mut pkg = Pkg::clean();
    pkg.outer.remove("intro.md");
    let d = pkg_run(&pkg, "pkg-outer-intro");
    expect(&d, Severity::Error, "submission.zip", "no `.md` file");

    let mut pkg = Pkg::clean();
    pkg.outer.remove("intro.md").set("Readme.md", "## Contoso");
    let d = pkg_run(&pkg, "pkg-outer-intro");
    expect(
        &d,
        Severity::Warning,
        "submission.zip!/Readme.md",
        "`intro.md`",
    );

    let mut pkg = Pkg::clean();
    pkg.outer.set("notes.md", "notes");
    let d = pkg_run(&pkg, "pkg-outer-intro");
    expect(&d, Severity::Error, "submission.zip", "2 `.md` files");

    // Any case is fine.
    let mut pkg = Pkg::clean();
    pkg.outer.remove("intro.md").set("Intro.MD", "## Contoso");
    assert!(pkg_run(&pkg, "pkg-outer-intro").is_empty());
}

#[test]
fn pkg_outer_package() {
    let mut pkg = Pkg::clean();
    pkg.outer.set("old-package.zip", zip_of(&[("a.txt", b"a")]));
    let d = pkg_run(&pkg, "pkg-outer-package");
    expect(&d, Severity::Error, "submission.zip", "2 `.zip` files");
}

#[test]
fn pkg_outer_extra_files() {
    let mut pkg = Pkg::clean();
    pkg.outer
        .set("notes.txt", "to do")
        .set("customProperties.json", "{}");
    let d = pkg_run(&pkg, "pkg-outer-extra-files");
    assert_eq!(d.len(), 1, "{}", show(&d));
    expect(
        &d,
        Severity::Info,
        "submission.zip!/notes.txt",
        "`notes.txt`",
    );
}

#[test]
fn pkg_assets_folder() {
    let mut pkg = Pkg::clean();
    for s in &mut pkg.solutions {
        s.0 = s.0.replace("PkgAssets/", "Assets/");
    }
    let d = pkg_run(&pkg, "pkg-assets-folder");
    expect(
        &d,
        Severity::Warning,
        "submission.zip!/package.zip!/Assets/",
        "`PkgAssets/`",
    );

    let mut pkg = Pkg::clean();
    for s in &mut pkg.solutions {
        s.0 = s.0.replace("PkgAssets/", "");
    }
    let d = pkg_run(&pkg, "pkg-assets-folder");
    expect(
        &d,
        Severity::Error,
        "submission.zip!/package.zip",
        "`ConnectorSolution.zip`, `FlowSolution.zip` sit at its root",
    );

    let mut pkg = Pkg::clean();
    pkg.package.set("Docs/readme.txt", "x");
    let d = pkg_run(&pkg, "pkg-assets-folder");
    expect(&d, Severity::Error, "package.zip", "2 folders");

    // Package Deployer files at the root are fine.
    let mut pkg = Pkg::clean();
    pkg.package
        .set("ContosoPackage.dll", "MZ")
        .set("[Content_Types].xml", content_types());
    assert!(pkg_run(&pkg, "pkg-assets-folder").is_empty());
}

#[test]
fn pkg_assets_no_subfolders() {
    let mut pkg = Pkg::clean();
    pkg.solutions[1].0 = "PkgAssets/flows/FlowSolution.zip".into();
    let d = pkg_run(&pkg, "pkg-assets-no-subfolders");
    let f = expect(
        &d,
        Severity::Error,
        "package.zip!/PkgAssets/flows/",
        "`flows/`",
    );
    assert!(
        f.message.contains("`flows/FlowSolution.zip`"),
        "{}",
        f.message
    );

    // An empty folder entry counts too.
    let mut pkg = Pkg::clean();
    pkg.package.set("PkgAssets/old/", Vec::new());
    let d = pkg_run(&pkg, "pkg-assets-no-subfolders");
    expect(&d, Severity::Error, "PkgAssets/old/", "`old/`");
}

#[test]
fn pkg_solution_count() {
    let mut pkg = Pkg::clean();
    pkg.solutions.pop();
    let d = pkg_run(&pkg, "pkg-solution-count");
    let f = expect(
        &d,
        Severity::Error,
        "package.zip!/PkgAssets/",
        "holds 1 solution zip",
    );
    assert!(
        f.message.contains("missing: the flow solution"),
        "{}",
        f.message
    );
    assert!(
        f.message
            .contains("`ConnectorSolution.zip` (the connector solution)"),
        "{}",
        f.message
    );

    let mut pkg = Pkg::clean();
    pkg.solutions.clear();
    pkg.package.set("PkgAssets/manifest.ppkg.json", "{}");
    let d = pkg_run(&pkg, "pkg-solution-count");
    expect(&d, Severity::Error, "PkgAssets/", "holds no solution zip");

    let mut pkg = Pkg::clean();
    let extra = flow_solution();
    pkg.solutions.push(("PkgAssets/Another.zip".into(), extra));
    let d = pkg_run(&pkg, "pkg-solution-count");
    expect(&d, Severity::Error, "PkgAssets/", "holds 3 solution zips");
    // The role rules leave a wrong count to pkg-solution-count.
    let mut pkg = Pkg::clean();
    pkg.solutions.pop();
    assert!(pkg_run(&pkg, "pkg-flow-solution").is_empty());
}

#[test]
fn pkg_solution_root_files() {
    let mut pkg = Pkg::clean();
    pkg.flow().wrap("FlowSolution");
    let d = pkg_run(&pkg, "pkg-solution-root-files");
    let f = expect(&d, Severity::Error, FLOW_ZIP, "in a folder `FlowSolution/`");
    assert!(f.help.as_deref().unwrap().contains("zip the contents"));

    let mut pkg = Pkg::clean();
    pkg.connector().remove("[Content_Types].xml");
    let d = pkg_run(&pkg, "pkg-solution-root-files");
    expect(
        &d,
        Severity::Error,
        CONNECTOR_ZIP,
        "no `[Content_Types].xml`",
    );

    // Also for a solution zip on its own, in any profile.
    let mut files = connector_solution();
    files.remove("customizations.xml");
    let input = load("ConnectorSolution.zip", files.zip());
    let d = run(
        &input,
        "pkg-solution-root-files",
        Profile::Custom,
        Strictness::Default,
    );
    expect(
        &d,
        Severity::Error,
        "ConnectorSolution.zip",
        "`customizations.xml`",
    );
}

/// The connector solution with the flow added: two flow solutions.
fn with_flow_in_connector_solution(pkg: &mut Pkg) {
    let flow = flow_solution();
    let f = pkg.connector();
    f.set("customizations.xml", flow.get("customizations.xml"))
        .set(FLOW_FILE, flow_json());
}

#[test]
fn pkg_connector_solution() {
    let mut pkg = Pkg::clean();
    with_flow_in_connector_solution(&mut pkg);
    let d = pkg_run(&pkg, "pkg-connector-solution");
    let f = expect(
        &d,
        Severity::Error,
        "package.zip!/PkgAssets/",
        "no solution of the package is the connector solution",
    );
    assert!(
        f.message
            .contains("`ConnectorSolution.zip` (ContosoWidgetsConnector) is a flow solution"),
        "{}",
        f.message
    );

    // Under ps, the script's folder check: a connector solution without `Connector/`.
    let mut pkg = Pkg::clean();
    for kind in [
        "openapidefinition.json",
        "connectionparameters.json",
        "policytemplateinstances.json",
        "iconblob.Png",
    ] {
        pkg.connector().remove(&file(kind));
    }
    let input = pkg.load();
    assert!(
        run(
            &input,
            "pkg-connector-solution",
            Profile::Certified,
            Strictness::Default
        )
        .is_empty()
    );
    let d = run(
        &input,
        "pkg-connector-solution",
        Profile::Certified,
        Strictness::Ps,
    );
    expect(&d, Severity::Error, CONNECTOR_ZIP, "no `Connector/` folder");
}

#[test]
fn pkg_flow_solution() {
    let mut pkg = Pkg::clean();
    // The flow solution without its flow: two connector solutions.
    pkg.flow()
        .set(
            "customizations.xml",
            customizations(&connector_element(), "", &reference_element()),
        )
        .edit(
            "solution.xml",
            &format!(
                "      <RootComponent type=\"29\" id=\"{{{WORKFLOW_ID}}}\" behavior=\"0\" />\n"
            ),
            "",
        )
        .remove(FLOW_FILE);
    let d = pkg_run(&pkg, "pkg-flow-solution");
    expect(
        &d,
        Severity::Error,
        "package.zip!/PkgAssets/",
        "no solution of the package is a flow solution",
    );

    let mut pkg = Pkg::clean();
    pkg.flow().remove(FLOW_FILE);
    let d = pkg_run(&pkg, "pkg-flow-solution");
    expect(&d, Severity::Error, FLOW_ZIP, "no `Workflows/` folder");
}

/// The flow solution without its copy of the connector, depending on it instead (6/22).
fn without_connector_copy(pkg: &mut Pkg) {
    let f = pkg.flow();
    f.set(
        "customizations.xml",
        customizations("", &workflow_element(false), &reference_element()),
    )
    .edit(
        "solution.xml",
        &format!("\n{}", connector_root()),
        "",
    )
    .edit(
        "solution.xml",
        "<MissingDependencies />",
        &format!(
            r#"<MissingDependencies>
      <MissingDependency>
        <Required type="372" schemaName="{NAME}" displayName="Contoso Widgets" solution="ContosoWidgetsConnector (1.0.0.1)" id="{{{CONNECTOR_ID}}}" />
        <Dependent type="29" displayName="Test Contoso Widgets" id="{{{WORKFLOW_ID}}}" />
      </MissingDependency>
    </MissingDependencies>"#
        ),
    );
    for kind in [
        "openapidefinition.json",
        "connectionparameters.json",
        "policytemplateinstances.json",
        "iconblob.Png",
    ] {
        f.remove(&file(kind));
    }
}

#[test]
fn pkg_flow_has_connector_is_a_warning_and_an_error_under_ps() {
    let mut pkg = Pkg::clean();
    without_connector_copy(&mut pkg);
    let input = pkg.load();
    let d = run(
        &input,
        "pkg-flow-has-connector",
        Profile::Certified,
        Strictness::Default,
    );
    assert_eq!(d.len(), 1, "{}", show(&d));
    let f = expect(
        &d,
        Severity::Warning,
        FLOW_ZIP,
        "carries no copy of the connector",
    );
    assert!(f.message.contains("missing dependency"), "{}", f.message);
    let d = run(
        &input,
        "pkg-flow-has-connector",
        Profile::Certified,
        Strictness::Ps,
    );
    assert_eq!(d.len(), 1, "{}", show(&d));
    expect(
        &d,
        Severity::Error,
        FLOW_ZIP,
        "ConnectorPackageValidator.ps1 fails it",
    );

    // Such a package is otherwise clean (the dependency is provided by the package: info).
    let all = lint_with(&input, RULES, Profile::Certified, Strictness::Default);
    let worse: Vec<Diagnostic> = all
        .into_iter()
        .filter(|d| d.severity > Severity::Info)
        .collect();
    assert_eq!(worse.len(), 1, "{}", show(&worse));
}

/// A third solution: the connector with an AI plugin.
fn plugin_solution(with_operations: bool) -> Files {
    let mut f = connector_solution();
    f.edit(
        "customizations.xml",
        "  <Languages>",
        "  <aicopilot_aiplugins>\n    <aicopilot_aiplugin aicopilot_name=\"cts_widgets\"><aicopilot_humanname>Widgets</aicopilot_humanname></aicopilot_aiplugin>\n  </aicopilot_aiplugins>\n  <Languages>",
    )
    .edit("solution.xml", "ContosoWidgetsConnector", "ContosoWidgetsPlugin")
    .set("aiplugins/cts_widgets/aiplugin.xml", "<aiplugin />");
    if with_operations {
        f.set(
            "aipluginoperations/cts_widgets_ListWidgets/aipluginoperation.xml",
            "<aipluginoperation />",
        );
    }
    f
}

#[test]
fn pkg_plugin_solution() {
    let mut pkg = Pkg::clean();
    pkg.solutions.push((
        "PkgAssets/PluginSolution.zip".into(),
        plugin_solution(false),
    ));
    let d = pkg_run(&pkg, "pkg-plugin-solution");
    expect(
        &d,
        Severity::Error,
        "PkgAssets/PluginSolution.zip",
        "no `aipluginoperations/` folder",
    );
    // Two zips with a plugin: the count rule wants three.
    let mut two = pkg.clone();
    two.solutions.remove(0);
    expect(
        &pkg_run(&two, "pkg-solution-count"),
        Severity::Error,
        "PkgAssets/",
        "three solution zips",
    );

    let mut pkg = Pkg::clean();
    pkg.solutions
        .push(("PkgAssets/PluginSolution.zip".into(), plugin_solution(true)));
    assert!(pkg_run(&pkg, "pkg-plugin-solution").is_empty());
    assert!(pkg_run(&pkg, "pkg-solution-count").is_empty());
    assert!(pkg_run(&pkg, "pkg-connector-solution").is_empty());
}

#[test]
fn pkg_flow_uses_connector() {
    let mut pkg = Pkg::clean();
    let json = flow_json()
        .replace(API, "shared_office365")
        .replace(NAME, "shared_office365")
        .replace(REFERENCE, "cts_sharedoffice365_9f8e7")
        .replace("ListWidgets", "SendEmailV2");
    pkg.flow().set(FLOW_FILE, json.clone());
    let d = pkg_run(&pkg, "pkg-flow-uses-connector");
    expect_at(
        &d,
        Severity::Error,
        FLOW_FILE,
        "they call only `shared_office365`",
        line_of(&json, "\"actions\""),
    );
    assert!(d[0].file.starts_with(FLOW_ZIP), "{}", d[0].file);
}

#[test]
fn pkg_connector_identity() {
    let other = "9b1e2f3a-0000-4d5e-8f90-a1b2c3d4e5f6";
    let mut pkg = Pkg::clean();
    pkg.flow().edit(
        "customizations.xml",
        &format!("<connectorid>{CONNECTOR_ID}</connectorid>\n      <name>"),
        &format!("<connectorid>{other}</connectorid>\n      <name>"),
    );
    let text = pkg.flow().get("customizations.xml");
    let d = pkg_run(&pkg, "pkg-connector-identity");
    expect_at(
        &d,
        Severity::Error,
        "FlowSolution.zip!/customizations.xml",
        &format!("with id {other}"),
        line_of(&text, other),
    );

    let mut pkg = Pkg::clean();
    pkg.flow().edit(
        "customizations.xml",
        &format!("<customconnectorid>\n        <connectorid>{CONNECTOR_ID}"),
        &format!("<customconnectorid>\n        <connectorid>{other}"),
    );
    let text = pkg.flow().get("customizations.xml");
    let d = pkg_run(&pkg, "pkg-connector-identity");
    expect_at(
        &d,
        Severity::Error,
        "FlowSolution.zip!/customizations.xml",
        &format!("points at connector id {other}"),
        line_of(&text, other),
    );
}

#[test]
fn pkg_importconfig() {
    let config = |first: &str, second: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configdatastorage installsampledata=\"false\" waitforsampledatatoinstall=\"true\">\n  <solutions>\n    <configsolutionfile solutionpackagefilename=\"{first}\" overwriteunmanagedcustomizations=\"false\" publishworkflowsandactivateplugins=\"true\" />\n    <configsolutionfile solutionpackagefilename=\"{second}\" overwriteunmanagedcustomizations=\"false\" publishworkflowsandactivateplugins=\"true\" />\n  </solutions>\n</configdatastorage>"
        )
    };
    let mut pkg = Pkg::clean();
    pkg.package.set(
        "PkgAssets/ImportConfig.xml",
        config("ConnectorSolution.zip", "FlowSolution.zip"),
    );
    assert!(pkg_run(&pkg, "pkg-importconfig").is_empty());

    pkg.package.set(
        "PkgAssets/ImportConfig.xml",
        config("FlowSolution.zip", "ConnectorSolution.zip"),
    );
    let d = pkg_run(&pkg, "pkg-importconfig");
    expect_at(
        &d,
        Severity::Error,
        "PkgAssets/ImportConfig.xml",
        "before the connector solution",
        4,
    );

    pkg.package.set(
        "PkgAssets/ImportConfig.xml",
        config("ConnectorSolution.zip", "Flow.zip"),
    );
    let d = pkg_run(&pkg, "pkg-importconfig");
    expect_at(&d, Severity::Error, "ImportConfig.xml", "`Flow.zip`", 5);
    expect(
        &d,
        Severity::Warning,
        "ImportConfig.xml",
        "`FlowSolution.zip`",
    );

    pkg.package.set(
        "PkgAssets/ImportConfig.xml",
        "<configdatastorage><solutions>",
    );
    let d = pkg_run(&pkg, "pkg-importconfig");
    expect(
        &d,
        Severity::Error,
        "PkgAssets/ImportConfig.xml",
        "not well-formed",
    );
}

#[test]
fn pkg_managed() {
    let mut pkg = Pkg::clean();
    pkg.flow().edit(
        "solution.xml",
        "<Managed>0</Managed>",
        "<Managed>1</Managed>",
    );
    let text = pkg.flow().get("solution.xml");
    let d = pkg_run(&pkg, "pkg-managed");
    assert_eq!(d.len(), 2, "{}", show(&d));
    expect_at(
        &d,
        Severity::Info,
        "FlowSolution.zip!/solution.xml",
        "is managed",
        line_of(&text, "<Managed>"),
    );
    expect(
        &d,
        Severity::Info,
        "ConnectorSolution.zip!/solution.xml",
        "is unmanaged",
    );
}

#[test]
fn pkg_ip_icon() {
    let mut pkg = Pkg::clean();
    pkg.connector()
        .set(&file("iconblob.Png"), placeholder_png());
    let input = pkg.load();
    let d = run(
        &input,
        "pkg-ip-icon",
        Profile::IndependentPublisher,
        Strictness::Default,
    );
    expect(
        &d,
        Severity::Info,
        &format!("ConnectorSolution.zip!/{}", file("iconblob.Png")),
        "placeholder",
    );
    // Only for independent publishers.
    assert!(
        run(
            &input,
            "pkg-ip-icon",
            Profile::Certified,
            Strictness::Default
        )
        .is_empty()
    );
}

// ------------------------------------------------------------------ sol-*

/// Runs `rule` on the connector solution zip alone (custom profile).
fn on_connector_zip(files: &Files, rule: &str) -> Vec<Diagnostic> {
    let input = load("ConnectorSolution.zip", files.zip());
    run(&input, rule, Profile::Custom, Strictness::Default)
}

#[test]
fn sol_xml_wellformed() {
    let mut pkg = Pkg::clean();
    pkg.flow()
        .edit("customizations.xml", "</Connectors>", "</Connector>");
    let text = pkg.flow().get("customizations.xml");
    let d = pkg_run(&pkg, "sol-xml-wellformed");
    expect_at(
        &d,
        Severity::Error,
        "FlowSolution.zip!/customizations.xml",
        "not well-formed XML",
        line_of(&text, "</Connector>\n  <connectionreferences>"),
    );
}

#[test]
fn sol_unique_name() {
    let mut f = connector_solution();
    f.edit(
        "solution.xml",
        "<UniqueName>ContosoWidgetsConnector</UniqueName>",
        "<UniqueName>Contoso Widgets-Connector</UniqueName>",
    );
    let d = on_connector_zip(&f, "sol-unique-name");
    expect_at(
        &d,
        Severity::Error,
        "ConnectorSolution.zip!/solution.xml",
        "contains ` `, `-`",
        3,
    );

    let mut f = connector_solution();
    f.edit("solution.xml", "ContosoWidgetsConnector", "Contoso_Upgrade");
    let d = on_connector_zip(&f, "sol-unique-name");
    expect_at(&d, Severity::Error, "solution.xml", "`_upgrade`", 3);
}

#[test]
fn sol_version() {
    let mut f = connector_solution();
    f.edit(
        "solution.xml",
        "<Version>1.0.0.1</Version>",
        "<Version>1.0.0</Version>",
    );
    let d = on_connector_zip(&f, "sol-version");
    expect_at(&d, Severity::Info, "solution.xml", "has 3 parts", 8);

    let mut f = connector_solution();
    f.edit(
        "solution.xml",
        "<Version>1.0.0.1</Version>",
        "<Version>1.0-beta</Version>",
    );
    let d = on_connector_zip(&f, "sol-version");
    expect_at(&d, Severity::Error, "solution.xml", "`1.0-beta`", 8);
}

#[test]
fn sol_managed_value() {
    let mut f = connector_solution();
    f.edit(
        "solution.xml",
        "<Managed>0</Managed>",
        "<Managed>2</Managed>",
    );
    let d = on_connector_zip(&f, "sol-managed-value");
    expect_at(
        &d,
        Severity::Error,
        "solution.xml",
        "exists only in unpacked sources",
        9,
    );

    // 2 is fine unpacked.
    let mut u = unpacked();
    let text = String::from_utf8(u.0[0].1.clone()).unwrap();
    u.set(
        "Other/Solution.xml",
        text.replace("<Managed>0</Managed>", "<Managed>2</Managed>"),
    );
    let (_dir, input) = load_unpacked(&u);
    assert!(
        run(
            &input,
            "sol-managed-value",
            Profile::Custom,
            Strictness::Default
        )
        .is_empty()
    );
}

#[test]
fn sol_publisher_prefix() {
    let mut f = connector_solution();
    f.edit(
        "solution.xml",
        "<CustomizationPrefix>cts</CustomizationPrefix>",
        "<CustomizationPrefix>mscrmx</CustomizationPrefix>",
    )
    .edit("solution.xml", ">10422<", ">123<");
    let text = f.get("solution.xml");
    let d = on_connector_zip(&f, "sol-publisher-prefix");
    expect_at(
        &d,
        Severity::Error,
        "solution.xml",
        "`mscrm`",
        line_of(&text, "mscrmx"),
    );
    expect_at(
        &d,
        Severity::Error,
        "solution.xml",
        "`123`",
        line_of(&text, ">123<"),
    );
}

#[test]
fn sol_default_publisher() {
    let mut f = connector_solution();
    f.edit(
        "solution.xml",
        "<UniqueName>contoso</UniqueName>",
        "<UniqueName>Cr8a9b9</UniqueName>",
    );
    let text = f.get("solution.xml");
    let d = on_connector_zip(&f, "sol-default-publisher");
    expect_at(
        &d,
        Severity::Warning,
        "solution.xml",
        "CDS Default Publisher",
        line_of(&text, "Cr8a9b9"),
    );
}

#[test]
fn sol_name_prefix() {
    let mut pkg = Pkg::clean();
    let text = flow_json().replace(REFERENCE, "new_sharedcontoso");
    pkg.flow()
        .set(FLOW_FILE, text)
        .edit("customizations.xml", REFERENCE, "new_sharedcontoso");
    let xml = pkg.flow().get("customizations.xml");
    let d = pkg_run(&pkg, "sol-name-prefix");
    expect_at(
        &d,
        Severity::Warning,
        "FlowSolution.zip!/customizations.xml",
        "`new_sharedcontoso`",
        line_of(&xml, "new_sharedcontoso"),
    );
}

#[test]
fn sol_root_components() {
    let other = "9b1e2f3a-0000-4d5e-8f90-a1b2c3d4e5f6";
    let mut f = connector_solution();
    f.edit(
        "solution.xml",
        &format!("{{{CONNECTOR_ID}}}"),
        &format!("{{{other}}}"),
    );
    let text = f.get("solution.xml");
    let xml = f.get("customizations.xml");
    let d = on_connector_zip(&f, "sol-root-components");
    expect_at(
        &d,
        Severity::Error,
        "solution.xml",
        "has no `<Connector>` with that connectorid",
        line_of(&text, other),
    );
    expect_at(
        &d,
        Severity::Error,
        "ConnectorSolution.zip!/customizations.xml",
        "is not a root component",
        line_of(&xml, "<Connector>"),
    );

    let mut f = flow_solution();
    f.edit("solution.xml", "type=\"29\"", "type=\"61\"");
    let d = on_connector_zip(&f, "sol-root-components");
    expect(
        &d,
        Severity::Error,
        "customizations.xml",
        "the workflow `Test Contoso Widgets`",
    );
}

#[test]
fn sol_component_type() {
    let mut f = connector_solution();
    f.edit("solution.xml", "type=\"372\"", "type=\"327\"");
    let text = f.get("solution.xml");
    let d = on_connector_zip(&f, "sol-component-type");
    expect_at(
        &d,
        Severity::Warning,
        "solution.xml",
        "`327`",
        line_of(&text, "327"),
    );
    // Custom component codes are accepted.
    let mut f = connector_solution();
    f.edit("solution.xml", "type=\"372\"", "type=\"10132\"");
    assert!(on_connector_zip(&f, "sol-component-type").is_empty());
}

#[test]
fn sol_missing_deps() {
    // Provided by the connector solution: info.
    let mut pkg = Pkg::clean();
    without_connector_copy(&mut pkg);
    let d = pkg_run(&pkg, "sol-missing-deps");
    expect(
        &d,
        Severity::Info,
        "FlowSolution.zip!/solution.xml",
        "provides it",
    );

    // A connection reference nobody provides: a warning.
    let mut pkg = Pkg::clean();
    pkg.flow()
        .set(
            "customizations.xml",
            customizations(&connector_element(), &workflow_element(false), ""),
        )
        .edit(
            "solution.xml",
            "<MissingDependencies />",
            &format!(
                r#"<MissingDependencies>
      <MissingDependency>
        <Required type="connectionreference" displayName="Contoso Widgets" solution="Active" id.connectionreferencelogicalname="{REFERENCE}" />
        <Dependent type="29" displayName="Test Contoso Widgets" id="{{{WORKFLOW_ID}}}" />
      </MissingDependency>
    </MissingDependencies>"#
            ),
        );
    let text = pkg.flow().get("solution.xml");
    let d = pkg_run(&pkg, "sol-missing-deps");
    let f = expect_at(
        &d,
        Severity::Warning,
        "FlowSolution.zip!/solution.xml",
        "no solution of the package provides it",
        line_of(&text, "<MissingDependency>"),
    );
    assert!(f.message.contains("connection reference"), "{}", f.message);
}

#[test]
fn sol_stale_dependency() {
    let mut pkg = Pkg::clean();
    pkg.flow().edit(
        "solution.xml",
        "<MissingDependencies />",
        r#"<MissingDependencies>
      <MissingDependency>
        <Required type="372" schemaName="new_contoso-20widgets" displayName="Contoso Widgets" solution="Active" id="{9b1e2f3a-0000-4d5e-8f90-a1b2c3d4e5f6}" />
        <Dependent type="29" displayName="Old flow" id="{11111111-2222-3333-4444-555555555555}" />
      </MissingDependency>
    </MissingDependencies>"#,
    );
    let text = pkg.flow().get("solution.xml");
    let d = pkg_run(&pkg, "sol-stale-dependency");
    expect_at(
        &d,
        Severity::Warning,
        "FlowSolution.zip!/solution.xml",
        "`new_contoso-20widgets`",
        line_of(&text, "<Required"),
    );
    // sol-missing-deps leaves it to this rule.
    assert!(pkg_run(&pkg, "sol-missing-deps").is_empty());
}

#[test]
fn sol_content_types() {
    let mut f = connector_solution();
    f.edit(
        "[Content_Types].xml",
        "<Default Extension=\"Png\" ContentType=\"application/octet-stream\" />",
        "",
    );
    let d = on_connector_zip(&f, "sol-content-types");
    expect_at(
        &d,
        Severity::Warning,
        "ConnectorSolution.zip!/[Content_Types].xml",
        "`Png`",
        1,
    );

    // Extensions compare in any case (OPC).
    let mut f = connector_solution();
    f.edit(
        "[Content_Types].xml",
        "Extension=\"Png\"",
        "Extension=\"png\"",
    );
    assert!(on_connector_zip(&f, "sol-content-types").is_empty());
}

#[test]
fn sol_referenced_files() {
    let mut pkg = Pkg::clean();
    pkg.connector().remove(&file("connectionparameters.json"));
    let text = pkg.connector().get("customizations.xml");
    let d = pkg_run(&pkg, "sol-referenced-files");
    expect_at(
        &d,
        Severity::Error,
        "ConnectorSolution.zip!/customizations.xml",
        "`connectionparameters` file",
        line_of(&text, "<connectionparameters>"),
    );

    let mut f = flow_solution();
    f.remove(FLOW_FILE)
        .set("Workflows/Renamed.json", flow_json());
    let text = f.get("customizations.xml");
    let d = on_connector_zip(&f, "sol-referenced-files");
    expect_at(
        &d,
        Severity::Error,
        "customizations.xml",
        "names its definition",
        line_of(&text, "<JsonFileName>"),
    );
}

#[test]
fn sol_orphan_files() {
    let mut f = connector_solution();
    f.set(
        &format!("Connector/{NAME}_customcodeblobcontent.csx"),
        "public class Script {}",
    )
    .edit(
        "[Content_Types].xml",
        "</Types>",
        "<Default Extension=\"csx\" ContentType=\"application/octet-stream\" /></Types>",
    );
    let d = on_connector_zip(&f, "sol-orphan-files");
    expect(
        &d,
        Severity::Warning,
        &format!("ConnectorSolution.zip!/Connector/{NAME}_customcodeblobcontent.csx"),
        "is not named by any `<Connector>`",
    );
}

#[test]
fn sol_size() {
    // 96 MiB that don't compress.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let noise: Vec<u8> = (0..96 * 1024 * 1024 / 8)
        .flat_map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()
        })
        .collect();
    let mut f = connector_solution();
    f.set("CanvasApps/cts_big_DocumentUri.msapp", noise);
    let input = load("Big.zip", f.zip());
    let d = run(&input, "sol-size", Profile::Custom, Strictness::Default);
    expect(&d, Severity::Warning, "Big.zip", "at most 95 MB");
}

// ------------------------------------------------------------------ csol-* and conn-*

#[test]
fn csol_only_connector() {
    let entities = "  <Entities>\n    <Entity><Name LocalizedName=\"Widget\" OriginalName=\"Widget\">cts_widget</Name></Entity>\n  </Entities>";
    let mut pkg = Pkg::clean();
    pkg.connector()
        .edit("customizations.xml", "  <Entities></Entities>", entities);
    let d = pkg_run(&pkg, "csol-only-connector");
    expect_at(
        &d,
        Severity::Error,
        "ConnectorSolution.zip!/customizations.xml",
        "also holds `Entities`",
        2,
    );

    let mut f = connector_solution();
    f.edit("customizations.xml", "  <Entities></Entities>", entities);
    let d = on_connector_zip(&f, "csol-only-connector");
    expect_at(
        &d,
        Severity::Warning,
        "customizations.xml",
        "also holds `Entities`",
        2,
    );

    // Outside certification, flows beside the connector are fsol-not-with-connector-alm's.
    let input = load("FlowSolution.zip", flow_solution().zip());
    assert!(
        run(
            &input,
            "csol-only-connector",
            Profile::Custom,
            Strictness::Default
        )
        .is_empty()
    );
    let d = run(
        &input,
        "csol-only-connector",
        Profile::Certified,
        Strictness::Default,
    );
    expect(
        &d,
        Severity::Error,
        "customizations.xml",
        "also holds `Workflows`",
    );
}

#[test]
fn csol_connector_present() {
    let mut pkg = Pkg::clean();
    pkg.connector().edit(
        "customizations.xml",
        "<connectortype>1</connectortype>",
        "<connectortype>0</connectortype>",
    );
    let text = pkg.connector().get("customizations.xml");
    let d = pkg_run(&pkg, "csol-connector-present");
    expect_at(
        &d,
        Severity::Error,
        "ConnectorSolution.zip!/customizations.xml",
        "`connectortype` 0 (not specified)",
        line_of(&text, "<connectortype>"),
    );

    let mut f = connector_solution();
    f.edit(
        "customizations.xml",
        "      <displayname>Contoso Widgets</displayname>\n",
        "",
    );
    let d = on_connector_zip(&f, "csol-connector-present");
    expect(
        &d,
        Severity::Error,
        "customizations.xml",
        "has no `displayname`",
    );

    // Judged for certification, a solution without any connector.
    let mut f = connector_solution();
    f.set("customizations.xml", customizations("", "", ""));
    let input = load("Empty.zip", f.zip());
    let d = run(
        &input,
        "csol-connector-present",
        Profile::Certified,
        Strictness::Default,
    );
    expect(
        &d,
        Severity::Error,
        "Empty.zip!/customizations.xml",
        "has no custom connector",
    );
}

#[test]
fn conn_files() {
    let mut pkg = Pkg::clean();
    pkg.connector()
        .set(&file("connectionparameters.json"), "[]")
        .set(
            &file("policytemplateinstances.json"),
            "{\"templateId\":\"setheader\"}",
        );
    let d = pkg_run(&pkg, "conn-files");
    expect_at(
        &d,
        Severity::Error,
        &file("connectionparameters.json"),
        "an array; they must be a JSON object",
        1,
    );
    expect_at(
        &d,
        Severity::Error,
        &file("policytemplateinstances.json"),
        "must be `null` or an array",
        1,
    );

    let mut pkg = Pkg::clean();
    pkg.connector()
        .set(&file("connectionparameters.json"), "{\n  \"api_key\": {\n    \"type\": \"securestring\",\n  ]\n}")
        .set(&file("policytemplateinstances.json"), "[{\"TemplateId\":\"setheader\",\"Title\":\"Set header\",\"Parameters\":{}},{\"title\":\"x\"}]");
    let d = pkg_run(&pkg, "conn-files");
    let f = expect_at(
        &d,
        Severity::Error,
        &file("connectionparameters.json"),
        "is not valid JSON",
        4,
    );
    assert!(f.file.starts_with(CONNECTOR_ZIP), "{}", f.file);
    expect(
        &d,
        Severity::Error,
        &file("policytemplateinstances.json"),
        "has no `templateId`",
    );
    assert_eq!(
        d.len(),
        2,
        "old exports' `TemplateId` is read in any case:\n{}",
        show(&d)
    );

    let mut f = connector_solution();
    f.edit(
        "customizations.xml",
        &format!(
            "      <connectionparameters>/{}</connectionparameters>\n",
            file("connectionparameters.json")
        ),
        "",
    );
    let d = on_connector_zip(&f, "conn-files");
    expect(
        &d,
        Severity::Error,
        "customizations.xml",
        "names no `connectionparameters` file",
    );

    // A file that isn't UTF-8 text: the problem recorded while reading.
    let mut f = connector_solution();
    f.set(
        &file("connectionparameters.json"),
        b"\xff\xfe{\x00}\x00".to_vec(),
    );
    let d = on_connector_zip(&f, "conn-files");
    expect(&d, Severity::Error, &file("connectionparameters.json"), "");
}

#[test]
fn conn_script_ops() {
    let code = |f: &mut Files, ops: &str, with_code: bool| {
        let mut element = format!("<scriptoperations>{ops}</scriptoperations>\n      ");
        if with_code {
            element += &format!(
                "<customcodeblobcontent>/Connector/{NAME}_customcodeblobcontent.csx</customcodeblobcontent>\n      "
            );
            f.set(
                &format!("Connector/{NAME}_customcodeblobcontent.csx"),
                "public class Script : ScriptBase {}",
            );
        }
        f.edit(
            "customizations.xml",
            "<openapidefinition>",
            &format!("{element}<openapidefinition>"),
        );
    };
    let mut f = connector_solution();
    code(
        &mut f,
        "[\"ListWidgets\",\"listwidgets\",\"GetWidget\"]",
        true,
    );
    let text = f.get("customizations.xml");
    let d = on_connector_zip(&f, "conn-script-ops");
    let line = line_of(&text, "<scriptoperations>");
    expect_at(
        &d,
        Severity::Error,
        "customizations.xml",
        "`GetWidget`, which is not an operationId",
        line,
    );
    expect_at(
        &d,
        Severity::Error,
        "customizations.xml",
        "the definition spells it `ListWidgets`",
        line,
    );
    assert_eq!(d.len(), 2, "{}", show(&d));

    let mut f = connector_solution();
    code(&mut f, "[\"ListWidgets\"]", false);
    let d = on_connector_zip(&f, "conn-script-ops");
    expect(
        &d,
        Severity::Error,
        "customizations.xml",
        "carries no custom code",
    );

    let mut f = connector_solution();
    code(&mut f, "ListWidgets", true);
    let d = on_connector_zip(&f, "conn-script-ops");
    expect(
        &d,
        Severity::Error,
        "customizations.xml",
        "not a JSON array",
    );
}

#[test]
fn conn_lengths() {
    let long = "Manage widgets. ".repeat(80);
    let mut f = connector_solution();
    f.edit(
        "customizations.xml",
        "<description>Manage the widgets of a Contoso account.</description>",
        &format!("<description>{long}</description>"),
    );
    let text = f.get("customizations.xml");
    let d = on_connector_zip(&f, "conn-lengths");
    expect_at(
        &d,
        Severity::Warning,
        "customizations.xml",
        "1280 characters long",
        line_of(&text, "<description>"),
    );
}

#[test]
fn conn_display_vs_title() {
    let mut f = connector_solution();
    f.edit(
        "customizations.xml",
        "<displayname>Contoso Widgets</displayname>",
        "<displayname>Contoso (dev)</displayname>",
    );
    let text = f.get("customizations.xml");
    let d = on_connector_zip(&f, "conn-display-vs-title");
    expect_at(
        &d,
        Severity::Info,
        "customizations.xml",
        "`Contoso (dev)`",
        line_of(&text, "<displayname>"),
    );
}

#[test]
fn conn_host_env_var() {
    let host = "\"host\":\"@environmentVariables(\\\"cts_ContosoHost\\\")\"";
    let mut f = connector_solution();
    f.set(
        &file("openapidefinition.json"),
        swagger().replace("\"host\":\"api.contoso.com\"", host),
    );
    let d = on_connector_zip(&f, "conn-host-env-var");
    expect_at(
        &d,
        Severity::Warning,
        &file("openapidefinition.json"),
        "`cts_ContosoHost`",
        1,
    );

    // Defined in the solution: fine.
    let definition = |kind: &str| {
        format!(
            "<environmentvariabledefinition schemaname=\"cts_ContosoHost\">\n  <defaultvalue>api.contoso.com</defaultvalue>\n  <displayname default=\"Contoso host\"><label description=\"Contoso host\" languagecode=\"1033\" /></displayname>\n  <introducedversion>1.0.0.0</introducedversion>\n  <iscustomizable>1</iscustomizable>\n  <isrequired>0</isrequired>\n  <secretstore>0</secretstore>\n  <type>{kind}</type>\n</environmentvariabledefinition>"
        )
    };
    f.set(
        "environmentvariabledefinitions/cts_ContosoHost/environmentvariabledefinition.xml",
        definition("100000000"),
    );
    assert!(on_connector_zip(&f, "conn-host-env-var").is_empty());

    // A client secret read from a Secret-type variable: info.
    let mut f = connector_solution();
    f.set(
        &file("connectionparameters.json"),
        r#"{"token":{"type":"oauthSetting","oAuthSettings":{"identityProvider":"oauth2","clientId":"@environmentVariables(\"cts_ClientId\")","clientSecret":"@environmentVariables(\"cts_ContosoHost\")","scopes":[],"redirectMode":"GlobalPerConnector","properties":{"IsFirstParty":"False"},"customParameters":{}}}}"#,
    )
    .set("environmentvariabledefinitions/cts_ContosoHost/environmentvariabledefinition.xml", definition("100000005"));
    let d = on_connector_zip(&f, "conn-host-env-var");
    expect(
        &d,
        Severity::Info,
        &file("connectionparameters.json"),
        "a managed import currently loses",
    );
    expect(
        &d,
        Severity::Warning,
        &file("connectionparameters.json"),
        "`cts_ClientId`",
    );
}

// ------------------------------------------------------------------ src-*

fn on_unpacked(files: &Files, rule: &str) -> Vec<Diagnostic> {
    let (_dir, input) = load_unpacked(files);
    run(&input, rule, Profile::Custom, Strictness::Default)
}

#[test]
fn src_layout() {
    let mut u = unpacked();
    u.remove("Other/Customizations.xml");
    let d = on_unpacked(&u, "src-layout");
    expect(
        &d,
        Severity::Error,
        "src/Other/",
        "no `Other/Customizations.xml`",
    );

    let mut u = unpacked();
    let second = u.get("Other/Solution.xml");
    u.set("Old/Other/Solution.xml", second);
    let d = on_unpacked(&u, "src-layout");
    expect(
        &d,
        Severity::Error,
        "src/Old/Other/Solution.xml",
        "second solution root",
    );
}

#[test]
fn src_connector_files() {
    let mut u = unpacked();
    u.remove(&format!("Connectors/{NAME}_connectionparameters.json"));
    let text = u.get(&format!("Connectors/{NAME}.xml"));
    let d = on_unpacked(&u, "src-connector-files");
    expect_at(
        &d,
        Severity::Error,
        &format!("src/Connectors/{NAME}.xml"),
        &format!("`Connectors/{NAME}_connectionparameters.json` is not in the unpacked solution"),
        line_of(&text, "<connectionparameters>"),
    );
    // The zip rule leaves unpacked connectors to this one.
    assert!(on_unpacked(&u, "sol-referenced-files").is_empty());
}

#[test]
fn src_workflow_pairs() {
    let mut u = unpacked();
    u.remove(FLOW_FILE);
    let d = on_unpacked(&u, "src-workflow-pairs");
    expect_at(
        &d,
        Severity::Error,
        &format!("src/{FLOW_FILE}.data.xml"),
        "has no definition",
        2,
    );

    let mut u = unpacked();
    u.remove(&format!("{FLOW_FILE}.data.xml"));
    let d = on_unpacked(&u, "src-workflow-pairs");
    expect(
        &d,
        Severity::Error,
        &format!("src/{FLOW_FILE}"),
        "has no metadata",
    );
}

#[test]
fn src_unmanaged() {
    let mut u = unpacked();
    let text = u
        .get("Other/Solution.xml")
        .replace("<Managed>0</Managed>", "<Managed>1</Managed>");
    u.set("Other/Solution.xml", text.clone());
    let d = on_unpacked(&u, "src-unmanaged");
    expect_at(
        &d,
        Severity::Warning,
        "src/Other/Solution.xml",
        "is managed",
        line_of(&text, "<Managed>"),
    );
}

#[test]
fn src_managed_variants() {
    let mut u = unpacked();
    u.set(&format!("Connectors/{NAME}_managed.xml"), "<Connector />");
    let d = on_unpacked(&u, "src-managed-variants");
    expect(
        &d,
        Severity::Info,
        &format!("src/Connectors/{NAME}_managed.xml"),
        "`/packagetype Both`",
    );
}

#[test]
fn every_rule_here_is_registered_and_implemented() {
    for id in RULES {
        let entry = ppcert::rules::find(id).unwrap_or_else(|| panic!("{id} is not a rule"));
        assert!(entry.solution.is_some(), "{id} has no check");
        assert!(!entry.meta.doc.is_empty(), "{id} has no documentation");
    }
}

#[test]
fn ps_strictness_reports_every_failure_of_the_script_at_once() {
    // The script stops at its first failure; ppcert reports all of them.
    let mut pkg = Pkg::clean();
    pkg.outer.remove("intro.md").set("extra/readme.txt", "x");
    pkg.connector().remove("[Content_Types].xml");
    without_connector_copy(&mut pkg);
    let input = pkg.load();
    let diags = lint_with(&input, RULES, Profile::Certified, Strictness::Ps);
    let errors: BTreeSet<&str> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.rule)
        .collect();
    assert_eq!(
        errors,
        BTreeSet::from([
            "pkg-outer-no-folders",
            "pkg-outer-intro",
            "pkg-solution-root-files",
            "pkg-flow-has-connector",
        ]),
        "{}",
        show(&diags)
    );
    // By default, the flow solution without the connector is only a warning.
    let diags = lint_with(&input, RULES, Profile::Certified, Strictness::Default);
    assert!(
        diags
            .iter()
            .any(|d| d.rule == "pkg-flow-has-connector" && d.severity == Severity::Warning),
        "{}",
        show(&diags)
    );
}
