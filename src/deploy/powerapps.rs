//! The PowerApps resource provider (and the Flow one, for environments), as paconn speaks it:
//! `api-version=2016-11-01`, the environment as `$filter=environment eq '<env>'`, the swagger
//! as an object inside the connector's properties, files through a storage signature.

use super::auth::{Audience, AuthError, Session};
use super::http::{Http, HttpError, Method, Request, Response, Retry, form_encode};
use super::ordered::Json;
use super::redact;

pub const API_VERSION: &str = "2016-11-01";
/// Connector listings are followed through at most this many `nextLink` pages.
const MAX_PAGES: usize = 200;

/// A failure of a deploy call: signing in, or the call itself.
#[derive(Debug, Clone)]
pub enum CallError {
    Auth(AuthError),
    Http(HttpError),
    /// The service answered 2xx with something unusable.
    Answer(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Auth(e) => e.fmt(f),
            CallError::Http(e) => e.fmt(f),
            CallError::Answer(m) => f.write_str(&redact::clean(m)),
        }
    }
}

impl From<AuthError> for CallError {
    fn from(e: AuthError) -> Self {
        CallError::Auth(e)
    }
}

impl From<HttpError> for CallError {
    fn from(e: HttpError) -> Self {
        CallError::Http(e)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    pub name: String,
    pub display_name: String,
    pub is_default: bool,
    /// The Dataverse instance URL, when the environment has a database.
    pub dataverse_url: Option<String>,
    pub sku: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectorSummary {
    pub id: String,
    pub display_name: String,
    pub custom: bool,
    pub created_by: Option<String>,
}

/// Microsoft's verdict on a swagger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub passed: bool,
    /// The service's messages, one per problem, as it worded them.
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
    /// What the service said, whole.
    pub text: String,
}

/// The resource providers of one run, with its credentials.
pub struct PowerApps<'a> {
    pub http: &'a Http,
    pub session: &'a mut Session,
}

