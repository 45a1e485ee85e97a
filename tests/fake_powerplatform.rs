//! The fake Power Platform (`support/fake_powerplatform.rs`) checked over real HTTP with
//! `ureq`, so the deploy tests can trust it: identity flows, token checks, paging, the
//! create → get → blob round trip, Dataverse, injections.

#[path = "support/fake_powerplatform.rs"]
mod fake_powerplatform;

use base64::Engine;
use fake_powerplatform::{
    DEV_ENV, DeviceOutcome, FakeOptions, FakePowerPlatform, Injection, POWERAPPS_AUDIENCE, SP_OID,
    TEST_ENV, USER_OID, ci_secret, default_env, jwt_claims,
};
use serde_json::{Value, json};

const PA_SCOPE: &str = "https://service.powerapps.com//.default openid profile offline_access";
const API: &str = "api-version=2016-11-01";
const CLIENT: &str = "ppcert-test-client";

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// One request; `token` becomes `Authorization: Bearer`.
fn send(
    method: &str,
    url: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Resp {
    let mut b = ureq::http::Request::builder().method(method).uri(url);
    if let Some(t) = token {
        b = b.header("Authorization", format!("Bearer {t}"));
    }
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let agent = agent();
    let result = match body {
        Some(bytes) => agent.run(b.body(bytes).expect("request")),
        None => agent.run(b.body(()).expect("request")),
    };
    let mut r = result.expect("HTTP exchange");
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    Resp {
        status: r.status().as_u16(),
        headers,
        body: r.body_mut().read_to_vec().expect("body"),
    }
}

fn get(url: &str, token: Option<&str>) -> Resp {
    send("GET", url, token, &[], None)
}

fn send_json(method: &str, url: &str, token: &str, body: &Value) -> Resp {
    send(
        method,
        url,
        Some(token),
        &[("Content-Type", "application/json")],
        Some(body.to_string().into_bytes()),
    )
}

fn form(url: &str, pairs: &[(&str, &str)]) -> Resp {
    let body: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    send(
        "POST",
        url,
        None,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(body.join("&").into_bytes()),
    )
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn filter(env: &str) -> String {
    format!("%24filter=environment%20eq%20%27{env}%27")
}

fn apis_url(fake: &FakePowerPlatform, env: &str) -> String {
    format!(
        "{}/providers/Microsoft.PowerApps/apis?{API}&{}",
        fake.base(),
        filter(env)
    )
}

fn api_url(fake: &FakePowerPlatform, id: &str, env: &str) -> String {
    format!(
        "{}/providers/Microsoft.PowerApps/apis/{id}?{API}&{}",
        fake.base(),
        filter(env)
    )
}

fn token_url(fake: &FakePowerPlatform) -> String {
    format!("{}/organizations/oauth2/v2.0/token", fake.base())
}

/// Device code, then polls until an answer other than pending/slow_down; returns the
/// errors seen and the final answer.
fn device_login(fake: &FakePowerPlatform, scope: &str) -> (Vec<String>, Resp) {
    let dc = form(
        &format!("{}/organizations/oauth2/v2.0/devicecode", fake.base()),
        &[("client_id", CLIENT), ("scope", scope)],
    );
    assert_eq!(dc.status, 200, "{}", dc.text());
    let code = dc.json()["device_code"].as_str().unwrap().to_owned();
    let mut seen = Vec::new();
    for _ in 0..10 {
        let r = form(
            &token_url(fake),
            &[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", CLIENT),
                ("device_code", &code),
            ],
        );
        let err = r.json()["error"].as_str().unwrap_or_default().to_owned();
        if err == "authorization_pending" || err == "slow_down" {
            assert_eq!(r.status, 400);
            seen.push(err);
            continue;
        }
        return (seen, r);
    }
    panic!("the device flow never ended");
}

fn login(fake: &FakePowerPlatform) -> (String, String) {
    let (_, r) = device_login(fake, PA_SCOPE);
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    (
        v["access_token"].as_str().unwrap().to_owned(),
        v["refresh_token"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn device_flow_pending_then_approved() {
    let fake = FakePowerPlatform::start(FakeOptions {
        pending_polls: 2,
        slow_down_first: true,
        interval: 5,
        interval_as_string: true,
        ..FakeOptions::default()
    });
    let dc = form(
        &format!("{}/common/oauth2/v2.0/devicecode", fake.base()),
        &[("client_id", CLIENT), ("scope", PA_SCOPE)],
    );
    let v = dc.json();
    assert_eq!(v["interval"], json!("5"));
    assert_eq!(v["verification_uri"], "https://microsoft.com/devicelogin");
    assert!(v["message"].as_str().unwrap().contains("FAKE-"));

    let (seen, r) = device_login(&fake, PA_SCOPE);
    assert_eq!(
        seen,
        [
            "slow_down",
            "authorization_pending",
            "authorization_pending"
        ]
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["scope"], "https://service.powerapps.com//.default");
    assert_eq!(v["expires_in"], 3599);
    assert!(v["refresh_token"].as_str().unwrap().starts_with("RT-"));
    let at = jwt_claims(v["access_token"].as_str().unwrap());
    assert_eq!(at["aud"], POWERAPPS_AUDIENCE);
    assert_eq!(at["oid"], USER_OID);
    assert_eq!(at["upn"], fake.user_upn());
    let id = jwt_claims(v["id_token"].as_str().unwrap());
    assert_eq!(id["oid"], USER_OID);
    assert_eq!(id["tid"], fake.tenant_id());
    assert_eq!(id["aud"], CLIENT);
    assert_eq!(id["name"], "Ada Author");

    // The token works on both RPs; the Flow RP lists the same environments.
    let token = v["access_token"].as_str().unwrap();
    let pa = get(
        &format!(
            "{}/providers/Microsoft.PowerApps/environments?{API}",
            fake.base()
        ),
        Some(token),
    );
    assert_eq!(pa.status, 200, "{}", pa.text());
    let envs = pa.json()["value"].as_array().unwrap().clone();
    assert_eq!(envs.len(), 3);
    assert_eq!(envs[0]["name"], json!(default_env()));
    assert_eq!(
        envs[1]["properties"]["linkedEnvironmentMetadata"]["instanceApiUrl"],
        json!(fake.dataverse_url(DEV_ENV))
    );
    assert_eq!(
        envs[1]["properties"]["displayName"],
        envs[2]["properties"]["displayName"]
    );
    let flow = get(
        &format!(
            "{}/providers/Microsoft.ProcessSimple/environments?{API}",
            fake.base()
        ),
        Some(token),
    );
    assert_eq!(flow.status, 200);
    assert_eq!(
        flow.json()["value"][0]["type"],
        "Microsoft.ProcessSimple/environments"
    );
    let kinds: Vec<&str> = fake.log().iter().map(|e| e.host_kind).collect();
    assert!(kinds.contains(&"login") && kinds.contains(&"powerapps") && kinds.contains(&"flow"));
    // The log keeps the Authorization header verbatim.
    let last = fake.log().pop().unwrap();
    assert_eq!(
        last.header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );

    // Without openid/offline_access: no id_token, no refresh_token.
    let (_, r) = device_login(&fake, "https://service.powerapps.com//.default");
    assert!(r.json().get("id_token").is_none() && r.json().get("refresh_token").is_none());
}

#[test]
fn device_flow_errors() {
    for (outcome, error) in [
        (DeviceOutcome::Declined, "authorization_declined"),
        (DeviceOutcome::Expired, "expired_token"),
    ] {
        let fake = FakePowerPlatform::start(FakeOptions {
            device_outcome: outcome,
            pending_polls: 0,
            ..FakeOptions::default()
        });
        let (_, r) = device_login(&fake, PA_SCOPE);
        assert_eq!(r.status, 400);
        assert_eq!(r.json()["error"], error);
        assert!(
            r.json()["error_description"]
                .as_str()
                .unwrap()
                .starts_with("AADSTS")
        );
    }
    let fake = FakePowerPlatform::start(FakeOptions::default());
    let r = form(
        &format!("{}/common/oauth2/v2.0/devicecode", fake.base()),
        &[("scope", PA_SCOPE)],
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "invalid_request");
    let r = form(
        &token_url(&fake),
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", CLIENT),
            ("device_code", "DC-999"),
        ],
    );
    assert_eq!(r.json()["error"], "bad_verification_code");
}

#[test]
fn refresh_rotates_and_revoke_and_expiry() {
    let fake = FakePowerPlatform::start(FakeOptions::default());
    let (at1, rt1) = login(&fake);
    let refresh = |rt: &str, scope: &str| {
        form(
            &token_url(&fake),
            &[
                ("grant_type", "refresh_token"),
                ("client_id", CLIENT),
                ("refresh_token", rt),
                ("scope", scope),
            ],
        )
    };
    let r = refresh(&rt1, PA_SCOPE);
    assert_eq!(r.status, 200, "{}", r.text());
    let at2 = r.json()["access_token"].as_str().unwrap().to_owned();
    let rt2 = r.json()["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(at1, at2);
    assert_ne!(rt1, rt2);
    assert!(r.json()["id_token"].is_string());
    // The old refresh token stays valid; a Dataverse scope gives a Dataverse audience.
    let dv_scope = format!("{}/.default offline_access", fake.dataverse_url(DEV_ENV));
    let r = refresh(&rt1, &dv_scope);
    assert_eq!(r.status, 200);
    assert!(r.json().get("id_token").is_none());
    let dv_token = r.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        jwt_claims(&dv_token)["aud"],
        json!(fake.dataverse_url(DEV_ENV))
    );

    let envs = format!(
        "{}/providers/Microsoft.PowerApps/environments?{API}",
        fake.base()
    );
    assert_eq!(get(&envs, Some(&at1)).status, 200);
    fake.expire_access_tokens();
    let r = get(&envs, Some(&at2));
    assert_eq!(r.status, 401);
    assert_eq!(r.code(), "InvalidAuthenticationToken");
    assert!(r.text().contains("The access token has expired"));
    let r = get(&envs, None);
    assert_eq!(r.status, 401);
    assert_eq!(r.code(), "MissingAuthorizationHeaderAndClientCertificate");
    let r = get(&envs, Some("not-a-token"));
    assert_eq!(r.code(), "InvalidAuthenticationToken");
    // A new token after expiry works.
    let r = refresh(&rt2, PA_SCOPE);
    let at3 = r.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(get(&envs, Some(&at3)).status, 200);

    fake.revoke_refresh_tokens();
    for rt in [&rt1, &rt2] {
        let r = refresh(rt, PA_SCOPE);
        assert_eq!(r.status, 400);
        assert_eq!(r.json()["error"], "invalid_grant");
        assert!(
            r.json()["error_description"]
                .as_str()
                .unwrap()
                .starts_with("AADSTS70008:")
        );
    }

    // A zero lifetime gives tokens that are expired at once.
    let fake = FakePowerPlatform::start(FakeOptions {
        access_token_lifetime: 0,
        pending_polls: 0,
        ..FakeOptions::default()
    });
    let (at, _) = login(&fake);
    let envs = format!(
        "{}/providers/Microsoft.PowerApps/environments?{API}",
        fake.base()
    );
    assert_eq!(get(&envs, Some(&at)).status, 401);
}

#[test]
fn client_credentials() {
    let fake = FakePowerPlatform::start(FakeOptions::default());
    let cc = |secret: &str| {
        form(
            &token_url(&fake),
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "ci-app-id"),
                ("client_secret", secret),
                ("scope", "https://service.powerapps.com//.default"),
            ],
        )
    };
    let r = cc(&ci_secret());
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert!(v.get("refresh_token").is_none() && v.get("id_token").is_none());
    let token = v["access_token"].as_str().unwrap().to_owned();
    let claims = jwt_claims(&token);
    assert_eq!(claims["oid"], SP_OID);
    assert_eq!(claims["appid"], "ci-app-id");
    assert!(claims.get("upn").is_none());

    let r = cc("wrong");
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"], "invalid_client");
    assert!(
        r.json()["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS7000215:")
    );

    // The SP may list environments but not act for the user's object id.
    let envs = format!(
        "{}/providers/Microsoft.ProcessSimple/environments?{API}",
        fake.base()
    );
    assert_eq!(get(&envs, Some(&token)).status, 200);
    let storage = |oid: &str| {
        send_json(
            "POST",
            &format!(
                "{}/providers/Microsoft.PowerApps/objectIds/{oid}/generateResourceStorage?{API}",
                fake.base()
            ),
            &token,
            &json!({"environment": {"name": DEV_ENV}}),
        )
    };
    let r = storage(USER_OID);
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "Forbidden");
    assert_eq!(storage(SP_OID).status, 200);
}

#[test]
fn audience_and_api_version_checks() {
    let fake = FakePowerPlatform::start(FakeOptions {
        powerapps_env_list_fails: Some(503),
        ..FakeOptions::default()
    });
    let pa = fake.mint_access_token(POWERAPPS_AUDIENCE);
    let dv = fake.mint_access_token(&format!("{}/", fake.dataverse_url(DEV_ENV)));
    let envs = format!(
        "{}/providers/Microsoft.ProcessSimple/environments?{API}",
        fake.base()
    );
    let r = get(&envs, Some(&dv));
    assert_eq!(r.status, 401);
    assert_eq!(r.code(), "InvalidAuthenticationToken");
    assert!(r.text().contains("wrong audience"));
    assert_eq!(get(&envs, Some(&pa)).status, 200);
    let r = get(
        &format!(
            "{}/providers/Microsoft.ProcessSimple/environments",
            fake.base()
        ),
        Some(&pa),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.code(), "MissingApiVersionParameter");
    // The PowerApps RP's list fails as configured.
    let r = get(
        &format!(
            "{}/providers/Microsoft.PowerApps/environments?{API}",
            fake.base()
        ),
        Some(&pa),
    );
    assert_eq!(r.status, 503);
    assert!(!r.code().is_empty());

    let solutions = format!(
        "{}/api/data/v9.2/solutions?%24filter=uniquename%20eq%20%27ContosoConnectors%27",
        fake.dataverse_url(DEV_ENV)
    );
    assert_eq!(get(&solutions, Some(&pa)).status, 401);
    let r = get(&solutions, Some(&dv));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json()["value"][0]["publisherid"]["customizationprefix"],
        "contoso"
    );
    // Environments without Dataverse have no Web API.
    let r = get(
        &format!(
            "{}/dataverse/{TEST_ENV}/api/data/v9.2/solutions",
            fake.base()
        ),
        Some(&dv),
    );
    assert_eq!(r.status, 404);
    let r = get(&format!("{}/nothing/here", fake.base()), Some(&pa));
    assert_eq!(r.status, 404);
    assert_eq!(r.code(), "NotFound");
}

