//! Where a sign-in is kept between runs.
//!
//! The refresh token (the only secret kept) goes to the OS credential store through the
//! `keyring` crate: Windows Credential Manager, macOS Keychain, the Secret Service on Linux.
//! Where there is none (containers, CI, a Linux without a session bus), or the store refuses
//! the value (Windows limits a credential to 2,560 bytes), it goes to `tokens.json` in the
//! configuration folder, created with mode 0600 and replaced atomically, as `gh` does.
//! `PPCERT_TOKEN_STORE=file|keyring` forces one. What is not secret (who, which tenant, when)
//! is in `logins.json` beside it. Access tokens are never written: they live for an hour and
//! a run gets a fresh one from the refresh token.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

const KEYRING_SERVICE: &str = "ppcert";
/// A keyring that does not answer within this time is treated as absent (a Secret Service
/// being activated over D-Bus can take 25 s to fail).
const KEYRING_TIMEOUT: Duration = Duration::from_secs(3);

/// What is known of a sign-in, without its secret.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Login {
    pub account: String,
    #[serde(default)]
    pub name: Option<String>,
    pub oid: String,
    pub tid: String,
    /// The tenant asked for at sign-in (`organizations`, a GUID or a domain).
    pub tenant: String,
    pub client_id: String,
    pub cloud: String,
    pub login_url: String,
    /// Unix seconds.
    pub signed_in_at: u64,
    /// Unix seconds of the last successful refresh.
    pub refreshed_at: u64,
    /// `keyring` or `file`.
    pub store: String,
}

/// The configuration folder: `PPCERT_CONFIG_DIR`, else the platform's
/// (`~/.config/ppcert`, `%APPDATA%\ppcert\config`, `~/Library/Application Support/ppcert`).
pub fn config_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("PPCERT_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "ppcert")
        .map(|d| d.config_dir().to_path_buf())
        .ok_or_else(|| "no home folder to keep the sign-in in; set PPCERT_CONFIG_DIR".to_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Keyring,
    File,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Keyring => "keyring",
            Backend::File => "file",
        }
    }
}

pub struct Store {
    dir: PathBuf,
    forced: Option<Backend>,
}

