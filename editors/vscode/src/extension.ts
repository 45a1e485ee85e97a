// The ppcert VS Code extension: starts `ppcert server` (LSP over stdio) for the files of Power
// Platform connector folders and shows which rule profile each folder was judged under.
// Diagnostics, hovers, quick fixes and `window/showDocument` are vscode-languageclient's defaults.

import * as fs from "node:fs";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { notFoundMessage, resolveBinary, type ResolveHost, type ResolveInput } from "./resolve";
import { documentSelector, isConnectorFile, profileOption } from "./selector";

/** `ppcert/status`: the profile a connector folder was judged under, and why. */
interface StatusParams {
  uri: string;
  profile: string;
  reason?: string;
}

/** Files that make a workspace (or a lone open file) a connector workspace. */
const STRONG_FILES = new Set(["apidefinition.swagger.json", "apiproperties.json", "ppcert.toml", ".ppcert.toml"]);
const STRONG_GLOB = "**/{apiDefinition.swagger.json,apiProperties.json,ppcert.toml,.ppcert.toml}";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let context: vscode.ExtensionContext;
const statuses = new Map<string, StatusParams & { fsPath: string }>();
let lastStatus: (StatusParams & { fsPath: string }) | undefined;
let starting: Promise<void> | undefined;

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  context = ctx;
  output = vscode.window.createOutputChannel("ppcert");
  statusItem = vscode.window.createStatusBarItem("ppcert.status", vscode.StatusBarAlignment.Right, 100);
  statusItem.name = "ppcert";
  statusItem.command = "ppcert.showLogs";
  ctx.subscriptions.push(
    output,
    statusItem,
    vscode.commands.registerCommand("ppcert.restartServer", () => restart()),
    vscode.commands.registerCommand("ppcert.showLogs", () => output.show(true)),
    vscode.window.onDidChangeActiveTextEditor(() => renderStatus()),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.appendLine("Workspace trusted: looking for the ppcert binary again.");
      void restart();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      if (!client) {
        void maybeStart();
      }
    }),
    { dispose: () => void client?.dispose() },
  );

  if (!(await maybeStart())) {
    // Not a connector workspace (activated by a JSON file): start once a connector file opens.
    const listener = vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!client && isStrongDocument(doc)) {
        listener.dispose();
        void start();
      }
    });
    ctx.subscriptions.push(listener);
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    await c.dispose();
  }
}

function isStrongDocument(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme !== "file" || !isConnectorFile(doc.uri.fsPath)) {
    return false;
  }
  const base = doc.uri.fsPath.split(/[\\/]/).pop() ?? "";
  return STRONG_FILES.has(base.toLowerCase());
}

/** Starts the server when the workspace holds a connector (or a connector file is open). */
async function maybeStart(): Promise<boolean> {
  if (client || starting) {
    return true;
  }
  let wanted = vscode.workspace.textDocuments.some(isStrongDocument);
  if (!wanted && (vscode.workspace.workspaceFolders?.length ?? 0) > 0) {
    wanted = (await vscode.workspace.findFiles(STRONG_GLOB, "**/node_modules/**", 1)).length > 0;
  }
  if (wanted) {
    await start();
  }
  return wanted;
}

function resolveHost(): ResolveHost {
  return {
    platform: process.platform,
    env: process.env,
    isExecutableFile(path: string): boolean {
      try {
        if (!fs.statSync(path).isFile()) {
          return false;
        }
        if (process.platform !== "win32") {
          fs.accessSync(path, fs.constants.X_OK);
        }
        return true;
      } catch {
        return false;
      }
    },
  };
}

function resolveInput(): ResolveInput {
  const trusted = vscode.workspace.isTrusted;
  const settingPaths = trusted ? (vscode.workspace.getConfiguration("ppcert").get<string[]>("path") ?? []) : [];
  const pythonInterpreterPath = trusted
    ? vscode.workspace.getConfiguration("python").get<string>("defaultInterpreterPath")
    : undefined;
  return {
    extensionPath: context.extensionPath,
    workspaceFolders: (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === "file")
      .map((f) => f.uri.fsPath),
    trusted,
    settingPaths: Array.isArray(settingPaths) ? settingPaths : [],
    pythonInterpreterPath,
  };
}

function start(): Promise<void> {
  if (!starting) {
    starting = doStart().finally(() => {
      starting = undefined;
    });
  }
  return starting;
}

