//! The flow-solution (`fsol-*`) and secret (`sec-*`) rules on solutions and certification
//! packages built here, in memory: a clean connector solution and a clean flow solution that no
//! rule of these families reports, then one mutation per check, each asserting that its rule
//! fires with the right severity at the right place (the file with its `!/` chain, and the
//! line and column of the value). A last test plants one recognisable secret in every place
//! `docs/solutions.md` §9 lists and checks that no finding repeats it.

use ppcert::connector::Profile;
use ppcert::diagnostic::{Diagnostic, Severity};
use ppcert::lint::{RuleSelector, RuleSet, Strictness, lint_solution};
use ppcert::solution::archive::Limits;
use ppcert::solution::{Input, load_dir, load_zip};
use std::io::{Cursor, Write};
use std::path::Path;

// ------------------------------------------------------------------ building inputs

/// A zip of `files` (forward slashes, Deflate), as Dataverse and the package tools write them.
fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CONNECTOR_ID: &str = "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b";
const CONNECTOR: &str = "cr123_contoso-20weather";
const API: &str = "shared_cr123-5fcontoso-20weather-5f0a1b2c3d4e5f6a7b";
const CONN_REF: &str = "cr123_sharedcontosoweather_5f0a1b";
const O365_REF: &str = "cr123_sharedoffice365_9c8d7";
const WORKFLOW_ID: &str = "4B4C5D6E-7F80-4192-A3B4-C5D6E7F8091A";
const FLOW_FILE: &str = "Workflows/Getforecast-4B4C5D6E-7F80-4192-A3B4-C5D6E7F8091A.json";

fn manifest(unique: &str, roots: &str, missing: &str) -> String {
    format!(
        r#"<ImportExportXml version="9.2.25124.203" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <SolutionManifest>
    <UniqueName>{unique}</UniqueName>
    <LocalizedNames>
      <LocalizedName description="{unique}" languagecode="1033" />
    </LocalizedNames>
    <Descriptions />
    <Version>1.0.0.0</Version>
    <Managed>0</Managed>
    <Publisher>
      <UniqueName>contoso</UniqueName>
      <LocalizedNames>
        <LocalizedName description="Contoso" languagecode="1033" />
      </LocalizedNames>
      <Descriptions />
      <EMailAddress xsi:nil="true"></EMailAddress>
      <SupportingWebsiteUrl xsi:nil="true"></SupportingWebsiteUrl>
      <CustomizationPrefix>cr123</CustomizationPrefix>
      <CustomizationOptionValuePrefix>12345</CustomizationOptionValuePrefix>
      <Addresses />
    </Publisher>
    <RootComponents>
{roots}
    </RootComponents>
    <MissingDependencies>
{missing}
    </MissingDependencies>
  </SolutionManifest>
</ImportExportXml>"#
    )
}

