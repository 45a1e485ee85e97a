//! `ppcert download`: a connector of an environment into a folder, saying what changed.

use super::{CloudArgs, fail, with_powerapps};
use crate::cli::EXIT_OK;
use crate::deploy::download::{self, Change};
use crate::deploy::folder::find_ci;
use crate::deploy::settings::{self, Settings};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct DownloadArgs {
    /// The connector folder to write into; its settings.json gives the environment and the
    /// connector when they are not passed (default: the current folder's settings.json, else
    /// `./<connector id>`).
    pub path: Option<PathBuf>,
    /// The environment (default: settings.json's).
    #[arg(long, short = 'e', alias = "environment")]
    pub env: Option<String>,
    /// The connector (default: settings.json's).
    #[arg(long = "connector-id", short = 'c')]
    pub connector_id: Option<String>,
    /// Write here instead (paconn's `-d`).
    #[arg(long, short = 'd', alias = "dest")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub cloud: CloudArgs,
}

pub fn download(args: DownloadArgs, color: bool) -> u8 {
    let hint = args
        .out
        .clone()
        .or(args.path.clone())
        .unwrap_or_else(|| PathBuf::from("."));
    let found = match find_ci(&hint, settings::FILE_NAME) {
        Some(p) => match Settings::read(&p) {
            Ok(s) => s,
            Err(e) => return fail(color, &e),
        },
        None => None,
    };
    let from = found.clone().unwrap_or_default();
    let Some(env) = args.env.clone().or(from.environment.clone()) else {
        return fail(
            color,
            "which environment? Pass --env ENV (`ppcert env list` shows yours)",
        );
    };
    let Some(id) = args.connector_id.clone().or(from.connector_id.clone()) else {
        return fail(
            color,
            &format!(
                "which connector? Pass --connector-id ID (`ppcert connector list --env {env}` shows them)"
            ),
        );
    };
    let out = match (&args.out, &args.path, &found) {
        (Some(out), _, _) => out.clone(),
        (None, Some(path), _) => path.clone(),
        (None, None, Some(_)) => PathBuf::from("."),
        (None, None, None) => PathBuf::from(&id),
    };
    let fetched = with_powerapps(&args.cloud, color, |pa| {
        let remote = download::fetch(pa, &env, &id)?;
        Ok((remote, pa.http.endpoints().powerapps.clone()))
    });
    let (remote, powerapps_url) = match fetched {
        Ok(r) => r,
        Err(code) => return code,
    };
    if remote.swagger.is_none() {
        super::print_warning(
            color,
            "the service has no original swagger for this connector (is it a custom connector?); no apiDefinition.swagger.json is written",
        );
    }
    let written = match download::write(&remote, &env, &powerapps_url, &out) {
        Ok(w) => w,
        Err(e) => return fail(color, &e),
    };
    let mut changed = 0;
    for w in &written {
        let line = match &w.change {
            Change::Added => "added".to_owned(),
            Change::Unchanged => "unchanged".to_owned(),
            Change::Reformatted => "same content, reformatted (2-space JSON)".to_owned(),
            Change::Removed => "removed (the connector has none)".to_owned(),
            Change::Changed(places) if places.is_empty() => "changed".to_owned(),
            Change::Changed(places) => format!("changed: {}", places.join(", ")),
        };
        if !matches!(w.change, Change::Unchanged | Change::Reformatted) {
            changed += 1;
        }
        println!("  {:<28} {line}", w.name);
    }
    println!(
        "Downloaded connector {} ({}) from environment {env} into {}: {}.",
        remote.id,
        remote.display_name,
        out.display(),
        if changed == 0 {
            "nothing changed".to_owned()
        } else {
            format!("{} changed", crate::workspace::plural(changed, "file"))
        }
    );
    EXIT_OK
}
