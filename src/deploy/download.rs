//! `ppcert download`: a connector of an environment, written as a connector folder that diffs
//! cleanly against the one it replaces: the service's swagger and properties in the order the
//! folder already had (new keys last), two-space indentation, the line ends the folder used.

use super::folder::{API_DEFINITION, API_PROPERTIES, ICON, SCRIPT, find_ci};
use super::http::{Method, Request};
use super::ordered::{Json, Object};
use super::powerapps::{CallError, PowerApps};
use super::redact;
use super::settings::{self, Settings};
use std::path::{Path, PathBuf};

/// The properties a download keeps, in paconn's order; the rest is the service's own.
const KEPT: [&str; 8] = [
    "connectionParameters",
    "connectionParameterSets",
    "iconBrandColor",
    "scriptOperations",
    "capabilities",
    "policyTemplateInstances",
    "publisher",
    "stackOwner",
];

/// A connector as the service holds it.
pub struct Remote {
    pub id: String,
    pub display_name: String,
    pub properties: serde_json::Value,
    pub swagger: Option<Json>,
    pub icon: Option<Vec<u8>>,
    pub script: Option<Vec<u8>>,
}

/// Reads connector `id` of `env` and the files it points to.
pub fn fetch(pa: &mut PowerApps<'_>, env: &str, id: &str) -> Result<Remote, CallError> {
    let connector = pa.connector(env, id)?;
    let properties = connector.get("properties").cloned().unwrap_or_default();
    let url = |pointer: &str| {
        properties
            .pointer(pointer)
            .and_then(|v| v.as_str())
            .filter(|u| !u.trim().is_empty())
            .map(str::to_owned)
    };
    let blob = |pointer: &str, what: &str| -> Result<Option<Vec<u8>>, CallError> {
        let Some(url) = url(pointer) else {
            return Ok(None);
        };
        redact::register(url.split_once('?').map_or("", |(_, q)| q));
        // Anonymous: the URL's signature is the credential; a token must not go to storage.
        let answer = pa.http.send(&Request::new(
            Method::Get,
            url,
            format!("downloading the connector's {what}"),
        ))?;
        Ok(Some(answer.body))
    };
    let swagger = match blob("/apiDefinitions/originalSwaggerUrl", "swagger")? {
        Some(bytes) => Some(Json::parse(&bytes).map_err(|e| {
            CallError::Answer(format!("the connector's swagger is not valid JSON: {e}"))
        })?),
        None => None,
    };
    let icon = blob("/iconUri", "icon")?;
    let script = blob("/scriptDefinitionUrl", "script")?;
    Ok(Remote {
        id: id.to_owned(),
        display_name: properties
            .get("displayName")
            .and_then(|v| v.as_str())
            .unwrap_or(id)
            .to_owned(),
        properties,
        swagger,
        icon,
        script,
    })
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added,
    Unchanged,
    /// With the JSON pointers that differ (JSON files) or nothing (binary files).
    Changed(Vec<String>),
    /// The same JSON, written with ppcert's formatting.
    Reformatted,
    Removed,
}

#[derive(Debug, Clone)]
pub struct Written {
    pub name: String,
    pub change: Change,
}

/// `text` with `\r\n` line ends when `like` (the file it replaces) used them.
fn line_ends(text: String, like: Option<&[u8]>) -> String {
    match like {
        Some(old) if old.windows(2).any(|w| w == b"\r\n") => text.replace('\n', "\r\n"),
        _ => text,
    }
}

/// `remote`'s members in the order of `local` where it has them, the rest after.
fn in_local_order(remote: Object, local: Option<&Json>) -> Object {
    let Some(Json::Object(local)) = local else {
        return remote;
    };
    let mut remote = remote;
    let mut out = Object::new();
    for (key, local_value) in local {
        if let Some(value) = remote.shift_remove(key) {
            out.insert(key.clone(), reorder(value, Some(local_value)));
        }
    }
    out.extend(remote);
    out
}

fn reorder(value: Json, local: Option<&Json>) -> Json {
    match value {
        Json::Object(map) => Json::Object(in_local_order(map, local)),
        Json::Array(items) => {
            let local_items = match local {
                Some(Json::Array(l)) => Some(l),
                _ => None,
            };
            Json::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| reorder(v, local_items.and_then(|l| l.get(i))))
                    .collect(),
            )
        }
        other => other,
    }
}

