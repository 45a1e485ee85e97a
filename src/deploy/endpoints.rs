//! Where the services are: one row per cloud, every base URL overridable by environment
//! variables (`PPCERT_LOGIN_URL`, `PPCERT_POWERAPPS_URL`, `PPCERT_FLOW_URL`), and a guard
//! (`PPCERT_NETWORK=loopback-only`) that makes any request to a host other than this machine an
//! error, so a test that forgot an override fails instead of reaching Microsoft.

use std::fmt;

/// A Microsoft cloud, as `pac auth create --cloud` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Cloud {
    #[default]
    Public,
    /// US Government Community Cloud (GCC).
    Usgov,
    /// GCC High.
    Usgovhigh,
    /// US Department of Defense.
    Dod,
    /// Microsoft Azure operated by 21Vianet.
    China,
}

impl Cloud {
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Public => "public",
            Cloud::Usgov => "usgov",
            Cloud::Usgovhigh => "usgovhigh",
            Cloud::Dod => "dod",
            Cloud::China => "china",
        }
    }

    pub fn parse(name: &str) -> Option<Cloud> {
        [
            Cloud::Public,
            Cloud::Usgov,
            Cloud::Usgovhigh,
            Cloud::Dod,
            Cloud::China,
        ]
        .into_iter()
        .find(|c| c.name().eq_ignore_ascii_case(name))
    }

    /// (login authority host, PowerApps RP, Flow RP, token resource). Public is what paconn
    /// uses; the sovereign rows are those of Microsoft's PowerApps PowerShell modules and have
    /// not been tried against a live tenant by this project.
    fn row(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Cloud::Public => (
                "https://login.microsoftonline.com",
                "https://api.powerapps.com",
                "https://api.flow.microsoft.com",
                "https://service.powerapps.com/",
            ),
            Cloud::Usgov => (
                "https://login.microsoftonline.com",
                "https://gov.api.powerapps.us",
                "https://gov.api.flow.microsoft.us",
                "https://gov.service.powerapps.us/",
            ),
            Cloud::Usgovhigh => (
                "https://login.microsoftonline.us",
                "https://high.api.powerapps.us",
                "https://high.api.flow.microsoft.us",
                "https://high.service.powerapps.us/",
            ),
            Cloud::Dod => (
                "https://login.microsoftonline.us",
                "https://api.apps.appsplatform.us",
                "https://api.flow.appsplatform.us",
                "https://service.apps.appsplatform.us/",
            ),
            Cloud::China => (
                "https://login.chinacloudapi.cn",
                "https://api.powerapps.cn",
                "https://api.powerautomate.cn",
                "https://service.powerapps.cn/",
            ),
        }
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The base URLs of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    pub cloud: Cloud,
    /// The identity platform's host, without a trailing slash.
    pub login: String,
    /// The PowerApps resource provider, without a trailing slash.
    pub powerapps: String,
    /// The Flow resource provider, without a trailing slash.
    pub flow: String,
    /// The token audience of both resource providers (with its trailing slash).
    pub resource: String,
    /// Only 127.0.0.1, ::1 and localhost may be reached.
    pub loopback_only: bool,
}

impl Endpoints {
    /// The cloud's row with the environment's overrides applied.
    pub fn from_env(cloud: Cloud) -> Result<Endpoints, String> {
        let (login, powerapps, flow, resource) = cloud.row();
        let pick = |var: &str, default: &str| -> Result<String, String> {
            match std::env::var(var) {
                Ok(v) if !v.trim().is_empty() => {
                    let v = v.trim().trim_end_matches('/').to_owned();
                    if !(v.starts_with("https://") || v.starts_with("http://")) {
                        return Err(format!(
                            "{var} must be an http(s) URL, not `{}`",
                            super::redact::clean(&v)
                        ));
                    }
                    Ok(v)
                }
                _ => Ok(default.to_owned()),
            }
        };
        let endpoints = Endpoints {
            cloud,
            login: pick("PPCERT_LOGIN_URL", login)?,
            powerapps: pick("PPCERT_POWERAPPS_URL", powerapps)?,
            flow: pick("PPCERT_FLOW_URL", flow)?,
            resource: resource.to_owned(),
            loopback_only: std::env::var("PPCERT_NETWORK").is_ok_and(|v| v == "loopback-only"),
        };
        for url in [&endpoints.login, &endpoints.powerapps, &endpoints.flow] {
            endpoints.check_host(url)?;
        }
        Ok(endpoints)
    }

    /// The scope of the resource providers' token: the resource URI and `/.default` (the
    /// double slash is right: the resource ends with one).
    pub fn powerapps_scope(&self) -> String {
        format!("{}/.default", self.resource)
    }

    /// Refuses a URL outside this machine when the loopback guard is on, and any URL that is
    /// not http(s).
    pub fn check_host(&self, url: &str) -> Result<(), String> {
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(format!(
                "`{}` is not a URL",
                super::redact::url_for_humans(url)
            ));
        };
        if scheme != "https" && scheme != "http" {
            return Err(format!(
                "refusing a `{scheme}:` URL: only http(s) is spoken"
            ));
        }
        if self.loopback_only {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            let host = if let Some(v6) = host.strip_prefix('[') {
                v6.split(']').next().unwrap_or("")
            } else {
                host.split(':').next().unwrap_or("")
            };
            if !matches!(host, "127.0.0.1" | "::1" | "localhost") {
                return Err(format!(
                    "PPCERT_NETWORK=loopback-only: refusing to reach `{host}` (only this machine may be reached)"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_allows_only_loopback() {
        let mut e = Endpoints {
            cloud: Cloud::Public,
            login: String::new(),
            powerapps: String::new(),
            flow: String::new(),
            resource: String::new(),
            loopback_only: true,
        };
        assert!(e.check_host("http://127.0.0.1:8080/x").is_ok());
        assert!(e.check_host("http://[::1]:80/").is_ok());
        assert!(e.check_host("https://api.powerapps.com/x").is_err());
        assert!(e.check_host("http://127.0.0.1.evil.example/").is_err());
        assert!(e.check_host("ftp://127.0.0.1/").is_err());
        e.loopback_only = false;
        assert!(e.check_host("https://api.powerapps.com/x").is_ok());
    }

    #[test]
    fn scope_has_the_double_slash() {
        let (_, _, _, resource) = Cloud::Public.row();
        assert_eq!(
            format!("{resource}/.default"),
            "https://service.powerapps.com//.default"
        );
    }
}
