//! paconn's `settings.json`: read it, and write it as paconn does (same keys in the same order,
//! two-space indentation, no trailing newline), so paconn and ppcert can share a folder.
//!
//! One difference, on purpose: relative paths in it are resolved against the file's own folder,
//! where paconn resolves them against the current directory.

use super::ordered::{Json, Object};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "settings.json";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub connector_id: Option<String>,
    pub environment: Option<String>,
    pub api_properties: Option<String>,
    pub api_definition: Option<String>,
    pub icon: Option<String>,
    pub script: Option<String>,
    pub power_apps_url: Option<String>,
    pub power_apps_api_version: Option<String>,
    /// Keys paconn reads but does not write (`flowUrl`, `clientId`, `tenant`…) and any other
    /// key, kept in their order after the ones paconn writes.
    pub other: Object,
}

/// The keys paconn writes, in its order.
const WRITTEN: [&str; 8] = [
    "connectorId",
    "environment",
    "apiProperties",
    "apiDefinition",
    "icon",
    "powerAppsUrl",
    "powerAppsApiVersion",
    "script",
];

impl Settings {
    /// Reads `path`; `Ok(None)` when there is no such file.
    pub fn read(path: &Path) -> Result<Option<Settings>, String> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
        };
        let doc = Json::parse(&bytes)
            .map_err(|e| format!("`{}` is not valid JSON: {e}", path.display()))?;
        let Json::Object(mut map) = doc else {
            return Err(format!("`{}` must hold a JSON object", path.display()));
        };
        let mut take = |key: &str| -> Result<Option<String>, String> {
            match map.shift_remove(key) {
                None | Some(Json::Null) => Ok(None),
                Some(Json::String(s)) if s.trim().is_empty() => Ok(None),
                Some(Json::String(s)) => Ok(Some(s)),
                Some(_) => Err(format!("`{}`: `{key}` must be a string", path.display())),
            }
        };
        Ok(Some(Settings {
            connector_id: take("connectorId")?,
            environment: take("environment")?,
            api_properties: take("apiProperties")?,
            api_definition: take("apiDefinition")?,
            icon: take("icon")?,
            script: take("script")?,
            power_apps_url: take("powerAppsUrl")?,
            power_apps_api_version: take("powerAppsApiVersion")?,
            other: map,
        }))
    }

    /// The file's text, as paconn writes it.
    pub fn render(&self) -> String {
        let mut map = Object::new();
        let values = [
            &self.connector_id,
            &self.environment,
            &self.api_properties,
            &self.api_definition,
            &self.icon,
            &self.power_apps_url,
            &self.power_apps_api_version,
            &self.script,
        ];
        for (key, value) in WRITTEN.iter().zip(values) {
            if let Some(v) = value {
                map.insert((*key).to_owned(), Json::string(v.clone()));
            }
        }
        for (k, v) in &self.other {
            map.insert(k.clone(), v.clone());
        }
        Json::Object(map).pretty()
    }

    /// A path named in the file, resolved against the file's folder.
    pub fn resolve(&self, folder: &Path, name: &Option<String>) -> Option<PathBuf> {
        name.as_ref().map(|n| folder.join(n.replace('\\', "/")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_paconn_order_and_keeps_other_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(
            &path,
            "\u{feff}{\"flowUrl\":\"https://f\",\"script\":\"script.csx\",\"connectorId\":\"shared_x\",\"environment\":\"e\",\"apiProperties\":\"apiProperties.json\",\"apiDefinition\":\"apiDefinition.swagger.json\"}",
        )
        .unwrap();
        let s = Settings::read(&path).unwrap().unwrap();
        assert_eq!(
            s.render(),
            "{\n  \"connectorId\": \"shared_x\",\n  \"environment\": \"e\",\n  \"apiProperties\": \"apiProperties.json\",\n  \"apiDefinition\": \"apiDefinition.swagger.json\",\n  \"script\": \"script.csx\",\n  \"flowUrl\": \"https://f\"\n}"
        );
        assert!(
            Settings::read(&dir.path().join("none.json"))
                .unwrap()
                .is_none()
        );
        std::fs::write(&path, "{\"connectorId\": 5}").unwrap();
        assert!(Settings::read(&path).unwrap_err().contains("connectorId"));
    }
}
