#!/usr/bin/env python3
"""Re-run the review study: every reproduction in reviews.json against a ppcert binary.

Usage:  python3 tests/review_study/check.py [--verbose] [--json] [--update]
        PPCERT_BIN=path/to/ppcert python3 tests/review_study/check.py

Each reproduction is a minimal connector written by this script (a clean base connector for its
track, then the edits the reproduction lists), linted with `ppcert lint DIR --format json`; for
breaking changes an older version is built too and `ppcert diff OLD NEW --format json` is run.
A problem counts as reported when a finding that the clean base does not have either carries one
of the rule ids the entry expects or points at (or inside, or above) a JSON pointer the
reproduction edited (a reproduction may name the pointers to watch in "at"; "at": [] means only
the expected rule ids count). `--update` writes each decidable entry's verdict (caught_by_lint,
caught_with_base, reported_as) back into reviews.json; nothing else outside a temporary directory
is written.
"""
import copy
import json
import os
import struct
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("PPCERT_BIN", os.path.join(REPO, "target", "release", "ppcert"))

TRACK_DIR = {
    "certified": "certified-connectors",
    "independent-publisher": "independent-publisher-connectors",
    "custom": "custom-connectors",
}


def png(width, height, rgb):
    """A solid-colour RGB PNG, written without third-party modules."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def base_definition(track):
    d = {
        "swagger": "2.0",
        "info": {
            "title": "Contoso Widgets",
            "description": "Contoso Widgets keeps an inventory of widgets. Use the connector to list the widgets of an account and to read one widget.",
            "version": "1.0",
            "contact": {"name": "Contoso Support", "url": "https://www.contoso.com/support", "email": "support@contoso.com"},
        },
        "host": "api.contoso.com",
        "basePath": "/",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "paths": {
            "/widgets": {
                "get": {
                    "operationId": "ListWidgets",
                    "summary": "List widgets",
                    "description": "Lists the widgets of the account.",
                    "x-ms-visibility": "important",
                    "parameters": [
                        {"name": "top", "in": "query", "type": "integer", "format": "int32", "required": False,
                         "x-ms-summary": "Top", "description": "The number of widgets to return."}
                    ],
                    "responses": {
                        "200": {
                            "description": "The widgets.",
                            "schema": {"type": "array", "items": {"$ref": "#/definitions/Widget"}},
                        }
                    },
                }
            },
            "/widgets/{widgetId}": {
                "get": {
                    "operationId": "GetWidget",
                    "summary": "Get a widget",
                    "description": "Gets one widget by its identifier.",
                    "x-ms-visibility": "important",
                    "parameters": [
                        {"name": "widgetId", "in": "path", "type": "string", "required": True, "x-ms-url-encoding": "single",
                         "x-ms-summary": "Widget ID", "description": "The identifier of the widget."}
                    ],
                    "responses": {"200": {"description": "The widget.", "schema": {"$ref": "#/definitions/Widget"}}},
                },
                "post": {
                    "operationId": "UpdateWidget",
                    "summary": "Update a widget",
                    "description": "Updates the name of a widget.",
                    "x-ms-visibility": "important",
                    "parameters": [
                        {"name": "widgetId", "in": "path", "type": "string", "required": True, "x-ms-url-encoding": "single",
                         "x-ms-summary": "Widget ID", "description": "The identifier of the widget."},
                        {"name": "body", "in": "body", "required": True, "schema": {
                            "type": "object", "required": ["name"],
                            "properties": {"name": {"type": "string", "x-ms-summary": "Name", "description": "The new name of the widget."}}}},
                    ],
                    "responses": {"200": {"description": "The updated widget.", "schema": {"$ref": "#/definitions/Widget"}}},
                },
            },
        },
        "definitions": {
            "Widget": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "x-ms-summary": "Widget ID", "description": "The identifier of the widget."},
                    "name": {"type": "string", "x-ms-summary": "Name", "description": "The display name of the widget."},
                    "active": {"type": "boolean", "x-ms-summary": "Active", "description": "Whether the widget is in use."},
                },
            }
        },
        "securityDefinitions": {"api_key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
        "security": [{"api_key": []}],
        "x-ms-connector-metadata": [
            {"propertyName": "Website", "propertyValue": "https://www.contoso.com"},
            {"propertyName": "Privacy policy", "propertyValue": "https://www.contoso.com/privacy"},
            {"propertyName": "Categories", "propertyValue": "Productivity"},
        ],
    }
    if track == "custom":
        # a sample, as custom-connectors/ holds: no certification metadata
        del d["x-ms-connector-metadata"]
        d["info"].pop("contact", None)
    return d


def base_properties(track):
    p = {
        "properties": {
            "connectionParameters": {
                "api_key": {
                    "type": "securestring",
                    "uiDefinition": {
                        "displayName": "API Key",
                        "description": "The API key of your Contoso account.",
                        "tooltip": "Provide your API key.",
                        "constraints": {"tabIndex": 2, "clearText": False, "required": "true"},
                    },
                }
            },
            "iconBrandColor": "#da3b01" if track == "independent-publisher" else "#1f6f8b",
            "capabilities": [],
            "publisher": "Jane Doe" if track == "independent-publisher" else "Contoso",
            "stackOwner": "Contoso",
        }
    }
    if track == "custom":
        del p["properties"]["publisher"]
        del p["properties"]["stackOwner"]
    return p


def base_readme(track):
    publisher = "Jane Doe" if track == "independent-publisher" else "Contoso"
    return (
        "# Contoso Widgets\n"
        "Contoso Widgets keeps an inventory of widgets; this connector lists and reads them.\n\n"
        f"## Publisher: {publisher}\n\n"
        "## Prerequisites\nA Contoso account.\n\n"
        "## Supported Operations\n### List widgets\nLists the widgets of the account.\n"
        "### Get a widget\nGets one widget.\n### Update a widget\nUpdates the name of a widget.\n\n"
        "## Obtaining Credentials\nCreate an API key in the Contoso portal under Settings.\n\n"
        "## Known Issues and Limitations\nNone.\n\n"
        "## Deployment Instructions\nDeploy with the paconn CLI.\n"
    )


def _split(pointer):
    if pointer in ("", "/"):
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]


def _set(doc, pointer, value):
    parts = _split(pointer)
    cur = doc
    for i, part in enumerate(parts[:-1]):
        nxt = cur[int(part)] if isinstance(cur, list) else cur.get(part)
        if nxt is None:
            nxt = {}
            if isinstance(cur, list):
                cur[int(part)] = nxt
            else:
                cur[part] = nxt
        cur = nxt
    last = parts[-1]
    if isinstance(cur, list):
        if last == "-":
            cur.append(value)
        else:
            cur[int(last)] = value
    else:
        cur[last] = value


def _del(doc, pointer):
    parts = _split(pointer)
    cur = doc
    for part in parts[:-1]:
        cur = cur[int(part)] if isinstance(cur, list) else cur[part]
    if isinstance(cur, list):
        del cur[int(parts[-1])]
    else:
        cur.pop(parts[-1], None)


def _rename_key(doc, pointer, new_key):
    """Rename the last key of pointer, keeping its position."""
    parts = _split(pointer)
    cur = doc
    for part in parts[:-1]:
        cur = cur[int(part)] if isinstance(cur, list) else cur[part]
    items = list(cur.items())
    cur.clear()
    for k, v in items:
        cur[new_key if k == parts[-1] else k] = v


def build(root, spec, name="Contoso Widgets"):
    """Write the connector a spec describes under root/<track dir>/<name>; return its folder."""
    track = spec.get("track", "certified")
    folder = os.path.join(root, TRACK_DIR[track], name)
    os.makedirs(folder, exist_ok=True)
    docs = {"def": base_definition(track), "props": base_properties(track)}
    for op in spec.get("ops", []):
        kind = op[0]
        if kind == "set":
            _set(docs[op[1]], op[2], copy.deepcopy(op[3]))
        elif kind == "del":
            _del(docs[op[1]], op[2])
        elif kind == "rename_key":
            _rename_key(docs[op[1]], op[2], op[3])
        else:
            raise ValueError(f"unknown op {kind}")
    files = {
        "apiDefinition.swagger.json": json.dumps(docs["def"], indent=2) + "\n",
        "apiProperties.json": json.dumps(docs["props"], indent=2) + "\n",
        "readme.md": base_readme(track),
    }
    if track == "certified":
        color = docs["props"]["properties"].get("iconBrandColor", "#1f6f8b")
        try:
            rgb = tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))
        except (ValueError, TypeError, IndexError):
            rgb = (31, 111, 139)
        files["icon.png"] = png(230, 230, rgb)
    for fname, text in spec.get("replace_text", {}).items():
        # literal edits on the serialised text: [old, new] pairs (for whitespace, YAML, key case...)
        for old, new in text:
            if old not in files[fname]:
                raise ValueError(f"replace_text: {old!r} not in {fname}")
            files[fname] = files[fname].replace(old, new)
    for fname, content in spec.get("files", {}).items():
        if isinstance(content, dict) and "png" in content:
            w, h, rgb = content["png"]
            files[fname] = png(w, h, tuple(rgb))
        elif isinstance(content, (dict, list)):
            files[fname] = json.dumps(content, indent=2) + "\n"
        else:
            files[fname] = content
    for fname in spec.get("remove", []):
        files.pop(fname, None)
    for old, new in spec.get("rename", []):
        files[new] = files.pop(old)
    for fname, content in files.items():
        path = os.path.join(folder, fname)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def run_json(args):
    proc = subprocess.run([BIN] + args, capture_output=True, text=True)
    try:
        return json.loads(proc.stdout), proc.returncode
    except json.JSONDecodeError:
        return {"diagnostics": [], "error": proc.stderr.strip()[:300]}, proc.returncode


def findings(report):
    out = []
    for d in report.get("diagnostics", []):
        out.append((d.get("rule"), os.path.basename(d.get("file") or ""), d.get("pointer") or "", d.get("severity")))
    return out


def related(pointer, targets):
    for t in targets:
        if pointer == t or pointer.startswith(t.rstrip("/") + "/") or (t.startswith(pointer.rstrip("/") + "/") and pointer not in ("", "/")):
            return True
    return False


def edited_pointers(spec):
    pts = []
    for op in spec.get("ops", []):
        if op[0] in ("set", "del", "rename_key"):
            pts.append(op[2])
    return pts


def git(root, *args):
    subprocess.run(["git", "-C", root, *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "study", "GIT_AUTHOR_EMAIL": "study@example.com",
                        "GIT_COMMITTER_NAME": "study", "GIT_COMMITTER_EMAIL": "study@example.com"})


def clone_with_previous(root, repro):
    """A clone of PowerPlatformConnectors as an author has it: the previous version committed on
    the remote's dev branch, the change in the working tree; `lint` compares by itself."""
    old_spec = dict(repro["old"])
    old_spec.setdefault("track", repro.get("track", "certified"))
    os.makedirs(root, exist_ok=True)
    git(root, "init", "-q", "-b", "dev")
    folder = build(root, old_spec)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "previous version")
    git(root, "remote", "add", "upstream", "https://github.com/microsoft/PowerPlatformConnectors.git")
    git(root, "update-ref", "refs/remotes/upstream/dev", "HEAD")
    git(root, "checkout", "-q", "-b", "update")
    shutil.rmtree(folder)
    return build(root, repro)