#[test]
fn connector_list_pages_and_filters() {
    let fake = FakePowerPlatform::start(FakeOptions::default());
    let token = fake.mint_access_token(POWERAPPS_AUDIENCE);
    let mut ids = vec!["shared_office365".to_owned()];
    for name in ["Alpha", "Beta", "Gamma Ray"] {
        ids.push(fake.add_connector(DEV_ENV, name, true, "Ada Author"));
    }
    fake.add_connector(TEST_ENV, "Elsewhere", true, "Someone");
    assert!(ids[3].starts_with("shared_gamma-ray-5f"));

    let mut seen = Vec::new();
    let mut url = apis_url(&fake, DEV_ENV);
    let mut pages = 0;
    loop {
        let r = get(&url, Some(&token));
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        let page = v["value"].as_array().unwrap();
        assert!(page.len() <= 2);
        for item in page {
            seen.push(item["name"].as_str().unwrap().to_owned());
        }
        pages += 1;
        match v["nextLink"].as_str() {
            Some(next) => url = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(pages, 2);
    assert_eq!(seen, ids);

    // `$filter` unencoded works too, and an unknown environment is refused.
    let raw = format!(
        "{}/providers/Microsoft.PowerApps/apis?{API}&$filter=environment%20eq%20'{TEST_ENV}'",
        fake.base()
    );
    let r = get(&raw, Some(&token));
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["value"].as_array().unwrap().len(), 2);
    assert_eq!(v["value"][1]["properties"]["isCustomApi"], true);
    assert_eq!(
        v["value"][1]["properties"]["createdBy"]["displayName"],
        "Someone"
    );
    let r = get(&apis_url(&fake, "env-nope"), Some(&token));
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "EnvironmentAccessDenied");
    // A connector of another environment is not found.
    let r = get(&api_url(&fake, &ids[1], TEST_ENV), Some(&token));
    assert_eq!(r.status, 404);
    assert_eq!(r.code(), "ApiNotFound");
}

