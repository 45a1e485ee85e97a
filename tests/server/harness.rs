//! An in-process client for `ppcert server` (ruff's design): the real server on a thread over an
//! in-memory connection, typed requests and notifications, waits with timeouts, and a failure
//! when a test leaves a server message unread.

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::*;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::thread::JoinHandle;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(20);

pub struct TestServer {
    client: Connection,
    thread: Option<JoinHandle<Result<(), String>>>,
    next_id: i32,
    /// Messages received while waiting for another one, not yet read by the test.
    backlog: VecDeque<Message>,
    pub dir: tempfile::TempDir,
    shut_down: bool,
}

pub fn uri(path: &Path) -> Uri {
    Uri::from_str(url::Url::from_file_path(path).unwrap().as_str()).unwrap()
}

/// Copies a sample connector under `<tmp>/<layout>/<name>` (the layout folder gives the profile).
pub fn copy_sample(dir: &Path, sample: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(sample);
    let layout = Path::new(sample)
        .components()
        .rev()
        .nth(1)
        .map(|c| c.as_os_str().to_owned())
        .unwrap();
    let to = dir.join(layout).join(from.file_name().unwrap());
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    to
}

#[derive(Default)]
pub struct Setup {
    /// The client's capabilities as JSON (not `ClientCapabilities`: lsp-types drops what it does
    /// not know, such as `workspace.diagnostics`).
    pub capabilities: Value,
    pub initialization_options: Option<Value>,
}

