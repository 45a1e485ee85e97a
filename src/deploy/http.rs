//! One blocking HTTP client for every deploy call. Requests are values ([`Request`]) so that
//! `--dry-run` can show them and tests can compare them; each says what it attempts, so every
//! failure reads "what was attempted: status: the service's message", whatever the body is.
//!
//! Retries are per request: reads and blob uploads are retried on 429 (after `Retry-After`)
//! and on 5xx, a few times; a connector update once on a gateway error; creating a connector
//! only on 429 (the service did not take it), never on 5xx (it may have been created).

use super::endpoints::Endpoints;
use super::redact;
use secrecy::{ExposeSecret, SecretString};
use std::io::{IsTerminal, Read, Write};
use std::time::Duration;

/// The largest answer read into memory (a swagger of the biggest connector is ~3 MB).
const MAX_BODY: u64 = 64 * 1024 * 1024;
/// The longest `Retry-After` honoured; a longer one ends the wait with an error.
const MAX_RETRY_AFTER: u64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
        }
    }
}

/// When a failed attempt may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Reads and idempotent writes: on 429, 5xx and lost connections, up to three attempts.
    Safe,
    /// On 429, and once on 502/503/504 (a connector update).
    Gateway,
    /// On 429 only: the service did not act on a throttled request, while a 5xx may hide a
    /// creation that happened.
    Throttled,
}

pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<(Vec<u8>, &'static str)>,
    /// Kept apart from `headers` so that no listing of a request can show it.
    pub bearer: Option<SecretString>,
    /// What the request attempts, for messages: "creating the connector".
    pub what: String,
    pub retry: Retry,
    /// Show upload progress on a terminal under this label.
    pub progress: Option<String>,
}

impl Request {
    pub fn new(method: Method, url: impl Into<String>, what: impl Into<String>) -> Request {
        Request {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
            bearer: None,
            what: what.into(),
            retry: if method == Method::Get {
                Retry::Safe
            } else {
                Retry::Throttled
            },
            progress: None,
        }
    }

    pub fn json(mut self, body: Vec<u8>) -> Request {
        self.body = Some((body, "application/json"));
        self
    }

