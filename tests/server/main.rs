//! `ppcert server` end to end in process: the real server over an in-memory connection.

// lsp-types keys reports by `Uri`, whose hash is its text.
#![allow(clippy::mutable_key_type)]

mod harness;

use harness::{Setup, TestServer, action, apply_edits, copy_sample, titles, uri};
use lsp_types::request;
use lsp_types::*;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const FAILING: &str = "failing/certified-connectors/Contoso Legacy API Connector";
const PASSING: &str = "certified-connectors/Contoso Tasks";

fn definition(folder: &Path) -> PathBuf {
    folder.join("apiDefinition.swagger.json")
}

fn props(folder: &Path) -> PathBuf {
    folder.join("apiProperties.json")
}

/// What `ppcert lint --output-format json` reports for a folder: (file name, rule, 0-based line).
fn cli_findings(folder: &Path) -> BTreeSet<(String, String, u32)> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(["lint", "--format", "json"])
        .arg(folder)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut set = BTreeSet::new();
    let list = report["diagnostics"]
        .as_array()
        .or_else(|| report.as_array())
        .cloned()
        .unwrap_or_default();
    for d in list {
        let file = Path::new(d["file"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        set.insert((
            file,
            d["rule"].as_str().unwrap().to_owned(),
            d["line"].as_u64().unwrap() as u32 - 1,
        ));
    }
    set
}

fn codes(diags: &[Diagnostic]) -> BTreeSet<String> {
    diags
        .iter()
        .filter_map(|d| match &d.code {
            Some(NumberOrString::String(s)) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// A server on a copy of the failing certified sample, its apiProperties.json open, and the
/// diagnostics first published for it.
fn open_failing_props(setup: Setup) -> (TestServer, PathBuf, PublishDiagnosticsParams) {
    let mut folder = PathBuf::new();
    let (mut s, _) = TestServer::start(setup, |root| {
        folder = copy_sample(root, FAILING);
    });
    let path = props(&folder);
    s.open(&path);
    let published = s.diagnostics_for(&path);
    (s, path, published)
}

fn with_pageable_list(folder: &Path) {
    let path = definition(folder);
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    doc["paths"]["/projects/{projectId}/tasks"]["get"]["x-ms-pageable"] =
        json!({"nextLinkName": "nextLink"});
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
}

#[test]
fn opening_a_file_publishes_the_whole_folder_as_the_cli_reports_it() {
    let mut folder = PathBuf::new();
    let (mut s, init) = TestServer::start(Setup::default(), |root| {
        folder = copy_sample(root, FAILING);
    });
    assert_eq!(
        init.capabilities.position_encoding,
        Some(PositionEncodingKind::UTF16)
    );
    assert!(
        init.capabilities.diagnostic_provider.is_none(),
        "push client"
    );
    s.open(&props(&folder));
    let status: Value = {
        let p = s.notification::<ppcert::server::StatusNotification>();
        serde_json::to_value(p).unwrap()
    };
    assert_eq!(status["profile"], "certified");
    assert!(
        status["reason"]
            .as_str()
            .unwrap()
            .contains("certified-connectors")
    );
    let mut seen = BTreeSet::new();
    for file in [props(&folder), definition(&folder)] {
        let published = s.diagnostics_for(&file);
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for d in &published.diagnostics {
            assert_eq!(d.source.as_deref(), Some("ppcert"));
            let Some(NumberOrString::String(code)) = &d.code else {
                panic!("no code: {d:?}")
            };
            let href = d.code_description.as_ref().unwrap().href.as_str();
            assert!(href.ends_with(&format!("rules.md#{code}")), "{href}");
            seen.insert((name.clone(), code.clone(), d.range.start.line));
        }
        if file == props(&folder) {
            assert_eq!(published.version, Some(1), "the open buffer's version");
        }
    }
    // Findings about no text file (a missing icon, the folder) are shown at the top of the
    // definition.
    let text_file = |name: &str| {
        folder.join(name).is_file() && [".json", ".md", ".csx"].iter().any(|e| name.ends_with(e))
    };
    let cli: BTreeSet<_> = cli_findings(&folder)
        .into_iter()
        .map(|(f, rule, line)| match text_file(&f) {
            true => (f, rule, line),
            false => ("apiDefinition.swagger.json".into(), rule, 0),
        })
        .filter(|(f, ..)| f == "apiProperties.json" || f == "apiDefinition.swagger.json")
        .collect();
    assert!(!cli.is_empty());
    assert_eq!(seen, cli, "the editor shows what `ppcert lint` reports");
    s.drain_chatter();
}

#[test]
fn an_unsaved_edit_is_linted_and_a_fix_from_the_light_bulb_mends_it() {
    let mut folder = PathBuf::new();
    let (mut s, _) = TestServer::start(creating_client(), |root| {
        folder = copy_sample(root, PASSING);
    });
    let path = definition(&folder);
    s.open(&path);
    let first = s.diagnostics_for(&path);
    assert!(first.diagnostics.is_empty(), "{:?}", first.diagnostics);
    // Break it in the buffer only: a path without its leading slash (a safe fix exists).
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen(
        "\"/projects/{projectId}/tasks\"",
        "\"projects/{projectId}/tasks\"",
        1,
    );
    assert_ne!(broken, text);
    s.change(&path, 2, &broken);
    let after = s.diagnostics_for(&path);
    assert_eq!(after.version, Some(2));
    let finding = after
        .diagnostics
        .iter()
        .find(|d| d.data.as_ref().is_some_and(|v| v["fixable"] == true))
        .unwrap_or_else(|| panic!("a fixable finding: {:?}", after.diagnostics))
        .clone();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "the disk is untouched"
    );
    let actions = s.code_actions(&path, finding.range, vec![finding.clone()], None);
    let titles = titles(&actions);
    let code = match &finding.code {
        Some(NumberOrString::String(c)) => c.clone(),
        _ => unreachable!(),
    };
    assert!(titles.iter().any(|t| t.starts_with("Fix: ")), "{titles:?}");
    assert!(
        titles.contains(&format!("Ignore `{code}` in ppcert.toml")),
        "{titles:?}"
    );
    assert!(
        titles.contains(&format!("Open documentation for `{code}`")),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t == "Fix all safe ppcert findings"),
        "{titles:?}"
    );
    let fix = action(&actions, "Fix: ");
    assert_eq!(fix.kind, Some(CodeActionKind::QUICKFIX));
    assert_eq!(fix.is_preferred, Some(true));
    let edits = &fix.edit.unwrap().changes.unwrap()[&uri(&path)];
    let fixed = apply_edits(&broken, edits);
    assert_eq!(fixed, text, "the fix restores the slash and nothing else");
    s.change(&path, 3, &fixed);
    let mended = s.diagnostics_for(&path);
    assert_eq!(mended.version, Some(3));
    assert!(mended.diagnostics.is_empty(), "{:?}", mended.diagnostics);

    // The documentation action runs on the server, which asks the client to show the page.
    let docs = action(&actions, "Open documentation").command.unwrap();
    let id = s.request::<request::ExecuteCommand>(ExecuteCommandParams {
        command: docs.command,
        arguments: docs.arguments.unwrap(),
        work_done_progress_params: Default::default(),
    });
    let shown = s.server_request::<request::ShowDocument>(json!({"success": true}));
    assert!(shown.uri.as_str().ends_with(&format!("#{code}")));
    assert_eq!(shown.external, Some(true));
    let _: Value = s.response(id);
    s.drain_chatter();
}

#[test]
fn fix_all_applies_every_safe_fix_of_the_document() {
    let mut folder = PathBuf::new();
    let (mut s, _) = TestServer::start(Setup::default(), |root| {
        folder = copy_sample(root, PASSING);
    });
    let path = definition(&folder);
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text
        .replacen(
            "\"/projects/{projectId}/tasks\"",
            "\"projects/{projectId}/tasks\"",
            1,
        )
        .replacen(
            "\"/projects/{projectId}/tasks/{taskId}\"",
            "\"projects/{projectId}/tasks/{taskId}\"",
            1,
        );
    s.open_text(&path, &broken);
    let published = s.diagnostics_for(&path);
    assert!(published.diagnostics.len() >= 2);
    let actions = s.code_actions(
        &path,
        Range::default(),
        vec![],
        Some(vec![CodeActionKind::SOURCE_FIX_ALL]),
    );
    assert_eq!(actions.len(), 1, "only the source action: {actions:?}");
    let CodeActionOrCommand::CodeAction(all) = &actions[0] else {
        panic!()
    };
    assert_eq!(all.kind.as_ref().unwrap().as_str(), "source.fixAll.ppcert");
    let edits = &all.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri(&path)];
    assert_eq!(apply_edits(&broken, edits), text);
    s.drain_chatter();
}

#[test]
fn a_change_in_api_properties_changes_findings_in_the_definition() {
    let mut folder = PathBuf::new();
    let (mut s, _) = TestServer::start(Setup::default(), |root| {
        folder = copy_sample(root, PASSING);
        with_pageable_list(&folder);
    });
    let def = definition(&folder);
    s.open(&def);
    let before = s.diagnostics_for(&def);
    let policy = before
        .diagnostics
        .iter()
        .find(|d| d.message.contains("updatenextlink"))
        .unwrap_or_else(|| panic!("{:?}", before.diagnostics));
    let related = policy
        .related_information
        .as_ref()
        .expect("related information");
    assert_eq!(related[0].location.uri, uri(&props(&folder)));
    // Add the policy template in the apiProperties buffer, unsaved.
    let props_path = props(&folder);
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&props_path).unwrap()).unwrap();
    doc["properties"]["policyTemplateInstances"] = json!([{
        "templateId": "updatenextlink",
        "title": "Next link",
        "parameters": {"x-ms-apimTemplate-operationName": ["ListTasks"], "x-ms-apimTemplateParameter.nextLinkPropertyName": "nextLink"}
    }]);
    s.open(&props_path);
    s.change(&props_path, 2, &serde_json::to_string_pretty(&doc).unwrap());
    // The first publish after opening apiProperties still has the finding; wait for the change.
    let mut after = s.diagnostics_for(&def);
    for _ in 0..3 {
        if !after
            .diagnostics
            .iter()
            .any(|d| d.message.contains("updatenextlink"))
        {
            break;
        }
        after = s.diagnostics_for(&def);
    }
    assert!(
        !after
            .diagnostics
            .iter()
            .any(|d| d.message.contains("updatenextlink")),
        "{:?}",
        after.diagnostics
    );
    s.drain_chatter();
}

