//! `apiDefinition.swagger.json` and `apiProperties.json`: the template's, or those `ppcert
//! convert` made from an OpenAPI description, completed with what the track requires.
//!
//! Where only the author can decide (the description, the support contact, the host, the
//! website, the publisher, the brand colour), the value is a placeholder that is valid for every
//! other rule and that `placeholder-todo` reports: `TODO: ...` text, `TODO.example.com`-style
//! addresses, and the brand colour `#70d0d0`. Everything else is either derived (the title from
//! the name) or a plain default the author is told to check (`Categories`).

use crate::connector::Profile;
use crate::deploy::ordered::{Json, Object};

const DEFINITION: &str = include_str!("templates/apiDefinition.swagger.json");

/// The brand colour Microsoft gives every independent-publisher connector.
pub const IP_BRAND_COLOR: &str = "#da3b01";
/// The placeholder brand colour of a certified connector: a valid colour that is neither of the
/// two certification refuses (`#007ee5`, `#ffffff`), so nothing fails before the author picks the
/// icon's real colour; `placeholder-todo` reports it.
pub const CERTIFIED_COLOR_PLACEHOLDER: &str = "#70d0d0";
/// The platform's default colour, which `ppcert convert` also writes: fine for a custom
/// connector, refused for a certified one.
const DEFAULT_COLOR: &str = "#007ee5";

/// The category written for the author to check: Microsoft requires one or two of a fixed list,
/// and a placeholder would fail `metadata-categories-allowed`.
pub const DEFAULT_CATEGORY: &str = "Productivity";

/// The shortest `info.description` certification accepts (description-length).
const MIN_DESCRIPTION_CHARS: usize = 30;

/// Top-level keys in the order the repository's templates use; others keep their order after.
const ROOT_ORDER: &[&str] = &[
    "swagger",
    "info",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "security",
    "tags",
];

fn template() -> Json {
    Json::parse(DEFINITION.as_bytes()).expect("the bundled definition template is valid JSON")
}

/// Whether the track asks for the submission metadata (`info.contact`, `x-ms-connector-metadata`,
/// `publisher`, `stackOwner`).
pub fn submitted(profile: Profile) -> bool {
    profile != Profile::Custom
}

fn is_blank(value: Option<&Json>) -> bool {
    match value {
        None | Some(Json::Null) => true,
        Some(Json::String(s)) => s.trim().is_empty(),
        Some(_) => false,
    }
}

/// Moves the keys of `order` to the front of `map`, in that order.
fn reorder(map: &mut Object, order: &[&str]) {
    let mut out = Object::new();
    for key in order {
        if let Some(v) = map.shift_remove(*key) {
            out.insert((*key).to_owned(), v);
        }
    }
    out.extend(std::mem::take(map));
    *map = out;
}

/// The definition for `name`: `converted` (the text `ppcert convert` wrote) or the template with
/// its sample operation, with the title set and what the track requires filled in.
pub fn definition(name: &str, profile: Profile, converted: Option<&str>) -> Result<Json, String> {
    let template = template();
    let mut doc = match converted {
        Some(text) => Json::parse(text.as_bytes())
            .map_err(|e| format!("the converted definition cannot be read back: {e}"))?,
        None => template.clone(),
    };
    let Some(root) = doc.as_object_mut() else {
        return Err("the converted definition is not a JSON object".into());
    };
    let from = |pointer: &str| -> Json {
        let mut at = &template;
        for key in pointer.split('/').filter(|k| !k.is_empty()) {
            at = at.get(key).unwrap_or(&Json::Null);
        }
        at.clone()
    };

    let info = root
        .entry("info".to_owned())
        .or_insert_with(|| Json::Object(Object::new()));
    if !matches!(info, Json::Object(_)) {
        *info = Json::Object(Object::new());
    }
    let info_map = info.as_object_mut().expect("made an object above");
    info_map.insert("title".into(), Json::string(name));
    match info_map
        .get("description")
        .and_then(Json::as_str)
        .map(str::trim)
    {
        None | Some("") => {
            info_map.insert("description".into(), from("/info/description"));
        }
        // Too short for description-length: kept inside the placeholder, for the author to
        // expand (longer ones were fitted by the conversion).
        Some(short) if submitted(profile) && short.chars().count() < MIN_DESCRIPTION_CHARS => {
            let text = format!(
                "TODO: describe the service and what the connector does with it, in 30 to 500 characters (the OpenAPI description says: {short})"
            );
            info_map.insert("description".into(), Json::string(text));
        }
        Some(_) => {}
    }
    if is_blank(info_map.get("version")) {
        info_map.insert("version".into(), from("/info/version"));
    }
    if submitted(profile) {
        let contact = info_map
            .entry("contact".to_owned())
            .or_insert_with(|| Json::Object(Object::new()));
        if let Some(contact) = contact.as_object_mut() {
            for key in ["name", "url", "email"] {
                if is_blank(contact.get(key)) {
                    contact.insert(key.into(), from(&format!("/info/contact/{key}")));
                }
            }
        }
    } else if converted.is_none() {
        // A custom connector is not reviewed: no support contact to invent a placeholder for.
        info_map.shift_remove("contact");
    }
    reorder(info_map, &["title", "description", "version", "contact"]);

    for key in ["host", "basePath"] {
        if is_blank(root.get(key)) {
            root.insert(key.into(), from(&format!("/{key}")));
        }
    }
    if root
        .get("schemes")
        .is_none_or(|s| !matches!(s, Json::Array(a) if !a.is_empty()))
    {
        root.insert("schemes".into(), from("/schemes"));
    }
    if submitted(profile) {
        complete_metadata(root, &from("/x-ms-connector-metadata"));
    } else if converted.is_none() {
        root.shift_remove("x-ms-connector-metadata");
    }
    reorder(root, ROOT_ORDER);
    // The metadata last, where the repository's templates put it.
    if let Some(m) = root.shift_remove("x-ms-connector-metadata") {
        root.insert("x-ms-connector-metadata".into(), m);
    }
    Ok(doc)
}

