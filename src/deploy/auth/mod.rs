//! Signing in to the Microsoft identity platform (v2 endpoints) and getting access tokens.
//!
//! Where a token comes from, first match wins:
//! 1. `PPCERT_ACCESS_TOKEN`: a ready-made token (CI), used as is and never stored;
//! 2. `PPCERT_CLIENT_ID` + `PPCERT_CLIENT_SECRET` + `PPCERT_TENANT_ID`: client credentials
//!    (an app registered with Power Platform; experimental, see the README);
//! 3. the sign-in of `ppcert login` (device code), refreshed silently: a user signs in once.

pub mod jwt;
pub mod store;

use super::endpoints::Endpoints;
use super::http::{Http, HttpError, Method, Request, Retry};
use super::redact;
use jwt::Claims;
use secrecy::{ExposeSecret, SecretString};
use std::collections::HashMap;
use store::{Login, Store};

/// The Azure CLI's public client, which paconn signs in with: it needs no app registration.
pub const DEFAULT_CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
/// Power Platform is used with work or school accounts.
pub const DEFAULT_TENANT: &str = "organizations";
/// A token with less than this left is refreshed first.
const REFRESH_MARGIN: u64 = 300;

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Why no token could be had; the message says what to do.
#[derive(Debug, Clone)]
pub struct AuthError(pub String);

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&redact::clean(&self.0))
    }
}

impl From<HttpError> for AuthError {
    fn from(e: HttpError) -> AuthError {
        AuthError(e.to_string())
    }
}

/// Which service a token is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Audience {
    /// The PowerApps and Flow resource providers.
    PowerApps,
    /// A Dataverse environment, by its instance URL.
    Dataverse(String),
}

impl Audience {
    fn scope(&self, endpoints: &Endpoints) -> String {
        match self {
            Audience::PowerApps => endpoints.powerapps_scope(),
            Audience::Dataverse(url) => format!("{}/.default", url.trim_end_matches('/')),
        }
    }
}

/// Tokens from one answer of the token endpoint.
pub struct Tokens {
    pub access: SecretString,
    pub refresh: Option<SecretString>,
    pub expires_at: u64,
    /// From the `id_token` when there is one, else from the access token.
    pub claims: Claims,
}

fn parse_tokens(body: &[u8]) -> Result<Tokens, AuthError> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|_| AuthError("the token endpoint answered something that is not JSON".into()))?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    let access = s("access_token")
        .ok_or_else(|| AuthError("the token endpoint answered without an access token".into()))?;
    redact::register(&access);
    let refresh = s("refresh_token");
    if let Some(r) = &refresh {
        redact::register(r);
    }
    let expires_in = v
        .get("expires_in")
        .and_then(|x| {
            x.as_u64()
                .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
        })
        .unwrap_or(3600);
    let from_access = jwt::claims(&access).unwrap_or_default();
    let claims = match s("id_token").as_deref().and_then(jwt::claims) {
        Some(mut id) => {
            id.aud = from_access.aud.clone();
            id
        }
        None => from_access,
    };
    Ok(Tokens {
        access: SecretString::from(access),
        refresh: refresh.map(SecretString::from),
        expires_at: now() + expires_in,
        claims,
    })
}

/// The token endpoint's OAuth error code and text, from a failed answer.
fn oauth_error(e: &HttpError) -> Option<(String, String)> {
    if let HttpError::Status { code, message, .. } = e {
        return Some((code.clone().unwrap_or_default(), message.clone()));
    }
    None
}

fn token_url(endpoints: &Endpoints, tenant: &str) -> String {
    format!(
        "{}/{}/oauth2/v2.0/token",
        endpoints.login,
        super::http::form_encode(tenant)
    )
}

/// What the device-code flow shows the user.
pub struct DevicePrompt {
    pub message: String,
    pub verification_uri: String,
    pub user_code: String,
    pub expires_in: u64,
}