impl TestServer {
    /// Starts a server with a workspace at a fresh temporary folder, prepared by `prepare`.
    pub fn start(setup: Setup, prepare: impl FnOnce(&Path)) -> (TestServer, InitializeResult) {
        let dir = tempfile::tempdir().unwrap();
        let root = dunce::canonicalize(dir.path()).unwrap();
        prepare(&root);
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || {
            ppcert::server::serve(server, ppcert::server::Options::default())
        });
        let mut s = TestServer {
            client,
            thread: Some(thread),
            next_id: 0,
            backlog: VecDeque::new(),
            dir,
            shut_down: false,
        };
        let params = InitializeParams {
            initialization_options: setup.initialization_options,
            workspace_folders: Some(vec![WorkspaceFolder {
                uri: uri(&root),
                name: "ws".into(),
            }]),
            ..InitializeParams::default()
        };
        let mut params = serde_json::to_value(params).unwrap();
        if !setup.capabilities.is_null() {
            params["capabilities"] = setup.capabilities;
        }
        s.next_id += 1;
        let id = RequestId::from(s.next_id);
        s.client
            .sender
            .send(Request::new(id.clone(), request::Initialize::METHOD.into(), params).into())
            .unwrap();
        let result: InitializeResult = s.response(id);
        s.notify::<notification::Initialized>(InitializedParams {});
        (s, result)
    }

    pub fn root(&self) -> PathBuf {
        dunce::canonicalize(self.dir.path()).unwrap()
    }

    pub fn request<R: request::Request>(&mut self, params: R::Params) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.client
            .sender
            .send(Request::new(id.clone(), R::METHOD.into(), params).into())
            .unwrap();
        id
    }

    pub fn notify<N: notification::Notification>(&mut self, params: N::Params) {
        self.client
            .sender
            .send(Notification::new(N::METHOD.into(), params).into())
            .unwrap();
    }

    fn receive(&mut self) -> Message {
        self.client
            .receiver
            .recv_timeout(TIMEOUT)
            .unwrap_or_else(|e| panic!("no message from the server in {TIMEOUT:?}: {e}"))
    }

    /// The first message matching `want`, from the backlog or the connection; others are kept.
    fn take(&mut self, what: &str, want: impl Fn(&Message) -> bool) -> Message {
        if let Some(i) = self.backlog.iter().position(&want) {
            return self.backlog.remove(i).unwrap();
        }
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            assert!(
                std::time::Instant::now() < deadline,
                "waited {TIMEOUT:?} for {what}; unread: {:#?}",
                self.backlog
            );
            let m = self.receive();
            if want(&m) {
                return m;
            }
            self.backlog.push_back(m);
        }
    }

    fn response_result(&mut self, id: RequestId) -> Result<Value, lsp_server::ResponseError> {
        let m = self.take(
            &format!("the response to {id}"),
            |m| matches!(m, Message::Response(r) if r.id == id),
        );
        let Message::Response(Response {
            response_result, ..
        }) = m
        else {
            unreachable!()
        };
        response_result
    }

    pub fn response<T: serde::de::DeserializeOwned>(&mut self, id: RequestId) -> T {
        match self.response_result(id.clone()) {
            Ok(result) => serde_json::from_value(result).unwrap(),
            Err(error) => panic!("request {id} failed: {error:?}"),
        }
    }

    pub fn response_error(&mut self, id: RequestId) -> lsp_server::ResponseError {
        self.response_result(id).expect_err("an error response")
    }

    /// The code actions for `range` of `path`, of the kinds in `only` (all when `None`).
    pub fn code_actions(
        &mut self,
        path: &Path,
        range: Range,
        diagnostics: Vec<Diagnostic>,
        only: Option<Vec<CodeActionKind>>,
    ) -> Vec<CodeActionOrCommand> {
        let id = self.request::<request::CodeActionRequest>(CodeActionParams {
            text_document: TextDocumentIdentifier { uri: uri(path) },
            range,
            context: CodeActionContext {
                diagnostics,
                only,
                trigger_kind: None,
            },
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        });
        self.response(id)
    }

    pub fn hover(&mut self, path: &Path, position: Position) -> Option<Hover> {
        let id = self.request::<request::HoverRequest>(HoverParams {
            text_document_position_params: TextDocumentPositionParams {
                text_document: TextDocumentIdentifier { uri: uri(path) },
                position,
            },
            work_done_progress_params: Default::default(),
        });
        self.response(id)
    }

    pub fn notification<N: notification::Notification>(&mut self) -> N::Params {
        let m = self.take(
            N::METHOD,
            |m| matches!(m, Message::Notification(n) if n.method == N::METHOD),
        );
        let Message::Notification(n) = m else {
            unreachable!()
        };
        serde_json::from_value(n.params).unwrap()
    }

    /// A request the server sends to the client; answered with `result`.
    pub fn server_request<R: request::Request>(&mut self, result: Value) -> R::Params {
        let m = self.take(
            R::METHOD,
            |m| matches!(m, Message::Request(r) if r.method == R::METHOD),
        );
        let Message::Request(r) = m else {
            unreachable!()
        };
        self.client
            .sender
            .send(Response::new_ok(r.id, result).into())
            .unwrap();
        serde_json::from_value(r.params).unwrap()
    }

    /// The next diagnostics published for `path`, skipping status and log messages.
    pub fn diagnostics_for(&mut self, path: &Path) -> PublishDiagnosticsParams {
        let want = uri(path);
        let m = self.take(&format!("diagnostics for {}", path.display()), |m| {
            matches!(m, Message::Notification(n)
                if n.method == notification::PublishDiagnostics::METHOD
                && n.params["uri"] == json!(want.as_str()))
        });
        let Message::Notification(n) = m else {
            unreachable!()
        };
        serde_json::from_value(n.params).unwrap()
    }

    /// Drops what the server says about itself (status, logs) from the backlog and the connection.
    pub fn drain_chatter(&mut self) {
        while let Ok(m) = self.client.receiver.recv_timeout(Duration::from_millis(50)) {
            self.backlog.push_back(m);
        }
        self.backlog.retain(|m| {
            !matches!(m, Message::Notification(n)
                if n.method == "ppcert/status" || n.method == notification::LogMessage::METHOD)
        });
    }

    pub fn open(&mut self, path: &Path) {
        let text = String::from_utf8(std::fs::read(path).unwrap()).unwrap();
        self.open_text(path, &text);
    }

    pub fn open_text(&mut self, path: &Path, text: &str) {
        self.notify::<notification::DidOpenTextDocument>(DidOpenTextDocumentParams {
            text_document: TextDocumentItem {
                uri: uri(path),
                language_id: "json".into(),
                version: 1,
                text: text.into(),
            },
        });
    }

    pub fn change(&mut self, path: &Path, version: i32, text: &str) {
        self.notify::<notification::DidChangeTextDocument>(DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier {
                uri: uri(path),
                version,
            },
            content_changes: vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: text.into(),
            }],
        });
    }

    /// After the test sent `exit` itself: the server thread ends.
    pub fn finish(&mut self) -> Result<(), String> {
        self.shut_down = true;
        self.thread.take().unwrap().join().unwrap()
    }

    pub fn shutdown(&mut self) {
        let id = self.request::<request::Shutdown>(());
        let _: Value = self.response(id);
        self.notify::<notification::Exit>(());
        let result = self.thread.take().unwrap().join().unwrap();
        assert_eq!(result, Ok(()), "the server ended with an error");
        self.shut_down = true;
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if !self.shut_down {
            self.shutdown();
        }
        self.drain_chatter();
        let unread: Vec<&Message> = self
            .backlog
            .iter()
            .filter(|m| !matches!(m, Message::Notification(n) if n.method == notification::PublishDiagnostics::METHOD))
            .collect();
        assert!(
            unread.is_empty(),
            "the test left server messages unread: {unread:#?}"
        );
    }
}

/// Applies LSP text edits (UTF-16 positions) to `text`, as an editor does.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let offset = |p: Position| -> usize {
        let mut line_start = 0;
        for _ in 0..p.line {
            line_start += text[line_start..]
                .find('\n')
                .map_or(text.len() - line_start, |i| i + 1);
        }
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end_matches('\r');
        let mut units = 0;
        for (i, ch) in line.char_indices() {
            if units >= p.character {
                return line_start + i;
            }
            units += ch.len_utf16() as u32;
        }
        line_start + line.len()
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(e.range.start),
                offset(e.range.end),
                e.new_text.as_str(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_owned();
    for (start, end, new) in edits {
        out.replace_range(start..end, new);
    }
    out
}

/// The titles of code actions, in order.
pub fn titles(actions: &[CodeActionOrCommand]) -> Vec<String> {
    actions
        .iter()
        .map(|a| match a {
            CodeActionOrCommand::CodeAction(a) => a.title.clone(),
            CodeActionOrCommand::Command(c) => c.title.clone(),
        })
        .collect()
}

/// The first code action whose title starts with `prefix`.
pub fn action(actions: &[CodeActionOrCommand], prefix: &str) -> CodeAction {
    actions
        .iter()
        .find_map(|a| match a {
            CodeActionOrCommand::CodeAction(a) if a.title.starts_with(prefix) => Some(a.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no action `{prefix}…` in {:?}", titles(actions)))
}
