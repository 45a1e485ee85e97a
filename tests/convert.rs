//! `ppcert convert`: each mapping on OpenAPI 3 documents written for the tests
//! (tests/fixtures/convert/), the findings and their locations, `--lint`, bad input, exit codes.

use std::path::Path;
use std::process::{Command, Output};

const FIXTURES: &str = "tests/fixtures/convert";

fn ppcert(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS")
        .env("COLUMNS", "100")
        .output()
        .expect("ppcert runs")
}

fn no_panic(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "ppcert panicked:\n{err}");
}

/// Converts a fixture into a fresh folder; returns the output, the folder and its files.
fn convert(
    fixture: &str,
    extra: &[&str],
) -> (
    Output,
    tempfile::TempDir,
    serde_json::Value,
    serde_json::Value,
    String,
) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("Connector");
    let input = format!("{FIXTURES}/{fixture}");
    let mut args = vec![
        "convert",
        "--color",
        "never",
        "--format",
        "concise",
        "-q",
        input.as_str(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = ppcert(&args);
    no_panic(&o);
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_default();
    let swagger = serde_json::from_str(&read("apiDefinition.swagger.json")).unwrap_or_default();
    let props = serde_json::from_str(&read("apiProperties.json")).unwrap_or_default();
    let readme = read("readme.md");
    (o, dir, swagger, props, readme)
}

/// The findings, with the temporary folder's path replaced.
fn findings(o: &Output, dir: &Path) -> String {
    String::from_utf8_lossy(&o.stdout).replace(&dir.join("Connector").display().to_string(), "OUT")
}

#[test]
fn petstore_every_mapping() {
    let (o, dir, sw, props, readme) = convert("petstore.yaml", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", findings(&o, dir.path()));
    insta::assert_snapshot!("petstore_findings", findings(&o, dir.path()));
    insta::assert_json_snapshot!("petstore_swagger", sw);
    insta::assert_json_snapshot!("petstore_props", props);
    insta::assert_snapshot!("petstore_readme", readme);

    // servers → host/basePath/schemes; the variable's default, a connection parameter and a policy
    assert_eq!(sw["swagger"], "2.0");
    assert_eq!(sw["host"], "eu.pets.contoso.example.com");
    assert_eq!(sw["basePath"], "/v1");
    assert_eq!(sw["schemes"], serde_json::json!(["https", "http"]));
    let p = &props["properties"];
    assert_eq!(
        p["connectionParameters"]["region"]["uiDefinition"]["constraints"]["allowedValues"][1]["value"],
        "us"
    );
    assert_eq!(
        p["policyTemplateInstances"][0]["templateId"],
        "dynamichosturl"
    );
    assert_eq!(
        p["policyTemplateInstances"][0]["parameters"]["x-ms-apimTemplateParameter.urlTemplate"],
        "https://@connectionParameters('region').pets.contoso.example.com/v1"
    );
    // securitySchemes → securityDefinitions and the connection parameter
    assert_eq!(sw["securityDefinitions"]["apiKeyAuth"]["in"], "header");
    assert_eq!(
        sw["securityDefinitions"]["bearerAuth"]["name"],
        "Authorization"
    );
    assert!(sw["securityDefinitions"].get("oidc").is_none());
    assert_eq!(p["connectionParameters"]["api_key"]["type"], "securestring");
    assert_eq!(p["iconBrandColor"], "#007ee5");
    // requestBody → one body parameter named by x-codegen-request-body-name
    let post = &sw["paths"]["/pets"]["post"];
    assert_eq!(post["parameters"][0]["in"], "body");
    assert_eq!(post["parameters"][0]["name"], "pet");
    assert_eq!(
        post["parameters"][0]["schema"]["$ref"],
        "#/definitions/NewPet"
    );
    assert!(post.get("x-codegen-request-body-name").is_none());
    // multipart → formData with a file; urlencoded → formData
    let upload = &sw["paths"]["/pets/{petId}/photo"]["put"];
    assert_eq!(
        upload["consumes"],
        serde_json::json!(["multipart/form-data"])
    );
    assert_eq!(upload["parameters"][1]["type"], "file");
    assert_eq!(upload["parameters"][2]["x-ms-visibility"], "advanced");
    assert_eq!(
        sw["paths"]["/login"]["post"]["parameters"][0]["in"],
        "formData"
    );
    // responses: schema, produces, examples, ranges; default without schema
    let list = &sw["paths"]["/pets"]["get"];
    assert_eq!(
        list["responses"]["200"]["schema"]["items"]["$ref"],
        "#/definitions/Pet"
    );
    assert!(list["responses"]["default"].get("schema").is_none());
    assert!(post["responses"]["400"].is_object());
    assert_eq!(
        sw["paths"]["/login"]["post"]["produces"],
        serde_json::json!(["text/plain"])
    );
    // components → definitions / parameters / responses, $ref rewritten
    assert_eq!(list["parameters"][0]["$ref"], "#/parameters/PageSize");
    assert_eq!(post["responses"]["201"]["$ref"], "#/responses/PetCreated");
    let pet = &sw["definitions"]["Pet"]["properties"];
    assert_eq!(pet["tag"]["x-nullable"], true);
    assert_eq!(pet["owner"]["x-ms-visibility"], "advanced");
    assert_eq!(pet["kind"]["type"], "object");
    // operationIds generated; summaries fitted
    assert_eq!(
        sw["paths"]["/pets/{petId}"]["get"]["operationId"],
        "GetPetsByPetId"
    );
    assert_eq!(list["summary"], "List pets search by tag");
    assert_eq!(sw["info"]["title"], "Contoso Pets");
    assert_eq!(
        sw["paths"]["/pets/{petId}"]["delete"]["summary"],
        "Delete a pet (deprecated)"
    );
    // the rest carried over
    assert_eq!(sw["x-ms-connector-metadata"][0]["propertyName"], "Website");
    assert!(readme.contains("## Supported Operations\n### List pets search by tag"));
}

#[test]
fn openapi31_is_read_as_30() {
    let (o, dir, sw, _, _) = convert("openapi31.yaml", &[]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!("openapi31_findings", findings(&o, dir.path()));
    let days = &sw["paths"]["/forecast"]["get"]["parameters"][0];
    assert_eq!(days["type"], "integer");
    assert_eq!(days["minimum"], 0);
    assert_eq!(days["exclusiveMinimum"], true);
    let props = &sw["paths"]["/forecast"]["get"]["responses"]["200"]["schema"]["properties"];
    assert_eq!(props["unit"]["enum"], serde_json::json!(["celsius"]));
    assert_eq!(props["temps"]["example"], serde_json::json!([1.5, 2]));
}

#[test]
fn oauth_json_input_is_located_in_the_json() {
    let (o, dir, sw, props, _) = convert("oauth.json", &["--profile", "independent-publisher"]);
    assert_eq!(o.status.code(), Some(0));
    let text = findings(&o, dir.path());
    insta::assert_snapshot!("oauth_findings", text);
    assert!(
        text.contains("oauth.json:26:11: warning[convert-security-approximated]"),
        "{text}"
    );
    let def = &sw["securityDefinitions"]["oauth"];
    assert_eq!(def["flow"], "accessCode");
    assert_eq!(def["tokenUrl"], "https://login.northwind.example.com/token");
    assert_eq!(
        sw["paths"]["/orders"]["get"]["security"][0]["oauth"][0],
        "orders.read"
    );
    assert_eq!(sw["basePath"], "/api");
    let token = &props["properties"]["connectionParameters"]["token"];
    assert_eq!(token["type"], "oauthSetting");
    assert_eq!(token["oAuthSettings"]["clientId"], "[[DUMMY]]");
    assert_eq!(token["oAuthSettings"]["redirectMode"], "GlobalPerConnector");
    assert_eq!(props["properties"]["iconBrandColor"], "#da3b01");
}

#[test]
fn invalid_parts_are_reported_and_left_out() {
    let (o, dir, sw, _, _) = convert("invalid-parts.json", &[]);
    assert_eq!(o.status.code(), Some(1), "errors in the input exit 1");
    let text = findings(&o, dir.path());
    insta::assert_snapshot!("invalid_parts_findings", text);
    assert!(sw["paths"]["/ok"]["get"].is_object());
    assert!(sw["paths"]["/bad"].get("get").is_none());
    assert!(sw["definitions"].get("Wrong").is_none());
}

#[test]
fn lint_json_is_one_document_matching_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("Connector");
    let o = ppcert(&[
        "convert",
        "--format",
        "json",
        "--lint",
        "--profile",
        "certified",
        &format!("{FIXTURES}/petstore.yaml"),
        "--out",
        out.to_str().unwrap(),
    ]);
    no_panic(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the certified lint finds what the author must still supply"
    );
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/ppcert-report.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&report));
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(rules.contains(&"convert-oneof-approximated"));
    assert!(rules.contains(&"props-publisher"), "{rules:?}");
    // What the converter can fix is not left for lint.
    for fixed in [
        "title-restricted-words",
        "operation-summary-restricted-chars",
        "operationid-required",
        "default-response-no-schema",
        "param-summary-required",
        "path-param-url-encoding",
        "operation-deprecation",
    ] {
        assert!(
            !rules.contains(&fixed),
            "{fixed} should have been fixed: {rules:?}"
        );
    }
}

