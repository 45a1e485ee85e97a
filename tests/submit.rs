//! `ppcert submit` end to end against a fake GitHub (see `support/fake_github.rs`): the real
//! binary, octocrab and libgit2 on one side; a stateful REST fake and Debian's real
//! git-http-backend on the other, over loopback only.
//!
//! Every run is checked for the token in stdout, stderr, the fake's request log and the files
//! ppcert wrote (cache, home), failures included.

mod support;

use git2::{Oid, Repository};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::fake_github::{
    FakeGithub, FakeOptions, Fault, ForkSetup, LOGIN, LogEntry, http_backend,
};

const IP_SAMPLE: &str = "samples/independent-publisher-connectors/Fabrikam Weather";
const CERTIFIED_SAMPLE: &str = "samples/certified-connectors/Contoso Tasks";
const FAILING_IP_SAMPLE: &str = "samples/failing/independent-publisher-connectors/Bad Weather";
const SCRIPT: &str = "public class Script : ScriptBase\n{\n    public override async Task<HttpResponseMessage> ExecuteAsync()\n    {\n        return await this.Context.SendAsync(this.Context.Request, this.CancellationToken).ConfigureAwait(false);\n    }\n}\n";
const IP_REPO_PATH: &str = "independent-publisher-connectors/Fabrikam Weather";

struct Env {
    fake: FakeGithub,
    work: tempfile::TempDir,
}

/// A fake GitHub and a scratch folder, or `None` (the test is skipped, saying why) when
/// git-http-backend is not installed.
fn setup(opts: FakeOptions) -> Option<Env> {
    if http_backend().is_none() {
        eprintln!(
            "skipping: git-http-backend not found (`git --exec-path`); install Debian's git package"
        );
        return None;
    }
    Some(Env {
        fake: FakeGithub::start(opts),
        work: tempfile::tempdir().expect("tempdir"),
    })
}

