// Unit tests of the document selector and the package manifest (no VS Code): `npm test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { caseInsensitiveGlob, CONNECTOR_FILE_NAMES, documentSelector, isConnectorFile, profileOption } from "../selector";

/** A tiny matcher for the subset of glob that caseInsensitiveGlob produces (`**` + `/`, `[aA]`). */
function globToRegExp(glob: string): RegExp {
  let re = "^";
  let i = 0;
  while (i < glob.length) {
    if (glob.startsWith("**/", i)) {
      re += "(?:.*/)?";
      i += 3;
    } else if (glob[i] === "[") {
      const end = glob.indexOf("]", i);
      re += glob.slice(i, end + 1);
      i = end + 1;
    } else {
      re += glob[i].replace(/[.*+?^${}()|\\]/g, "\\$&");
      i += 1;
    }
  }
  return new RegExp(re + "$");
}

test("case-insensitive globs", () => {
  assert.equal(caseInsensitiveGlob("readme.md"), "**/[rR][eE][aA][dD][mM][eE].[mM][dD]");
  assert.equal(caseInsensitiveGlob(".ppcert.toml"), "**/.[pP][pP][cC][eE][rR][tT].[tT][oO][mM][lL]");
  const re = globToRegExp(caseInsensitiveGlob("apiDefinition.swagger.json"));
  assert.ok(re.test("/w/certified-connectors/X/apiDefinition.swagger.json"));
  assert.ok(re.test("/w/x/APIDEFINITION.SWAGGER.JSON"));
  assert.ok(!re.test("/w/x/apiDefinition.swagger.json.bak"));
  assert.ok(!re.test("/w/x/my-apiDefinition.swagger.json"));
});

test("the document selector covers the contract's files, on disk only", () => {
  const sel = documentSelector();
  assert.deepEqual(
    [...CONNECTOR_FILE_NAMES],
    ["apiDefinition.swagger.json", "apiProperties.json", "settings.json", "readme.md", "intro.md", "script.csx", "ppcert.toml", ".ppcert.toml"],
  );
  assert.equal(sel.length, CONNECTOR_FILE_NAMES.length);
  for (const f of sel) {
    assert.equal(f.scheme, "file");
  }
  const matches = (p: string) => sel.some((f) => globToRegExp(f.pattern).test(p));
  assert.ok(matches("/w/c/README.md"));
  assert.ok(matches("/w/c/Readme.md"));
  assert.ok(matches("/w/c/script.csx"));
  assert.ok(matches("/w/ppcert.toml"));
  assert.ok(!matches("/w/c/icon.png"));
  assert.ok(!matches("/w/c/other.json"));
});

test("isConnectorFile", () => {
  assert.ok(isConnectorFile("/a/b/apiProperties.json"));
  assert.ok(isConnectorFile("C:\\a\\b\\APIPROPERTIES.JSON"));
  assert.ok(isConnectorFile("/a/.ppcert.toml"));
  assert.ok(!isConnectorFile("/a/package.json"));
});

test("profile option: empty means decided by ppcert (null)", () => {
  assert.equal(profileOption(""), null);
  assert.equal(profileOption(undefined), null);
  assert.equal(profileOption("certified"), "certified");
});

test("manifest: activation, settings, commands, schemas", () => {
  // out/test/selector.test.js → ../../package.json
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
  assert.equal(pkg.publisher, "ppcert");
  assert.equal(pkg.name, "ppcert");
  assert.equal(pkg.license, "MIT");
  assert.equal(pkg.engines.vscode, "^1.90.0");
  assert.equal(pkg.main, "./dist/extension.js");
  for (const ev of [
    "workspaceContains:**/apiDefinition.swagger.json",
    "workspaceContains:**/apiProperties.json",
    "workspaceContains:**/ppcert.toml",
  ]) {
    assert.ok(pkg.activationEvents.includes(ev), ev);
  }
  const props = pkg.contributes.configuration.properties;
  assert.equal(props["ppcert.path"].type, "array");
  assert.deepEqual(props["ppcert.profile"].enum, ["", "certified", "independent-publisher", "custom"]);
  assert.deepEqual(props["ppcert.trace.server"].enum, ["off", "messages", "verbose"]);
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ["ppcert.path"]);
  assert.deepEqual(
    pkg.contributes.commands.map((c: { command: string }) => c.command).sort(),
    ["ppcert.restartServer", "ppcert.showLogs"],
  );
  // Every JSON schema is shipped from ../../schemas, and settings.json is never VS Code's own.
  const urls = pkg.contributes.jsonValidation.map((v: { url: string }) => v.url);
  for (const url of urls) {
    assert.match(url, /^\.\/schemas\/[\w.]+\.schema\.json$/);
  }
  const settings = pkg.contributes.jsonValidation.find((v: { url: string }) => v.url.endsWith("/settings.schema.json"));
  assert.ok(settings.fileMatch.includes("!**/.vscode/settings.json"));
  assert.ok(!settings.fileMatch.includes("settings.json"));
  assert.ok(!settings.fileMatch.includes("**/settings.json"));
  // ppcert.openDocumentation is the server's command (executeCommandProvider): the extension must not
  // contribute a command of that name, or the client's registration would clash.
  assert.ok(!JSON.stringify(pkg.contributes.commands).includes("openDocumentation"));
});
