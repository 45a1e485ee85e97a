// Finding the ppcert binary. Pure: the file system, the environment and the platform are injected,
// so this module is unit-tested with `node --test` without VS Code (src/test/resolve.test.ts).
//
// Order (a trusted workspace):
//   1. the `ppcert.path` setting: the first entry that exists wins;
//   2. the binary bundled with the extension: <extension>/bundled/ppcert[.exe];
//   3. `ppcert` on PATH;
//   4. the Python environment: the folder of the `python.defaultInterpreterPath` interpreter (and its
//      Scripts\ folder on Windows), then .venv/ and venv/ in each workspace folder (bin/ or Scripts\).
// In an untrusted workspace only step 2 runs: a workspace must not be able to make VS Code execute a
// binary of its choosing (ruff-vscode does the same; `ppcert.path` is a restricted setting).

import * as nodePath from "node:path";

export type Source = "setting" | "bundled" | "path" | "python";

export interface Candidate {
  path: string;
  source: Source;
}

export interface ResolveHost {
  /** `process.platform`: "win32", "linux", "darwin", ... */
  platform: string;
  /** `process.env` */
  env: Readonly<Record<string, string | undefined>>;
  /** True when `path` is an existing regular file that may be executed. */
  isExecutableFile(path: string): boolean;
}

export interface ResolveInput {
  /** The extension's install folder (`context.extensionPath`). */
  extensionPath: string;
  /** File-system paths of the workspace folders. */
  workspaceFolders: readonly string[];
  /** `vscode.workspace.isTrusted` */
  trusted: boolean;
  /** The `ppcert.path` setting. */
  settingPaths: readonly string[];
  /** The `python.defaultInterpreterPath` setting, if any. */
  pythonInterpreterPath?: string;
}

export interface Resolution {
  /** The binary to run, or undefined when none was found. */
  found?: Candidate;
  /** Every path looked at, in order (up to and including the one found). */
  tried: Candidate[];
}

export function binaryName(platform: string): string {
  return platform === "win32" ? "ppcert.exe" : "ppcert";
}

function pathApi(platform: string): nodePath.PlatformPath {
  return platform === "win32" ? nodePath.win32 : nodePath.posix;
}

function envVar(host: ResolveHost, name: string): string | undefined {
  if (host.platform !== "win32") {
    return host.env[name];
  }
  // Windows environment variable names are case-insensitive ("Path").
  const key = Object.keys(host.env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : host.env[key];
}

function homeDir(host: ResolveHost): string | undefined {
  return host.platform === "win32" ? (envVar(host, "USERPROFILE") ?? envVar(host, "HOME")) : envVar(host, "HOME");
}

function hasSeparator(p: string, platform: string): boolean {
  return platform === "win32" ? /[\\/]/.test(p) : p.includes("/");
}

/**
 * Expands `~`, `${userHome}`, `${env:NAME}` and `${workspaceFolder}` in a setting value and makes
 * it absolute. Gives one path per workspace folder when the value depends on the folder (it
 * contains `${workspaceFolder}` or is relative), none when it cannot be expanded.
 */
export function expandSettingPath(value: string, input: ResolveInput, host: ResolveHost): string[] {
  const p = pathApi(host.platform);
  let v = value.trim();
  if (v === "") {
    return [];
  }
  const home = homeDir(host);
  if (v === "~" || v.startsWith("~/") || (host.platform === "win32" && v.startsWith("~\\"))) {
    if (home === undefined) {
      return [];
    }
    v = home + v.slice(1);
  }
  let unresolved = false;
  v = v.replace(/\$\{(userHome|env:([^}]+))\}/g, (_m, name: string, envName: string | undefined) => {
    const r = name === "userHome" ? home : envVar(host, envName ?? "");
    if (r === undefined) {
      unresolved = true;
      return "";
    }
    return r;
  });
  if (unresolved) {
    return [];
  }
  if (v.includes("${workspaceFolder}")) {
    return input.workspaceFolders.map((f) => p.normalize(v.split("${workspaceFolder}").join(f)));
  }
  if (p.isAbsolute(v)) {
    return [p.normalize(v)];
  }
  return input.workspaceFolders.map((f) => p.resolve(f, v));
}