/// Signs a user in with the device-code flow: asks for a code, shows `prompt`, polls until the
/// user has signed in in a browser (honouring `interval` and `slow_down`) or the code expires.
pub fn device_sign_in(
    http: &Http,
    tenant: &str,
    client_id: &str,
    mut prompt: impl FnMut(&DevicePrompt),
) -> Result<Tokens, AuthError> {
    let endpoints = http.endpoints();
    let scope = format!(
        "{} openid profile offline_access",
        endpoints.powerapps_scope()
    );
    let url = format!(
        "{}/{}/oauth2/v2.0/devicecode",
        endpoints.login,
        super::http::form_encode(tenant)
    );
    let answer = http.send(
        &Request::new(
            Method::Post,
            url,
            "asking the identity platform for a sign-in code",
        )
        .form(&[("client_id", client_id), ("scope", &scope)])
        .retry(Retry::Safe),
    )?;
    let v: serde_json::Value = serde_json::from_slice(&answer.body)
        .map_err(|_| AuthError("the identity platform's device-code answer is not JSON".into()))?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
    // Numbers may come as strings (the v1 endpoint sent them so).
    let n = |k: &str| {
        v.get(k).and_then(|x| {
            x.as_u64()
                .or_else(|| x.as_str().and_then(|s| s.trim().parse().ok()))
        })
    };
    let device_code = s("device_code")
        .ok_or_else(|| AuthError("the device-code answer has no device_code".into()))?;
    redact::register(&device_code);
    let user_code = s("user_code").unwrap_or_default();
    let verification_uri = s("verification_uri")
        .or_else(|| s("verification_url"))
        .unwrap_or_else(|| "https://microsoft.com/devicelogin".into());
    let expires_in = n("expires_in").unwrap_or(900);
    let mut interval = n("interval").unwrap_or(5);
    let message = s("message").unwrap_or_else(|| {
        format!("To sign in, open {verification_uri} in a browser and enter the code {user_code}.")
    });
    prompt(&DevicePrompt {
        message,
        verification_uri,
        user_code,
        expires_in,
    });
    let deadline = now() + expires_in;
    let token_url = token_url(endpoints, tenant);
    loop {
        let poll = Request::new(Method::Post, &token_url, "waiting for the sign-in")
            .form(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", client_id),
                ("device_code", &device_code),
            ])
            .retry(Retry::Safe);
        match http.send(&poll) {
            Ok(answer) => return parse_tokens(&answer.body),
            Err(e) => match oauth_error(&e) {
                Some((code, _)) if code == "authorization_pending" => {}
                Some((code, _)) if code == "slow_down" => interval += 5,
                Some((code, _)) if code == "authorization_declined" => {
                    return Err(AuthError("the sign-in was declined in the browser".into()));
                }
                Some((code, _)) if code == "expired_token" || code == "code_expired" => {
                    return Err(AuthError(
                        "the sign-in code expired before it was used; run `ppcert login` again"
                            .into(),
                    ));
                }
                Some((code, _)) if code == "bad_verification_code" => {
                    return Err(AuthError(
                        "the identity platform no longer knows the sign-in code; run `ppcert login` again".into(),
                    ));
                }
                _ => return Err(AuthError(e.to_string())),
            },
        }
        if now() + interval > deadline {
            return Err(AuthError(
                "the sign-in code expired before it was used; run `ppcert login` again".into(),
            ));
        }
        std::thread::sleep(std::time::Duration::from_secs(interval));
    }
}

fn refresh_grant(
    http: &Http,
    login: &Login,
    refresh: &SecretString,
    scope: &str,
) -> Result<Tokens, AuthError> {
    let request = Request::new(
        Method::Post,
        // The tenant the user signed in to, rather than `organizations`.
        token_url(
            http.endpoints(),
            if login.tid.is_empty() {
                &login.tenant
            } else {
                &login.tid
            },
        ),
        "renewing the sign-in",
    )
    .form(&[
        ("grant_type", "refresh_token"),
        ("client_id", &login.client_id),
        ("refresh_token", refresh.expose_secret()),
        ("scope", scope),
    ])
    .retry(Retry::Safe);
    http.send(&request).map(|a| parse_tokens(&a.body)).map_err(|e| match oauth_error(&e) {
        Some((code, _)) if code == "invalid_grant" || code == "interaction_required" => AuthError(format!(
            "the sign-in of {} is no longer accepted (it was revoked, expired after 90 days unused, or a policy requires signing in again): run `ppcert login`",
            login.account
        )),
        _ => AuthError(e.to_string()),
    })?
}

fn client_credentials(
    http: &Http,
    tenant: &str,
    client_id: &str,
    secret: &SecretString,
    scope: &str,
) -> Result<Tokens, AuthError> {
    let request = Request::new(
        Method::Post,
        token_url(http.endpoints(), tenant),
        "getting a token with the client credentials (PPCERT_CLIENT_ID / PPCERT_CLIENT_SECRET)",
    )
    .form(&[
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", secret.expose_secret()),
        ("scope", scope),
    ])
    .retry(Retry::Safe);
    http.send(&request).map(|a| parse_tokens(&a.body))?
}