#[test]
fn hover_on_a_finding_shows_the_rule_documentation_and_the_profile() {
    let (mut s, path, published) = open_failing_props(Setup::default());
    let d = &published.diagnostics[0];
    let hover = s.hover(&path, d.range.start).expect("a hover on a finding");
    let HoverContents::Markup(m) = hover.contents else {
        panic!()
    };
    let Some(NumberOrString::String(code)) = &d.code else {
        panic!()
    };
    assert!(m.value.contains(&format!("# {code}")), "{}", m.value);
    assert!(m.value.contains("Judged as **certified**"), "{}", m.value);
    // Nowhere near a finding: nothing.
    assert!(s.hover(&path, Position::new(9999, 0)).is_none());
    // This client cannot create files and there is no ppcert.toml: no "ignore" action.
    let titles = titles(&s.code_actions(&path, d.range, vec![], None));
    assert!(
        titles.iter().any(|t| t.starts_with("Open documentation")),
        "{titles:?}"
    );
    assert!(
        !titles.iter().any(|t| t.starts_with("Ignore")),
        "{titles:?}"
    );
    s.drain_chatter();
}

#[test]
fn ignore_this_rule_creates_or_extends_ppcert_toml_and_the_finding_goes() {
    let (mut s, path, published) = open_failing_props(creating_client());
    let d = published.diagnostics[0].clone();
    let actions = s.code_actions(
        &path,
        d.range,
        vec![d.clone()],
        Some(vec![CodeActionKind::QUICKFIX]),
    );
    let ignore = action(&actions, "Ignore");
    // No ppcert.toml yet: it is created at the workspace root.
    let Some(DocumentChanges::Operations(ops)) = ignore.edit.unwrap().document_changes else {
        panic!("expected resource operations")
    };
    let toml = s.root().join("ppcert.toml");
    let DocumentChangeOperation::Op(ResourceOp::Create(create)) = &ops[0] else {
        panic!()
    };
    assert_eq!(create.uri, uri(&toml));
    let DocumentChangeOperation::Edit(edit) = &ops[1] else {
        panic!()
    };
    let OneOf::Left(insert) = &edit.edits[0] else {
        panic!()
    };
    // The editor creates and saves the file; the watcher tells the server.
    std::fs::write(&toml, &insert.new_text).unwrap();
    s.notify::<notification::DidChangeWatchedFiles>(DidChangeWatchedFilesParams {
        changes: vec![FileEvent::new(uri(&toml), FileChangeType::CREATED)],
    });
    let code = d.code.clone().unwrap();
    let mut after = s.diagnostics_for(&path);
    // Skip publishes from before the change reached the server.
    for _ in 0..3 {
        if !after
            .diagnostics
            .iter()
            .any(|x| x.code.as_ref() == Some(&code))
        {
            break;
        }
        after = s.diagnostics_for(&path);
    }
    assert!(
        !after
            .diagnostics
            .iter()
            .any(|x| x.code.as_ref() == Some(&code))
    );
    s.drain_chatter();
}