impl PowerApps<'_> {
    fn url(&self, path: &str, env: Option<&str>, extra: &[(&str, &str)]) -> String {
        rp_url(&self.http.endpoints().powerapps, path, env, extra)
    }

    fn call(&mut self, request: Request) -> Result<Response, CallError> {
        let token = self.session.token(self.http, &Audience::PowerApps)?;
        Ok(self
            .http
            .send(&request.bearer(&token).header("x-ms-origin", "ppcert"))?)
    }

    fn json(&mut self, request: Request) -> Result<serde_json::Value, CallError> {
        let what = request.what.clone();
        let answer = self.call(request)?;
        parse_answer(&what, &answer)
    }

    /// Every environment the account can use, from the PowerApps RP (which lists environments
    /// with and without Power Automate); from the Flow RP when the PowerApps RP refuses.
    pub fn environments(&mut self) -> Result<(Vec<Environment>, Option<String>), CallError> {
        let url = self.url("environments", None, &[]);
        let first = self.json(Request::new(Method::Get, url, "listing your environments"));
        let (value, note) = match first {
            Ok(v) => (v, None),
            Err(CallError::Http(e)) if matches!(e.status(), Some(403 | 404 | 501)) => {
                let url = rp_url(
                    &format!(
                        "{}/providers/Microsoft.ProcessSimple",
                        self.http.endpoints().flow
                    ),
                    "environments",
                    None,
                    &[],
                );
                let v = self.json(Request::new(
                    Method::Get,
                    url,
                    "listing your environments (Power Automate)",
                ))?;
                (
                    v,
                    Some(format!(
                        "the PowerApps service refused the environment list ({}); these are the Power Automate environments, which may be fewer",
                        e.status().unwrap_or(0)
                    )),
                )
            }
            Err(e) => return Err(e),
        };
        let items = value
            .get("value")
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default();
        let envs = items
            .iter()
            .filter_map(|e| {
                let p = e.get("properties");
                let s = |k: &str| {
                    p.and_then(|p| p.get(k))
                        .and_then(|v| v.as_str())
                        .map(str::to_owned)
                };
                Some(Environment {
                    name: e.get("name")?.as_str()?.to_owned(),
                    display_name: s("displayName").unwrap_or_default(),
                    is_default: p
                        .and_then(|p| p.get("isDefault"))
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false),
                    dataverse_url: p
                        .and_then(|p| p.pointer("/linkedEnvironmentMetadata/instanceUrl"))
                        .and_then(|v| v.as_str())
                        .filter(|u| !u.is_empty())
                        .map(str::to_owned),
                    sku: s("environmentSku"),
                })
            })
            .collect();
        Ok((envs, note))
    }

    /// The connectors of `env`, following `nextLink` pages.
    pub fn connectors(&mut self, env: &str) -> Result<Vec<ConnectorSummary>, CallError> {
        let mut url = self.url("apis", Some(env), &[]);
        let mut out = Vec::new();
        for _ in 0..MAX_PAGES {
            let page = self.json(Request::new(
                Method::Get,
                &url,
                format!("listing the connectors of environment {env}"),
            ))?;
            for item in page
                .get("value")
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
            {
                let Some(id) = item.get("name").and_then(|v| v.as_str()) else {
                    continue;
                };
                let p = item.get("properties");
                out.push(ConnectorSummary {
                    id: id.to_owned(),
                    display_name: p
                        .and_then(|p| p.get("displayName"))
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_owned(),
                    custom: p
                        .and_then(|p| p.get("isCustomApi"))
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false),
                    created_by: p
                        .and_then(|p| p.pointer("/createdBy/displayName"))
                        .and_then(|v| v.as_str())
                        .map(str::to_owned),
                });
            }
            let next = page
                .get("nextLink")
                .or_else(|| page.get("@odata.nextLink"))
                .and_then(|v| v.as_str());
            match next {
                Some(next) if !next.is_empty() => {
                    // A next page elsewhere would get the token: it must be on the same host.
                    if origin(next) != origin(&url) {
                        return Err(CallError::Answer(format!(
                            "the connector list's next page is on another host ({}); not following it",
                            redact::url_for_humans(next)
                        )));
                    }
                    url = next.to_owned();
                }
                _ => return Ok(out),
            }
        }
        Err(CallError::Answer(format!(
            "the connector list of {env} goes on past {MAX_PAGES} pages; stopped"
        )))
    }

    /// The connector `id` of `env`, as the service describes it.
    pub fn connector(&mut self, env: &str, id: &str) -> Result<serde_json::Value, CallError> {
        let url = self.url(&format!("apis/{}", form_encode(id)), Some(env), &[]);
        self.json(Request::new(
            Method::Get,
            url,
            format!("reading connector {id} in environment {env}"),
        ))
    }

    /// A container the service lends for the icon and the script: its URL with the signature.
    pub fn storage(&mut self, env: &str) -> Result<String, CallError> {
        let oid = self.session.oid(self.http)?;
        let url = self.url(
            &format!("objectIds/{}/generateResourceStorage", form_encode(&oid)),
            None,
            &[],
        );
        let body = Json::object([("environment", Json::object([("name", Json::string(env))]))]);
        let v = self.json(
            Request::new(
                Method::Post,
                url,
                "asking for storage for the icon and the script",
            )
            .json(body.compact().into_bytes())
            .retry(Retry::Safe),
        )?;
        let sas = v
            .get("sharedAccessSignature")
            .and_then(|s| s.as_str())
            .ok_or_else(|| {
                CallError::Answer("the storage answer has no sharedAccessSignature".into())
            })?;
        redact::register(sas.split_once('?').map_or("", |(_, q)| q));
        Ok(sas.to_owned())
    }

    /// Uploads `bytes` as blob `name` of the lent container; returns the blob's URL (with the
    /// signature, which is how the service reads it).
    pub fn upload(
        &self,
        container: &str,
        name: &str,
        bytes: &[u8],
        content_type: &'static str,
    ) -> Result<String, CallError> {
        let (base, query) = container.split_once('?').unwrap_or((container, ""));
        let url = if query.is_empty() {
            format!("{}/{}", base.trim_end_matches('/'), form_encode(name))
        } else {
            format!(
                "{}/{}?{query}",
                base.trim_end_matches('/'),
                form_encode(name)
            )
        };
        let mut request = Request::new(Method::Put, &url, format!("uploading {name}"))
            .header("x-ms-blob-type", "BlockBlob")
            .header("x-ms-version", "2019-02-02")
            .header("x-ms-blob-content-type", content_type)
            .retry(Retry::Safe);
        request.body = Some((bytes.to_vec(), content_type));
        request.progress = Some(format!("uploading {name}"));
        // No bearer: the signature is the credential, and a token must not go to storage.
        self.http.send(&request)?;
        Ok(url)
    }

    /// Creates a connector; returns its id.
    pub fn create(&mut self, env: &str, body: &Json) -> Result<String, CallError> {
        let url = self.url("apis", Some(env), &[]);
        let v = self.json(
            Request::new(
                Method::Post,
                url,
                format!("creating the connector in environment {env}"),
            )
            .json(body.compact().into_bytes())
            .retry(Retry::Throttled),
        )?;
        v.get("name")
            .and_then(|n| n.as_str())
            .map(str::to_owned)
            .ok_or_else(|| CallError::Answer("the service created the connector but did not say its id (`name`); `ppcert connector list` shows it".into()))
    }

    pub fn update(&mut self, env: &str, id: &str, body: &Json) -> Result<(), CallError> {
        let url = self.url(&format!("apis/{}", form_encode(id)), Some(env), &[]);
        self.call(
            Request::new(
                Method::Patch,
                url,
                format!("updating connector {id} in environment {env}"),
            )
            .json(body.compact().into_bytes())
            .retry(Retry::Gateway),
        )?;
        Ok(())
    }

    /// Microsoft's validation of a swagger (`validateApiSwagger`), with the certification
    /// rules when `certification`.
    pub fn validate(&mut self, swagger: &Json, certification: bool) -> Result<Verdict, CallError> {
        let oid = self.session.oid(self.http)?;
        let extra: &[(&str, &str)] = if certification {
            &[("enableConnectorCertificationRules", "true")]
        } else {
            &[]
        };
        let url = self.url(
            &format!("objectIds/{}/validateApiSwagger", form_encode(&oid)),
            None,
            extra,
        );
        let token = self.session.token(self.http, &Audience::PowerApps)?;
        let request = Request::new(
            Method::Post,
            url,
            "validating the swagger with Microsoft's validator",
        )
        .json(swagger.compact().into_bytes())
        .retry(Retry::Safe)
        .bearer(&token)
        .header("x-ms-origin", "ppcert");
        let answer = self.http.send_any(&request)?;
        if answer.ok() {
            let text = answer_text(&answer.body);
            let (_, warnings) = split_messages(&text);
            return Ok(Verdict {
                passed: true,
                errors: Vec::new(),
                warnings,
                text,
            });
        }
        let (code, message) = super::http::decode_error(&answer.body);
        if answer.status == 400
            && matches!(code.as_deref(), Some(c) if c.contains("Swagger") || c.contains("Validation"))
        {
            let text = full_message(&answer.body).unwrap_or(message);
            let (errors, warnings) = split_messages(&text);
            return Ok(Verdict {
                passed: false,
                errors: if errors.is_empty() {
                    vec![text.clone()]
                } else {
                    errors
                },
                warnings,
                text,
            });
        }
        Err(CallError::Http(super::http::status_error(
            &request.what,
            &answer,
        )))
    }
}