impl Env {
    /// Copies a sample connector into `<work>/<kind folder>/<name>` and returns that folder.
    fn connector(&self, sample: &str) -> PathBuf {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(sample);
        let name = src.file_name().expect("name");
        let kind = src.parent().and_then(|p| p.file_name()).expect("kind");
        let dst = self.work.path().join("src").join(kind).join(name);
        std::fs::create_dir_all(&dst).expect("mkdir");
        for entry in std::fs::read_dir(&src).expect("read sample") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), dst.join(entry.file_name())).expect("copy");
        }
        dst
    }

    fn cache_dir(&self) -> PathBuf {
        self.work.path().join("cache")
    }

    /// Copies a sample connector into `<work>/src/<parents>/<name>` (e.g. under
    /// `custom-connectors`, or under no track folder at all) and returns that folder.
    fn connector_at(&self, sample: &str, parents: &str) -> PathBuf {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(sample);
        let dst = self
            .work
            .path()
            .join("src")
            .join(parents)
            .join(src.file_name().expect("name"));
        std::fs::create_dir_all(&dst).expect("mkdir");
        for entry in std::fs::read_dir(&src).expect("read sample") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), dst.join(entry.file_name())).expect("copy");
        }
        dst
    }

    /// Runs `ppcert submit FOLDER ARGS` on a pseudo-terminal (`script`, from util-linux, gives
    /// ppcert one for stdin and stderr), typing `answers`; `None` (the test is skipped, saying
    /// so) without `script`. The terminal's output, stderr included, is in stdout.
    fn in_terminal(&self, folder: &Path, args: &[&str], answers: &[u8]) -> Option<Output> {
        if Command::new("script").arg("--version").output().is_err() {
            eprintln!("skipping: `script` (util-linux) is not installed");
            return None;
        }
        let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
        let mut words = vec![
            env!("CARGO_BIN_EXE_ppcert").to_owned(),
            "submit".into(),
            folder.to_string_lossy().into_owned(),
            "--color".into(),
            "never".into(),
            "--api-url".into(),
            self.fake.api_url.clone(),
            "--cache-dir".into(),
            self.cache_dir().to_string_lossy().into_owned(),
        ];
        words.extend(args.iter().map(|a| (*a).to_owned()));
        let command = words.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" ");
        let home = self.work.path().join("home");
        std::fs::create_dir_all(&home).expect("home");
        let mut child = Command::new("script")
            .args(["-q", "-e", "-c", &command, "/dev/null"])
            .env("GITHUB_TOKEN", &self.fake.token)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GH_TOKEN")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("script runs");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(answers).expect("answers");
        }
        let out = child.wait_with_output().expect("script ends");
        self.assert_no_leak(&out, &self.fake.token);
        Some(out)
    }

    /// Runs `ppcert submit FOLDER ARGS` with the fake's token in GITHUB_TOKEN.
    fn submit(&self, folder: &Path, args: &[&str]) -> Output {
        self.submit_with(folder, args, &[("GITHUB_TOKEN", &self.fake.token)])
    }

    fn submit_with(&self, folder: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
        let home = self.work.path().join("home");
        std::fs::create_dir_all(&home).expect("home");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ppcert"));
        cmd.arg("submit").arg(folder).args(["--color", "never"]);
        let cache = self.cache_dir();
        let defaults = [
            ("--api-url", self.fake.api_url.as_str()),
            ("--cache-dir", cache.to_str().expect("utf-8 path")),
            ("--fork-timeout", "5"),
        ];
        for (flag, value) in defaults {
            if !args.contains(&flag) {
                cmd.args([flag, value]);
            }
        }
        cmd.args(args)
            .stdin(Stdio::null())
            // A developer's git configuration (insteadOf, proxies) must not leak in.
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GITHUB_TOKEN")
            .env_remove("GH_TOKEN")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("GITHUB_ACTIONS")
            .env_remove("HTTP_PROXY")
            .env_remove("HTTPS_PROXY")
            .env_remove("http_proxy")
            .env_remove("https_proxy");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("ppcert runs");
        self.assert_no_leak(&out, &self.fake.token);
        out
    }

    /// The token is nowhere: not in stdout, stderr, the fake's log (URLs, headers other than
    /// Authorization, bodies), nor in any file ppcert wrote.
    fn assert_no_leak(&self, out: &Output, secret: &str) {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "ppcert panicked:\n{stderr}");
        assert!(!stdout.contains(secret), "token in stdout:\n{stdout}");
        assert!(!stderr.contains(secret), "token in stderr:\n{stderr}");
        assert!(
            !self.fake.log_text().contains(secret),
            "token in a URL, header or body seen by the server"
        );
        for file in files_under(self.work.path()) {
            let bytes = std::fs::read(&file).unwrap_or_default();
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "token written to {}",
                file.display()
            );
        }
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn expect_code(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

fn writes(log: &[LogEntry]) -> Vec<String> {
    log.iter()
        .filter(|e| e.is_write())
        .map(|e| format!("{} {}", e.method, e.path))
        .collect()
}

fn count(log: &[LogEntry], method: &str, path_suffix: &str) -> usize {
    log.iter()
        .filter(|e| e.method == method && e.path.ends_with(path_suffix))
        .count()
}

fn branch_tip(repo: &Repository, branch: &str) -> Oid {
    repo.refname_to_id(&format!("refs/heads/{branch}"))
        .unwrap_or_else(|_| panic!("branch {branch}"))
}

/// (status, path) of the files a commit changes against its parent.
fn changed(repo: &Repository, commit: Oid) -> Vec<(char, String)> {
    let c = repo.find_commit(commit).expect("commit");
    let parent = c.parent(0).expect("parent").tree().expect("tree");
    let diff = repo
        .diff_tree_to_tree(Some(&parent), Some(&c.tree().expect("tree")), None)
        .expect("diff");
    let mut out: Vec<(char, String)> = diff
        .deltas()
        .map(|d| {
            let s = match d.status() {
                git2::Delta::Added => 'A',
                git2::Delta::Deleted => 'D',
                _ => 'M',
            };
            let p = d.new_file().path().or(d.old_file().path()).expect("path");
            (s, p.to_string_lossy().into_owned())
        })
        .collect();
    out.sort();
    out
}

fn blob_text(repo: &Repository, commit: Oid, path: &str) -> Option<String> {
    let tree = repo.find_commit(commit).ok()?.tree().ok()?;
    let entry = tree.get_path(Path::new(path)).ok()?;
    let blob = repo.find_blob(entry.id()).ok()?;
    Some(String::from_utf8_lossy(blob.content()).into_owned())
}

fn upstream_refs(fake: &FakeGithub) -> Vec<(String, Oid)> {
    let repo = fake.upstream_repo();
    let mut refs: Vec<(String, Oid)> = repo
        .references()
        .expect("refs")
        .flatten()
        .filter_map(|r| Some((r.name().ok()?.to_owned(), r.target()?)))
        .collect();
    refs.sort();
    refs
}

// 1. First submission.
#[test]
fn first_submission_forks_pushes_one_branch_and_opens_the_pull_request() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let upstream_before = upstream_refs(&env.fake);
    let upstream_tip = env
        .fake
        .upstream_repo()
        .refname_to_id("refs/heads/dev")
        .expect("dev");

    let out = env.submit(&folder, &[]);
    expect_code(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("All checks passed (1 connector)."), "{text}");
    assert!(text.contains("opened pull request #101"), "{text}");
    assert!(
        text.contains("/microsoft/PowerPlatformConnectors/pull/101"),
        "{text}"
    );
    assert!(text.contains("paste screenshots"), "{text}");

    // The pull request: into dev, from <login>:<slug>, the IP title, the template unticked.
    let pulls = env.fake.pulls();
    assert_eq!(pulls.len(), 1);
    let pr = &pulls[0];
    assert_eq!(pr.base_ref, "dev");
    assert_eq!(pr.head_label, format!("{LOGIN}:fabrikam-weather"));
    assert_eq!(pr.title, "Fabrikam Weather (Independent Publisher)");
    assert!(pr.maintainer_can_modify);
    assert_eq!(pr.body.matches("- [ ] ").count(), 10, "{}", pr.body);
    assert!(
        !pr.body.contains("[x]"),
        "ticked without consent:\n{}",
        pr.body
    );
    assert!(pr.body.contains("### Checked with ppcert"), "{}", pr.body);
    assert!(pr.body.contains("0 errors, 0 warnings"), "{}", pr.body);
    assert!(!pr.body.contains("--force"), "{}", pr.body);

    // The branch: upstream's dev tip plus exactly the connector folder.
    let fork = env.fake.fork_repo();
    let tip = branch_tip(&fork, "fabrikam-weather");
    let commit = fork.find_commit(tip).expect("commit");
    assert_eq!(commit.parent_ids().collect::<Vec<_>>(), vec![upstream_tip]);
    assert_eq!(
        changed(&fork, tip),
        vec![
            ('A', format!("{IP_REPO_PATH}/apiDefinition.swagger.json")),
            ('A', format!("{IP_REPO_PATH}/apiProperties.json")),
            ('A', format!("{IP_REPO_PATH}/readme.md")),
        ]
    );
    let local = std::fs::read_to_string(folder.join("readme.md")).expect("readme");
    assert_eq!(
        blob_text(&fork, tip, &format!("{IP_REPO_PATH}/readme.md")).as_deref(),
        Some(local.as_str())
    );
    let author = commit.author();
    assert_eq!(
        author.email(),
        Ok(format!("4242+{LOGIN}@users.noreply.127.0.0.1").as_str())
    );
    assert_eq!(env.fake.forks_created(), 1);
    assert_eq!(
        upstream_refs(&env.fake),
        upstream_before,
        "upstream touched"
    );

    // Depth 1 over smart HTTP: the cache is shallow and holds no history.
    let cache = std::fs::read_dir(env.cache_dir())
        .expect("cache dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "git"))
        .expect("cache repo");
    let cache = Repository::open_bare(cache).expect("open cache");
    assert!(cache.is_shallow());

    // Bytes moved: the tip (not the history) down, the connector up.
    let log = env.fake.log();
    let fetched: usize = log
        .iter()
        .filter(|e| e.method == "POST" && e.path.ends_with("/git-upload-pack"))
        .map(|e| e.response_bytes)
        .sum();
    let advertised: usize = log
        .iter()
        .filter(|e| e.method == "GET" && e.path.ends_with("/info/refs"))
        .map(|e| e.response_bytes)
        .sum();
    let pushed: usize = log
        .iter()
        .filter(|e| e.is_receive_pack() && e.method == "POST")
        .map(|e| e.request_bytes)
        .sum();
    // The token went only where it is needed: the API, and the push (Basic auth after the
    // server's 401); fetches stayed anonymous.
    for e in &log {
        let expected = if e.path.starts_with("/api/v3") {
            "bearer"
        } else if e.method == "POST" && e.is_receive_pack() && e.status == 200 {
            "basic"
        } else if e.is_receive_pack() {
            e.auth
        } else {
            "none"
        };
        assert_eq!(e.auth, expected, "{} {}?{}", e.method, e.path, e.query);
    }
    let tip_pack = env.fake.tip_pack_bytes();
    let history_pack = env.fake.history_pack_bytes();
    let connector_bytes: u64 = [
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "readme.md",
    ]
    .iter()
    .map(|f| std::fs::metadata(folder.join(f)).expect("file").len())
    .sum();
    let rest: Vec<String> = log
        .iter()
        .filter(|e| e.path.starts_with("/api/v3"))
        .map(|e| format!("{} {} -> {}", e.method, e.path, e.status))
        .collect();
    eprintln!(
        "first submission: {} REST calls; fetched {fetched} bytes of upload-pack (+{advertised} of ref advertisements) against a tip pack of {tip_pack} bytes (the whole history packs to {history_pack}); pushed {pushed} bytes for {connector_bytes} bytes of connector files\n{}",
        rest.len(),
        rest.join("\n")
    );
    assert!(
        fetched <= tip_pack + 4096,
        "fetched {fetched}, tip {tip_pack}"
    );
    assert!(fetched < history_pack, "history was fetched: {fetched}");
    assert!(
        pushed as u64 <= connector_bytes + 4096,
        "pushed {pushed} for {connector_bytes}"
    );
    assert!(
        pushed < tip_pack,
        "pushed {pushed}: the upstream tip was re-sent"
    );
}

// 2. Re-run, unchanged.
#[test]
fn rerun_with_nothing_changed_makes_no_write_request() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    expect_code(&env.submit(&folder, &[]), 0);
    let tip = branch_tip(&env.fake.fork_repo(), "fabrikam-weather");
    env.fake.clear_log();

    let out = env.submit(&folder, &[]);
    expect_code(&out, 0);
    assert!(stdout(&out).contains("Up to date:"), "{}", stdout(&out));
    let log = env.fake.log();
    assert_eq!(writes(&log), Vec::<String>::new(), "re-run wrote");
    assert!(!log.iter().any(LogEntry::is_receive_pack));
    let bytes: usize = log.iter().map(|e| e.request_bytes + e.response_bytes).sum();
    for e in &log {
        eprintln!(
            "  {} {}?{} -> {}: {} bytes sent, {} received",
            e.method, e.path, e.query, e.status, e.request_bytes, e.response_bytes
        );
    }
    eprintln!(
        "unchanged re-run: {} requests, {bytes} bytes in total, none a write",
        log.len()
    );
    assert_eq!(env.fake.pulls().len(), 1);
    assert_eq!(branch_tip(&env.fake.fork_repo(), "fabrikam-weather"), tip);

    // On another machine (no cache), the branch is fetched from the fork: still no write.
    std::fs::remove_dir_all(env.cache_dir()).expect("rm cache");
    env.fake.clear_log();
    let out = env.submit(&folder, &[]);
    expect_code(&out, 0);
    assert!(stdout(&out).contains("Up to date:"), "{}", stdout(&out));
    let log = env.fake.log();
    assert_eq!(writes(&log), Vec::<String>::new(), "re-run wrote");
    assert!(
        log.iter()
            .any(|e| e.path == format!("/{LOGIN}/PowerPlatformConnectors.git/git-upload-pack")),
        "the branch was not fetched from the fork"
    );
}