#[test]
fn an_invalid_ppcert_toml_is_reported_where_it_is_and_nothing_looks_clean() {
    let mut folder = PathBuf::new();
    let (mut s, _) = TestServer::start(Setup::default(), |root| {
        folder = copy_sample(root, PASSING);
        std::fs::write(root.join("ppcert.toml"), "ignore = [\"no-such-rule\"]\n").unwrap();
    });
    let toml = s.root().join("ppcert.toml");
    let def = definition(&folder);
    s.open(&def);
    let d = s.diagnostics_for(&def);
    assert_eq!(
        codes(&d.diagnostics),
        BTreeSet::from(["not-checked".to_owned()])
    );
    assert!(d.diagnostics[0].message.contains("ppcert.toml"));
    let c = s.diagnostics_for(&toml);
    assert_eq!(codes(&c.diagnostics), BTreeSet::from(["config".to_owned()]));
    assert_eq!(c.diagnostics[0].range.start.line, 0);
    // Mend it in the editor: the error goes and the connector is checked again.
    s.open_text(&toml, "ignore = [\"no-such-rule\"]\n");
    s.change(&toml, 2, "ignore = []\n");
    let mut clean = s.diagnostics_for(&toml);
    for _ in 0..4 {
        if clean.diagnostics.is_empty() {
            break;
        }
        clean = s.diagnostics_for(&toml);
    }
    assert!(clean.diagnostics.is_empty());
    let mut d = s.diagnostics_for(&def);
    for _ in 0..4 {
        if d.diagnostics.is_empty() {
            break;
        }
        d = s.diagnostics_for(&def);
    }
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    s.drain_chatter();
}

