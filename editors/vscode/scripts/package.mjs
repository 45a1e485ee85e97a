// Builds a VSIX.
//
//   npm run package                                          -> ppcert-<version>.vsix (no binary: uses
//                                                              ppcert.path / PATH / the Python env)
//   npm run package -- --target linux-x64 --binary PATH      -> ppcert-linux-x64-<version>.vsix with
//                                                              PATH copied to bundled/ppcert
//   options: --out DIR (default: this folder), --pre-release
//
// Steps: copy the JSON schemas from ../../schemas into schemas/ and ../../LICENSE here (both
// gitignored) so the VSIX is self-contained, put the binary (or nothing) in bundled/, then
// `vsce package --target <target> --no-dependencies`, whose prepublish step bundles the extension
// with esbuild (minified).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repo = path.resolve(root, "..", "..");

const TARGETS = ["win32-x64", "win32-arm64", "linux-x64", "linux-arm64", "alpine-x64", "alpine-arm64", "darwin-x64", "darwin-arm64"];

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { target: undefined, binary: undefined, out: root, preRelease: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === "--target") args.target = value();
    else if (a === "--binary") args.binary = path.resolve(value());
    else if (a === "--out") args.out = path.resolve(value());
    else if (a === "--pre-release") args.preRelease = true;
    else fail(`unknown argument ${a} (use --target T --binary PATH [--out DIR] [--pre-release])`);
  }
  if (args.target && !TARGETS.includes(args.target)) fail(`unknown target ${args.target}; one of ${TARGETS.join(", ")}`);
  if (args.binary && !args.target) fail("--binary needs --target (a VSIX with a binary is platform-specific)");
  if (args.target && !args.binary) fail("--target needs --binary (the ppcert binary built for that target)");
  if (args.binary && !fs.statSync(args.binary, { throwIfNoEntry: false })?.isFile()) fail(`no such file: ${args.binary}`);
  return args;
}

const args = parseArgs(process.argv.slice(2));
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

// 1. Schemas: every one the manifest points at must exist in ../../schemas.
const schemasDir = path.join(root, "schemas");
fs.rmSync(schemasDir, { recursive: true, force: true });
fs.mkdirSync(schemasDir);
for (const { url } of pkg.contributes.jsonValidation) {
  const name = path.basename(url);
  const src = path.join(repo, "schemas", name);
  if (!fs.existsSync(src)) fail(`${src} is missing (package.json's jsonValidation points at ${url})`);
  fs.copyFileSync(src, path.join(schemasDir, name));
}
// The ppcert.toml schema too, for users who associate it by hand (see README).
fs.copyFileSync(path.join(repo, "schemas", "ppcert-config.schema.json"), path.join(schemasDir, "ppcert-config.schema.json"));
fs.copyFileSync(path.join(repo, "LICENSE"), path.join(root, "LICENSE"));

// 2. The binary.
const bundled = path.join(root, "bundled");
fs.rmSync(bundled, { recursive: true, force: true });
if (args.binary) {
  fs.mkdirSync(bundled);
  const dest = path.join(bundled, args.target.startsWith("win32-") ? "ppcert.exe" : "ppcert");
  fs.copyFileSync(args.binary, dest);
  fs.chmodSync(dest, 0o755);
}

// 3. The bundle, then the VSIX.
const run = (cmd, cmdArgs) => execFileSync(cmd, cmdArgs, { cwd: root, stdio: "inherit" });
// (vsce runs the `vscode:prepublish` script, `node scripts/build.mjs --production`, first.)
fs.mkdirSync(args.out, { recursive: true });
const file = path.join(args.out, args.target ? `ppcert-${args.target}-${pkg.version}.vsix` : `ppcert-${pkg.version}.vsix`);
const vsce = path.join(root, "node_modules", "@vscode", "vsce", "vsce");
const vsceArgs = ["package", "--no-dependencies", "--out", file];
if (args.target) vsceArgs.push("--target", args.target);
if (args.preRelease) vsceArgs.push("--pre-release");
run(process.execPath, [vsce, ...vsceArgs]);
console.log(`package: ${file}`);
