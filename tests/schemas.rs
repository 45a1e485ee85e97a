//! ppcert's JSON Schemas (`schemas/`), which editors use for completion, hover and validation:
//! - each one is a valid JSON Schema that compiles;
//! - the sample connectors validate against the schemas of their files;
//! - `apiDefinition.swagger.schema.json` accepts the real connectors of
//!   microsoft/PowerPlatformConnectors (`../shared/corpus`, or the folder named by
//!   `PPCERT_CORPUS`; skipped where absent), except a short list of definitions that break
//!   Swagger 2.0 or an extension's documented shape, so a change that starts rejecting good
//!   connectors fails;
//! - it rejects hand-written structural mistakes, and accepts what only the linter reports.

use serde_json::Value;
use std::path::{Path, PathBuf};

const DEFINITION_SCHEMA: &str = "apiDefinition.swagger.schema.json";

/// Corpus definitions the schema rejects, relative to the corpus root, with the reason. Measured
/// on the corpus at commit `8bff86e` (2024-10-23): of 1,031 definitions, 18 are not JSON, these
/// 12 are rejected and the other 1,001 validate. Each reason breaks Swagger 2.0 or the documented
/// shape of an extension; a file fixed upstream may leave the list, no new one may join it.
const REJECTED: &[&str] = &[
    // `x-ms-visibility: "Advanced"` (16 times): the values are lowercase (visibility-values).
    "certified-connectors/CognitiveServicesQuestionAnswering/apiDefinition.swagger.json",
    // Operation `x-ms-api-annotation.status: "production"` (10 times): `Preview` or `Production`,
    // case-sensitively as in the repository schema (ppcert's api-annotation-status checks `info`
    // only, so lint is silent here).
    "certified-connectors/Cognizant Automation Center/apiDefinition.swagger.json",
    // `x-ms-visibility: ""` on response properties (visibility-values).
    "certified-connectors/HotProfile/apiDefinition.swagger.json",
    // `host: "{{replace_with_your_domain}}"`: a host name, not a template (host-valid).
    "certified-connectors/JotForm Enterprise/apiDefinition.swagger.json",
    // `x-ms-connector-metadata` entries spelled `PropertyName` / `PropertyValue` (and a null
    // value): the documented keys are `propertyName` and `propertyValue` (metadata-entries).
    "certified-connectors/Nodefusion Portal/apiDefinition.swagger.json",
    // `x-ms-summary: 1` and `2` (numbers) on schema properties: a display name is a string (lint
    // only reports the misspelled `x-ms  -summary` keys of this file).
    "certified-connectors/Oneflow/apiDefinition.swagger.json",
    // `x-ms-visibility: ""` on 39 body properties (visibility-values).
    "certified-connectors/Sparse Power Box Tools/apiDefinition.swagger.json",
    // `x-ms-visibility: ""` on 49 body properties (visibility-values).
    "certified-connectors/StaffCircle/apiDefinition.swagger.json",
    // A root key `basepath` next to `basePath`: not a Swagger field (swagger-no-unknown-properties).
    "certified-connectors/USB4SAP/apiDefinition.swagger.json",
    // `x-ms-visibility: ""` on the `items` of a definition (visibility-values).
    "certified-connectors/iAuditor/apiDefinition.swagger.json",
    // `x-ms-visibility: "Internal"` (visibility-values).
    "custom-connectors/CardPlatform/apiDefinition.swagger.json",
    // `x-ms-api-annotation.revision: 0` (5 times): revisions start at 1 (operation-family-rules).
    "independent-publisher-connectors/Clockify/apiDefinition.swagger.json",
];

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest().join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// Strict JSON, after a UTF-8 byte order mark (editors accept one; four merged definitions have it).
fn read_json(path: &Path) -> Result<Value, String> {
    let raw = std::fs::read(path).map_err(|e| e.to_string())?;
    let text: &[u8] = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&raw);
    serde_json::from_slice(text).map_err(|e| e.to_string())
}