#[test]
fn a_definition_that_is_not_json_gets_a_finding_and_the_server_goes_on() {
    let mut folder = PathBuf::new();
    let (mut s, _) = TestServer::start(Setup::default(), |root| {
        folder = copy_sample(root, PASSING);
    });
    let def = definition(&folder);
    s.open_text(&def, "{\"swagger\": ");
    let d = s.diagnostics_for(&def);
    assert!(
        codes(&d.diagnostics).contains("swagger-valid-json"),
        "{:?}",
        d.diagnostics
    );
    // A file of no connector (VS Code's own settings) is left alone.
    let vscode = s.root().join(".vscode");
    std::fs::create_dir_all(&vscode).unwrap();
    std::fs::write(vscode.join("settings.json"), "{}").unwrap();
    s.open(&vscode.join("settings.json"));
    let _ = s.hover(&def, Position::new(0, 1));
    s.drain_chatter();
    let error = {
        let id = s.request::<request::GotoDefinition>(GotoDefinitionParams {
            text_document_position_params: TextDocumentPositionParams {
                text_document: TextDocumentIdentifier { uri: uri(&def) },
                position: Position::new(0, 0),
            },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        });
        s.response_error(id)
    };
    assert_eq!(error.code, lsp_server::ErrorCode::MethodNotFound as i32);
}