fn swagger() -> Value {
    json!({
        "swagger": "2.0",
        "info": {"title": "Contoso Weather", "description": "Weather.", "version": "1.0"},
        "host": "api.contoso.example", "basePath": "/v1", "schemes": ["https"],
        "paths": {},
    })
}

fn properties(env: &str) -> Value {
    json!({"properties": {
        "connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {
            "identityProvider": "oauth2", "clientId": "abc", "clientSecret": "s3cr3t-value"}}},
        "iconBrandColor": "#123456",
        "capabilities": [],
        "openApiDefinition": swagger(),
        "backendService": {"serviceUrl": "https://api.contoso.example/v1"},
        "environment": {"name": env},
        "displayName": "Contoso Weather",
        "description": "Weather.",
    }})
}

/// `generateResourceStorage` then a PUT; returns the blob URL.
fn upload(fake: &FakePowerPlatform, token: &str, name: &str, bytes: &[u8]) -> String {
    let r = send_json(
        "POST",
        &format!(
            "{}/providers/Microsoft.PowerApps/objectIds/{USER_OID}/generateResourceStorage?{API}",
            fake.base()
        ),
        token,
        &json!({"environment": {"name": DEV_ENV}}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let sas = r.json()["sharedAccessSignature"]
        .as_str()
        .unwrap()
        .to_owned();
    let (container, query) = sas.split_once('?').unwrap();
    let url = format!("{container}/{name}?{query}");
    let r = send(
        "PUT",
        &url,
        None,
        &[("x-ms-blob-type", "BlockBlob")],
        Some(bytes.to_vec()),
    );
    assert_eq!(r.status, 201);
    assert!(r.header("etag").is_some() && r.header("last-modified").is_some());
    url
}

#[test]
fn create_get_download_update_round_trip() {
    let fake = FakePowerPlatform::start(FakeOptions::default());
    let token = fake.mint_access_token(POWERAPPS_AUDIENCE);
    let icon = b"\x89PNG fake icon".to_vec();
    let script = b"public class Script : ScriptBase {}".to_vec();
    let icon_url = upload(&fake, &token, "icon.png", &icon);
    let script_url = upload(&fake, &token, "script.csx", &script);

    // Blob errors: no blob type, wrong signature; reads are anonymous.
    let r = send("PUT", &icon_url, None, &[], Some(b"x".to_vec()));
    assert_eq!(r.status, 400);
    assert!(r.text().contains("<Code>MissingRequiredHeader</Code>"));
    let forged = icon_url.replace("sig=SIG", "sig=XSIG");
    let r = send(
        "PUT",
        &forged,
        None,
        &[("x-ms-blob-type", "BlockBlob")],
        Some(b"x".to_vec()),
    );
    assert_eq!(r.status, 403);
    assert!(r.text().contains("AuthenticationFailed"));
    assert_eq!(get(&icon_url, None).body, icon);

    let mut body = properties(DEV_ENV);
    body["properties"]["iconUri"] = json!(icon_url);
    body["properties"]["scriptDefinitionUrl"] = json!(script_url);
    let r = send_json("POST", &apis_url(&fake, DEV_ENV), &token, &body);
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(!r.text().contains("s3cr3t-value"));
    let id = r.json()["name"].as_str().unwrap().to_owned();
    assert!(id.starts_with("shared_contoso-weather-5f"), "{id}");
    let stored = fake.connector(&id).unwrap();
    assert_eq!(stored.client_secret.as_deref(), Some("s3cr3t-value"));
    assert_eq!(stored.icon.as_deref(), Some(icon.as_slice()));
    assert_eq!(stored.script.as_deref(), Some(script.as_slice()));
    assert_eq!(stored.created_via, "rp");
    assert!(stored.properties.get("openApiDefinition").is_none());

    let r = get(&api_url(&fake, &id, DEV_ENV), Some(&token));
    assert_eq!(r.status, 200);
    assert!(!r.text().contains("s3cr3t-value"));
    let p = r.json()["properties"].clone();
    assert_eq!(p["iconBrandColor"], "#123456");
    assert_eq!(p["isCustomApi"], true);
    assert_eq!(p["swagger"]["host"], "fake-apim.azure-apihub.net");
    assert_eq!(
        p["connectionParameters"]["token"]["oAuthSettings"]["clientId"],
        "abc"
    );
    let original = get(
        p["apiDefinitions"]["originalSwaggerUrl"].as_str().unwrap(),
        None,
    );
    assert_eq!(original.status, 200);
    assert!(original.body.starts_with("\u{feff}".as_bytes()));
    let parsed: Value = serde_json::from_slice(&original.body[3..]).unwrap();
    assert_eq!(parsed, swagger());
    assert_eq!(get(p["iconUri"].as_str().unwrap(), None).body, icon);
    let script_dl = p["scriptDefinitionUrl"].as_str().unwrap().to_owned();
    assert_eq!(get(&script_dl, None).body, script);
    let r = get(&script_dl.replace("sig=SIG", "sig=BAD"), None);
    assert_eq!(r.status, 403);

    // Update: no secret (kept), empty script URL (removed), no iconUri (kept), no rename.
    let mut body = properties(DEV_ENV);
    body["properties"]["displayName"] = json!("Renamed");
    body["properties"]["scriptDefinitionUrl"] = json!("");
    body["properties"]["connectionParameters"]["token"]["oAuthSettings"]
        .as_object_mut()
        .unwrap()
        .remove("clientSecret");
    let r = send_json("PATCH", &api_url(&fake, &id, DEV_ENV), &token, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let stored = fake.connector(&id).unwrap();
    assert_eq!(stored.updates, 1);
    assert_eq!(stored.client_secret.as_deref(), Some("s3cr3t-value"));
    assert!(stored.script.is_none());
    assert!(stored.icon.is_some());
    assert_eq!(r.json()["properties"]["displayName"], "Contoso Weather");
    assert!(r.json()["properties"].get("scriptDefinitionUrl").is_none());

    // Bad bodies never break the fake.
    for bad in [
        json!({"properties": {"environment": {"name": DEV_ENV}}}),
        json!("text"),
        json!({"properties": {"openApiDefinition": swagger(), "environment": {"name": TEST_ENV}, "displayName": "X"}}),
        json!({"properties": {"openApiDefinition": swagger(), "environment": {"name": DEV_ENV}, "displayName": "X", "iconUri": "https://elsewhere.example/icon.png"}}),
    ] {
        let r = send_json("POST", &apis_url(&fake, DEV_ENV), &token, &bad);
        assert_eq!(r.status, 400, "{bad}");
        assert_eq!(r.code(), "InvalidRequestContent");
    }
    let r = send(
        "POST",
        &apis_url(&fake, DEV_ENV),
        Some(&token),
        &[],
        Some(b"{not json".to_vec()),
    );
    assert_eq!(r.code(), "InvalidRequestContent");
    assert_eq!(fake.connectors_in(DEV_ENV).len(), 2);
}

#[test]
fn stack_owner_is_rejected_unless_told_otherwise() {
    let fake = FakePowerPlatform::start(FakeOptions::default());
    let token = fake.mint_access_token(POWERAPPS_AUDIENCE);
    let mut body = properties(DEV_ENV);
    body["properties"]["stackOwner"] = json!("Contoso");
    let r = send_json("POST", &apis_url(&fake, DEV_ENV), &token, &body);
    assert_eq!(r.status, 400);
    assert_eq!(r.code(), "InvalidRequestContent");
    assert_eq!(
        r.json()["error"]["message"],
        "Could not find member 'stackOwner' on object of type 'ApiPropertiesDefinition'. Path 'properties.stackOwner', line 1, position 20."
    );

    let fake = FakePowerPlatform::start(FakeOptions {
        reject_stack_owner: false,
        ..FakeOptions::default()
    });
    let token = fake.mint_access_token(POWERAPPS_AUDIENCE);
    let r = send_json("POST", &apis_url(&fake, DEV_ENV), &token, &body);
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.json()["properties"]["stackOwner"], "Contoso");
}

#[test]
fn validate_swagger() {
    let fake = FakePowerPlatform::start(FakeOptions {
        validator_errors: vec!["Bad summary".into(), "No description".into()],
        validator_warnings: vec!["w1".into(), "w2".into()],
        ..FakeOptions::default()
    });
    let token = fake.mint_access_token(POWERAPPS_AUDIENCE);
    let url = |cert: bool| {
        format!(
            "{}/providers/Microsoft.PowerApps/objectIds/{USER_OID}/validateApiSwagger?{API}{}",
            fake.base(),
            if cert {
                "&enableConnectorCertificationRules=true"
            } else {
                ""
            }
        )
    };
    let r = send_json("POST", &url(true), &token, &swagger());
    assert_eq!(r.status, 400);
    assert_eq!(r.code(), "SwaggerCertificationFailedWithErrors");
    assert_eq!(
        r.json()["error"]["message"],
        "Swagger certification failed with errors:\r\n- Bad summary\r\n- No description"
    );
    let r = send_json("POST", &url(false), &token, &swagger());
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!("Swagger certification succeeded with warnings:\r\n- w1\r\n- w2")
    );
    let r = send_json("POST", &url(true), &token, &json!([1]));
    assert_eq!(r.code(), "InvalidSwagger");
}

#[test]
fn dataverse_create_in_a_solution_is_visible_to_the_rp() {
    let fake = FakePowerPlatform::start(FakeOptions::default());
    let dv = fake.mint_access_token(&fake.dataverse_url(DEV_ENV));
    let pa = fake.mint_access_token(POWERAPPS_AUDIENCE);
    let connectors = format!("{}/api/data/v9.2/connectors", fake.dataverse_url(DEV_ENV));
    let script = b"public class Script : ScriptBase {}";
    let row = |name: &str| {
        json!({
            "name": name,
            "displayname": "Contoso Weather",
            "description": "Weather.",
            "connectortype": 1,
            "openapidefinition": swagger().to_string(),
            "connectionparameters": json!({"token": {"type": "oauthSetting", "oAuthSettings": {"clientId": "abc", "clientSecret": "s3cr3t-value"}}}).to_string(),
            "iconbrandcolor": "#123456",
            "customcodeblobcontent": base64::engine::general_purpose::STANDARD.encode(script),
        })
    };
    let post = |solution: Option<&str>, body: &Value| {
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(x) = solution {
            headers.push(("MSCRM.SolutionUniqueName", x));
        }
        send(
            "POST",
            &connectors,
            Some(&dv),
            &headers,
            Some(body.to_string().into_bytes()),
        )
    };
    let r = post(Some("ContosoConnectors"), &row("contoso_weather"));
    assert_eq!(r.status, 204, "{}", r.text());
    let entity = r.header("odata-entityid").unwrap().to_owned();
    assert!(entity.starts_with(&format!("{connectors}(")));
    let guid = entity[connectors.len() + 1..entity.len() - 1].to_owned();

    let r = get(&format!("{connectors}({guid})"), Some(&dv));
    assert_eq!(r.status, 200, "{}", r.text());
    let internal = r.json()["connectorinternalid"].as_str().unwrap().to_owned();
    assert!(internal.starts_with("contoso-5fweather-5f"), "{internal}");
    let r = get(
        &format!("{connectors}?%24filter=name%20eq%20%27contoso_weather%27"),
        Some(&dv),
    );
    assert_eq!(r.json()["value"].as_array().unwrap().len(), 1);

    let stored = fake.connector(&internal).unwrap();
    assert_eq!(stored.created_via, "dataverse");
    assert_eq!(stored.solution.as_deref(), Some("ContosoConnectors"));
    assert_eq!(stored.client_secret, None);
    assert!(stored.secret_blanked);
    assert_eq!(stored.script.as_deref(), Some(script.as_slice()));

    // The RP sees it and serves its files.
    let r = get(&api_url(&fake, &internal, DEV_ENV), Some(&pa));
    assert_eq!(r.status, 200, "{}", r.text());
    let p = r.json()["properties"].clone();
    assert_eq!(p["displayName"], "Contoso Weather");
    assert_eq!(
        get(p["scriptDefinitionUrl"].as_str().unwrap(), None).body,
        script
    );
    assert!(
        get(
            p["apiDefinitions"]["originalSwaggerUrl"].as_str().unwrap(),
            None
        )
        .body
        .starts_with("\u{feff}".as_bytes())
    );

    // PATCH updates the RP view.
    let r = send(
        "PATCH",
        &format!("{connectors}({guid})"),
        Some(&dv),
        &[("Content-Type", "application/json")],
        Some(
            json!({"displayname": "Contoso Weather 2"})
                .to_string()
                .into_bytes(),
        ),
    );
    assert_eq!(r.status, 204, "{}", r.text());
    let r = get(&api_url(&fake, &internal, DEV_ENV), Some(&pa));
    assert_eq!(r.json()["properties"]["displayName"], "Contoso Weather 2");
    assert_eq!(fake.connector(&internal).unwrap().updates, 1);

    // Errors: managed solution, unknown solution, wrong prefix, missing row.
    let r = post(Some("ManagedThing"), &row("mng_weather"));
    assert_eq!((r.status, r.code().as_str()), (400, "0x80048043"));
    let r = post(Some("Nope"), &row("contoso_other"));
    assert_eq!((r.status, r.code().as_str()), (404, "0x8004f01b"));
    let r = post(Some("ContosoConnectors"), &row("fabrikam_weather"));
    assert_eq!(r.status, 400);
    let r = get(
        &format!("{connectors}(00000000-0000-0000-0000-000000000000)"),
        Some(&dv),
    );
    assert_eq!((r.status, r.code().as_str()), (404, "0x80040217"));
    // Outside any solution.
    let r = post(None, &row("new_weather"));
    assert_eq!(r.status, 204, "{}", r.text());
    let outside: Vec<_> = fake
        .connectors_in(DEV_ENV)
        .into_iter()
        .filter(|c| c.created_via == "dataverse" && c.solution.is_none())
        .collect();
    assert_eq!(outside.len(), 1);
}

#[test]
fn injection_with_retry_after() {
    let fake = FakePowerPlatform::start(FakeOptions::default());
    let token = fake.mint_access_token(POWERAPPS_AUDIENCE);
    fake.inject(Injection {
        retry_after: Some("7".into()),
        times: 2,
        ..Injection::new(
            "GET",
            "/Microsoft.ProcessSimple/environments",
            429,
            r#"{"error":{"code":"TooManyRequests","message":"Slow down."}}"#,
        )
    });
    let url = format!(
        "{}/providers/Microsoft.ProcessSimple/environments?{API}",
        fake.base()
    );
    for _ in 0..2 {
        let r = get(&url, Some(&token));
        assert_eq!(r.status, 429);
        assert_eq!(r.header("retry-after"), Some("7"));
        assert_eq!(r.code(), "TooManyRequests");
    }
    assert_eq!(get(&url, Some(&token)).status, 200);
    let statuses: Vec<u16> = fake.log().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [429, 429, 200]);
    fake.clear_log();
    assert!(fake.log().is_empty());

    // An HTML 503 with its own content type, answered even without a token.
    fake.inject(Injection {
        content_type: Some("text/html".into()),
        ..Injection::new("GET", "/apis", 503, "<html>busy</html>")
    });
    let r = get(&apis_url(&fake, DEV_ENV), None);
    assert_eq!(r.status, 503);
    assert_eq!(r.header("content-type"), Some("text/html"));
    assert_eq!(fake.log()[0].host_kind, "powerapps");
}