/// `{base}/providers/Microsoft.PowerApps/{path}?api-version=…[&$filter=environment eq '…']`,
/// encoded as paconn encodes it.
fn rp_url(base: &str, path: &str, env: Option<&str>, extra: &[(&str, &str)]) -> String {
    let base = if base.contains("/providers/") {
        base.to_owned()
    } else {
        format!("{base}/providers/Microsoft.PowerApps")
    };
    let mut url = format!("{base}/{path}?api-version={API_VERSION}");
    if let Some(env) = env {
        url.push_str("&%24filter=");
        url.push_str(&form_encode(&format!("environment eq '{env}'")));
    }
    for (k, v) in extra {
        url.push_str(&format!("&{}={}", form_encode(k), form_encode(v)));
    }
    url
}

fn origin(url: &str) -> &str {
    let after = url.find("://").map_or(0, |i| i + 3);
    let end = url[after..]
        .find(['/', '?'])
        .map_or(url.len(), |i| i + after);
    &url[..end]
}

fn parse_answer(what: &str, answer: &Response) -> Result<serde_json::Value, CallError> {
    let body = answer
        .body
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&answer.body);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Value::Null);
    }
    serde_json::from_slice(body)
        .map_err(|e| CallError::Answer(format!("{what}: the service's answer is not JSON ({e})")))
}

/// The validator's text: a JSON string (as it answers), or the body itself.
fn answer_text(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body));
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::String(s)) => s,
        _ => text.trim().to_owned(),
    }
}

/// The whole `error.message` of a failure, line breaks kept.
fn full_message(body: &[u8]) -> Option<String> {
    let v: serde_json::Value =
        serde_json::from_slice(body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)).ok()?;
    v.pointer("/error/message")?.as_str().map(str::to_owned)
}

/// Splits the validator's text into its problems: one per line or bullet, the heading line
/// ("…failed with errors:", "…succeeded with warnings:") deciding which list a line goes to.
/// The exact wording is not documented; anything unrecognised is kept whole.
pub fn split_messages(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let mut in_warnings = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let lower = line.to_ascii_lowercase();
        if lower.ends_with(':') && (lower.contains("error") || lower.contains("warning")) {
            in_warnings = lower.contains("warning") && !lower.contains("error");
            continue;
        }
        let item = line.trim_start_matches(['-', '*', '•']).trim().to_owned();
        if item.is_empty() || lower == "swagger certification succeeded" {
            continue;
        }
        if in_warnings {
            warnings.push(item);
        } else if line.starts_with(['-', '*', '•']) {
            errors.push(item);
        }
    }
    (errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_encoded_as_paconn_encodes_them() {
        assert_eq!(
            rp_url(
                "https://api.powerapps.com",
                "apis",
                Some("env-dev-guid"),
                &[]
            ),
            "https://api.powerapps.com/providers/Microsoft.PowerApps/apis?api-version=2016-11-01&%24filter=environment%20eq%20%27env-dev-guid%27"
        );
        assert_eq!(origin("http://127.0.0.1:9/x?y"), "http://127.0.0.1:9");
    }

    #[test]
    fn validator_text_splits_into_problems() {
        let (e, w) = split_messages("Swagger certification failed with errors:\r\n- one\r\n- two");
        assert_eq!((e, w.len()), (vec!["one".to_owned(), "two".to_owned()], 0));
        let (e, w) = split_messages("Swagger certification succeeded with warnings:\r\n- w1");
        assert_eq!((e.len(), w), (0, vec!["w1".to_owned()]));
        assert_eq!(
            split_messages("Swagger certification succeeded"),
            (vec![], vec![])
        );
    }
}
