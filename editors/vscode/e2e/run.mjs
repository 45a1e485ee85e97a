// The editor end-to-end test, driven by .ci/editor-e2e (read that first): a real VS Code (code-server,
// already running with our VSIX installed) in Debian's chromium, through playwright-core.
//
// Environment (all set by .ci/editor-e2e):
//   E2E_URL        http://127.0.0.1:PORT/ of code-server (auth none)
//   E2E_WORKSPACE  the workspace folder (holds certified-connectors/<connector>/)
//   E2E_CONNECTOR  the connector folder, relative to the workspace
//   E2E_EXPECTED   `ppcert lint --format json` of that connector (run in the workspace)
//   E2E_OUT        where the screenshots go (target/e2e)
//   E2E_USER_SETTINGS  the profile's User/settings.json (the profile step edits it)
//   E2E_PLAYWRIGHT the playwright-core package folder
//   E2E_CHROMIUM   the browser (/usr/bin/chromium)
//   E2E_DEBUG=1    log how each read of the Problems list went
//
// Steps: open the workspace; open apiDefinition.swagger.json with Ctrl+P; wait for ppcert's
// squiggles; open Problems and compare its ppcert rows (file, rule, line) with the CLI's findings;
// Ctrl+. on a line with a safe fix: a `Fix: ...` and an `Open documentation for ...` action must be
// listed; apply the fix: that finding must go away (from the unsaved buffer) and saving must write the
// CLI's edit; the status bar shows the profile, and changing `ppcert.profile` changes it live; then
// the JSON schema associations: a connector settings.json gets ppcert's schema, a
// .vscode/settings.json does not. Every step runs even when an earlier one failed.
// Screenshots: problems.png, quickfix.png, after-fix.png (and failure-<step>.png when a step fails).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const env = (name) => {
  const v = process.env[name];
  if (!v) {
    throw new Error(`run.mjs: ${name} is not set (run .ci/editor-e2e)`);
  }
  return v;
};
const URL_ = env("E2E_URL");
const WORKSPACE = env("E2E_WORKSPACE");
const CONNECTOR = env("E2E_CONNECTOR");
const EXPECTED = JSON.parse(fs.readFileSync(env("E2E_EXPECTED"), "utf8"));
const OUT = env("E2E_OUT");
const require = createRequire(path.join(env("E2E_PLAYWRIGHT"), "package.json"));
const { chromium } = require(env("E2E_PLAYWRIGHT"));

/** The files the server handles (the contract), lower-case. */
const HANDLED = new Set([
  "apidefinition.swagger.json",
  "apiproperties.json",
  "settings.json",
  "readme.md",
  "intro.md",
  "script.csx",
  "ppcert.toml",
  ".ppcert.toml",
]);

const failures = [];
const t0 = Date.now();
function log(msg) {
  console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
}
function check(ok, msg) {
  if (ok) {
    log(`ok: ${msg}`);
  } else {
    log(`FAIL: ${msg}`);
    failures.push(msg);
  }
  return ok;
}
class StepError extends Error {}
function must(ok, msg) {
  if (!check(ok, msg)) {
    throw new StepError(msg);
  }
}

async function poll(fn, { timeout = 30000, interval = 250 } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) {
      return last;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  return last;
}

// ---------------------------------------------------------------------------------------------
// Expected findings, from the CLI.
const basename = (p) => p.split(/[\\/]/).pop();
const expected = EXPECTED.diagnostics.map((d) => ({
  file: basename(d.file),
  rule: d.rule,
  line: d.line,
  column: d.column,
  severity: d.severity,
  fix: d.fix,
}));
const expectedHandled = expected.filter((d) => HANDLED.has(d.file.toLowerCase()));
const key = (d) => `${d.file} ${d.line} ${d.rule}`;
/** key -> how many times it occurs. */
const counts = (items) => {
  const m = new Map();
  for (const d of items) m.set(key(d), (m.get(key(d)) ?? 0) + 1);
  return m;
};
const SWAGGER = "apiDefinition.swagger.json";
const swaggerExpected = expectedHandled.filter((d) => d.file === SWAGGER);
// The quick-fix target: the first safe fix in apiDefinition.swagger.json (single-line, so it can be
// checked by the line it leaves), as the CLI reports it.
const fixTarget = swaggerExpected.find((d) => d.fix && d.fix.applicability === "safe" && !d.fix.edits.some((e) => e.content.includes("\n")));
log(`CLI: ${expected.length} findings (${expectedHandled.length} in files the server handles, ${swaggerExpected.length} in ${SWAGGER})`);
if (!fixTarget) {
  console.error("run.mjs: the CLI reports no single-line safe fix in apiDefinition.swagger.json; pick another sample");
  process.exit(2);
}
log(`quick-fix target: ${fixTarget.rule} at ${fixTarget.line}:${fixTarget.column} (“${fixTarget.fix.title}”)`);