#[test]
fn positions_are_utf16_and_skip_a_bom_with_crlf_lines() {
    let mut folder = PathBuf::new();
    let (mut s, _) = TestServer::start(Setup::default(), |root| {
        folder = copy_sample(root, PASSING);
        let def = definition(&folder);
        let text = std::fs::read_to_string(&def).unwrap();
        // A non-BMP character before the finding on its line, CRLF line ends and a BOM.
        let text = text.replacen(
            "\"/projects/{projectId}/tasks\"",
            "\"projects/{projectId}/tasks\"",
            1,
        );
        let text = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        std::fs::write(&def, text).unwrap();
    });
    let def = definition(&folder);
    let cli = cli_findings(&folder);
    // Not opened: the server reads the disk (BOM and all) when apiProperties is opened.
    s.open(&props(&folder));
    let d = s.diagnostics_for(&def);
    let text = std::fs::read_to_string(&def).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    for diag in &d.diagnostics {
        let code = match &diag.code {
            Some(NumberOrString::String(c)) => c.clone(),
            _ => continue,
        };
        assert!(
            cli.contains(&(
                "apiDefinition.swagger.json".into(),
                code,
                diag.range.start.line
            )),
            "{diag:?} not in {cli:?}"
        );
        let line = lines[diag.range.start.line as usize].trim_start_matches('\u{feff}');
        let prefix: String = line
            .encode_utf16()
            .take(diag.range.start.character as usize)
            .map(|_| ' ')
            .collect();
        assert!(prefix.len() <= line.len());
    }
    assert!(!d.diagnostics.is_empty());
    s.drain_chatter();
}

/// A push client that can create files in a workspace edit (VS Code, Neovim).
fn creating_client() -> Setup {
    Setup {
        capabilities: json!({
            "workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}
        }),
        initialization_options: None,
    }
}

fn pull_capabilities() -> Value {
    json!({
        "textDocument": {"diagnostic": {"dynamicRegistration": false, "relatedDocumentSupport": true}},
        "workspace": {"diagnostics": {"refreshSupport": true}},
        "general": {"positionEncodings": ["utf-8", "utf-16"]}
    })
}

#[test]
fn pull_clients_get_document_and_workspace_reports_and_a_long_poll() {
    let mut folders = Vec::new();
    let (mut s, init) = TestServer::start(
        Setup {
            capabilities: pull_capabilities(),
            initialization_options: None,
        },
        |root| {
            folders.push(copy_sample(root, FAILING));
            folders.push(copy_sample(root, PASSING));
        },
    );
    assert_eq!(
        init.capabilities.position_encoding,
        Some(PositionEncodingKind::UTF8)
    );
    assert!(init.capabilities.diagnostic_provider.is_some());
    let failing = &folders[0];
    let path = props(failing);
    s.open(&path);
    let id = s.request::<request::DocumentDiagnosticRequest>(DocumentDiagnosticParams {
        text_document: TextDocumentIdentifier { uri: uri(&path) },
        identifier: None,
        previous_result_id: None,
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
    });
    let report: DocumentDiagnosticReportResult = s.response(id);
    let DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(full)) = report
    else {
        panic!()
    };
    assert!(!full.full_document_diagnostic_report.items.is_empty());
    let related = full.related_documents.expect("the folder's other files");
    assert!(related.contains_key(&uri(&definition(failing))));

    let id = s.request::<request::WorkspaceDiagnosticRequest>(WorkspaceDiagnosticParams {
        identifier: None,
        previous_result_ids: vec![],
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
    });
    let report: WorkspaceDiagnosticReportResult = s.response(id);
    let WorkspaceDiagnosticReportResult::Report(report) = report else {
        panic!()
    };
    let mut previous = Vec::new();
    let mut files = BTreeSet::new();
    for item in &report.items {
        let WorkspaceDocumentDiagnosticReport::Full(f) = item else {
            panic!("first report is full")
        };
        files.insert(f.uri.clone());
        previous.push(PreviousResultId {
            uri: f.uri.clone(),
            value: f.full_document_diagnostic_report.result_id.clone().unwrap(),
        });
    }
    assert!(files.contains(&uri(&definition(failing))));
    assert!(files.contains(&uri(&path)), "the open file is reported");

    // Nothing changed: the server holds the request until something does.
    let id = s.request::<request::WorkspaceDiagnosticRequest>(WorkspaceDiagnosticParams {
        identifier: None,
        previous_result_ids: previous,
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
    });
    s.drain_chatter();
    let text = std::fs::read_to_string(&path).unwrap();
    s.change(&path, 2, &text.replacen('{', "{\"x\": 1,", 1));
    // The change is linted after the debounce: the client is asked to pull again, and the
    // waiting workspace pull is answered.
    s.server_request::<request::WorkspaceDiagnosticRefresh>(Value::Null);
    let report: WorkspaceDiagnosticReportResult = s.response(id);
    let WorkspaceDiagnosticReportResult::Report(report) = report else {
        panic!()
    };
    let changed: Vec<&Uri> = report
        .items
        .iter()
        .filter_map(|i| match i {
            WorkspaceDocumentDiagnosticReport::Full(f) => Some(&f.uri),
            _ => None,
        })
        .collect();
    assert!(changed.contains(&&uri(&path)), "{changed:?}");
    s.drain_chatter();
}

