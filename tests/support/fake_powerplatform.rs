#![allow(dead_code)]
//! A fake Microsoft Power Platform for the deploy tests: one in-process HTTP server on its own
//! thread (`tiny_http`), stateful, hermetic, loopback only. It answers, on one base URL:
//!
//! - the Microsoft identity platform v2 (`/{tenant}/oauth2/v2.0/devicecode` and `/token`:
//!   device code, refresh token, client credentials), issuing unsigned JWTs it remembers;
//! - the PowerApps RP (`/providers/Microsoft.PowerApps/...`: environments, apis, list with
//!   paging, get, create, update, generateResourceStorage, validateApiSwagger);
//! - the Flow RP's environment list (`/providers/Microsoft.ProcessSimple/environments`);
//! - blob storage (`/blob/upload-<n>/<name>` written through a container SAS, and
//!   `/blob/store/<id>/<file>`, the connector's own files, anonymous with a SAS);
//! - the Dataverse Web API of each environment that has one
//!   (`/dataverse/<env>/api/data/v9.2/{solutions,connectors}`).
//!
//! RP and Dataverse calls need `Authorization: Bearer <token>` with a token this fake issued,
//! unexpired and for the route's audience. Every request is logged verbatim (headers included,
//! so tests can check what was or was not sent). Injections answer before normal routing.
//!
//! Shapes follow `docs/deploy.md` §1.4, §2, §3 and §5.6.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};

pub const USER_OID: &str = "11111111-2222-3333-4444-555555555555";
pub const TENANT_ID: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
pub const USER_UPN: &str = "author@contoso.example";
pub const USER_NAME: &str = "Ada Author";
/// The object id of the service principal behind every client-credential app.
pub const SP_OID: &str = "99999999-9999-9999-9999-999999999999";
/// The audience of PowerApps and Flow RP tokens.
pub const POWERAPPS_AUDIENCE: &str = "https://service.powerapps.com/";
/// The environment with a Dataverse instance.
pub const DEV_ENV: &str = "env-dev-0001";
/// A second environment, without Dataverse, with the same display name as `DEV_ENV`.
pub const TEST_ENV: &str = "env-test-0002";
/// The host the runtime swagger (`properties.swagger`) carries.
pub const APIM_HOST: &str = "fake-apim.azure-apihub.net";
/// The client id (`appid`) of tokens minted by [`FakePowerPlatform::mint_access_token`].
pub const MINT_APPID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/// Request bodies are read up to this size; a larger one is answered 413.
const MAX_BODY: u64 = 64 * 1024 * 1024;
const OIDC_SCOPES: [&str; 3] = ["openid", "profile", "offline_access"];
const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// `Default-<tenant id>`, the default environment's name.
pub fn default_env() -> String {
    format!("Default-{TENANT_ID}")
}

/// The secret of the default client-credential app `ci-app-id`, built at run time (no
/// secret-shaped literal in the sources).
pub fn ci_secret() -> String {
    ["ci", "Fake", "~", "cl13nt", "~", "s3cr3t", "~", "7f3a"].concat()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeviceOutcome {
    #[default]
    Approved,
    Declined,
    Expired,
}

#[derive(Debug, Clone)]
pub struct FakeOptions {
    /// Device-code polls answered `authorization_pending` before the outcome.
    pub pending_polls: usize,
    /// The first device poll answers `slow_down`.
    pub slow_down_first: bool,
    pub device_outcome: DeviceOutcome,
    /// The device-code `interval`.
    pub interval: u64,
    /// Send `interval` as a JSON string.
    pub interval_as_string: bool,
    /// `expires_in` of issued access tokens, in seconds (0: expired at once).
    pub access_token_lifetime: u64,
    /// Create/update with `properties.stackOwner` answers 400 `InvalidRequestContent`.
    pub reject_stack_owner: bool,
    /// Connector-list page size before a `nextLink` (0: no paging).
    pub page_size: usize,
    /// The PowerApps RP environment list answers this status (the Flow RP still works).
    pub powerapps_env_list_fails: Option<u16>,
    /// What `validateApiSwagger` with certification rules reports as errors.
    pub validator_errors: Vec<String>,
    /// What `validateApiSwagger` reports as warnings.
    pub validator_warnings: Vec<String>,
    /// Client-credential apps: `(client_id, client_secret)`.
    pub apps: Vec<(String, String)>,
}

impl Default for FakeOptions {
    fn default() -> Self {
        FakeOptions {
            pending_polls: 1,
            slow_down_first: false,
            device_outcome: DeviceOutcome::Approved,
            interval: 0,
            interval_as_string: false,
            access_token_lifetime: 3599,
            reject_stack_owner: true,
            page_size: 2,
            powerapps_env_list_fails: None,
            validator_errors: Vec::new(),
            validator_warnings: Vec::new(),
            apps: vec![("ci-app-id".into(), ci_secret())],
        }
    }
}

/// A canned answer, served `times` times (0: never) to requests whose method matches
/// (case-insensitive; `"*"` matches any) and whose raw path contains `path_contains`, before
/// any routing or auth check.
#[derive(Debug, Clone)]
pub struct Injection {
    pub method: &'static str,
    pub path_contains: String,
    pub status: u16,
    pub body: String,
    /// `None`: `application/json; charset=utf-8` when the body is not empty, else no header.
    pub content_type: Option<String>,
    pub retry_after: Option<String>,
    pub times: usize,
}

impl Injection {
    /// One answer of `status` with a JSON (or empty) `body`.
    pub fn new(method: &'static str, path_contains: &str, status: u16, body: &str) -> Injection {
        Injection {
            method,
            path_contains: path_contains.to_owned(),
            status,
            body: body.to_owned(),
            content_type: None,
            retry_after: None,
            times: 1,
        }
    }
}

/// One request as the server saw it, with the status it answered.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub method: String,
    /// The raw path, undecoded, without the query.
    pub path: String,
    /// The raw query, undecoded, without `?`.
    pub query: String,
    /// Every header, names lower-cased, values verbatim (Authorization included).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub status: u16,
    /// `login`, `powerapps`, `flow`, `blob` or `dataverse`.
    pub host_kind: &'static str,
}

impl LogEntry {
    /// The first value of a header (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    /// The body as JSON (`Null` when it is not JSON).
    pub fn body_json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    /// The body as a decoded form.
    pub fn form(&self) -> HashMap<String, String> {
        parse_pairs(&String::from_utf8_lossy(&self.body))
    }
    /// The query, decoded (keys as sent).
    pub fn query_pairs(&self) -> HashMap<String, String> {
        parse_pairs(&self.query)
    }
}

/// A connector as the fake stores it.
#[derive(Debug, Clone)]
pub struct StoredConnector {
    /// The RP name (`shared_...`).
    pub id: String,
    pub env: String,
    /// As stored: the request's properties without `openApiDefinition`, `iconUri`,
    /// `scriptDefinitionUrl` and any `oAuthSettings.clientSecret`.
    pub properties: Value,
    pub swagger: Value,
    pub icon: Option<Vec<u8>>,
    pub script: Option<Vec<u8>>,
    pub client_secret: Option<String>,
    /// The Dataverse solution's unique name, for connectors created there.
    pub solution: Option<String>,
    /// `rp` or `dataverse`.
    pub created_via: &'static str,
    pub updates: usize,
    /// Dataverse blanked a non-empty `clientSecret` of this connector (create or update).
    pub secret_blanked: bool,
}

#[derive(Debug, Clone)]
struct AccessRec {
    audience: String,
    oid: String,
    exp: u64,
    revoked: bool,
}

#[derive(Debug, Clone)]
struct RefreshRec {
    oid: String,
    client_id: String,
    scope: String,
    revoked: bool,
}

#[derive(Debug, Clone)]
struct DeviceRec {
    client_id: String,
    scope: String,
    slowed: bool,
    pending_left: usize,
    redeemed: bool,
}

#[derive(Debug, Clone)]
struct BlobRec {
    bytes: Vec<u8>,
    content_type: Option<String>,
    etag: String,
    modified: u64,
}

#[derive(Debug, Clone)]
struct Container {
    sig: String,
    env: String,
    blobs: HashMap<String, BlobRec>,
}

#[derive(Debug, Clone)]
struct DvMeta {
    connectorid: String,
    name: String,
}

#[derive(Debug, Clone)]
struct Conn {
    c: StoredConnector,
    display_name: String,
    description: String,
    is_custom: bool,
    created_by: String,
    creator_oid: String,
    store_sig: String,
    dv: Option<DvMeta>,
}

#[derive(Debug, Clone)]
struct Env {
    name: String,
    display_name: &'static str,
    is_default: bool,
    unique_name: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct Solution {
    env: String,
    id: String,
    publisher_id: String,
    unique_name: &'static str,
    friendly_name: &'static str,
    managed: bool,
    prefix: &'static str,
}

struct State {
    opts: FakeOptions,
    log: Vec<LogEntry>,
    injections: Vec<Injection>,
    access: HashMap<String, AccessRec>,
    refresh: HashMap<String, RefreshRec>,
    devices: HashMap<String, DeviceRec>,
    containers: HashMap<String, Container>,
    conns: Vec<Conn>,
    envs: Vec<Env>,
    solutions: Vec<Solution>,
    device_seq: u64,
    refresh_seq: u64,
    upload_seq: u64,
}

/// Who a valid access token stands for.
#[derive(Debug, Clone)]
struct Subject {
    oid: String,
    user: bool,
}

impl State {
    fn issue_access(&mut self, audience: &str, oid: &str, user: bool, appid: &str) -> String {
        let now = now_secs();
        let exp = now + self.opts.access_token_lifetime;
        let mut claims = json!({
            "aud": audience,
            "iss": format!("https://sts.windows.net/{TENANT_ID}/"),
            "iat": now, "nbf": now, "exp": exp,
            "oid": oid, "tid": TENANT_ID, "appid": appid,
            "ver": "1.0", "jti": random_hex(16),
        });
        if user {
            claims["upn"] = json!(USER_UPN);
            claims["name"] = json!(USER_NAME);
            claims["scp"] = json!("user_impersonation");
        } else {
            claims["idtyp"] = json!("app");
            claims["roles"] = json!([]);
        }
        let token = jwt(&claims);
        self.access.insert(
            token.clone(),
            AccessRec {
                audience: audience.to_owned(),
                oid: oid.to_owned(),
                exp,
                revoked: false,
            },
        );
        token
    }

