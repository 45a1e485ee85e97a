//! The connector folder deploy sends and download writes: its files (names matched without
//! regard to case, as Windows does) and its `settings.json`.

use super::ordered::Json;
use super::settings::{self, Settings};
use std::path::{Path, PathBuf};

pub const API_DEFINITION: &str = "apiDefinition.swagger.json";
pub const API_PROPERTIES: &str = "apiProperties.json";
pub const ICON: &str = "icon.png";
pub const SCRIPT: &str = "script.csx";
/// No connector file comes near this; a bigger one is a mistake, not something to upload.
const MAX_FILE: u64 = 64 * 1024 * 1024;

/// A file of the folder, read.
#[derive(Debug, Clone)]
pub struct File {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl File {
    pub fn name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub struct Folder {
    pub dir: PathBuf,
    pub settings: Option<Settings>,
    pub api_definition: File,
    pub swagger: Json,
    pub api_properties: File,
    pub properties: Json,
    pub icon: Option<File>,
    pub script: Option<File>,
}

/// `dir/name`, or the entry of `dir` whose name equals `name` ignoring case.
pub fn find_ci(dir: &Path, name: &str) -> Option<PathBuf> {
    let exact = dir.join(name);
    if exact.is_file() {
        return Some(exact);
    }
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .find(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .map(|e| e.path())
        .filter(|p| p.is_file())
}

fn read(path: &Path) -> Result<File, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?
        .len();
    if len > MAX_FILE {
        return Err(format!(
            "`{}` is {} MB; no connector file is that large",
            path.display(),
            len / 1_000_000
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    Ok(File {
        path: path.to_path_buf(),
        bytes,
    })
}

impl Folder {
    /// Reads the connector in `dir`: the files `settings.json` names, else the usual names.
    pub fn read(dir: &Path) -> Result<Folder, String> {
        if !dir.is_dir() {
            return Err(format!(
                "`{}` is not a folder; deploy takes a connector folder",
                dir.display()
            ));
        }
        let settings = match find_ci(dir, settings::FILE_NAME) {
            Some(path) => Settings::read(&path)?,
            None => None,
        };
        let named = |name: &Option<String>, default: &str| -> Option<PathBuf> {
            match settings.as_ref().and_then(|s| s.resolve(dir, name)) {
                Some(path) => Some(path),
                None => find_ci(dir, default),
            }
        };
        let s = settings.clone().unwrap_or_default();
        let definition_path = named(&s.api_definition, API_DEFINITION).ok_or_else(|| {
            format!(
                "no {API_DEFINITION} in `{}`: is this a connector folder?",
                dir.display()
            )
        })?;
        let api_definition = read(&definition_path)?;
        let swagger = Json::parse(&api_definition.bytes)
            .map_err(|e| format!("`{}` is not valid JSON: {e}", definition_path.display()))?;
        let properties_path = named(&s.api_properties, API_PROPERTIES).ok_or_else(|| {
            format!(
                "no {API_PROPERTIES} in `{}`: the service needs it to create the connector",
                dir.display()
            )
        })?;
        let api_properties = read(&properties_path)?;
        let properties = Json::parse(&api_properties.bytes)
            .map_err(|e| format!("`{}` is not valid JSON: {e}", properties_path.display()))?;
        let optional = |name: &Option<String>, default: &str| -> Result<Option<File>, String> {
            match named(name, default) {
                Some(path) if path.is_file() => read(&path).map(Some),
                Some(path) if name.is_some() => Err(format!(
                    "settings.json names `{}`, which does not exist",
                    path.display()
                )),
                _ => Ok(None),
            }
        };
        Ok(Folder {
            dir: dir.to_path_buf(),
            icon: optional(&s.icon, ICON)?,
            script: optional(&s.script, SCRIPT)?,
            settings,
            api_definition,
            swagger,
            api_properties,
            properties,
        })
    }

    /// The title, as the connector will be called.
    pub fn title(&self) -> Option<&str> {
        self.swagger.get("info")?.str_at("title")
    }

    /// File names relative to the folder, as settings.json records them.
    pub fn relative(&self, file: &File) -> String {
        file.path
            .strip_prefix(&self.dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| file.name())
    }
}
