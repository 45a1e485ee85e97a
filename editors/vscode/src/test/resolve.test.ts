// Unit tests of the binary resolution (no VS Code): `npm test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  binaryName,
  candidates,
  expandSettingPath,
  notFoundMessage,
  pathDirs,
  resolveBinary,
  type ResolveHost,
  type ResolveInput,
} from "../resolve";

function posixHost(files: string[], env: Record<string, string> = {}): ResolveHost {
  const set = new Set(files);
  return {
    platform: "linux",
    env: { HOME: "/home/u", PATH: "/usr/local/bin:/usr/bin", ...env },
    isExecutableFile: (p) => set.has(p),
  };
}

function winHost(files: string[], env: Record<string, string> = {}): ResolveHost {
  const set = new Set(files.map((f) => f.toLowerCase()));
  return {
    platform: "win32",
    env: { USERPROFILE: "C:\\Users\\u", Path: "C:\\Windows\\system32;C:\\Tools", ...env },
    isExecutableFile: (p) => set.has(p.toLowerCase()),
  };
}

function input(over: Partial<ResolveInput> = {}): ResolveInput {
  return {
    extensionPath: "/ext",
    workspaceFolders: ["/ws"],
    trusted: true,
    settingPaths: [],
    ...over,
  };
}

const winInput = (over: Partial<ResolveInput> = {}): ResolveInput =>
  input({ extensionPath: "C:\\ext", workspaceFolders: ["C:\\ws"], ...over });

test("binary name per platform", () => {
  assert.equal(binaryName("linux"), "ppcert");
  assert.equal(binaryName("darwin"), "ppcert");
  assert.equal(binaryName("win32"), "ppcert.exe");
});

test("1. the ppcert.path setting: the first existing entry wins, before everything else", () => {
  const host = posixHost(["/opt/b/ppcert", "/opt/c/ppcert", "/ext/bundled/ppcert", "/usr/bin/ppcert"]);
  const r = resolveBinary(input({ settingPaths: ["/opt/a/ppcert", "/opt/b/ppcert", "/opt/c/ppcert"] }), host);
  assert.deepEqual(r.found, { path: "/opt/b/ppcert", source: "setting" });
  assert.deepEqual(
    r.tried.map((c) => c.path),
    ["/opt/a/ppcert", "/opt/b/ppcert"],
  );
});

test("1. setting entries: ~, ${userHome}, ${env:X}, ${workspaceFolder}, relative paths, bare names", () => {
  const host = posixHost([], { TOOLS: "/tools" });
  const i = input({ workspaceFolders: ["/ws1", "/ws2"] });
  assert.deepEqual(expandSettingPath("~/bin/ppcert", i, host), ["/home/u/bin/ppcert"]);
  assert.deepEqual(expandSettingPath("${userHome}/x/ppcert", i, host), ["/home/u/x/ppcert"]);
  assert.deepEqual(expandSettingPath("${env:TOOLS}/ppcert", i, host), ["/tools/ppcert"]);
  assert.deepEqual(expandSettingPath("${env:NOPE}/ppcert", i, host), []);
  assert.deepEqual(expandSettingPath("${workspaceFolder}/bin/ppcert", i, host), ["/ws1/bin/ppcert", "/ws2/bin/ppcert"]);
  assert.deepEqual(expandSettingPath("target/debug/ppcert", i, host), ["/ws1/target/debug/ppcert", "/ws2/target/debug/ppcert"]);
  assert.deepEqual(expandSettingPath("   ", i, host), []);
  // A relative path with no workspace folder cannot be resolved.
  assert.deepEqual(expandSettingPath("bin/ppcert", input({ workspaceFolders: [] }), host), []);
  // A bare command name is looked up on PATH.
  const found = resolveBinary(input({ settingPaths: ["ppcert-dev"] }), posixHost(["/usr/bin/ppcert-dev"]));
  assert.deepEqual(found.found, { path: "/usr/bin/ppcert-dev", source: "setting" });
});

test("1. a setting whose files are all missing falls through to the next step", () => {
  const r = resolveBinary(input({ settingPaths: ["/missing/ppcert"] }), posixHost(["/ext/bundled/ppcert"]));
  assert.deepEqual(r.found, { path: "/ext/bundled/ppcert", source: "bundled" });
});

test("2. the bundled binary comes before PATH and the Python environment", () => {
  const host = posixHost(["/ext/bundled/ppcert", "/usr/bin/ppcert", "/ws/.venv/bin/ppcert"]);
  assert.deepEqual(resolveBinary(input(), host).found, { path: "/ext/bundled/ppcert", source: "bundled" });
});

test("3. PATH, in PATH order, skipping empty entries, before the Python environment", () => {
  const host = posixHost(["/usr/bin/ppcert", "/home/u/.local/bin/ppcert", "/ws/.venv/bin/ppcert"], {
    PATH: "::/home/u/.local/bin:/usr/bin",
  });
  assert.deepEqual(pathDirs(host), ["/home/u/.local/bin", "/usr/bin"]);
  assert.deepEqual(resolveBinary(input(), host).found, { path: "/home/u/.local/bin/ppcert", source: "path" });
});

