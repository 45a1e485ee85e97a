//! A fake GitHub for `ppcert submit`'s tests: an in-process HTTP server on its own thread.
//!
//! - `/api/v3/...` is a stateful REST fake answering the endpoints octocrab calls, with the
//!   JSON shapes GitHub sends (octocrab's models are strict, so thin JSON would fail loudly).
//!   It needs `Authorization: Bearer <token>`.
//! - `/<owner>/<repo>.git/...` is smart HTTP git through Debian's real `git-http-backend`
//!   (CGI). Reads are anonymous; `git-receive-pack` needs HTTP Basic auth with the token.
//!   Forks are bare repositories sharing the upstream's objects through
//!   `objects/info/alternates`, as GitHub fork networks do.
//!
//! Every request is logged (method, path, query, auth scheme, status, body sizes, header
//! values other than Authorization, REST bodies), so tests can check which writes happened,
//! how many bytes moved, and that the token appears nowhere.

use base64::Engine;
use git2::{Oid, Repository, Signature, Time};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;

pub const UPSTREAM_OWNER: &str = "microsoft";
pub const REPO_NAME: &str = "PowerPlatformConnectors";
pub const LOGIN: &str = "octo-author";
const USER_ID: u64 = 4242;

/// The pull-request template of the fixture upstream: ppcert's bundled copy of upstream's
/// template (verbatim upstream text) with a tenth box first, as `docs/submission.md` describes
/// a later upstream revision (the wording of that box is the fixture's). So the fixture's
/// template is newer than the bundled one, and a test can tell which one a run used.
pub const TEMPLATE: &str = "\n---\n### When submitting a connector, please make sure that you follow the requirements below, otherwise your PR might be rejected. We want to make you have a well-built connector, a smooth certification experience, and your users are happy :) \n\n- [ ] I attest that the connector doesn't already exist on the platform: I searched the open pull requests and the connector reference.\n- [ ] I attest that the connector works and I verified by deploying and testing all the operations. \n- [ ] I attest that I have added detailed descriptions for all operations and parameters in the swagger file.\n- [ ] I attest that I have added response schemas to my actions, unless the response schema is dynamic. \n- [ ] I validated the swagger file, `apiDefinition.swagger.json`, by running `paconn validate` command.\n- [ ] If this is a certified connector, I confirm that `apiProperties.json` has a valid brand color and doesn't use an invalid brand color, `#007ee5` or `#ffffff`. If this is an independent publisher connector, I confirm that I am not submitting a connector icon.\n\nIf you are an Independent Publisher, you must also attest to the following to ensure a smooth publishing process:\n- [ ] I have named this PR after the pattern of \"Connector Name (Independent Publisher)\" ex: HubSpot Marketing (Independent Publisher)\n- [ ] Within this PR markdown file, I have pasted screenshots that show: 3 unique operations (actions/triggers) working within a Flow. This can be in one flow or part of multiple flows. For each one of those flows, I have pasted in screenshots of the Flow succeeding. \n- [ ] Within this PR markdown file, I have pasted in a screenshot from the Test operations section within the Custom Connector UI.\n- [ ] If the connector uses OAuth, I have provided detailed steps on how to create an app in the readme.md. \n\n\n";

/// How the user's fork looks when the test starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForkSetup {
    /// No fork yet: `POST /forks` creates it.
    Missing,
    /// A fork whose `dev` is upstream's tip.
    Synced,
    /// A fork whose `dev` is one commit behind upstream.
    Stale,
    /// A fork whose `dev` has a commit of its own (sync answers 409).
    Diverged,
    /// A repository of the fork's name that is not a fork.
    NotAFork,
}

#[derive(Debug, Clone)]
pub struct FakeOptions {
    pub fork: ForkSetup,
    /// After `POST /forks`, `GET git/ref/heads/dev` on the fork answers 409 this many times.
    pub not_ready_polls: usize,
    /// The new fork never answers.
    pub never_ready: bool,
    /// A pre-receive hook on the fork prints this and declines every push.
    pub reject_push: Option<String>,
    /// The `x-oauth-scopes` header of `GET /user`; `None` leaves it out (fine-grained tokens).
    pub oauth_scopes: Option<String>,
    /// Repositories' `clone_url` is a `file://` URL.
    pub file_clone_urls: bool,
    /// The first `POST pulls` creates the pull request, then answers 502.
    pub pr_create_then_502: bool,
    /// The first `POST pulls` finds the pull request created by a racing run: it creates it,
    /// then answers 422 "already exists".
    pub pr_create_race: bool,
    /// `POST pulls` answers 422 on `head` this many times (the branch not yet visible).
    pub head_invisible: usize,
}