async function doStart(): Promise<void> {
  if (client) {
    return;
  }
  const input = resolveInput();
  const resolution = resolveBinary(input, resolveHost());
  output.appendLine(`Looking for ppcert (workspace ${input.trusted ? "trusted" : "NOT trusted: bundled binary only"}):`);
  for (const c of resolution.tried) {
    output.appendLine(`  ${c === resolution.found ? "found" : "no   "} ${c.source.padEnd(7)} ${c.path}`);
  }
  if (!resolution.found) {
    const message = notFoundMessage(input.trusted);
    output.appendLine(message);
    setStatus("$(error) ppcert", `${message}\n\nClick to show the log.`);
    const choice = await vscode.window.showErrorMessage(message, "Open Settings", "Show Logs");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "ppcert.path");
    } else if (choice === "Show Logs") {
      output.show(true);
    }
    return;
  }

  const binary = resolution.found.path;
  output.appendLine(`Starting ${binary} server (from ${resolution.found.source})`);
  setStatus("$(sync~spin) ppcert", `Starting ${binary} server`);
  const serverOptions: ServerOptions = {
    command: binary,
    args: ["server"],
    options: { cwd: input.workspaceFolders[0], env: process.env },
  };
  const profile = profileOption(vscode.workspace.getConfiguration("ppcert").get("profile"));
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    diagnosticCollectionName: "ppcert",
    initializationOptions: profile === null ? {} : { profile },
    // No `synchronize.fileEvents`: the server registers its own file watchers
    // (client/registerCapability for workspace/didChangeWatchedFiles).
  };
  const c = new LanguageClient("ppcert", "ppcert", serverOptions, clientOptions);
  c.onNotification("ppcert/status", (params: StatusParams) => onStatus(params));
  client = c;
  try {
    await c.start();
    if (statuses.size === 0) {
      setStatus("$(checklist) ppcert", `ppcert server running (${binary})`);
    }
  } catch (err) {
    client = undefined;
    const message = `ppcert: the server did not start (${binary} server): ${err instanceof Error ? err.message : String(err)}`;
    output.appendLine(message);
    setStatus("$(error) ppcert", message);
    void vscode.window.showErrorMessage(message, "Show Logs").then((choice) => {
      if (choice) {
        output.show(true);
      }
    });
  }
}

async function restart(): Promise<void> {
  await starting;
  const c = client;
  client = undefined;
  statuses.clear();
  lastStatus = undefined;
  if (c) {
    output.appendLine("Restarting the ppcert server.");
    try {
      await c.dispose();
    } catch (err) {
      output.appendLine(`Stopping the server failed: ${String(err)}`);
    }
  }
  await start();
}

function onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
  if (e.affectsConfiguration("ppcert.path")) {
    void restart();
    return;
  }
  if (e.affectsConfiguration("ppcert.profile") && client?.isRunning()) {
    const profile = profileOption(vscode.workspace.getConfiguration("ppcert").get("profile"));
    output.appendLine(`Profile setting changed: ${profile ?? "(decided by ppcert)"}`);
    void client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { ppcert: { profile } },
    });
  }
}

function onStatus(params: StatusParams): void {
  if (!params || typeof params.uri !== "string") {
    return;
  }
  let fsPath: string;
  try {
    fsPath = vscode.Uri.parse(params.uri).fsPath;
  } catch {
    fsPath = params.uri;
  }
  const entry = { ...params, fsPath };
  statuses.set(normalize(fsPath), entry);
  lastStatus = entry;
  renderStatus();
}

function normalize(p: string): string {
  const trimmed = p.replace(/[\\/]+$/, "");
  return process.platform === "win32" || process.platform === "darwin" ? trimmed.toLowerCase() : trimmed;
}

/** The status of the folder holding the active editor's file, else the latest one. */
function renderStatus(): void {
  if (statuses.size === 0) {
    return;
  }
  let best = lastStatus;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.uri.scheme === "file") {
    const file = normalize(doc.uri.fsPath);
    let bestLen = -1;
    for (const [folder, s] of statuses) {
      if ((file.startsWith(folder + "/") || file.startsWith(folder + "\\")) && folder.length > bestLen) {
        best = s;
        bestLen = folder.length;
      }
    }
  }
  if (!best) {
    return;
  }
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**ppcert profile: ${best.profile}**\n\n`);
  if (best.reason) {
    tooltip.appendText(best.reason);
    tooltip.appendMarkdown("\n\n");
  }
  tooltip.appendText(best.fsPath);
  setStatus(`$(checklist) ppcert: ${best.profile}`, tooltip);
}

function setStatus(text: string, tooltip: string | vscode.MarkdownString): void {
  statusItem.text = text;
  statusItem.tooltip = tooltip;
  statusItem.show();
}