fn customizations(workflows: &str, connectors: &str, references: &str, apps: &str) -> String {
    format!(
        r#"<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Entities></Entities>
  <Roles></Roles>
  <Workflows>{workflows}</Workflows>
  <FieldSecurityProfiles></FieldSecurityProfiles>
  <Templates />
  <EntityMaps />
  <EntityRelationships />
  <OrganizationSettings />
  <optionsets />
  <CustomControls />
  <EntityDataProviders />
  <CanvasApps>{apps}</CanvasApps>
  <Connectors>{connectors}</Connectors>
  <connectionreferences>{references}</connectionreferences>
  <Languages>
    <Language>1033</Language>
  </Languages>
</ImportExportXml>"#
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /><Default Extension="json" ContentType="application/octet-stream" /></Types>"#;

fn connector_xml() -> String {
    format!(
        r#"
    <Connector>
      <connectorid>{CONNECTOR_ID}</connectorid>
      <name>{CONNECTOR}</name>
      <displayname>Contoso Weather</displayname>
      <description>Weather forecasts from Contoso.</description>
      <iconbrandcolor>#007ee5</iconbrandcolor>
      <connectortype>1</connectortype>
      <openapidefinition>/Connector/{CONNECTOR}_openapidefinition.json</openapidefinition>
      <connectionparameters>/Connector/{CONNECTOR}_connectionparameters.json</connectionparameters>
      <policytemplateinstances>/Connector/{CONNECTOR}_policytemplateinstances.json</policytemplateinstances>
    </Connector>
  "#
    )
}

const SWAGGER: &str = r#"{"swagger":"2.0","info":{"title":"Contoso Weather","description":"Weather forecasts from Contoso.","version":"1.0","contact":{"name":"Contoso","url":"https://contoso.com","email":"support@contoso.com"}},"host":"api.contoso.com","basePath":"/v1","schemes":["https"],"consumes":[],"produces":["application/json"],"paths":{"/forecast":{"get":{"summary":"Get forecast","description":"Gets the forecast for a city.","operationId":"GetForecast","parameters":[{"name":"city","in":"query","required":true,"type":"string","x-ms-summary":"City"}],"responses":{"200":{"description":"OK","schema":{"type":"object"}}}}},"/cities":{"get":{"summary":"List cities","description":"Lists the cities.","operationId":"ListCities","parameters":[],"responses":{"200":{"description":"OK","schema":{"type":"array","items":{"type":"string"}}}}}},"/refresh":{"post":{"summary":"Refresh","description":"Refreshes the cache.","operationId":"RefreshCache","x-ms-visibility":"internal","parameters":[],"responses":{"200":{"description":"OK"}}}}},"securityDefinitions":{"api_key":{"type":"apiKey","in":"header","name":"x-api-key"}},"security":[{"api_key":[]}]}"#;

const CONNECTION_PARAMETERS: &str = r#"{"api_key":{"type":"securestring","uiDefinition":{"displayName":"API key","description":"The API key for this api","tooltip":"Provide your API key","constraints":{"tabIndex":2,"clearText":false,"required":"true"}}}}"#;

fn connector_files() -> Vec<(String, String)> {
    vec![
        (
            format!("Connector/{CONNECTOR}_openapidefinition.json"),
            SWAGGER.into(),
        ),
        (
            format!("Connector/{CONNECTOR}_connectionparameters.json"),
            CONNECTION_PARAMETERS.into(),
        ),
        (
            format!("Connector/{CONNECTOR}_policytemplateinstances.json"),
            "null".into(),
        ),
    ]
}

fn workflow_xml() -> String {
    format!(
        r#"
    <Workflow WorkflowId="{{{WORKFLOW_ID}}}" Name="Get forecast">
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
        <LocalizedName languagecode="1033" description="Get forecast" />
      </LocalizedNames>
    </Workflow>
  "#
    )
}

fn references_xml() -> String {
    format!(
        r#"
    <connectionreference connectionreferencelogicalname="{CONN_REF}">
      <connectionreferencedisplayname>Contoso Weather</connectionreferencedisplayname>
      <connectorid>/providers/Microsoft.PowerApps/apis/{API}</connectorid>
      <customconnectorid>
        <connectorid>{CONNECTOR_ID}</connectorid>
      </customconnectorid>
      <iscustomizable>1</iscustomizable>
      <promptingbehavior>0</promptingbehavior>
      <statecode>0</statecode>
      <statuscode>1</statuscode>
    </connectionreference>
    <connectionreference connectionreferencelogicalname="{O365_REF}">
      <connectionreferencedisplayname>Office 365 Outlook</connectionreferencedisplayname>
      <connectorid>/providers/Microsoft.PowerApps/apis/shared_office365</connectorid>
      <iscustomizable>1</iscustomizable>
      <promptingbehavior>0</promptingbehavior>
      <statecode>0</statecode>
      <statuscode>1</statuscode>
    </connectionreference>
  "#
    )
}

fn flow_json() -> String {
    format!(
        r#"{{
  "properties": {{
    "connectionReferences": {{
      "{API}": {{
        "runtimeSource": "embedded",
        "connection": {{
          "connectionReferenceLogicalName": "{CONN_REF}"
        }},
        "api": {{
          "name": "{API}",
          "logicalName": "{CONNECTOR}"
        }}
      }},
      "shared_office365": {{
        "runtimeSource": "embedded",
        "connection": {{
          "connectionReferenceLogicalName": "{O365_REF}"
        }},
        "api": {{
          "name": "shared_office365"
        }}
      }}
    }},
    "definition": {{
      "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
      "contentVersion": "1.0.0.0",
      "parameters": {{
        "$connections": {{
          "defaultValue": {{}},
          "type": "Object"
        }},
        "$authentication": {{
          "defaultValue": {{}},
          "type": "SecureObject"
        }},
        "Contoso base URL (cr123_ContosoBaseUrl)": {{
          "defaultValue": "https://api.contoso.com",
          "type": "String",
          "metadata": {{
            "schemaName": "cr123_ContosoBaseUrl"
          }}
        }}
      }},
      "triggers": {{
        "manual": {{
          "type": "Request",
          "kind": "Button",
          "inputs": {{
            "schema": {{
              "type": "object",
              "properties": {{
                "text": {{
                  "title": "City",
                  "type": "string",
                  "x-ms-dynamically-added": true
                }}
              }},
              "required": ["text"]
            }}
          }}
        }}
      }},
      "actions": {{
        "Get_forecast": {{
          "runAfter": {{}},
          "type": "OpenApiConnection",
          "inputs": {{
            "host": {{
              "connectionName": "{API}",
              "operationId": "GetForecast",
              "apiId": "/providers/Microsoft.PowerApps/apis/{API}"
            }},
            "parameters": {{
              "city": "@triggerBody()['text']"
            }},
            "authentication": "@parameters('$authentication')"
          }}
        }},
        "Scope": {{
          "runAfter": {{
            "Get_forecast": ["Succeeded"]
          }},
          "type": "Scope",
          "actions": {{
            "List_cities": {{
              "runAfter": {{}},
              "type": "OpenApiConnection",
              "inputs": {{
                "host": {{
                  "connectionName": "{API}",
                  "operationId": "ListCities",
                  "apiId": ""
                }},
                "parameters": {{}},
                "authentication": "@parameters('$authentication')"
              }}
            }},
            "Call_the_API": {{
              "runAfter": {{
                "List_cities": ["Succeeded"]
              }},
              "type": "Http",
              "inputs": {{
                "method": "GET",
                "uri": "@{{parameters('Contoso base URL (cr123_ContosoBaseUrl)')}}/status",
                "headers": {{
                  "x-api-key": "@parameters('Contoso API key (cr123_ContosoApiKey)')"
                }}
              }}
            }},
            "Send_an_email": {{
              "runAfter": {{
                "Call_the_API": ["Succeeded"]
              }},
              "type": "OpenApiConnection",
              "inputs": {{
                "host": {{
                  "connectionName": "shared_office365",
                  "operationId": "SendEmailV2",
                  "apiId": "/providers/Microsoft.PowerApps/apis/shared_office365"
                }},
                "parameters": {{
                  "emailMessage/To": "someone@contoso.com",
                  "emailMessage/Subject": "Forecast",
                  "emailMessage/Body": "<p>@{{body('Get_forecast')}}</p>"
                }},
                "authentication": "@parameters('$authentication')"
              }}
            }}
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

fn variable_xml(schema: &str, kind: &str, default: Option<&str>) -> String {
    let default = default
        .map(|d| format!("\n  <defaultvalue>{d}</defaultvalue>"))
        .unwrap_or_default();
    format!(
        r#"<environmentvariabledefinition schemaname="{schema}">
  <displayname default="{schema}">
    <label description="{schema}" languagecode="1033" />
  </displayname>
  <description default="">
    <label description="" languagecode="1033" />
  </description>{default}
  <introducedversion>1.0.0.0</introducedversion>
  <iscustomizable>1</iscustomizable>
  <isrequired>0</isrequired>
  <secretstore>0</secretstore>
  <type>{kind}</type>
</environmentvariabledefinition>"#
    )
}

fn value_json(schema: &str, value: &str) -> String {
    format!(
        r#"{{
  "environmentvariablevalues": {{
    "environmentvariablevalue": {{
      "environmentvariablevalueid": "9d8c7b6a-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
      "iscustomizable": "1",
      "schemaname": "{schema}",
      "value": "{value}"
    }}
  }}
}}"#
    )
}

/// A solution's files by path, with text edits that must hit.
#[derive(Clone)]
struct Tree(Vec<(String, String)>);

impl Tree {
    fn get(&self, path: &str) -> &str {
        &self
            .0
            .iter()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("no {path}"))
            .1
    }
    fn edit(&mut self, path: &str, from: &str, to: &str) -> &mut Self {
        let file = self
            .0
            .iter_mut()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("no {path}"));
        assert!(file.1.contains(from), "{path} has no {from:?}");
        file.1 = file.1.replacen(from, to, 1);
        self
    }
    fn put(&mut self, path: &str, text: impl Into<String>) -> &mut Self {
        self.0.retain(|(p, _)| p != path);
        self.0.push((path.to_owned(), text.into()));
        self
    }
    fn remove(&mut self, path: &str) -> &mut Self {
        let before = self.0.len();
        self.0.retain(|(p, _)| p != path);
        assert!(self.0.len() < before, "no {path}");
        self
    }
    fn zip(&self) -> Vec<u8> {
        let files: Vec<(&str, &[u8])> = self
            .0
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_bytes()))
            .collect();
        zip(&files)
    }
}

/// The connector solution: the connector only.
fn connector_solution() -> Tree {
    let mut files = vec![
        (
            "solution.xml".to_owned(),
            manifest(
                "ContosoWeatherConnector",
                &format!(
                    r#"      <RootComponent type="372" id="{{{CONNECTOR_ID}}}" schemaName="{CONNECTOR}" behavior="0" />"#
                ),
                "",
            ),
        ),
        (
            "customizations.xml".to_owned(),
            customizations("", &connector_xml(), "", ""),
        ),
        ("[Content_Types].xml".to_owned(), CONTENT_TYPES.to_owned()),
    ];
    files.extend(connector_files());
    Tree(files)
}

/// The flow solution: one cloud flow using the connector through a connection reference (and
/// Office 365 through another), two environment variables, and the connector as a missing
/// dependency.
fn flow_solution() -> Tree {
    Tree(vec![
        (
            "solution.xml".to_owned(),
            manifest(
                "ContosoWeatherFlows",
                &format!(
                    r#"      <RootComponent type="29" id="{{{WORKFLOW_ID}}}" behavior="0" />"#
                ),
                &format!(
                    r#"      <MissingDependency>
        <Required type="372" schemaName="{CONNECTOR}" displayName="Contoso Weather" solution="ContosoWeatherConnector (1.0.0.0)" id.connectorid="{CONNECTOR_ID}" />
        <Dependent type="connectionreference" displayName="Contoso Weather" id.connectionreferencelogicalname="{CONN_REF}" />
      </MissingDependency>"#
                ),
            ),
        ),
        (
            "customizations.xml".to_owned(),
            customizations(&workflow_xml(), "", &references_xml(), ""),
        ),
        ("[Content_Types].xml".to_owned(), CONTENT_TYPES.to_owned()),
        (FLOW_FILE.to_owned(), flow_json()),
        (
            "environmentvariabledefinitions/cr123_ContosoBaseUrl/environmentvariabledefinition.xml"
                .to_owned(),
            variable_xml(
                "cr123_ContosoBaseUrl",
                "100000000",
                Some("https://api.contoso.com"),
            ),
        ),
        (
            "environmentvariabledefinitions/cr123_ContosoApiKey/environmentvariabledefinition.xml"
                .to_owned(),
            variable_xml("cr123_ContosoApiKey", "100000005", None),
        ),
    ])
}

const PACKAGE: &str = "ContosoWeather.zip";
const FLOW_ZIP: &str = "ContosoWeather.zip!/package.zip!/PkgAssets/FlowSolution.zip";
const CONNECTOR_ZIP: &str = "ContosoWeather.zip!/package.zip!/PkgAssets/ConnectorSolution.zip";

/// A certification package: `intro.md` and `package.zip` holding `PkgAssets/` with both.
fn package(connector: &Tree, flow: &Tree) -> Input {
    let inner = zip(&[
        ("PkgAssets/ConnectorSolution.zip", &connector.zip()),
        ("PkgAssets/FlowSolution.zip", &flow.zip()),
    ]);
    let outer = zip(&[
        ("intro.md", b"# Contoso Weather\n\nWeather forecasts.\n"),
        ("package.zip", &inner),
    ]);
    let input = load_zip(
        Path::new(PACKAGE),
        PACKAGE.to_owned(),
        outer,
        &Limits::default(),
    );
    assert_eq!(input.solutions.len(), 2, "both solutions read");
    input
}

fn solution_zip(tree: &Tree, name: &str) -> Input {
    load_zip(
        Path::new(name),
        name.to_owned(),
        tree.zip(),
        &Limits::default(),
    )
}

/// Every rule of this file.
const RULES: &[&str] = &[
    "fsol-workflows",
    "fsol-modern-flow",
    "fsol-uses-conn-ref",
    "fsol-conn-ref-defined",
    "fsol-conn-ref-target",
    "fsol-operation-exists",
    "fsol-not-with-connector-alm",
    "fsol-canvas-custom-connector",
    "sec-client-secret",
    "sec-client-id-cert",
    "sec-securestring-default",
    "sec-connection-id",
    "sec-env-value-present",
    "sec-env-default-secretish",
    "sec-keyvault-ref",
    "sec-flow-literals",
    "sec-settings-file",
    "sec-connection-instance",
];

fn lint(input: &Input, ids: &[&str], profile: Profile) -> Vec<Diagnostic> {
    let selector =
        RuleSelector::new(Some(ids.iter().map(|s| (*s).to_owned()).collect()), vec![]).unwrap();
    lint_solution(
        input,
        &RuleSet::new(&selector),
        profile,
        Strictness::Default,
        None,
    )
}

fn run(input: &Input, id: &str, profile: Profile) -> Vec<Diagnostic> {
    lint(input, &[id], profile)
}

fn show(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {}[{}] {} {}\n",
                d.file, d.line, d.column, d.severity, d.rule, d.pointer, d.message
            )
        })
        .collect()
}

/// Line and column (1-based) of the first `needle` in `text`.
fn pos(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("no {needle:?} in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

/// The one finding of `diags`, asserting its rule, severity, file and position.
#[track_caller]
fn one<'d>(
    diags: &'d [Diagnostic],
    rule: &str,
    severity: Severity,
    file: &str,
    at: (usize, usize),
) -> &'d Diagnostic {
    assert_eq!(
        diags.len(),
        1,
        "expected one finding, got:\n{}",
        show(diags)
    );
    let d = &diags[0];
    assert_eq!(d.rule, rule, "{}", show(diags));
    assert_eq!(d.severity, severity, "{}", show(diags));
    assert_eq!(d.file, file, "{}", show(diags));
    assert_eq!((d.line, d.column), at, "{}", show(diags));
    d
}

// ------------------------------------------------------------------ the clean inputs

#[test]
fn the_clean_package_gives_no_findings_in_any_profile() {
    let input = package(&connector_solution(), &flow_solution());
    for profile in Profile::ALL {
        let diags = lint(&input, RULES, profile);
        assert!(diags.is_empty(), "{profile:?}:\n{}", show(&diags));
    }
}

#[test]
fn the_clean_flow_solution_alone_gives_no_findings() {
    let input = solution_zip(&flow_solution(), "FlowSolution.zip");
    for profile in Profile::ALL {
        let diags = lint(&input, RULES, profile);
        assert!(diags.is_empty(), "{profile:?}:\n{}", show(&diags));
    }
}

#[test]
fn a_flow_solution_carrying_its_own_copy_of_the_connector_is_clean_in_a_package() {
    let mut flow = flow_solution();
    let c = customizations(&workflow_xml(), &connector_xml(), &references_xml(), "");
    flow.put("customizations.xml", c);
    for (p, t) in connector_files() {
        flow.put(&p, t);
    }
    let input = package(&connector_solution(), &flow);
    for profile in Profile::ALL {
        let diags = lint(&input, RULES, profile);
        assert!(diags.is_empty(), "{profile:?}:\n{}", show(&diags));
    }
}

// ------------------------------------------------------------------ fsol-workflows

#[test]
fn fsol_workflows_a_missing_definition_file() {
    let mut flow = flow_solution();
    flow.edit(
        "customizations.xml",
        &format!("<JsonFileName>/{FLOW_FILE}"),
        "<JsonFileName>/Workflows/Gone-4B4C5D6E.json",
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "fsol-workflows", Profile::IndependentPublisher);
    // The named file is missing, and the file that is there is named by nobody.
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    let text = flow.get("customizations.xml");
    let missing = diags
        .iter()
        .find(|d| d.message.contains("not in the solution"))
        .unwrap();
    assert_eq!(missing.file, format!("{FLOW_ZIP}!/customizations.xml"));
    assert_eq!((missing.line, missing.column), pos(text, "<JsonFileName>"));
    assert_eq!(missing.severity, Severity::Error);
    let orphan = diags
        .iter()
        .find(|d| d.message.contains("no `<Workflow>` names it"))
        .unwrap();
    assert_eq!(orphan.file, format!("{FLOW_ZIP}!/{FLOW_FILE}"));
}

#[test]
fn fsol_workflows_no_workflows_folder() {
    let mut flow = flow_solution();
    flow.remove(FLOW_FILE);
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "fsol-workflows", Profile::Certified);
    let d = one(
        &diags,
        "fsol-workflows",
        Severity::Error,
        &format!("{FLOW_ZIP}!/customizations.xml"),
        pos(flow.get("customizations.xml"), "<Workflows>"),
    );
    assert!(
        d.message.contains("no `Workflows/` folder"),
        "{}",
        d.message
    );
}

// ------------------------------------------------------------------ fsol-modern-flow

#[test]
fn fsol_modern_flow_draft_and_classic() {
    let mut flow = flow_solution();
    flow.edit(
        "customizations.xml",
        "<StateCode>1</StateCode>",
        "<StateCode>0</StateCode>",
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "fsol-modern-flow", Profile::IndependentPublisher);
    let d = one(
        &diags,
        "fsol-modern-flow",
        Severity::Warning,
        &format!("{FLOW_ZIP}!/customizations.xml"),
        pos(flow.get("customizations.xml"), "<StateCode>"),
    );
    assert!(d.message.contains("draft"), "{}", d.message);

    let mut flow = flow_solution();
    flow.edit(
        "customizations.xml",
        "<Category>5</Category>",
        "<Category>0</Category>",
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "fsol-modern-flow", Profile::Certified);
    one(
        &diags,
        "fsol-modern-flow",
        Severity::Warning,
        &format!("{FLOW_ZIP}!/customizations.xml"),
        pos(flow.get("customizations.xml"), "<Category>"),
    );
    // An ALM solution may hold drafts and classic workflows.
    assert!(run(&input, "fsol-modern-flow", Profile::Custom).is_empty());
}

// ------------------------------------------------------------------ fsol-uses-conn-ref

#[test]
fn fsol_uses_conn_ref_an_embedded_connection() {
    let mut flow = flow_solution();
    flow.edit(
        FLOW_FILE,
        &format!(
            r#""shared_office365": {{
        "runtimeSource": "embedded",
        "connection": {{
          "connectionReferenceLogicalName": "{O365_REF}"
        }},"#
        ),
        r#""shared_office365": {
        "connectionName": "shared-office365-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "source": "Embedded","#,
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "fsol-uses-conn-ref", Profile::Certified);
    let d = one(
        &diags,
        "fsol-uses-conn-ref",
        Severity::Error,
        &format!("{FLOW_ZIP}!/{FLOW_FILE}"),
        // the entry's value: the `{` after the key
        {
            let text = flow.get(FLOW_FILE);
            let (l, c) = pos(text, r#""shared_office365": {"#);
            (l, c + r#""shared_office365": "#.len())
        },
    );
    assert_eq!(
        d.pointer,
        "/properties/connectionReferences/shared_office365"
    );
    assert!(d.message.contains("directly"), "{}", d.message);
}

#[test]
fn fsol_uses_conn_ref_a_missing_logical_name_an_unknown_connection_and_connections_default() {
    let mut flow = flow_solution();
    flow.edit(
        FLOW_FILE,
        r#""connectionName": "shared_office365","#,
        r#""connectionName": "shared_office365_1","#,
    );
    flow.edit(
        FLOW_FILE,
        r#""defaultValue": {},
          "type": "Object""#,
        r#""defaultValue": {"x": 1},
          "type": "Object""#,
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "fsol-uses-conn-ref", Profile::Custom);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    let text = flow.get(FLOW_FILE);
    let unknown = diags.iter().find(|d| d.message.contains("not in")).unwrap();
    assert_eq!(
        (unknown.line, unknown.column),
        pos(text, r#""shared_office365_1""#)
    );
    assert_eq!(
        unknown.pointer,
        "/properties/definition/actions/Scope/actions/Send_an_email/inputs/host/connectionName"
    );
    let default = diags
        .iter()
        .find(|d| d.message.contains("$connections"))
        .unwrap();
    assert_eq!((default.line, default.column), pos(text, r#"{"x": 1}"#));

    let mut flow = flow_solution();
    flow.edit(
        FLOW_FILE,
        &format!(r#""connectionReferenceLogicalName": "{CONN_REF}""#),
        r#""connectionReferenceLogicalName": """#,
    );
    let input = solution_zip(&flow, "FlowSolution.zip");
    let diags = run(&input, "fsol-uses-conn-ref", Profile::Custom);
    let d = one(
        &diags,
        "fsol-uses-conn-ref",
        Severity::Error,
        &format!("FlowSolution.zip!/{FLOW_FILE}"),
        {
            let (l, c) = pos(flow.get(FLOW_FILE), &format!(r#""{API}": {{"#));
            (l, c + API.len() + 4)
        },
    );
    assert!(
        d.message.contains("connectionReferenceLogicalName"),
        "{}",
        d.message
    );
}

// ------------------------------------------------------------------ fsol-conn-ref-defined

#[test]
fn fsol_conn_ref_defined_only_a_missing_dependency() {
    let mut flow = flow_solution();
    let refs = references_xml();
    let o365_only = &refs[refs
        .find(&format!(
            r#"<connectionreference connectionreferencelogicalname="{O365_REF}""#
        ))
        .unwrap()..];
    flow.put(
        "customizations.xml",
        customizations(&workflow_xml(), "", &format!("\n    {o365_only}"), ""),
    );
    flow.edit(
        "solution.xml",
        "</MissingDependencies>",
        &format!(
            r#"  <MissingDependency>
        <Required type="connectionreference" displayName="Contoso Weather" solution="Active" id.connectionreferencelogicalname="{CONN_REF}" />
        <Dependent type="29" displayName="Get forecast" id="{{{WORKFLOW_ID}}}" />
      </MissingDependency>
    </MissingDependencies>"#
        ),
    );
    // The connector solution carries the reference (4/22 certified packages do).
    let mut connector = connector_solution();
    connector.put(
        "customizations.xml",
        customizations(
            "",
            &connector_xml(),
            &refs[..refs
                .find(&format!(
                    r#"<connectionreference connectionreferencelogicalname="{O365_REF}""#
                ))
                .unwrap()],
            "",
        ),
    );
    let input = package(&connector, &flow);
    let diags = run(
        &input,
        "fsol-conn-ref-defined",
        Profile::IndependentPublisher,
    );
    let d = one(
        &diags,
        "fsol-conn-ref-defined",
        Severity::Warning,
        &format!("{FLOW_ZIP}!/{FLOW_FILE}"),
        pos(flow.get(FLOW_FILE), &format!(r#""{CONN_REF}""#)),
    );
    assert!(
        d.message.contains("missing dependency") && d.message.contains("ContosoWeatherConnector"),
        "{}",
        d.message
    );
    // The connection reference chain is still whole: no other flow rule complains.
    let all = lint(&input, RULES, Profile::IndependentPublisher);
    assert_eq!(all.len(), 1, "{}", show(&all));
}

#[test]
fn fsol_conn_ref_defined_nowhere() {
    let mut flow = flow_solution();
    flow.edit(
        FLOW_FILE,
        &format!(r#""connectionReferenceLogicalName": "{O365_REF}""#),
        r#""connectionReferenceLogicalName": "cr123_sharedoffice365_other""#,
    );
    let input = solution_zip(&flow, "FlowSolution.zip");
    let diags = run(&input, "fsol-conn-ref-defined", Profile::Custom);
    let d = one(
        &diags,
        "fsol-conn-ref-defined",
        Severity::Warning,
        &format!("FlowSolution.zip!/{FLOW_FILE}"),
        pos(flow.get(FLOW_FILE), r#""cr123_sharedoffice365_other""#),
    );
    assert!(d.message.contains("import will fail"), "{}", d.message);
}

// ------------------------------------------------------------------ fsol-conn-ref-target

#[test]
fn fsol_conn_ref_target_another_connector_id() {
    let mut flow = flow_solution();
    flow.edit(
        "customizations.xml",
        &format!("<connectorid>{CONNECTOR_ID}</connectorid>"),
        "<connectorid>{9A8B7C6D-5E4F-4A3B-9C2D-1E0F9A8B7C6D}</connectorid>",
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(
        &input,
        "fsol-conn-ref-target",
        Profile::IndependentPublisher,
    );
    let text = flow.get("customizations.xml");
    let d = one(
        &diags,
        "fsol-conn-ref-target",
        Severity::Error,
        &format!("{FLOW_ZIP}!/customizations.xml"),
        pos(text, "<connectorid>{9A8B"),
    );
    assert!(
        d.message.contains("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d")
            && d.message.contains(CONNECTOR_ID),
        "{}",
        d.message
    );
}

#[test]
fn fsol_conn_ref_target_another_logical_name() {
    let mut flow = flow_solution();
    flow.edit(
        FLOW_FILE,
        &format!(r#""logicalName": "{CONNECTOR}""#),
        r#""logicalName": "new_contoso-20weather""#,
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(
        &input,
        "fsol-conn-ref-target",
        Profile::IndependentPublisher,
    );
    one(
        &diags,
        "fsol-conn-ref-target",
        Severity::Error,
        &format!("{FLOW_ZIP}!/{FLOW_FILE}"),
        pos(flow.get(FLOW_FILE), r#""new_contoso-20weather""#),
    );
    // Listed as a missing dependency, it is a connector outside the package: a warning.
    flow.edit(
        "solution.xml",
        &format!(r#"<Required type="372" schemaName="{CONNECTOR}""#),
        r#"<Required type="372" schemaName="new_contoso-20weather""#,
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(
        &input,
        "fsol-conn-ref-target",
        Profile::IndependentPublisher,
    );
    one(
        &diags,
        "fsol-conn-ref-target",
        Severity::Warning,
        &format!("{FLOW_ZIP}!/{FLOW_FILE}"),
        pos(flow.get(FLOW_FILE), r#""new_contoso-20weather""#),
    );
}

#[test]
fn fsol_conn_ref_target_without_customconnectorid_compares_the_api() {
    let mut flow = flow_solution();
    flow.edit(
        "customizations.xml",
        &format!(
            "<customconnectorid>\n        <connectorid>{CONNECTOR_ID}</connectorid>\n      </customconnectorid>"
        ),
        "",
    );
    let input = package(&connector_solution(), &flow);
    assert!(run(&input, "fsol-conn-ref-target", Profile::Certified).is_empty());
    flow.edit(
        "customizations.xml",
        &format!("apis/{API}</connectorid>"),
        "apis/shared_cr123-5fcontoso-20weather-5fffffffffffffffffff</connectorid>",
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "fsol-conn-ref-target", Profile::Certified);
    one(
        &diags,
        "fsol-conn-ref-target",
        Severity::Error,
        &format!("{FLOW_ZIP}!/customizations.xml"),
        pos(flow.get("customizations.xml"), "<connectorid>/providers"),
    );
}

// ------------------------------------------------------------------ fsol-operation-exists

#[test]
fn fsol_operation_exists_a_renamed_operation() {
    let mut flow = flow_solution();
    flow.edit(
        FLOW_FILE,
        r#""operationId": "ListCities""#,
        r#""operationId": "ListTowns""#,
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(
        &input,
        "fsol-operation-exists",
        Profile::IndependentPublisher,
    );
    let d = one(
        &diags,
        "fsol-operation-exists",
        Severity::Error,
        &format!("{FLOW_ZIP}!/{FLOW_FILE}"),
        pos(flow.get(FLOW_FILE), r#""ListTowns""#),
    );
    assert_eq!(
        d.pointer,
        "/properties/definition/actions/Scope/actions/List_cities/inputs/host/operationId"
    );
    assert!(d.message.contains(CONNECTOR), "{}", d.message);
}

#[test]
fn fsol_operation_exists_case_and_internal() {
    let mut flow = flow_solution();
    flow.edit(
        FLOW_FILE,
        r#""operationId": "ListCities""#,
        r#""operationId": "listcities""#,
    );
    flow.edit(
        FLOW_FILE,
        r#""operationId": "GetForecast""#,
        r#""operationId": "RefreshCache""#,
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "fsol-operation-exists", Profile::Certified);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    let text = flow.get(FLOW_FILE);
    let case = diags
        .iter()
        .find(|d| d.message.contains("differs in case"))
        .unwrap();
    assert_eq!(case.severity, Severity::Error);
    assert_eq!((case.line, case.column), pos(text, r#""listcities""#));
    let internal = diags
        .iter()
        .find(|d| d.message.contains("internal"))
        .unwrap();
    assert_eq!(internal.severity, Severity::Warning);
    assert_eq!(
        (internal.line, internal.column),
        pos(text, r#""RefreshCache""#)
    );
    // Office 365's `SendEmailV2` is not the packaged connector's to judge.
    assert!(!show(&diags).contains("SendEmailV2"));
}

// ------------------------------------------------------------------ fsol-not-with-connector-alm

/// One solution holding the connector and the flow that uses it.
fn mixed_solution() -> Tree {
    let mut t = flow_solution();
    t.put(
        "customizations.xml",
        customizations(&workflow_xml(), &connector_xml(), &references_xml(), ""),
    );
    for (p, text) in connector_files() {
        t.put(&p, text);
    }
    t
}

#[test]
fn fsol_not_with_connector_alm_in_the_custom_profile_only() {
    let t = mixed_solution();
    let input = solution_zip(&t, "Contoso.zip");
    let diags = run(&input, "fsol-not-with-connector-alm", Profile::Custom);
    let d = one(
        &diags,
        "fsol-not-with-connector-alm",
        Severity::Warning,
        "Contoso.zip!/customizations.xml",
        pos(t.get("customizations.xml"), "<Connector>"),
    );
    assert!(d.message.contains("flow `Get forecast`"), "{}", d.message);
    assert!(run(&input, "fsol-not-with-connector-alm", Profile::Certified).is_empty());
    // The connector alone is fine.
    let input = solution_zip(&connector_solution(), "Connector.zip");
    assert!(run(&input, "fsol-not-with-connector-alm", Profile::Custom).is_empty());
}

// ------------------------------------------------------------------ fsol-canvas-custom-connector

fn canvas_app() -> String {
    format!(
        r#"
    <CanvasApp>
      <Name>cr123_weatherboard_8c1d2</Name>
      <AppVersion>2024-05-01T10:00:00Z</AppVersion>
      <Status>Ready</Status>
      <ConnectionReferences>{{"6f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b":{{"id":"/providers/microsoft.powerapps/apis/{API}","displayName":"Contoso Weather","dataSources":["ContosoWeather"],"customApiLogicalName":"{CONNECTOR}","apiTier":"Standard","isCustomApiConnection":true}}}}</ConnectionReferences>
      <CdsDependencies>{{"cdsdependencies":[{{"logicalname":"{CONNECTOR}","componenttype":372}}]}}</CdsDependencies>
      <DocumentUri>/CanvasApps/cr123_weatherboard_8c1d2_DocumentUri.msapp</DocumentUri>
    </CanvasApp>
  "#
    )
}

#[test]
fn fsol_canvas_custom_connector_an_app_using_the_connector() {
    let mut flow = flow_solution();
    flow.put(
        "customizations.xml",
        customizations(&workflow_xml(), "", &references_xml(), &canvas_app()),
    );
    flow.put(
        "CanvasApps/cr123_weatherboard_8c1d2_DocumentUri.msapp",
        "PK (not opened)",
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(
        &input,
        "fsol-canvas-custom-connector",
        Profile::IndependentPublisher,
    );
    let d = one(
        &diags,
        "fsol-canvas-custom-connector",
        Severity::Warning,
        &format!("{FLOW_ZIP}!/customizations.xml"),
        pos(flow.get("customizations.xml"), "<CanvasApp>"),
    );
    assert!(
        d.message.contains("cr123_weatherboard_8c1d2") && d.message.contains(CONNECTOR),
        "{}",
        d.message
    );
}

// ------------------------------------------------------------------ secrets in connectors

const OAUTH_PARAMETERS: &str = r#"{"token":{"type":"oauthSetting","oAuthSettings":{"identityProvider":"oauth2","clientId":"[[DUMMY]]","clientSecret":"@environmentVariables(\"cr123_ContosoClientSecret\")","scopes":["read"],"redirectMode":"GlobalPerConnector","customParameters":{"authorizationUrl":{"value":"https://login.contoso.com/authorize"}}},"uiDefinition":{"displayName":"Login","description":"Login","tooltip":"Login","constraints":{"required":"true"}}}}"#;

fn with_parameters(json: &str) -> Tree {
    let mut c = connector_solution();
    c.put(
        &format!("Connector/{CONNECTOR}_connectionparameters.json"),
        json,
    );
    c
}

#[test]
fn sec_client_secret_a_value_but_not_a_reference_or_placeholder() {
    let params = format!("Connector/{CONNECTOR}_connectionparameters.json");
    let input = package(&with_parameters(OAUTH_PARAMETERS), &flow_solution());
    assert!(run(&input, "sec-client-secret", Profile::Certified).is_empty());
    let placeholder = OAUTH_PARAMETERS.replace(
        r#""@environmentVariables(\"cr123_ContosoClientSecret\")""#,
        r#""[[YOUR_CLIENT_SECRET]]""#,
    );
    let input = package(&with_parameters(&placeholder), &flow_solution());
    assert!(run(&input, "sec-client-secret", Profile::Certified).is_empty());

    let leaked = OAUTH_PARAMETERS.replace(
        r#""@environmentVariables(\"cr123_ContosoClientSecret\")""#,
        r#""Xy48Q~aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3""#,
    );
    let c = with_parameters(&leaked);
    let input = package(&c, &flow_solution());
    let diags = run(&input, "sec-client-secret", Profile::Custom);
    let d = one(
        &diags,
        "sec-client-secret",
        Severity::Error,
        &format!("{CONNECTOR_ZIP}!/{params}"),
        pos(c.get(&params), r#""Xy48Q~"#),
    );
    assert_eq!(d.pointer, "/token/oAuthSettings/clientSecret");
    assert!(d.message.contains("39-character"), "{}", d.message);
}

#[test]
fn sec_client_id_cert_a_real_looking_guid_in_a_package() {
    let params = format!("Connector/{CONNECTOR}_connectionparameters.json");
    let real = OAUTH_PARAMETERS.replace("[[DUMMY]]", "3f2b8e4c-1d2a-4c5b-9e8f-7a6b5c4d3e2f");
    let c = with_parameters(&real);
    let input = package(&c, &flow_solution());
    let diags = run(&input, "sec-client-id-cert", Profile::IndependentPublisher);
    let d = one(
        &diags,
        "sec-client-id-cert",
        Severity::Warning,
        &format!("{CONNECTOR_ZIP}!/{params}"),
        pos(c.get(&params), r#""3f2b8e4c"#),
    );
    assert!(!d.message.contains("3f2b8e4c"), "{}", d.message);
    assert!(run(&input, "sec-client-id-cert", Profile::Custom).is_empty());
    let fake = OAUTH_PARAMETERS.replace("[[DUMMY]]", "00000000-0000-0000-0000-000000000000");
    let input = package(&with_parameters(&fake), &flow_solution());
    assert!(run(&input, "sec-client-id-cert", Profile::Certified).is_empty());
}

#[test]
fn sec_securestring_default_a_default_key() {
    let params = format!("Connector/{CONNECTOR}_connectionparameters.json");
    let json = CONNECTION_PARAMETERS.replace(
        r#""type":"securestring","#,
        r#""type":"securestring","defaultValue":"9f86d081884c7d659a2feaa0c55ad015","#,
    );
    let c = with_parameters(&json);
    let input = package(&c, &flow_solution());
    let diags = run(&input, "sec-securestring-default", Profile::Certified);
    let d = one(
        &diags,
        "sec-securestring-default",
        Severity::Error,
        &format!("{CONNECTOR_ZIP}!/{params}"),
        pos(c.get(&params), r#""9f86d0"#),
    );
    assert!(d.message.contains("`api_key`"), "{}", d.message);
}

// ------------------------------------------------------------------ sec-connection-id

#[test]
fn sec_connection_id_in_a_reference_and_in_a_flow() {
    let mut flow = flow_solution();
    flow.edit(
        "customizations.xml",
        "<promptingbehavior>0</promptingbehavior>",
        "<promptingbehavior>0</promptingbehavior>\n      <connectionid>3c1f2e4d5a6b4c7d8e9f0a1b2c3d4e5f</connectionid>",
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "sec-connection-id", Profile::IndependentPublisher);
    let d = one(
        &diags,
        "sec-connection-id",
        Severity::Error,
        &format!("{FLOW_ZIP}!/customizations.xml"),
        pos(flow.get("customizations.xml"), "<connectionid>"),
    );
    assert!(d.message.contains(CONN_REF), "{}", d.message);

    let mut flow = flow_solution();
    flow.edit(
        FLOW_FILE,
        r#""runtimeSource": "embedded",
        "connection": {
          "connectionReferenceLogicalName": "cr123_sharedoffice365_9c8d7"
        },"#,
        r#""connectionName": "shared-office365-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "source": "Embedded","#,
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "sec-connection-id", Profile::IndependentPublisher);
    let d = one(
        &diags,
        "sec-connection-id",
        Severity::Error,
        &format!("{FLOW_ZIP}!/{FLOW_FILE}"),
        pos(flow.get(FLOW_FILE), r#""shared-office365-0a1b"#),
    );
    assert_eq!(
        d.pointer,
        "/properties/connectionReferences/shared_office365/connectionName"
    );
}

// ------------------------------------------------------------------ environment variables

#[test]
fn sec_env_value_present_a_value_and_a_secret_in_clear_text() {
    let path = "environmentvariabledefinitions/cr123_ContosoBaseUrl/environmentvariablevalues.json";
    let mut flow = flow_solution();
    flow.put(
        path,
        value_json("cr123_ContosoBaseUrl", "https://dev.contoso.com"),
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "sec-env-value-present", Profile::Custom);
    one(
        &diags,
        "sec-env-value-present",
        Severity::Warning,
        &format!("{FLOW_ZIP}!/{path}"),
        pos(flow.get(path), r#""https://dev"#),
    );

    let path = "environmentvariabledefinitions/cr123_ContosoToken/environmentvariablevalues.json";
    let mut flow = flow_solution();
    flow.put(
        "environmentvariabledefinitions/cr123_ContosoToken/environmentvariabledefinition.xml",
        variable_xml("cr123_ContosoToken", "100000000", None),
    );
    flow.put(path, value_json("cr123_ContosoToken", "plain-words-only"));
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "sec-env-value-present", Profile::Certified);
    let d = one(
        &diags,
        "sec-env-value-present",
        Severity::Error,
        &format!("{FLOW_ZIP}!/{path}"),
        pos(flow.get(path), r#""plain-words-only""#),
    );
    assert!(d.message.contains("clear text"), "{}", d.message);
}

#[test]
fn sec_env_default_secretish_a_default_for_a_secret() {
    let path = "environmentvariabledefinitions/cr123_ContosoClientSecret/environmentvariabledefinition.xml";
    let mut flow = flow_solution();
    flow.put(
        path,
        variable_xml(
            "cr123_ContosoClientSecret",
            "100000000",
            Some("s3cr3t-value-123"),
        ),
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "sec-env-default-secretish", Profile::Custom);
    one(
        &diags,
        "sec-env-default-secretish",
        Severity::Warning,
        &format!("{FLOW_ZIP}!/{path}"),
        pos(flow.get(path), "<defaultvalue>"),
    );
}

#[test]
fn sec_keyvault_ref_a_vault_reference() {
    let path = "environmentvariabledefinitions/cr123_ContosoApiKey/environmentvariablevalues.json";
    let mut flow = flow_solution();
    flow.put(
        path,
        value_json(
            "cr123_ContosoApiKey",
            "/subscriptions/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/resourceGroups/rg-dev/providers/Microsoft.KeyVault/vaults/kv-dev/secrets/ContosoApiKey",
        ),
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "sec-keyvault-ref", Profile::Certified);
    let d = one(
        &diags,
        "sec-keyvault-ref",
        Severity::Info,
        &format!("{FLOW_ZIP}!/{path}"),
        pos(flow.get(path), r#""/subscriptions"#),
    );
    assert!(!d.message.contains("kv-dev"), "{}", d.message);
}

// ------------------------------------------------------------------ sec-flow-literals

#[test]
fn sec_flow_literals_a_key_in_a_header_and_a_token_in_the_definition() {
    let mut flow = flow_solution();
    flow.edit(
        FLOW_FILE,
        r#""x-api-key": "@parameters('Contoso API key (cr123_ContosoApiKey)')""#,
        r#""x-api-key": "9f86d081884c7d659a2feaa0c55ad015""#,
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "sec-flow-literals", Profile::Custom);
    let d = one(
        &diags,
        "sec-flow-literals",
        Severity::Warning,
        &format!("{FLOW_ZIP}!/{FLOW_FILE}"),
        pos(flow.get(FLOW_FILE), r#""9f86d0"#),
    );
    assert!(d.message.contains("x-api-key"), "{}", d.message);

    let swagger = format!("Connector/{CONNECTOR}_openapidefinition.json");
    let mut c = connector_solution();
    c.edit(
        &swagger,
        r#""x-ms-summary":"City"}"#,
        r#""x-ms-summary":"City"},{"name":"apiKey","in":"query","type":"string","default":"AKIAZ7Q3W5E8R1T4Y6U2"}"#,
    );
    let input = package(&c, &flow_solution());
    let diags = run(&input, "sec-flow-literals", Profile::Custom);
    let d = one(
        &diags,
        "sec-flow-literals",
        Severity::Warning,
        &format!("{CONNECTOR_ZIP}!/{swagger}"),
        pos(c.get(&swagger), r#""AKIAZ7"#),
    );
    assert!(d.message.contains("AWS"), "{}", d.message);
}

#[test]
fn sec_flow_literals_weak_names_raw_authentication_and_custom_code() {
    // A plain value under a name that merely ends in `key` is not a secret; a raw
    // `authentication` value is an Authorization header.
    let mut flow = flow_solution();
    flow.edit(
        FLOW_FILE,
        r#""method": "GET","#,
        r#""method": "GET",
                "queries": { "partitionKey": "customers2024" },
                "authentication": { "type": "Raw", "value": "a8Kq2Zt7Lm4Xw9Rb" },"#,
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "sec-flow-literals", Profile::Custom);
    let d = one(
        &diags,
        "sec-flow-literals",
        Severity::Warning,
        &format!("{FLOW_ZIP}!/{FLOW_FILE}"),
        pos(flow.get(FLOW_FILE), r#""a8Kq2Zt7"#),
    );
    assert_eq!(
        d.pointer,
        "/properties/definition/actions/Scope/actions/Call_the_API/inputs/authentication/value"
    );

    let script = format!("Connector/{CONNECTOR}_customcodeblobcontent.csx");
    let code = "public class Script : ScriptBase\n{\n    private const string ApiKey = \"9f86d081884c7d659a2feaa0c55ad015\";\n    private const string Greeting = \"hello world, friends\";\n}\n";
    let mut c = connector_solution();
    c.put(
        "customizations.xml",
        customizations(
            "",
            &connector_xml().replace(
                "</Connector>",
                &format!(
                    "  <customcodeblobcontent>/{script}</customcodeblobcontent>\n    </Connector>"
                ),
            ),
            "",
            "",
        ),
    );
    c.put(&script, code);
    let input = package(&c, &flow_solution());
    let diags = run(&input, "sec-flow-literals", Profile::Custom);
    let d = one(
        &diags,
        "sec-flow-literals",
        Severity::Warning,
        &format!("{CONNECTOR_ZIP}!/{script}"),
        {
            let (l, c) = pos(code, "\"9f86d0");
            (l, c + 1)
        },
    );
    assert!(d.message.contains("`ApiKey`"), "{}", d.message);
}

// ------------------------------------------------------------------ sec-connection-instance

#[test]
fn sec_connection_instance_lists_keys_for_review() {
    let path = format!(
        "connectionreferences/{CONN_REF}/connectioninstance_connectionparametersconfig.json"
    );
    let mut flow = flow_solution();
    flow.put(&path, r#"{"connectionparametersconfig":{}}"#);
    let input = package(&connector_solution(), &flow);
    assert!(run(&input, "sec-connection-instance", Profile::Certified).is_empty());
    flow.put(
        &path,
        r#"{"connectionparametersconfig":{"token":{"value":"abc"}}}"#,
    );
    let input = package(&connector_solution(), &flow);
    let diags = run(&input, "sec-connection-instance", Profile::Certified);
    let d = one(
        &diags,
        "sec-connection-instance",
        Severity::Info,
        &format!("{FLOW_ZIP}!/{path}"),
        (1, 31),
    );
    assert!(d.message.contains("`token/value`"), "{}", d.message);
}

// ------------------------------------------------------------------ unpacked solutions

/// Writes a flow solution as `pac solution unpack` lays it out.
fn unpack(dir: &Path, extra: &[(&str, &str)]) {
    let flow = flow_solution();
    let write = |path: &str, text: &str| {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "Other/Solution.xml",
        &format!(
            "\u{feff}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{}",
            flow.get("solution.xml")
        ),
    );
    write(
        "Other/Customizations.xml",
        &customizations("", "", &references_xml(), ""),
    );
    write(FLOW_FILE, flow.get(FLOW_FILE));
    let w = workflow_xml();
    write(&format!("{FLOW_FILE}.data.xml"), w.trim());
    for (p, t) in &flow.0 {
        if p.starts_with("environmentvariabledefinitions/") {
            write(p, t);
        }
    }
    for (p, t) in extra {
        write(p, t);
    }
}

#[test]
fn an_unpacked_flow_solution_is_clean_and_its_settings_file_is_checked() {
    let tmp = tempfile::tempdir().unwrap();
    unpack(
        tmp.path(),
        &[(
            "deploymentsettings.json",
            r#"{"EnvironmentVariables":[{"SchemaName":"cr123_ContosoBaseUrl","Value":""}],"ConnectionReferences":[{"LogicalName":"cr123_sharedcontosoweather_5f0a1b","ConnectionId":"","ConnectorId":"/providers/Microsoft.PowerApps/apis/shared_cr123-5fcontoso-20weather-5f0a1b2c3d4e5f6a7b"}]}"#,
        )],
    );
    let input = load_dir(tmp.path(), tmp.path(), "src".to_owned());
    assert_eq!(input.solutions[0].flows.len(), 1);
    assert_eq!(input.solutions[0].workflows.len(), 1);
    for profile in Profile::ALL {
        let diags = lint(&input, RULES, profile);
        assert!(diags.is_empty(), "{profile:?}:\n{}", show(&diags));
    }

    let settings = r##"{
  "EnvironmentVariables": [
    { "SchemaName": "cr123_ContosoBaseUrl", "Value": "https://api.contoso.com" },
    { "SchemaName": "cr123_ContosoApiKey", "Value": "9f86d081884c7d659a2feaa0c55ad015" }
  ],
  "ConnectionReferences": [
    { "LogicalName": "cr123_sharedcontosoweather_5f0a1b", "ConnectionId": "3c1f2e4d5a6b4c7d8e9f0a1b2c3d4e5f", "ConnectorId": "/providers/Microsoft.PowerApps/apis/shared_x" },
    { "LogicalName": "cr123_sharedoffice365_9c8d7", "ConnectionId": "#{O365ConnectionId}#", "ConnectorId": "/providers/Microsoft.PowerApps/apis/shared_office365" }
  ]
}"##;
    let tmp = tempfile::tempdir().unwrap();
    unpack(tmp.path(), &[("deploymentsettings.json", settings)]);
    let input = load_dir(tmp.path(), tmp.path(), "src".to_owned());
    let diags = run(&input, "sec-settings-file", Profile::Custom);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert!(
        diags
            .iter()
            .all(|d| d.file == "src/deploymentsettings.json" && d.severity == Severity::Warning)
    );
    let key = diags
        .iter()
        .find(|d| d.message.contains("cr123_ContosoApiKey"))
        .unwrap();
    assert_eq!((key.line, key.column), pos(settings, r#""9f86d0"#));
    let id = diags
        .iter()
        .find(|d| d.message.contains("connection id"))
        .unwrap();
    assert_eq!((id.line, id.column), pos(settings, r#""3c1f2e"#));
    assert_eq!(id.pointer, "/ConnectionReferences/0/ConnectionId");
}

// ------------------------------------------------------------------ secrets are never printed

const SECRET: &str = "sk_live_51H8xyzSECRETVALUE";

#[test]
fn no_finding_repeats_a_secret() {
    // Every place of docs/solutions.md §9, each holding the same recognisable secret.
    let mut connector = connector_solution();
    let oauth = format!(
        r#"{{"token":{{"type":"oauthSetting","oAuthSettings":{{"identityProvider":"oauth2","clientId":"{SECRET}","clientSecret":"{SECRET}","scopes":[],"customParameters":{{"tenantId":{{"value":"{SECRET}"}}}}}}}},"api_key":{{"type":"securestring","defaultValue":"{SECRET}"}}}}"#
    );
    connector.put(
        &format!("Connector/{CONNECTOR}_connectionparameters.json"),
        oauth.clone(),
    );
    connector.put(
        &format!("Connector/{CONNECTOR}_connectionparametersets.json"),
        format!(
            r#"{{"uiDefinition":{{}},"values":[{{"name":"oauth","parameters":{}}}]}}"#,
            // a real-looking client id here, for `sec-client-id-cert` to find
            oauth.replacen(SECRET, "3f2b8e4c-1d2a-4c5b-9e8f-7a6b5c4d3e2f", 1)
        ),
    );
    connector.put(
        "customizations.xml",
        customizations(
            "",
            &connector_xml().replace(
                "</Connector>",
                &format!(
                    "  <connectionparametersets>/Connector/{CONNECTOR}_connectionparametersets.json</connectionparametersets>\n      <customcodeblobcontent>/Connector/{CONNECTOR}_customcodeblobcontent.csx</customcodeblobcontent>\n    </Connector>"
                ),
            ),
            "",
            "",
        ),
    );
    connector.put(
        &format!("Connector/{CONNECTOR}_customcodeblobcontent.csx"),
        format!("public class Script : ScriptBase {{\n  private const string ApiKey = \"{SECRET}\";\n  private const string Conn = \"Server=x;Password={SECRET};\";\n}}\n"),
    );
    let swagger = format!("Connector/{CONNECTOR}_openapidefinition.json");
    connector.edit(
        &swagger,
        r#""x-ms-summary":"City"}"#,
        &format!(
            r#""x-ms-summary":"City"}},{{"name":"apiKey","in":"query","type":"string","default":"{SECRET}","x-ms-test-value":"{SECRET}"}}"#
        ),
    );

    let mut flow = flow_solution();
    flow.edit(
        "customizations.xml",
        "<promptingbehavior>0</promptingbehavior>",
        &format!(
            "<promptingbehavior>0</promptingbehavior>\n      <connectionid>{SECRET}</connectionid>"
        ),
    );
    flow.edit(
        FLOW_FILE,
        &format!(
            r#""runtimeSource": "embedded",
        "connection": {{
          "connectionReferenceLogicalName": "{O365_REF}"
        }},"#
        ),
        &format!(r#""connectionName": "{SECRET}", "source": "Embedded","#),
    );
    flow.edit(
        FLOW_FILE,
        r#""defaultValue": {},
          "type": "Object""#,
        &format!(
            r#""defaultValue": {{"shared_office365": {{"connectionId": "{SECRET}"}}}},
          "type": "Object""#
        ),
    );
    flow.edit(
        FLOW_FILE,
        r#""x-api-key": "@parameters('Contoso API key (cr123_ContosoApiKey)')""#,
        &format!(r#""x-api-key": "{SECRET}", "Authorization": "Bearer {SECRET}""#),
    );
    flow.edit(
        FLOW_FILE,
        r#"/status""#,
        &format!(r#"/status?code={SECRET}""#),
    );
    for (schema, kind) in [
        ("cr123_ContosoClientSecret", "100000000"),
        ("cr123_ContosoSettings", "100000003"),
        ("cr123_ContosoApiKey", "100000005"),
    ] {
        flow.put(
            &format!("environmentvariabledefinitions/{schema}/environmentvariabledefinition.xml"),
            variable_xml(schema, kind, Some(SECRET)),
        );
        flow.put(
            &format!("environmentvariabledefinitions/{schema}/environmentvariablevalues.json"),
            value_json(schema, SECRET),
        );
    }
    flow.put(
        &format!("connectionreferences/{CONN_REF}/connectioninstance_connectionparametersconfig.json"),
        format!(r#"{{"connectionparametersconfig":{{"token":{{"value":"{SECRET}"}},"clientSecret":"{SECRET}"}}}}"#),
    );
    flow.put(
        &format!("connectionreferences/{CONN_REF}/connectioninstance.json"),
        format!(r#"{{"connectioninstancelogicalname":"{CONN_REF}","connectorid":{{"connectorid":"{CONNECTOR_ID}"}},"connectionid":"{SECRET}"}}"#),
    );
    flow.put(
        "deploymentsettings.json",
        format!(
            r#"{{"EnvironmentVariables":[{{"SchemaName":"cr123_ContosoApiKey","Value":"{SECRET}"}}],"ConnectionReferences":[{{"LogicalName":"{CONN_REF}","ConnectionId":"{SECRET}","ConnectorId":"/providers/Microsoft.PowerApps/apis/{API}"}}]}}"#
        ),
    );
    flow.put(
        "customizations.xml",
        customizations(
            &workflow_xml(),
            "",
            &references_xml().replace(
                "<promptingbehavior>0</promptingbehavior>",
                &format!("<promptingbehavior>0</promptingbehavior>\n      <connectionid>{SECRET}</connectionid>"),
            ),
            &canvas_app().replace(
                r#""apiTier":"Standard""#,
                &format!(r#""apiTier":"Standard","connectionId":"{SECRET}""#),
            ),
        ),
    );

    let input = package(&connector, &flow);
    let mut fired = std::collections::BTreeSet::new();
    for profile in Profile::ALL {
        let diags = lint(&input, RULES, profile);
        for d in &diags {
            fired.insert(d.rule);
        }
        let json = serde_json::to_string(&diags).unwrap();
        assert!(
            !json.contains(SECRET) && !json.contains("SECRETVALUE"),
            "{profile:?}: a finding repeats the secret:\n{}",
            show(&diags)
        );
    }
    // The secret was found, not merely kept quiet about.
    for rule in [
        "sec-client-secret",
        "sec-client-id-cert",
        "sec-securestring-default",
        "sec-connection-id",
        "sec-env-value-present",
        "sec-env-default-secretish",
        "sec-keyvault-ref",
        "sec-flow-literals",
        "sec-settings-file",
        "sec-connection-instance",
        "fsol-uses-conn-ref",
        "fsol-canvas-custom-connector",
    ] {
        assert!(
            fired.contains(rule),
            "{rule} did not fire; fired: {fired:?}"
        );
    }
}