    fn issue_refresh(&mut self, oid: &str, client_id: &str, scope: &str) -> String {
        self.refresh_seq += 1;
        let token = format!("RT-{}-{}", self.refresh_seq, random_hex(16));
        self.refresh.insert(
            token.clone(),
            RefreshRec {
                oid: oid.to_owned(),
                client_id: client_id.to_owned(),
                scope: scope.to_owned(),
                revoked: false,
            },
        );
        token
    }

    /// The token endpoint's success answer for `scope`.
    fn token_response(
        &mut self,
        scope: &str,
        client_id: &str,
        subject: &Subject,
        force_refresh: bool,
    ) -> Value {
        let scopes: Vec<&str> = scope.split_whitespace().collect();
        let granted: Vec<&str> = scopes
            .iter()
            .copied()
            .filter(|s| !OIDC_SCOPES.contains(s))
            .collect();
        let audience = audience_of(scope);
        let lifetime = self.opts.access_token_lifetime;
        let at = self.issue_access(&audience, &subject.oid, subject.user, client_id);
        let mut v = json!({
            "token_type": "Bearer",
            "scope": granted.join(" "),
            "expires_in": lifetime,
            "ext_expires_in": lifetime,
            "access_token": at,
        });
        if subject.user && (force_refresh || scopes.contains(&"offline_access")) {
            v["refresh_token"] = json!(self.issue_refresh(&subject.oid, client_id, scope));
        }
        if subject.user && scopes.contains(&"openid") {
            let now = now_secs();
            v["id_token"] = json!(jwt(&json!({
                "aud": client_id,
                "iss": format!("https://login.microsoftonline.com/{TENANT_ID}/v2.0"),
                "iat": now, "nbf": now, "exp": now + 3600,
                "oid": subject.oid, "tid": TENANT_ID, "sub": random_hex(16),
                "preferred_username": USER_UPN, "name": USER_NAME, "ver": "2.0",
            })));
        }
        v
    }

    fn env(&self, name: &str) -> Option<&Env> {
        self.envs.iter().find(|e| e.name.eq_ignore_ascii_case(name))
    }

    fn new_connector_id(&self, display_name: &str) -> String {
        loop {
            let id = format!("shared_{}-5f{}", slug(display_name), random_hex(8));
            if !self.conns.iter().any(|c| c.c.id == id) {
                return id;
            }
        }
    }

    fn find(&self, env: &str, id: &str) -> Option<usize> {
        self.conns
            .iter()
            .position(|c| c.c.env.eq_ignore_ascii_case(env) && c.c.id == id)
    }

    #[allow(clippy::too_many_arguments)]
    fn push_conn(
        &mut self,
        c: StoredConnector,
        display_name: &str,
        description: &str,
        is_custom: bool,
        created_by: &str,
        creator_oid: &str,
        dv: Option<DvMeta>,
    ) {
        self.conns.push(Conn {
            c,
            display_name: display_name.to_owned(),
            description: description.to_owned(),
            is_custom,
            created_by: created_by.to_owned(),
            creator_oid: creator_oid.to_owned(),
            store_sig: format!("SIG{}", random_hex(16)),
            dv,
        });
    }
}

struct Core {
    base: String,
    state: Mutex<State>,
}

pub struct FakePowerPlatform {
    core: Arc<Core>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl FakePowerPlatform {
    pub fn start(opts: FakeOptions) -> FakePowerPlatform {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind loopback"));
        let port = server.server_addr().to_ip().expect("ip address").port();
        let base = format!("http://127.0.0.1:{port}");
        let envs = vec![
            Env {
                name: default_env(),
                display_name: "Contoso (default)",
                is_default: true,
                unique_name: None,
            },
            Env {
                name: DEV_ENV.into(),
                display_name: "Contoso Dev",
                is_default: false,
                unique_name: Some("orgdev"),
            },
            Env {
                name: TEST_ENV.into(),
                display_name: "Contoso Dev",
                is_default: false,
                unique_name: None,
            },
        ];
        let mut solutions = Vec::new();
        for e in envs.iter().filter(|e| e.unique_name.is_some()) {
            solutions.push(Solution {
                env: e.name.clone(),
                id: guid(),
                publisher_id: guid(),
                unique_name: "ContosoConnectors",
                friendly_name: "Contoso Connectors",
                managed: false,
                prefix: "contoso",
            });
            solutions.push(Solution {
                env: e.name.clone(),
                id: guid(),
                publisher_id: guid(),
                unique_name: "ManagedThing",
                friendly_name: "Managed Thing",
                managed: true,
                prefix: "mng",
            });
        }
        let mut state = State {
            opts,
            log: Vec::new(),
            injections: Vec::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            devices: HashMap::new(),
            containers: HashMap::new(),
            conns: Vec::new(),
            envs,
            solutions,
            device_seq: 0,
            refresh_seq: 0,
            upload_seq: 0,
        };
        for env in state.envs.clone() {
            state.push_conn(
                StoredConnector {
                    id: "shared_office365".into(),
                    env: env.name.clone(),
                    properties: json!({}),
                    swagger: Value::Null,
                    icon: None,
                    script: None,
                    client_secret: None,
                    solution: None,
                    created_via: "rp",
                    updates: 0,
                    secret_blanked: false,
                },
                "Office 365 Outlook",
                "Microsoft Office 365 is a cloud-based service that is designed to help meet your organization's needs for robust security, reliability, and user productivity.",
                false,
                "Microsoft",
                "00000000-0000-0000-0000-000000000000",
                None,
            );
        }
        let core = Arc::new(Core {
            base,
            state: Mutex::new(state),
        });
        let thread_core = core.clone();
        let thread_server = server.clone();
        let thread = std::thread::spawn(move || {
            for request in thread_server.incoming_requests() {
                thread_core.handle(request);
            }
        });
        FakePowerPlatform {
            core,
            server,
            thread: Some(thread),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.core.lock()
    }

    /// `http://127.0.0.1:PORT`
    pub fn base(&self) -> String {
        self.core.base.clone()
    }

    /// `PPCERT_LOGIN_URL`, `PPCERT_POWERAPPS_URL` and `PPCERT_FLOW_URL`, all the base.
    pub fn env_vars(&self) -> Vec<(String, String)> {
        [
            "PPCERT_LOGIN_URL",
            "PPCERT_POWERAPPS_URL",
            "PPCERT_FLOW_URL",
        ]
        .iter()
        .map(|k| (k.to_string(), self.base()))
        .collect()
    }

    /// The Dataverse instance URL of an environment, without a trailing slash (also the
    /// audience its tokens need).
    pub fn dataverse_url(&self, env: &str) -> String {
        format!("{}/dataverse/{env}", self.core.base)
    }

    pub fn log(&self) -> Vec<LogEntry> {
        self.lock().log.clone()
    }

    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    pub fn inject(&self, i: Injection) {
        if i.times > 0 {
            self.lock().injections.push(i);
        }
    }

    /// A valid access token of the fake user for `audience`.
    pub fn mint_access_token(&self, audience: &str) -> String {
        self.lock()
            .issue_access(audience, USER_OID, true, MINT_APPID)
    }

    pub fn revoke_refresh_tokens(&self) {
        for r in self.lock().refresh.values_mut() {
            r.revoked = true;
        }
    }

    /// Every access token issued so far becomes invalid; later ones are valid.
    pub fn expire_access_tokens(&self) {
        for a in self.lock().access.values_mut() {
            a.revoked = true;
        }
    }

    /// The first connector of that id (seeded non-custom ones exist once per environment).
    pub fn connector(&self, id: &str) -> Option<StoredConnector> {
        self.lock()
            .conns
            .iter()
            .find(|c| c.c.id == id)
            .map(|c| c.c.clone())
    }

    pub fn connectors_in(&self, env: &str) -> Vec<StoredConnector> {
        self.lock()
            .conns
            .iter()
            .filter(|c| c.c.env.eq_ignore_ascii_case(env))
            .map(|c| c.c.clone())
            .collect()
    }

    /// Seeds a connector; returns its id. A custom one gets a minimal swagger (host
    /// `api.contoso.example`), so it can be downloaded.
    pub fn add_connector(
        &self,
        env: &str,
        display_name: &str,
        custom: bool,
        created_by: &str,
    ) -> String {
        let mut s = self.lock();
        let id = if custom {
            s.new_connector_id(display_name)
        } else {
            let mut id = format!("shared_{}", slug(display_name).replace('-', ""));
            while s.find(env, &id).is_some() {
                id.push('x');
            }
            id
        };
        let (swagger, properties) = if custom {
            (
                json!({"swagger": "2.0", "info": {"title": display_name, "description": "", "version": "1.0"},
                       "host": "api.contoso.example", "basePath": "/", "schemes": ["https"], "paths": {}}),
                json!({"displayName": display_name, "description": "", "iconBrandColor": "#007ee5",
                       "connectionParameters": {}, "environment": {"name": env},
                       "backendService": {"serviceUrl": "https://api.contoso.example/"}}),
            )
        } else {
            (Value::Null, json!({}))
        };
        let creator_oid = if created_by == USER_NAME {
            USER_OID.to_owned()
        } else {
            guid()
        };
        s.push_conn(
            StoredConnector {
                id: id.clone(),
                env: env.to_owned(),
                properties,
                swagger,
                icon: None,
                script: None,
                client_secret: None,
                solution: None,
                created_via: "rp",
                updates: 0,
                secret_blanked: false,
            },
            display_name,
            "",
            custom,
            created_by,
            &creator_oid,
            None,
        );
        id
    }

    pub fn user_oid(&self) -> String {
        USER_OID.into()
    }
    pub fn tenant_id(&self) -> String {
        TENANT_ID.into()
    }
    pub fn user_upn(&self) -> String {
        USER_UPN.into()
    }
    pub fn sp_oid(&self) -> String {
        SP_OID.into()
    }
}

impl Drop for FakePowerPlatform {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Replies

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

type Answer = Result<Reply, Reply>;

impl Reply {
    fn json(status: u16, value: &Value) -> Reply {
        Reply {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            )],
            body: value.to_string().into_bytes(),
        }
    }
    /// ARM / Dataverse style: `{"error":{"code","message"}}`.
    fn arm(status: u16, code: &str, message: &str) -> Reply {
        Reply::json(
            status,
            &json!({"error": {"code": code, "message": message}}),
        )
    }
    fn invalid_content(message: &str) -> Reply {
        Reply::arm(400, "InvalidRequestContent", message)
    }
    /// Entra style: `{"error","error_description","error_codes",...}`.
    fn aad(status: u16, error: &str, code: u32, description: &str) -> Reply {
        let trace = guid();
        let correlation = guid();
        let stamp = iso_time(now_secs());
        Reply::json(
            status,
            &json!({
                "error": error,
                "error_description": format!("AADSTS{code}: {description} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {stamp}"),
                "error_codes": [code],
                "timestamp": stamp,
                "trace_id": trace,
                "correlation_id": correlation,
                "error_uri": format!("https://login.microsoftonline.com/error?code={code}"),
            }),
        )
    }
    /// Azure Storage style XML error.
    fn xml(status: u16, code: &str, message: &str) -> Reply {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{message}\nRequestId:{}\nTime:{}</Message></Error>",
            guid(),
            iso_time(now_secs())
        );
        Reply {
            status,
            headers: vec![
                ("Content-Type".into(), "application/xml".into()),
                ("x-ms-error-code".into(), code.into()),
            ],
            body: body.into_bytes(),
        }
    }
    fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body,
        }
    }
    fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }
    fn with(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
    fn not_found(path: &str) -> Reply {
        Reply::arm(
            404,
            "NotFound",
            &format!("No HTTP resource was found that matches the request URI '{path}'."),
        )
    }
}

