//! The control plane: the GitHub REST calls of a submission, through octocrab, made blocking on
//! a private current-thread runtime so the rest of `submit` stays synchronous like git2.
//!
//! octocrab is built without its retry layer: its default retries re-send POSTs on a 5xx, which
//! turns "created, then 502" into a confusing 422. The few retries a submission needs are
//! explicit in [`super`] and only for calls that are safe to repeat.

use super::Error;
use super::token::Token;
use octocrab::Octocrab;
use octocrab::params::repos::Reference;
use std::time::Duration;

/// The authenticated user.
#[derive(Debug, Clone)]
pub struct User {
    pub login: String,
    pub id: u64,
    pub name: Option<String>,
}

/// The OAuth scopes GitHub reported for the token (`x-oauth-scopes`); `None` when the header
/// is absent, as it is for fine-grained tokens.
pub type Scopes = Option<Vec<String>>;

/// The facts about a repository that a submission uses.
#[derive(Debug, Clone)]
pub struct Repo {
    pub full_name: String,
    pub owner: String,
    pub name: String,
    pub fork: bool,
    /// `parent` and `source` of a fork, as `owner/name`.
    pub parents: Vec<String>,
    pub clone_url: String,
    pub html_url: String,
    pub default_branch: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullState {
    Open,
    Closed,
    Merged,
}

#[derive(Debug, Clone)]
pub struct Pull {
    pub number: u64,
    pub html_url: String,
    pub state: PullState,
    pub title: String,
}

/// A failed call: the HTTP status and GitHub's message when there was an answer.
#[derive(Debug)]
pub enum ApiError {
    Status {
        status: u16,
        message: String,
        /// `errors[]` of a 422, flattened to text.
        details: Vec<String>,
        rate_limited: bool,
        /// Unix time at which the rate limit resets (`x-ratelimit-reset`).
        reset: Option<u64>,
        /// Seconds to wait (`retry-after`), for secondary rate limits.
        retry_after: Option<u64>,
    },
    /// No HTTP answer: no connection, a refused one, a timeout, a name that does not resolve.
    Unreachable(String),
    /// An answer that is not what GitHub sends.
    Other(String),
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            ApiError::Unreachable(_) | ApiError::Other(_) => None,
        }
    }

    /// GitHub did not answer the question: no connection, a server error (5xx), or a rate
    /// limit that says "later". An answer such as 401 or 404 is not this.
    pub fn is_unreachable(&self) -> bool {
        match self {
            ApiError::Unreachable(_) => true,
            ApiError::Status {
                status,
                rate_limited,
                ..
            } => *status >= 500 || *rate_limited,
            ApiError::Other(_) => false,
        }
    }

    /// Whether GitHub's message or its `errors[]` contain `text` (ignoring case).
    pub fn mentions(&self, text: &str) -> bool {
        let text = text.to_ascii_lowercase();
        match self {
            ApiError::Status {
                message, details, ..
            } => {
                message.to_ascii_lowercase().contains(&text)
                    || details
                        .iter()
                        .any(|d| d.to_ascii_lowercase().contains(&text))
            }
            ApiError::Unreachable(_) | ApiError::Other(_) => false,
        }
    }

    fn from_octocrab(e: octocrab::Error) -> ApiError {
        match e {
            octocrab::Error::GitHub { source, .. } => {
                let headers = source.headers.as_ref();
                let header = |name: &str| {
                    headers
                        .and_then(|h| h.get(name))
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned)
                };
                let status = source.status_code.as_u16();
                let remaining_zero = header("x-ratelimit-remaining").is_some_and(|v| v == "0");
                let retry_after = header("retry-after").and_then(|v| v.parse().ok());
                let rate_limited = (status == 403 || status == 429)
                    && (remaining_zero
                        || retry_after.is_some()
                        || source.message.to_ascii_lowercase().contains("rate limit"));
                let details = source
                    .errors
                    .iter()
                    .flatten()
                    .map(|e| match e {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Object(o) => o
                            .get("message")
                            .and_then(|m| m.as_str())
                            .map(str::to_owned)
                            .unwrap_or_else(|| e.to_string()),
                        other => other.to_string(),
                    })
                    .collect();
                ApiError::Status {
                    status,
                    message: source.message.clone(),
                    details,
                    rate_limited,
                    reset: source.rate_limit_reset,
                    retry_after,
                }
            }
            // snafu's Display of the outer error is terse; the source chain has the reason.
            other => {
                let transport = matches!(
                    other,
                    octocrab::Error::Service { .. }
                        | octocrab::Error::Hyper { .. }
                        | octocrab::Error::Http { .. }
                );
                let mut text = other.to_string();
                let mut source = std::error::Error::source(&other);
                while let Some(s) = source {
                    let s_text = s.to_string();
                    if !text.contains(&s_text) {
                        text.push_str(": ");
                        text.push_str(&s_text);
                    }
                    source = s.source();
                }
                if transport {
                    ApiError::Unreachable(text)
                } else {
                    ApiError::Other(text)
                }
            }
        }
    }
}

