//! Power Platform: sign in, list environments and connectors, create or update a connector
//! from its folder (through the PowerApps resource provider, or into a Dataverse solution),
//! download one back, and ask Microsoft's validator. The wire protocol is paconn's, recorded in
//! `docs/deploy.md` of the team's notes; the CLI front end is `cli/deploy`.

pub mod auth;
pub mod dataverse;
pub mod download;
pub mod endpoints;
pub mod folder;
pub mod http;
pub mod ordered;
pub mod powerapps;
pub mod redact;
pub mod settings;
pub mod upsert;

use folder::Folder;
use ordered::Json;
use powerapps::{CallError, PowerApps};
use secrecy::SecretString;

/// Where progress and notes go (the CLI prints them on stderr).
pub trait Reporter {
    fn step(&self, message: &str);
    fn note(&self, message: &str);
}

pub struct DeployOptions {
    pub env: String,
    /// Update this connector; create one when `None`.
    pub connector_id: Option<String>,
    pub secret: Option<SecretString>,
    pub keep_stack_owner: bool,
    /// On update without a script.csx, remove the connector's script (paconn's behaviour)
    /// instead of keeping it.
    pub clear_script: bool,
    /// Ask the service to validate the swagger first (as paconn does).
    pub validate: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(String),
    Updated(String),
}

impl Outcome {
    pub fn id(&self) -> &str {
        match self {
            Outcome::Created(id) | Outcome::Updated(id) => id,
        }
    }
}

/// Builds the request of a deploy without sending anything: the plan `--dry-run` shows.
pub fn plan(folder: &Folder, opts: &DeployOptions) -> Result<upsert::Plan, String> {
    let mut plan = upsert::plan(
        folder,
        &opts.env,
        opts.connector_id.is_none(),
        opts.keep_stack_owner,
    )?;
    if let Some(secret) = &opts.secret {
        plan.set_secret(secret);
    }
    Ok(plan)
}

/// Creates or updates the connector of `folder` in `opts.env` through the PowerApps RP:
/// validate (optional), storage, uploads, then POST or PATCH.
pub fn deploy(
    pa: &mut PowerApps<'_>,
    folder: &Folder,
    opts: &DeployOptions,
    rep: &dyn Reporter,
) -> Result<Outcome, CallError> {
    let mut plan = plan(folder, opts).map_err(CallError::Answer)?;
    for note in &plan.notes {
        rep.note(note);
    }
    if !plan.secret_slots.is_empty() && opts.secret.is_none() && !plan.has_secret_in_files() {
        if opts.connector_id.is_none() {
            return Err(CallError::Answer(
                "the connector signs in with OAuth, and creating it needs the client secret: pass --secret-env NAME (an environment variable holding it) or run on a terminal to be asked".into(),
            ));
        }
        rep.note("no client secret given: the update does not send one, and the connector keeps the one it has (--secret-env NAME sends a new one)");
    }
    if opts.validate {
        rep.step("validating the swagger with Microsoft's validator");
        let verdict = pa.validate(&folder.swagger, false)?;
        if !verdict.passed {
            return Err(CallError::Answer(format!(
                "Microsoft's validator refused the swagger:\n{}",
                verdict
                    .errors
                    .iter()
                    .map(|e| format!("  - {e}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )));
        }
    }
    if let Some(id) = &opts.connector_id
        && folder.script.is_none()
    {
        // paconn sends an empty script URL, which removes the connector's code; keep it unless
        // asked.
        if opts.clear_script {
            plan.set("scriptDefinitionUrl", Json::string(""));
            rep.note("--clear-script: the connector's custom code is removed");
        } else {
            let current = pa.connector(&opts.env, id)?;
            if let Some(url) = current
                .pointer("/properties/scriptDefinitionUrl")
                .and_then(|v| v.as_str())
                .filter(|u| !u.is_empty())
            {
                redact::register(url.split_once('?').map_or("", |(_, q)| q));
                plan.set("scriptDefinitionUrl", Json::string(url));
                rep.note("no script.csx here: the connector keeps its custom code (--clear-script removes it)");
            }
        }
    }
    if !plan.uploads.is_empty() {
        rep.step("asking for storage for the icon and the script");
        let container = pa.storage(&opts.env)?;
        for upload in plan.uploads.clone() {
            rep.step(&format!(
                "uploading {} ({})",
                upload.name,
                http::human_bytes(upload.bytes.len())
            ));
            let url = pa.upload(&container, &upload.name, &upload.bytes, upload.content_type)?;
            plan.set(upload.property, Json::string(url));
        }
    }
    match &opts.connector_id {
        None => {
            rep.step(&format!("creating the connector in {}", opts.env));
            pa.create(&opts.env, &plan.body).map(Outcome::Created)
        }
        Some(id) => {
            rep.step(&format!("updating connector {id} in {}", opts.env));
            pa.update(&opts.env, id, &plan.body)?;
            Ok(Outcome::Updated(id.clone()))
        }
    }
}

/// Records the connector id and environment in the folder's settings.json (paconn's format),
/// creating it when there is none. Returns the file written, or `None` when it already said so.
pub fn record_settings(
    folder: &Folder,
    env: &str,
    id: &str,
    powerapps_url: &str,
) -> Result<Option<std::path::PathBuf>, String> {
    let path = folder::find_ci(&folder.dir, settings::FILE_NAME)
        .unwrap_or_else(|| folder.dir.join(settings::FILE_NAME));
    let old = folder.settings.clone();
    let mut s = old.clone().unwrap_or_default();
    s.connector_id = Some(id.to_owned());
    s.environment = Some(env.to_owned());
    if old.is_none() {
        s.api_properties = Some(folder.relative(&folder.api_properties));
        s.api_definition = Some(folder.relative(&folder.api_definition));
        s.icon = folder.icon.as_ref().map(|f| folder.relative(f));
        s.power_apps_url = Some(powerapps_url.to_owned());
        s.power_apps_api_version = Some(powerapps::API_VERSION.to_owned());
        s.script = folder.script.as_ref().map(|f| folder.relative(f));
    }
    if old.as_ref() == Some(&s) {
        return Ok(None);
    }
    std::fs::write(&path, s.render())
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    Ok(Some(path))
}