def judge(repro, expect, base_keys, tmp, idx):
    root = os.path.join(tmp, f"r{idx}")
    folder = clone_with_previous(root, repro) if "old" in repro else build(root, repro)
    report, _ = run_json(["lint", folder, "--format", "json", "--isolated"])
    new = [f for f in findings(report) if (f[0], f[1], f[2]) not in base_keys[repro.get("track", "certified")]]
    targets = repro["at"] if "at" in repro else edited_pointers(repro)
    hits = [f for f in new if f[0] in expect or (targets and related(f[2], targets))]
    if not targets and not expect:
        hits = new
    if not hits and repro.get("unjudged_is_report") and report.get("summary", {}).get("unjudged"):
        hits = [("unjudged: no connector found", "", "", "error")]
    result = {"lint": bool(hits), "lint_rules": sorted({f"{f[0]}:{f[3]}" for f in hits}), "error": report.get("error")}
    if "old" in repro:
        old_root = os.path.join(tmp, f"o{idx}")
        old_spec = dict(repro["old"])
        old_spec.setdefault("track", repro.get("track", "certified"))
        old_folder = build(old_root, old_spec)
        drep, _ = run_json(["diff", os.path.join(old_folder, "apiDefinition.swagger.json"),
                            os.path.join(folder, "apiDefinition.swagger.json"), "--format", "json", "--isolated"])
        dhits = findings(drep)
        result["diff"] = bool(dhits)
        result["diff_rules"] = sorted({f"{f[0]}:{f[3]}" for f in dhits})
    return result


