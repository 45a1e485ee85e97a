//! The body of a create or update, built as paconn builds it (deploy.md §2.3), with its known
//! faults mended: a missing `info.description` is no crash, `stackOwner` (which the service
//! refuses) is left out of the request but kept in the file, and the OAuth client secret comes
//! only from where the user chose to give it.

use super::folder::Folder;
use super::ordered::{Json, Object};
use secrecy::{ExposeSecret, SecretString};

/// A file the service reads from storage.
#[derive(Debug, Clone)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    /// The property that gets the blob's URL.
    pub property: &'static str,
}

#[derive(Debug, Clone)]
pub struct Plan {
    /// `{"properties": {...}}` without the upload URLs (added once uploaded).
    pub body: Json,
    pub uploads: Vec<Upload>,
    /// What was done differently from the files, to say.
    pub notes: Vec<String>,
    /// JSON pointers of the `oAuthSettings` that need a client secret.
    pub secret_slots: Vec<String>,
}

/// Builds the request for `folder` in `env`. `create` adds the display name.
pub fn plan(
    folder: &Folder,
    env: &str,
    create: bool,
    keep_stack_owner: bool,
) -> Result<Plan, String> {
    let mut notes = Vec::new();
    let Json::Object(mut doc) = folder.properties.clone() else {
        return Err(format!(
            "`{}` must hold a JSON object with `properties`",
            folder.api_properties.path.display()
        ));
    };
    let properties = match doc.get_mut("properties") {
        Some(Json::Object(p)) => p,
        _ => {
            return Err(format!(
                "`{}` has no `properties` object",
                folder.api_properties.path.display()
            ));
        }
    };
    let swagger = &folder.swagger;
    if swagger.str_at("swagger") != Some("2.0") {
        return Err(format!(
            "`{}` is not a Swagger 2.0 document (`\"swagger\": \"2.0\"`); `ppcert convert` turns OpenAPI 3 into one",
            folder.api_definition.path.display()
        ));
    }
    let host = swagger.str_at("host").filter(|h| !h.trim().is_empty());
    let Some(host) = host else {
        return Err(format!(
            "`{}` has no `host`: the service needs it for the connector's backend URL",
            folder.api_definition.path.display()
        ));
    };
    let scheme = match swagger.get("schemes") {
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(Json::as_str)
            .find(|s| *s == "https")
            .or_else(|| items.first().and_then(Json::as_str))
            .unwrap_or("https"),
        _ => "https",
    };
    let base_path = swagger.str_at("basePath").unwrap_or("");
    let info = swagger.get("info");
    let title = info.and_then(|i| i.str_at("title")).unwrap_or("");
    let description = match info.and_then(|i| i.str_at("description")) {
        Some(d) => d.to_owned(),
        None => {
            notes.push(
                "info.description is missing; the connector gets an empty description".to_owned(),
            );
            String::new()
        }
    };
    if create && title.trim().is_empty() {
        return Err(format!(
            "`{}` has no info.title: the connector needs a name",
            folder.api_definition.path.display()
        ));
    }
    if !keep_stack_owner && properties.shift_remove("stackOwner").is_some() {
        notes.push(
            "stackOwner was left out of the request: the service refuses it on create and update (it is only for certification); apiProperties.json keeps it (--keep-stack-owner sends it)".to_owned(),
        );
    }
    properties.insert("openApiDefinition".into(), swagger.clone());
    properties.insert(
        "backendService".into(),
        Json::object([(
            "serviceUrl",
            Json::string(format!("{scheme}://{host}{base_path}")),
        )]),
    );
    properties.insert(
        "environment".into(),
        Json::object([("name", Json::string(env))]),
    );
    if create {
        properties.insert("displayName".into(), Json::string(title));
    }
    properties.insert("description".into(), Json::string(description));
    let secret_slots = secret_slots(properties);
    let mut uploads = Vec::new();
    if let Some(icon) = &folder.icon {
        uploads.push(Upload {
            name: icon.name(),
            bytes: icon.bytes.clone(),
            content_type: "image/png",
            property: "iconUri",
        });
    }
    if let Some(script) = &folder.script {
        uploads.push(Upload {
            name: script.name(),
            bytes: script.bytes.clone(),
            content_type: "text/plain",
            property: "scriptDefinitionUrl",
        });
    }
    Ok(Plan {
        body: Json::Object(doc),
        uploads,
        notes,
        secret_slots,
    })
}

/// Every `oAuthSettings` of the connection parameters and parameter sets, as pointers.
fn secret_slots(properties: &Object) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(Json::Object(params)) = properties.get("connectionParameters") {
        for (name, p) in params {
            if p.get("oAuthSettings").is_some() {
                out.push(format!(
                    "/properties/connectionParameters/{name}/oAuthSettings"
                ));
            }
        }
    }
    if let Some(Json::Array(sets)) = properties
        .get("connectionParameterSets")
        .and_then(|s| s.get("values"))
    {
        for (i, set) in sets.iter().enumerate() {
            if let Some(Json::Object(params)) = set.get("parameters") {
                for (name, p) in params {
                    if p.get("oAuthSettings").is_some() {
                        out.push(format!(
                            "/properties/connectionParameterSets/values/{i}/parameters/{name}/oAuthSettings"
                        ));
                    }
                }
            }
        }
    }
    out
}

fn at_pointer<'a>(doc: &'a mut Json, pointer: &str) -> Option<&'a mut Json> {
    let mut node = doc;
    for token in pointer.split('/').skip(1) {
        node = match node {
            Json::Object(m) => m.get_mut(token)?,
            Json::Array(a) => a.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

impl Plan {
    /// Puts the client secret into every `oAuthSettings`.
    pub fn set_secret(&mut self, secret: &SecretString) {
        for slot in self.secret_slots.clone() {
            if let Some(Json::Object(settings)) = at_pointer(&mut self.body, &slot) {
                settings.insert("clientSecret".into(), Json::string(secret.expose_secret()));
            }
        }
    }

    /// Whether the files already hold a client secret somewhere (they should not).
    pub fn has_secret_in_files(&mut self) -> bool {
        self.secret_slots.clone().iter().any(|slot| {
            at_pointer(&mut self.body, slot)
                .and_then(|s| s.get("clientSecret"))
                .and_then(Json::as_str)
                .is_some_and(|s| !s.is_empty())
        })
    }

    /// Sets a property of the body (an upload's URL, a kept script).
    pub fn set(&mut self, key: &str, value: Json) {
        if let Some(Json::Object(p)) = self.body.get_mut("properties") {
            p.insert(key.to_owned(), value);
        }
    }

    /// The body as `--dry-run` shows it: client secrets as `***`, the swagger summarised.
    pub fn shown(&self) -> Json {
        let mut shown = self.body.clone();
        for slot in &self.secret_slots {
            if let Some(Json::Object(settings)) = at_pointer(&mut shown, slot)
                && settings.contains_key("clientSecret")
            {
                settings.insert("clientSecret".into(), Json::string("***"));
            }
        }
        if let Some(Json::Object(p)) = shown.get_mut("properties")
            && let Some(def) = p.get_mut("openApiDefinition")
        {
            let paths = def
                .get("paths")
                .and_then(Json::as_object)
                .map_or(0, |m| m.len());
            *def = Json::string(format!(
                "<the swagger of apiDefinition.swagger.json: {paths} paths>"
            ));
        }
        shown
    }
}