/// The profile a cloud's sign-in is kept under.
pub fn profile_name(endpoints: &Endpoints) -> String {
    endpoints.cloud.name().to_owned()
}

enum Source {
    Ready,
    App {
        tenant: String,
        client_id: String,
        secret: SecretString,
    },
    Stored {
        profile: String,
        login: Box<Login>,
        refresh: SecretString,
        store: Store,
    },
}

/// The credentials of one run, with a token per audience cached for its lifetime.
pub struct Session {
    source: Source,
    cache: HashMap<Audience, (SecretString, u64)>,
    oid: Option<String>,
    /// Who is acting, for messages.
    pub who: String,
}

impl Session {
    /// Finds the credentials of this run (see the module's documentation); no network.
    pub fn open(endpoints: &Endpoints) -> Result<Session, AuthError> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if let Some(token) = var("PPCERT_ACCESS_TOKEN") {
            let token = token.trim().to_owned();
            redact::register(&token);
            let claims = jwt::claims(&token).unwrap_or_default();
            let exp = claims.exp.unwrap_or(u64::MAX);
            if exp <= now() {
                return Err(AuthError(
                    "PPCERT_ACCESS_TOKEN has expired; mint a new one (for example `az account get-access-token --resource https://service.powerapps.com/`)".into(),
                ));
            }
            let who = claims
                .account
                .clone()
                .or(claims.appid.clone())
                .unwrap_or_else(|| "the token of PPCERT_ACCESS_TOKEN".into());
            let mut cache = HashMap::new();
            cache.insert(Audience::PowerApps, (SecretString::from(token), exp));
            return Ok(Session {
                source: Source::Ready,
                cache,
                oid: claims.oid,
                who: format!("{who} (PPCERT_ACCESS_TOKEN)"),
            });
        }
        let (id, secret, tenant) = (
            var("PPCERT_CLIENT_ID"),
            var("PPCERT_CLIENT_SECRET"),
            var("PPCERT_TENANT_ID"),
        );
        if let Some(secret) = secret {
            redact::register(&secret);
            let missing: Vec<&str> = [
                ("PPCERT_CLIENT_ID", id.is_none()),
                ("PPCERT_TENANT_ID", tenant.is_none()),
            ]
            .iter()
            .filter(|(_, m)| *m)
            .map(|(n, _)| *n)
            .collect();
            if !missing.is_empty() {
                return Err(AuthError(format!(
                    "PPCERT_CLIENT_SECRET is set, but {} {} not: client credentials need all three",
                    missing.join(" and "),
                    if missing.len() == 1 { "is" } else { "are" }
                )));
            }
            let (client_id, tenant) = (id.unwrap_or_default(), tenant.unwrap_or_default());
            return Ok(Session {
                who: format!("the app {client_id} (client credentials)"),
                source: Source::App {
                    tenant,
                    client_id,
                    secret: SecretString::from(secret),
                },
                cache: HashMap::new(),
                oid: None,
            });
        }
        let store = Store::open().map_err(AuthError)?;
        let profile = profile_name(endpoints);
        let not_signed_in = || {
            AuthError(format!(
                "not signed in{}: run `ppcert login` (in CI, set PPCERT_ACCESS_TOKEN, or PPCERT_CLIENT_ID, PPCERT_CLIENT_SECRET and PPCERT_TENANT_ID)",
                if endpoints.cloud == super::endpoints::Cloud::Public {
                    String::new()
                } else {
                    format!(" to the {} cloud", endpoints.cloud)
                }
            ))
        };
        let login = store.login(&profile).ok_or_else(not_signed_in)?;
        let refresh = store
            .refresh_token(&profile, &login)
            .map_err(AuthError)?
            .ok_or_else(not_signed_in)?;
        redact::register(&refresh);
        Ok(Session {
            who: login.account.clone(),
            oid: Some(login.oid.clone()),
            source: Source::Stored {
                profile,
                login: Box::new(login),
                refresh: SecretString::from(refresh),
                store,
            },
            cache: HashMap::new(),
        })
    }

    /// A token for `audience`, from the cache while it has five minutes left, else fresh.
    pub fn token(&mut self, http: &Http, audience: &Audience) -> Result<SecretString, AuthError> {
        if let Some((token, exp)) = self.cache.get(audience)
            && (*exp > now() + REFRESH_MARGIN || matches!(self.source, Source::Ready))
        {
            return Ok(token.clone());
        }
        let scope = audience.scope(http.endpoints());
        let tokens = match &mut self.source {
            Source::Ready => {
                return Err(AuthError(format!(
                    "PPCERT_ACCESS_TOKEN holds a token for the Power Platform resource providers only; {} needs its own token: sign in with `ppcert login` or use client credentials",
                    match audience {
                        Audience::Dataverse(url) => format!("Dataverse ({url})"),
                        Audience::PowerApps => "this".into(),
                    }
                )));
            }
            Source::App {
                tenant,
                client_id,
                secret,
            } => client_credentials(http, tenant, client_id, secret, &scope)?,
            Source::Stored {
                profile,
                login,
                refresh,
                store,
            } => {
                let scope = match audience {
                    Audience::PowerApps => format!("{scope} openid profile offline_access"),
                    Audience::Dataverse(_) => format!("{scope} offline_access"),
                };
                let tokens = refresh_grant(http, login, refresh, &scope)?;
                // Refresh tokens rotate: keep the newest, so the sign-in lasts while it is used.
                if let Some(new) = &tokens.refresh {
                    login.refreshed_at = now();
                    *refresh = new.clone();
                    let _ = store.save(profile, login, new.expose_secret());
                }
                tokens
            }
        };
        if self.oid.is_none() {
            self.oid = tokens.claims.oid.clone();
        }
        self.cache
            .insert(audience.clone(), (tokens.access.clone(), tokens.expires_at));
        Ok(tokens.access)
    }

    /// The object id of whoever is signed in, which the `objectIds/{oid}` routes need.
    pub fn oid(&mut self, http: &Http) -> Result<String, AuthError> {
        if self.oid.is_none() {
            self.token(http, &Audience::PowerApps)?;
        }
        self.oid.clone().ok_or_else(|| {
            AuthError(
                "the token carries no `oid` claim (the object id of who signed in), which the PowerApps service needs in its URLs; use a token issued to a user or an app for https://service.powerapps.com/".into(),
            )
        })
    }

    /// When the PowerApps token of this session ends, if known.
    pub fn powerapps_expiry(&self) -> Option<u64> {
        self.cache
            .get(&Audience::PowerApps)
            .map(|(_, exp)| *exp)
            .filter(|e| *e != u64::MAX)
    }

    /// Whether the credentials are those of `ppcert login` (not a CI variable).
    pub fn is_stored(&self) -> bool {
        matches!(self.source, Source::Stored { .. })
    }

    pub fn is_app_only(&self) -> bool {
        matches!(self.source, Source::App { .. })
    }
}