/// A blocking GitHub client for one submission.
pub struct Api {
    runtime: tokio::runtime::Runtime,
    octo: Octocrab,
    api_url: String,
    /// Where the token came from, for messages (never the token).
    token_source: String,
}

impl Api {
    pub fn new(api_url: &str, token: &Token) -> Result<Api, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::new(format!("cannot start the HTTP client: {e}")))?;
        let api_url = api_url.trim_end_matches('/').to_owned();
        let octo = runtime.block_on(async {
            Octocrab::builder()
                .personal_token(token.expose().to_owned())
                .base_uri(api_url.as_str())
                .map_err(|e| Error::new(format!("--api-url `{api_url}` is not a URL: {e}")))?
                .set_connect_timeout(Some(Duration::from_secs(30)))
                .set_read_timeout(Some(Duration::from_secs(120)))
                .build()
                .map_err(|e| {
                    Error::new(format!(
                        "cannot set up the HTTP client: {}",
                        ApiError::from_octocrab(e).describe_plain()
                    ))
                })
        })?;
        Ok(Api {
            runtime,
            octo,
            api_url,
            token_source: token.source().to_owned(),
        })
    }

    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    /// `GET /user`, read raw for its `x-oauth-scopes` header.
    pub fn user(&self) -> Result<(User, Scopes), ApiError> {
        self.runtime.block_on(async {
            let response = self
                .octo
                ._get("/user")
                .await
                .map_err(ApiError::from_octocrab)?;
            let response = octocrab::map_github_error(response)
                .await
                .map_err(ApiError::from_octocrab)?;
            let scopes = response
                .headers()
                .get("x-oauth-scopes")
                .and_then(|v| v.to_str().ok())
                .map(|v| {
                    v.split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect()
                });
            let text = self
                .octo
                .body_to_string(response)
                .await
                .map_err(ApiError::from_octocrab)?;
            let author: octocrab::models::Author = serde_json::from_str(&text)
                .map_err(|e| ApiError::Other(format!("unexpected answer to GET /user: {e}")))?;
            Ok((
                User {
                    login: author.login,
                    id: author.id.0,
                    name: author.name.filter(|n| !n.trim().is_empty()),
                },
                scopes,
            ))
        })
    }

    /// `GET /repos/{owner}/{name}`; `None` on 404.
    pub fn repo(&self, owner: &str, name: &str) -> Result<Option<Repo>, ApiError> {
        let got = self
            .runtime
            .block_on(self.octo.repos(owner, name).get())
            .map_err(ApiError::from_octocrab);
        match got {
            Ok(r) => Ok(Some(repo_facts(r, owner, name)?)),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `POST /repos/{owner}/{name}/forks` (the default branch only). GitHub answers 202 at
    /// once and builds the fork in the background.
    pub fn create_fork(&self, owner: &str, name: &str) -> Result<Repo, ApiError> {
        let r = self
            .runtime
            .block_on(
                self.octo
                    .repos(owner, name)
                    .create_fork()
                    .default_branch_only(true)
                    .send(),
            )
            .map_err(ApiError::from_octocrab)?;
        repo_facts(r, owner, name)
    }

    /// The commit a branch points at; `None` while it does not exist (404), or while a new
    /// fork is still being built (409 "Git Repository is empty.").
    pub fn branch_sha(
        &self,
        owner: &str,
        name: &str,
        branch: &str,
    ) -> Result<Option<String>, ApiError> {
        let got = self
            .runtime
            .block_on(
                self.octo
                    .git(owner, name)
                    .get_ref(&Reference::Branch(branch.to_owned())),
            )
            .map_err(ApiError::from_octocrab);
        match got {
            Ok(r) => match r.object {
                octocrab::models::repos::Object::Commit { sha, .. } => Ok(Some(sha)),
                _ => Err(ApiError::Other(format!(
                    "refs/heads/{branch} of {owner}/{name} does not point at a commit"
                ))),
            },
            Err(e) if matches!(e.status(), Some(404 | 409)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `POST /repos/{owner}/{name}/merge-upstream`: GitHub's "Sync fork". Returns the merge type
    /// (`fast-forward`, `merge` or `none`).
    pub fn merge_upstream(
        &self,
        owner: &str,
        name: &str,
        branch: &str,
    ) -> Result<Option<String>, ApiError> {
        self.runtime
            .block_on(self.octo.repos(owner, name).merge_upstream(branch))
            .map(|m| m.merge_type)
            .map_err(ApiError::from_octocrab)
    }

    /// Every pull request (any state) from `head` (`login:branch`) into `base`.
    pub fn pulls_for_head(
        &self,
        owner: &str,
        name: &str,
        head: &str,
        base: &str,
    ) -> Result<Vec<Pull>, ApiError> {
        let page = self
            .runtime
            .block_on(
                self.octo
                    .pulls(owner, name)
                    .list()
                    .state(octocrab::params::State::All)
                    .head(head)
                    .base(base)
                    .per_page(100u8)
                    .send(),
            )
            .map_err(ApiError::from_octocrab)?;
        Ok(page.items.into_iter().map(pull_facts).collect())
    }

    pub fn create_pull(
        &self,
        (owner, name): (&str, &str),
        title: &str,
        head: &str,
        base: &str,
        body: &str,
    ) -> Result<Pull, ApiError> {
        self.runtime
            .block_on(
                self.octo
                    .pulls(owner, name)
                    .create(title, head, base)
                    .body(body)
                    // Lets upstream's maintainers fix small things themselves; allowed because
                    // the fork belongs to the user, not to an organization.
                    .maintainer_can_modify(true)
                    .send(),
            )
            .map(pull_facts)
            .map_err(ApiError::from_octocrab)
    }

    pub fn update_pull(
        &self,
        (owner, name): (&str, &str),
        number: u64,
        title: &str,
        body: &str,
    ) -> Result<Pull, ApiError> {
        self.runtime
            .block_on(
                self.octo
                    .pulls(owner, name)
                    .update(number)
                    .title(title)
                    .body(body)
                    .send(),
            )
            .map(pull_facts)
            .map_err(ApiError::from_octocrab)
    }

    /// Turns a failed call into a message for the user. `doing` says what was being done,
    /// e.g. "looking up your account".
    pub fn explain(&self, e: &ApiError, doing: &str) -> Error {
        let text = match e {
            ApiError::Status { status: 401, .. } => format!(
                "{doing}: GitHub rejected the token from {} (401 Bad credentials): it is wrong, expired or revoked",
                self.token_source
            ),
            ApiError::Status {
                rate_limited: true,
                status,
                message,
                reset,
                retry_after,
                ..
            } => {
                let when = match (reset, retry_after) {
                    (_, Some(secs)) => format!("retry in {secs} s"),
                    (Some(reset), None) => reset_time(*reset),
                    (None, None) => "try again later".to_owned(),
                };
                format!("{doing}: GitHub's rate limit is exhausted ({status} {message}); {when}")
            }
            ApiError::Status { status: 403, .. }
                if e.mentions("not accessible by personal access token")
                    || e.mentions("not accessible by integration") =>
            {
                format!(
                    "{doing}: {}; fine-grained tokens cannot open pull requests on repositories of an organization you are not a member of (such as microsoft/PowerPlatformConnectors): use a classic token with the `public_repo` scope",
                    e.describe_plain()
                )
            }
            ApiError::Status { status: 403, .. } => format!(
                "{doing}: {} (does the token from {} have the `public_repo` scope?)",
                e.describe_plain(),
                self.token_source
            ),
            ApiError::Unreachable(text) | ApiError::Other(text) => {
                format!("{doing}: no usable answer from {}: {text}", self.api_url)
            }
            _ => format!("{doing}: {}", e.describe_plain()),
        };
        if e.is_unreachable() {
            Error::unreachable(text)
        } else {
            Error::new(text)
        }
    }
}

impl ApiError {
    /// `GitHub answered 422: message (detail; detail)`.
    pub fn describe_plain(&self) -> String {
        match self {
            ApiError::Status {
                status,
                message,
                details,
                ..
            } => {
                let mut s = format!("GitHub answered {status}: {message}");
                if !details.is_empty() {
                    s.push_str(&format!(" ({})", details.join("; ")));
                }
                s
            }
            ApiError::Unreachable(text) | ApiError::Other(text) => text.clone(),
        }
    }
}

/// "it resets at 14:05:09 UTC (in 12 min)".
fn reset_time(reset: u64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let day = reset % 86_400;
    let clock = format!(
        "{:02}:{:02}:{:02} UTC",
        day / 3600,
        (day % 3600) / 60,
        day % 60
    );
    let wait = reset.saturating_sub(now);
    let wait = if wait >= 120 {
        format!("in {} min", wait.div_ceil(60))
    } else {
        format!("in {wait} s")
    };
    format!("it resets at {clock} ({wait}); try again then")
}

fn repo_facts(r: octocrab::models::Repository, owner: &str, name: &str) -> Result<Repo, ApiError> {
    let full_name = r
        .full_name
        .clone()
        .unwrap_or_else(|| format!("{owner}/{name}"));
    let (real_owner, real_name) = full_name
        .split_once('/')
        .map(|(o, n)| (o.to_owned(), n.to_owned()))
        .unwrap_or_else(|| (owner.to_owned(), r.name.clone()));
    let parents = [r.parent.as_deref(), r.source.as_deref()]
        .into_iter()
        .flatten()
        .filter_map(|p| p.full_name.clone())
        .collect();
    let clone_url = r
        .clone_url
        .as_ref()
        .map(|u| u.to_string())
        .ok_or_else(|| ApiError::Other(format!("GitHub gave no clone_url for {full_name}")))?;
    Ok(Repo {
        owner: real_owner,
        name: real_name,
        fork: r.fork.unwrap_or(false),
        parents,
        clone_url,
        html_url: r
            .html_url
            .as_ref()
            .map(|u| u.to_string())
            .unwrap_or_default(),
        default_branch: r
            .default_branch
            .clone()
            .unwrap_or_else(|| "main".to_owned()),
        full_name,
    })
}

fn pull_facts(p: octocrab::models::pulls::PullRequest) -> Pull {
    let state = if p.merged_at.is_some() || p.merged == Some(true) {
        PullState::Merged
    } else if matches!(p.state, Some(octocrab::models::IssueState::Closed)) {
        PullState::Closed
    } else {
        PullState::Open
    };
    Pull {
        number: p.number,
        html_url: p
            .html_url
            .map(|u| u.to_string())
            .unwrap_or_else(|| p.url.clone()),
        state,
        title: p.title.unwrap_or_default(),
    }
}
