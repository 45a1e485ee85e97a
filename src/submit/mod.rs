//! Submitting a connector folder as a pull request to microsoft/PowerPlatformConnectors.
//!
//! The steps, in order: [`ConnectorFolder::read`] decides what is submitted and where (offline);
//! [`prepare`] reads everything it needs — the user, the upstream repository, the fork, a
//! depth-1 fetch of the base branch, the pull requests of the branch — and builds the commit in
//! the local cache, so it writes nothing on GitHub and its [`Plan`] is exactly what a dry run
//! shows; [`execute`] then creates the fork (and waits for it), pushes the branch and opens the
//! pull request, doing only the writes the plan lists.
//!
//! GitHub's REST API goes through octocrab ([`github`]), the git data through libgit2
//! ([`gitdata`]): the branch is always based on upstream's base branch, whatever state the
//! fork's own copy is in, and a fetch never downloads more than the tip.

pub mod body;
pub mod checklist;
pub mod folder;
mod gitdata;
mod github;
pub mod token;

pub use folder::ConnectorFolder;
pub use gitdata::{FetchStats, PushStats, folder_tree_in_memory};
pub use github::{Pull, PullState};
pub use token::Token;

use body::Template;
use gitdata::{Cache, GitAuth};
use github::{Api, Repo, User};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A failure, explained for the user. Messages never contain the token.
#[derive(Debug, Clone)]
pub struct Error {
    message: String,
    unreachable: bool,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            unreachable: false,
        }
    }

    /// GitHub gave no answer to judge by: no connection, a timeout, a 5xx, an exhausted rate
    /// limit. A dry run then plans without it; a 401 or a 404 is an answer, not this.
    pub fn unreachable(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            unreachable: true,
        }
    }

    pub fn is_unreachable(&self) -> bool {
        self.unreachable
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Where a submission reports what it is doing. Implementations decide what a terminal shows.
pub trait Reporter {
    /// A step starts, e.g. "creating your fork".
    fn step(&self, message: &str);
    /// Something the user should know that does not stop the submission.
    fn warn(&self, message: &str);
    /// Transfer progress of a fetch or push.
    fn progress(&self, label: &str, done: usize, total: usize, bytes: usize);
    /// The transfer ended.
    fn progress_done(&self);
}

/// The settings of a submission (the command line's options).
#[derive(Debug, Clone)]
pub struct Options {
    /// `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server.
    pub api_url: String,
    /// `owner/name` of the repository receiving the pull request.
    pub upstream: String,
    pub base_branch: String,
    /// Holds the shallow cache repositories.
    pub cache_dir: PathBuf,
    /// Overrides the pull request's title.
    pub title: Option<String>,
    /// Rewrites the title and body of an existing open pull request.
    pub update_body: bool,
    /// Sync the fork's base branch with upstream before pushing (keeps the push small).
    pub sync_fork: bool,
    /// How long to wait for a new fork to answer.
    pub fork_timeout: Duration,
}

/// The fork, as found or still to be created.
#[derive(Debug, Clone)]
pub enum Fork {
    Exists(Repo),
    /// `owner/name` it will have.
    ToCreate(String),
}

impl Fork {
    pub fn full_name(&self) -> &str {
        match self {
            Fork::Exists(r) => &r.full_name,
            Fork::ToCreate(name) => name,
        }
    }
}

/// What the branch needs.
#[derive(Debug, Clone)]
pub enum Change {
    /// The branch already holds this folder exactly: nothing to push.
    UpToDate { tip: String },
    /// A new commit to push: on the branch's tip (fast-forward), or on upstream's tip for a
    /// new branch.
    Commit {
        commit: String,
        parent: String,
        /// (A|M|D, path) against the parent.
        paths: Vec<(char, String)>,
    },
}

/// Everything a submission will do, found out with reads only.
pub struct Plan {
    pub login: String,
    pub upstream: Repo,
    pub base_branch: String,
    /// Upstream's base branch tip.
    pub upstream_tip: String,
    pub fork: Fork,
    pub branch: String,
    /// Whether the branch already exists on the fork.
    pub branch_exists: bool,
    /// Branches skipped because their pull request was merged or closed.
    pub skipped_branches: Vec<(String, Pull)>,
    pub change: Change,
    /// The open pull request of the branch.
    pub pull: Option<Pull>,
    pub title: String,
    pub template: Template,
    /// Whether upstream already has a folder at this path (an update rather than a new connector).
    pub updates_existing: bool,
    /// An upstream folder whose name differs from ours only in case.
    pub near_duplicate: Option<String>,
    pub fetched: FetchStats,
    pub cache_path: PathBuf,
}

impl Plan {
    /// Upstream's base branch already holds the folder exactly, and no branch or open pull
    /// request of ours exists: there is nothing to propose (e.g. after the merge).
    pub fn nothing_to_submit(&self) -> bool {
        matches!(self.change, Change::UpToDate { .. }) && !self.branch_exists && self.pull.is_none()
    }

    /// Whether a pull request body will be written (a new pull request, or `--update-body`).
    pub fn writes_body(&self, opts: &Options) -> bool {
        !self.nothing_to_submit() && (self.pull.is_none() || opts.update_body)
    }

    /// The writes [`execute`] will do, in order, as `METHOD what` lines.
    pub fn writes(&self, opts: &Options) -> Vec<String> {
        let mut w = Vec::new();
        if self.nothing_to_submit() {
            return w;
        }
        let (up, fork) = (&self.upstream.full_name, self.fork.full_name());
        if let Fork::ToCreate(_) = self.fork {
            w.push(format!("POST /repos/{up}/forks (create {fork})"));
        }
        if let Change::Commit { commit, .. } = &self.change {
            if opts.sync_fork && matches!(self.fork, Fork::Exists(_)) && !self.branch_exists {
                w.push(format!(
                    "POST /repos/{fork}/merge-upstream (sync {})",
                    self.base_branch
                ));
            }
            w.push(format!(
                "git push {fork} {}:refs/heads/{}",
                short(commit),
                self.branch
            ));
        }
        match &self.pull {
            None => w.push(format!("POST /repos/{up}/pulls (open the pull request)")),
            Some(p) if opts.update_body => w.push(format!(
                "PATCH /repos/{up}/pulls/{} (title and body)",
                p.number
            )),
            Some(_) => {}
        }
        w
    }
}

/// What [`prepare`] had found out when it stopped. When GitHub stops answering, a dry run
/// shows these as checked and everything else as not checked.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// GitHub accepted the token for this account.
    pub login: Option<String>,
    /// The upstream repository (`owner/name`) exists.
    pub upstream: Option<String>,
    pub fork: Option<Fork>,
    /// Upstream's base branch tip, fetched.
    pub upstream_tip: Option<String>,
    /// Whether upstream's base branch already has the connector's folder (an update).
    pub updates_existing: Option<bool>,
    /// The pull-request template read from upstream's base branch (empty when it has none).
    pub template: Option<Template>,
}