    pub fn form(mut self, pairs: &[(&str, &str)]) -> Request {
        let text = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.body = Some((text.into_bytes(), "application/x-www-form-urlencoded"));
        self
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Request {
        self.headers.push((name, value.into()));
        self
    }

    pub fn bearer(mut self, token: &SecretString) -> Request {
        self.bearer = Some(token.clone());
        self
    }

    pub fn retry(mut self, retry: Retry) -> Request {
        self.retry = retry;
        self
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A call that did not succeed, explained. Messages never hold a secret.
#[derive(Debug, Clone)]
pub enum HttpError {
    /// Refused before sending: a URL the loopback guard or the scheme check refuses.
    Refused(String),
    /// No answer: the host does not resolve, the connection failed, a timeout.
    Unreachable { what: String, detail: String },
    /// An answer with a failing status.
    Status {
        what: String,
        status: u16,
        /// The service's error code (`InvalidRequestContent`, `invalid_grant`), when it sent one.
        code: Option<String>,
        message: String,
        /// Correlation and request ids, for Microsoft support.
        request_ids: Vec<String>,
    },
}

impl HttpError {
    pub fn status(&self) -> Option<u16> {
        match self {
            HttpError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            HttpError::Status { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// What to do about it, by status.
    pub fn hint(&self) -> Option<&'static str> {
        match self.status()? {
            401 => Some(
                "the sign-in was not accepted: run `ppcert login` again (in CI, check PPCERT_ACCESS_TOKEN or the PPCERT_CLIENT_ID / PPCERT_CLIENT_SECRET / PPCERT_TENANT_ID credentials and that the token is for https://service.powerapps.com/)",
            ),
            403 => Some(
                "your account lacks a permission this needs: creating a connector needs the Environment Maker role in the environment, updating or downloading one needs to own it or have it shared with you (Can edit), and a solution needs the System Customizer role",
            ),
            404 => Some(
                "check the environment (`ppcert env list`) and the connector id (`ppcert connector list --env ENV`)",
            ),
            429 => Some("the service kept throttling; wait a few minutes and run it again"),
            500..=599 => Some(
                "the service failed; run it again later, and quote the request ids to Microsoft support if it keeps failing",
            ),
            _ => None,
        }
    }
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            HttpError::Refused(m) => m.clone(),
            HttpError::Unreachable { what, detail } => format!("{what}: no answer: {detail}"),
            HttpError::Status {
                what,
                status,
                code,
                message,
                request_ids,
            } => {
                let mut s = format!("{what}: the service answered {status} {}", reason(*status));
                match code {
                    Some(code) => s.push_str(&format!(": {code}: {message}")),
                    None => s.push_str(&format!(": {message}")),
                }
                if !request_ids.is_empty() {
                    s.push_str(&format!(" ({})", request_ids.join(", ")));
                }
                if let Some(hint) = self.hint() {
                    s.push_str(&format!("\n  hint: {hint}"));
                }
                s
            }
        };
        f.write_str(&redact::clean(&text))
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// The service's message from an error body: ARM (`{"error":{"code","message"}}`), OAuth
/// (`{"error","error_description"}`), OData and plain `{"message"}` shapes, Azure storage XML,
/// or the text itself, shortened to one line; "(empty body)" when there is none.
pub fn decode_error(body: &[u8]) -> (Option<String>, String) {
    let text = String::from_utf8_lossy(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body));
    let text = text.trim();
    if text.is_empty() {
        return (None, "(empty body)".to_owned());
    }
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        let s = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_owned);
        if let Some(err) = v.get("error").filter(|e| e.is_object()) {
            let message = s(err.get("message"))
                .or_else(|| s(err.pointer("/message/value")))
                .unwrap_or_else(|| one_line(&err.to_string()));
            return (s(err.get("code")), one_line(&message));
        }
        if let Some(code) = s(v.get("error")) {
            let message = s(v.get("error_description")).unwrap_or_default();
            return (Some(code), one_line(&message));
        }
        if let Some(message) = s(v.get("message")).or_else(|| s(v.get("Message"))) {
            return (s(v.get("code")), one_line(&message));
        }
        if let Some(message) = v.as_str() {
            return (None, one_line(message));
        }
        return (None, one_line(text));
    }
    if text.starts_with('<') {
        let tag = |name: &str| {
            let open = format!("<{name}>");
            let start = text.find(&open)? + open.len();
            let end = text[start..].find("</")? + start;
            Some(text[start..end].trim().to_owned())
        };
        if let Some(code) = tag("Code") {
            return (Some(code), one_line(&tag("Message").unwrap_or_default()));
        }
        if let Some(title) = tag("title") {
            return (None, format!("an HTML page: {}", one_line(&title)));
        }
    }
    (None, one_line(text))
}

fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = joined.chars().take(400).collect();
    if joined.chars().count() > 400 {
        out.push('…');
    }
    out
}

/// `application/x-www-form-urlencoded` and query-component encoding (RFC 3986 unreserved
/// characters stay; spaces become `%20`, as paconn's `quote` writes them).
pub fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The HTTP client of a run.
pub struct Http {
    agent: ureq::Agent,
    endpoints: Endpoints,
    user_agent: String,
    /// Whether stderr is a terminal (progress and countdowns are drawn only there).
    terminal: bool,
}

impl Http {
    pub fn new(endpoints: &Endpoints) -> Http {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            // A redirect would carry the bearer token to wherever it points.
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(180)))
            .build()
            .into();
        Http {
            agent,
            endpoints: endpoints.clone(),
            user_agent: format!("ppcert/{}", env!("CARGO_PKG_VERSION")),
            terminal: std::io::stderr().is_terminal(),
        }
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    /// Sends `request`, retrying as it allows; a non-2xx answer is an [`HttpError::Status`].
    pub fn send(&self, request: &Request) -> Result<Response, HttpError> {
        let response = self.send_any(request)?;
        if response.ok() {
            return Ok(response);
        }
        Err(status_error(&request.what, &response))
    }