test("4. the Python environment: the interpreter's folder, then .venv and venv of each workspace folder", () => {
  const interp = "/home/u/envs/p311/bin/python";
  assert.deepEqual(
    resolveBinary(input({ pythonInterpreterPath: interp }), posixHost(["/home/u/envs/p311/bin/ppcert", "/ws/.venv/bin/ppcert"]))
      .found,
    { path: "/home/u/envs/p311/bin/ppcert", source: "python" },
  );
  assert.deepEqual(resolveBinary(input({ pythonInterpreterPath: interp }), posixHost(["/ws/.venv/bin/ppcert"])).found, {
    path: "/ws/.venv/bin/ppcert",
    source: "python",
  });
  const two = input({ workspaceFolders: ["/a", "/b"] });
  assert.deepEqual(resolveBinary(two, posixHost(["/b/venv/bin/ppcert"])).found, { path: "/b/venv/bin/ppcert", source: "python" });
  // ${workspaceFolder} in the interpreter setting.
  assert.deepEqual(
    resolveBinary(input({ pythonInterpreterPath: "${workspaceFolder}/env/bin/python" }), posixHost(["/ws/env/bin/ppcert"])).found,
    { path: "/ws/env/bin/ppcert", source: "python" },
  );
  // The default "python" is a bare name: found through PATH already, not a folder to look in.
  const c = candidates(input({ pythonInterpreterPath: "python" }), posixHost([]));
  assert.deepEqual(
    c.filter((x) => x.source === "python").map((x) => x.path),
    ["/ws/.venv/bin/ppcert", "/ws/venv/bin/ppcert"],
  );
});

test("the full order, when nothing exists", () => {
  const r = resolveBinary(
    input({ settingPaths: ["/s/ppcert"], pythonInterpreterPath: "/py/bin/python3" }),
    posixHost([]),
  );
  assert.equal(r.found, undefined);
  assert.deepEqual(
    r.tried.map((c) => `${c.source} ${c.path}`),
    [
      "setting /s/ppcert",
      "bundled /ext/bundled/ppcert",
      "path /usr/local/bin/ppcert",
      "path /usr/bin/ppcert",
      "python /py/bin/ppcert",
      "python /ws/.venv/bin/ppcert",
      "python /ws/venv/bin/ppcert",
    ],
  );
});

test("the same path is looked at once", () => {
  const c = candidates(input({ settingPaths: ["/usr/bin/ppcert"] }), posixHost([]));
  assert.equal(c.filter((x) => x.path === "/usr/bin/ppcert").length, 1);
  assert.equal(c[0].source, "setting");
});

test("Windows: ppcert.exe, Path in any case, ';' separators, .exe added to setting entries, Scripts folders", () => {
  // Bundled .exe.
  assert.deepEqual(resolveBinary(winInput(), winHost(["C:\\ext\\bundled\\ppcert.exe"])).found, {
    path: "C:\\ext\\bundled\\ppcert.exe",
    source: "bundled",
  });
  // A bundled file without .exe is not the Windows binary.
  assert.equal(resolveBinary(winInput(), winHost(["C:\\ext\\bundled\\ppcert"])).found, undefined);
  // PATH (named "Path"), quoted entries.
  assert.deepEqual(
    resolveBinary(winInput(), winHost(["C:\\Tools\\ppcert.exe"], { Path: 'C:\\Windows;"C:\\Tools"' })).found,
    { path: "C:\\Tools\\ppcert.exe", source: "path" },
  );
  // A setting without .exe gets it added; ~ is USERPROFILE.
  assert.deepEqual(
    resolveBinary(winInput({ settingPaths: ["~\\bin\\ppcert"] }), winHost(["C:\\Users\\u\\bin\\ppcert.exe"])).found,
    { path: "C:\\Users\\u\\bin\\ppcert.exe", source: "setting" },
  );
  // A venv interpreter's folder, and a base install's Scripts\.
  assert.deepEqual(
    resolveBinary(
      winInput({ pythonInterpreterPath: "C:\\Python312\\python.exe" }),
      winHost(["C:\\Python312\\Scripts\\ppcert.exe"]),
    ).found,
    { path: "C:\\Python312\\Scripts\\ppcert.exe", source: "python" },
  );
  assert.deepEqual(resolveBinary(winInput(), winHost(["C:\\ws\\.venv\\Scripts\\ppcert.exe"])).found, {
    path: "C:\\ws\\.venv\\Scripts\\ppcert.exe",
    source: "python",
  });
  // No bin/ on Windows.
  assert.equal(resolveBinary(winInput(), winHost(["C:\\ws\\.venv\\bin\\ppcert.exe"])).found, undefined);
});

test("untrusted workspace: only the bundled binary, never the setting, PATH or Python", () => {
  const everywhere = posixHost(["/s/ppcert", "/usr/bin/ppcert", "/ws/.venv/bin/ppcert", "/py/bin/ppcert"]);
  const untrusted = input({ trusted: false, settingPaths: ["/s/ppcert"], pythonInterpreterPath: "/py/bin/python" });
  const r = resolveBinary(untrusted, everywhere);
  assert.equal(r.found, undefined);
  assert.deepEqual(r.tried, [{ path: "/ext/bundled/ppcert", source: "bundled" }]);
  const withBundled = posixHost(["/s/ppcert", "/ext/bundled/ppcert"]);
  assert.deepEqual(resolveBinary(untrusted, withBundled).found, { path: "/ext/bundled/ppcert", source: "bundled" });
});

test("the not-found message says how to install", () => {
  const m = notFoundMessage(true);
  assert.match(m, /pipx install ppcert/);
  assert.match(m, /ppcert\.path/);
  assert.match(notFoundMessage(false), /not trusted/);
});