// ---------------------------------------------------------------------------------------------
// A fresh profile (launchPersistentContext is playwright's way to pass --user-data-dir).
const profileDir = path.join(OUT, ".chromium-profile");
fs.rmSync(profileDir, { recursive: true, force: true });
const browser = await chromium.launchPersistentContext(profileDir, {
  executablePath: process.env.E2E_CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1600, height: 2000 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const page = browser.pages()[0] ?? (await browser.newPage());
page.on("pageerror", (e) => log(`page error: ${e.message}`));
const shot = async (name) => {
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  log(`screenshot ${file}`);
};

/** Runs a command from the command palette (F1, else Ctrl+Shift+P after an Escape). */
async function runCommand(label) {
  const input = page.locator(".quick-input-widget input");
  for (const key of ["F1", "Control+Shift+P", "F1"]) {
    await page.keyboard.press(key);
    try {
      await input.waitFor({ state: "visible", timeout: 4000 });
    } catch {
      await page.keyboard.press("Escape");
      continue;
    }
    await input.fill(`>${label}`);
    await page.waitForTimeout(400);
    await page.keyboard.press("Enter");
    await page.waitForTimeout(400);
    return;
  }
  throw new Error(`the command palette did not open (for ${label})`);
}

/** The extension's output channel, from the VS Code profile's logs. */
function ppcertLog() {
  const logs = path.join(path.dirname(path.dirname(env("E2E_USER_SETTINGS"))), "logs");
  let text = "";
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/ppcert\.log$/.test(e.name)) text += fs.readFileSync(p, "utf8");
    }
  };
  if (fs.existsSync(logs)) walk(logs);
  return text;
}

/** Opens a workspace file with Ctrl+P. */
async function openFile(relPath) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10000 });
  await input.fill(relPath);
  const name = basename(relPath);
  await poll(async () => (await page.locator(".quick-input-list .monaco-list-row").count()) > 0, { timeout: 15000 });
  await page.waitForTimeout(300);
  await page.keyboard.press("Enter");
  await page
    .locator(`.tabs-container .tab.active[aria-label^="${name}"], .tabs-container .tab.active[data-resource-name="${name}"]`)
    .first()
    .waitFor({ timeout: 15000 });
  await page.locator(".editor-instance .monaco-editor .view-lines").first().waitFor({ timeout: 15000 });
}

/** True when the panel is maximized (the editor area is hidden). */
async function panelMaximized() {
  const box = await page.locator(".part.editor").first().boundingBox().catch(() => null);
  return !box || box.height < 40;
}

/**
 * Every row of the Problems panel (file rows and marker rows). The list is virtual, so the panel is
 * maximized while reading (the viewport is tall enough for this sample's ~60 rows) and scrolled if
 * needed; each file row's "N problems in file" is checked against the rows read, so an incomplete
 * read is retried instead of silently missing rows.
 */
async function readProblems() {
  await openProblems();
  const toggle = !(await panelMaximized());
  if (toggle) {
    await runCommand("View: Toggle Maximized Panel");
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await readProblemsOnce();
      if (r.complete) {
        return r.markers;
      }
      log(`Problems read incomplete (${r.why}); again`);
      await page.waitForTimeout(500);
    }
    throw new Error("could not read the whole Problems list");
  } finally {
    if (toggle) {
      await runCommand("View: Toggle Maximized Panel");
    }
  }
}

