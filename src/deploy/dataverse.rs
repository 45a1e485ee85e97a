//! Solution-aware connectors: the Dataverse `connector` table through the Web API, with the
//! `MSCRM.SolutionUniqueName` header so the row is created inside the solution, as
//! `pac connector create --solution-unique-name` does. JSON columns are strings there, secrets
//! are not kept (Dataverse blanks them; they are entered in the maker portal), and the icon
//! cannot be set through the Web API (Microsoft Learn, "Manage solution custom connectors with
//! Dataverse APIs").

use super::auth::{Audience, Session};
use super::folder::Folder;
use super::http::{Http, Method, Request, Response, Retry, form_encode};
use super::ordered::Json;
use super::powerapps::{CallError, Environment};
use super::{Outcome, Reporter};
use base64::Engine;

const API: &str = "api/data/v9.2";

pub struct Dataverse<'a> {
    pub http: &'a Http,
    pub session: &'a mut Session,
    /// The instance URL without its trailing slash.
    pub instance: String,
}

impl Dataverse<'_> {
    pub fn for_environment<'a>(
        http: &'a Http,
        session: &'a mut Session,
        env: &Environment,
    ) -> Result<Dataverse<'a>, CallError> {
        let instance = env.dataverse_url.clone().ok_or_else(|| {
            CallError::Answer(format!(
                "environment {} ({}) has no Dataverse database, and solutions live in Dataverse: pick one marked `dataverse` in `ppcert env list`",
                env.display_name, env.name
            ))
        })?;
        Ok(Dataverse {
            http,
            session,
            instance: instance.trim_end_matches('/').to_owned(),
        })
    }

    fn send(&mut self, request: Request) -> Result<Response, CallError> {
        let token = self
            .session
            .token(self.http, &Audience::Dataverse(self.instance.clone()))?;
        Ok(self.http.send(
            &request
                .bearer(&token)
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0"),
        )?)
    }

    fn get(&mut self, query: &str, what: String) -> Result<serde_json::Value, CallError> {
        let url = format!("{}/{API}/{query}", self.instance);
        let answer = self.send(Request::new(Method::Get, url, what.clone()))?;
        serde_json::from_slice(&answer.body).map_err(|_| {
            CallError::Answer(format!(
                "{what}: Dataverse answered something that is not JSON"
            ))
        })
    }

    /// The customization prefix of unmanaged solution `name`.
    fn solution_prefix(&mut self, name: &str) -> Result<String, CallError> {
        let query = format!(
            "solutions?$filter={}&$select=solutionid,uniquename,ismanaged&$expand=publisherid($select=customizationprefix)",
            form_encode(&format!("uniquename eq '{}'", name.replace('\'', "''")))
        );
        let v = self.get(&query, format!("looking up solution {name}"))?;
        let Some(row) = v
            .get("value")
            .and_then(|v| v.as_array())
            .and_then(|a| a.first())
        else {
            return Err(CallError::Answer(format!(
                "there is no solution with the unique name `{name}` in this environment; create it in the maker portal (Solutions → New solution) or check the name (it is the unique name, not the display name)"
            )));
        };
        if row.get("ismanaged").and_then(|m| m.as_bool()) == Some(true) {
            return Err(CallError::Answer(format!(
                "solution `{name}` is managed, and managed solutions cannot be changed: deploy into the unmanaged solution of your development environment, then export it as managed"
            )));
        }
        Ok(row
            .pointer("/publisherid/customizationprefix")
            .and_then(|p| p.as_str())
            .unwrap_or("new")
            .to_owned())
    }
}

/// The Dataverse name of the connector: the publisher's prefix and the title's letters and
/// digits (`contoso_ContosoInvoices`).
pub fn connector_name(prefix: &str, title: &str) -> String {
    let slug: String = title.chars().filter(char::is_ascii_alphanumeric).collect();
    format!(
        "{prefix}_{}",
        if slug.is_empty() { "connector" } else { &slug }
    )
}

/// The JSON columns are strings.
fn column(value: &Json) -> serde_json::Value {
    serde_json::Value::String(value.compact())
}

/// Removes every `clientSecret` below `value`; true when there was one.
fn strip_secrets(value: &mut Json) -> bool {
    match value {
        Json::Object(map) => {
            let mut found = map.shift_remove("clientSecret").is_some();
            for v in map.values_mut() {
                found |= strip_secrets(v);
            }
            found
        }
        Json::Array(items) => items.iter_mut().fold(false, |f, v| strip_secrets(v) | f),
        _ => false,
    }
}