/// A prepared submission: the connection and the cache it was planned with.
pub struct Session<'a> {
    api: Api,
    cache: Cache,
    token: &'a Token,
    user: User,
    opts: &'a Options,
}

/// What [`execute`] did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub pull: Pull,
    /// The pull request was opened by this run.
    pub created: bool,
    /// Its title and body were rewritten (`--update-body`).
    pub body_updated: bool,
    pub pushed: Option<PushStats>,
    pub fork_created: bool,
}

/// Reads everything and builds the commit locally; writes nothing on GitHub. `known` records
/// each fact as it is learnt, so that a failure still shows what was checked.
pub fn prepare<'a>(
    folder: &'a ConnectorFolder,
    token: &'a Token,
    opts: &'a Options,
    reporter: &dyn Reporter,
    known: &mut Known,
) -> Result<(Session<'a>, Plan), Error> {
    let (up_owner, up_name) = opts
        .upstream
        .split_once('/')
        .filter(|(o, n)| !o.is_empty() && !n.is_empty() && !n.contains('/'))
        .ok_or_else(|| Error::new(format!("--upstream `{}` is not OWNER/REPO", opts.upstream)))?;
    let api = Api::new(&opts.api_url, token)?;

    reporter.step("checking the token");
    let (user, scopes) = api
        .user()
        .map_err(|e| api.explain(&e, "looking up your GitHub account"))?;
    match scopes {
        Some(scopes) if !scopes.iter().any(|s| s == "public_repo" || s == "repo") => {
            let listed = if scopes.is_empty() {
                "none".to_owned()
            } else {
                scopes.join(", ")
            };
            return Err(Error::new(format!(
                "the token from {} lacks the `public_repo` scope (its scopes: {listed}); a classic token needs `public_repo` (or `repo`) to push to your fork and open the pull request",
                token.source()
            )));
        }
        Some(_) => {}
        None => reporter.warn(
            "GitHub reports no OAuth scopes for this token, as for fine-grained tokens; those cannot open pull requests on repositories of an organization you are not a member of (such as microsoft/PowerPlatformConnectors): if the pull request is refused, use a classic token with the `public_repo` scope",
        ),
    }
    known.login = Some(user.login.clone());

    let upstream = api
        .repo(up_owner, up_name)
        .map_err(|e| api.explain(&e, &format!("looking up {}", opts.upstream)))?
        .ok_or_else(|| {
            Error::new(format!(
                "the upstream repository {} does not exist (or the token cannot see it)",
                opts.upstream
            ))
        })?;
    known.upstream = Some(upstream.full_name.clone());

    let fork = match api
        .repo(&user.login, &upstream.name)
        .map_err(|e| api.explain(&e, "looking up your fork"))?
    {
        Some(r)
            if r.fork
                && r.parents
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(&upstream.full_name)) =>
        {
            Fork::Exists(r)
        }
        Some(r) => {
            return Err(Error::new(format!(
                "{} exists but is not a fork of {}; ppcert pushes to a fork of that name: rename or delete your repository, then run this again",
                r.full_name, upstream.full_name
            )));
        }
        None => Fork::ToCreate(format!("{}/{}", user.login, upstream.name)),
    };
    known.fork = Some(fork.clone());

    reporter.step(&format!(
        "fetching {} {} (depth 1)",
        upstream.full_name, opts.base_branch
    ));
    let cache = Cache::open(&opts.cache_dir, &upstream.clone_url)?;
    let auth = GitAuth {
        login: &user.login,
        token,
    };
    let upstream_ref = format!("refs/remotes/upstream/{}", opts.base_branch);
    let (upstream_tip, fetched) = cache.fetch(
        &upstream.clone_url,
        &opts.base_branch,
        &upstream_ref,
        &auth,
        reporter,
    )?;
    known.upstream_tip = Some(upstream_tip.to_string());

    let repo_path = folder.repo_path();
    let updates_existing = cache.entry_at(upstream_tip, &repo_path).is_some();
    let near_duplicate = cache
        .names_in(upstream_tip, folder.kind_folder())
        .into_iter()
        .find(|n| n != &folder.name && n.eq_ignore_ascii_case(&folder.name))
        .map(|n| format!("{}/{n}", folder.kind_folder()));
    known.updates_existing = Some(updates_existing);
    let template = body::TEMPLATE_PATHS
        .iter()
        .find_map(|p| cache.text_at(upstream_tip, p))
        .map(|t| Template::parse(&t))
        .unwrap_or_default();
    if template.is_empty() {
        reporter.warn(&format!(
            "{} has no pull-request template on {}; the body holds only ppcert's section",
            upstream.full_name, opts.base_branch
        ));
    }
    known.template = Some(template.clone());
    let folder_tree = cache.folder_tree(folder)?;

    // The branch: the slug, or `<slug>-N` when the earlier branches' pull requests were merged
    // or closed (their history is not rewritten).
    let slug = folder::branch_slug(&folder.name);
    let mut skipped_branches = Vec::new();
    let mut chosen = None;
    for n in 1..=50 {
        let branch = if n == 1 {
            slug.clone()
        } else {
            format!("{slug}-{n}")
        };
        if !git2::Reference::is_valid_name(&format!("refs/heads/{branch}")) {
            return Err(Error::new(format!("`{branch}` is not a valid branch name")));
        }
        let head = format!("{}:{branch}", user.login);
        let pulls = api
            .pulls_for_head(up_owner, up_name, &head, &opts.base_branch)
            .map_err(|e| api.explain(&e, "looking for the pull request"))?;
        if let Some(open) = pulls.iter().find(|p| p.state == PullState::Open) {
            chosen = Some((branch, Some(open.clone())));
            break;
        }
        match pulls.into_iter().next() {
            Some(done) => skipped_branches.push((branch, done)),
            None => {
                chosen = Some((branch, None));
                break;
            }
        }
    }
    let (branch, pull) = chosen.ok_or_else(|| {
        Error::new(format!(
            "the branches {slug} to {slug}-50 all have merged or closed pull requests; delete some of them from your fork"
        ))
    })?;

    let branch_tip = match &fork {
        Fork::Exists(r) => api
            .branch_sha(&r.owner, &r.name, &branch)
            .map_err(|e| api.explain(&e, "looking up the branch on your fork"))?,
        Fork::ToCreate(_) => None,
    };
    let base = match (&fork, &branch_tip) {
        (Fork::Exists(r), Some(sha)) => {
            let oid = git2::Oid::from_str(sha)
                .map_err(|_| Error::new(format!("GitHub gave `{sha}` as a commit id")))?;
            let fork_ref = format!("refs/remotes/fork/{branch}");
            if cache.has_commit(oid) {
                cache.set_ref(&fork_ref, oid)?;
            } else {
                reporter.step(&format!("fetching {branch} from {} (depth 1)", r.full_name));
                let (got, _) = cache.fetch(&r.clone_url, &branch, &fork_ref, &auth, reporter)?;
                if got != oid {
                    return Err(Error::new(format!(
                        "{branch} on {} moved while ppcert was reading it; run this again",
                        r.full_name
                    )));
                }
            }
            oid
        }
        _ => upstream_tip,
    };

    let title = opts
        .title
        .clone()
        .unwrap_or_else(|| folder::pr_title(&folder.name, folder.profile));
    let change = if cache.entry_at(base, &repo_path) == Some(folder_tree) {
        Change::UpToDate {
            tip: base.to_string(),
        }
    } else {
        let verb = if cache.entry_at(base, &repo_path).is_some() {
            "Update"
        } else {
            "Add"
        };
        let message = format!(
            "{verb} {title}\n\n{verb} {repo_path}.\nSubmitted with ppcert {}.\n",
            env!("CARGO_PKG_VERSION")
        );
        let commit = cache.commit_folder(
            base,
            &repo_path,
            folder_tree,
            &signature(&user, &api)?,
            &message,
        )?;
        cache.set_ref(&format!("refs/ppcert/planned/{branch}"), commit)?;
        Change::Commit {
            commit: commit.to_string(),
            parent: base.to_string(),
            paths: cache.changed_paths(commit),
        }
    };

    let plan = Plan {
        login: user.login.clone(),
        base_branch: opts.base_branch.clone(),
        upstream_tip: upstream_tip.to_string(),
        fork,
        branch,
        branch_exists: branch_tip.is_some(),
        skipped_branches,
        change,
        pull,
        title,
        template,
        updates_existing,
        near_duplicate,
        fetched,
        cache_path: cache.path().to_path_buf(),
        upstream,
    };
    Ok((
        Session {
            api,
            cache,
            token,
            user,
            opts,
        },
        plan,
    ))
}

