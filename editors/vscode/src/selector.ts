// Which documents go to the ppcert server: the files of a connector folder, by file name,
// case-insensitively (the server's contract), on disk only (`scheme: file`).
// Pure, so it is unit-tested without VS Code.

export const CONNECTOR_FILE_NAMES = [
  "apiDefinition.swagger.json",
  "apiProperties.json",
  "settings.json",
  "readme.md",
  "intro.md",
  "script.csx",
  "ppcert.toml",
  ".ppcert.toml",
] as const;

/** A glob that matches `name` in any letter case, in any folder: `**` + `/[rR][eE]...`. */
export function caseInsensitiveGlob(name: string): string {
  let out = "**/";
  for (const ch of name) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out += lower !== upper ? `[${lower}${upper}]` : ch;
  }
  return out;
}

export interface FileDocumentFilter {
  scheme: "file";
  pattern: string;
}

export function documentSelector(): FileDocumentFilter[] {
  return CONNECTOR_FILE_NAMES.map((name) => ({ scheme: "file", pattern: caseInsensitiveGlob(name) }));
}

const LOWER_NAMES = new Set<string>(CONNECTOR_FILE_NAMES.map((n) => n.toLowerCase()));

/** True when a path's file name is one the server handles (either separator, any case). */
export function isConnectorFile(fsPath: string): boolean {
  const base = fsPath.split(/[\\/]/).pop() ?? "";
  return LOWER_NAMES.has(base.toLowerCase());
}

/** The server's profile setting: "" means "let ppcert decide" and is sent as null. */
export function profileOption(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}