/** The directories of the PATH environment variable, in order. */
export function pathDirs(host: ResolveHost): string[] {
  const value = envVar(host, "PATH") ?? "";
  const sep = host.platform === "win32" ? ";" : ":";
  return value
    .split(sep)
    .map((d) => d.trim().replace(/^"(.*)"$/, "$1"))
    .filter((d) => d !== "");
}

function settingCandidates(input: ResolveInput, host: ResolveHost): Candidate[] {
  const out: Candidate[] = [];
  const p = pathApi(host.platform);
  for (const entry of input.settingPaths) {
    if (typeof entry !== "string") {
      continue;
    }
    let paths: string[];
    if (entry.trim() !== "" && !hasSeparator(entry.trim(), host.platform) && !entry.includes("${") && !entry.startsWith("~")) {
      // A bare command name ("ppcert"): look it up on PATH.
      paths = pathDirs(host).map((d) => p.join(d, entry.trim()));
    } else {
      paths = expandSettingPath(entry, input, host);
    }
    for (const path of paths) {
      out.push({ path, source: "setting" });
      if (host.platform === "win32" && !path.toLowerCase().endsWith(".exe")) {
        out.push({ path: path + ".exe", source: "setting" });
      }
    }
  }
  return out;
}

function bundledCandidate(input: ResolveInput, host: ResolveHost): Candidate {
  const p = pathApi(host.platform);
  return { path: p.join(input.extensionPath, "bundled", binaryName(host.platform)), source: "bundled" };
}

function pathCandidates(host: ResolveHost): Candidate[] {
  const p = pathApi(host.platform);
  return pathDirs(host).map((d) => ({ path: p.join(d, binaryName(host.platform)), source: "path" as const }));
}

function pythonCandidates(input: ResolveInput, host: ResolveHost): Candidate[] {
  const p = pathApi(host.platform);
  const name = binaryName(host.platform);
  const out: Candidate[] = [];
  const interp = input.pythonInterpreterPath?.trim();
  // A bare name ("python", the setting's default) is found on PATH, which step 3 covered.
  if (interp && hasSeparator(interp, host.platform)) {
    for (const exe of expandSettingPath(interp, input, host)) {
      const dir = p.dirname(exe);
      out.push({ path: p.join(dir, name), source: "python" });
      if (host.platform === "win32") {
        // A base install (C:\Python312\python.exe) keeps its scripts in Scripts\.
        out.push({ path: p.join(dir, "Scripts", name), source: "python" });
      }
    }
  }
  const scripts = host.platform === "win32" ? "Scripts" : "bin";
  for (const folder of input.workspaceFolders) {
    for (const venv of [".venv", "venv"]) {
      out.push({ path: p.join(folder, venv, scripts, name), source: "python" });
    }
  }
  return out;
}

/** Every place looked at, in order. */
export function candidates(input: ResolveInput, host: ResolveHost): Candidate[] {
  const all = input.trusted
    ? [...settingCandidates(input, host), bundledCandidate(input, host), ...pathCandidates(host), ...pythonCandidates(input, host)]
    : [bundledCandidate(input, host)];
  const seen = new Set<string>();
  return all.filter((c) => {
    const key = host.platform === "win32" ? c.path.toLowerCase() : c.path;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

export function resolveBinary(input: ResolveInput, host: ResolveHost): Resolution {
  const tried: Candidate[] = [];
  for (const c of candidates(input, host)) {
    tried.push(c);
    if (host.isExecutableFile(c.path)) {
      return { found: c, tried };
    }
  }
  return { tried };
}

/** The error shown when no binary was found: how to install one. */
export function notFoundMessage(trusted: boolean): string {
  if (!trusted) {
    return (
      "ppcert: this workspace is not trusted, so only the ppcert binary bundled with the extension may run, " +
      "and this build of the extension has none. Trust the workspace to use `ppcert` from PATH, your Python " +
      "environment or the `ppcert.path` setting, or install the extension's platform-specific build."
    );
  }
  return (
    "ppcert: the ppcert binary was not found. Install it with `pipx install ppcert` (or `pip install ppcert` " +
    "in this workspace's Python environment, or `uv tool install ppcert`), or set `ppcert.path` to the binary."
  );
}