/// The commit's author: the user with GitHub's noreply address, which is tied to the account
/// (so the CLA bot can attribute the commit) and avoids GH007 for users who keep their email
/// private.
fn signature(user: &User, api: &Api) -> Result<git2::Signature<'static>, Error> {
    let host = api
        .api_url()
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(api.api_url())
        .split(['/', ':'])
        .next()
        .unwrap_or("github.com");
    let domain = if host == "api.github.com" || host == "github.com" {
        "users.noreply.github.com".to_owned()
    } else {
        format!("users.noreply.{host}")
    };
    let name = user.name.clone().unwrap_or_else(|| user.login.clone());
    let email = format!("{}+{}@{domain}", user.id, user.login);
    git2::Signature::now(&name, &email)
        .map_err(|e| Error::new(format!("cannot sign the commit: {}", e.message())))
}

/// Does the writes of `plan`: fork, push, pull request. `body` is used only when a pull request
/// is opened or `--update-body` was given.
pub fn execute(
    session: &Session<'_>,
    plan: &Plan,
    body: &str,
    reporter: &dyn Reporter,
) -> Result<Outcome, Error> {
    if plan.nothing_to_submit() {
        return Err(Error::new(format!(
            "nothing to submit: {} {} already holds this folder",
            plan.upstream.full_name, plan.base_branch
        )));
    }
    let Session {
        api,
        cache,
        token,
        user,
        opts,
    } = session;
    let (up_owner, up_name) = (&plan.upstream.owner, &plan.upstream.name);
    let mut fork_created = false;
    let fork = match &plan.fork {
        Fork::Exists(r) => r.clone(),
        Fork::ToCreate(name) => {
            reporter.step(&format!("creating your fork {name}"));
            let r = api
                .create_fork(up_owner, up_name)
                .map_err(|e| api.explain(&e, "creating your fork"))?;
            fork_created = true;
            wait_for_fork(
                api,
                &r,
                &plan.upstream.default_branch,
                opts.fork_timeout,
                reporter,
            )?;
            r
        }
    };

    let mut pushed = None;
    if let Change::Commit { commit, .. } = &plan.change {
        // Only a new branch profits: an existing one is advertised by the fork already.
        if opts.sync_fork && !fork_created && !plan.branch_exists {
            sync_fork(api, &fork, &plan.base_branch, reporter);
        }
        let oid = git2::Oid::from_str(commit)
            .map_err(|_| Error::new("the planned commit id is not valid"))?;
        reporter.step(&format!("pushing {} to {}", plan.branch, fork.full_name));
        let auth = GitAuth {
            login: &user.login,
            token,
        };
        pushed = Some(cache.push(&fork.clone_url, oid, &plan.branch, &auth, reporter)?);
    }

    let upstream = (up_owner.as_str(), up_name.as_str());
    let head = format!("{}:{}", user.login, plan.branch);
    if let Some(pull) = &plan.pull {
        if opts.update_body {
            reporter.step(&format!("updating pull request #{}", pull.number));
            let updated = api
                .update_pull(upstream, pull.number, &plan.title, body)
                .map_err(|e| api.explain(&e, "updating the pull request"))?;
            return Ok(Outcome {
                pull: updated,
                created: false,
                body_updated: true,
                pushed,
                fork_created,
            });
        }
        return Ok(Outcome {
            pull: pull.clone(),
            created: false,
            body_updated: false,
            pushed,
            fork_created,
        });
    }

    reporter.step("opening the pull request");
    let (pull, created) = open_pull(
        api,
        upstream,
        &plan.title,
        &head,
        &plan.base_branch,
        body,
        reporter,
    )?;
    Ok(Outcome {
        pull,
        created,
        body_updated: false,
        pushed,
        fork_created,
    })
}