impl Store {
    pub fn open() -> Result<Store, String> {
        let forced = match std::env::var("PPCERT_TOKEN_STORE").as_deref() {
            Ok("file") => Some(Backend::File),
            Ok("keyring") => Some(Backend::Keyring),
            Ok("") | Err(_) => None,
            Ok(other) => {
                return Err(format!(
                    "PPCERT_TOKEN_STORE must be `file` or `keyring`, not `{other}`"
                ));
            }
        };
        Ok(Store {
            dir: config_dir()?,
            forced,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn logins_path(&self) -> PathBuf {
        self.dir.join("logins.json")
    }

    fn tokens_path(&self) -> PathBuf {
        self.dir.join("tokens.json")
    }

    pub fn logins(&self) -> BTreeMap<String, Login> {
        std::fs::read(self.logins_path())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn login(&self, profile: &str) -> Option<Login> {
        self.logins().remove(profile)
    }

    /// Keeps `login` and its refresh token; returns the backend that took the secret and, when
    /// the keyring could not, why.
    pub fn save(
        &self,
        profile: &str,
        login: &Login,
        refresh_token: &str,
    ) -> Result<(Backend, Option<String>), String> {
        let mut why_not_keyring = None;
        // A sign-in already kept in the file stays there: asking an absent keyring again on every
        // renewal could cost its timeout each time.
        let forced = match (self.forced, login.store.as_str()) {
            (None, "file") => Some(Backend::File),
            (forced, _) => forced,
        };
        let backend = match forced {
            Some(Backend::File) => Backend::File,
            forced => match keyring_call(profile, KeyringOp::Set(refresh_token.to_owned())) {
                Ok(_) => Backend::Keyring,
                Err(e) if forced == Some(Backend::Keyring) => {
                    return Err(format!(
                        "PPCERT_TOKEN_STORE=keyring, but the keyring refused: {e}"
                    ));
                }
                Err(e) => {
                    why_not_keyring = Some(e);
                    Backend::File
                }
            },
        };
        let mut tokens = self.file_tokens();
        if backend == Backend::File {
            tokens.insert(profile.to_owned(), refresh_token.to_owned());
        } else {
            tokens.remove(profile);
        }
        self.write_tokens(&tokens)?;
        let mut logins = self.logins();
        let mut login = login.clone();
        login.store = backend.name().to_owned();
        logins.insert(profile.to_owned(), login);
        write_private(
            &self.logins_path(),
            serde_json::to_string_pretty(&logins)
                .unwrap_or_default()
                .as_bytes(),
        )?;
        Ok((backend, why_not_keyring))
    }

    /// The refresh token of `profile`, from wherever its login says it is.
    pub fn refresh_token(&self, profile: &str, login: &Login) -> Result<Option<String>, String> {
        if login.store == Backend::Keyring.name() {
            return match keyring_call(profile, KeyringOp::Get) {
                Ok(Some(token)) => Ok(Some(token)),
                Ok(None) => Ok(None),
                Err(e) => Err(format!(
                    "the sign-in is kept in the OS keyring, which cannot be read now: {e}"
                )),
            };
        }
        Ok(self.file_tokens().remove(profile))
    }

    /// Forgets `profile` everywhere; true when there was something to forget.
    pub fn remove(&self, profile: &str) -> Result<bool, String> {
        let mut logins = self.logins();
        let had_login = logins.remove(profile).is_some();
        let mut tokens = self.file_tokens();
        let had_file = tokens.remove(profile).is_some();
        // The keyring is asked even without a login record: an interrupted save may have left
        // a secret there.
        let had_keyring = self.forced != Some(Backend::File)
            && keyring_call(profile, KeyringOp::Delete)
                .unwrap_or(None)
                .is_some();
        if had_file || self.tokens_path().exists() {
            self.write_tokens(&tokens)?;
        }
        if had_login {
            write_private(
                &self.logins_path(),
                serde_json::to_string_pretty(&logins)
                    .unwrap_or_default()
                    .as_bytes(),
            )?;
        }
        Ok(had_login || had_file || had_keyring)
    }

    fn file_tokens(&self) -> BTreeMap<String, String> {
        std::fs::read(self.tokens_path())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn write_tokens(&self, tokens: &BTreeMap<String, String>) -> Result<(), String> {
        if tokens.is_empty() {
            return match std::fs::remove_file(self.tokens_path()) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!(
                    "cannot remove `{}`: {e}",
                    self.tokens_path().display()
                )),
                _ => Ok(()),
            };
        }
        write_private(
            &self.tokens_path(),
            serde_json::to_string_pretty(tokens)
                .unwrap_or_default()
                .as_bytes(),
        )
    }
}

/// Writes `bytes` to `path` readable by the owner only: a temporary file in the same folder
/// (created 0600, folder 0700), synced, then renamed over `path`.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| format!("cannot write `{}`: {e}", path.display());
    std::fs::create_dir_all(dir).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("ppcert"),
        std::process::id()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = (|| {
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

enum KeyringOp {
    Get,
    Set(String),
    Delete,
}

/// One keyring operation on its own thread, given up after [`KEYRING_TIMEOUT`]. `Ok(Some)` is
/// the secret read (or, for a delete, that there was one); `Ok(None)` that there is none.
fn keyring_call(profile: &str, op: KeyringOp) -> Result<Option<String>, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let user = profile.to_owned();
    std::thread::spawn(move || {
        let result = (|| {
            if let Err(e) = keyring::Entry::store_status() {
                return Err(format!("no OS keyring: {e}"));
            }
            let entry = keyring::Entry::new(KEYRING_SERVICE, &user).map_err(|e| e.to_string())?;
            match op {
                KeyringOp::Get => match entry.get_password() {
                    Ok(secret) => Ok(Some(secret)),
                    Err(keyring::Error::NoEntry) => Ok(None),
                    Err(e) => Err(e.to_string()),
                },
                KeyringOp::Set(secret) => entry
                    .set_password(&secret)
                    .map(|_| None)
                    .map_err(|e| e.to_string()),
                KeyringOp::Delete => match entry.delete_credential() {
                    Ok(()) => Ok(Some(String::new())),
                    Err(keyring::Error::NoEntry) => Ok(None),
                    Err(e) => Err(e.to_string()),
                },
            }
        })();
        let _ = tx.send(result);
    });
    rx.recv_timeout(KEYRING_TIMEOUT)
        .unwrap_or_else(|_| Err("the OS keyring did not answer".to_owned()))
        .map_err(|e| super::super::redact::clean(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login() -> Login {
        Login {
            account: "a@b.example".into(),
            name: None,
            oid: "o".into(),
            tid: "t".into(),
            tenant: "organizations".into(),
            client_id: "c".into(),
            cloud: "public".into(),
            login_url: "https://login.microsoftonline.com".into(),
            signed_in_at: 1,
            refreshed_at: 1,
            store: String::new(),
        }
    }

    #[test]
    fn file_store_round_trip_with_private_modes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store {
            dir: dir.path().join("cfg"),
            forced: Some(Backend::File),
        };
        let secret = format!("rt-{}", "z".repeat(30));
        let (backend, _) = store.save("public", &login(), &secret).unwrap();
        assert_eq!(backend, Backend::File);
        let kept = store.login("public").unwrap();
        assert_eq!(kept.store, "file");
        assert_eq!(
            store.refresh_token("public", &kept).unwrap(),
            Some(secret.clone())
        );
        let logins = std::fs::read_to_string(dir.path().join("cfg/logins.json")).unwrap();
        assert!(
            !logins.contains(&secret),
            "the secret stays out of logins.json"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &str| {
                std::fs::metadata(dir.path().join(p))
                    .unwrap()
                    .permissions()
                    .mode()
                    & 0o777
            };
            assert_eq!(mode("cfg/tokens.json"), 0o600);
            assert_eq!(mode("cfg"), 0o700);
        }
        assert!(store.remove("public").unwrap());
        assert!(!dir.path().join("cfg/tokens.json").exists());
        assert!(store.login("public").is_none());
        assert!(!store.remove("public").unwrap());
    }
}
