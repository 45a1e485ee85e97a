//! `ppcert login` (device code; `--status`) and `ppcert logout`.

use super::{CloudArgs, connect, fail, utc};
use crate::cli::{EXIT_FINDINGS, EXIT_OK};
use crate::deploy::auth::{
    self, Audience, DEFAULT_CLIENT_ID, DEFAULT_TENANT, Session, store::Store,
};
use crate::deploy::redact;

#[derive(clap::Args, Debug)]
pub struct LoginArgs {
    /// The tenant to sign in to: a tenant id or domain (default: `organizations`, any work or
    /// school account).
    #[arg(long, short = 't')]
    pub tenant: Option<String>,
    /// The public client (app registration) to sign in with; default: the one paconn uses.
    /// Also PPCERT_CLIENT_ID.
    #[arg(long = "client-id", alias = "clid")]
    pub client_id: Option<String>,
    /// Say who is signed in and until when (never the token), checking the sign-in still works.
    #[arg(long)]
    pub status: bool,
    /// Sign in again even when signed in.
    #[arg(long, short = 'f')]
    pub force: bool,
    #[command(flatten)]
    pub cloud: CloudArgs,
}

#[derive(clap::Args, Debug)]
pub struct LogoutArgs {
    #[command(flatten)]
    pub cloud: CloudArgs,
}

pub fn login(args: LoginArgs, color: bool) -> u8 {
    let http = match connect(&args.cloud, color) {
        Ok(h) => h,
        Err(code) => return code,
    };
    if args.status {
        return status(&http, color);
    }
    let tenant = args
        .tenant
        .clone()
        .unwrap_or_else(|| DEFAULT_TENANT.to_owned());
    let client_id = args
        .client_id
        .clone()
        .or_else(|| {
            std::env::var("PPCERT_CLIENT_ID")
                .ok()
                .filter(|v| !v.is_empty())
        })
        .unwrap_or_else(|| DEFAULT_CLIENT_ID.to_owned());
    if !args.force
        && let Ok(store) = Store::open()
        && let Some(login) = store.login(&auth::profile_name(http.endpoints()))
        && (args.tenant.is_none() || args.tenant.as_deref() == Some(login.tenant.as_str()))
        && let Ok(mut session) = Session::open(http.endpoints())
        && session.token(&http, &Audience::PowerApps).is_ok()
    {
        eprintln!(
            "Already signed in as {} (tenant {}). `ppcert login --force` signs in again.",
            login.account, login.tid
        );
        return EXIT_OK;
    }
    let result = auth::login(&http, &tenant, &client_id, |prompt| {
        eprintln!("{}", prompt.message);
        eprintln!(
            "Waiting for the sign-in (the code is valid for {} minutes)…",
            prompt.expires_in / 60
        );
    });
    match result {
        Ok((login, note)) => {
            if let Some(note) = note {
                super::print_warning(color, &redact::clean(&note));
            }
            println!(
                "Signed in as {}{} (tenant {}). The sign-in is kept in the {} and renewed as it is used; `ppcert logout` forgets it.",
                login.account,
                login
                    .name
                    .as_ref()
                    .map(|n| format!(", {n}"))
                    .unwrap_or_default(),
                login.tid,
                if login.store == "keyring" {
                    "OS keyring"
                } else {
                    "token file"
                }
            );
            EXIT_OK
        }
        Err(e) => fail(color, &e.to_string()),
    }
}

/// `login --status`: who, since when, and whether the sign-in still works (it is refreshed).
fn status(http: &crate::deploy::http::Http, color: bool) -> u8 {
    let stored = Store::open()
        .ok()
        .and_then(|s| s.login(&auth::profile_name(http.endpoints())));
    let mut session = match Session::open(http.endpoints()) {
        Ok(s) => s,
        Err(e) => {
            println!("{}", redact::clean(&e.to_string()));
            return EXIT_FINDINGS;
        }
    };
    let verified = session.token(http, &Audience::PowerApps);
    match (&stored, &verified) {
        (Some(login), _) if session.is_stored() => println!(
            "Signed in as {}{} (tenant {}) since {}, kept in the {}.",
            login.account,
            login
                .name
                .as_ref()
                .map(|n| format!(", {n}"))
                .unwrap_or_default(),
            login.tid,
            utc(login.signed_in_at),
            if login.store == "keyring" {
                "OS keyring"
            } else {
                "token file"
            }
        ),
        _ => println!("Using {}.", session.who),
    }
    match verified {
        Ok(_) => {
            match session.powerapps_expiry() {
                Some(exp) => println!(
                    "Checked just now: the service token is valid until {}; it is renewed silently{}.",
                    utc(exp),
                    if stored.is_some() && session.is_stored() {
                        " (the sign-in lasts while it is used at least every 90 days)"
                    } else {
                        ""
                    }
                ),
                None => println!("Checked just now: the token is usable."),
            }
            EXIT_OK
        }
        Err(e) => {
            fail(color, &e.to_string());
            EXIT_FINDINGS
        }
    }
}

pub fn logout(args: LogoutArgs, color: bool) -> u8 {
    let endpoints = match crate::deploy::endpoints::Endpoints::from_env(args.cloud.cloud) {
        Ok(e) => e,
        Err(e) => return fail(color, &e),
    };
    let store = match Store::open() {
        Ok(s) => s,
        Err(e) => return fail(color, &e),
    };
    match store.remove(&auth::profile_name(&endpoints)) {
        Ok(true) => {
            println!("Signed out: the sign-in is forgotten on this machine.");
            EXIT_OK
        }
        Ok(false) => {
            println!("Not signed in; nothing to forget.");
            EXIT_OK
        }
        Err(e) => fail(color, &e),
    }
}
