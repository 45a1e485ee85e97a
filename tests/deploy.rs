//! `ppcert login / env / connector / deploy / download / validate` end to end, against a
//! stateful fake of the identity platform, the PowerApps and Flow resource providers, blob
//! storage and Dataverse on loopback (tests/support/fake_powerplatform.rs). The client is the
//! real binary; `PPCERT_NETWORK=loopback-only` makes any request that escaped the overrides
//! fail.

#[path = "support/fake_powerplatform.rs"]
mod fake_powerplatform;

use fake_powerplatform::{DeviceOutcome, FakeOptions, FakePowerPlatform, Injection, LogEntry};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SAMPLE: &str = "samples/certified-connectors/Contoso Tasks";

struct World {
    fake: FakePowerPlatform,
    config: tempfile::TempDir,
    work: tempfile::TempDir,
    /// Every stdout and stderr of the run, for the leak checks.
    said: std::cell::RefCell<String>,
}

impl World {
    fn new(opts: FakeOptions) -> World {
        World {
            fake: FakePowerPlatform::start(opts),
            config: tempfile::tempdir().unwrap(),
            work: tempfile::tempdir().unwrap(),
            said: Default::default(),
        }
    }

    /// A copy of the sample connector (with a script) in the work folder.
    fn connector(&self, name: &str) -> PathBuf {
        let dir = self.work.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
        for entry in std::fs::read_dir(root).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
        std::fs::write(
            dir.join("script.csx"),
            "public class Script : ScriptBase\n{\n    public override async Task<HttpResponseMessage> ExecuteAsync()\n    {\n        return await this.Context.SendAsync(this.Context.Request, this.CancellationToken).ConfigureAwait(false);\n    }\n}\n",
        )
        .unwrap();
        dir
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ppcert"));
        cmd.args(args)
            .current_dir(self.work.path())
            .stdin(Stdio::null())
            .env("PPCERT_CONFIG_DIR", self.config.path())
            .env("PPCERT_TOKEN_STORE", "file")
            .env("PPCERT_NETWORK", "loopback-only")
            .env("NO_COLOR", "1")
            .env_remove("PPCERT_ACCESS_TOKEN")
            .env_remove("PPCERT_CLIENT_ID")
            .env_remove("PPCERT_CLIENT_SECRET")
            .env_remove("PPCERT_TENANT_ID")
            .env_remove("HTTPS_PROXY")
            .env_remove("https_proxy")
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .env_remove("ALL_PROXY");
        for (k, v) in self.fake.env_vars() {
            cmd.env(k, v);
        }
        cmd
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = self.command(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let mut said = self.said.borrow_mut();
        said.push_str(&String::from_utf8_lossy(&out.stdout));
        said.push_str(&String::from_utf8_lossy(&out.stderr));
        out
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    fn login(&self) {
        let out = self.run(&["login"]);
        expect(&out, 0);
    }

    /// Every secret the fake handed out or was given, for the leak checks.
    fn secrets(&self) -> Vec<String> {
        let mut out = Vec::new();
        for entry in self.fake.log() {
            for (name, value) in &entry.headers {
                if name == "authorization"
                    && let Some(token) = value.strip_prefix("Bearer ")
                {
                    out.push(token.to_owned());
                }
            }
            let body = String::from_utf8_lossy(&entry.body).into_owned();
            for pair in body.split('&') {
                if let Some((k, v)) = pair.split_once('=')
                    && matches!(k, "refresh_token" | "client_secret" | "device_code")
                {
                    out.push(urldecode(v));
                }
            }
            if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&entry.body) {
                collect_secret_values(&v, &mut out);
            }
            if let Some(sig) = entry.query.split('&').find_map(|p| p.strip_prefix("sig=")) {
                out.push(sig.to_owned());
            }
        }
        out.retain(|s| s.len() >= 8);
        out.sort();
        out.dedup();
        out
    }

    /// Nothing said and no file written outside the token store holds a secret.
    fn assert_no_leak(&self, extra: &[&str]) {
        let mut secrets = self.secrets();
        secrets.extend(extra.iter().map(|s| s.to_string()));
        assert!(!secrets.is_empty());
        let said = self.said.borrow();
        for secret in &secrets {
            assert!(
                !said.contains(secret.as_str()),
                "a secret was printed: …{}…",
                &secret[..8]
            );
        }
        for file in files_under(self.work.path())
            .into_iter()
            .chain(files_under(self.config.path()))
        {
            if file.file_name().is_some_and(|n| n == "tokens.json") {
                continue;
            }
            let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{} holds a secret",
                    file.display()
                );
            }
        }
    }
}