/// The files of `remote`, laid out for `dir`, compared with what `dir` holds, and written.
pub fn write(
    remote: &Remote,
    env: &str,
    powerapps_url: &str,
    dir: &Path,
) -> Result<Vec<Written>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    let existing = |name: &str| -> (PathBuf, Option<Vec<u8>>) {
        match find_ci(dir, name) {
            Some(path) => {
                let bytes = std::fs::read(&path).ok();
                (path, bytes)
            }
            None => (dir.join(name), None),
        }
    };
    let old_settings = match find_ci(dir, settings::FILE_NAME) {
        Some(p) => Settings::read(&p).ok().flatten(),
        None => None,
    };
    let mut out = Vec::new();
    // (where, what it holds now, what it gets, whether it is JSON)
    type Planned = (PathBuf, Option<Vec<u8>>, Option<Vec<u8>>, bool);
    let mut files: Vec<Planned> = Vec::new();

    // apiDefinition.swagger.json
    let (def_path, def_old) = existing(API_DEFINITION);
    if let Some(swagger) = &remote.swagger {
        let local = def_old.as_deref().and_then(|b| Json::parse(b).ok());
        let swagger = reorder(swagger.clone(), local.as_ref());
        let text = line_ends(swagger.pretty() + "\n", def_old.as_deref());
        files.push((def_path, def_old, Some(text.into_bytes()), true));
    }

    // apiProperties.json: the kept properties, in the folder's order.
    let (props_path, props_old) = existing(API_PROPERTIES);
    let local_props = props_old.as_deref().and_then(|b| Json::parse(b).ok());
    let local_inner = local_props.as_ref().and_then(|d| d.get("properties"));
    let mut kept = Object::new();
    for key in KEPT {
        if let Some(v) = remote.properties.get(key) {
            kept.insert(key.to_owned(), Json::from_value(v));
        } else if key == "stackOwner"
            && let Some(v) = local_inner.and_then(|p| p.get(key))
        {
            // deploy never sends stackOwner (the service refuses it), so the service never has
            // it: the folder's value stands.
            kept.insert(key.to_owned(), v.clone());
        }
    }
    let kept = reorder(Json::Object(kept), local_inner);
    let props_doc = Json::object([("properties", kept)]);
    let text = line_ends(props_doc.pretty() + "\n", props_old.as_deref());
    files.push((props_path, props_old, Some(text.into_bytes()), true));

    let (icon_path, icon_old) = existing(ICON);
    files.push((icon_path, icon_old, remote.icon.clone(), false));
    let (script_path, script_old) = existing(SCRIPT);
    files.push((script_path, script_old, remote.script.clone(), false));

    // settings.json, in paconn's format, keeping what else the folder's had.
    let mut s = old_settings.unwrap_or_default();
    s.connector_id = Some(remote.id.clone());
    s.environment = Some(env.to_owned());
    s.api_properties = Some(API_PROPERTIES.to_owned());
    s.api_definition = remote.swagger.as_ref().map(|_| API_DEFINITION.to_owned());
    s.icon = remote.icon.as_ref().map(|_| ICON.to_owned());
    s.script = remote.script.as_ref().map(|_| SCRIPT.to_owned());
    s.power_apps_url = Some(powerapps_url.to_owned());
    s.power_apps_api_version = Some(super::powerapps::API_VERSION.to_owned());
    let (settings_path, settings_old) = existing(settings::FILE_NAME);
    files.push((
        settings_path,
        settings_old,
        Some(s.render().into_bytes()),
        true,
    ));

    for (path, old, new, json) in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let change = match (&old, &new) {
            (None, None) => continue,
            (Some(_), None) => {
                std::fs::remove_file(&path)
                    .map_err(|e| format!("cannot remove `{}`: {e}", path.display()))?;
                Change::Removed
            }
            (old, Some(new)) => {
                let change = match old {
                    None => Change::Added,
                    Some(old) if old == new => Change::Unchanged,
                    Some(old) if json => match (Json::parse(old), Json::parse(new)) {
                        (Ok(a), Ok(b)) => Change::Changed(a.differences(&b, 8)),
                        _ => Change::Changed(Vec::new()),
                    },
                    Some(_) => Change::Changed(Vec::new()),
                };
                if change != Change::Unchanged {
                    std::fs::write(&path, new)
                        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
                }
                change
            }
        };
        out.push(Written { name, change });
    }
    Ok(out)
}