/// Creates or updates the connector of `folder` inside unmanaged solution `solution`; returns
/// what was done, with the connector's id as the PowerApps service knows it when Dataverse
/// says it (its `connectorinternalid`), else the row's id.
pub fn deploy(
    dv: &mut Dataverse<'_>,
    folder: &Folder,
    solution: &str,
    rep: &dyn Reporter,
) -> Result<Outcome, CallError> {
    rep.step(&format!("looking up solution {solution}"));
    let prefix = dv.solution_prefix(solution)?;
    let title = folder.title().unwrap_or("").to_owned();
    if title.trim().is_empty() {
        return Err(CallError::Answer(
            "the swagger has no info.title: the connector needs a name".into(),
        ));
    }
    let name = connector_name(&prefix, &title);
    let mut row = serde_json::Map::new();
    row.insert("name".into(), name.clone().into());
    row.insert("displayname".into(), title.clone().into());
    row.insert(
        "description".into(),
        folder
            .swagger
            .get("info")
            .and_then(|i| i.str_at("description"))
            .unwrap_or("")
            .into(),
    );
    row.insert("connectortype".into(), 1.into());
    row.insert("openapidefinition".into(), column(&folder.swagger));
    let properties = folder
        .properties
        .get("properties")
        .cloned()
        .unwrap_or(Json::Null);
    let mut had_secret = false;
    for (key, col) in [
        ("connectionParameters", "connectionparameters"),
        ("connectionParameterSets", "connectionparametersets"),
        ("policyTemplateInstances", "policytemplateinstances"),
        ("capabilities", "capabilities"),
        ("scriptOperations", "scriptoperations"),
    ] {
        if let Some(value) = properties.get(key) {
            let mut value = value.clone();
            had_secret |= strip_secrets(&mut value);
            row.insert(col.into(), column(&value));
        }
    }
    if let Some(color) = properties.str_at("iconBrandColor") {
        row.insert("iconbrandcolor".into(), color.into());
    }
    if let Some(script) = &folder.script {
        row.insert(
            "customcodeblobcontent".into(),
            base64::engine::general_purpose::STANDARD
                .encode(&script.bytes)
                .into(),
        );
    }
    if had_secret || properties.compact().contains("oAuthSettings") {
        rep.note("Dataverse does not keep client secrets: enter the OAuth client secret on the connector's Security tab in the maker portal");
    }
    if folder.icon.is_some() {
        rep.note("the icon is not sent: Dataverse's Web API cannot set a connector's icon; upload it on the connector's General tab in the maker portal");
    }
    let query = format!(
        "connectors?$filter={}&$select=connectorid,name,connectorinternalid",
        form_encode(&format!("name eq '{}'", name.replace('\'', "''")))
    );
    let found = dv.get(&query, format!("looking for connector {name}"))?;
    let existing = found
        .get("value")
        .and_then(|v| v.as_array())
        .and_then(|a| a.first())
        .and_then(|r| r.get("connectorid"))
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let body = serde_json::Value::Object(row).to_string().into_bytes();
    let (guid, created) = match existing {
        Some(guid) => {
            rep.step(&format!("updating connector {name} in solution {solution}"));
            dv.send(
                Request::new(
                    Method::Patch,
                    format!("{}/{API}/connectors({guid})", dv.instance),
                    format!("updating connector {name} in solution {solution}"),
                )
                .header("MSCRM.SolutionUniqueName", solution)
                .json(body)
                .retry(Retry::Gateway),
            )?;
            (guid, false)
        }
        None => {
            rep.step(&format!("creating connector {name} in solution {solution}"));
            let answer = dv.send(
                Request::new(
                    Method::Post,
                    format!("{}/{API}/connectors", dv.instance),
                    format!("creating connector {name} in solution {solution}"),
                )
                .header("MSCRM.SolutionUniqueName", solution)
                .json(body),
            )?;
            let guid = answer
                .header("OData-EntityId")
                .and_then(|e| e.rsplit_once('('))
                .map(|(_, g)| g.trim_end_matches(')').to_owned())
                .ok_or_else(|| {
                    CallError::Answer(format!(
                        "Dataverse created connector {name} but did not say its id (OData-EntityId)"
                    ))
                })?;
            (guid, true)
        }
    };
    let row = dv.get(
        &format!("connectors({guid})?$select=connectorid,name,connectorinternalid"),
        format!("reading connector {name}"),
    )?;
    let id = row
        .get("connectorinternalid")
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .map_or(guid, str::to_owned);
    Ok(if created {
        Outcome::Created(id)
    } else {
        Outcome::Updated(id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_secrets() {
        assert_eq!(
            connector_name("contoso", "Contoso Invoices (v2)"),
            "contoso_ContosoInvoicesv2"
        );
        let mut v =
            Json::parse(br#"{"a":{"oAuthSettings":{"clientId":"x","clientSecret":"s"}}}"#).unwrap();
        assert!(strip_secrets(&mut v));
        assert!(!v.compact().contains("clientSecret"));
    }
}