/// A new fork answers once its base branch exists; GitHub builds it in the background
/// (minutes for large repositories), and refuses ref updates until then.
fn wait_for_fork(
    api: &Api,
    fork: &Repo,
    branch: &str,
    timeout: Duration,
    reporter: &dyn Reporter,
) -> Result<(), Error> {
    let start = Instant::now();
    // From 2 s up to 10 s between polls; shorter when the whole wait is short.
    let mut delay = (timeout / 20).clamp(Duration::from_millis(10), Duration::from_secs(2));
    let max_delay = (timeout / 4).clamp(Duration::from_millis(10), Duration::from_secs(10));
    let mut announced = false;
    loop {
        let ready = api
            .branch_sha(&fork.owner, &fork.name, branch)
            .map_err(|e| api.explain(&e, "waiting for your fork"))?;
        if ready.is_some() {
            return Ok(());
        }
        let waited = start.elapsed();
        if waited >= timeout {
            return Err(Error::new(format!(
                "your fork {} was created but its {branch} branch did not answer within {} s; GitHub can take a few minutes to build a fork: run the same command again later",
                fork.full_name,
                timeout.as_secs_f64().ceil()
            )));
        }
        if !announced {
            reporter.step(&format!("waiting for GitHub to build {}", fork.full_name));
            announced = true;
        }
        std::thread::sleep(delay.min(timeout - waited));
        delay = (delay * 2).min(max_delay);
    }
}

