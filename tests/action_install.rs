//! The GitHub Action without compiling: `action/install.sh` run as the runner runs it, against a
//! local mirror of the release downloads (a loopback HTTP server serving a real archive of the
//! ppcert binary under test). Version resolution, the checksum table, the tool cache and the
//! source fallback; then `action/run.sh`'s job summary and its shallow-clone message.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

const VERSION: &str = "0.9.0";

fn platform() -> (&'static str, &'static str) {
    match std::env::consts::ARCH {
        "aarch64" => ("ARM64", "aarch64-unknown-linux-musl"),
        _ => ("X64", "x86_64-unknown-linux-musl"),
    }
}

struct Mirror {
    base: String,
    /// Paths requested, in order.
    hits: Arc<Mutex<Vec<String>>>,
    /// Whether each request carried an Authorization header.
    authorized: Arc<Mutex<Vec<bool>>>,
}

/// Serves `files` (path → bytes) on loopback until the test ends.
fn mirror(files: Vec<(String, Vec<u8>)>) -> Mirror {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let base = format!("http://{}", server.server_addr().to_ip().unwrap());
    let hits = Arc::new(Mutex::new(Vec::new()));
    let authorized = Arc::new(Mutex::new(Vec::new()));
    let (h, a) = (hits.clone(), authorized.clone());
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request.url().to_owned();
            h.lock().unwrap().push(path.clone());
            a.lock().unwrap().push(
                request
                    .headers()
                    .iter()
                    .any(|x| x.field.equiv("Authorization")),
            );
            let response = match files.iter().find(|(p, _)| *p == path) {
                Some((_, bytes)) => tiny_http::Response::from_data(bytes.clone()),
                None => tiny_http::Response::from_string("not found").with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    Mirror {
        base,
        hits,
        authorized,
    }
}

/// The release archive of the binary under test, built once for all tests: the binary without
/// its debug information (a debug build is 400 MB), packed as dist packs it
/// (`ppcert-<target>/ppcert` in a .tar.xz).
fn archive() -> &'static (String, Vec<u8>, String) {
    static ARCHIVE: std::sync::OnceLock<(String, Vec<u8>, String)> = std::sync::OnceLock::new();
    ARCHIVE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let (_, target) = platform();
        let asset = format!("ppcert-{target}.tar.xz");
        let pack = dir.join("pack").join(format!("ppcert-{target}"));
        std::fs::create_dir_all(&pack).unwrap();
        let stripped = Command::new("strip")
            .arg("--strip-debug")
            .arg("-o")
            .arg(pack.join("ppcert"))
            .arg(env!("CARGO_BIN_EXE_ppcert"))
            .status()
            .is_ok_and(|s| s.success());
        if !stripped {
            std::fs::copy(env!("CARGO_BIN_EXE_ppcert"), pack.join("ppcert")).unwrap();
        }
        let archive = dir.join(&asset);
        let ok = Command::new("tar")
            .arg("-cJf")
            .arg(&archive)
            .arg("-C")
            .arg(dir.join("pack"))
            .arg(format!("ppcert-{target}"))
            .env("XZ_OPT", "-0 -T2")
            .status()
            .unwrap();
        assert!(ok.success());
        let bytes = std::fs::read(&archive).unwrap();
        let sha = String::from_utf8(
            Command::new("sha256sum")
                .arg(&archive)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
        let _ = std::fs::remove_dir_all(&dir);
        (asset, bytes, sha)
    })
}

struct Setup {
    root: tempfile::TempDir,
    mirror: Mirror,
    asset: String,
    sha: String,
}

impl Setup {
    /// A release archive of the binary under test, its checksum in the action's table (unless
    /// `listed` is false), and a mirror serving both it and the latest-release JSON.
    fn new(listed: bool) -> Setup {
        let root = tempfile::tempdir().unwrap();
        let (asset, bytes, sha) = archive().clone();
        // The action's files, as the runner checks them out.
        let action = root.path().join("action-checkout");
        std::fs::create_dir_all(action.join("action")).unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("action");
        for name in ["install.sh", "run.sh", "summary.py", "checksums.txt"] {
            std::fs::copy(src.join(name), action.join("action").join(name)).unwrap();
        }
        if listed {
            let mut table = std::fs::read_to_string(action.join("action/checksums.txt")).unwrap();
            table.push_str(&format!("{sha}  v{VERSION}/{asset}\n"));
            std::fs::write(action.join("action/checksums.txt"), table).unwrap();
        }
        let mirror = mirror(vec![
            (format!("/download/v{VERSION}/{asset}"), bytes),
            (
                "/latest".to_owned(),
                format!(
                    "{{\n  \"tag_name\": \"v{VERSION}\",\n  \"name\": \"ppcert {VERSION}\"\n}}"
                )
                .into_bytes(),
            ),
        ]);
        Setup {
            root,
            mirror,
            asset,
            sha,
        }
    }