async function readProblemsOnce() {
  const list = page.locator(".markers-panel .monaco-list").first();
  await list.waitFor({ timeout: 10000 });
  const rows = new Map();
  const snapshot = () =>
    page.$$eval(".markers-panel .monaco-list-row", (els) =>
      // (Sticky scroll repeats the current file row at the top: not a real row.)
      els.filter((el) => !el.closest(".monaco-tree-sticky-container")).map((el) => ({
        index: Number(el.getAttribute("data-index")),
        level: Number(el.getAttribute("aria-level") || 0),
        aria: el.getAttribute("aria-label") || "",
        source: el.querySelector(".marker-source")?.textContent || "",
        code: el.querySelector(".marker-code")?.textContent || "",
        line: el.querySelector(".marker-line")?.textContent || "",
        label: el.querySelector(".monaco-icon-label .label-name")?.textContent || "",
      })),
    );
  const box = await list.boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + 20);
    for (let i = 0; i < 30 && !(await snapshot()).some((r) => r.index === 0); i++) {
      await page.mouse.wheel(0, -2000);
      await page.waitForTimeout(100);
    }
  }
  let still = 0;
  for (let i = 0; i < 200 && still < 3; i++) {
    const before = rows.size;
    for (const r of await snapshot()) {
      rows.set(r.index, r);
    }
    if (!box) {
      break;
    }
    still = rows.size === before ? still + 1 : 0;
    await page.mouse.wheel(0, 100);
    await page.waitForTimeout(120);
  }
  // Assign every marker to the file row above it; check the counts the file rows announce.
  const markers = [];
  const announced = new Map(); // group (file row index) -> [file, folder, count]
  let file = "";
  let folder = "";
  let group = -1;
  const sorted = [...rows.values()].sort((a, b) => a.index - b.index);
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i];
    if (i > 0 && r.index !== sorted[i - 1].index + 1) {
      return { complete: false, why: `rows ${sorted[i - 1].index + 1}..${r.index - 1} not seen` };
    }
    const fileRow = /^(\d+) problems? in file (.+?) of folder (.*)$/i.exec(r.aria);
    if (!r.source && !r.code && fileRow) {
      file = fileRow[2];
      folder = fileRow[3].replace(/\.$/, "");
      group = r.index;
      announced.set(group, [file, folder, Number(fileRow[1])]);
      continue;
    }
    if (r.level >= 3 && markers.length > 0) {
      // A finding's related information (the other file it is about), nested under it.
      markers[markers.length - 1].related.push(r.aria);
      continue;
    }
    const ln = /Ln (\d+), Col (\d+)/.exec(r.line) || /at line (\d+) and character (\d+)/.exec(r.aria);
    markers.push({
      related: [],
      file,
      folder,
      group,
      source: r.source.trim(),
      rule: r.code.trim(),
      line: ln ? Number(ln[1]) : 0,
      column: ln ? Number(ln[2]) : 0,
      aria: r.aria,
    });
  }
  for (const [g, [f, dir, n]] of announced) {
    const seen = markers.filter((m) => m.group === g).length;
    if (seen !== n) {
      return { complete: false, why: `${dir}/${f}: ${seen} rows read, ${n} announced` };
    }
  }
  if (process.env.E2E_DEBUG) {
    log(`debug readProblems: ${sorted.length} rows, ${JSON.stringify([...announced.values()])}`);
  }
  return { complete: true, markers };
}

/** Scrolls the Problems list back to its first row (for the screenshots). */
async function problemsToTop() {
  const box = await page.locator(".markers-panel .monaco-list").first().boundingBox().catch(() => null);
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + 20);
    for (let i = 0; i < 10; i++) {
      await page.mouse.wheel(0, -2000);
    }
    await page.waitForTimeout(300);
  }
}

/** The text of the ppcert status bar item. */
async function statusText() {
  const texts = await page.$$eval(".statusbar-item", (els) => els.map((el) => (el.textContent || "").trim()));
  return texts.find((t) => t.includes("ppcert")) ?? "";
}

async function openProblems() {
  const visible = await page.locator(".markers-panel").isVisible().catch(() => false);
  if (!visible) {
    await page.keyboard.press("Control+Shift+M");
    await page.locator(".markers-panel").waitFor({ state: "visible", timeout: 10000 });
  }
}

/** Puts the cursor at line:column (1-based) with Ctrl+G. */
async function goTo(line, column) {
  await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10000 });
  // The Go to Line picker is quick open with a ":" prefix; filling replaces the whole input.
  await input.fill(`:${line}:${column}`);
  await page.waitForTimeout(200);
  await page.keyboard.press("Enter");
  await page.waitForTimeout(300);
}

/** Runs one step; a failure is recorded (with a screenshot) and the next step still runs. */
async function step(name, fn) {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof StepError)) {
      log(`FAIL (${name}): ${err && err.stack ? err.stack : err}`);
      failures.push(`${name}: ${String(err && err.message ? err.message : err).split("\n")[0]}`);
    }
    await shot(`failure-${name}.png`).catch(() => {});
    await page.keyboard.press("Escape").catch(() => {});
    return false;
  }
  return true;
}

const list = (items, n = 12) => items.slice(0, n).join("; ") + (items.length > n ? `; … ${items.length - n} more` : "");