#[test]
fn unusable_input_exits_2_with_a_located_finding() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let deep = "[".repeat(100_000);
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "bad.yaml",
            b"openapi: 3.0.0\ninfo: [unclosed\n",
            "convert-input-syntax",
        ),
        ("bad.json", b"{\"openapi\": ", "convert-input-syntax"),
        (
            "swagger.json",
            b"{\"swagger\": \"2.0\", \"info\": {}}",
            "convert-not-openapi3",
        ),
        ("list.yaml", b"- a\n- b\n", "convert-not-openapi3"),
        ("empty.yaml", b"", "convert-input-syntax"),
        (
            "binary.json",
            b"\xff\xfe\x00bin",
            "convert-input-unreadable",
        ),
        ("deep.json", deep.as_bytes(), "convert-input-syntax"),
        ("deep.yaml", deep.as_bytes(), "convert-input-syntax"),
    ];
    for (name, bytes, rule) in cases {
        let input = dir.path().join(name);
        std::fs::write(&input, bytes).unwrap();
        let o = ppcert(&[
            "convert",
            "--format",
            "json",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let report: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|_| panic!("{name}: {}", String::from_utf8_lossy(&o.stdout)));
        assert_eq!(report["diagnostics"][0]["rule"], *rule, "{name}: {report}");
        assert!(!out.exists(), "{name}: nothing is written");
    }
    let o = ppcert(&[
        "convert",
        "--format",
        "concise",
        "missing.yaml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("missing.yaml:1:1: error[convert-input-unreadable]")
    );
}

#[test]
fn existing_files_are_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("readme.md"), "mine").unwrap();
    let input = format!("{FIXTURES}/oauth.json");
    let o = ppcert(&["convert", "-q", &input, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(out.join("readme.md")).unwrap(),
        "mine"
    );
    let o = ppcert(&[
        "convert",
        "-q",
        "--force",
        &input,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_ne!(
        std::fs::read_to_string(out.join("readme.md")).unwrap(),
        "mine"
    );
}

#[test]
fn every_finding_id_is_documented() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/convert.md"))
            .unwrap();
    let help = ppcert(&["convert", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    for c in ppcert::convert::ids::ALL {
        assert!(
            docs.contains(&format!("`{}`", c.id)),
            "docs/convert.md does not list {}",
            c.id
        );
        assert!(help.contains(c.id), "--help does not list {}", c.id);
    }
}

#[test]
fn schemas_reaching_themselves_through_oneof_terminate() {
    let (o, dir, sw, _, _) = convert("recursive.yaml", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", findings(&o, dir.path()));
    assert_eq!(
        sw["definitions"]["Node"]["properties"]["child"]["type"],
        "object"
    );
    assert!(findings(&o, dir.path()).contains("convert-oneof-approximated"));
}

/// Names in `components` maps that start with `x-` are names, not extensions: a security scheme
/// called `x-api_key` and a parameter called `x-csrf-token` are carried over (two corpus
/// connectors lost theirs on the round trip before).
#[test]
fn component_names_starting_with_x_are_kept() {
    let (o, _dir, swagger, _props, _readme) = convert("x-names.json", &[]);
    no_panic(&o);
    assert_eq!(
        swagger["securityDefinitions"]["x-api_key"]["type"], "apiKey",
        "{swagger:#}"
    );
    assert_eq!(
        swagger["parameters"]["x-csrf-token"]["in"], "header",
        "{swagger:#}"
    );
    assert_eq!(
        swagger["paths"]["/scans"]["get"]["parameters"][0]["$ref"],
        "#/parameters/x-csrf-token"
    );
}

/// A document without `servers` whose server is declared on a path item: that server gives the
/// host, and the finding says where it came from; the same server declared again is not a loss,
/// another one is.
#[test]
fn a_server_declared_only_on_a_path_item_is_kept() {
    let (o, dir, sw, _, _) = convert("path-servers.yaml", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", findings(&o, dir.path()));
    assert_eq!(sw["host"], "stock.northwind.example.com");
    assert_eq!(sw["basePath"], "/v2");
    assert_eq!(sw["schemes"], serde_json::json!(["https", "http"]));
    let text = findings(&o, dir.path());
    insta::assert_snapshot!("path_servers_findings", text);
    assert!(
        text.contains("path-servers.yaml:9:14: warning[convert-server-from-path]"),
        "{text}"
    );
    assert!(!text.contains("convert-server-url"), "{text}");
    // `/products/{id}` declares the same server again (line 21): not a loss.
    assert!(!text.contains("path-servers.yaml:2"), "{text}");
    assert!(
        text.contains("path-servers.yaml:33:5: warning[convert-multiple-servers] servers of a path item are dropped"),
        "{text}"
    );
}
