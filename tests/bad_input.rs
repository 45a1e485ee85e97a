//! Bad input never panics: every broken file becomes a finding with its location, and the run
//! goes on with the other files and connectors.

use std::fs;
use std::path::Path;
use std::process::Command;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(name), bytes).unwrap();
}

const GOOD_PROPS: &str = r##"{"properties": {"iconBrandColor": "#da3b01", "publisher": "Jane Doe", "stackOwner": "Fabrikam"}}"##;

/// A tree of broken connectors, one problem each.
fn broken_tree(root: &Path) {
    let c = |name: &str| root.join("independent-publisher-connectors").join(name);
    write(
        &c("invalid-json"),
        "apiDefinition.swagger.json",
        b"{\"swagger\": \"2.0\", \"info\": {\"title\": }",
    );
    write(&c("bom"), "apiDefinition.swagger.json", b"\xEF\xBB\xBF{\"swagger\": \"2.0\", \"info\": {\"title\": \"Bom\", \"version\": \"1.0\"}, \"paths\": {}}");
    write(
        &c("trailing-comma"),
        "apiDefinition.swagger.json",
        b"{\"swagger\": \"2.0\", \"paths\": {},}",
    );
    write(
        &c("latin1"),
        "apiDefinition.swagger.json",
        b"{\"swagger\": \"2.0\", \"info\": {\"title\": \"Caf\xE9\"}, \"paths\": {}}",
    );
    write(
        &c("wrong-types"),
        "apiDefinition.swagger.json",
        br#"{"swagger": 2, "info": "nope", "host": 7, "basePath": [], "schemes": "https", "consumes": {}, "paths": [1, 2],
            "definitions": [], "parameters": "x", "responses": 1, "securityDefinitions": [], "security": {},
            "x-ms-connector-metadata": {"propertyName": 1}}"#,
    );
    write(
        &c("wrong-types-deep"),
        "apiDefinition.swagger.json",
        br#"{"swagger": "2.0", "info": {"title": ["t"], "description": 5, "contact": "me", "version": null},
            "paths": {"/a": {"get": {"operationId": 5, "summary": {}, "parameters": {"name": 1}, "responses": []},
                             "post": "no", "parameters": [1, "two", null, {"$ref": 5}]},
                      "b": null},
            "definitions": {"X": {"type": 5, "properties": [], "required": "id", "items": 3, "allOf": {}, "enum": {}}}}"#,
    );
    write(&c("wrong-types-deep"), "apiProperties.json", br#"{"properties": {"connectionParameters": [], "iconBrandColor": 5, "policyTemplateInstances": {}}}"#);
    write(&c("empty-files"), "apiDefinition.swagger.json", b"");
    write(&c("empty-files"), "apiProperties.json", b"");
    write(&c("empty-files"), "readme.md", b"");
    write(
        &c("binary"),
        "apiDefinition.swagger.json",
        b"\x00\x01\x02\xff\xfe garbage \x00",
    );
    write(&c("binary"), "apiProperties.json", &[0u8; 4096]);
    write(
        &c("deep-nesting"),
        "apiDefinition.swagger.json",
        "[".repeat(200_000).as_bytes(),
    );
    write(
        &c("cyclic-refs"),
        "apiDefinition.swagger.json",
        br##"{"swagger": "2.0", "info": {"title": "Cycles", "version": "1.0"}, "paths": {"/a": {"get": {"operationId": "A",
            "parameters": [{"$ref": "#/parameters/P"}, {"name": "body", "in": "body", "schema": {"$ref": "#/definitions/A"}}],
            "responses": {"200": {"$ref": "#/responses/R"}}}}},
            "parameters": {"P": {"$ref": "#/parameters/Q"}, "Q": {"$ref": "#/parameters/P"}},
            "responses": {"R": {"$ref": "#/responses/R"}},
            "definitions": {"A": {"$ref": "#/definitions/B"}, "B": {"$ref": "#/definitions/A"},
                            "Tree": {"type": "object", "properties": {"child": {"$ref": "#/definitions/Tree"}}}}}"##,
    );
    write(
        &c("props-only"),
        "apiProperties.json",
        GOOD_PROPS.as_bytes(),
    );
    write(
        &c("bad-icon"),
        "apiDefinition.swagger.json",
        br#"{"swagger": "2.0", "info": {"title": "Icon", "version": "1.0"}, "paths": {}}"#,
    );
    write(
        &c("bad-icon"),
        "icon.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00",
    );
    let certified = root.join("certified-connectors");
    write(
        &certified.join("not-a-png"),
        "apiDefinition.swagger.json",
        br#"{"swagger": "2.0", "info": {"title": "Icon", "version": "1.0"}, "paths": {}}"#,
    );
    write(
        &certified.join("not-a-png"),
        "icon.png",
        b"GIF89a this is not a png",
    );
    // A definition over the read limit: reported, not read into memory.
    let huge = c("huge");
    fs::create_dir_all(&huge).unwrap();
    let file = fs::File::create(huge.join("apiDefinition.swagger.json")).unwrap();
    file.set_len(33 * 1024 * 1024).unwrap();
    // A file that is a folder, and links out of the connector folder or to nowhere.
    fs::create_dir_all(c("odd-files").join("apiProperties.json")).unwrap();
    write(
        &c("odd-files"),
        "apiDefinition.swagger.json",
        br#"{"swagger": "2.0", "info": {"title": "Odd", "version": "1.0"}, "paths": {}}"#,
    );
    write(root, "secret.json", b"{\"clientSecret\": \"do-not-read\"}");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            root.join("secret.json"),
            c("odd-files").join("settings.json"),
        )
        .unwrap();
        std::os::unix::fs::symlink(root.join("nowhere.md"), c("odd-files").join("readme.md"))
            .unwrap();
    }
}