/// Adds the `Website`, `Privacy policy` and `Categories` entries the metadata lacks.
fn complete_metadata(root: &mut Object, template: &Json) {
    let entries = root
        .entry("x-ms-connector-metadata".to_owned())
        .or_insert_with(|| Json::Array(Vec::new()));
    let Json::Array(entries) = entries else {
        return; // not an array: metadata-required reports it, and guessing would hide the input
    };
    let Json::Array(wanted) = template else {
        return;
    };
    for entry in wanted {
        let name = entry.str_at("propertyName").unwrap_or_default();
        let present = entries.iter().any(|e| {
            e.str_at("propertyName")
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
        });
        if !present {
            entries.push(entry.clone());
        }
    }
}

/// `apiProperties.json`: `converted` (from `ppcert convert`, with the connection parameters of
/// the security schemes) or an empty one, with the track's brand colour, publisher and owner.
pub fn properties(profile: Profile, converted: Option<&str>) -> Result<Json, String> {
    let mut doc = match converted {
        Some(text) => Json::parse(text.as_bytes())
            .map_err(|e| format!("the converted apiProperties.json cannot be read back: {e}"))?,
        None => Json::Object(Object::new()),
    };
    let Some(root) = doc.as_object_mut() else {
        return Err("the converted apiProperties.json is not a JSON object".into());
    };
    let props = root
        .entry("properties".to_owned())
        .or_insert_with(|| Json::Object(Object::new()));
    let Some(props) = props.as_object_mut() else {
        return Err("`properties` in the converted apiProperties.json is not an object".into());
    };
    props
        .entry("connectionParameters".to_owned())
        .or_insert_with(|| Json::Object(Object::new()));
    let color = match profile {
        Profile::IndependentPublisher => IP_BRAND_COLOR.to_owned(),
        // `convert`'s colour is its own placeholder, never the icon's.
        Profile::Certified => CERTIFIED_COLOR_PLACEHOLDER.to_owned(),
        Profile::Custom => props
            .get("iconBrandColor")
            .and_then(Json::as_str)
            .unwrap_or(DEFAULT_COLOR)
            .to_owned(),
    };
    props.insert("iconBrandColor".into(), Json::string(color));
    props
        .entry("capabilities".to_owned())
        .or_insert_with(|| Json::Array(Vec::new()));
    if submitted(profile) {
        let (publisher, owner) = if profile == Profile::IndependentPublisher {
            (
                "TODO: your first and last name, or your company (several publishers: separated by commas)",
                "TODO: the company or organization that owns the service",
            )
        } else {
            (
                "TODO: your company or organization",
                "TODO: the company or organization that owns the service",
            )
        };
        for (key, value) in [("publisher", publisher), ("stackOwner", owner)] {
            if is_blank(props.get(key)) {
                props.insert(key.into(), Json::string(value));
            }
        }
    }
    reorder(
        props,
        &[
            "connectionParameters",
            "iconBrandColor",
            "capabilities",
            "publisher",
            "stackOwner",
        ],
    );
    Ok(doc)
}

/// The operations a readme lists: (summary, first line of the description) in document order,
/// internal ones left out.
pub fn operations(definition: &Json) -> Vec<(String, Option<String>)> {
    const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];
    let mut out = Vec::new();
    let Some(paths) = definition.get("paths").and_then(Json::as_object) else {
        return out;
    };
    for item in paths.values().filter_map(Json::as_object) {
        for (method, op) in item {
            if !METHODS.contains(&method.to_ascii_lowercase().as_str()) {
                continue;
            }
            if op.str_at("x-ms-visibility") == Some("internal") {
                continue;
            }
            let summary = op
                .str_at("summary")
                .or_else(|| op.str_at("operationId"))
                .unwrap_or("Operation")
                .trim()
                .to_owned();
            let description = op
                .str_at("description")
                .and_then(|d| d.trim().lines().next())
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty());
            out.push((summary, description));
        }
    }
    out
}

/// The authentication the definition declares: the `type` of its first security scheme.
pub fn auth_type(definition: &Json) -> Option<String> {
    definition
        .get("securityDefinitions")
        .and_then(Json::as_object)
        .and_then(|defs| defs.values().find_map(|d| d.str_at("type")))
        .map(str::to_owned)
}