fn collect_secret_values(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                if matches!(
                    k.as_str(),
                    "access_token" | "refresh_token" | "clientSecret" | "id_token"
                ) && let Some(s) = v.as_str()
                {
                    out.push(s.to_owned());
                }
                collect_secret_values(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_secret_values(v, out)),
        _ => {}
    }
}

fn urldecode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap_or(b'?'));
                i += 3;
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

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
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

fn expect(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

fn count(log: &[LogEntry], method: &str, path_part: &str) -> usize {
    log.iter()
        .filter(|e| e.method == method && e.path.contains(path_part))
        .count()
}

fn json_file(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap();
    serde_json::from_slice(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).unwrap()
}

fn settings_of(dir: &Path) -> serde_json::Value {
    json_file(&dir.join("settings.json"))
}

#[test]
fn the_authoring_loop_login_create_edit_update_download_diff() {
    let w = World::new(FakeOptions::default());
    let out = w.run(&["login"]);
    expect(&out, 0);
    assert!(
        stderr(&out).contains("enter the code FAKE-"),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("Signed in as author@contoso.example"),
        "{}",
        stdout(&out)
    );
    let log = w.fake.log();
    let device = log
        .iter()
        .find(|e| e.path.ends_with("/devicecode"))
        .unwrap();
    let form = String::from_utf8_lossy(&device.body);
    assert!(form.contains("offline_access"), "{form}");
    assert!(
        form.contains("service.powerapps.com%2F%2F.default"),
        "{form}"
    );

    // Create.
    let dir = w.connector("certified-connectors/Contoso Tasks");
    let out = w.run(&[
        "deploy",
        "certified-connectors/Contoso Tasks",
        "--env",
        "env-dev-0001",
    ]);
    expect(&out, 0);
    let said = stderr(&out);
    assert!(said.contains("stackOwner was left out"), "{said}");
    assert!(said.contains("Profile: certified"), "{said}");
    let id = stdout(&out)
        .split_whitespace()
        .find(|w| w.starts_with("shared_"))
        .expect("the new id is printed")
        .to_owned();
    let stored = w.fake.connector(&id).expect("created");
    assert_eq!(stored.env, "env-dev-0001");
    assert_eq!(stored.created_via, "rp");
    assert_eq!(
        stored.icon.as_deref(),
        Some(std::fs::read(dir.join("icon.png")).unwrap().as_slice())
    );
    assert_eq!(
        stored.script.as_deref(),
        Some(std::fs::read(dir.join("script.csx")).unwrap().as_slice())
    );
    assert!(stored.properties.get("stackOwner").is_none());
    let log = w.fake.log();
    let create = log
        .iter()
        .find(|e| e.method == "POST" && e.path.ends_with("/apis"))
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&create.body).unwrap();
    assert_eq!(body["properties"]["displayName"], "Contoso Tasks");
    assert!(body["properties"]["openApiDefinition"].is_object());
    assert_eq!(body["properties"]["environment"]["name"], "env-dev-0001");
    assert!(
        create
            .query
            .contains("%24filter=environment%20eq%20%27env-dev-0001%27"),
        "{}",
        create.query
    );
    for upload in log.iter().filter(|e| e.method == "PUT") {
        assert!(
            !upload.headers.iter().any(|(k, _)| k == "authorization"),
            "no token goes to storage"
        );
        assert!(
            upload
                .headers
                .iter()
                .any(|(k, v)| k == "x-ms-blob-type" && v == "BlockBlob")
        );
    }
    // settings.json as paconn writes it.
    let settings = std::fs::read_to_string(dir.join("settings.json")).unwrap();
    assert!(settings.starts_with(&format!("{{\n  \"connectorId\": \"{id}\",\n  \"environment\": \"env-dev-0001\",\n  \"apiProperties\": \"apiProperties.json\",\n  \"apiDefinition\": \"apiDefinition.swagger.json\",\n  \"icon\": \"icon.png\",")), "{settings}");
    assert!(
        settings.ends_with("\"script\": \"script.csx\"\n}"),
        "{settings}"
    );

    // Update, unchanged: settings.json now names the connector.
    w.fake.clear_log();
    let out = w.run(&["deploy", "certified-connectors/Contoso Tasks"]);
    expect(&out, 0);
    assert!(stdout(&out).contains(&format!("Updated connector {id}")));
    let log = w.fake.log();
    assert_eq!(count(&log, "PATCH", &id), 1);
    assert_eq!(count(&log, "POST", "/apis"), 0);
    let patch = log.iter().find(|e| e.method == "PATCH").unwrap();
    let body: serde_json::Value = serde_json::from_slice(&patch.body).unwrap();
    assert!(
        body["properties"].get("displayName").is_none(),
        "update never renames"
    );

    // Edit, update.
    let def = dir.join("apiDefinition.swagger.json");
    let text = std::fs::read_to_string(&def).unwrap();
    let edited = text.replacen("\"description\": \"", "\"description\": \"Edited. ", 1);
    assert_ne!(text, edited);
    std::fs::write(&def, &edited).unwrap();
    let out = w.run(&["deploy", "certified-connectors/Contoso Tasks"]);
    expect(&out, 0);
    let stored = w.fake.connector(&id).unwrap();
    assert!(stored.updates >= 2);
    assert!(stored.swagger.to_string().contains("Edited. "));

    // Download into a fresh folder: the same files up to formatting, and `ppcert diff` agrees.
    let out = w.run(&[
        "download",
        "--env",
        "env-dev-0001",
        "--connector-id",
        &id,
        "--out",
        "pulled",
    ]);
    expect(&out, 0);
    let pulled = w.work.path().join("pulled");
    assert_eq!(
        json_file(&pulled.join("apiDefinition.swagger.json")),
        json_file(&def)
    );
    let mut local_props = json_file(&dir.join("apiProperties.json"));
    local_props["properties"]
        .as_object_mut()
        .unwrap()
        .remove("stackOwner");
    assert_eq!(json_file(&pulled.join("apiProperties.json")), local_props);
    assert_eq!(
        std::fs::read(pulled.join("icon.png")).unwrap(),
        std::fs::read(dir.join("icon.png")).unwrap()
    );
    assert_eq!(
        std::fs::read(pulled.join("script.csx")).unwrap(),
        std::fs::read(dir.join("script.csx")).unwrap()
    );
    assert_eq!(settings_of(&pulled)["connectorId"], id.as_str());
    let out = w.run(&["diff", dir.to_str().unwrap(), pulled.to_str().unwrap()]);
    expect(&out, 0);
    assert!(stdout(&out).contains("No changes"), "{}", stdout(&out));

    // Download over the folder itself: nothing changed (stackOwner, never sent, is kept).
    let out = w.run(&["download", "certified-connectors/Contoso Tasks"]);
    expect(&out, 0);
    assert!(!stdout(&out).contains("changed:"), "{}", stdout(&out));
    assert_eq!(
        json_file(&dir.join("apiProperties.json"))["properties"]["stackOwner"],
        "Contoso Ltd"
    );
    w.assert_no_leak(&[]);
}