/// Best effort: "Sync fork" keeps the push small (the fork then advertises upstream's tip);
/// correctness does not depend on it, as the branch is based on upstream anyway.
fn sync_fork(api: &Api, fork: &Repo, branch: &str, reporter: &dyn Reporter) {
    match api.merge_upstream(&fork.owner, &fork.name, branch) {
        Ok(Some(kind)) if kind == "merge" => reporter.warn(&format!(
            "GitHub synced {branch} of {} with a merge commit (it had commits of its own)",
            fork.full_name
        )),
        Ok(_) => {}
        // Old GitHub Enterprise Server versions lack the endpoint.
        Err(e) if e.status() == Some(404) => {}
        Err(e) => reporter.warn(&format!(
            "could not sync {branch} of your fork {} ({}); continuing: the branch is based on upstream's {branch} anyway",
            fork.full_name,
            e.describe_plain()
        )),
    }
}

/// Opens the pull request, or finds the one that a race or a lost answer already opened.
fn open_pull(
    api: &Api,
    upstream: (&str, &str),
    title: &str,
    head: &str,
    base: &str,
    body: &str,
    reporter: &dyn Reporter,
) -> Result<(Pull, bool), Error> {
    let find_open = || -> Result<Option<Pull>, Error> {
        let pulls = api
            .pulls_for_head(upstream.0, upstream.1, head, base)
            .map_err(|e| api.explain(&e, "looking for the pull request"))?;
        Ok(pulls.into_iter().find(|p| p.state == PullState::Open))
    };
    let mut delay = Duration::from_millis(500);
    let attempts = 4;
    for attempt in 1..=attempts {
        match api.create_pull(upstream, title, head, base, body) {
            Ok(pull) => return Ok((pull, true)),
            Err(e) if e.status() == Some(422) && e.mentions("already exists") => {
                if let Some(pull) = find_open()? {
                    return Ok((pull, false));
                }
                return Err(api.explain(&e, "opening the pull request"));
            }
            // Right after a push GitHub may not see the branch yet.
            Err(e) if e.status() == Some(422) && e.mentions("head") && attempt < attempts => {
                reporter.step("GitHub does not see the branch yet; trying again");
            }
            // The answer was lost: the pull request may exist all the same.
            Err(e) if e.status().is_none_or(|s| s >= 500) => {
                if let Some(pull) = find_open()? {
                    return Ok((pull, true));
                }
                if attempt == attempts {
                    return Err(api.explain(&e, "opening the pull request"));
                }
            }
            Err(e) => return Err(api.explain(&e, "opening the pull request")),
        }
        std::thread::sleep(delay);
        delay *= 2;
    }
    Err(Error::new("could not open the pull request"))
}

pub(crate) fn short(sha: &str) -> &str {
    sha.get(..10).unwrap_or(sha)
}
