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

    /// Whether the profile was guessed from the connector's files (no flag, config, path or
    /// rule decided it): a clean result under it is only as good as the guess.
    pub fn is_guess(&self) -> bool {
        matches!(self, ProfileReason::Inferred(_))
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
/// `independent-publisher-connectors` or `custom-connectors` ancestor, with its name. The
/// names are matched without regard to case: on Windows and macOS `Certified-Connectors\Foo`
/// as typed is the same folder.
pub fn from_path(folder: &Path) -> Option<(Profile, &'static str)> {
    const TRACKS: [(&str, Profile); 3] = [
        ("certified-connectors", Profile::Certified),
        (
            "independent-publisher-connectors",
            Profile::IndependentPublisher,
        ),
        ("custom-connectors", Profile::Custom),
    ];
    let abs = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    abs.components().rev().find_map(|part| {
        let name = part.as_os_str().to_str()?;
        TRACKS
            .iter()
            .find(|(track, _)| name.eq_ignore_ascii_case(track))
            .map(|&(track, profile)| (profile, track))
    })
}

/// The independent-publisher brand colour that Microsoft asks independent publishers to use.
const IP_BRAND_COLOR: &str = "#da3b01";

/// The profile the connector's files point to, and what pointed: the independent-publisher brand
/// colour → independent publisher; otherwise a definition with certification metadata
/// (`x-ms-connector-metadata`, `info.contact`) or apiProperties with `publisher` and
/// `stackOwner` → certified; otherwise custom.
///
/// The colour is asked first because it is the only sign of the two tracks that tells them
/// apart: in microsoft/PowerPlatformConnectors every independent publisher's apiProperties has
/// it and one certified connector's in six hundred, while both tracks carry the metadata and
/// `publisher` with `stackOwner` (544 certified connectors in 616 have them).
pub fn infer(connector: &Connector) -> (Profile, String) {
    infer_from(connector.swagger.as_ref(), connector.props.as_ref())
}

/// [`infer`] for a definition named alone (its folder's other files are not linted): the
/// apiProperties.json beside it on disk, read only for this, says whether it is an independent
/// publisher's, which the definition's metadata cannot.
pub fn infer_beside(definition: &JsonFile) -> (Profile, String) {
    let beside = super::read_props_beside(&definition.path, &mut Vec::new());
    infer_with(
        Some(definition),
        beside.as_ref(),
        "apiProperties.json beside the definition",
    )
}

/// [`infer`] from the definition and apiProperties alone, either perhaps missing (`diff` and
/// `convert --update` read no other file).
pub fn infer_from(swagger: Option<&JsonFile>, props: Option<&JsonFile>) -> (Profile, String) {
    infer_with(swagger, props, "apiProperties.json")
}

/// [`infer_from`], the reasons naming apiProperties.json as `props_named`.
fn infer_with(
    swagger: Option<&JsonFile>,
    props: Option<&JsonFile>,
    props_named: &str,
) -> (Profile, String) {
    let props = props
        .and_then(|f| f.doc())
        .and_then(|d| d.root().get("properties"));
    if props
        .and_then(|p| p.get("iconBrandColor"))
        .and_then(|v| v.as_str())
        .is_some_and(|c| c.trim().eq_ignore_ascii_case(IP_BRAND_COLOR))
    {
        return (
            Profile::IndependentPublisher,
            format!("the independent-publisher brand colour {IP_BRAND_COLOR} in {props_named}"),
        );
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
    let has = |key: &str| {
        props
            .and_then(|p| p.get(key))
            .and_then(|v| v.as_str())
            .is_some_and(|s| !s.trim().is_empty())
    };
    if has("publisher") && has("stackOwner") {
        return (
            Profile::Certified,
            format!(
                "publisher and stackOwner in {props_named}, not the independent-publisher brand colour"
            ),
        );
    }
    (
        Profile::Custom,
        "nothing in the files points to a submission".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connector::FileKind;

    fn json(kind: FileKind, text: &str) -> JsonFile {
        let path = Path::new("file.json");
        JsonFile::from_bytes(kind, path, "file.json".into(), text.into(), &mut Vec::new())
    }

    fn inferred(definition: Option<&str>, properties: Option<&str>) -> Profile {
        let swagger = definition.map(|d| json(FileKind::Swagger, d));
        let props = properties.map(|p| json(FileKind::Props, &format!(r#"{{"properties": {p}}}"#)));
        infer_from(swagger.as_ref(), props.as_ref()).0
    }

    const METADATA: &str = r#"{"swagger": "2.0", "x-ms-connector-metadata": []}"#;
    const CONTACT: &str = r#"{"swagger": "2.0", "info": {"contact": {}}}"#;
    const PLAIN: &str = r#"{"swagger": "2.0", "info": {"title": "T"}}"#;

    /// The brand colour marks an independent publisher whatever else the files carry; without
    /// it the submission metadata of either kind means certified.
    #[test]
    fn only_the_brand_colour_makes_an_independent_publisher() {
        let owners = r#""publisher": "Contoso Ltd", "stackOwner": "Contoso Ltd""#;
        let ip = format!(r##"{{{owners}, "iconBrandColor": " #DA3B01 "}}"##);
        let certified = format!(r##"{{{owners}, "iconBrandColor": "#3a5f8f"}}"##);
        for definition in [None, Some(METADATA), Some(CONTACT), Some(PLAIN)] {
            assert_eq!(
                inferred(definition, Some(&ip)),
                Profile::IndependentPublisher
            );
            assert_eq!(inferred(definition, Some(&certified)), Profile::Certified);
            assert_eq!(
                inferred(definition, Some(&format!("{{{owners}}}"))),
                Profile::Certified
            );
            assert_eq!(
                inferred(definition, Some(r##"{"iconBrandColor": "#da3b01"}"##)),
                Profile::IndependentPublisher
            );
        }
        assert_eq!(inferred(Some(METADATA), None), Profile::Certified);
        assert_eq!(inferred(Some(CONTACT), Some("{}")), Profile::Certified);
        // A publisher alone, or an empty stack owner, is not submission metadata.
        for props in [
            r#"{"publisher": "Contoso"}"#,
            r#"{"publisher": "Contoso", "stackOwner": " "}"#,
            r##"{"stackOwner": "Contoso", "iconBrandColor": "#007ee5"}"##,
            "{}",
        ] {
            assert_eq!(
                inferred(Some(PLAIN), Some(props)),
                Profile::Custom,
                "{props}"
            );
        }
        assert_eq!(inferred(None, None), Profile::Custom);
    }

    /// The nearest track folder decides, its name in any case, as typed on Windows.
    #[test]
    fn the_nearest_track_folder_decides_in_any_case() {
        let cases = [
            (
                "repo/certified-connectors/Contoso",
                Some(Profile::Certified),
            ),
            (
                "repo/Certified-Connectors/Contoso",
                Some(Profile::Certified),
            ),
            (
                "repo/INDEPENDENT-PUBLISHER-CONNECTORS/Fabrikam",
                Some(Profile::IndependentPublisher),
            ),
            (
                "custom-connectors/x/certified-connectors/y",
                Some(Profile::Certified),
            ),
            (
                "certified-connectors/x/Custom-Connectors/y",
                Some(Profile::Custom),
            ),
            ("repo/certified-connector/Contoso", None),
            ("repo/my-certified-connectors/Contoso", None),
        ];
        for (path, expected) in cases {
            assert_eq!(from_path(Path::new(path)).map(|p| p.0), expected, "{path}");
        }
        assert_eq!(
            from_path(Path::new("a/Custom-Connectors/b")).map(|p| p.1),
            Some("custom-connectors")
        );
    }
}