/// One request, parsed.
struct Req {
    method: String,
    path: String,
    /// Decoded, keys lower-cased.
    query: HashMap<String, String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Req {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    fn q(&self, name: &str) -> Option<&str> {
        self.query.get(name).map(String::as_str)
    }
}

// ---------------------------------------------------------------------------------------------
// Serving

impl Core {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn handle(&self, mut request: tiny_http::Request) {
        let method = request.method().as_str().to_ascii_uppercase();
        let url = request.url().to_owned();
        let (path, raw_query) = match url.split_once('?') {
            Some((p, q)) => (p.to_owned(), q.to_owned()),
            None => (url.clone(), String::new()),
        };
        let headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|h| {
                (
                    h.field.as_str().as_str().to_ascii_lowercase(),
                    h.value.as_str().to_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        let read = request
            .as_reader()
            .take(MAX_BODY + 1)
            .read_to_end(&mut body);
        let too_big = body.len() as u64 > MAX_BODY;
        if too_big {
            body.truncate(MAX_BODY as usize);
        }
        let req = Req {
            method: method.clone(),
            path: path.clone(),
            query: parse_pairs(&raw_query)
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
            headers: headers.clone(),
            body,
        };

        let reply = if let Some(r) = self.injected(&method, &path) {
            r
        } else if too_big {
            Reply::arm(
                413,
                "RequestEntityTooLarge",
                "The request body is larger than 64 MiB.",
            )
        } else if read.is_err() {
            Reply::arm(400, "BadRequest", "The request body could not be read.")
        } else {
            self.route(&req).unwrap_or_else(|e| e)
        };

        {
            let mut s = self.lock();
            s.log.push(LogEntry {
                method,
                path: path.clone(),
                query: raw_query,
                headers,
                body: req.body,
                status: reply.status,
                host_kind: host_kind(&path),
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

    fn injected(&self, method: &str, path: &str) -> Option<Reply> {
        let mut s = self.lock();
        let i = s.injections.iter().position(|i| {
            (i.method == "*" || i.method.eq_ignore_ascii_case(method))
                && path.contains(&i.path_contains)
        })?;
        let inj = s.injections[i].clone();
        s.injections[i].times -= 1;
        if s.injections[i].times == 0 {
            s.injections.remove(i);
        }
        let mut r = Reply::empty(inj.status);
        match inj.content_type {
            Some(ct) => r.headers.push(("Content-Type".into(), ct)),
            None if !inj.body.is_empty() => r.headers.push((
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            )),
            None => {}
        }
        if let Some(ra) = inj.retry_after {
            r.headers.push(("Retry-After".into(), ra));
        }
        r.body = inj.body.into_bytes();
        Some(r)
    }

    fn route(&self, req: &Req) -> Answer {
        let segs: Vec<String> = req
            .path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| percent_decode(s, false))
            .collect();
        let low: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
        let l: Vec<&str> = low.iter().map(String::as_str).collect();
        let m = req.method.as_str();
        match (m, l.as_slice()) {
            ("POST", [_, "oauth2", "v2.0", "devicecode"]) => Ok(self.devicecode(req)),
            ("POST", [_, "oauth2", "v2.0", "token"]) => Ok(self.token(req)),
            ("GET", ["providers", "microsoft.powerapps", "environments"]) => {
                self.env_list(req, "Microsoft.PowerApps")
            }
            ("GET", ["providers", "microsoft.processsimple", "environments"]) => {
                self.env_list(req, "Microsoft.ProcessSimple")
            }
            ("GET", ["providers", "microsoft.powerapps", "apis"]) => self.list_apis(req),
            ("POST", ["providers", "microsoft.powerapps", "apis"]) => self.upsert(req, None),
            ("GET", ["providers", "microsoft.powerapps", "apis", _]) => self.get_api(req, &segs[3]),
            ("PATCH", ["providers", "microsoft.powerapps", "apis", _]) => {
                self.upsert(req, Some(&segs[3]))
            }
            (
                "POST",
                [
                    "providers",
                    "microsoft.powerapps",
                    "objectids",
                    _,
                    "generateresourcestorage",
                ],
            ) => self.generate_storage(req, &segs[3]),
            (
                "POST",
                [
                    "providers",
                    "microsoft.powerapps",
                    "objectids",
                    _,
                    "validateapiswagger",
                ],
            ) => self.validate(req, &segs[3]),
            ("GET", ["blob", "store", _, _]) => Ok(self.store_get(req, &segs[2], &segs[3])),
            ("PUT", ["blob", _, _, ..]) if segs[1] != "store" => {
                Ok(self.blob_put(req, &segs[1], &segs[2..].join("/")))
            }
            ("GET", ["blob", _, _, ..]) if segs[1] != "store" => {
                Ok(self.blob_get(req, &segs[1], &segs[2..].join("/")))
            }
            (_, ["dataverse", _, "api", "data", _, ..]) => {
                self.dataverse(req, &segs[1], &low[4], &segs[5..])
            }
            _ => Err(Reply::not_found(&req.path)),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Identity

    fn devicecode(&self, req: &Req) -> Reply {
        let form = parse_pairs(&String::from_utf8_lossy(&req.body));
        let Some(client_id) = form.get("client_id").filter(|c| !c.is_empty()) else {
            return missing_param("client_id");
        };
        let Some(scope) = form.get("scope").filter(|c| !c.trim().is_empty()) else {
            return missing_param("scope");
        };
        let mut guard = self.lock();
        let s = &mut *guard;
        s.device_seq += 1;
        let n = s.device_seq;
        let code = format!("DC-{n}");
        let user_code = format!("FAKE-{n}");
        s.devices.insert(
            code.clone(),
            DeviceRec {
                client_id: client_id.clone(),
                scope: scope.clone(),
                slowed: !s.opts.slow_down_first,
                pending_left: s.opts.pending_polls,
                redeemed: false,
            },
        );
        let interval = if s.opts.interval_as_string {
            json!(s.opts.interval.to_string())
        } else {
            json!(s.opts.interval)
        };
        Reply::json(
            200,
            &json!({
                "device_code": code,
                "user_code": user_code,
                "verification_uri": "https://microsoft.com/devicelogin",
                "expires_in": 900,
                "interval": interval,
                "message": format!("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code {user_code} to authenticate."),
            }),
        )
    }

    fn token(&self, req: &Req) -> Reply {
        let form = parse_pairs(&String::from_utf8_lossy(&req.body));
        let Some(grant) = form.get("grant_type").filter(|g| !g.is_empty()) else {
            return missing_param("grant_type");
        };
        let Some(client_id) = form.get("client_id").filter(|c| !c.is_empty()) else {
            return missing_param("client_id");
        };
        let mut s = self.lock();
        match grant.as_str() {
            DEVICE_GRANT => {
                let Some(code) = form.get("device_code").filter(|c| !c.is_empty()) else {
                    return missing_param("device_code");
                };
                let outcome = s.opts.device_outcome;
                let Some(d) = s.devices.get_mut(code) else {
                    return Reply::aad(
                        400,
                        "bad_verification_code",
                        70000,
                        "The provided value for the input parameter 'device_code' is not valid.",
                    );
                };
                if d.redeemed {
                    return Reply::aad(
                        400,
                        "invalid_grant",
                        54005,
                        "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
                    );
                }
                if !d.slowed {
                    d.slowed = true;
                    return Reply::aad(
                        400,
                        "slow_down",
                        70029,
                        "The client is polling too quickly; increase the polling interval.",
                    );
                }
                if d.pending_left > 0 {
                    d.pending_left -= 1;
                    return Reply::aad(
                        400,
                        "authorization_pending",
                        70016,
                        "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
                    );
                }
                match outcome {
                    DeviceOutcome::Declined => Reply::aad(
                        400,
                        "authorization_declined",
                        70017,
                        "The user declined the authorization request.",
                    ),
                    DeviceOutcome::Expired => Reply::aad(
                        400,
                        "expired_token",
                        70020,
                        "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
                    ),
                    DeviceOutcome::Approved => {
                        d.redeemed = true;
                        let scope = d.scope.clone();
                        let client = d.client_id.clone();
                        let user = Subject {
                            oid: USER_OID.into(),
                            user: true,
                        };
                        Reply::json(200, &s.token_response(&scope, &client, &user, false))
                    }
                }
            }
            "refresh_token" => {
                let rt = form.get("refresh_token").cloned().unwrap_or_default();
                let rec = s.refresh.get(&rt).filter(|r| !r.revoked).cloned();
                let Some(rec) = rec else {
                    return Reply::aad(
                        400,
                        "invalid_grant",
                        70008,
                        "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
                    );
                };
                let scope = form
                    .get("scope")
                    .filter(|sc| !sc.trim().is_empty())
                    .cloned()
                    .unwrap_or(rec.scope);
                let user = Subject {
                    oid: rec.oid,
                    user: true,
                };
                Reply::json(200, &s.token_response(&scope, client_id, &user, true))
            }
            "client_credentials" => {
                let secret = form.get("client_secret").cloned().unwrap_or_default();
                let known = s
                    .opts
                    .apps
                    .iter()
                    .any(|(id, sec)| id == client_id && *sec == secret && !secret.is_empty());
                if !known {
                    return Reply::aad(
                        401,
                        "invalid_client",
                        7000215,
                        &format!(
                            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client_id}'."
                        ),
                    );
                }
                let Some(scope) = form.get("scope").filter(|sc| !sc.trim().is_empty()) else {
                    return missing_param("scope");
                };
                let sp = Subject {
                    oid: SP_OID.into(),
                    user: false,
                };
                Reply::json(200, &s.token_response(scope, client_id, &sp, false))
            }
            other => Reply::aad(
                400,
                "unsupported_grant_type",
                70003,
                &format!("The app requested an unsupported grant type '{other}'."),
            ),
        }
    }

    /// Checks `Authorization: Bearer` against the tokens issued, for `audience`.
    fn authorize(&self, req: &Req, audience: &str) -> Result<Subject, Reply> {
        let challenge = format!(
            "Bearer authorization_uri=\"{}/{TENANT_ID}/oauth2/authorize\", error=\"invalid_token\"",
            self.base
        );
        let invalid = |message: String| {
            Reply::arm(401, "InvalidAuthenticationToken", &message)
                .with("WWW-Authenticate", &challenge)
        };
        let Some(header) = req.header("authorization").filter(|h| !h.trim().is_empty()) else {
            return Err(Reply::arm(
                401,
                "MissingAuthorizationHeaderAndClientCertificate",
                "The request did not have a subscription or a valid tenant level resource provider.",
            )
            .with("WWW-Authenticate", &challenge));
        };
        let header = header.trim();
        let token = match header.split_once(' ') {
            Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") => t.trim(),
            _ => {
                return Err(invalid(
                    "The authentication scheme is not supported; use 'Bearer'.".into(),
                ));
            }
        };
        let s = self.lock();
        let Some(rec) = s.access.get(token) else {
            return Err(invalid(
                "The access token is invalid: it was not issued by this identity provider.".into(),
            ));
        };
        if rec.revoked || now_secs() >= rec.exp {
            return Err(invalid(
                "The access token has expired. Get a new access token and try again.".into(),
            ));
        }
        if rec.audience.trim_end_matches('/') != audience.trim_end_matches('/') {
            return Err(invalid(format!(
                "The received access token has been obtained from wrong audience or resource '{}'. It should exactly match with one of the allowed audiences '{audience}'.",
                rec.audience
            )));
        }
        Ok(Subject {
            oid: rec.oid.clone(),
            user: rec.oid != SP_OID,
        })
    }

    /// Auth for the PowerApps and Flow RPs, then `api-version`.
    fn rp_auth(&self, req: &Req) -> Result<Subject, Reply> {
        let subject = self.authorize(req, POWERAPPS_AUDIENCE)?;
        if req.q("api-version").is_none_or(str::is_empty) {
            return Err(Reply::arm(
                400,
                "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.",
            ));
        }
        Ok(subject)
    }

    /// The environment of `$filter=environment eq '<env>'`, which must exist.
    fn filter_env(&self, req: &Req) -> Result<String, Reply> {
        let Some(env) = req
            .q("$filter")
            .and_then(|f| filter_value(f, "environment"))
        else {
            return Err(Reply::invalid_content(
                "The query must carry $filter=environment eq '<environment name>'.",
            ));
        };
        self.known_env(&env)
    }

    fn known_env(&self, env: &str) -> Result<String, Reply> {
        match self.lock().env(env) {
            Some(e) => Ok(e.name.clone()),
            None => Err(Reply::arm(
                403,
                "EnvironmentAccessDenied",
                &format!("Access to the environment '{env}' is denied."),
            )),
        }
    }

    fn check_oid(&self, subject: &Subject, oid: &str) -> Result<(), Reply> {
        if subject.oid.eq_ignore_ascii_case(oid) {
            Ok(())
        } else {
            Err(Reply::arm(
                403,
                "Forbidden",
                &format!(
                    "The caller with object id '{}' does not have permission to act on behalf of object id '{oid}'.",
                    subject.oid
                ),
            ))
        }
    }

    // -----------------------------------------------------------------------------------------
    // PowerApps and Flow RPs

    fn env_list(&self, req: &Req, provider: &str) -> Answer {
        self.rp_auth(req)?;
        let s = self.lock();
        if provider == "Microsoft.PowerApps"
            && let Some(status) = s.opts.powerapps_env_list_fails
        {
            let code = match status {
                400 => "BadRequest",
                401 => "Unauthorized",
                403 => "Forbidden",
                404 => "NotFound",
                429 => "TooManyRequests",
                500 => "InternalServerError",
                502 => "BadGateway",
                503 => "ServiceUnavailable",
                504 => "GatewayTimeout",
                _ => "Error",
            };
            return Ok(Reply::arm(
                status,
                code,
                "The environments could not be listed (the fake was told to fail).",
            ));
        }
        let value: Vec<Value> = s
            .envs
            .iter()
            .map(|e| {
                let mut props = json!({
                    "displayName": e.display_name,
                    "isDefault": e.is_default,
                    "environmentSku": if e.is_default { "Default" } else { "Sandbox" },
                });
                if let Some(unique) = e.unique_name {
                    props["linkedEnvironmentMetadata"] = json!({
                        "type": "Dynamics365Instance",
                        "uniqueName": unique,
                        "instanceUrl": format!("{}/dataverse/{}/", self.base, e.name),
                        "instanceApiUrl": format!("{}/dataverse/{}", self.base, e.name),
                    });
                }
                json!({
                    "id": format!("/providers/{provider}/environments/{}", e.name),
                    "name": e.name,
                    "location": "europe",
                    "type": format!("{provider}/environments"),
                    "properties": props,
                })
            })
            .collect();
        Ok(Reply::json(200, &json!({ "value": value })))
    }

    fn created_by(c: &Conn) -> Value {
        let user = c.creator_oid == USER_OID;
        json!({
            "id": c.creator_oid,
            "displayName": c.created_by,
            "email": if user { json!(USER_UPN) } else { Value::Null },
            "type": if c.creator_oid == SP_OID { "ServicePrincipal" } else { "User" },
            "tenantId": TENANT_ID,
            "userPrincipalName": if user { json!(USER_UPN) } else { Value::Null },
        })
    }

    fn list_item(c: &Conn) -> Value {
        json!({
            "name": c.c.id,
            "id": format!("/providers/Microsoft.PowerApps/apis/{}", c.c.id),
            "type": "Microsoft.PowerApps/apis",
            "properties": {
                "displayName": c.display_name,
                "description": c.description,
                "isCustomApi": c.is_custom,
                "createdBy": Core::created_by(c),
                "environment": {"name": c.c.env},
            },
        })
    }

    fn store_url(&self, c: &Conn, file: &str) -> String {
        format!(
            "{}/blob/store/{}/{file}?sv=2018-03-28&sr=b&sig={}",
            self.base, c.c.id, c.store_sig
        )
    }

    /// The full connector, as GET answers it.
    fn connector_json(&self, c: &Conn) -> Value {
        let mut props = match &c.c.properties {
            Value::Object(m) => m.clone(),
            _ => Map::new(),
        };
        for k in ["openApiDefinition", "iconUri", "scriptDefinitionUrl"] {
            props.remove(k);
        }
        take_secrets(&mut props);
        props.insert("displayName".into(), json!(c.display_name));
        props.insert("description".into(), json!(c.description));
        props.insert("isCustomApi".into(), json!(c.is_custom));
        props.insert("createdBy".into(), Core::created_by(c));
        props.insert(
            "environment".into(),
            json!({"id": format!("/providers/Microsoft.PowerApps/environments/{}", c.c.env), "name": c.c.env}),
        );
        if c.c.swagger.is_object() {
            if !props.get("backendService").is_some_and(Value::is_object) {
                props.insert(
                    "backendService".into(),
                    json!({"serviceUrl": service_url(&c.c.swagger)}),
                );
            }
            let mut runtime = c.c.swagger.clone();
            runtime["host"] = json!(APIM_HOST);
            props.insert("swagger".into(), runtime);
            props.insert(
                "apiDefinitions".into(),
                json!({
                    "originalSwaggerUrl": self.store_url(c, "original.swagger.json"),
                    "modifiedSwaggerUrl": self.store_url(c, "modified.swagger.json"),
                }),
            );
            props.insert(
                "runtimeUrls".into(),
                json!([format!(
                    "https://{APIM_HOST}/apim/{}",
                    c.c.id.trim_start_matches("shared_")
                )]),
            );
            props.insert("tier".into(), json!("Standard"));
        }
        if c.c.icon.is_some() {
            props.insert("iconUri".into(), json!(self.store_url(c, "icon.png")));
        }
        if c.c.script.is_some() {
            props.insert(
                "scriptDefinitionUrl".into(),
                json!(self.store_url(c, "script.csx")),
            );
        }
        json!({
            "name": c.c.id,
            "id": format!("/providers/Microsoft.PowerApps/apis/{}", c.c.id),
            "type": "Microsoft.PowerApps/apis",
            "properties": props,
        })
    }

    fn list_apis(&self, req: &Req) -> Answer {
        self.rp_auth(req)?;
        let env = self.filter_env(req)?;
        let filter = req.q("$filter").unwrap_or_default().to_owned();
        let custom_only =
            filter_value(&filter, "iscustomapi").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let skip = match req.q("$skiptoken") {
            None | Some("") => 0,
            Some(t) => t
                .parse::<usize>()
                .map_err(|_| Reply::invalid_content(&format!("Invalid $skiptoken '{t}'.")))?,
        };
        let s = self.lock();
        let items: Vec<Value> = s
            .conns
            .iter()
            .filter(|c| c.c.env == env && (!custom_only || c.is_custom))
            .map(Core::list_item)
            .collect();
        let page = if s.opts.page_size == 0 {
            usize::MAX
        } else {
            s.opts.page_size
        };
        let start = skip.min(items.len());
        let end = start.saturating_add(page).min(items.len());
        let mut v = json!({ "value": items[start..end].to_vec() });
        if end < items.len() {
            v["nextLink"] = json!(format!(
                "{}/providers/Microsoft.PowerApps/apis?api-version=2016-11-01&$filter={}&$skiptoken={end}",
                self.base,
                percent_encode(&filter)
            ));
        }
        Ok(Reply::json(200, &v))
    }

    fn get_api(&self, req: &Req, id: &str) -> Answer {
        self.rp_auth(req)?;
        let env = self.filter_env(req)?;
        let s = self.lock();
        let Some(i) = s.find(&env, id) else {
            return Err(api_not_found(id));
        };
        Ok(Reply::json(200, &self.connector_json(&s.conns[i])))
    }

    fn generate_storage(&self, req: &Req, oid: &str) -> Answer {
        let subject = self.rp_auth(req)?;
        self.check_oid(&subject, oid)?;
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let Some(env) = body
            .pointer("/environment/name")
            .and_then(Value::as_str)
            .filter(|e| !e.is_empty())
        else {
            return Err(Reply::invalid_content(
                "The request body must be {\"environment\":{\"name\":\"<environment name>\"}}.",
            ));
        };
        let env = self.known_env(env)?;
        let mut s = self.lock();
        s.upload_seq += 1;
        let name = format!("upload-{}", s.upload_seq);
        let sig = format!("SIG{}", random_hex(16));
        s.containers.insert(
            name.clone(),
            Container {
                sig: sig.clone(),
                env,
                blobs: HashMap::new(),
            },
        );
        Ok(Reply::json(
            200,
            &json!({"sharedAccessSignature": format!("{}/blob/{name}?sv=2018-03-28&sr=c&sig={sig}&sp=rw", self.base)}),
        ))
    }

    fn validate(&self, req: &Req, oid: &str) -> Answer {
        let subject = self.rp_auth(req)?;
        self.check_oid(&subject, oid)?;
        let swagger: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        if swagger.get("swagger").and_then(Value::as_str) != Some("2.0") {
            return Err(Reply::arm(
                400,
                "InvalidSwagger",
                "The request body is not a valid Swagger 2.0 (OpenAPI) document.",
            ));
        }
        let certify = req
            .q("enableconnectorcertificationrules")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let s = self.lock();
        if certify && !s.opts.validator_errors.is_empty() {
            let lines: Vec<String> = s
                .opts
                .validator_errors
                .iter()
                .map(|e| format!("- {e}"))
                .collect();
            return Err(Reply::arm(
                400,
                "SwaggerCertificationFailedWithErrors",
                &format!(
                    "Swagger certification failed with errors:\r\n{}",
                    lines.join("\r\n")
                ),
            ));
        }
        let text = if s.opts.validator_warnings.is_empty() {
            "Swagger certification succeeded".to_owned()
        } else {
            let lines: Vec<String> = s
                .opts
                .validator_warnings
                .iter()
                .map(|w| format!("- {w}"))
                .collect();
            format!(
                "Swagger certification succeeded with warnings:\r\n{}",
                lines.join("\r\n")
            )
        };
        Ok(Reply::json(200, &json!(text)))
    }

    /// The bytes of a blob of this fake (an upload or a connector's file) with a valid SAS.
    fn resolve_blob(&self, s: &State, url: &str) -> Option<Vec<u8>> {
        let rest = url.strip_prefix(&self.base)?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let sig = parse_pairs(query).remove("sig")?;
        let segs: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| percent_decode(s, false))
            .collect();
        match segs
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["blob", "store", id, file] => {
                let c = s.conns.iter().find(|c| c.c.id == *id && c.is_custom)?;
                (c.store_sig == sig).then(|| store_file(c, file))??
            }
            ["blob", container, name @ ..] if !name.is_empty() => {
                let c = s.containers.get(*container)?;
                (c.sig == sig)
                    .then(|| c.blobs.get(&name.join("/")).map(|b| b.bytes.clone()))
                    .flatten()
            }
            _ => None,
        }
    }

    fn upsert(&self, req: &Req, id: Option<&str>) -> Answer {
        let subject = self.rp_auth(req)?;
        let env = self.filter_env(req)?;
        let exists = id.is_none_or(|id| self.lock().find(&env, id).is_some());
        if !exists {
            return Err(api_not_found(id.unwrap_or_default()));
        }
        let body: Value = serde_json::from_slice(&req.body).map_err(|e| {
            Reply::invalid_content(&format!(
                "The request content was invalid and could not be deserialized: '{e}'."
            ))
        })?;
        let Some(props) = body.get("properties").and_then(Value::as_object) else {
            return Err(Reply::invalid_content(
                "The request content must be an object with a 'properties' object.",
            ));
        };
        let mut props = props.clone();
        let s = self.lock();
        if s.opts.reject_stack_owner && props.contains_key("stackOwner") {
            return Err(Reply::invalid_content(
                "Could not find member 'stackOwner' on object of type 'ApiPropertiesDefinition'. Path 'properties.stackOwner', line 1, position 20.",
            ));
        }
        let swagger = match props.remove("openApiDefinition") {
            Some(v) if v.is_object() && v.get("swagger") == Some(&json!("2.0")) => v,
            _ => {
                return Err(Reply::invalid_content(
                    "The property 'properties.openApiDefinition' must be a Swagger 2.0 object.",
                ));
            }
        };
        let body_env = props
            .get("environment")
            .and_then(|e| e.get("name"))
            .and_then(Value::as_str);
        if !body_env.is_some_and(|e| e.eq_ignore_ascii_case(&env)) {
            return Err(Reply::invalid_content(&format!(
                "The property 'properties.environment.name' must be the environment of the request, '{env}'."
            )));
        }
        let display_name = props
            .get("displayName")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if id.is_none() && display_name.as_deref().is_none_or(|d| d.trim().is_empty()) {
            return Err(Reply::invalid_content(
                "The property 'properties.displayName' is required.",
            ));
        }
        let mut files = Vec::new();
        for key in ["iconUri", "scriptDefinitionUrl"] {
            let action = match props.remove(key) {
                None => FileChange::Keep,
                Some(Value::Null) => FileChange::Remove,
                Some(Value::String(u)) if u.is_empty() => FileChange::Remove,
                Some(Value::String(u)) => match self.resolve_blob(&s, &u) {
                    Some(bytes) => FileChange::Set(bytes),
                    None => {
                        return Err(Reply::invalid_content(&format!(
                            "The property 'properties.{key}' ('{u}') does not point to a readable blob."
                        )));
                    }
                },
                Some(_) => {
                    return Err(Reply::invalid_content(&format!(
                        "The property 'properties.{key}' must be a string."
                    )));
                }
            };
            files.push(action);
        }
        let script = files.pop().unwrap_or(FileChange::Keep);
        let icon = files.pop().unwrap_or(FileChange::Keep);
        let secret = take_secrets(&mut props);
        let description = props
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned);
        drop(s);

        let mut s = self.lock();
        let index = match id {
            Some(id) => {
                let Some(i) = s.find(&env, id) else {
                    return Err(api_not_found(id));
                };
                let conn = &mut s.conns[i];
                // Update never renames.
                props.insert("displayName".into(), json!(conn.display_name));
                if let Some(d) = description {
                    conn.description = d;
                }
                conn.c.properties = Value::Object(props);
                conn.c.swagger = swagger;
                icon.apply(&mut conn.c.icon);
                script.apply(&mut conn.c.script);
                if secret.is_some() {
                    conn.c.client_secret = secret;
                }
                conn.c.updates += 1;
                i
            }
            None => {
                let display_name = display_name.unwrap_or_default();
                let new_id = s.new_connector_id(&display_name);
                let mut c = StoredConnector {
                    id: new_id,
                    env: env.clone(),
                    properties: Value::Object(props),
                    swagger,
                    icon: None,
                    script: None,
                    client_secret: secret,
                    solution: None,
                    created_via: "rp",
                    updates: 0,
                    secret_blanked: false,
                };
                icon.apply(&mut c.icon);
                script.apply(&mut c.script);
                let (by, oid) = creator(&subject);
                s.push_conn(
                    c,
                    &display_name,
                    &description.unwrap_or_default(),
                    true,
                    &by,
                    &oid,
                    None,
                );
                s.conns.len() - 1
            }
        };
        let v = self.connector_json(&s.conns[index]);
        Ok(Reply::json(if id.is_some() { 200 } else { 201 }, &v))
    }

    // -----------------------------------------------------------------------------------------
    // Blobs

    fn blob_put(&self, req: &Req, container: &str, name: &str) -> Reply {
        let mut s = self.lock();
        let Some(c) = s.containers.get_mut(container) else {
            return Reply::xml(
                404,
                "ContainerNotFound",
                "The specified container does not exist.",
            );
        };
        if req.q("sig") != Some(c.sig.as_str()) {
            return auth_failed();
        }
        match req.header("x-ms-blob-type") {
            None => {
                return Reply::xml(
                    400,
                    "MissingRequiredHeader",
                    "An HTTP header that's mandatory for this request is not specified.",
                );
            }
            Some("BlockBlob") => {}
            Some(_) => {
                return Reply::xml(
                    400,
                    "InvalidHeaderValue",
                    "The value for one of the HTTP headers is not in the correct format.",
                );
            }
        }
        let now = now_secs();
        let etag = format!("\"0x8DC{}\"", random_hex(6).to_ascii_uppercase());
        let content_type = req
            .header("x-ms-blob-content-type")
            .or_else(|| req.header("content-type"))
            .map(str::to_owned);
        c.blobs.insert(
            name.to_owned(),
            BlobRec {
                bytes: req.body.clone(),
                content_type,
                etag: etag.clone(),
                modified: now,
            },
        );
        Reply::empty(201)
            .with("ETag", &etag)
            .with("Last-Modified", &http_date(now))
            .with("x-ms-request-server-encrypted", "true")
            .with("x-ms-version", "2019-02-02")
            .with("x-ms-request-id", &guid())
    }

    fn blob_get(&self, req: &Req, container: &str, name: &str) -> Reply {
        let s = self.lock();
        let Some(c) = s.containers.get(container) else {
            return Reply::xml(
                404,
                "ContainerNotFound",
                "The specified container does not exist.",
            );
        };
        if req.q("sig") != Some(c.sig.as_str()) {
            return auth_failed();
        }
        let Some(b) = c.blobs.get(name) else {
            return blob_not_found();
        };
        let ct = b
            .content_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".into());
        Reply::bytes(200, &ct, b.bytes.clone())
            .with("ETag", &b.etag)
            .with("Last-Modified", &http_date(b.modified))
            .with("x-ms-blob-type", "BlockBlob")
    }

    fn store_get(&self, req: &Req, id: &str, file: &str) -> Reply {
        let s = self.lock();
        let Some(c) = s.conns.iter().find(|c| c.c.id == id && c.is_custom) else {
            return blob_not_found();
        };
        if req.q("sig") != Some(c.store_sig.as_str()) {
            return auth_failed();
        }
        let ct = match file {
            "icon.png" => "image/png",
            "script.csx" => "application/octet-stream",
            _ => "application/json",
        };
        match store_file(c, file) {
            Some(Some(bytes)) => Reply::bytes(200, ct, bytes).with("x-ms-blob-type", "BlockBlob"),
            _ => blob_not_found(),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Dataverse

    fn dataverse(&self, req: &Req, env: &str, version: &str, rest: &[String]) -> Answer {
        let known = self
            .lock()
            .env(env)
            .filter(|e| e.unique_name.is_some())
            .map(|e| e.name.clone());
        let Some(env) = known else {
            return Err(Reply::not_found(&req.path));
        };
        if !matches!(version, "v9.0" | "v9.1" | "v9.2") {
            return Err(Reply::not_found(&req.path));
        }
        let subject = self.authorize(req, &format!("{}/dataverse/{env}", self.base))?;
        let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
        let entity_id = |seg: &str| {
            let lower = seg.to_ascii_lowercase();
            lower
                .strip_prefix("connectors(")
                .and_then(|r| r.strip_suffix(')'))
                .map(|g| {
                    g.trim_matches(|c| c == '{' || c == '}' || c == '\'')
                        .to_owned()
                })
        };
        match (req.method.as_str(), rest.as_slice()) {
            ("GET", [e]) if e.eq_ignore_ascii_case("solutions") => Ok(self.dv_solutions(req, &env)),
            ("GET", [e]) if e.eq_ignore_ascii_case("connectors") => {
                Ok(self.dv_list_connectors(req, &env))
            }
            ("POST", [e]) if e.eq_ignore_ascii_case("connectors") => {
                self.dv_create(req, &env, &subject)
            }
            ("GET", [e]) if entity_id(e).is_some() => {
                let guid = entity_id(e).unwrap_or_default();
                let s = self.lock();
                match dv_find(&s, &env, &guid) {
                    Some(i) => Ok(Reply::json(200, &self.dv_row(&s.conns[i], &env))
                        .with("OData-Version", "4.0")),
                    None => Err(dv_not_found(&guid)),
                }
            }
            ("PATCH", [e]) if entity_id(e).is_some() => {
                self.dv_update(req, &env, &entity_id(e).unwrap_or_default())
            }
            _ => Err(Reply::not_found(&req.path)),
        }
    }

    fn dv_context(&self, env: &str, entity: &str) -> String {
        format!(
            "{}/dataverse/{env}/api/data/v9.2/$metadata#{entity}",
            self.base
        )
    }

    fn dv_solutions(&self, req: &Req, env: &str) -> Reply {
        let wanted = req.q("$filter").and_then(|f| filter_value(f, "uniquename"));
        let s = self.lock();
        let value: Vec<Value> = s
            .solutions
            .iter()
            .filter(|x| x.env == env)
            .filter(|x| {
                wanted
                    .as_deref()
                    .is_none_or(|w| w.eq_ignore_ascii_case(x.unique_name))
            })
            .map(|x| {
                json!({
                    "@odata.etag": "W/\"1001\"",
                    "solutionid": x.id,
                    "uniquename": x.unique_name,
                    "friendlyname": x.friendly_name,
                    "ismanaged": x.managed,
                    "publisherid": {"customizationprefix": x.prefix, "publisherid": x.publisher_id},
                })
            })
            .collect();
        Reply::json(
            200,
            &json!({"@odata.context": self.dv_context(env, "solutions"), "value": value}),
        )
        .with("OData-Version", "4.0")
    }

    fn dv_row(&self, c: &Conn, env: &str) -> Value {
        let dv = c.dv.as_ref();
        let p = &c.c.properties;
        let text = |k: &str| match p.get(k) {
            Some(v) if !v.is_null() => json!(v.to_string()),
            _ => Value::Null,
        };
        json!({
            "@odata.context": self.dv_context(env, "connectors/$entity"),
            "@odata.etag": format!("W/\"{}\"", 1000 + c.c.updates),
            "connectorid": dv.map(|d| d.connectorid.clone()),
            "name": dv.map(|d| d.name.clone()),
            "displayname": c.display_name,
            "description": c.description,
            "connectortype": 1,
            "connectorinternalid": c.c.id,
            "openapidefinition": c.c.swagger.to_string(),
            "connectionparameters": text("connectionParameters"),
            "connectionparametersets": text("connectionParameterSets"),
            "policytemplateinstances": text("policyTemplateInstances"),
            "capabilities": text("capabilities"),
            "scriptoperations": text("scriptOperations"),
            "iconbrandcolor": p.get("iconBrandColor").cloned().unwrap_or(Value::Null),
            "ismanaged": false,
            "statecode": 0,
        })
    }

    fn dv_list_connectors(&self, req: &Req, env: &str) -> Reply {
        let wanted = req.q("$filter").and_then(|f| filter_value(f, "name"));
        let s = self.lock();
        let value: Vec<Value> = s
            .conns
            .iter()
            .filter(|c| c.c.env == env)
            .filter(|c| {
                c.dv.as_ref().is_some_and(|d| {
                    wanted
                        .as_deref()
                        .is_none_or(|w| w.eq_ignore_ascii_case(&d.name))
                })
            })
            .map(|c| {
                let mut row = self.dv_row(c, env);
                if let Some(o) = row.as_object_mut() {
                    o.remove("@odata.context");
                }
                row
            })
            .collect();
        Reply::json(
            200,
            &json!({"@odata.context": self.dv_context(env, "connectors"), "value": value}),
        )
        .with("OData-Version", "4.0")
    }

    fn dv_create(&self, req: &Req, env: &str, subject: &Subject) -> Answer {
        let solution = req
            .header("mscrm.solutionuniquename")
            .map(str::trim)
            .filter(|x| !x.is_empty());
        let mut input = dv_parse(&req.body, true)?;
        let mut s = self.lock();
        let (solution, prefix) = match solution {
            None => (None, None),
            Some(x) => {
                let Some(sol) = s
                    .solutions
                    .iter()
                    .find(|o| o.env == env && o.unique_name.eq_ignore_ascii_case(x))
                else {
                    return Err(Reply::arm(
                        404,
                        "0x8004f01b",
                        &format!("Solution '{x}' does not exist."),
                    ));
                };
                if sol.managed {
                    return Err(Reply::arm(
                        400,
                        "0x80048043",
                        "Cannot add a component to a managed solution.",
                    ));
                }
                (Some(sol.unique_name.to_owned()), Some(sol.prefix))
            }
        };
        let name = input.name.clone().flatten().unwrap_or_default();
        check_prefix(&name, prefix)?;
        if s.conns.iter().any(|c| {
            c.c.env == env
                && c.dv
                    .as_ref()
                    .is_some_and(|d| d.name.eq_ignore_ascii_case(&name))
        }) {
            return Err(duplicate());
        }
        let connectorid = input.connectorid.clone().unwrap_or_else(guid);
        if dv_find(&s, env, &connectorid).is_some() {
            return Err(duplicate());
        }
        let internal = format!("{}-5f{}", name.replace('_', "-5f"), random_hex(6));
        let display = input.display.clone().flatten().unwrap_or_default();
        let description = input.description.clone().flatten().unwrap_or_default();
        let swagger = input.swagger.take().unwrap_or(Value::Null);
        let mut props = Map::new();
        props.insert("displayName".into(), json!(display));
        props.insert("description".into(), json!(description));
        for (k, v) in input.props.drain(..) {
            if let Some(v) = v {
                props.insert(k, v);
            }
        }
        let blanked = take_secrets(&mut props).is_some_and(|x| !x.is_empty());
        props.insert("environment".into(), json!({"name": env}));
        props.insert(
            "backendService".into(),
            json!({"serviceUrl": service_url(&swagger)}),
        );
        let mut c = StoredConnector {
            id: internal,
            env: env.to_owned(),
            properties: Value::Object(props),
            swagger,
            icon: None,
            script: None,
            client_secret: None,
            solution,
            created_via: "dataverse",
            updates: 0,
            secret_blanked: blanked,
        };
        input.script.apply(&mut c.script);
        input.icon.apply(&mut c.icon);
        let (by, oid) = creator(subject);
        s.push_conn(
            c,
            &display,
            &description,
            true,
            &by,
            &oid,
            Some(DvMeta {
                connectorid: connectorid.clone(),
                name,
            }),
        );
        let entity = format!(
            "{}/dataverse/{env}/api/data/v9.2/connectors({connectorid})",
            self.base
        );
        let represent = req
            .header("prefer")
            .is_some_and(|p| p.contains("return=representation"));
        let reply = if represent {
            let last = s.conns.len() - 1;
            Reply::json(201, &self.dv_row(&s.conns[last], env))
        } else {
            Reply::empty(204)
        };
        Ok(reply
            .with("OData-EntityId", &entity)
            .with("OData-Version", "4.0"))
    }

    fn dv_update(&self, req: &Req, env: &str, guid: &str) -> Answer {
        let mut input = dv_parse(&req.body, false)?;
        let mut s = self.lock();
        let Some(i) = dv_find(&s, env, guid) else {
            return Err(dv_not_found(guid));
        };
        let prefix = s.conns[i].c.solution.as_ref().and_then(|x| {
            s.solutions
                .iter()
                .find(|o| o.env == env && o.unique_name == x)
                .map(|o| o.prefix)
        });
        if let Some(Some(name)) = &input.name {
            check_prefix(name, prefix)?;
            if s.conns.iter().enumerate().any(|(j, c)| {
                j != i
                    && c.c.env == env
                    && c.dv
                        .as_ref()
                        .is_some_and(|d| d.name.eq_ignore_ascii_case(name))
            }) {
                return Err(duplicate());
            }
        }
        let conn = &mut s.conns[i];
        let mut props = match std::mem::take(&mut conn.c.properties) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        if let Some(Some(name)) = input.name.take()
            && let Some(d) = conn.dv.as_mut()
        {
            d.name = name;
        }
        if let Some(d) = input.display.take() {
            conn.display_name = d.unwrap_or_default();
            props.insert("displayName".into(), json!(conn.display_name));
        }
        if let Some(d) = input.description.take() {
            conn.description = d.unwrap_or_default();
            props.insert("description".into(), json!(conn.description));
        }
        if let Some(sw) = input.swagger.take() {
            props.insert(
                "backendService".into(),
                json!({"serviceUrl": service_url(&sw)}),
            );
            conn.c.swagger = sw;
        }
        for (k, v) in input.props.drain(..) {
            match v {
                Some(v) => props.insert(k, v),
                None => props.remove(&k),
            };
        }
        if take_secrets(&mut props).is_some_and(|x| !x.is_empty()) {
            conn.c.secret_blanked = true;
        }
        conn.c.properties = Value::Object(props);
        input.script.apply(&mut conn.c.script);
        input.icon.apply(&mut conn.c.icon);
        conn.c.updates += 1;
        Ok(Reply::empty(204).with("OData-Version", "4.0"))
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

enum FileChange {
    Keep,
    Remove,
    Set(Vec<u8>),
}

impl FileChange {
    fn apply(&self, slot: &mut Option<Vec<u8>>) {
        match self {
            FileChange::Keep => {}
            FileChange::Remove => *slot = None,
            FileChange::Set(b) => *slot = Some(b.clone()),
        }
    }
}

/// A Dataverse connector row in a request: `None` absent, `Some(None)` null.
struct DvInput {
    name: Option<Option<String>>,
    display: Option<Option<String>>,
    description: Option<Option<String>>,
    swagger: Option<Value>,
    /// RP property name → value (`None`: clear).
    props: Vec<(String, Option<Value>)>,
    script: FileChange,
    icon: FileChange,
    connectorid: Option<String>,
}

const DV_JSON_COLUMNS: [(&str, &str); 5] = [
    ("connectionparameters", "connectionParameters"),
    ("connectionparametersets", "connectionParameterSets"),
    ("policytemplateinstances", "policyTemplateInstances"),
    ("capabilities", "capabilities"),
    ("scriptoperations", "scriptOperations"),
];

const DV_COLUMNS: [&str; 15] = [
    "name",
    "displayname",
    "description",
    "connectortype",
    "openapidefinition",
    "connectionparameters",
    "connectionparametersets",
    "policytemplateinstances",
    "capabilities",
    "scriptoperations",
    "iconbrandcolor",
    "customcodeblobcontent",
    "iconblob",
    "connectorid",
    "connectorinternalid",
];

fn dv_bad(message: &str) -> Reply {
    Reply::arm(400, "0x80040203", message)
}

fn dv_parse(body: &[u8], create: bool) -> Result<DvInput, Reply> {
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        dv_bad(&format!(
            "Error identified in Payload provided by the user for Entity :'connectors': {e}"
        ))
    })?;
    let Some(o) = v.as_object() else {
        return Err(dv_bad("The request body must be a JSON object."));
    };
    for k in o.keys() {
        if !k.contains('@') && !DV_COLUMNS.contains(&k.as_str()) {
            return Err(Reply::arm(
                400,
                "0x80060888",
                &format!(
                    "The property '{k}' does not exist on type 'Microsoft.Dynamics.CRM.connector'. Make sure to only use property names that are defined by the type."
                ),
            ));
        }
    }
    let text = |k: &str| -> Result<Option<Option<String>>, Reply> {
        match o.get(k) {
            None => Ok(None),
            Some(Value::Null) => Ok(Some(None)),
            Some(Value::String(s)) => Ok(Some(Some(s.clone()))),
            Some(_) => Err(dv_bad(&format!("The property '{k}' must be a string."))),
        }
    };
    let name = text("name")?;
    let display = text("displayname")?;
    if create {
        if name
            .as_ref()
            .and_then(|n| n.as_deref())
            .is_none_or(|n| n.trim().is_empty())
        {
            return Err(dv_bad("The property 'name' is required."));
        }
        if display
            .as_ref()
            .and_then(|n| n.as_deref())
            .is_none_or(|n| n.trim().is_empty())
        {
            return Err(dv_bad("The property 'displayname' is required."));
        }
    } else if matches!(name, Some(None)) {
        return Err(dv_bad("The property 'name' cannot be null."));
    }
    match o.get("connectortype") {
        None if create => {
            return Err(dv_bad(
                "The property 'connectortype' is required (1: CustomConnector).",
            ));
        }
        None => {}
        Some(t) if t.as_i64() == Some(1) => {}
        Some(t) => {
            return Err(dv_bad(&format!(
                "The value {t} of 'connectortype' is not valid: only 1 (CustomConnector) can be written."
            )));
        }
    }
    let swagger = match text("openapidefinition")? {
        None if create => return Err(dv_bad("The property 'openapidefinition' is required.")),
        None => None,
        Some(None) => return Err(dv_bad("The property 'openapidefinition' cannot be null.")),
        Some(Some(s)) => match serde_json::from_str::<Value>(s.trim_start_matches('\u{feff}')) {
            Ok(v) if v.is_object() => Some(v),
            _ => {
                return Err(dv_bad(
                    "The property 'openapidefinition' must hold a JSON (Swagger 2.0) document as a string.",
                ));
            }
        },
    };
    let mut props = Vec::new();
    for (col, prop) in DV_JSON_COLUMNS {
        match text(col)? {
            None => {}
            Some(None) => props.push((prop.to_owned(), None)),
            Some(Some(s)) if s.trim().is_empty() => props.push((prop.to_owned(), None)),
            Some(Some(s)) => match serde_json::from_str::<Value>(&s) {
                Ok(v) => props.push((prop.to_owned(), Some(v))),
                Err(e) => {
                    return Err(dv_bad(&format!(
                        "The property '{col}' must hold JSON as a string: {e}"
                    )));
                }
            },
        }
    }
    match text("iconbrandcolor")? {
        None => {}
        Some(None) => props.push(("iconBrandColor".into(), None)),
        Some(Some(c)) => props.push(("iconBrandColor".into(), Some(json!(c)))),
    }
    let file = |col: &str| -> Result<FileChange, Reply> {
        Ok(match text(col)? {
            None => FileChange::Keep,
            Some(None) => FileChange::Remove,
            Some(Some(s)) if s.is_empty() => FileChange::Remove,
            Some(Some(s)) => match STANDARD.decode(s.trim()) {
                Ok(b) => FileChange::Set(b),
                Err(_) => return Err(dv_bad(&format!("The property '{col}' must be base64."))),
            },
        })
    };
    let script = file("customcodeblobcontent")?;
    let icon = file("iconblob")?;
    let connectorid = match text("connectorid")? {
        Some(Some(g)) if create => {
            if !is_guid(&g) {
                return Err(dv_bad("The property 'connectorid' must be a GUID."));
            }
            Some(g.to_ascii_lowercase())
        }
        _ => None,
    };
    Ok(DvInput {
        name,
        display,
        description: text("description")?,
        swagger,
        props,
        script,
        icon,
        connectorid,
    })
}

fn check_prefix(name: &str, prefix: Option<&str>) -> Result<(), Reply> {
    let Some(prefix) = prefix else {
        return Ok(());
    };
    let want = format!("{prefix}_");
    let ok = name.len() > want.len() && name[..want.len()].eq_ignore_ascii_case(&want);
    if ok {
        Ok(())
    } else {
        Err(dv_bad(&format!(
            "The connector name '{name}' must start with the solution publisher's customization prefix '{want}'."
        )))
    }
}

fn duplicate() -> Reply {
    Reply::arm(
        400,
        "0x80040237",
        "A record with matching key values already exists.",
    )
}

fn dv_find(s: &State, env: &str, guid: &str) -> Option<usize> {
    s.conns.iter().position(|c| {
        c.c.env == env
            && c.dv
                .as_ref()
                .is_some_and(|d| d.connectorid.eq_ignore_ascii_case(guid))
    })
}

fn dv_not_found(guid: &str) -> Reply {
    Reply::arm(
        404,
        "0x80040217",
        &format!("connector With Id = {guid} Does Not Exist"),
    )
}

fn api_not_found(id: &str) -> Reply {
    Reply::arm(404, "ApiNotFound", &format!("Could not find api '{id}'."))
}

fn auth_failed() -> Reply {
    Reply::xml(
        403,
        "AuthenticationFailed",
        "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
    )
}

fn blob_not_found() -> Reply {
    Reply::xml(404, "BlobNotFound", "The specified blob does not exist.")
}

fn missing_param(name: &str) -> Reply {
    Reply::aad(
        400,
        "invalid_request",
        900144,
        &format!("The request body must contain the following parameter: '{name}'."),
    )
}

/// A connector's file in the fake's store: `None` unknown name, `Some(None)` absent.
fn store_file(c: &Conn, file: &str) -> Option<Option<Vec<u8>>> {
    let pretty = |v: &Value| serde_json::to_vec_pretty(v).unwrap_or_default();
    Some(match file {
        "icon.png" => c.c.icon.clone(),
        "script.csx" => c.c.script.clone(),
        "original.swagger.json" if c.c.swagger.is_object() => {
            let mut out = "\u{feff}".as_bytes().to_vec();
            out.extend(pretty(&c.c.swagger));
            Some(out)
        }
        "modified.swagger.json" if c.c.swagger.is_object() => {
            let mut runtime = c.c.swagger.clone();
            runtime["host"] = json!(APIM_HOST);
            Some(pretty(&runtime))
        }
        _ => return None,
    })
}

fn creator(subject: &Subject) -> (String, String) {
    if subject.user {
        (USER_NAME.into(), subject.oid.clone())
    } else {
        ("ci-app".into(), subject.oid.clone())
    }
}

/// Takes every `oAuthSettings.clientSecret` out of `connectionParameters` and
/// `connectionParameterSets.values[].parameters`; returns the first.
fn take_secrets(props: &mut Map<String, Value>) -> Option<String> {
    fn from_params(params: Option<&mut Value>, found: &mut Option<String>) {
        let Some(Value::Object(map)) = params else {
            return;
        };
        for p in map.values_mut() {
            if let Some(Value::Object(o)) = p.get_mut("oAuthSettings")
                && let Some(secret) = o.remove("clientSecret")
                && found.is_none()
            {
                *found = Some(secret.as_str().unwrap_or_default().to_owned());
            }
        }
    }
    let mut found = None;
    from_params(props.get_mut("connectionParameters"), &mut found);
    if let Some(Value::Array(sets)) = props
        .get_mut("connectionParameterSets")
        .and_then(|s| s.get_mut("values"))
    {
        for set in sets {
            from_params(set.get_mut("parameters"), &mut found);
        }
    }
    found
}

/// `schemes[0]://host basePath`.
fn service_url(swagger: &Value) -> String {
    let scheme = swagger
        .pointer("/schemes/0")
        .and_then(Value::as_str)
        .unwrap_or("https");
    let host = swagger.get("host").and_then(Value::as_str).unwrap_or("");
    let base = swagger
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("");
    format!("{scheme}://{host}{base}")
}

/// The audience a scope asks for: its first resource scope, without `/.default` (or the
/// permission name).
fn audience_of(scope: &str) -> String {
    let Some(first) = scope.split_whitespace().find(|s| !OIDC_SCOPES.contains(s)) else {
        return "00000003-0000-0000-c000-000000000000".into();
    };
    if let Some(resource) = first.strip_suffix("/.default") {
        return resource.to_owned();
    }
    match first.split_once("://") {
        Some((_, rest)) if rest.contains('/') => first
            .rsplit_once('/')
            .map(|(r, _)| r.to_owned())
            .unwrap_or_default(),
        _ => first.to_owned(),
    }
}

/// The value of `<field> eq '<value>'` in an OData filter (field case-insensitive).
fn filter_value(filter: &str, field: &str) -> Option<String> {
    let lower = filter.to_ascii_lowercase();
    let pattern = format!("{} eq '", field.to_ascii_lowercase());
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&pattern) {
        let at = from + pos;
        let boundary = at == 0
            || !lower.as_bytes()[at - 1].is_ascii_alphanumeric()
                && lower.as_bytes()[at - 1] != b'_';
        let start = at + pattern.len();
        if boundary {
            let end = filter[start..].find('\'')? + start;
            return Some(filter[start..end].to_owned());
        }
        from = start;
    }
    None
}

fn host_kind(path: &str) -> &'static str {
    let p = path.to_ascii_lowercase();
    if p.starts_with("/dataverse/") {
        "dataverse"
    } else if p.starts_with("/blob/") {
        "blob"
    } else if p.contains("/oauth2/") {
        "login"
    } else if p.starts_with("/providers/microsoft.processsimple") {
        "flow"
    } else {
        "powerapps"
    }
}

fn slug(display_name: &str) -> String {
    let mut out = String::new();
    for ch in display_name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "connector".into()
    } else {
        out
    }
}

fn jwt(claims: &Value) -> String {
    let header = json!({"alg": "RS256", "typ": "JWT"});
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode("fake-signature")
    )
}

/// Decodes a JWT's claims (the middle part); `Null` when it is not one.
pub fn jwt_claims(token: &str) -> Value {
    token
        .split('.')
        .nth(1)
        .and_then(|p| URL_SAFE_NO_PAD.decode(p.trim_end_matches('=')).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null)
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.finish()
}

/// `bytes` random bytes as lowercase hex.
fn random_hex(bytes: usize) -> String {
    let mut out = String::new();
    while out.len() < bytes * 2 {
        out.push_str(&format!("{:016x}", random_u64()));
    }
    out.truncate(bytes * 2);
    out
}

fn guid() -> String {
    let h = random_hex(16);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `a=b&c=d` decoded (`+` is a space); later keys win.
fn parse_pairs(text: &str) -> HashMap<String, String> {
    text.split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| kv.split_once('=').unwrap_or((kv, "")))
        .map(|(k, v)| (percent_decode(k, true), percent_decode(v, true)))
        .collect()
}

fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
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
            b'+' if plus_is_space => {
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

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Days since the epoch → (year, month, day), proleptic Gregorian.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// RFC 7231 date: `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil(days);
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(m - 1) as usize],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// ISO 8601 UTC: `2024-10-23 10:00:00Z`.
fn iso_time(secs: u64) -> String {
    let (y, m, d) = civil((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{y}-{m:02}-{d:02} {:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
