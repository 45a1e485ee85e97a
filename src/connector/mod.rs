//! Connectors: finding them on disk and loading their files, every problem becoming a diagnostic.

mod above;
mod bounded;
mod discover;
mod files;
mod overlay;

pub mod profile;

pub use files::settings;

pub use above::nearest_above;
pub use bounded::{ReadError, read_at_most, read_named_file, read_named_text};
pub use discover::{
    ExplicitFiles, NamedFileKind, SolutionProbe, SolutionSource, Target, describe_discover_error,
    discover, discover_including, is_connector_marker, named_file_kind,
};
pub use files::{
    BinaryFile, FileProblem, JsonFile, MAX_READ_BYTES, TextFile, load_json, read_props_beside,
};
pub use overlay::Overlay;
pub use profile::{ProfileChoice, ProfileReason};

use serde::Serialize;
use std::path::{Path, PathBuf};

/// Which certification track a connector is on; each rule declares the profiles it applies to.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    Certified,
    IndependentPublisher,
    Custom,
}

impl Profile {
    pub const ALL: [Profile; 3] = [
        Profile::Certified,
        Profile::IndependentPublisher,
        Profile::Custom,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Certified => "certified",
            Profile::IndependentPublisher => "independent-publisher",
            Profile::Custom => "custom",
        }
    }
    /// Detects the profile from the path: the nearest track folder decides (see
    /// [`profile::from_path`]); anything else is custom.
    pub fn detect(folder: &Path) -> Profile {
        profile::from_path(folder).map_or(Profile::Custom, |(p, _)| p)
    }
}

/// The kinds of file a connector is made of, named as the rules catalogue names them.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Swagger,
    Props,
    Settings,
    Readme,
    Intro,
    Script,
    Icon,
    Pr,
    Pkg,
    /// Every archive level of a solution or package.
    Zip,
    /// A solution's manifest, customizations, connectors and unpacked source.
    Solution,
    /// A solution's cloud flows.
    Flow,
    /// Secrets and environment-specific values in solutions.
    Secret,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Swagger => "swagger",
            FileKind::Props => "props",
            FileKind::Settings => "settings",
            FileKind::Readme => "readme",
            FileKind::Intro => "intro",
            FileKind::Script => "script",
            FileKind::Icon => "icon",
            FileKind::Pr => "pr",
            FileKind::Pkg => "pkg",
            FileKind::Zip => "zip",
            FileKind::Solution => "solution",
            FileKind::Flow => "flow",
            FileKind::Secret => "secret",
        }
    }
}

/// An entry of the connector folder, for the layout rules.
#[derive(Debug, Clone)]
pub struct FolderEntry {
    pub name: String,
    pub is_dir: bool,
    pub size: u64,
}

/// A loaded connector: its folder, profile and files. Absent files are `None`.
pub struct Connector {
    /// The connector folder (for a single file, the folder holding it).
    pub folder: PathBuf,
    /// Folder path as shown to the user.
    pub display: String,
    /// Folder name, used as the connector's name.
    pub name: String,
    pub profile: Profile,
    pub swagger: Option<JsonFile>,
    pub props: Option<JsonFile>,
    pub settings: Option<JsonFile>,
    pub readme: Option<TextFile>,
    pub intro: Option<TextFile>,
    pub script: Option<TextFile>,
    pub icon: Option<BinaryFile>,
    /// Every entry of the folder (empty when only a file was linted).
    pub entries: Vec<FolderEntry>,
    /// Problems met while reading files (unreadable, binary, too large, outside the folder).
    pub problems: Vec<FileProblem>,
    /// True when the user pointed at a single file rather than a folder.
    pub single_file: bool,
    /// True for a connector read from a Dataverse solution: its apiProperties are built from the
    /// solution's files, and what a solution does not carry (publisher, stackOwner, readme,
    /// intro, the 230 px icon, the PR folder's layout) is not judged.
    pub in_solution: bool,
    /// The project's own words (ppcert.toml's `[spelling] words`), which the `spelling` rule
    /// accepts.
    pub words: Vec<String>,
}

impl Connector {
    pub fn load(target: &Target, profile_override: Option<Profile>) -> Connector {
        files::load_connector(target, profile_override, None)
    }

    /// Loads the connector taking each file's contents from `overlay` when it has them.
    pub fn load_with(
        target: &Target,
        profile_override: Option<Profile>,
        overlay: &Overlay,
    ) -> Connector {
        let overlay = (!overlay.is_empty()).then_some(overlay);
        files::load_connector(target, profile_override, overlay)
    }

    /// A connector with no files yet.
    pub fn empty(folder: PathBuf, display: String, name: String, profile: Profile) -> Connector {
        Connector {
            folder,
            display,
            name,
            profile,
            swagger: None,
            props: None,
            settings: None,
            readme: None,
            intro: None,
            script: None,
            icon: None,
            entries: Vec::new(),
            problems: Vec::new(),
            single_file: false,
            in_solution: false,
            words: Vec::new(),
        }
    }
}

/// Renders `path` relative to the current directory when it lies below it.
pub fn display_path(path: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let s = rel.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("./").map(str::to_owned).unwrap_or(s);
    if s.is_empty() { ".".into() } else { s }
}