// 3. Re-run, changed.
#[test]
fn rerun_with_a_change_pushes_one_fast_forward_commit_and_leaves_the_body() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    std::fs::write(folder.join("script.csx"), SCRIPT).expect("script");
    expect_code(&env.submit(&folder, &[]), 0);
    let fork = env.fake.fork_repo();
    let old_tip = branch_tip(&fork, "fabrikam-weather");
    assert!(
        changed(&fork, old_tip)
            .iter()
            .any(|(_, p)| p.ends_with("script.csx"))
    );
    // The author pasted screenshots into the body on github.com.
    env.fake
        .edit_pull(101, |p| p.body.push_str("\n![flow](screenshot.png)\n"));
    let edited = env.fake.pulls()[0].body.clone();

    let readme = folder.join("readme.md");
    let mut text = std::fs::read_to_string(&readme).expect("readme");
    text.push_str("\n## Known issues\nNone so far.\n");
    std::fs::write(&readme, &text).expect("write readme");
    std::fs::remove_file(folder.join("script.csx")).expect("rm script");
    // A fresh cache: the branch tip comes from the fork (depth 1), the new commit goes on it.
    std::fs::remove_dir_all(env.cache_dir()).expect("rm cache");
    env.fake.clear_log();

    let out = env.submit(&folder, &[]);
    expect_code(&out, 0);
    assert!(stdout(&out).contains("left as it is"), "{}", stdout(&out));
    let log = env.fake.log();
    assert_eq!(
        writes(&log),
        vec![format!(
            "POST /{LOGIN}/PowerPlatformConnectors.git/git-receive-pack"
        )],
        "exactly one push, and no pull request write"
    );
    let new_tip = branch_tip(&fork, "fabrikam-weather");
    let commit = fork.find_commit(new_tip).expect("commit");
    assert_eq!(commit.parent_ids().collect::<Vec<_>>(), vec![old_tip]);
    assert_eq!(
        changed(&fork, new_tip),
        vec![
            ('D', format!("{IP_REPO_PATH}/script.csx")),
            ('M', format!("{IP_REPO_PATH}/readme.md")),
        ]
    );
    assert_eq!(
        blob_text(&fork, new_tip, &format!("{IP_REPO_PATH}/readme.md")).as_deref(),
        Some(text.as_str())
    );
    let pulls = env.fake.pulls();
    assert_eq!(pulls.len(), 1);
    assert_eq!(pulls[0].body, edited, "the body was overwritten");

    // --update-body is the only way to rewrite it.
    let out = env.submit(
        &folder,
        &[
            "--update-body",
            "--title",
            "Fabrikam Weather (Independent Publisher) - Bugfix",
        ],
    );
    expect_code(&out, 0);
    let pr = &env.fake.pulls()[0];
    assert_eq!(
        pr.title,
        "Fabrikam Weather (Independent Publisher) - Bugfix"
    );
    assert!(!pr.body.contains("screenshot.png"));
    assert!(pr.body.contains("### Checked with ppcert"));
}

// 4. Dry run.
#[test]
fn dry_run_only_reads_and_prints_the_whole_plan() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(
        &folder,
        &["--dry-run", "--attest", "not-duplicate,descriptions"],
    );
    expect_code(&out, 0);
    let text = stdout(&out);
    for expected in [
        "dry run: nothing was written",
        &format!("fork:      {LOGIN}/PowerPlatformConnectors (to be created)"),
        "branch:    fabrikam-weather (new, from upstream's tip)",
        &format!(
            "folder:    {IP_REPO_PATH} (profile `independent-publisher`, from path: independent-publisher-connectors/)"
        ),
        "apiDefinition.swagger.json      4982 bytes",
        "readme.md",
        "title:     Fabrikam Weather (Independent Publisher)",
        "lint:      0 errors, 0 warnings (",
        "POST /repos/microsoft/PowerPlatformConnectors/forks",
        &format!("git push {LOGIN}/PowerPlatformConnectors"),
        "POST /repos/microsoft/PowerPlatformConnectors/pulls",
        "attestations (from the template on microsoft/PowerPlatformConnectors dev;",
        "[x] not-duplicate: I attest that the connector doesn't already exist",
        "[ ] works: I attest that the connector works",
        "[x] descriptions: I attest that I have added detailed descriptions",
        "Body:",
        "- [x] I attest that the connector doesn't already exist",
        "- [ ] I attest that the connector works",
        "### Checked with ppcert",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let log = env.fake.log();
    assert_eq!(writes(&log), Vec::<String>::new(), "a dry run wrote");
    assert!(
        log.iter()
            .all(|e| e.method == "GET" || e.path.ends_with("/git-upload-pack"))
    );
    assert_eq!(env.fake.forks_created(), 0);
    assert!(env.fake.pulls().is_empty());
    assert!(!env.fake.repo_path(LOGIN).exists());

    assert!(!text.contains("not checked"), "{text}");
}