impl Default for FakeOptions {
    fn default() -> Self {
        FakeOptions {
            fork: ForkSetup::Missing,
            not_ready_polls: 0,
            never_ready: false,
            reject_push: None,
            oauth_scopes: Some("public_repo, read:user".into()),
            file_clone_urls: false,
            pr_create_then_502: false,
            pr_create_race: false,
            head_invisible: 0,
        }
    }
}

/// One request, as the server saw it (never the token).
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub method: String,
    pub path: String,
    pub query: String,
    /// `bearer`, `basic` or `none`: the scheme only.
    pub auth: &'static str,
    pub status: u16,
    pub request_bytes: usize,
    pub response_bytes: usize,
    /// Header values other than Authorization, joined.
    pub headers: String,
    /// The request body as text (REST only).
    pub body: String,
}

impl LogEntry {
    /// Anything but a GET and an upload-pack POST (a fetch, which only reads).
    pub fn is_write(&self) -> bool {
        self.method != "GET" && self.method != "HEAD" && !self.is_git_read()
    }
    pub fn is_receive_pack(&self) -> bool {
        self.path.ends_with("/git-receive-pack") || self.query.contains("git-receive-pack")
    }
    fn is_git_read(&self) -> bool {
        self.path.ends_with("/git-upload-pack")
    }
}

#[derive(Debug, Clone)]
pub struct PullRec {
    pub number: u64,
    pub title: String,
    pub body: String,
    /// `login:branch`
    pub head_label: String,
    pub head_ref: String,
    pub base_ref: String,
    pub open: bool,
    pub merged: bool,
    pub maintainer_can_modify: bool,
}

/// Injected answer for the next request matching a method and path prefix (under `/api/v3`).
#[derive(Debug, Clone)]
pub struct Fault {
    pub method: String,
    pub path_prefix: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

struct State {
    opts: FakeOptions,
    log: Vec<LogEntry>,
    pulls: Vec<PullRec>,
    fork_exists: bool,
    not_a_fork: bool,
    ready_countdown: usize,
    forks_created: usize,
    faults: Vec<Fault>,
    pr_502_pending: bool,
    pr_race_pending: bool,
    head_invisible: usize,
}

pub struct FakeGithub {
    pub api_url: String,
    pub token: String,
    root: tempfile::TempDir,
    state: Arc<Mutex<State>>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

/// The path of Debian's git-http-backend, or `None` (tests then skip, saying so).
pub fn http_backend() -> Option<PathBuf> {
    let exec_path = Command::new("git").arg("--exec-path").output().ok()?;
    let dir = String::from_utf8(exec_path.stdout).ok()?;
    let path = Path::new(dir.trim()).join("git-http-backend");
    path.is_file().then_some(path)
}

/// A token built at run time (no token-shaped literal in the sources), unique per fake.
fn make_token() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let body: String = format!("{:08x}{:08x}", std::process::id(), n)
        .chars()
        .chain("fakesecretvalue0123456789abcdef".chars())
        .take(36)
        .collect();
    ["gh", "p_", &body].concat()
}

fn sig() -> Signature<'static> {
    Signature::new(
        "Fixture",
        "fixture@example.com",
        &Time::new(1_700_000_000, 0),
    )
    .expect("signature")
}

/// Writes `files` (path → content; `None` deletes) on top of `parent`'s tree and commits.
pub fn commit_files(
    repo: &Repository,
    parent: Option<Oid>,
    files: &[(&str, Option<&[u8]>)],
    message: &str,
) -> Oid {
    let parent = parent.map(|p| repo.find_commit(p).expect("parent"));
    let mut update = git2::build::TreeUpdateBuilder::new();
    for (path, content) in files {
        match content {
            Some(bytes) => {
                let blob = repo.blob(bytes).expect("blob");
                update.upsert(*path, blob, git2::FileMode::Blob);
            }
            None => {
                update.remove(*path);
            }
        }
    }
    let base_tree = match &parent {
        Some(p) => p.tree().expect("tree"),
        None => {
            let empty = repo.treebuilder(None).expect("tb").write().expect("write");
            repo.find_tree(empty).expect("empty tree")
        }
    };
    let tree_id = update.create_updated(repo, &base_tree).expect("tree");
    let tree = repo.find_tree(tree_id).expect("tree");
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(None, &sig(), &sig(), message, &tree, &parents)
        .expect("commit")
}

/// Bytes that do not compress: a history blob a full clone would have to download.
fn incompressible(len: usize) -> Vec<u8> {
    incompressible_seeded(len, 0x9E37_79B9_7F4A_7C15)
}