fn compile(name: &str) -> jsonschema::Validator {
    let path = manifest().join("schemas").join(name);
    let schema = read_json(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("{} does not compile: {e}", path.display()))
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Files under `dir` (recursively, symlinks not followed) whose name is one of `names`, in any
/// case, sorted.
fn files_named(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            let path = entry.path();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file()
                && names
                    .iter()
                    .any(|n| entry.file_name().to_string_lossy().eq_ignore_ascii_case(n))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `path` relative to `root`, with `/` separators.
fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn every_schema_is_a_valid_schema_that_compiles() {
    let dir = manifest().join("schemas");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(
        paths.iter().any(|p| p.ends_with(DEFINITION_SCHEMA)),
        "{DEFINITION_SCHEMA} is missing from {}",
        dir.display()
    );
    assert!(
        paths.len() >= 5,
        "only {} schemas in {}",
        paths.len(),
        dir.display()
    );
    for path in &paths {
        let schema = read_json(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!(
                "{} is not a valid schema: {e} at {}",
                path.display(),
                e.instance_path()
            );
        }
        if let Err(e) = jsonschema::validator_for(&schema) {
            panic!("{} does not compile: {e}", path.display());
        }
    }
}

#[test]
fn samples_validate_against_the_schemas_of_their_files() {
    let samples = manifest().join("samples");
    let definition = compile(DEFINITION_SCHEMA);
    let properties = compile("apiProperties.schema.json");
    let settings = compile("settings.schema.json");
    let (mut definitions, mut others) = (0, 0);
    for path in files_named(
        &samples,
        &[
            "apiDefinition.swagger.json",
            "apiProperties.json",
            "settings.json",
        ],
    ) {
        let rel = relative(&samples, &path);
        // The connectors under samples/failing/ break rules on purpose: one definition is not
        // even JSON (json-valid), one apiProperties.json has a key the schema forbids
        // (props-no-contact). Their definitions that parse must still validate; their other files
        // are the linter's business.
        let failing = rel.starts_with("failing/");
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_ascii_lowercase();
        let doc = match read_json(&path) {
            Ok(doc) => doc,
            Err(e) => {
                assert!(failing, "{rel} is not JSON: {e}");
                continue;
            }
        };
        let validator = match name.as_str() {
            "apidefinition.swagger.json" => {
                definitions += 1;
                &definition
            }
            _ if failing => continue,
            "apiproperties.json" => {
                others += 1;
                &properties
            }
            _ => {
                others += 1;
                &settings
            }
        };
        let errs = errors(validator, &doc);
        assert!(errs.is_empty(), "{rel} does not validate:\n{errs:#?}");
    }
    assert!(
        definitions >= 3,
        "only {definitions} sample definitions validated"
    );
    assert!(
        others >= 2,
        "only {others} sample apiProperties/settings files validated"
    );
}

#[test]
fn corpus_definitions_validate_except_the_known_ones() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let validator = compile(DEFINITION_SCHEMA);
    let (mut valid, mut not_json) = (0usize, 0usize);
    let mut rejected: Vec<(String, Vec<String>)> = Vec::new();
    for path in files_named(&dir, &["apiDefinition.swagger.json"]) {
        let Ok(doc) = read_json(&path) else {
            // Not strict JSON (json-valid): nothing for a schema to say.
            not_json += 1;
            continue;
        };
        let errs = errors(&validator, &doc);
        if errs.is_empty() {
            valid += 1;
        } else {
            rejected.push((relative(&dir, &path), errs));
        }
    }
    eprintln!(
        "{DEFINITION_SCHEMA} over {}: {valid} valid, {} rejected, {not_json} not JSON",
        dir.display(),
        rejected.len()
    );
    assert!(
        valid >= 990,
        "only {valid} corpus definitions validate (is {} the whole corpus?)",
        dir.display()
    );
    let unexpected: Vec<String> = rejected
        .iter()
        .filter(|(rel, _)| !REJECTED.contains(&rel.as_str()))
        .map(|(rel, errs)| {
            let shown: Vec<&str> = errs.iter().take(5).map(String::as_str).collect();
            format!(
                "{rel} ({} errors):\n    {}",
                errs.len(),
                shown.join("\n    ")
            )
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "the schema rejects {} definitions outside the allow-list (too strict?):\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        rejected.len() <= REJECTED.len(),
        "{} definitions rejected; at most {} expected",
        rejected.len(),
        REJECTED.len()
    );
}

/// A small definition that uses the main shapes: path, query, `$ref` and body parameters, a
/// webhook trigger with its notification content, definitions, security and metadata.
const MINIMAL: &str = r##"{
  "swagger": "2.0",
  "info": {
    "title": "Contoso Items",
    "description": "Contoso Items keeps track of the items of a team.",
    "version": "1.0",
    "contact": { "name": "Contoso", "url": "https://contoso.com", "email": "support@contoso.com" },
    "x-ms-api-annotation": { "status": "Preview" }
  },
  "host": "api.contoso.com",
  "basePath": "/v1",
  "schemes": ["https"],
  "consumes": ["application/json"],
  "produces": ["application/json"],
  "paths": {
    "/items/{id}": {
      "get": {
        "operationId": "GetItem",
        "summary": "Get an item",
        "description": "Gets one item by its ID.",
        "x-ms-visibility": "important",
        "parameters": [
          {
            "name": "id", "in": "path", "required": true, "type": "string",
            "x-ms-url-encoding": "single", "x-ms-summary": "Item ID", "description": "The item's ID."
          },
          { "$ref": "#/parameters/Top" }
        ],
        "responses": {
          "200": { "description": "The item.", "schema": { "$ref": "#/definitions/Item" } },
          "default": { "description": "The request failed." }
        }
      }
    },
    "/hooks": {
      "x-ms-notification-content": { "description": "An item changed.", "schema": { "$ref": "#/definitions/Item" } },
      "post": {
        "operationId": "OnItemChanged",
        "summary": "When an item changes",
        "description": "Triggers when an item changes.",
        "x-ms-trigger": "single",
        "parameters": [
          {
            "name": "body", "in": "body", "required": true,
            "schema": {
              "type": "object",
              "required": ["url"],
              "properties": {
                "url": { "type": "string", "x-ms-notification-url": true, "x-ms-visibility": "internal" }
              }
            }
          }
        ],
        "responses": { "201": { "description": "Subscribed." } }
      }
    }
  },
  "definitions": {
    "Item": {
      "type": "object",
      "properties": {
        "id": { "type": "string", "x-ms-summary": "ID", "description": "The item's ID." },
        "tags": { "type": "array", "items": { "type": "string" } }
      }
    }
  },
  "parameters": {
    "Top": { "name": "top", "in": "query", "type": "integer", "x-ms-summary": "Top", "description": "How many items to return." }
  },
  "securityDefinitions": { "key": { "type": "apiKey", "name": "X-Key", "in": "header" } },
  "security": [{ "key": [] }],
  "x-ms-connector-metadata": [
    { "propertyName": "Website", "propertyValue": "https://contoso.com" },
    { "propertyName": "Privacy policy", "propertyValue": "https://contoso.com/privacy" },
    { "propertyName": "Categories", "propertyValue": "Productivity" }
  ]
}"##;

const GET: &str = "/paths/~1items~1{id}/get";
const PATH_PARAM: &str = "/paths/~1items~1{id}/get/parameters/0";
const REF_PARAM: &str = "/paths/~1items~1{id}/get/parameters/1";
const DEFAULT_RESPONSE: &str = "/paths/~1items~1{id}/get/responses/default";
const HOOK: &str = "/paths/~1hooks/post";
const BODY_PARAM: &str = "/paths/~1hooks/post/parameters/0";
const NOTIFICATION_URL: &str = "/paths/~1hooks/post/parameters/0/schema/properties/url";
const ITEM: &str = "/definitions/Item";

/// A change to [`MINIMAL`]: set (`Some`) or remove (`None`) `key` in the object at `pointer`.
type Edit = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

fn edited(base: &Value, (_, pointer, key, value): &Edit) -> Value {
    let mut doc = base.clone();
    let target = doc
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {pointer}"));
    match value {
        Some(json) => {
            let value: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            target.insert((*key).to_owned(), value);
        }
        None => {
            target
                .remove(*key)
                .unwrap_or_else(|| panic!("no {key} at {pointer}"));
        }
    }
    doc
}

#[test]
fn definition_schema_rejects_structural_mistakes() {
    let validator = compile(DEFINITION_SCHEMA);
    let base: Value = serde_json::from_str(MINIMAL).unwrap();
    let errs = errors(&validator, &base);
    assert!(
        errs.is_empty(),
        "the minimal definition does not validate:\n{errs:#?}"
    );
    let mistakes: &[Edit] = &[
        (
            "x-ms-visibility outside its values",
            PATH_PARAM,
            "x-ms-visibility",
            Some(r#""hidden""#),
        ),
        (
            "x-ms-trigger outside its values",
            HOOK,
            "x-ms-trigger",
            Some(r#""poll""#),
        ),
        (
            "a body parameter without schema",
            BODY_PARAM,
            "schema",
            None,
        ),
        (
            "a body parameter with a type",
            BODY_PARAM,
            "type",
            Some(r#""object""#),
        ),
        (
            "a query parameter with a schema",
            "/parameters/Top",
            "schema",
            Some(r#"{"type":"integer"}"#),
        ),
        (
            "a non-body parameter without type",
            "/parameters/Top",
            "type",
            None,
        ),
        (
            "a path parameter that is not required",
            PATH_PARAM,
            "required",
            Some("false"),
        ),
        (
            "parameter in: cookie",
            "/parameters/Top",
            "in",
            Some(r#""cookie""#),
        ),
        ("swagger 3.0", "", "swagger", Some(r#""3.0""#)),
        ("an OpenAPI 3 requestBody", HOOK, "requestBody", Some("{}")),
        ("nullable in a schema", ITEM, "nullable", Some("true")),
        (
            "a response without description",
            DEFAULT_RESPONSE,
            "description",
            None,
        ),
        ("an operation without responses", GET, "responses", None),
        (
            "response code 2XX",
            "/paths/~1items~1{id}/get/responses",
            "2XX",
            Some(r#"{"description":"OK"}"#),
        ),
        (
            "x-ms-url-encoding outside its values",
            PATH_PARAM,
            "x-ms-url-encoding",
            Some(r#""triple""#),
        ),
        (
            "x-ms-connector-metadata as an object",
            "",
            "x-ms-connector-metadata",
            Some(r#"{"Website":"https://contoso.com"}"#),
        ),
        (
            "an apiKey in a cookie",
            "/securityDefinitions/key",
            "in",
            Some(r#""cookie""#),
        ),
        (
            "apiProperties' scriptOperations in the definition",
            "",
            "scriptOperations",
            Some(r#"["GetItem"]"#),
        ),
        (
            "a host with a scheme",
            "",
            "host",
            Some(r#""https://api.contoso.com""#),
        ),
        ("a basePath without /", "", "basePath", Some(r#""v1""#)),
        (
            "x-ms-dynamic-values without an operation",
            PATH_PARAM,
            "x-ms-dynamic-values",
            Some(r#"{"value-path":"id"}"#),
        ),
        (
            "x-ms-notification-url as a string",
            NOTIFICATION_URL,
            "x-ms-notification-url",
            Some(r#""true""#),
        ),
    ];
    for edit in mistakes {
        let errs = errors(&validator, &edited(&base, edit));
        assert!(!errs.is_empty(), "accepted: {}", edit.0);
    }
    // What Swagger 2.0 allows and only the linter reports stays valid.
    let allowed: &[Edit] = &[
        (
            "an extension of the author's at the root",
            "",
            "x-contoso-build",
            Some(r#"{"any":["thing"]}"#),
        ),
        (
            "an extension of the author's on a schema",
            ITEM,
            "x-contoso-note",
            Some("1"),
        ),
        (
            "a misspelled x-ms-visibility (swagger-known-xms-extensions)",
            PATH_PARAM,
            "x-ms-visibilty",
            Some(r#""advanced""#),
        ),
        (
            "x-ms-pageable with nextlink (pageable-next-link)",
            GET,
            "x-ms-pageable",
            Some(r#"{"nextLinkName":"nextlink"}"#),
        ),
        (
            "an oauth2 scheme without scopes",
            "/securityDefinitions",
            "oauth",
            Some(
                r#"{"type":"oauth2","flow":"accessCode","authorizationUrl":"https://login.contoso.com/authorize","tokenUrl":"https://login.contoso.com/token"}"#,
            ),
        ),
        (
            "an array schema without items (schema-array-items)",
            "/definitions/Item/properties",
            "list",
            Some(r#"{"type":"array"}"#),
        ),
        (
            "a default response with a schema (default-response-no-schema)",
            DEFAULT_RESPONSE,
            "schema",
            Some(r#"{"type":"object"}"#),
        ),
        (
            "http only (schemes-http-only)",
            "",
            "schemes",
            Some(r#"["http"]"#),
        ),
        (
            "a key next to $ref (swagger-ref-targets)",
            REF_PARAM,
            "x-ms-summary",
            Some(r#""Top""#),
        ),
    ];
    for edit in allowed {
        let errs = errors(&validator, &edited(&base, edit));
        assert!(errs.is_empty(), "rejected: {}:\n{errs:#?}", edit.0);
    }
}