// 5. Token hygiene: every run above and below checks stdout, stderr, the log and the files;
//    these runs fail on purpose.
#[test]
fn bad_credentials_missing_scope_and_missing_token_are_explained_without_the_token() {
    let Some(env) = setup(FakeOptions {
        oauth_scopes: Some("read:user".into()),
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);

    // A wrong token, from a named variable.
    let wrong: String = env.fake.token.chars().rev().collect();
    let out = env.submit_with(
        &folder,
        &["--token-env", "PPCERT_TEST_TOKEN"],
        &[("PPCERT_TEST_TOKEN", &wrong)],
    );
    env.assert_no_leak(&out, &wrong);
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains(
            "error: looking up your GitHub account: GitHub rejected the token from PPCERT_TEST_TOKEN (401 Bad credentials)"
        ),
        "{}",
        stderr(&out)
    );

    // The right token without public_repo: refused before any write.
    let out = env.submit(&folder, &[]);
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains("lacks the `public_repo` scope (its scopes: read:user)"),
        "{}",
        stderr(&out)
    );

    // --token-env naming an unset variable.
    let out = env.submit_with(&folder, &["--token-env", "PPCERT_UNSET_TOKEN"], &[]);
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains("`PPCERT_UNSET_TOKEN`, but that environment variable is not set")
    );

    // No token at all (and no `gh` on PATH).
    let empty_path = env.work.path().join("empty-path");
    std::fs::create_dir_all(&empty_path).expect("dir");
    let out = env.submit_with(
        &folder,
        &[],
        &[("PATH", empty_path.to_str().expect("utf-8"))],
    );
    expect_code(&out, 2);
    assert!(stderr(&out).contains("error: no GitHub token: set GITHUB_TOKEN"));

    // `gh auth token` when nothing else is set: a stand-in `gh` on PATH prints the token
    // (from its environment, so no file holds it).
    let gh_dir = tempfile::tempdir().expect("tempdir");
    let gh = gh_dir.path().join("gh");
    std::fs::write(
        &gh,
        "#!/bin/sh\n[ \"$1 $2\" = \"auth token\" ] && printf '%s\\n' \"$FAKE_GH_TOKEN\"\n",
    )
    .expect("gh");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let out = env.submit_with(
        &folder,
        &["--dry-run"],
        &[
            ("PATH", gh_dir.path().to_str().expect("utf-8")),
            ("FAKE_GH_TOKEN", &env.fake.token),
        ],
    );
    // The fake answers with scopes lacking public_repo: the token reached GitHub.
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains("the token from `gh auth token` lacks the `public_repo` scope"),
        "{}",
        stderr(&out)
    );

    // A token with a line break inside is refused, not sent.
    let two_lines = format!("{}\n{}", env.fake.token, env.fake.token);
    let out = env.submit_with(&folder, &[], &[("GITHUB_TOKEN", &two_lines)]);
    expect_code(&out, 2);
    assert!(stderr(&out).contains("contains spaces or control characters"));

    assert_eq!(writes(&env.fake.log()), Vec::<String>::new());
    assert!(env.fake.pulls().is_empty());
}

