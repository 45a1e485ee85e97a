//! `ppcert login`, `logout`, `env list`, `connector list`, `deploy`, `download` and
//! `validate`: flags in, the `deploy` library's work, text out. Every message passes through
//! the library's redaction before it is printed.

mod account;
mod gate;
mod listing;
mod pull;
mod push;
mod validate;

pub use account::{LoginArgs, LogoutArgs};
pub use listing::{ConnectorArgs, EnvArgs};
pub use pull::DownloadArgs;
pub use push::DeployArgs;
pub use validate::ValidateArgs;

use super::{EXIT_FAILURE, print_error, print_warning};
use crate::deploy::Reporter;
use crate::deploy::auth::Session;
use crate::deploy::endpoints::{Cloud, Endpoints};
use crate::deploy::http::Http;
use crate::deploy::powerapps::{CallError, PowerApps};
use crate::deploy::redact;

pub use account::{login, logout};
pub use listing::{connectors, environments};
pub use pull::download;
pub use push::deploy;
pub use validate::validate;

/// The cloud flag every command that talks to Power Platform takes.
#[derive(clap::Args, Debug, Clone)]
pub struct CloudArgs {
    /// Which Microsoft cloud (sovereign clouds are untested against live tenants). Base URLs can
    /// be overridden with PPCERT_LOGIN_URL, PPCERT_POWERAPPS_URL and PPCERT_FLOW_URL.
    #[arg(long, value_enum, default_value_t = Cloud::Public)]
    pub cloud: Cloud,
}

/// Prints `message` as an error, secrets masked.
fn fail(color: bool, message: &str) -> u8 {
    print_error(color, &redact::clean(message));
    EXIT_FAILURE
}

/// The endpoints and HTTP client of a run.
fn connect(cloud: &CloudArgs, color: bool) -> Result<Http, u8> {
    let endpoints = Endpoints::from_env(cloud.cloud).map_err(|e| fail(color, &e))?;
    Ok(Http::new(&endpoints))
}

/// The HTTP client and the credentials of a run.
fn signed_in(cloud: &CloudArgs, color: bool) -> Result<(Http, Session), u8> {
    let http = connect(cloud, color)?;
    let session = Session::open(http.endpoints()).map_err(|e| fail(color, &e.to_string()))?;
    Ok((http, session))
}

/// Signs in and runs `work` against the resource providers; a failure is printed (masked) and
/// becomes the exit code.
fn with_powerapps<T>(
    cloud: &CloudArgs,
    color: bool,
    work: impl FnOnce(&mut PowerApps<'_>) -> Result<T, CallError>,
) -> Result<T, u8> {
    let (http, mut session) = signed_in(cloud, color)?;
    let mut pa = PowerApps {
        http: &http,
        session: &mut session,
    };
    work(&mut pa).map_err(|e| fail(color, &e.to_string()))
}

/// Steps and notes on stderr, masked.
struct Stderr {
    color: bool,
    quiet: bool,
}

impl Reporter for Stderr {
    fn step(&self, message: &str) {
        if !self.quiet {
            eprintln!("{}", redact::clean(&format!("  {message}…")));
        }
    }
    fn note(&self, message: &str) {
        print_warning(self.color, &redact::clean(message));
    }
}

/// A Unix time as `2026-12-04 23:05 UTC`.
fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let (h, m) = ((secs % 86_400) / 3600, (secs % 3600) / 60);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02} UTC")
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_dates() {
        assert_eq!(super::utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(super::utc(1_796_425_200), "2026-12-04 23:00 UTC");
    }
}