    fn install(&self, env: &[(&str, &str)]) -> (Output, PathBuf, String) {
        let (arch, _) = platform();
        let outputs = self.root.path().join("github-output.txt");
        let path_file = self.root.path().join("github-path.txt");
        let _ = std::fs::remove_file(&outputs);
        let _ = std::fs::remove_file(&path_file);
        let fake_bin = self.root.path().join("fake-bin");
        std::fs::create_dir_all(&fake_bin).unwrap();
        // A `cargo` that records being called and installs the binary under test, so a test can
        // tell whether the source fallback ran.
        let marker = self.root.path().join("cargo-was-called");
        std::fs::write(
            fake_bin.join("cargo"),
            format!(
                "#!/bin/sh\ntouch '{}'\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\nmkdir -p \"$root/bin\" && cp '{}' \"$root/bin/ppcert\"\n",
                marker.display(),
                env!("CARGO_BIN_EXE_ppcert")
            ),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                fake_bin.join("cargo"),
                std::fs::Permissions::from_mode(0o755),
            )
            .unwrap();
        }
        let path = format!(
            "{}:{}",
            fake_bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let temp = self.root.path().join("runner-temp");
        std::fs::create_dir_all(&temp).unwrap();
        let mut cmd = Command::new("bash");
        cmd.arg(self.root.path().join("action-checkout/action/install.sh"))
            .env("PATH", path)
            .env(
                "GITHUB_ACTION_PATH",
                self.root.path().join("action-checkout"),
            )
            .env("GITHUB_OUTPUT", &outputs)
            .env("GITHUB_PATH", &path_file)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", arch)
            .env("RUNNER_TEMP", &temp)
            .env("RUNNER_TOOL_CACHE", self.root.path().join("tool-cache"))
            .env(
                "PPCERT_RELEASES_URL",
                format!("{}/download", self.mirror.base),
            )
            .env("PPCERT_LATEST_URL", format!("{}/latest", self.mirror.base))
            .env_remove("GITHUB_TOKEN")
            .env_remove("INPUT_VERSION")
            .env_remove("INPUT_INSTALL")
            .env_remove("INPUT_CHECKSUM")
            .env_remove("GITHUB_ACTION_REF");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let bin_dir = PathBuf::from(
            std::fs::read_to_string(&path_file)
                .unwrap_or_default()
                .trim(),
        );
        let outputs = std::fs::read_to_string(&outputs).unwrap_or_default();
        (out, bin_dir, outputs)
    }

    fn cargo_called(&self) -> bool {
        self.root.path().join("cargo-was-called").exists()
    }