fn incompressible_seeded(len: usize, seed: u64) -> Vec<u8> {
    let mut x: u64 = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// Size of the history-only blob of the fixture upstream.
pub const HISTORY_BLOB_BYTES: usize = 300_000;
/// Size of a binary file in the fixture upstream's tip.
pub const TIP_BLOB_BYTES: usize = 100_000;

impl FakeGithub {
    pub fn start(opts: FakeOptions) -> FakeGithub {
        let root = tempfile::tempdir().expect("tempdir");
        let upstream_path = root
            .path()
            .join(UPSTREAM_OWNER)
            .join(format!("{REPO_NAME}.git"));
        let upstream = Repository::init_bare(&upstream_path).expect("init upstream");
        // History: the first commit carries a large blob that later commits delete, so a full
        // fetch would be far bigger than the tip.
        let c1 = commit_files(
            &upstream,
            None,
            &[
                ("README.md", Some(b"# Power Platform Connectors\n")),
                (
                    ".github/pull_request_template.md",
                    Some(TEMPLATE.as_bytes()),
                ),
                (
                    "history/recordings.bin",
                    Some(&incompressible(HISTORY_BLOB_BYTES)),
                ),
            ],
            "Initial commit",
        );
        let c2 = commit_files(
            &upstream,
            Some(c1),
            &[
                ("certified-connectors/Contoso Legacy/apiDefinition.swagger.json", Some(br#"{"swagger": "2.0", "info": {"title": "Contoso Legacy", "version": "1.0"}}"#)),
                ("certified-connectors/Contoso Legacy/apiProperties.json", Some(br#"{"properties": {}}"#)),
                ("certified-connectors/Contoso Legacy/readme.md", Some(b"# Contoso Legacy\n")),
                // Binary content that stays in the tip, so the tip is not trivially small.
                (
                    "templates/Independent Publisher/independent-publisher-icon.png",
                    Some(&incompressible_seeded(TIP_BLOB_BYTES, 7)),
                ),
            ],
            "Contoso Legacy (#101)",
        );
        let c3 = commit_files(
            &upstream,
            Some(c2),
            &[
                ("independent-publisher-connectors/Existing Weather/apiDefinition.swagger.json", Some(br#"{"swagger": "2.0", "info": {"title": "Existing Weather", "version": "1.0"}}"#)),
                ("independent-publisher-connectors/Existing Weather/apiProperties.json", Some(br#"{"properties": {}}"#)),
                ("independent-publisher-connectors/Existing Weather/readme.md", Some(b"# Existing Weather\n")),
                ("independent-publisher-connectors/Existing Weather/intro.md", Some(b"Legacy intro\n")),
                ("history/recordings.bin", None),
            ],
            "Existing Weather (Independent Publisher) (#102)",
        );
        let c4 = commit_files(
            &upstream,
            Some(c3),
            &[(
                "README.md",
                Some(b"# Power Platform Connectors\n\nOpen PRs against dev.\n"),
            )],
            "README: target dev (#103)",
        );
        upstream
            .reference("refs/heads/dev", c4, true, "fixture")
            .expect("dev");
        upstream
            .reference("refs/heads/master", c1, true, "fixture: stale master")
            .expect("master");
        upstream.set_head("refs/heads/dev").expect("HEAD -> dev");

        let token = make_token();
        let mut state = State {
            opts: opts.clone(),
            log: Vec::new(),
            pulls: Vec::new(),
            fork_exists: false,
            not_a_fork: opts.fork == ForkSetup::NotAFork,
            ready_countdown: 0,
            forks_created: 0,
            faults: Vec::new(),
            pr_502_pending: opts.pr_create_then_502,
            pr_race_pending: opts.pr_create_race,
            head_invisible: opts.head_invisible,
        };
        match opts.fork {
            ForkSetup::Missing => {}
            ForkSetup::NotAFork => {
                let path = root.path().join(LOGIN).join(format!("{REPO_NAME}.git"));
                let own = Repository::init_bare(&path).expect("init own repo");
                let c = commit_files(&own, None, &[("notes.md", Some(b"mine\n"))], "mine");
                own.reference("refs/heads/main", c, true, "own")
                    .expect("main");
            }
            setup => {
                let fork = make_fork(root.path(), opts.reject_push.as_deref());
                let dev = match setup {
                    ForkSetup::Stale => c3,
                    ForkSetup::Diverged => commit_files(
                        &fork,
                        Some(c3),
                        &[("my-notes.md", Some(b"my own notes on my fork's dev\n"))],
                        "My notes",
                    ),
                    _ => c4,
                };
                fork.reference("refs/heads/dev", dev, true, "fixture")
                    .expect("fork dev");
                state.fork_exists = true;
            }
        }

        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind loopback"));
        let port = server.server_addr().to_ip().expect("ip address").port();
        let base_url = format!("http://127.0.0.1:{port}");
        let state = Arc::new(Mutex::new(state));
        let backend = http_backend();
        let ctx = Ctx {
            root: root.path().to_path_buf(),
            base_url: base_url.clone(),
            token: token.clone(),
            state: state.clone(),
            backend,
            file_clone_urls: opts.file_clone_urls,
        };
        let thread_server = server.clone();
        let thread = std::thread::spawn(move || {
            for request in thread_server.incoming_requests() {
                ctx.handle(request);
            }
        });
        FakeGithub {
            api_url: format!("{base_url}/api/v3"),
            token,
            root,
            state,
            server,
            thread: Some(thread),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn log(&self) -> Vec<LogEntry> {
        self.lock().log.clone()
    }

    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    pub fn pulls(&self) -> Vec<PullRec> {
        self.lock().pulls.clone()
    }

    pub fn forks_created(&self) -> usize {
        self.lock().forks_created
    }

    pub fn fail_next(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    /// Edits a pull request as a person on github.com would.
    pub fn edit_pull(&self, number: u64, f: impl FnOnce(&mut PullRec)) {
        let mut s = self.lock();
        if let Some(p) = s.pulls.iter_mut().find(|p| p.number == number) {
            f(p);
        }
    }

    pub fn upstream_repo(&self) -> Repository {
        Repository::open_bare(self.repo_path(UPSTREAM_OWNER)).expect("upstream")
    }

    pub fn fork_repo(&self) -> Repository {
        Repository::open_bare(self.repo_path(LOGIN)).expect("fork")
    }

    pub fn repo_path(&self, owner: &str) -> PathBuf {
        self.root
            .path()
            .join(owner)
            .join(format!("{REPO_NAME}.git"))
    }

    /// Everything the fake saw, as one text (for the token check).
    pub fn log_text(&self) -> String {
        self.log()
            .iter()
            .map(|e| {
                format!(
                    "{} {}?{} {} {}\n",
                    e.method, e.path, e.query, e.headers, e.body
                )
            })
            .collect()
    }

    /// The pack of upstream's tip commit with its whole tree: what a depth-1 fetch must carry.
    pub fn tip_pack_bytes(&self) -> usize {
        let repo = self.upstream_repo();
        let tip = repo.refname_to_id("refs/heads/dev").expect("dev");
        let mut pb = repo.packbuilder().expect("packbuilder");
        pb.insert_commit(tip).expect("insert commit");
        let mut buf = git2::Buf::new();
        pb.write_buf(&mut buf).expect("pack");
        buf.len()
    }

    /// The pack of upstream's whole `dev` history: what a fetch without depth would carry.
    pub fn history_pack_bytes(&self) -> usize {
        let repo = self.upstream_repo();
        let mut walk = repo.revwalk().expect("revwalk");
        walk.push_ref("refs/heads/dev").expect("dev");
        let mut pb = repo.packbuilder().expect("packbuilder");
        pb.insert_walk(&mut walk).expect("insert walk");
        let mut buf = git2::Buf::new();
        pb.write_buf(&mut buf).expect("pack");
        buf.len()
    }
}

impl Drop for FakeGithub {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A bare fork sharing the upstream's objects, optionally with a declining pre-receive hook.
fn make_fork(root: &Path, reject: Option<&str>) -> Repository {
    let path = root.join(LOGIN).join(format!("{REPO_NAME}.git"));
    let fork = Repository::init_bare(&path).expect("init fork");
    let upstream_objects = root
        .join(UPSTREAM_OWNER)
        .join(format!("{REPO_NAME}.git"))
        .join("objects");
    std::fs::write(
        path.join("objects/info/alternates"),
        format!("{}\n", upstream_objects.display()),
    )
    .expect("alternates");
    fork.set_head("refs/heads/dev").expect("HEAD");
    if let Some(message) = reject {
        let hook = path.join("hooks/pre-receive");
        std::fs::create_dir_all(path.join("hooks")).expect("hooks");
        let quoted = message.replace('\'', "'\\''");
        std::fs::write(&hook, format!("#!/bin/sh\necho '{quoted}' >&2\nexit 1\n")).expect("hook");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
    }
    // Reopen so the alternates are seen.
    Repository::open_bare(&path).expect("reopen fork")
}

struct Ctx {
    root: PathBuf,
    base_url: String,
    token: String,
    state: Arc<Mutex<State>>,
    backend: Option<PathBuf>,
    file_clone_urls: bool,
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn json(status: u16, value: Value) -> Reply {
        Reply {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            )],
            body: value.to_string().into_bytes(),
        }
    }
    fn error(status: u16, message: &str) -> Reply {
        Reply::json(
            status,
            json!({"message": message, "documentation_url": "https://docs.github.com/rest"}),
        )
    }
}

impl Ctx {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn handle(&self, mut request: tiny_http::Request) {
        let method = request.method().as_str().to_uppercase();
        let url = request.url().to_owned();
        let (path, query) = match url.split_once('?') {
            Some((p, q)) => (p.to_owned(), q.to_owned()),
            None => (url.clone(), String::new()),
        };
        let mut headers: HashMap<String, String> = HashMap::new();
        let mut header_text = String::new();
        for h in request.headers() {
            let name = h.field.as_str().as_str().to_ascii_lowercase();
            let value = h.value.as_str().to_owned();
            if name != "authorization" {
                header_text.push_str(&format!("{name}: {value}; "));
            }
            headers.insert(name, value);
        }
        let mut body = Vec::new();
        let _ = request.as_reader().read_to_end(&mut body);
        let auth_header = headers.get("authorization").cloned().unwrap_or_default();
        let auth: &'static str =
            if auth_header.starts_with("Bearer ") || auth_header.starts_with("token ") {
                "bearer"
            } else if auth_header.starts_with("Basic ") {
                "basic"
            } else {
                "none"
            };

        let is_rest = path.starts_with("/api/v3/") || path == "/api/v3";
        let reply = if is_rest {
            self.rest(
                &method,
                &path["/api/v3".len()..],
                &query,
                &auth_header,
                &body,
            )
        } else if path.contains(".git/") {
            self.git(&method, &path, &query, &headers, &auth_header, body.clone())
        } else {
            Reply::error(404, "Not Found")
        };

        {
            let mut s = self.lock();
            s.log.push(LogEntry {
                method: method.clone(),
                path: path.clone(),
                query: query.clone(),
                auth,
                status: reply.status,
                request_bytes: body.len(),
                response_bytes: reply.body.len(),
                headers: header_text,
                body: if is_rest {
                    String::from_utf8_lossy(&body).into_owned()
                } else {
                    String::new()
                },
            });
        }
        let mut response =
            tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
        for (name, value) in reply.headers {
            if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(h);
            }
        }
        let _ = request.respond(response);
    }

    fn authorized_bearer(&self, auth: &str) -> bool {
        auth.strip_prefix("Bearer ")
            .or_else(|| auth.strip_prefix("token "))
            .is_some_and(|t| t == self.token)
    }

    fn author(&self, login: &str, id: u64) -> Value {
        let b = &self.base_url;
        json!({
            "login": login, "id": id, "node_id": format!("U_{id}"),
            "avatar_url": format!("{b}/avatars/{login}"), "gravatar_id": "",
            "url": format!("{b}/api/v3/users/{login}"), "html_url": format!("{b}/{login}"),
            "followers_url": format!("{b}/api/v3/users/{login}/followers"),
            "following_url": format!("{b}/api/v3/users/{login}/following{{/other_user}}"),
            "gists_url": format!("{b}/api/v3/users/{login}/gists{{/gist_id}}"),
            "starred_url": format!("{b}/api/v3/users/{login}/starred{{/owner}}{{/repo}}"),
            "subscriptions_url": format!("{b}/api/v3/users/{login}/subscriptions"),
            "organizations_url": format!("{b}/api/v3/users/{login}/orgs"),
            "repos_url": format!("{b}/api/v3/users/{login}/repos"),
            "events_url": format!("{b}/api/v3/users/{login}/events{{/privacy}}"),
            "received_events_url": format!("{b}/api/v3/users/{login}/received_events"),
            "type": if login == UPSTREAM_OWNER { "Organization" } else { "User" },
            "site_admin": false,
            "name": if login == LOGIN { json!("Octo Author") } else { Value::Null },
        })
    }

    fn repo_json(&self, owner: &str, fork: bool) -> Value {
        let b = &self.base_url;
        let full = format!("{owner}/{REPO_NAME}");
        let id = if owner == UPSTREAM_OWNER { 1 } else { 2 };
        let clone_url = if self.file_clone_urls {
            format!(
                "file://{}",
                self.root
                    .join(owner)
                    .join(format!("{REPO_NAME}.git"))
                    .display()
            )
        } else {
            format!("{b}/{full}.git")
        };
        let mut v = json!({
            "id": id, "node_id": format!("R_{id}"), "name": REPO_NAME, "full_name": full,
            "owner": self.author(owner, if owner == UPSTREAM_OWNER { 6154722 } else { USER_ID }),
            "private": false, "html_url": format!("{b}/{full}"), "description": "Connectors",
            "fork": fork, "url": format!("{b}/api/v3/repos/{full}"),
            "clone_url": clone_url, "git_url": format!("git://127.0.0.1/{full}.git"),
            "default_branch": if owner == LOGIN && !fork { "main" } else { "dev" },
            "visibility": "public", "archived": false, "disabled": false,
        });
        if fork {
            let parent = self.repo_json(UPSTREAM_OWNER, false);
            v["parent"] = parent.clone();
            v["source"] = parent;
        }
        v
    }

    fn pull_json(&self, p: &PullRec) -> Value {
        let b = &self.base_url;
        let up = format!("{UPSTREAM_OWNER}/{REPO_NAME}");
        let head_sha =
            Repository::open_bare(self.root.join(LOGIN).join(format!("{REPO_NAME}.git")))
                .ok()
                .and_then(|r| r.refname_to_id(&format!("refs/heads/{}", p.head_ref)).ok())
                .map(|o| o.to_string())
                .unwrap_or_else(|| "0".repeat(40));
        json!({
            "id": 9000 + p.number, "node_id": format!("PR_{}", p.number), "number": p.number,
            "url": format!("{b}/api/v3/repos/{up}/pulls/{}", p.number),
            "html_url": format!("{b}/{up}/pull/{}", p.number),
            "state": if p.open { "open" } else { "closed" },
            "locked": false, "title": p.title, "body": p.body, "draft": false,
            "user": self.author(LOGIN, USER_ID),
            "created_at": "2024-10-23T10:00:00Z", "updated_at": "2024-10-23T10:00:00Z",
            "closed_at": if p.open { Value::Null } else { json!("2024-10-24T10:00:00Z") },
            "merged_at": if p.merged { json!("2024-10-24T10:00:00Z") } else { Value::Null },
            "maintainer_can_modify": p.maintainer_can_modify,
            "head": {"label": p.head_label, "ref": p.head_ref, "sha": head_sha,
                     "user": self.author(LOGIN, USER_ID), "repo": self.repo_json(LOGIN, true)},
            "base": {"label": format!("{UPSTREAM_OWNER}:{}", p.base_ref), "ref": p.base_ref,
                     "sha": "0".repeat(40), "user": self.author(UPSTREAM_OWNER, 6154722),
                     "repo": self.repo_json(UPSTREAM_OWNER, false)},
        })
    }

    fn ref_json(&self, owner: &str, branch: &str, sha: &str) -> Value {
        let b = &self.base_url;
        let full = format!("{owner}/{REPO_NAME}");
        json!({
            "ref": format!("refs/heads/{branch}"), "node_id": "REF_1",
            "url": format!("{b}/api/v3/repos/{full}/git/refs/heads/{branch}"),
            "object": {"type": "commit", "sha": sha, "url": format!("{b}/api/v3/repos/{full}/git/commits/{sha}")},
        })
    }

    fn repo_on_disk(&self, owner: &str) -> Option<Repository> {
        Repository::open_bare(self.root.join(owner).join(format!("{REPO_NAME}.git"))).ok()
    }

    fn rest(&self, method: &str, path: &str, query: &str, auth: &str, body: &[u8]) -> Reply {
        if !self.authorized_bearer(auth) {
            return Reply::error(401, "Bad credentials");
        }
        {
            let mut s = self.lock();
            if let Some(i) = s
                .faults
                .iter()
                .position(|f| f.method == method && path.starts_with(&f.path_prefix))
            {
                let f = s.faults.remove(i);
                // A success status carries the body verbatim (a malformed answer); an error
                // status carries it as GitHub's `message`.
                let mut r = if f.status < 300 {
                    Reply {
                        status: f.status,
                        headers: vec![("Content-Type".into(), "application/json".into())],
                        body: f.body.into_bytes(),
                    }
                } else {
                    Reply::error(f.status, &f.body)
                };
                r.headers.extend(f.headers);
                return r;
            }
        }
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        match (method, parts.as_slice()) {
            ("GET", ["user"]) => {
                let mut r = Reply::json(200, self.author(LOGIN, USER_ID));
                if let Some(scopes) = self.lock().opts.oauth_scopes.clone() {
                    r.headers.push(("X-OAuth-Scopes".into(), scopes));
                }
                r
            }
            ("GET", ["repos", owner, name]) if *name == REPO_NAME => {
                let (fork_exists, not_a_fork) = {
                    let s = self.lock();
                    (s.fork_exists, s.not_a_fork)
                };
                match *owner {
                    UPSTREAM_OWNER => Reply::json(200, self.repo_json(UPSTREAM_OWNER, false)),
                    LOGIN if fork_exists => Reply::json(200, self.repo_json(LOGIN, true)),
                    LOGIN if not_a_fork => Reply::json(200, self.repo_json(LOGIN, false)),
                    _ => Reply::error(404, "Not Found"),
                }
            }
            ("POST", ["repos", UPSTREAM_OWNER, name, "forks"]) if *name == REPO_NAME => {
                let mut s = self.lock();
                if !s.fork_exists {
                    let fork = make_fork(&self.root, s.opts.reject_push.as_deref());
                    let Some(up) = self.repo_on_disk(UPSTREAM_OWNER) else {
                        return Reply::error(500, "no upstream");
                    };
                    let Ok(dev) = up.refname_to_id("refs/heads/dev") else {
                        return Reply::error(500, "no dev");
                    };
                    let _ = fork.reference("refs/heads/dev", dev, true, "fork");
                    s.fork_exists = true;
                    s.forks_created += 1;
                    s.ready_countdown = if s.opts.never_ready {
                        usize::MAX
                    } else {
                        s.opts.not_ready_polls
                    };
                }
                drop(s);
                Reply::json(202, self.repo_json(LOGIN, true))
            }
            ("GET", ["repos", owner, name, "git", "ref", "heads", branch @ ..])
                if *name == REPO_NAME =>
            {
                let branch = branch.join("/");
                if *owner == LOGIN {
                    let mut s = self.lock();
                    if !s.fork_exists {
                        return Reply::error(404, "Not Found");
                    }
                    if s.ready_countdown > 0 {
                        s.ready_countdown -= 1;
                        return Reply::error(409, "Git Repository is empty.");
                    }
                }
                let Some(repo) = self.repo_on_disk(owner) else {
                    return Reply::error(404, "Not Found");
                };
                match repo.refname_to_id(&format!("refs/heads/{branch}")) {
                    Ok(oid) => Reply::json(200, self.ref_json(owner, &branch, &oid.to_string())),
                    Err(_) => Reply::error(404, "Not Found"),
                }
            }
            ("POST", ["repos", LOGIN, name, "merge-upstream"]) if *name == REPO_NAME => {
                let branch = body["branch"].as_str().unwrap_or("dev").to_owned();
                self.merge_upstream(&branch)
            }
            ("GET", ["repos", UPSTREAM_OWNER, name, "pulls"]) if *name == REPO_NAME => {
                let q = parse_query(query);
                let pulls = self.lock().pulls.clone();
                let list: Vec<Value> = pulls
                    .iter()
                    .filter(|p| match q.get("state").map(String::as_str) {
                        Some("all") => true,
                        Some("closed") => !p.open,
                        _ => p.open,
                    })
                    .filter(|p| q.get("head").is_none_or(|h| *h == p.head_label))
                    .filter(|p| q.get("base").is_none_or(|b| *b == p.base_ref))
                    .map(|p| self.pull_json(p))
                    .collect();
                Reply::json(200, Value::Array(list))
            }
            ("POST", ["repos", UPSTREAM_OWNER, name, "pulls"]) if *name == REPO_NAME => {
                self.create_pull(&body)
            }
            ("PATCH", ["repos", UPSTREAM_OWNER, name, "pulls", number]) if *name == REPO_NAME => {
                let Ok(number) = number.parse::<u64>() else {
                    return Reply::error(404, "Not Found");
                };
                let mut s = self.lock();
                let Some(p) = s.pulls.iter_mut().find(|p| p.number == number) else {
                    return Reply::error(404, "Not Found");
                };
                if let Some(t) = body["title"].as_str() {
                    p.title = t.to_owned();
                }
                if let Some(b) = body["body"].as_str() {
                    p.body = b.to_owned();
                }
                if let Some(st) = body["state"].as_str() {
                    p.open = st == "open";
                }
                let p = p.clone();
                drop(s);
                Reply::json(200, self.pull_json(&p))
            }
            _ => Reply::error(404, "Not Found"),
        }
    }

    fn merge_upstream(&self, branch: &str) -> Reply {
        let (Some(up), Some(fork)) = (self.repo_on_disk(UPSTREAM_OWNER), self.repo_on_disk(LOGIN))
        else {
            return Reply::error(404, "Not Found");
        };
        let refname = format!("refs/heads/{branch}");
        let (Ok(up_tip), Ok(fork_tip)) = (up.refname_to_id(&refname), fork.refname_to_id(&refname))
        else {
            return Reply::error(422, "Branch not found");
        };
        if up_tip == fork_tip {
            return Reply::json(
                200,
                json!({"message": "This branch is not behind the upstream", "merge_type": "none", "base_branch": format!("{UPSTREAM_OWNER}:{branch}")}),
            );
        }
        match fork.graph_descendant_of(up_tip, fork_tip) {
            Ok(true) => {
                let _ = fork.reference(&refname, up_tip, true, "merge-upstream");
                Reply::json(
                    200,
                    json!({"message": "Successfully fetched and fast-forwarded from upstream", "merge_type": "fast-forward", "base_branch": format!("{UPSTREAM_OWNER}:{branch}")}),
                )
            }
            _ => Reply::error(409, "There are merge conflicts"),
        }
    }

    fn create_pull(&self, body: &Value) -> Reply {
        let validation = |field: &str, message: Option<&str>| {
            let mut e = json!({"resource": "PullRequest", "field": field, "code": "invalid"});
            if let Some(m) = message {
                e = json!({"resource": "PullRequest", "code": "custom", "message": m});
            }
            Reply::json(
                422,
                json!({"message": "Validation Failed", "errors": [e], "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"}),
            )
        };
        let title = body["title"].as_str().unwrap_or_default().to_owned();
        let head = body["head"].as_str().unwrap_or_default().to_owned();
        let base = body["base"].as_str().unwrap_or_default().to_owned();
        let text = body["body"].as_str().unwrap_or_default().to_owned();
        let Some((owner, branch)) = head.split_once(':') else {
            return validation("head", None);
        };
        let mut s = self.lock();
        if s.head_invisible > 0 {
            s.head_invisible -= 1;
            return validation("head", None);
        }
        let exists = owner == LOGIN
            && self
                .repo_on_disk(LOGIN)
                .is_some_and(|r| r.refname_to_id(&format!("refs/heads/{branch}")).is_ok());
        if !exists {
            return validation("head", None);
        }
        if s.pulls
            .iter()
            .any(|p| p.open && p.head_label == head && p.base_ref == base)
        {
            return validation(
                "",
                Some(&format!("A pull request already exists for {head}.")),
            );
        }
        let number = 100 + s.pulls.len() as u64 + 1;
        let rec = PullRec {
            number,
            title,
            body: text,
            head_label: head.clone(),
            head_ref: branch.to_owned(),
            base_ref: base,
            open: true,
            merged: false,
            maintainer_can_modify: body["maintainer_can_modify"].as_bool().unwrap_or(false),
        };
        s.pulls.push(rec.clone());
        if s.pr_502_pending {
            s.pr_502_pending = false;
            return Reply::error(502, "Server Error");
        }
        if s.pr_race_pending {
            s.pr_race_pending = false;
            return validation(
                "",
                Some(&format!("A pull request already exists for {head}.")),
            );
        }
        drop(s);
        Reply::json(201, self.pull_json(&rec))
    }

    fn git(
        &self,
        method: &str,
        path: &str,
        query: &str,
        headers: &HashMap<String, String>,
        auth: &str,
        body: Vec<u8>,
    ) -> Reply {
        let Some(backend) = &self.backend else {
            return Reply::error(500, "git-http-backend is not installed");
        };
        let user = auth
            .strip_prefix("Basic ")
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .ok()
            })
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|up| {
                up.split_once(':')
                    .map(|(u, p)| (u.to_owned(), p.to_owned()))
            })
            .filter(|(_, p)| *p == self.token)
            .map(|(u, _)| u);
        let receive =
            path.ends_with("/git-receive-pack") || query.contains("service=git-receive-pack");
        if (receive || !auth.is_empty()) && user.is_none() {
            return Reply {
                status: 401,
                headers: vec![(
                    "WWW-Authenticate".into(),
                    "Basic realm=\"fake GitHub\"".into(),
                )],
                body: b"Authentication required\n".to_vec(),
            };
        }
        let home = self.root.join(".home");
        let _ = std::fs::create_dir_all(&home);
        let mut cmd = Command::new(backend);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("GIT_PROJECT_ROOT", &self.root)
            .env("GIT_HTTP_EXPORT_ALL", "1")
            .env("PATH_INFO", path)
            .env("REQUEST_METHOD", method)
            .env("QUERY_STRING", query)
            .env("CONTENT_LENGTH", body.len().to_string())
            .env("REMOTE_ADDR", "127.0.0.1")
            .env("HOME", &home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(ct) = headers.get("content-type") {
            cmd.env("CONTENT_TYPE", ct);
        }
        if let Some(p) = headers.get("git-protocol") {
            cmd.env("GIT_PROTOCOL", p);
        }
        if let Some(enc) = headers.get("content-encoding") {
            cmd.env("HTTP_CONTENT_ENCODING", enc);
        }
        if let Some(u) = &user {
            cmd.env("REMOTE_USER", u);
        }
        let Ok(mut child) = cmd.spawn() else {
            return Reply::error(500, "cannot run git-http-backend");
        };
        // Feed stdin from another thread: a large body and a large answer would deadlock.
        let stdin = child.stdin.take();
        let writer = std::thread::spawn(move || {
            if let Some(mut stdin) = stdin {
                let _ = stdin.write_all(&body);
            }
        });
        let mut out = Vec::new();
        if let Some(mut stdout) = child.stdout.take() {
            let _ = stdout.read_to_end(&mut out);
        }
        let _ = writer.join();
        let _ = child.wait();
        parse_cgi(&out)
    }
}

fn parse_cgi(out: &[u8]) -> Reply {
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| out.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2)));
    let Some((end, sep)) = split else {
        return Reply::error(502, "bad CGI answer");
    };
    let head = String::from_utf8_lossy(&out[..end]);
    let mut status = 200;
    let mut headers = Vec::new();
    for line in head.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_owned();
        if name.eq_ignore_ascii_case("status") {
            status = value
                .split_whitespace()
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or(500);
        } else {
            headers.push((name.trim().to_owned(), value));
        }
    }
    Reply {
        status,
        headers,
        body: out[end + sep..].to_vec(),
    }
}

fn parse_query(query: &str) -> HashMap<String, String> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (percent_decode(k), percent_decode(v)))
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
