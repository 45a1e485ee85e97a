//! The server's state and its message loop.

use super::actions;
use super::documents::{Documents, FileRole, OpenDocument, key, path_to_uri, role, uri_to_path};
use super::folder::{FolderLint, config_findings, is_connector_folder, lint_folder};
use super::positions::Encoding;
use crate::connector::Profile;
use crossbeam_channel::{RecvTimeoutError, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as n, Notification as _};
use lsp_types::request::{self as r, Request as _};
use lsp_types::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long after the last keystroke a folder is linted again.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// What the command line gives the server.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--profile`: judge every connector under this profile.
    pub profile: Option<Profile>,
}

pub struct Session {
    conn: Connection,
    docs: Documents,
    profile: Option<Profile>,
    encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`): nothing is pushed.
    pull: bool,
    refresh_support: bool,
    /// The client can create files in a workspace edit (for a new ppcert.toml).
    create_files: bool,
    roots: Vec<PathBuf>,
    results: HashMap<PathBuf, FolderLint>,
    /// Folders whose files changed since they were linted, with when to lint them (push).
    pending: HashMap<PathBuf, Instant>,
    /// Files that were published with findings, by folder: they are cleared when they have none.
    published: HashMap<PathBuf, HashSet<PathBuf>>,
    /// `workspace/diagnostic` requests waiting for something to change (the long poll).
    parked: Vec<(RequestId, WorkspaceDiagnosticParams)>,
    next_id: i32,
    shutdown: bool,
}

fn profile_named(value: Option<&Value>) -> Option<Profile> {
    let name = value?.as_str()?;
    Profile::ALL.into_iter().find(|p| p.as_str() == name)
}

impl Session {
    pub fn start(conn: Connection, options: Options) -> Result<(), String> {
        let (id, raw) = conn.initialize_start().map_err(|e| e.to_string())?;
        // LSP spells it `workspace.diagnostics`; lsp-types 0.97 reads `workspace.diagnostic`.
        let workspace_caps = &raw["capabilities"]["workspace"];
        let refresh_support = ["diagnostics", "diagnostic"]
            .iter()
            .any(|k| workspace_caps[k]["refreshSupport"] == Value::Bool(true));
        let params: InitializeParams =
            serde_json::from_value(raw).map_err(|e| format!("bad initialize params: {e}"))?;
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let encoding = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let pull = caps
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some());
        let create_files = caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create));
        let init_options = params.initialization_options.as_ref();
        let profile = options
            .profile
            .or_else(|| profile_named(init_options.and_then(|o| o.get("profile"))));
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri_to_path(&f.uri))
            .collect();
        #[allow(deprecated)] // Clients without workspace folders still send a root URI.
        if roots.is_empty()
            && let Some(root) = params.root_uri.as_ref().and_then(uri_to_path)
        {
            roots.push(root);
        }
        let result = serde_json::json!({
            "capabilities": capabilities(encoding, pull),
            "serverInfo": {"name": "ppcert", "version": env!("CARGO_PKG_VERSION")},
        });
        conn.initialize_finish(id, result)
            .map_err(|e| e.to_string())?;
        let watch = caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let mut session = Session {
            conn,
            docs: Documents::default(),
            profile,
            encoding,
            pull,
            refresh_support,
            create_files,
            roots: roots.iter().map(|r| key(r)).collect(),
            results: HashMap::new(),
            pending: HashMap::new(),
            published: HashMap::new(),
            parked: Vec::new(),
            next_id: 0,
            shutdown: false,
        };
        if watch {
            session.register_watchers();
        }
        session.main_loop()
    }

    fn main_loop(&mut self) -> Result<(), String> {
        loop {
            let next = self.pending.values().min().copied();
            let message = match next {
                Some(at) => {
                    let wait = at.saturating_duration_since(Instant::now());
                    match self.conn.receiver.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => return Ok(()),
                    }
                }
                None => {
                    let receiver = &self.conn.receiver;
                    select! {
                        recv(receiver) -> m => match m {
                            Ok(m) => Some(m),
                            Err(_) => return Ok(()),
                        }
                    }
                }
            };
            match message {
                None => self.lint_due(),
                Some(Message::Request(req)) => {
                    if self.shutdown {
                        self.respond_error(req.id, ErrorCode::InvalidRequest, "shutting down");
                        continue;
                    }
                    if req.method == r::Shutdown::METHOD {
                        self.shutdown = true;
                        for (id, _) in std::mem::take(&mut self.parked) {
                            self.respond_error(id, ErrorCode::RequestCanceled, "shutting down");
                        }
                        self.send(Response::new_ok(req.id, ()).into());
                        continue;
                    }
                    self.request(req);
                }
                Some(Message::Notification(not)) => {
                    if not.method == n::Exit::METHOD {
                        return if self.shutdown {
                            Ok(())
                        } else {
                            Err(super::EXIT_WITHOUT_SHUTDOWN.into())
                        };
                    }
                    self.notification(not);
                }
                Some(Message::Response(_)) => {}
            }
        }
    }

    fn send(&self, message: Message) {
        let _ = self.conn.sender.send(message);
    }

    fn respond(&self, id: RequestId, result: impl serde::Serialize) {
        self.send(Response::new_ok(id, result).into());
    }

    fn respond_error(&self, id: RequestId, code: ErrorCode, message: &str) {
        self.send(Response::new_err(id, code as i32, message.into()).into());
    }

    fn notify<N: n::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.into(), params).into());
    }

    fn ask<R: r::Request>(&mut self, params: R::Params) {
        self.next_id += 1;
        let id = RequestId::from(format!("ppcert-{}", self.next_id));
        self.send(Request::new(id, R::METHOD.into(), params).into());
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify::<n::LogMessage>(LogMessageParams { typ, message });
    }

    fn register_watchers(&mut self) {
        let glob = "**/{apiDefinition.swagger.json,apiProperties.json,settings.json,readme.md,\
                    intro.md,script.csx,icon.png,ppcert.toml,.ppcert.toml,*.swagger.json}";
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.into()),
                kind: None,
            }],
        };
        self.ask::<r::RegisterCapability>(RegistrationParams {
            registrations: vec![Registration {
                id: "ppcert-watch".into(),
                method: n::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        });
    }

    // ---- notifications -------------------------------------------------------------------

    fn notification(&mut self, not: Notification) {
        match not.method.as_str() {
            n::DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    not.extract::<DidOpenTextDocumentParams>(n::DidOpenTextDocument::METHOD)
                    && let Some(path) = uri_to_path(&p.text_document.uri)
                {
                    let doc = OpenDocument {
                        uri: p.text_document.uri,
                        version: p.text_document.version,
                        text: p.text_document.text,
                    };
                    self.docs.open(path.clone(), doc);
                    self.changed(&path, Duration::ZERO);
                }
            }
            n::DidChangeTextDocument::METHOD => {
                if let Ok(p) =
                    not.extract::<DidChangeTextDocumentParams>(n::DidChangeTextDocument::METHOD)
                    && let Some(path) = uri_to_path(&p.text_document.uri)
                {
                    if let Some(doc) = self.docs.get_mut(&path) {
                        doc.version = p.text_document.version;
                        // Full sync: the last change holds the whole text.
                        if let Some(change) = p.content_changes.into_iter().last() {
                            doc.text = change.text;
                        }
                    }
                    self.changed(&path, DEBOUNCE);
                }
            }
            n::DidSaveTextDocument::METHOD => {
                if let Ok(p) =
                    not.extract::<DidSaveTextDocumentParams>(n::DidSaveTextDocument::METHOD)
                    && let Some(path) = uri_to_path(&p.text_document.uri)
                {
                    self.docs.forget_disk(&path);
                    self.changed(&path, Duration::ZERO);
                }
            }
            n::DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    not.extract::<DidCloseTextDocumentParams>(n::DidCloseTextDocument::METHOD)
                    && let Some(path) = uri_to_path(&p.text_document.uri)
                {
                    self.docs.close(&path);
                    self.changed(&path, Duration::ZERO);
                }
            }
            n::DidChangeWatchedFiles::METHOD => {
                if let Ok(p) =
                    not.extract::<DidChangeWatchedFilesParams>(n::DidChangeWatchedFiles::METHOD)
                {
                    for change in p.changes {
                        if let Some(path) = uri_to_path(&change.uri) {
                            self.docs.forget_disk(&path);
                            self.changed(&path, Duration::ZERO);
                        }
                    }
                }
            }
            n::DidChangeConfiguration::METHOD => {
                if let Ok(p) =
                    not.extract::<DidChangeConfigurationParams>(n::DidChangeConfiguration::METHOD)
                {
                    let settings = p.settings.get("ppcert").unwrap_or(&p.settings);
                    if let Some(value) = settings.get("profile") {
                        self.profile = profile_named(Some(value));
                        self.everything_changed();
                    }
                }
            }
            _ => {}
        }
    }

    /// `path` changed (in the editor or on disk): lint what it belongs to after `delay`.
    fn changed(&mut self, path: &Path, delay: Duration) {
        let folders: Vec<PathBuf> = match role(path) {
            FileRole::Config => {
                let below = key(path.parent().unwrap_or(path));
                self.known_folders()
                    .into_iter()
                    .filter(|f| f.starts_with(&below))
                    .collect()
            }
            FileRole::Connector => vec![key(path.parent().unwrap_or(path))],
            FileRole::Other => {
                // icon.png and the like: their folder's layout rules may change.
                let folder = key(path.parent().unwrap_or(path));
                if self.results.contains_key(&folder) {
                    vec![folder]
                } else {
                    vec![]
                }
            }
        };
        for folder in folders {
            self.schedule(folder, delay);
        }
        if role(path) == FileRole::Config {
            // Its own errors, whether or not a connector below it is known yet.
            self.publish_config(&key(path));
        }
    }

    /// Push mode: the configuration file's own findings (none clears them).
    fn publish_config(&mut self, path: &Path) {
        if self.pull {
            return;
        }
        let file = config_findings(path, &mut self.docs, self.encoding);
        let (uri, version) = match self.docs.get(path) {
            Some(doc) => (doc.uri.clone(), Some(doc.version)),
            None => match path_to_uri(path) {
                Some(uri) => (uri, None),
                None => return,
            },
        };
        let diagnostics = file.findings.into_iter().map(|f| f.lsp).collect();
        self.notify::<n::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }

    fn everything_changed(&mut self) {
        for folder in self.known_folders() {
            self.schedule(folder, Duration::ZERO);
        }
    }

    /// Folders linted before or with a file open.
    fn known_folders(&self) -> Vec<PathBuf> {
        let mut folders: HashSet<PathBuf> = self.results.keys().cloned().collect();
        for path in self.docs.open_paths() {
            if role(path) == FileRole::Connector
                && let Some(parent) = path.parent()
            {
                folders.insert(parent.to_path_buf());
            }
        }
        folders.into_iter().collect()
    }

    fn schedule(&mut self, folder: PathBuf, delay: Duration) {
        self.pending.insert(folder, Instant::now() + delay);
    }

    fn refresh(&mut self) {
        if self.refresh_support {
            self.ask::<r::WorkspaceDiagnosticRefresh>(());
        }
    }

    /// Lints the folders whose time has come.
    fn lint_due(&mut self) {
        let now = Instant::now();
        let due: Vec<PathBuf> = self
            .pending
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(f, _)| f.clone())
            .collect();
        for folder in due {
            self.pending.remove(&folder);
            self.lint(&folder);
        }
    }

    /// Makes sure the folder's result reflects every change: lints it now if it is stale.
    fn ensure(&mut self, folder: &Path) {
        if self.pending.contains_key(folder) || !self.results.contains_key(folder) {
            self.pending.remove(folder);
            self.lint(folder);
        }
    }

    fn lint(&mut self, folder: &Path) {
        if !is_connector_folder(folder, &self.docs) {
            if self.results.remove(folder).is_some() && self.pull {
                self.refresh();
            }
            self.publish_folder(folder);
            return;
        }
        let started = Instant::now();
        let result = lint_folder(folder, &mut self.docs, self.profile, self.encoding);
        let count: usize = result.files.values().map(|f| f.findings.len()).sum();
        let uri = path_to_uri(folder);
        match (&result.profile, uri) {
            (Some(profile), Some(uri)) => {
                self.notify::<StatusNotification>(StatusParams {
                    uri,
                    profile: profile.profile.as_str().into(),
                    reason: profile.reason.describe(),
                });
                self.log(
                    MessageType::INFO,
                    format!(
                        "{}: judged as {profile}; {count} finding(s) in {} ms",
                        folder.display(),
                        started.elapsed().as_millis()
                    ),
                );
            }
            _ => self.log(
                MessageType::WARNING,
                format!(
                    "{}: {}",
                    folder.display(),
                    result.not_checked.as_deref().unwrap_or("not checked")
                ),
            ),
        }
        let config = result.config.clone();
        // Pull mode: a first lint answers the pull that asked for it; later ones may change what
        // other files show. (Push mode publishes anyway: no need to compare.)
        let changed = self.pull
            && self
                .results
                .get(folder)
                .is_some_and(|before| result_ids(before) != result_ids(&result));
        self.results.insert(folder.to_path_buf(), result);
        self.publish_folder(folder);
        if let Some(config) = config {
            self.publish_config(&config);
        }
        if changed {
            // Other files than the one pulled may have changed (a cross-file finding): the client
            // pulls again, and a waiting workspace pull is answered.
            self.refresh();
            self.answer_parked();
        }
    }

    /// Push mode: (re)publishes every file of the folder, clearing those that no longer have
    /// findings. Pull mode: nothing to push.
    fn publish_folder(&mut self, folder: &Path) {
        if self.pull {
            return;
        }
        let mut files: BTreeMap<PathBuf, Vec<Diagnostic>> = BTreeMap::new();
        for old in self.published.remove(folder).unwrap_or_default() {
            files.insert(old, Vec::new());
        }
        for path in self.docs.open_paths() {
            if path.parent() == Some(folder) && role(path) == FileRole::Connector {
                files.entry(path.clone()).or_default();
            }
        }
        if let Some(result) = self.results.get(folder) {
            for (path, file) in &result.files {
                files.insert(
                    path.clone(),
                    file.findings.iter().map(|f| f.lsp.clone()).collect(),
                );
            }
        }
        let mut now_published = HashSet::new();
        for (path, diagnostics) in files {
            if !diagnostics.is_empty() {
                now_published.insert(path.clone());
            }
            let (uri, version) = match self.docs.get(&path) {
                Some(doc) => (doc.uri.clone(), Some(doc.version)),
                None => match path_to_uri(&path) {
                    Some(uri) => (uri, None),
                    None => continue,
                },
            };
            self.notify::<n::PublishDiagnostics>(PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            });
        }
        self.published.insert(folder.to_path_buf(), now_published);
    }

    // ---- requests ------------------------------------------------------------------------

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let outcome = match req.method.as_str() {
            r::HoverRequest::METHOD => self.hover(req),
            r::CodeActionRequest::METHOD => self.code_action(req),
            r::ExecuteCommand::METHOD => self.execute_command(req),
            r::DocumentDiagnosticRequest::METHOD => self.document_diagnostic(req),
            r::WorkspaceDiagnosticRequest::METHOD => self.workspace_diagnostic(req),
            _ => {
                self.respond_error(id, ErrorCode::MethodNotFound, "not supported by ppcert");
                return;
            }
        };
        if let Err(message) = outcome {
            self.respond_error(id, ErrorCode::InvalidParams, &message);
        }
    }

    fn file_of(&mut self, uri: &Uri) -> Option<(PathBuf, PathBuf)> {
        let path = key(&uri_to_path(uri)?);
        let folder = path.parent()?.to_path_buf();
        if role(&path) == FileRole::Connector {
            self.ensure(&folder);
        }
        Some((path, folder))
    }

    fn hover(&mut self, req: Request) -> Result<(), String> {
        let (id, p) = req
            .extract::<HoverParams>(r::HoverRequest::METHOD)
            .map_err(|e| format!("{e:?}"))?;
        let at = &p.text_document_position_params;
        let hover = self
            .file_of(&at.text_document.uri)
            .and_then(|(path, folder)| {
                let result = self.results.get(&folder)?;
                actions::hover(result, &path, at.position, self.encoding)
            });
        self.respond(id, hover);
        Ok(())
    }

    fn code_action(&mut self, req: Request) -> Result<(), String> {
        let (id, p) = req
            .extract::<CodeActionParams>(r::CodeActionRequest::METHOD)
            .map_err(|e| format!("{e:?}"))?;
        let uri = p.text_document.uri.clone();
        let mut list = Vec::new();
        if let Some((path, folder)) = self.file_of(&uri)
            && let Some(result) = self.results.get(&folder)
        {
            let ignore = actions::IgnoreTarget::find(&folder, &self.roots, &mut self.docs)
                .filter(|t| t.text.is_some() || self.create_files);
            list = actions::code_actions(&p, result, &path, self.encoding, ignore.as_ref());
            // Fix all runs the fix loop: only offered when a safe fix is there to apply.
            let safe_fix = result.files.get(&path).is_some_and(|f| {
                f.findings.iter().any(|x| {
                    x.diagnostic
                        .fix
                        .as_ref()
                        .is_some_and(|fix| fix.applicability == crate::fix::Applicability::Safe)
                })
            });
            if safe_fix && actions::wants_fix_all(&p) {
                let overlay = self.docs.overlay_for(&folder, None);
                if let Some(action) =
                    actions::fix_all(&uri, &path, &folder, self.profile, overlay, self.encoding)
                {
                    list.push(action);
                }
            }
        }
        self.respond(id, list);
        Ok(())
    }

    fn execute_command(&mut self, req: Request) -> Result<(), String> {
        let (id, p) = req
            .extract::<ExecuteCommandParams>(r::ExecuteCommand::METHOD)
            .map_err(|e| format!("{e:?}"))?;
        if p.command != actions::OPEN_DOCS {
            return Err(format!("unknown command `{}`", p.command));
        }
        let url = p
            .arguments
            .first()
            .and_then(Value::as_str)
            .and_then(|u| u.parse::<Uri>().ok())
            .ok_or("expected the documentation's URL")?;
        self.ask::<r::ShowDocument>(ShowDocumentParams {
            uri: url,
            external: Some(true),
            take_focus: Some(true),
            selection: None,
        });
        self.respond(id, Value::Null);
        Ok(())
    }

    fn document_diagnostic(&mut self, req: Request) -> Result<(), String> {
        let (id, p) = req
            .extract::<DocumentDiagnosticParams>(r::DocumentDiagnosticRequest::METHOD)
            .map_err(|e| format!("{e:?}"))?;
        let uri = p.text_document.uri;
        let Some((path, folder)) = self.file_of(&uri) else {
            self.respond(id, actions::full_report(Vec::new(), None));
            return Ok(());
        };
        if role(&path) == FileRole::Config {
            // Its errors are found while linting the folders it configures.
            for f in self.known_folders() {
                if f.starts_with(&folder) {
                    self.ensure(&f);
                }
            }
        }
        let items = self.items_for(&path);
        let result_id = actions::result_id(&items);
        let mut related = HashMap::new();
        if let Some(result) = self.results.get(&folder) {
            for other in result.paths() {
                if other == path {
                    continue;
                }
                if let Some(other_uri) = self.uri_of(&other) {
                    related.insert(other_uri, actions::related_report(result.items(&other)));
                }
            }
        }
        let report =
            if p.previous_result_id.as_deref() == Some(result_id.as_str()) && related.is_empty() {
                actions::unchanged_report(result_id)
            } else {
                actions::full_report_with(items, Some(result_id), related)
            };
        self.respond(id, report);
        Ok(())
    }

    fn uri_of(&self, path: &Path) -> Option<Uri> {
        match self.docs.get(path) {
            Some(doc) => Some(doc.uri.clone()),
            None => path_to_uri(path),
        }
    }

    /// The diagnostics of one file from the folder results (a config file collects its errors
    /// from whichever folder found them).
    fn items_for(&mut self, path: &Path) -> Vec<Diagnostic> {
        if role(path) == FileRole::Config {
            return config_findings(path, &mut self.docs, self.encoding)
                .findings
                .into_iter()
                .map(|f| f.lsp)
                .collect();
        }
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        self.results
            .get(&folder)
            .map(|r| r.items(path))
            .unwrap_or_default()
    }

    fn workspace_diagnostic(&mut self, req: Request) -> Result<(), String> {
        let (id, p) = req
            .extract::<WorkspaceDiagnosticParams>(r::WorkspaceDiagnosticRequest::METHOD)
            .map_err(|e| format!("{e:?}"))?;
        let folders = self.workspace_folders();
        for folder in &folders {
            self.ensure(folder);
        }
        let previous = previous_ids(&p);
        let reports = self.workspace_reports(&folders, &previous);
        let unchanged = !previous.is_empty()
            && reports
                .iter()
                .all(|(uri, rid, _, _)| previous.get(uri.as_str()) == Some(rid));
        if unchanged {
            // Nothing new: answer when something changes (the client asks again at once).
            self.parked.push((id, p));
            return Ok(());
        }
        self.respond(id, actions::workspace_report(reports, &previous));
        Ok(())
    }

    /// Connector folders under the workspace roots, and any other folder with a file open.
    fn workspace_folders(&self) -> Vec<PathBuf> {
        let mut folders: Vec<PathBuf> = Vec::new();
        for root in &self.roots {
            if let Ok(targets) = crate::connector::discover(root) {
                folders.extend(
                    targets
                        .into_iter()
                        .filter(|t| t.solution.is_none())
                        .map(|t| key(&t.folder)),
                );
            }
        }
        folders.extend(self.known_folders());
        folders.sort();
        folders.dedup();
        folders
    }

    /// (uri, result id, version, items) for every file of these folders, every open file, and
    /// every file the client had a report for (an empty one clears what it shows).
    fn workspace_reports(
        &mut self,
        folders: &[PathBuf],
        previous: &HashMap<String, String>,
    ) -> Vec<(Uri, String, Option<i64>, Vec<Diagnostic>)> {
        let mut paths: Vec<PathBuf> = Vec::new();
        for folder in folders {
            if let Some(result) = self.results.get(folder) {
                paths.extend(result.paths());
            }
        }
        for path in self.docs.open_paths() {
            if role(path) != FileRole::Other {
                paths.push(path.clone());
            }
        }
        for uri in previous.keys() {
            if let Some(path) = uri.parse::<Uri>().ok().as_ref().and_then(uri_to_path) {
                paths.push(key(&path));
            }
        }
        paths.sort();
        paths.dedup();
        let mut out = Vec::new();
        for path in paths {
            let Some(uri) = self.uri_of(&path) else {
                continue;
            };
            let items = self.items_for(&path);
            let version = self.docs.get(&path).map(|d| d.version as i64);
            out.push((uri, actions::result_id(&items), version, items));
        }
        out
    }

    fn answer_parked(&mut self) {
        let parked = std::mem::take(&mut self.parked);
        if parked.is_empty() {
            return;
        }
        let folders = self.workspace_folders();
        for folder in &folders {
            self.ensure(folder);
        }
        for (id, p) in parked {
            let previous = previous_ids(&p);
            let reports = self.workspace_reports(&folders, &previous);
            self.respond(id, actions::workspace_report(reports, &previous));
        }
    }
}

fn previous_ids(p: &WorkspaceDiagnosticParams) -> HashMap<String, String> {
    p.previous_result_ids
        .iter()
        .map(|r| (r.uri.as_str().to_owned(), r.value.clone()))
        .collect()
}

/// The result id of every file a folder's result speaks for: they change when what is shown does.
fn result_ids(result: &FolderLint) -> BTreeMap<PathBuf, String> {
    result
        .paths()
        .into_iter()
        .map(|p| {
            let id = actions::result_id(&result.items(&p));
            (p, id)
        })
        .collect()
}

fn capabilities(encoding: Encoding, pull: bool) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(actions::FIX_ALL_KIND),
            ]),
            work_done_progress_options: WorkDoneProgressOptions::default(),
            resolve_provider: Some(false),
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![actions::OPEN_DOCS.into()],
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        diagnostic_provider: pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("ppcert".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        }),
        ..ServerCapabilities::default()
    }
}

/// `ppcert/status`: the profile a connector folder was judged under, and why.
pub enum StatusNotification {}

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct StatusParams {
    /// The connector folder.
    pub uri: Uri,
    pub profile: String,
    pub reason: String,
}

impl n::Notification for StatusNotification {
    type Params = StatusParams;
    const METHOD: &'static str = "ppcert/status";
}