let exitCode = 0;
try {
  // 1. The workspace.
  const url = `${URL_.replace(/\/$/, "")}/?folder=${encodeURIComponent(WORKSPACE)}`;
  log(`open ${url}`);
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
  await page.locator(".explorer-folders-view, .explorer-viewlet").first().waitFor({ timeout: 60000 }).catch(() => {});
  await page.waitForTimeout(2000);

  // 2. apiDefinition.swagger.json, and ppcert's squiggles.
  await openFile(`${CONNECTOR}/${SWAGGER}`);
  log(`opened ${SWAGGER}`);
  const squiggles = await poll(
    async () => {
      const n = await page.locator(".monaco-editor .squiggly-error, .monaco-editor .squiggly-warning").count();
      return n > 0 ? n : 0;
    },
    { timeout: 60000 },
  );
  must(squiggles > 0, `squiggles in ${SWAGGER} (${squiggles})`);

  // 3. The Problems panel against the CLI: (file, line, rule) rows from source ppcert, as many times
  // as the CLI reports each.
  await step("problems", async () => {
    await openProblems();
    let problems = [];
    const want = counts(expectedHandled);
    await poll(
      async () => {
        problems = (await readProblems()).filter((p) => p.source === "ppcert");
        const have = counts(problems);
        return [...want].every(([k, n]) => (have.get(k) ?? 0) >= n);
      },
      { timeout: 45000, interval: 1500 },
    );
    await problemsToTop();
    await shot("problems.png");
    const rows = await readProblems();
    const bySource = {};
    for (const p of rows) bySource[p.source || "(none)"] = (bySource[p.source || "(none)"] || 0) + 1;
    log(`Problems rows by source: ${JSON.stringify(bySource)}`);
    const got = counts(problems);
    const missingFrom = (exp) => {
      const missing = [];
      for (const [k, n] of counts(exp)) {
        for (let i = got.get(k) ?? 0; i < n; i++) missing.push(k);
      }
      return missing;
    };
    const missingSwagger = missingFrom(swaggerExpected);
    check(
      missingSwagger.length === 0,
      `every CLI finding in ${SWAGGER} is in Problems with source ppcert, its rule id and line` +
        (missingSwagger.length ? `; missing ${missingSwagger.length}: ${list(missingSwagger)}` : ` (${swaggerExpected.length})`),
    );
    const otherExpected = expectedHandled.filter((d) => d.file !== SWAGGER);
    const missingOther = missingFrom(otherExpected);
    check(
      missingOther.length === 0,
      `every CLI finding in the connector's other (unopened) files is in Problems` +
        (missingOther.length ? `; missing ${missingOther.length}: ${list(missingOther)}` : ` (${otherExpected.length})`),
    );
    // Findings in files that are not documents (icon.png): the CLI puts them on that file; the server
    // may show them there or on apiDefinition.swagger.json's first line, naming the file.
    const unhandled = expected.filter((d) => !HANDLED.has(d.file.toLowerCase()));
    const rehomed = [];
    const unshown = [];
    for (const d of unhandled) {
      const own = problems.find((p) => !rehomed.includes(p) && key(p) === key(d));
      const moved = problems.find(
        (p) => !rehomed.includes(p) && p.file === SWAGGER && p.line === 1 && p.rule === d.rule && p.aria.includes(`${d.file}:`),
      );
      if (own || moved) {
        rehomed.push(own || moved);
        if (!own) log(`info: ${d.file} finding ${d.rule} is shown on ${SWAGGER} line 1 ("${d.file}: …")`);
      } else {
        unshown.push(key(d));
      }
    }
    if (unhandled.length) {
      check(unshown.length === 0, `findings in non-document files (${[...new Set(unhandled.map((d) => d.file))].join(", ")}) are shown` + (unshown.length ? `; missing: ${list(unshown)}` : ""));
    }
    const all = counts(expectedHandled);
    const extra = [];
    for (const [k, n] of counts(problems.filter((p) => !rehomed.includes(p)))) {
      for (let i = all.get(k) ?? 0; i < n; i++) extra.push(k);
    }
    check(extra.length === 0, `no ppcert rows the CLI does not report` + (extra.length ? `; extra ${extra.length}: ${list(extra)}` : ""));
  });

  // 4. The quick-fix menu on the fix target.
  let fixItem;
  await step("quickfix", async () => {
    await goTo(fixTarget.line, fixTarget.column);
    await page.keyboard.press("Control+.");
    const menu = page.locator(".action-widget");
    await menu.first().waitFor({ state: "visible", timeout: 15000 });
    const items = await poll(
      async () => {
        const t = await page.$$eval(".action-widget .monaco-list-row", (els) =>
          els.map((el) => (el.getAttribute("aria-label") || el.textContent || "").trim()),
        );
        return t.some((s) => s.startsWith("Fix")) ? t : null;
      },
      { timeout: 15000 },
    );
    const actions = items || (await page.$$eval(".action-widget .monaco-list-row", (els) => els.map((el) => (el.textContent || "").trim())));
    log(`quick-fix menu: ${JSON.stringify(actions)}`);
    await shot("quickfix.png");
    const fixTitle = `Fix: ${fixTarget.fix.title}`;
    fixItem = actions.find((a) => a.startsWith(fixTitle)) ?? actions.find((a) => a.startsWith("Fix: ") || a.startsWith("Fix (unsafe): "));
    check(!!fixItem, `a \`Fix:\` action is listed (expected “${fixTitle}”)`);
    check(actions.some((a) => a.startsWith(fixTitle)), `the fix's title is the CLI's: “${fixTitle}”`);
    check(
      actions.some((a) => a.startsWith(`Open documentation for \`${fixTarget.rule}\``) || a.startsWith("Open documentation for")),
      `an \`Open documentation for \`${fixTarget.rule}\`\` action is listed`,
    );
    check(actions.some((a) => a.startsWith(`Ignore \`${fixTarget.rule}\``)), `an \`Ignore \`${fixTarget.rule}\` in ppcert.toml\` action is listed`);

  });

  // 5. Apply it.
  await step("apply-fix", async () => {
    must(!!fixItem, "can apply the fix");
    // Keyboard, as a user would: the first action is focused; move down to ours and press Enter.
    const rows = await page.$$eval(".action-widget .monaco-list-row", (els) =>
      els.map((el) => ({ text: (el.getAttribute("aria-label") || el.textContent || "").trim(), header: el.classList.contains("group-header") })),
    );
    const actionable = rows.filter((r) => !r.header);
    const target = actionable.findIndex((r) => r.text === fixItem);
    must(target >= 0, `the fix is in the menu (${JSON.stringify(actionable.map((r) => r.text))})`);
    const focused = await page.$$eval(".action-widget .monaco-list-row:not(.group-header)", (els) => els.findIndex((el) => el.classList.contains("focused")));
    for (let i = Math.max(focused, 0); i < target; i++) {
      await page.keyboard.press("ArrowDown");
    }
    for (let i = Math.max(focused, 0); i > target; i--) {
      await page.keyboard.press("ArrowUp");
    }
    await page.keyboard.press("Enter");
    await page.waitForTimeout(300);
    const disk = path.join(WORKSPACE, CONNECTOR, SWAGGER);
    const before = fs.readFileSync(disk, "utf8");
    await openProblems();
    let after = [];
    const gone = await poll(
      async () => {
        after = (await readProblems()).filter((p) => p.source === "ppcert");
        return after.length > 0 && !after.some((p) => p.file === SWAGGER && p.rule === fixTarget.rule && p.line === fixTarget.line);
      },
      { timeout: 20000, interval: 1000 },
    );
    check(!!gone, `after the fix, ${fixTarget.rule} at line ${fixTarget.line} is gone from Problems (${after.length} ppcert rows left)`);
    await problemsToTop();
    await shot("after-fix.png");
    // Not saved yet: the server linted the open buffer, not the file on disk.
    check(fs.readFileSync(disk, "utf8") === before, "the fix was linted from the open (unsaved) buffer");
    await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+S");
    const saved = await poll(() => {
      const now = fs.readFileSync(disk, "utf8");
      return now !== before ? now : null;
    }, { timeout: 10000 });
    const savedLine = saved ? saved.split("\n")[fixTarget.line - 1] : "";
    for (const e of fixTarget.fix.edits) {
      check(!!saved && (e.content === "" || savedLine.includes(e.content)), `saved: line ${fixTarget.line} is ${JSON.stringify(savedLine.trim())} (edit ${JSON.stringify(e.content)})`);
    }

  });

  // 6. The profile: the status bar shows what the server reports (`ppcert/status`); changing the
  // `ppcert.profile` setting reaches the server (workspace/didChangeConfiguration) without a restart.
  await step("profile", async () => {
    const initial = await poll(async () => ((await statusText()).includes("ppcert: ") ? statusText() : null), { timeout: 10000 });
    check(/ppcert: certified/.test(initial || ""), `the status bar shows the profile from the layout: ${JSON.stringify(initial)}`);
    // Through VS Code's own settings.json editor, as a user would (an edit of the file on disk is
    // not picked up by code-server's user-data watcher).
    const original = JSON.parse(fs.readFileSync(env("E2E_USER_SETTINGS"), "utf8"));
    const setProfile = async (value) => {
      await runCommand("Preferences: Open User Settings (JSON)");
      await page.locator(".tabs-container .tab.active", { hasText: "settings.json" }).first().waitFor({ timeout: 15000 });
      await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
      await page.keyboard.press("Control+A");
      await page.keyboard.press("Delete");
      await page.keyboard.insertText(JSON.stringify({ ...original, "ppcert.profile": value }, null, 2));
      await page.keyboard.press("Control+S");
      await page.waitForTimeout(500);
      await page.keyboard.press("Control+W");
    };
    await setProfile("custom");
    const custom = await poll(async () => ((await statusText()).includes("ppcert: custom") ? statusText() : null), { timeout: 20000 });
    check(!!custom, `after setting ppcert.profile to "custom" the status bar shows ${JSON.stringify(custom || (await statusText()))}`);
    await setProfile("");
    const back = await poll(async () => ((await statusText()).includes("ppcert: certified") ? statusText() : null), { timeout: 20000 });
    check(!!back, `after clearing ppcert.profile it is certified again: ${JSON.stringify(back || (await statusText()))}`);
  });

  // 7. ppcert: Restart Server: a new server comes up (and its command registrations do not clash).
  await step("restart", async () => {
    const starts = () => (ppcertLog().match(/^Starting .* server \(from /gm) || []).length;
    const before = starts();
    await runCommand("ppcert: Restart Server");
    const restarted = await poll(() => starts() > before, { timeout: 20000 });
    check(!!restarted, `ppcert: Restart Server started the server again (${starts()} starts in the log)`);
    const back = await poll(async () => ((await statusText()).includes("ppcert: certified") ? statusText() : null), { timeout: 20000 });
    check(!!back, `after the restart the status bar shows ${JSON.stringify(back || (await statusText()))}`);
    const clash = /command '[^']+' already exists/i.exec(ppcertLog());
    check(!clash, `no command registration clash after the restart${clash ? `: ${clash[0]}` : ""}`);
    await openFile(`${CONNECTOR}/${SWAGGER}`);
    await goTo(fixTarget.line + 3, 6);
    const rows = await poll(async () => {
      const r = (await readProblems()).filter((p) => p.source === "ppcert");
      return r.length > 0 ? r : null;
    }, { timeout: 20000, interval: 1000 });
    check(!!rows && rows.length > 0, `Problems has ppcert rows after the restart (${rows ? rows.length : 0})`);
  });

  // 8. JSON schemas: a connector settings.json gets ppcert's schema, .vscode/settings.json does not.
  await step("schemas", async () => {
    await openFile("certified-connectors/Schema Check/settings.json");
    await openFile("certified-connectors/.vscode/settings.json");
    await openProblems();
    let rows = [];
    const notAllowed = (r) => r.file === "settings.json" && /Property notAConnectorSetting is not allowed/.test(r.aria);
    await poll(
      async () => {
        rows = (await readProblems()).filter((p) => p.file === "settings.json");
        return rows.some(notAllowed);
      },
      { timeout: 20000, interval: 1000 },
    );
    log(`settings.json rows: ${JSON.stringify(rows.map((r) => `${r.folder}/${r.file}: ${r.source || "-"}: ${r.aria}`))}`);
    check(
      rows.some((r) => notAllowed(r) && /Schema Check$/.test(r.folder)),
      "certified-connectors/Schema Check/settings.json is validated with ppcert's settings schema",
    );
    const leaked = rows.filter((r) => notAllowed(r) && /\.vscode$/.test(r.folder));
    check(leaked.length === 0, "certified-connectors/.vscode/settings.json is not");
  });
} catch (err) {
  if (!(err instanceof StepError)) {
    log(`FAIL: ${err && err.stack ? err.stack : err}`);
    failures.push(String(err && err.message ? err.message : err));
  }
  await shot("failure.png").catch(() => {});
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(`\neditor e2e: ${failures.length} check(s) failed:\n  - ${failures.join("\n  - ")}`);
  exitCode = 1;
} else {
  console.log("\neditor e2e: all checks passed");
}
process.exit(exitCode);
