//! Which profile a connector is judged under, and why.
//!
//! The path decides where the repository layout says (`certified-connectors/`,
//! `independent-publisher-connectors/`, `custom-connectors/`); ppcert.toml or `--profile` can pin
//! it. Where none of them speaks, the connector's own files are read: a lenient `custom` judgement
//! of a connector that is being prepared for certification is the costliest false green there is.

use super::{Connector, JsonFile, Profile};
use std::path::Path;

/// The profile and what decided it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProfileChoice {
    pub profile: Profile,
    #[serde(flatten)]
    pub reason: ProfileReason,
}

/// What decided a profile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "source", content = "detail", rename_all = "kebab-case")]
pub enum ProfileReason {
    /// `--profile` on the command line.
    Flag,
    /// `profile` in this configuration file.
    Config(String),
    /// This folder of the repository layout.
    Path(String),
    /// Read from the connector's files: what pointed to it.
    Inferred(String),
    /// What ppcert uses for this kind of input when nothing else speaks (a plain solution is
    /// judged as `custom`): a rule, not a guess.
    Default(String),
}

impl ProfileReason {
    /// "from path", "from ppcert.toml", "from --profile", "inferred".
    pub fn label(&self) -> &'static str {
        match self {
            ProfileReason::Flag => "from --profile",
            ProfileReason::Config(_) => "from ppcert.toml",
            ProfileReason::Path(_) => "from path",
            ProfileReason::Inferred(_) => "inferred",
            ProfileReason::Default(_) => "default",
        }
    }

    /// The label with its detail: `inferred: publisher and stackOwner in apiProperties.json`.
    pub fn describe(&self) -> String {
        match self {
            ProfileReason::Flag => self.label().into(),
            ProfileReason::Config(file) => format!("from {file}"),
            ProfileReason::Path(folder) => format!("from path: {folder}/"),
            ProfileReason::Inferred(why) => format!("inferred: {why}"),
            ProfileReason::Default(why) => format!("default for {why}"),
        }
    }
}

impl std::fmt::Display for ProfileChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.profile.as_str(), self.reason.describe())
    }
}

/// The profile the repository layout gives `folder`: the nearest `certified-connectors`,
/// `independent-publisher-connectors` or `custom-connectors` ancestor, with its name.
pub fn from_path(folder: &Path) -> Option<(Profile, &'static str)> {
    let abs = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    abs.components()
        .rev()
        .find_map(|part| match part.as_os_str().to_str() {
            Some("certified-connectors") => Some((Profile::Certified, "certified-connectors")),
            Some("independent-publisher-connectors") => Some((
                Profile::IndependentPublisher,
                "independent-publisher-connectors",
            )),
            Some("custom-connectors") => Some((Profile::Custom, "custom-connectors")),
            _ => None,
        })
}

/// The independent-publisher brand colour that Microsoft asks independent publishers to use.
const IP_BRAND_COLOR: &str = "#da3b01";

/// The profile the connector's files point to, and what pointed: apiProperties with `publisher`
/// and `stackOwner`, or the independent-publisher brand colour → independent publisher; a
/// definition with certification metadata (`x-ms-connector-metadata`, `info.contact`) →
/// certified; otherwise custom.
pub fn infer(connector: &Connector) -> (Profile, String) {
    infer_from(connector.swagger.as_ref(), connector.props.as_ref())
}

/// [`infer`] from the definition and apiProperties alone (`diff` reads only definitions).
pub fn infer_from(swagger: Option<&JsonFile>, props: Option<&JsonFile>) -> (Profile, String) {
    let props = props
        .and_then(|f| f.doc())
        .and_then(|d| d.root().get("properties"));
    if let Some(props) = props {
        let has = |key: &str| {
            props
                .get(key)
                .and_then(|v| v.as_str())
                .is_some_and(|s| !s.trim().is_empty())
        };
        if has("publisher") && has("stackOwner") {
            return (
                Profile::IndependentPublisher,
                "publisher and stackOwner in apiProperties.json".into(),
            );
        }
        if props
            .get("iconBrandColor")
            .and_then(|v| v.as_str())
            .is_some_and(|c| c.trim().eq_ignore_ascii_case(IP_BRAND_COLOR))
        {
            return (
                Profile::IndependentPublisher,
                format!(
                    "the independent-publisher brand colour {IP_BRAND_COLOR} in apiProperties.json"
                ),
            );
        }
    }
    if let Some(root) = swagger.and_then(|f| f.doc()).map(|d| d.root()) {
        if root.has("x-ms-connector-metadata") {
            return (
                Profile::Certified,
                "x-ms-connector-metadata in the definition".into(),
            );
        }
        if root.get("info").is_some_and(|i| i.has("contact")) {
            return (Profile::Certified, "info.contact in the definition".into());
        }
    }
    (
        Profile::Custom,
        "nothing in the files points to a submission".into(),
    )
}