/// Signs in with the device code and keeps the sign-in. Returns the login and a note when the
/// OS keyring could not take the secret.
pub fn login(
    http: &Http,
    tenant: &str,
    client_id: &str,
    prompt: impl FnMut(&DevicePrompt),
) -> Result<(Login, Option<String>), AuthError> {
    let tokens = device_sign_in(http, tenant, client_id, prompt)?;
    let refresh = tokens.refresh.ok_or_else(|| {
        AuthError(
            "the identity platform gave no refresh token (offline_access was not granted), so the sign-in could not be kept".into(),
        )
    })?;
    let claims = tokens.claims;
    let oid = claims.oid.clone().ok_or_else(|| {
        AuthError(
            "the sign-in carries no object id (`oid`), which the PowerApps service needs".into(),
        )
    })?;
    let endpoints = http.endpoints();
    let login = Login {
        account: claims
            .account
            .clone()
            .unwrap_or_else(|| format!("user {oid}")),
        name: claims.name.clone(),
        oid,
        tid: claims.tid.clone().unwrap_or_default(),
        tenant: tenant.to_owned(),
        client_id: client_id.to_owned(),
        cloud: endpoints.cloud.name().to_owned(),
        login_url: endpoints.login.clone(),
        signed_in_at: now(),
        refreshed_at: now(),
        store: String::new(),
    };
    let store = Store::open().map_err(AuthError)?;
    let (backend, why) = store
        .save(&profile_name(endpoints), &login, refresh.expose_secret())
        .map_err(AuthError)?;
    let note = why.map(|why| {
        format!(
            "the OS keyring is not available ({why}); the sign-in is kept in `{}` (readable by you only). Set PPCERT_TOKEN_STORE=file to skip the keyring.",
            store.dir().join("tokens.json").display()
        )
    });
    let mut login = login;
    login.store = backend.name().to_owned();
    Ok((login, note))
}