def main():
    verbose = "--verbose" in sys.argv
    as_json = "--json" in sys.argv
    with open(os.path.join(HERE, "reviews.json"), encoding="utf-8") as f:
        data = json.load(f)
    if not os.path.exists(BIN):
        sys.exit(f"ppcert binary not found at {BIN} (set PPCERT_BIN)")
    repros = data["repros"]
    entries = data["entries"]
    with tempfile.TemporaryDirectory(prefix="ppcert-review-study-") as tmp:
        base_keys = {}
        for track in TRACK_DIR:
            folder = build(os.path.join(tmp, "base-" + track), {"track": track})
            rep, _ = run_json(["lint", folder, "--format", "json", "--isolated"])
            base_keys[track] = {(f[0], f[1], f[2]) for f in findings(rep)}
            if verbose and base_keys[track]:
                print(f"base {track}: {sorted(base_keys[track])}")
        results = {}
        for i, (rid, repro) in enumerate(sorted(repros.items())):
            expect = set()
            for e in entries:
                if e.get("repro") == rid:
                    expect.update(e.get("rules", []))
            results[rid] = judge(repro, expect, base_keys, tmp, i)

    fam = defaultdict(lambda: [0, 0, 0, 0])  # decidable, lint, base-needing, lint-or-diff
    totals = {"comments": len(entries), "decidable": 0, "judgement": 0, "lint": 0, "lint_or_diff": 0,
              "needs_base": 0, "no_repro": 0}
    rows = []
    for e in entries:
        if e["kind"] != "decidable":
            totals["judgement"] += 1
            continue
        totals["decidable"] += 1
        r = results.get(e.get("repro"))
        if r is None:
            totals["no_repro"] += 1
            lint = diff = False
        else:
            lint = r["lint"]
            diff = r.get("diff", False)
        both = lint or diff
        totals["lint"] += lint
        totals["lint_or_diff"] += both
        totals["needs_base"] += bool(e.get("needs_base"))
        f = fam[e["family"]]
        f[0] += 1
        f[1] += lint
        f[2] += both
        rows.append((e["id"], e["family"], lint, diff, r))
    if "--update" in sys.argv:
        # record today's verdicts in the data file (per entry: caught_by_lint, caught_with_base)
        for e in entries:
            r = results.get(e.get("repro"))
            if e["kind"] != "decidable":
                e.pop("caught_by_lint", None)
                e.pop("caught_with_base", None)
                continue
            e["caught_by_lint"] = bool(r and r["lint"])
            if e.get("needs_base"):
                e["caught_with_base"] = bool(r and (r["lint"] or r.get("diff", False)))
            e["reported_as"] = (r["lint_rules"] + r.get("diff_rules", [])) if r else []
        with open(os.path.join(HERE, "reviews.json"), "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
    if as_json:
        print(json.dumps({"totals": totals, "families": {k: {"decidable": v[0], "lint": v[1], "lint_or_diff": v[2]} for k, v in fam.items()},
                          "repros": results}, indent=2))
        return
    d = totals["decidable"] or 1
    print(f"ppcert: {BIN}")
    print(f"comments: {totals['comments']}  judgement: {totals['judgement']}  decidable: {totals['decidable']}"
          f"  (breaking changes needing the previous version: {totals['needs_base']})")
    print(f"reported by lint:        {totals['lint']}/{totals['decidable']} = {100 * totals['lint'] / d:.0f} %")
    print(f"reported by lint + diff: {totals['lint_or_diff']}/{totals['decidable']} = {100 * totals['lint_or_diff'] / d:.0f} %")
    print()
    print(f"{'family':34} {'decidable':>9} {'lint':>5} {'lint+diff':>9}")
    for k, v in sorted(fam.items(), key=lambda kv: (-(kv[1][0] - kv[1][2]), kv[0])):
        print(f"{k:34} {v[0]:9d} {v[1]:5d} {v[2]:9d}")
    if verbose:
        print()
        for rid, r in sorted(results.items()):
            print(f"{rid:40} lint={r['lint']!s:5} {','.join(r['lint_rules'])}"
                  + (f"  diff={r['diff']!s:5} {','.join(r['diff_rules'])}" if "diff" in r else "")
                  + (f"  ERROR {r['error']}" if r.get("error") else ""))


if __name__ == "__main__":
    main()