    fn downloads(&self) -> usize {
        self.mirror
            .hits
            .lock()
            .unwrap()
            .iter()
            .filter(|p| p.ends_with(&self.asset))
            .count()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_pinned_version_is_downloaded_verified_cached_and_lints() {
    let s = Setup::new(true);
    let (out, bin, outputs) = s.install(&[("INPUT_VERSION", VERSION)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        outputs.contains(&format!("ppcert-version={VERSION}")),
        "{outputs}"
    );
    assert!(
        bin.starts_with(s.root.path().join("tool-cache/ppcert").join(VERSION)),
        "{}",
        bin.display()
    );
    assert_eq!(s.downloads(), 1);
    assert!(!s.cargo_called(), "no compiling");
    // The installed binary lints.
    let lint = Command::new(bin.join("ppcert"))
        .args(["lint", "samples/certified-connectors/Contoso Tasks"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(0), "{}", text(&lint.stdout));
    // A second job on the same runner: the tool cache, no download.
    let (out, bin2, _) = s.install(&[("INPUT_VERSION", &format!("v{VERSION}"))]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("from the tool cache"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(bin2, bin);
    assert_eq!(s.downloads(), 1, "a cache hit downloads nothing");
}

#[test]
fn the_version_comes_from_the_input_the_actions_ref_or_the_latest_release() {
    let s = Setup::new(true);
    // The action's own release tag.
    let (out, _, outputs) = s.install(&[("GITHUB_ACTION_REF", &format!("v{VERSION}"))]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(outputs.contains(&format!("ppcert-version={VERSION}")));
    assert!(!s.mirror.hits.lock().unwrap().iter().any(|p| p == "/latest"));
    // A branch ref: the latest release, asked with the token in a header.
    let s = Setup::new(true);
    let (out, _, outputs) = s.install(&[
        ("GITHUB_ACTION_REF", "main"),
        ("GITHUB_TOKEN", "ghs_not_a_real_token_123"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        outputs.contains(&format!("ppcert-version={VERSION}")),
        "{outputs}"
    );
    let hits = s.mirror.hits.lock().unwrap().clone();
    let at = hits
        .iter()
        .position(|p| p == "/latest")
        .expect("latest asked");
    assert!(
        s.mirror.authorized.lock().unwrap()[at],
        "the token goes in a header"
    );
    assert!(!text(&out.stdout).contains("ghs_not_a_real_token_123"));
    assert!(!text(&out.stderr).contains("ghs_not_a_real_token_123"));
    // A bad version is refused before any download.
    let (out, _, _) = s.install(&[("INPUT_VERSION", "../../etc")]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_checksum_mismatch_or_an_unlisted_version_is_refused() {
    let s = Setup::new(true);
    let wrong = "0".repeat(64);
    let (out, bin, _) = s.install(&[("INPUT_VERSION", VERSION), ("INPUT_CHECKSUM", &wrong)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("checksum mismatch"),
        "{}",
        text(&out.stderr)
    );
    assert!(bin.as_os_str().is_empty(), "nothing put on PATH");
    assert!(
        !s.root
            .path()
            .join(format!("tool-cache/ppcert/{VERSION}"))
            .join(platform_dir())
            .join("ppcert")
            .exists()
    );
    // The right checksum given explicitly works for a version the table lacks.
    let s = Setup::new(false);
    let (out, _, _) = s.install(&[("INPUT_VERSION", VERSION)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no checksum is known"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(s.downloads(), 0);
    let sha = s.sha.clone();
    let (out, _, _) = s.install(&[("INPUT_VERSION", VERSION), ("INPUT_CHECKSUM", &sha)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!s.cargo_called());
}

fn platform_dir() -> &'static str {
    match platform().0 {
        "ARM64" => "arm64",
        _ => "x64",
    }
}

#[test]
fn building_from_source_happens_only_when_asked() {
    let s = Setup::new(true);
    let (out, bin, outputs) = s.install(&[("INPUT_INSTALL", "source")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(s.cargo_called());
    assert_eq!(s.downloads(), 0);
    assert!(bin.join("ppcert").exists());
    assert!(outputs.contains("ppcert-version="));
    let (out, _, _) = s.install(&[("INPUT_INSTALL", "compile")]);
    assert_eq!(out.status.code(), Some(2));
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(ok.status.success(), "git {args:?}: {}", text(&ok.stderr));
}

#[test]
fn run_writes_a_job_summary_and_explains_a_shallow_checkout() {
    let root = tempfile::tempdir().unwrap();
    let repo = root.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/failing");
    let copy = Command::new("cp")
        .arg("-r")
        .arg(&samples)
        .arg(repo.join("failing"))
        .status()
        .unwrap();
    assert!(copy.success());
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "one"]);
    std::fs::write(repo.join("note.txt"), "two").unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "two"]);

    let summary = root.path().join("summary.md");
    let run = |dir: &Path, env: &[(&str, &str)]| {
        let mut cmd = Command::new("bash");
        cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh"))
            .current_dir(dir)
            .env("PPCERT", env!("CARGO_BIN_EXE_ppcert"))
            .env("GITHUB_OUTPUT", root.path().join("out.txt"))
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let out = run(
        &repo,
        &[("INPUT_PATHS", "failing"), ("INPUT_FORMAT", "concise")],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("### ppcert "), "{md}");
    assert!(
        md.contains("| Rule | Severity | Findings | What it checks |"),
        "{md}"
    );
    assert!(md.contains("[`title-max-length`](https://github.com/ppcert/ppcert/blob/main/docs/rules.md#title-max-length) | error |"), "{md}");

    // A shallow clone and --changed-since: a clear message, exit 2.
    let shallow = root.path().join("shallow");
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", repo.display()))
        .arg(&shallow)
        .status()
        .unwrap();
    assert!(status.success());
    let out = run(&shallow, &[("INPUT_CHANGED_SINCE", "origin/main")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stdout).contains("fetch-depth: 0"),
        "{}",
        text(&out.stdout)
    );
}