#[test]
fn fine_grained_tokens_get_a_warning_about_upstream_pull_requests() {
    let Some(env) = setup(FakeOptions {
        oauth_scopes: None,
        fork: ForkSetup::Synced,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    env.fake.fail_next(Fault {
        method: "POST".into(),
        path_prefix: "/repos/microsoft/PowerPlatformConnectors/pulls".into(),
        status: 403,
        headers: Vec::new(),
        body: "Resource not accessible by personal access token".into(),
    });
    let out = env.submit(&folder, &[]);
    expect_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("warning: GitHub reports no OAuth scopes"),
        "{err}"
    );
    assert!(
        err.contains("fine-grained tokens cannot open pull requests")
            && err.contains("classic token with the `public_repo` scope"),
        "{err}"
    );
}

// 6. Fork states.
#[test]
fn stale_fork_is_synced_and_the_branch_starts_from_upstream() {
    let Some(env) = setup(FakeOptions {
        fork: ForkSetup::Stale,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(&folder, &[]);
    expect_code(&out, 0);
    let up_tip = env
        .fake
        .upstream_repo()
        .refname_to_id("refs/heads/dev")
        .expect("dev");
    let fork = env.fake.fork_repo();
    assert_eq!(
        fork.refname_to_id("refs/heads/dev").expect("dev"),
        up_tip,
        "not synced"
    );
    let tip = branch_tip(&fork, "fabrikam-weather");
    assert_eq!(
        fork.find_commit(tip).expect("c").parent_id(0).expect("p"),
        up_tip
    );
    assert_eq!(count(&env.fake.log(), "POST", "/merge-upstream"), 1);
    assert_eq!(env.fake.forks_created(), 0);
}

#[test]
fn diverged_fork_still_gets_a_clean_branch_from_upstream() {
    let Some(env) = setup(FakeOptions {
        fork: ForkSetup::Diverged,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let fork = env.fake.fork_repo();
    let own_dev = fork.refname_to_id("refs/heads/dev").expect("dev");
    let out = env.submit(&folder, &[]);
    expect_code(&out, 0);
    assert!(
        stderr(&out).contains("warning: could not sync dev of your fork"),
        "{}",
        stderr(&out)
    );
    let up_tip = env
        .fake
        .upstream_repo()
        .refname_to_id("refs/heads/dev")
        .expect("dev");
    assert_eq!(fork.refname_to_id("refs/heads/dev").expect("dev"), own_dev);
    let tip = branch_tip(&fork, "fabrikam-weather");
    assert_eq!(
        fork.find_commit(tip).expect("c").parent_id(0).expect("p"),
        up_tip
    );
    assert!(
        blob_text(&fork, tip, "my-notes.md").is_none(),
        "the fork's own commit leaked into the branch"
    );
    assert_eq!(changed(&fork, tip).len(), 3);
}

#[test]
fn slow_fork_is_waited_for() {
    let Some(env) = setup(FakeOptions {
        not_ready_polls: 3,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(&folder, &["--fork-timeout", "30"]);
    expect_code(&out, 0);
    assert!(
        stderr(&out).contains("waiting for GitHub to build"),
        "{}",
        stderr(&out)
    );
    let log = env.fake.log();
    let polls: Vec<u16> = log
        .iter()
        .filter(|e| {
            e.path == format!("/api/v3/repos/{LOGIN}/PowerPlatformConnectors/git/ref/heads/dev")
        })
        .map(|e| e.status)
        .collect();
    assert_eq!(polls, vec![409, 409, 409, 200]);
    // Nothing was pushed before the fork answered.
    let first_ready = log
        .iter()
        .position(|e| e.path.ends_with("/git/ref/heads/dev") && e.status == 200)
        .expect("ready");
    let first_push = log
        .iter()
        .position(LogEntry::is_receive_pack)
        .expect("push");
    assert!(first_push > first_ready);
    assert_eq!(env.fake.pulls().len(), 1);
}

#[test]
fn never_ready_fork_is_a_clear_error_after_the_timeout() {
    let Some(env) = setup(FakeOptions {
        never_ready: true,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(&folder, &["--fork-timeout", "0.3"]);
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains(&format!("your fork {LOGIN}/PowerPlatformConnectors was created but its dev branch did not answer within 1 s")),
        "{}",
        stderr(&out)
    );
    let log = env.fake.log();
    assert!(!log.iter().any(LogEntry::is_receive_pack));
    assert!(env.fake.pulls().is_empty());
}

#[test]
fn same_named_repository_that_is_not_a_fork_is_refused() {
    let Some(env) = setup(FakeOptions {
        fork: ForkSetup::NotAFork,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(&folder, &[]);
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains(&format!("{LOGIN}/PowerPlatformConnectors exists but is not a fork of microsoft/PowerPlatformConnectors")),
        "{}",
        stderr(&out)
    );
    assert_eq!(writes(&env.fake.log()), Vec::<String>::new());
}

// 7. Push rejected by a hook.
#[test]
fn push_rejected_by_a_hook_shows_the_server_message() {
    let Some(env) = setup(FakeOptions {
        fork: ForkSetup::Synced,
        reject_push: Some("GH007: Your push would publish a private email address.".into()),
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(&folder, &[]);
    expect_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("error: the server rejected the push"), "{err}");
    assert!(err.contains("pre-receive hook declined"), "{err}");
    assert!(
        err.contains("remote: GH007: Your push would publish a private email address."),
        "{err}"
    );
    assert!(env.fake.pulls().is_empty());
    assert!(
        env.fake
            .fork_repo()
            .refname_to_id("refs/heads/fabrikam-weather")
            .is_err()
    );
}

// 8. Races and retries.
#[test]
fn pull_request_created_before_a_502_is_found_not_duplicated() {
    let Some(env) = setup(FakeOptions {
        pr_create_then_502: true,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(&folder, &[]);
    expect_code(&out, 0);
    assert_eq!(env.fake.pulls().len(), 1);
    assert!(
        stdout(&out).contains("pull request #101"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        count(&env.fake.log(), "POST", "/pulls"),
        1,
        "the POST was re-sent"
    );
}

#[test]
fn already_exists_422_reuses_the_open_pull_request() {
    let Some(env) = setup(FakeOptions {
        pr_create_race: true,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(&folder, &[]);
    expect_code(&out, 0);
    assert_eq!(env.fake.pulls().len(), 1);
    assert!(stdout(&out).contains("#101"), "{}", stdout(&out));
}

#[test]
fn head_not_yet_visible_after_the_push_is_retried() {
    let Some(env) = setup(FakeOptions {
        head_invisible: 2,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(&folder, &[]);
    expect_code(&out, 0);
    assert_eq!(count(&env.fake.log(), "POST", "/pulls"), 3);
    assert_eq!(env.fake.pulls().len(), 1);
}

// 9. Rate limits.
#[test]
fn rate_limits_name_the_reset_time() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let reset = 1_900_000_000u64 + 3_723; // 10:02:03 UTC on its day
    env.fake.fail_next(Fault {
        method: "GET".into(),
        path_prefix: "/user".into(),
        status: 403,
        headers: vec![
            ("x-ratelimit-limit".into(), "5000".into()),
            ("x-ratelimit-remaining".into(), "0".into()),
            ("x-ratelimit-reset".into(), reset.to_string()),
        ],
        body: "API rate limit exceeded for user ID 4242.".into(),
    });
    let out = env.submit(&folder, &[]);
    expect_code(&out, 2);
    let day = reset % 86_400;
    let clock = format!(
        "{:02}:{:02}:{:02} UTC",
        day / 3600,
        day % 3600 / 60,
        day % 60
    );
    let err = stderr(&out);
    assert!(
        err.contains("GitHub's rate limit is exhausted (403 API rate limit exceeded"),
        "{err}"
    );
    assert!(err.contains(&format!("it resets at {clock}")), "{err}");

    // A secondary limit on the pull request: 429 with retry-after.
    env.fake.fail_next(Fault {
        method: "POST".into(),
        path_prefix: "/repos/microsoft/PowerPlatformConnectors/pulls".into(),
        status: 429,
        headers: vec![("retry-after".into(), "60".into())],
        body: "You have exceeded a secondary rate limit.".into(),
    });
    let out = env.submit(&folder, &[]);
    expect_code(&out, 2);
    assert!(stderr(&out).contains("opening the pull request: GitHub's rate limit is exhausted (429 You have exceeded a secondary rate limit.); retry in 60 s"), "{}", stderr(&out));
    assert!(env.fake.pulls().is_empty());
}

// 10. Merged pull request on the branch.
#[test]
fn merged_pull_request_leads_to_a_new_branch_and_pull_request() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    expect_code(&env.submit(&folder, &[]), 0);
    let fork = env.fake.fork_repo();
    let old_tip = branch_tip(&fork, "fabrikam-weather");
    env.fake.edit_pull(101, |p| {
        p.open = false;
        p.merged = true;
    });
    let readme = folder.join("readme.md");
    let mut text = std::fs::read_to_string(&readme).expect("readme");
    text.push_str("\nVersion 1.1 adds hourly forecasts.\n");
    std::fs::write(&readme, text).expect("write");

    let out = env.submit(&folder, &[]);
    expect_code(&out, 0);
    let pulls = env.fake.pulls();
    assert_eq!(pulls.len(), 2);
    assert_eq!(pulls[1].head_label, format!("{LOGIN}:fabrikam-weather-2"));
    assert!(pulls[1].open);
    assert_eq!(
        branch_tip(&fork, "fabrikam-weather"),
        old_tip,
        "history rewritten"
    );
    let up_tip = env
        .fake
        .upstream_repo()
        .refname_to_id("refs/heads/dev")
        .expect("dev");
    let new_tip = branch_tip(&fork, "fabrikam-weather-2");
    assert_eq!(
        fork.find_commit(new_tip)
            .expect("c")
            .parent_id(0)
            .expect("p"),
        up_tip
    );

    // A pull request closed without merging is not reopened or force-pushed either.
    env.fake.edit_pull(102, |p| p.open = false);
    let out = env.submit(&folder, &["--dry-run"]);
    expect_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("skipped:   fabrikam-weather (its pull request #101 is merged)"),
        "{text}"
    );
    assert!(
        text.contains("skipped:   fabrikam-weather-2 (its pull request #102 is closed)"),
        "{text}"
    );
    assert!(
        text.contains("branch:    fabrikam-weather-3 (new, from upstream's tip)"),
        "{text}"
    );
}

// 11. Protocol choices.
#[test]
fn file_clone_url_gives_a_clear_error() {
    let Some(env) = setup(FakeOptions {
        file_clone_urls: true,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(&folder, &[]);
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains("libgit2 can make such shallow fetches only over HTTP(S)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(writes(&env.fake.log()), Vec::<String>::new());
}

// 11, continued: answers that are not GitHub's.
#[test]
fn malformed_answers_and_unreachable_servers_are_clear_errors() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    env.fake.fail_next(Fault {
        method: "GET".into(),
        path_prefix: "/repos/microsoft/PowerPlatformConnectors".into(),
        status: 200,
        headers: Vec::new(),
        body: r#"{"name": "PowerPlatformConnectors"}"#.into(),
    });
    let out = env.submit(&folder, &[]);
    expect_code(&out, 2);
    assert!(
        stderr(&out)
            .contains("error: looking up microsoft/PowerPlatformConnectors: no usable answer from"),
        "{}",
        stderr(&out)
    );

    // Nothing listens on the port of a server that was dropped.
    let closed = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        probe.local_addr().expect("addr").port()
    };
    let out = env.submit(
        &folder,
        &["--api-url", &format!("http://127.0.0.1:{closed}/api/v3")],
    );
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains(
            "error: looking up your GitHub account: no usable answer from http://127.0.0.1:"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(writes(&env.fake.log()), Vec::<String>::new());
}

// An update of a connector upstream already has: the folder is replaced as a whole.
#[test]
fn an_update_replaces_the_upstream_folder_and_warns_about_case_twins() {
    let Some(env) = setup(FakeOptions {
        fork: ForkSetup::Synced,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(&folder, &["--dry-run", "--name", "existing weather"]);
    expect_code(&out, 0);
    assert!(
        stderr(&out).contains("upstream has `independent-publisher-connectors/Existing Weather`, whose name differs from `independent-publisher-connectors/existing weather` only in case"),
        "{}",
        stderr(&out)
    );

    let out = env.submit(&folder, &["--name", "Existing Weather"]);
    expect_code(&out, 0);
    let fork = env.fake.fork_repo();
    let tip = branch_tip(&fork, "existing-weather");
    let path = "independent-publisher-connectors/Existing Weather";
    assert_eq!(
        changed(&fork, tip),
        vec![
            ('D', format!("{path}/intro.md")),
            ('M', format!("{path}/apiDefinition.swagger.json")),
            ('M', format!("{path}/apiProperties.json")),
            ('M', format!("{path}/readme.md")),
        ]
    );
    let message = fork
        .find_commit(tip)
        .expect("commit")
        .message()
        .map(str::to_owned);
    assert!(
        message
            .as_deref()
            .is_ok_and(|m| m.starts_with("Update Existing Weather (Independent Publisher)")),
        "{message:?}"
    );
}

// A connector that upstream already holds exactly (e.g. after its merge) has nothing to submit.
#[test]
fn a_folder_upstream_already_holds_is_not_submitted_again() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    let upstream = env.fake.upstream_repo();
    let dev = upstream.refname_to_id("refs/heads/dev").expect("dev");
    let files: Vec<(String, Vec<u8>)> = [
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "readme.md",
    ]
    .iter()
    .map(|f| {
        (
            format!("{IP_REPO_PATH}/{f}"),
            std::fs::read(folder.join(f)).expect("read"),
        )
    })
    .collect();
    let entries: Vec<(&str, Option<&[u8]>)> = files
        .iter()
        .map(|(p, b)| (p.as_str(), Some(b.as_slice())))
        .collect();
    let merged = support::fake_github::commit_files(
        &upstream,
        Some(dev),
        &entries,
        "Fabrikam Weather (Independent Publisher) (#104)",
    );
    upstream
        .reference("refs/heads/dev", merged, true, "merge")
        .expect("dev");

    for args in [&["--dry-run"][..], &[][..]] {
        let out = env.submit(&folder, args);
        expect_code(&out, 0);
        assert!(stdout(&out).contains("Up to date: microsoft/PowerPlatformConnectors dev already holds independent-publisher-connectors/Fabrikam Weather exactly as it is here; nothing to submit."), "{}", stdout(&out));
    }
    assert_eq!(writes(&env.fake.log()), Vec::<String>::new());
    assert_eq!(env.fake.forks_created(), 0);
}

// The lint gate, the certified track, and what stays out of the pull request.
#[test]
fn lint_errors_refuse_the_submission_unless_forced() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(FAILING_IP_SAMPLE);
    let out = env.submit(&folder, &[]);
    expect_code(&out, 1);
    assert!(
        stderr(&out).contains("error: not submitting: ppcert found"),
        "{}",
        stderr(&out)
    );
    assert!(env.fake.log().is_empty(), "GitHub was contacted");

    let out = env.submit(&folder, &["--force"]);
    expect_code(&out, 0);
    assert!(stderr(&out).contains("warning: --force: submitting despite"));
    let pr = &env.fake.pulls()[0];
    assert!(
        pr.body
            .starts_with("> [!WARNING]\n> Submitted with `ppcert submit --force`"),
        "{}",
        pr.body
    );
    assert!(
        pr.body.contains("`icon.png` (icons go to Microsoft"),
        "{}",
        pr.body
    );
    assert!(
        pr.body.contains("`settings.json` (paconn settings"),
        "{}",
        pr.body
    );
    let fork = env.fake.fork_repo();
    let tip = branch_tip(&fork, "bad-weather");
    let files: Vec<String> = changed(&fork, tip).into_iter().map(|(_, p)| p).collect();
    assert!(
        files
            .iter()
            .all(|p| !p.ends_with("icon.png") && !p.ends_with("settings.json")),
        "{files:?}"
    );
}

#[test]
fn certified_connector_keeps_its_name_as_title_and_name_overrides_the_folder() {
    let Some(env) = setup(FakeOptions {
        fork: ForkSetup::Synced,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(CERTIFIED_SAMPLE);
    let out = env.submit(&folder, &["--name", "Contoso Tasks Pro", "--attest", "all"]);
    expect_code(&out, 0);
    let pr = &env.fake.pulls()[0];
    assert_eq!(pr.title, "Contoso Tasks Pro");
    assert_eq!(pr.head_label, format!("{LOGIN}:contoso-tasks-pro"));
    assert_eq!(pr.body.matches("- [x] ").count(), 10, "{}", pr.body);
    let fork = env.fake.fork_repo();
    let tip = branch_tip(&fork, "contoso-tasks-pro");
    assert_eq!(
        changed(&fork, tip),
        vec![
            (
                'A',
                "certified-connectors/Contoso Tasks Pro/apiDefinition.swagger.json".to_owned()
            ),
            (
                'A',
                "certified-connectors/Contoso Tasks Pro/apiProperties.json".to_owned()
            ),
            (
                'A',
                "certified-connectors/Contoso Tasks Pro/readme.md".to_owned()
            ),
        ]
    );
    assert!(
        pr.body.contains("`icon.png` (icons go to Microsoft"),
        "{}",
        pr.body
    );
    assert!(
        pr.body.contains("`intro.md` (intro.md is attached"),
        "{}",
        pr.body
    );
    assert!(
        stdout(&out).contains("certification portal"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("Left out of the pull request:\n  - icon.png: icons go to Microsoft"),
        "{}",
        stdout(&out)
    );
}

// Attestations at a terminal: ticked exactly as answered. `script` (util-linux) gives ppcert a
// pseudo-terminal for stdin and stderr.
#[test]
fn attestations_at_a_terminal_are_ticked_only_as_answered() {
    let Some(env) = setup(FakeOptions {
        fork: ForkSetup::Synced,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    // Items 1..10 except 2 (`works`, given with --attest): yes to 1 and 5, no to the rest.
    let Some(out) = env.in_terminal(
        &folder,
        &["--attest", "works"],
        b"y\nn\nn\ny\nn\nn\nn\nn\nn\n",
    ) else {
        return;
    };
    expect_code(&out, 0);
    let shown = stdout(&out);
    assert!(shown.contains("confirm? [y/N]"), "{shown}");
    let pr = &env.fake.pulls()[0];
    let ticked: Vec<&str> = pr
        .body
        .lines()
        .filter(|l| l.starts_with("- [x] "))
        .collect();
    assert_eq!(
        ticked,
        vec![
            "- [x] I attest that the connector doesn't already exist on the platform: I searched the open pull requests and the connector reference.",
            "- [x] I attest that the connector works and I verified by deploying and testing all the operations. ",
            "- [x] I validated the swagger file, `apiDefinition.swagger.json`, by running `paconn validate` command.",
        ],
        "{}",
        pr.body
    );
}

#[test]
fn dry_run_without_a_token_plans_offline_and_asks_nobody() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(CERTIFIED_SAMPLE);
    let empty_path = env.work.path().join("empty-path");
    std::fs::create_dir_all(&empty_path).expect("dir");
    let out = env.submit_with(
        &folder,
        &["--dry-run"],
        &[("PATH", empty_path.to_str().expect("utf-8"))],
    );
    expect_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("dry run, incomplete: no token, GitHub was not asked"),
        "{text}"
    );
    assert!(
        text.contains("Not checked, because there is no GitHub token"),
        "{text}"
    );
    assert!(text.contains("  not checked: your fork"), "{text}");
    assert!(text.contains("  not checked: the token"), "{text}");
    // The check boxes (and the body) are the bundled copy's, and say so.
    assert!(
        text.contains("[ ] paconn-validate: I validated the swagger file"),
        "{text}"
    );
    assert!(
        text.contains("  not checked: the pull-request template on dev"),
        "{text}"
    );
    assert!(
        text.contains("folder:    certified-connectors/Contoso Tasks"),
        "{text}"
    );
    assert!(text.contains("icon.png: icons go to Microsoft"), "{text}");
    assert!(text.contains("title:     Contoso Tasks\n"), "{text}");
    assert!(env.fake.log().is_empty());
}

#[test]
fn several_connectors_or_a_bad_upstream_are_refused() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let out = env.submit(&samples, &["--force"]);
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains("one connector per pull request"),
        "{}",
        stderr(&out)
    );

    let folder = env.connector(IP_SAMPLE);
    let out = env.submit(&folder, &["--upstream", "PowerPlatformConnectors"]);
    expect_code(&out, 2);
    assert!(stderr(&out).contains("--upstream `PowerPlatformConnectors` is not OWNER/REPO"));
    assert!(env.fake.log().is_empty());
}

// Offline dry runs: GitHub cannot be reached, and the plan still says everything it can, and
// names each thing it could not check.

/// A port on 127.0.0.1 where nothing listens (bound, then released).
fn closed_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    probe.local_addr().expect("addr").port()
}

#[test]
fn dry_run_with_github_unreachable_prints_the_plan_and_what_was_not_checked() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(CERTIFIED_SAMPLE);
    let api_url = format!("http://127.0.0.1:{}/api/v3", closed_port());
    let out = env.submit(
        &folder,
        &[
            "--dry-run",
            "--api-url",
            &api_url,
            "--attest",
            "works,not-duplicate",
        ],
    );
    expect_code(&out, 0);
    let text = stdout(&out);
    for expected in [
        "Submission plan (dry run, incomplete: GitHub could not be reached; nothing was written)",
        "upstream:  microsoft/PowerPlatformConnectors (base dev)",
        "branch:    contoso-tasks (unless an earlier pull request",
        "folder:    certified-connectors/Contoso Tasks (profile `certified`, from path: certified-connectors/)",
        "apiDefinition.swagger.json",
        "left out:",
        "icon.png: icons go to Microsoft",
        "title:     Contoso Tasks\n",
        "lint:      0 errors, 0 warnings (",
        "attestations (from ppcert's bundled copy of upstream's template;",
        "[x] works: I attest that the connector works",
        "[ ] paconn-validate: I validated the swagger file",
        "Body (as it would be opened):",
        "- [x] I attest that the connector works",
        "### Checked with ppcert",
        &format!(
            "Not checked, because GitHub could not be reached (looking up your GitHub account: no usable answer from {api_url}"
        ),
        "  not checked: the token: whether GitHub accepts it",
        "  not checked: your fork: whether it exists",
        "  not checked: whether dev already has certified-connectors/Contoso Tasks",
        "  not checked: the branch on your fork and its pull requests",
        "  not checked: the pull-request template on dev",
        "  not checked: --attest not-duplicate: ppcert's bundled copy of the template has no such box",
        "Plan incomplete: 8 things not checked. The lint found no errors, and the plan above",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(
        !text.contains("checked: the token: GitHub accepted"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("planning without GitHub"),
        "{}",
        stderr(&out)
    );
    assert!(env.fake.log().is_empty());

    // The same without --dry-run is an error: nothing is submitted half-checked.
    let out = env.submit(&folder, &["--api-url", &api_url]);
    expect_code(&out, 2);
    assert!(
        !stdout(&out).contains("Submission plan"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn dry_run_when_github_fails_midway_shows_what_it_had_checked() {
    let Some(env) = setup(FakeOptions {
        fork: ForkSetup::Synced,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);
    // The pull request lookup answers 502, after the token, the repositories and the fetch.
    env.fake.fail_next(Fault {
        method: "GET".into(),
        path_prefix: "/repos/microsoft/PowerPlatformConnectors/pulls".into(),
        status: 502,
        headers: Vec::new(),
        body: "Server Error".into(),
    });
    let out = env.submit(&folder, &["--dry-run", "--attest", "not-duplicate"]);
    expect_code(&out, 0);
    let text = stdout(&out);
    for expected in [
        "dry run, incomplete: GitHub could not be reached",
        &format!("fork:      {LOGIN}/PowerPlatformConnectors (exists)"),
        "connector: new (upstream has no folder of that name)",
        &format!("  checked: the token: GitHub accepted it for {LOGIN}"),
        "  checked: the upstream repository microsoft/PowerPlatformConnectors exists",
        "  checked: dev fetched at ",
        "  checked: the pull-request template on dev",
        // The template read from upstream decides, not the bundled copy: it has this box.
        "attestations (from the template on microsoft/PowerPlatformConnectors dev;",
        "[x] not-duplicate: I attest that the connector doesn't already exist",
        "looking for the pull request: GitHub answered 502",
        "  not checked: the branch on your fork and its pull requests",
        "Plan incomplete: 1 thing not checked.",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("not checked: the token"), "{text}");
    assert!(!text.contains("not checked: --attest"), "{text}");
    assert_eq!(writes(&env.fake.log()), Vec::<String>::new());

    // A 5xx on the first call: nothing was checked, the plan is still printed.
    env.fake.fail_next(Fault {
        method: "GET".into(),
        path_prefix: "/user".into(),
        status: 503,
        headers: Vec::new(),
        body: "Service Unavailable".into(),
    });
    let out = env.submit(&folder, &["--dry-run"]);
    expect_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains("GitHub answered 503: Service Unavailable"),
        "{text}"
    );
    assert!(text.contains("  not checked: the token"), "{text}");

    // A rejected token is an answer, not silence: still an error in a dry run.
    let wrong: String = env.fake.token.chars().rev().collect();
    let out = env.submit_with(&folder, &["--dry-run"], &[("GITHUB_TOKEN", &wrong)]);
    env.assert_no_leak(&out, &wrong);
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains("GitHub rejected the token from GITHUB_TOKEN"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stdout(&out).contains("Submission plan"),
        "{}",
        stdout(&out)
    );
}

// --attest takes the names of the template's check boxes.

#[test]
fn attest_names_are_checked_against_the_template_with_did_you_mean() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector(IP_SAMPLE);

    // A typo: refused before the lint and before GitHub, with the closest name.
    let out = env.submit(&folder, &["--dry-run", "--attest", "works,pacon-validate"]);
    expect_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains(
            "error: --attest `pacon-validate` is not the name of a check box; did you mean `paconn-validate`?"
        ),
        "{err}"
    );
    assert!(err.contains("oauth-steps"), "the names are listed:\n{err}");
    assert!(
        !stdout(&out).contains("All checks passed"),
        "{}",
        stdout(&out)
    );

    // A number: item numbers shift when upstream edits its template.
    let out = env.submit(&folder, &["--attest", "3"]);
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains("item numbers change whenever upstream edits its template"),
        "{}",
        stderr(&out)
    );

    assert!(env.fake.log().is_empty(), "GitHub was asked");

    // A name that is no near miss could be a box upstream added: the template read from
    // upstream decides (and it has no such box), before any write.
    let out = env.submit(&folder, &["--attest", "screenshots-pasted"]);
    expect_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("--attest `screenshots-pasted` matches no check box of the template on microsoft/PowerPlatformConnectors dev"),
        "{err}"
    );
    assert!(
        err.contains("its check boxes: not-duplicate, works, descriptions"),
        "{err}"
    );
    assert_eq!(writes(&env.fake.log()), Vec::<String>::new());
    // Without GitHub, ppcert's bundled copy decides, and the message says so.
    let empty_path = env.work.path().join("empty-path");
    std::fs::create_dir_all(&empty_path).expect("dir");
    let out = env.submit_with(
        &folder,
        &["--dry-run", "--attest", "screenshots-pasted"],
        &[("PATH", empty_path.to_str().expect("utf-8"))],
    );
    expect_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("--attest `screenshots-pasted` matches no check box of ppcert's bundled copy of upstream's template"),
        "{err}"
    );
    assert!(err.contains("could not be read"), "{err}");
    env.fake.clear_log();

    // A known name that the template on upstream's branch does not have: refused online
    // (GitHub's template decides), left as not checked offline (the copy may be old).
    let upstream = env.fake.upstream_repo();
    let dev = upstream.refname_to_id("refs/heads/dev").expect("dev");
    let without = support::fake_github::TEMPLATE.replace(
        "- [ ] I attest that the connector doesn't already exist on the platform: I searched the open pull requests and the connector reference.\n",
        "",
    );
    let edited = support::fake_github::commit_files(
        &upstream,
        Some(dev),
        &[(".github/pull_request_template.md", Some(without.as_bytes()))],
        "Template: drop the duplicate check (#105)",
    );
    upstream
        .reference("refs/heads/dev", edited, true, "template")
        .expect("dev");
    let out = env.submit(&folder, &["--dry-run", "--attest", "not-duplicate"]);
    expect_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("--attest `not-duplicate` matches no check box of the template on microsoft/PowerPlatformConnectors dev (that template does not ask for it)"),
        "{err}"
    );
    assert!(
        err.contains("its check boxes: works, descriptions"),
        "{err}"
    );
    assert!(env.fake.pulls().is_empty());
}

// custom-connectors/ holds samples: a submission there is confirmed, never a default.

#[test]
fn custom_connectors_needs_an_explicit_target_without_a_terminal() {
    let Some(env) = setup(FakeOptions::default()) else {
        return;
    };
    let folder = env.connector_at(IP_SAMPLE, "custom-connectors");
    let out = env.submit(&folder, &[]);
    expect_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("error: not submitting to custom-connectors/Fabrikam Weather: custom-connectors/ holds samples"),
        "{err}"
    );
    assert!(
        err.contains("linted as `custom` (from path: custom-connectors/)"),
        "{err}"
    );
    assert!(err.contains("--profile independent-publisher"), "{err}");
    assert!(err.contains("pass --target custom-connectors"), "{err}");
    assert!(env.fake.log().is_empty(), "GitHub was asked");

    // Outside any track folder the profile is inferred from the files, and the reason says so.
    let loose = env.connector_at(IP_SAMPLE, "my-work");
    let out = env.submit(&loose, &["--dry-run"]);
    assert!(
        stdout(&out).contains(
            "(profile `independent-publisher`, inferred: the independent-publisher brand colour #da3b01 in apiProperties.json)"
        ),
        "{}",
        stdout(&out)
    );
    // A clean lint under a guessed profile is not "All checks passed": the guess also picks
    // the folder upstream.
    assert!(!stdout(&out).contains("passed"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("No findings in 1 connector, judged under a profile inferred"),
        "{}",
        stdout(&out)
    );

    // A dry run does not ask; its plan says so.
    let out = env.submit(&folder, &["--dry-run"]);
    expect_code(&out, 0);
    assert!(
        stdout(&out).contains("note:      custom-connectors/ holds samples"),
        "{}",
        stdout(&out)
    );

    // --target must match where the profile puts the connector.
    let out = env.submit(&folder, &["--target", "independent-publisher-connectors"]);
    expect_code(&out, 2);
    assert!(
        stderr(&out).contains("--target independent-publisher-connectors: the connector was linted as `custom` (from path: custom-connectors/), which puts it in custom-connectors/; to submit it to independent-publisher-connectors/, pass --profile independent-publisher"),
        "{}",
        stderr(&out)
    );
    assert!(env.fake.pulls().is_empty());

    // --target custom-connectors makes the intent explicit.
    let out = env.submit(&folder, &["--target", "custom-connectors"]);
    expect_code(&out, 0);
    let pr = &env.fake.pulls()[0];
    assert_eq!(pr.title, "Fabrikam Weather");
    let tip = branch_tip(&env.fake.fork_repo(), "fabrikam-weather");
    assert!(
        changed(&env.fake.fork_repo(), tip)
            .iter()
            .all(|(_, p)| p.starts_with("custom-connectors/Fabrikam Weather/")),
    );
}

#[test]
fn custom_connectors_at_a_terminal_is_asked_and_no_is_the_default() {
    let Some(env) = setup(FakeOptions {
        fork: ForkSetup::Synced,
        ..FakeOptions::default()
    }) else {
        return;
    };
    let folder = env.connector_at(IP_SAMPLE, "custom-connectors");
    let Some(out) = env.in_terminal(&folder, &[], b"\n") else {
        return;
    };
    expect_code(&out, 2);
    let shown = stdout(&out);
    assert!(
        shown.contains("ppcert would submit this connector to custom-connectors/Fabrikam Weather in microsoft/PowerPlatformConnectors."),
        "{shown}"
    );
    assert!(
        shown.contains("Submit it to custom-connectors/ anyway? [y/N]"),
        "{shown}"
    );
    assert!(
        shown.contains("not submitted: you did not confirm"),
        "{shown}"
    );
    assert!(env.fake.log().is_empty(), "GitHub was asked");

    // y, then no to each of the ten check boxes.
    let Some(out) = env.in_terminal(&folder, &[], b"y\nn\nn\nn\nn\nn\nn\nn\nn\nn\nn\n") else {
        return;
    };
    expect_code(&out, 0);
    assert_eq!(env.fake.pulls().len(), 1);
    assert!(!env.fake.pulls()[0].body.contains("[x]"));
}