    /// Sends `request`, retrying as it allows, and returns whatever status came back last.
    pub fn send_any(&self, request: &Request) -> Result<Response, HttpError> {
        self.endpoints
            .check_host(&request.url)
            .map_err(HttpError::Refused)?;
        let mut attempt = 0u32;
        let mut throttled = 0u32;
        loop {
            attempt += 1;
            let outcome = self.once(request);
            let retry_in = match &outcome {
                Ok(r) if r.status == 429 && throttled < 5 => {
                    throttled += 1;
                    attempt -= 1;
                    match retry_after(r) {
                        Some(s) if s > MAX_RETRY_AFTER => None,
                        Some(s) => Some(Duration::from_secs(s)),
                        None => Some(backoff(throttled)),
                    }
                }
                Ok(r) if r.status >= 500 => match request.retry {
                    Retry::Safe if attempt < 3 => Some(backoff(attempt)),
                    Retry::Gateway if attempt < 2 && matches!(r.status, 502..=504) => {
                        Some(backoff(attempt))
                    }
                    _ => None,
                },
                Err(HttpError::Unreachable { .. })
                    if request.retry == Retry::Safe && attempt < 3 =>
                {
                    Some(backoff(attempt))
                }
                _ => None,
            };
            match retry_in {
                Some(wait) => {
                    let why = match &outcome {
                        Ok(r) if r.status == 429 => "the service is throttling".to_owned(),
                        Ok(r) => format!("the service answered {}", r.status),
                        Err(_) => "no answer".to_owned(),
                    };
                    self.wait(&request.what, &why, wait);
                }
                None => return outcome,
            }
        }
    }

    fn once(&self, request: &Request) -> Result<Response, HttpError> {
        let unreachable = |detail: String| HttpError::Unreachable {
            what: request.what.clone(),
            detail: redact::clean(&detail),
        };
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(&request.url)
            .header("User-Agent", &self.user_agent)
            .header("Accept", "application/json");
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        if let Some(token) = &request.bearer {
            builder = builder.header("Authorization", format!("Bearer {}", token.expose_secret()));
        }
        let result = match &request.body {
            Some((bytes, content_type)) => {
                let builder = builder.header("Content-Type", *content_type);
                match &request.progress {
                    Some(label) if self.terminal => {
                        let reader = Progress::new(bytes.clone(), label.clone());
                        let http = builder
                            .body(ureq::SendBody::from_owned_reader(reader))
                            .map_err(|e| unreachable(e.to_string()))?;
                        self.agent.run(http)
                    }
                    _ => {
                        let http = builder
                            .body(bytes.clone())
                            .map_err(|e| unreachable(e.to_string()))?;
                        self.agent.run(http)
                    }
                }
            }
            None => {
                let http = builder.body(()).map_err(|e| unreachable(e.to_string()))?;
                self.agent.run(http)
            }
        };
        let mut response = result.map_err(|e| unreachable(describe(&e)))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| unreachable(format!("reading the answer: {}", describe(&e))))?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    /// Waits, saying why; on a terminal with a countdown.
    fn wait(&self, what: &str, why: &str, wait: Duration) {
        let secs = wait.as_secs_f64();
        eprintln!(
            "{}",
            redact::clean(&format!("{what}: {why}; trying again in {secs:.0} s"))
        );
        if self.terminal && wait.as_secs() >= 2 {
            let mut left = wait.as_secs();
            while left > 0 {
                eprint!("\r  waiting… {left:>3} s ");
                let _ = std::io::stderr().flush();
                std::thread::sleep(Duration::from_secs(1));
                left -= 1;
            }
            eprint!("\r{:20}\r", "");
        } else {
            std::thread::sleep(wait);
        }
    }
}