#[test]
fn a_second_command_refreshes_silently_and_status_never_shows_a_token() {
    let w = World::new(FakeOptions {
        // Less than the five-minute margin: every run refreshes.
        access_token_lifetime: 120,
        pending_polls: 2,
        ..FakeOptions::default()
    });
    w.login();
    w.fake.clear_log();
    let out = w.run(&["env", "list"]);
    expect(&out, 0);
    let log = w.fake.log();
    let refreshes = log
        .iter()
        .filter(|e| {
            e.path.ends_with("/token")
                && String::from_utf8_lossy(&e.body).contains("grant_type=refresh_token")
        })
        .count();
    assert_eq!(refreshes, 1, "one silent refresh, no prompt");
    assert_eq!(count(&log, "POST", "/devicecode"), 0);
    let out = w.run(&["login", "--status"]);
    expect(&out, 0);
    assert!(
        stdout(&out).contains("Signed in as author@contoso.example"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("valid until"), "{}", stdout(&out));
    let tokens = std::fs::read_to_string(w.config.path().join("tokens.json")).unwrap();
    assert!(tokens.contains("RT-"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(w.config.path().join("tokens.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    w.assert_no_leak(&[]);
    // Logout forgets it; a second logout says there is nothing to forget.
    expect(&w.run(&["logout"]), 0);
    assert!(!w.config.path().join("tokens.json").exists());
    let out = w.run(&["env", "list"]);
    expect(&out, 2);
    assert!(stderr(&out).contains("not signed in"), "{}", stderr(&out));
    let out = w.run(&["logout"]);
    expect(&out, 0);
    assert!(stdout(&out).contains("Not signed in"));
}

#[test]
fn a_revoked_sign_in_says_to_log_in_again() {
    let w = World::new(FakeOptions::default());
    w.login();
    w.fake.revoke_refresh_tokens();
    let out = w.run(&["env", "list"]);
    expect(&out, 2);
    assert!(
        stderr(&out).contains("run `ppcert login`"),
        "{}",
        stderr(&out)
    );
    let out = w.run(&["login", "--status"]);
    expect(&out, 1);
    w.assert_no_leak(&[]);
}

#[test]
fn declined_and_expired_device_codes_end_cleanly() {
    for (outcome, words) in [
        (DeviceOutcome::Declined, "declined"),
        (DeviceOutcome::Expired, "expired"),
    ] {
        let w = World::new(FakeOptions {
            device_outcome: outcome,
            slow_down_first: true,
            interval_as_string: true,
            ..FakeOptions::default()
        });
        let out = w.run(&["login"]);
        expect(&out, 2);
        assert!(stderr(&out).contains(words), "{}", stderr(&out));
        assert!(!w.config.path().join("tokens.json").exists());
    }
}

#[test]
fn ci_uses_a_ready_token_or_client_credentials_without_a_prompt() {
    let w = World::new(FakeOptions::default());
    let token = w.fake.mint_access_token("https://service.powerapps.com/");
    let out = w.run_with(
        &["env", "list", "--json"],
        &[("PPCERT_ACCESS_TOKEN", &token)],
    );
    expect(&out, 0);
    let envs: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(envs.as_array().unwrap().len(), 3);
    assert!(
        !w.config.path().join("tokens.json").exists(),
        "a CI token is never stored"
    );

    let secret = fake_powerplatform::ci_secret();
    let creds = [
        ("PPCERT_CLIENT_ID", "ci-app-id"),
        ("PPCERT_CLIENT_SECRET", secret.as_str()),
        ("PPCERT_TENANT_ID", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"),
    ];
    let out = w.run_with(&["connector", "list", "--env", "env-dev-0001"], &creds);
    expect(&out, 0);
    let grant = w
        .fake
        .log()
        .into_iter()
        .find(|e| String::from_utf8_lossy(&e.body).contains("grant_type=client_credentials"))
        .expect("client credentials used");
    assert!(String::from_utf8_lossy(&grant.body).contains("client_id=ci-app-id"));

    let wrong = format!("{secret}-wrong");
    let out = w.run_with(
        &["env", "list"],
        &[
            ("PPCERT_CLIENT_ID", "ci-app-id"),
            ("PPCERT_CLIENT_SECRET", wrong.as_str()),
            ("PPCERT_TENANT_ID", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"),
        ],
    );
    expect(&out, 2);
    assert!(stderr(&out).contains("invalid_client"), "{}", stderr(&out));
    let out = w.run_with(
        &["env", "list"],
        &[("PPCERT_CLIENT_SECRET", secret.as_str())],
    );
    expect(&out, 2);
    assert!(
        stderr(&out).contains("PPCERT_CLIENT_ID and PPCERT_TENANT_ID"),
        "{}",
        stderr(&out)
    );
    w.assert_no_leak(&[&token, &secret, &wrong]);
}

#[test]
fn environments_are_all_listed_with_default_and_dataverse_marked() {
    let w = World::new(FakeOptions::default());
    w.login();
    let out = w.run(&["env", "list"]);
    expect(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("env-dev-0001"), "{text}");
    assert!(
        text.contains("env-test-0002"),
        "two environments of the same name both show: {text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("Default-") && l.contains("default")),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("env-dev-0001") && l.contains("/dataverse/env-dev-0001/")),
        "{text}"
    );

    let w = World::new(FakeOptions {
        powerapps_env_list_fails: Some(404),
        ..FakeOptions::default()
    });
    w.login();
    let out = w.run(&["env", "list", "--json"]);
    expect(&out, 0);
    assert!(stderr(&out).contains("Power Automate"), "{}", stderr(&out));
    assert_eq!(
        count(&w.fake.log(), "GET", "Microsoft.ProcessSimple/environments"),
        1
    );
}

#[test]
fn connector_list_follows_pages_and_shows_custom_connectors() {
    let w = World::new(FakeOptions::default());
    for i in 0..5 {
        w.fake
            .add_connector("env-dev-0001", &format!("Custom {i}"), true, "Ada Author");
    }
    w.login();
    let out = w.run(&["connector", "list", "--env", "env-dev-0001", "--json"]);
    expect(&out, 0);
    let items: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 5, "{items}");
    assert!(count(&w.fake.log(), "GET", "/apis") >= 3, "pages followed");
    let out = w.run(&["connector", "list", "--env", "env-dev-0001", "--all"]);
    expect(&out, 0);
    assert!(stdout(&out).contains("shared_office365"));
    let out = w.run(&["connector", "list", "--env", "nowhere"]);
    expect(&out, 2);
    assert!(
        stderr(&out).contains("403 Forbidden: EnvironmentAccessDenied"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn lint_errors_stop_a_deploy_unless_forced() {
    let w = World::new(FakeOptions::default());
    w.login();
    let dir = w.connector("certified-connectors/Broken");
    let def = dir.join("apiDefinition.swagger.json");
    let mut swagger = json_file(&def);
    swagger["info"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    std::fs::write(&def, serde_json::to_string_pretty(&swagger).unwrap()).unwrap();
    w.fake.clear_log();
    let out = w.run(&[
        "deploy",
        "certified-connectors/Broken",
        "--env",
        "env-dev-0001",
    ]);
    expect(&out, 1);
    assert!(stderr(&out).contains("not deploying"), "{}", stderr(&out));
    assert!(w.fake.log().is_empty(), "nothing is sent");
    let out = w.run(&[
        "deploy",
        "certified-connectors/Broken",
        "--env",
        "env-dev-0001",
        "--force",
        "--no-validate",
    ]);
    expect(&out, 0);
    assert!(
        stderr(&out).contains("DEPLOYING DESPITE"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("info.description is missing"),
        "{}",
        stderr(&out)
    );
}

fn oauth_connector(w: &World, name: &str) -> PathBuf {
    let dir = w.connector(name);
    let props = dir.join("apiProperties.json");
    let mut v = json_file(&props);
    v["properties"]["connectionParameters"] = serde_json::json!({
        "token": {
            "type": "oauthSetting",
            "oAuthSettings": {
                "identityProvider": "oauth2",
                "clientId": "contoso-client",
                "scopes": ["tasks.read"],
                "redirectMode": "GlobalPerConnector",
                "customParameters": {
                    "authorizationUrl": {"value": "https://login.contoso.example/authorize"},
                    "tokenUrl": {"value": "https://login.contoso.example/token"},
                    "refreshUrl": {"value": "https://login.contoso.example/token"}
                }
            }
        }
    });
    std::fs::write(&props, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    dir
}

#[test]
fn the_oauth_client_secret_comes_from_an_environment_variable_and_is_never_shown() {
    let w = World::new(FakeOptions::default());
    w.login();
    oauth_connector(&w, "certified-connectors/OAuth");
    // No secret and no terminal: creating is refused before anything is sent.
    w.fake.clear_log();
    let out = w.run(&[
        "deploy",
        "certified-connectors/OAuth",
        "--env",
        "env-dev-0001",
        "--force",
    ]);
    expect(&out, 2);
    assert!(stderr(&out).contains("--secret-env"), "{}", stderr(&out));
    assert_eq!(count(&w.fake.log(), "POST", "/apis"), 0);

    let secret = format!("oauth-secret-{}", "q".repeat(24));
    let out = w.run_with(
        &[
            "deploy",
            "certified-connectors/OAuth",
            "--env",
            "env-dev-0001",
            "--force",
            "--secret-env",
            "CONTOSO_SECRET",
            "--dry-run",
        ],
        &[("CONTOSO_SECRET", &secret)],
    );
    expect(&out, 0);
    assert!(
        stdout(&out).contains("\"clientSecret\": \"***\""),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        count(&w.fake.log(), "POST", "/apis"),
        0,
        "a dry run sends nothing"
    );

    let out = w.run_with(
        &[
            "deploy",
            "certified-connectors/OAuth",
            "--env",
            "env-dev-0001",
            "--force",
            "--secret-env",
            "CONTOSO_SECRET",
        ],
        &[("CONTOSO_SECRET", &secret)],
    );
    expect(&out, 0);
    let id = settings_of(&w.work.path().join("certified-connectors/OAuth"))["connectorId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        w.fake.connector(&id).unwrap().client_secret.as_deref(),
        Some(secret.as_str())
    );
    // An update without the secret keeps the connector's.
    let out = w.run(&["deploy", "certified-connectors/OAuth", "--force"]);
    expect(&out, 0);
    assert!(
        stderr(&out).contains("keeps the one it has"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        w.fake.connector(&id).unwrap().client_secret.as_deref(),
        Some(secret.as_str())
    );
    w.assert_no_leak(&[&secret]);
}

#[test]
fn an_update_without_a_script_keeps_the_connectors_code_unless_asked() {
    let w = World::new(FakeOptions::default());
    w.login();
    let dir = w.connector("certified-connectors/Scripted");
    expect(
        &w.run(&[
            "deploy",
            "certified-connectors/Scripted",
            "--env",
            "env-dev-0001",
        ]),
        0,
    );
    let id = settings_of(&dir)["connectorId"]
        .as_str()
        .unwrap()
        .to_owned();
    std::fs::remove_file(dir.join("script.csx")).unwrap();
    // settings.json still names the script: take it out, as an author removing it would.
    let mut s = settings_of(&dir);
    s.as_object_mut().unwrap().remove("script");
    std::fs::write(
        dir.join("settings.json"),
        serde_json::to_string_pretty(&s).unwrap(),
    )
    .unwrap();
    let out = w.run(&["deploy", "certified-connectors/Scripted"]);
    expect(&out, 0);
    assert!(
        stderr(&out).contains("keeps its custom code"),
        "{}",
        stderr(&out)
    );
    assert!(w.fake.connector(&id).unwrap().script.is_some());
    let out = w.run(&["deploy", "certified-connectors/Scripted", "--clear-script"]);
    expect(&out, 0);
    assert!(w.fake.connector(&id).unwrap().script.is_none());
}

#[test]
fn http_failures_are_explained_retried_where_safe_and_never_crash() {
    let w = World::new(FakeOptions::default());
    w.login();
    w.fake
        .add_connector("env-dev-0001", "Listed", true, "Ada Author");
    let list = ["connector", "list", "--env", "env-dev-0001"];

    // 429 with Retry-After, then success.
    w.fake.inject(Injection {
        content_type: Some("application/json".into()),
        retry_after: Some("1".into()),
        ..Injection::new(
            "GET",
            "/apis",
            429,
            r#"{"error":{"code":"TooManyRequests","message":"Slow down."}}"#,
        )
    });
    let out = w.run(&list);
    expect(&out, 0);
    assert!(stderr(&out).contains("throttling"), "{}", stderr(&out));
    // An HTML 503, twice, then success: reads are retried.
    w.fake.inject(Injection {
        content_type: Some("text/html".into()),
        times: 2,
        ..Injection::new(
            "GET",
            "/apis",
            503,
            "<html><head><title>503 Service Unavailable</title></head></html>",
        )
    });
    expect(&w.run(&list), 0);
    // A 500 that stays: the JSON message, the status, no crash.
    w.fake.inject(Injection {
        content_type: Some("application/json".into()),
        times: 3,
        ..Injection::new(
            "GET",
            "/apis",
            500,
            r#"{"error":{"code":"ApiHubsRequestFailed","message":"An APIM policy failed."}}"#,
        )
    });
    let out = w.run(&list);
    expect(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("listing the connectors of environment env-dev-0001"),
        "{err}"
    );
    assert!(
        err.contains("500 Internal Server Error: ApiHubsRequestFailed: An APIM policy failed."),
        "{err}"
    );
    // 401 and 403 say what to do; an empty body is said to be empty.
    for (status, words) in [
        (401, "ppcert login"),
        (403, "Environment Maker"),
        (404, "ppcert env list"),
    ] {
        w.fake.inject(Injection::new("GET", "/apis", status, ""));
        let out = w.run(&list);
        expect(&out, 2);
        assert!(stderr(&out).contains(words), "{status}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("(empty body)"),
            "{status}: {}",
            stderr(&out)
        );
    }
    // Creating is not retried on a 5xx (it may have happened); an update is, once, on a 502.
    let dir = w.connector("certified-connectors/Flaky");
    w.fake.clear_log();
    w.fake.inject(Injection::new(
        "POST",
        "/providers/Microsoft.PowerApps/apis",
        502,
        "",
    ));
    let out = w.run(&[
        "deploy",
        "certified-connectors/Flaky",
        "--env",
        "env-dev-0001",
    ]);
    expect(&out, 2);
    assert_eq!(count(&w.fake.log(), "POST", "/apis"), 1);
    expect(
        &w.run(&[
            "deploy",
            "certified-connectors/Flaky",
            "--env",
            "env-dev-0001",
        ]),
        0,
    );
    let id = settings_of(&dir)["connectorId"]
        .as_str()
        .unwrap()
        .to_owned();
    w.fake.clear_log();
    w.fake.inject(Injection::new("PATCH", &id, 502, ""));
    expect(&w.run(&["deploy", "certified-connectors/Flaky"]), 0);
    assert_eq!(count(&w.fake.log(), "PATCH", &id), 2);
    w.assert_no_leak(&[]);
}

#[test]
fn stack_owner_is_sent_only_when_asked_and_the_service_refusal_is_quoted() {
    let w = World::new(FakeOptions::default());
    w.login();
    w.connector("certified-connectors/Owned");
    let out = w.run(&[
        "deploy",
        "certified-connectors/Owned",
        "--env",
        "env-dev-0001",
        "--keep-stack-owner",
    ]);
    expect(&out, 2);
    assert!(
        stderr(&out).contains(
            "Could not find member 'stackOwner' on object of type 'ApiPropertiesDefinition'"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_connector_goes_into_a_dataverse_solution() {
    let w = World::new(FakeOptions::default());
    w.login();
    let dir = w.connector("certified-connectors/Solution Aware");
    let out = w.run(&[
        "deploy",
        "certified-connectors/Solution Aware",
        "--env",
        "env-dev-0001",
        "--solution",
        "ContosoConnectors",
    ]);
    expect(&out, 0);
    assert!(
        stdout(&out).contains("Created connector"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("the icon is not sent"),
        "{}",
        stderr(&out)
    );
    let id = settings_of(&dir)["connectorId"]
        .as_str()
        .unwrap()
        .to_owned();
    let stored = w.fake.connector(&id).expect("visible to the PowerApps RP");
    assert_eq!(stored.created_via, "dataverse");
    assert_eq!(stored.solution.as_deref(), Some("ContosoConnectors"));
    let log = w.fake.log();
    let post = log
        .iter()
        .find(|e| e.method == "POST" && e.path.ends_with("/connectors"))
        .unwrap();
    assert!(
        post.headers
            .iter()
            .any(|(k, v)| k == "mscrm.solutionuniquename" && v == "ContosoConnectors")
    );
    let body: serde_json::Value = serde_json::from_slice(&post.body).unwrap();
    assert!(
        body["openapidefinition"].is_string(),
        "JSON columns are strings"
    );
    assert!(body["name"].as_str().unwrap().starts_with("contoso_"));
    // The Dataverse call carried a Dataverse token, obtained silently.
    assert!(
        log.iter()
            .any(|e| String::from_utf8_lossy(&e.body)
                .contains("dataverse%2Fenv-dev-0001%2F.default"))
    );
    // Again: an update of the same row.
    let out = w.run(&[
        "deploy",
        "certified-connectors/Solution Aware",
        "--solution",
        "ContosoConnectors",
    ]);
    expect(&out, 0);
    assert!(
        stdout(&out).contains("Updated connector"),
        "{}",
        stdout(&out)
    );
    assert_eq!(count(&w.fake.log(), "PATCH", "/connectors("), 1);
    // A managed solution and an environment without Dataverse are refused with the reason.
    let out = w.run(&[
        "deploy",
        "certified-connectors/Solution Aware",
        "--env",
        "env-dev-0001",
        "--solution",
        "ManagedThing",
    ]);
    expect(&out, 2);
    assert!(stderr(&out).contains("is managed"), "{}", stderr(&out));
    let out = w.run(&[
        "deploy",
        "certified-connectors/Solution Aware",
        "--env",
        "env-test-0002",
        "--solution",
        "ContosoConnectors",
    ]);
    expect(&out, 2);
    assert!(stderr(&out).contains("no Dataverse"), "{}", stderr(&out));
    w.assert_no_leak(&[]);
}

#[test]
fn validate_online_shows_both_verdicts_and_who_found_what() {
    let w = World::new(FakeOptions {
        validator_errors: vec![
            "Operation 'ListTasks' is missing a summary.".into(),
            "The host 'api.contoso.example' could not be resolved.".into(),
        ],
        ..FakeOptions::default()
    });
    w.login();
    let dir = w.connector("certified-connectors/Checked");
    let def = dir.join("apiDefinition.swagger.json");
    let text = std::fs::read_to_string(&def).unwrap();
    std::fs::write(&def, text.replacen("\"summary\": \"List tasks\",", "", 1)).unwrap();
    let out = w.run(&["validate", dir.to_str().unwrap(), "--online"]);
    expect(&out, 1);
    let text = stdout(&out);
    assert!(
        text.contains("ppcert: 1 error, 0 warnings. Profile: certified"),
        "{text}"
    );
    assert!(
        text.contains(
            "Microsoft's validator (certification rules on): failed, 2 errors, 0 warnings"
        ),
        "{text}"
    );
    assert!(
        text.contains("Operation 'ListTasks' is missing a summary.\n          also found by ppcert: operation-summary-required"),
        "{text}"
    );
    assert!(
        text.contains("could not be resolved.\n          only Microsoft's validator found this"),
        "{text}"
    );
    let call = w
        .fake
        .log()
        .into_iter()
        .find(|e| e.path.ends_with("/validateApiSwagger"))
        .unwrap();
    assert!(
        call.query
            .contains("enableConnectorCertificationRules=true")
    );
    assert!(
        call.path.contains("11111111-2222-3333-4444-555555555555"),
        "the path carries the user's object id"
    );
    // Offline, nothing is sent.
    w.fake.clear_log();
    expect(&w.run(&["validate", dir.to_str().unwrap()]), 1);
    assert!(w.fake.log().is_empty());

    // Warnings only: both pass; the exit is 0.
    let w = World::new(FakeOptions {
        validator_warnings: vec!["Parameter 'top' has no x-ms-summary.".into()],
        ..FakeOptions::default()
    });
    w.login();
    let dir = w.connector("certified-connectors/Clean");
    let out = w.run(&["validate", dir.to_str().unwrap(), "--online"]);
    expect(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("passed, 0 errors, 1 warning"), "{text}");
    assert!(
        text.contains("warning Parameter 'top' has no x-ms-summary."),
        "{text}"
    );
}

#[test]
fn the_loopback_guard_refuses_real_hosts() {
    let w = World::new(FakeOptions::default());
    let out = w.run_with(
        &["login"],
        &[("PPCERT_LOGIN_URL", "https://login.microsoftonline.com")],
    );
    expect(&out, 2);
    assert!(stderr(&out).contains("loopback-only"), "{}", stderr(&out));
}