#[test]
fn the_profile_setting_changes_how_connectors_are_judged() {
    let mut folder = PathBuf::new();
    let (mut s, _) = TestServer::start(
        Setup {
            capabilities: Value::Null,
            initialization_options: Some(json!({"profile": "custom"})),
        },
        |root| folder = copy_sample(root, FAILING),
    );
    s.open(&props(&folder));
    let status = s.notification::<ppcert::server::StatusNotification>();
    assert_eq!(status.profile, "custom");
    s.notify::<notification::DidChangeConfiguration>(DidChangeConfigurationParams {
        settings: json!({"ppcert": {"profile": null}}),
    });
    let status = s.notification::<ppcert::server::StatusNotification>();
    assert_eq!(status.profile, "certified");
    s.drain_chatter();
}

#[test]
fn requests_after_shutdown_are_refused_and_exit_ends_the_server() {
    let (mut s, _) = TestServer::start(Setup::default(), |_| {});
    let id = s.request::<request::Shutdown>(());
    let _: Value = s.response(id);
    let id = s.request::<request::HoverRequest>(HoverParams {
        text_document_position_params: TextDocumentPositionParams {
            text_document: TextDocumentIdentifier {
                uri: uri(&s.root().join("x.json")),
            },
            position: Position::new(0, 0),
        },
        work_done_progress_params: Default::default(),
    });
    let error = s.response_error(id);
    assert_eq!(error.code, lsp_server::ErrorCode::InvalidRequest as i32);
    s.notify::<notification::Exit>(());
    assert_eq!(s.finish(), Ok(()));
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let (mut s, _) = TestServer::start(Setup::default(), |_| {});
    s.notify::<notification::Exit>(());
    assert_eq!(
        s.finish(),
        Err(ppcert::server::EXIT_WITHOUT_SHUTDOWN.to_owned())
    );
}

#[test]
fn a_ppcert_toml_opened_alone_gets_its_own_errors() {
    let (mut s, _) = TestServer::start(Setup::default(), |_| {});
    let toml = s.root().join("ppcert.toml");
    std::fs::write(&toml, "select = [\"ALL\"]\nprofile = \"gold\"\n").unwrap();
    s.open(&toml);
    let d = s.diagnostics_for(&toml);
    assert_eq!(codes(&d.diagnostics), BTreeSet::from(["config".to_owned()]));
    assert_eq!(d.diagnostics[0].range.start.line, 1, "{:?}", d.diagnostics);
    assert_eq!(d.version, Some(1));
    s.change(&toml, 2, "select = [\"ALL\"]\nprofile = \"custom\"\n");
    let d = s.diagnostics_for(&toml);
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    s.drain_chatter();
}

/// The messages a client receives for one connector file and one light bulb, as a snapshot
/// (temporary paths replaced by `<root>`): any change to what editors are sent shows in review.
#[test]
fn snapshot_of_the_published_diagnostics_and_code_actions() {
    let (mut s, path, published) = open_failing_props(creating_client());
    let first = published.diagnostics[0].clone();
    let actions = s.code_actions(&path, first.range, vec![first], None);
    let root = uri(&s.root()).as_str().to_owned();
    let normalise = |v: Value| -> Value {
        serde_json::from_str(&serde_json::to_string(&v).unwrap().replace(&root, "<root>")).unwrap()
    };
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_json_snapshot!("server_published_diagnostics", normalise(serde_json::to_value(&published).unwrap()));
        insta::assert_json_snapshot!("server_code_actions", normalise(serde_json::to_value(&actions).unwrap()));
    });
    s.drain_chatter();
}