pub fn status_error(what: &str, response: &Response) -> HttpError {
    let (code, message) = decode_error(&response.body);
    let request_ids = [
        "x-ms-correlation-request-id",
        "x-ms-request-id",
        "x-ms-service-request-id",
        "client-request-id",
    ]
    .iter()
    .filter_map(|h| response.header(h).map(|v| format!("{h}: {v}")))
    .collect();
    HttpError::Status {
        what: what.to_owned(),
        status: response.status,
        code,
        message: redact::clean(&message),
        request_ids,
    }
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::HostNotFound => "the host name does not resolve".to_owned(),
        ureq::Error::ConnectionFailed => "the connection failed".to_owned(),
        ureq::Error::Timeout(t) => format!("timed out ({t})"),
        ureq::Error::BodyExceedsLimit(n) => format!("the answer is larger than {n} bytes"),
        other => other.to_string(),
    }
}

/// `Retry-After` as seconds (a number, or an HTTP date from now).
fn retry_after(response: &Response) -> Option<u64> {
    let value = response.header("retry-after")?.trim();
    value.parse::<u64>().ok()
}

/// 1 s, 2 s, 4 s…, plus up to half a second of jitter so parallel runs do not retry together.
fn backoff(attempt: u32) -> Duration {
    let base = 1u64 << attempt.saturating_sub(1).min(5);
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::from(d.subsec_millis()) % 500);
    Duration::from_millis(base * 1000 + jitter)
}

/// A body reader that draws `label: 40% of 2.1 MB` on stderr as it is sent.
struct Progress {
    bytes: Vec<u8>,
    sent: usize,
    label: String,
    last: usize,
}

impl Progress {
    fn new(bytes: Vec<u8>, label: String) -> Progress {
        Progress {
            bytes,
            sent: 0,
            label,
            last: usize::MAX,
        }
    }
}

impl Read for Progress {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let rest = &self.bytes[self.sent..];
        let n = rest.len().min(buf.len()).min(64 * 1024);
        buf[..n].copy_from_slice(&rest[..n]);
        self.sent += n;
        let total = self.bytes.len().max(1);
        let percent = self.sent * 100 / total;
        if percent != self.last {
            self.last = percent;
            eprint!(
                "\r  {}: {percent:>3}% of {}",
                self.label,
                human_bytes(self.bytes.len())
            );
            if self.sent == self.bytes.len() {
                eprintln!();
            }
            let _ = std::io::stderr().flush();
        }
        Ok(n)
    }
}

pub fn human_bytes(n: usize) -> String {
    if n < 1000 {
        format!("{n} B")
    } else if n < 1_000_000 {
        format!("{:.1} kB", n as f64 / 1000.0)
    } else {
        format!("{:.1} MB", n as f64 / 1_000_000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_of_every_shape() {
        assert_eq!(
            decode_error(br#"{"error":{"code":"InvalidRequestContent","message":"Could not find member 'stackOwner'"}}"#),
            (Some("InvalidRequestContent".into()), "Could not find member 'stackOwner'".into())
        );
        assert_eq!(
            decode_error(
                br#"{"error":"invalid_grant","error_description":"AADSTS70008: expired"}"#
            ),
            (Some("invalid_grant".into()), "AADSTS70008: expired".into())
        );
        assert_eq!(
            decode_error(br#"{"message":"No HTTP resource was found"}"#).1,
            "No HTTP resource was found"
        );
        assert_eq!(decode_error(b"").1, "(empty body)");
        assert_eq!(
            decode_error(b"<html><head><title>503 Service Unavailable</title></head></html>").1,
            "an HTML page: 503 Service Unavailable"
        );
        assert_eq!(
            decode_error(b"<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>Signature did not match</Message></Error>"),
            (Some("AuthenticationFailed".into()), "Signature did not match".into())
        );
        assert_eq!(
            decode_error(b"upstream\nconnect error").1,
            "upstream connect error"
        );
        assert_eq!(
            decode_error(br#""Swagger certification failed""#).1,
            "Swagger certification failed"
        );
    }

    #[test]
    fn form_encoding_matches_paconn_quote() {
        assert_eq!(
            form_encode("environment eq 'env-dev'"),
            "environment%20eq%20%27env-dev%27"
        );
        assert_eq!(form_encode("$filter"), "%24filter");
    }
}