#[test]
fn broken_files_become_findings_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    broken_tree(tmp.path());
    let out = Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(["lint", "--format", "json"])
        .arg(tmp.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let diags = report["diagnostics"].as_array().unwrap();
    let n_connectors = report["summary"]["connectors"].as_u64().unwrap();
    assert_eq!(n_connectors, 15, "every connector folder is linted");

    let has = |connector: &str, rule: &str, message_part: &str| {
        diags.iter().any(|d| {
            d["connector"].as_str().unwrap().ends_with(connector)
                && d["rule"] == rule
                && d["message"].as_str().unwrap().contains(message_part)
        })
    };
    assert!(has("invalid-json", "swagger-valid-json", "invalid JSON"));
    assert!(has(
        "trailing-comma",
        "swagger-valid-json",
        "trailing comma"
    ));
    assert!(has("latin1", "swagger-valid-json", "UTF-8"));
    assert!(
        !diags
            .iter()
            .any(|d| d["connector"].as_str().unwrap().ends_with("bom")
                && d["rule"] == "swagger-valid-json")
    );
    assert!(has("binary", "file-readable", "binary"));
    assert!(has("deep-nesting", "swagger-valid-json", "nesting"));
    assert!(has("huge", "file-readable", "MiB"));
    assert!(has("odd-files", "file-readable", "not a regular file"));
    #[cfg(unix)]
    {
        assert!(has(
            "odd-files",
            "file-readable",
            "outside the connector folder"
        ));
        assert!(has("odd-files", "file-readable", "cannot be"));
    }
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("do-not-read"),
        "a file outside the folder was read"
    );

    // Syntax errors point at the offending character.
    let invalid = diags
        .iter()
        .find(|d| {
            d["connector"].as_str().unwrap().ends_with("invalid-json")
                && d["rule"] == "swagger-valid-json"
        })
        .unwrap();
    assert_eq!(
        (invalid["line"].as_u64(), invalid["column"].as_u64()),
        (Some(1), Some(38))
    );
}
