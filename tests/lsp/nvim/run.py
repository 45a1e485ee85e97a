#!/usr/bin/env python3
"""Drive headless Neovim (a genuine third-party LSP client) against `ppcert server`.

Copies a failing sample connector to a temporary workspace (keeping `certified-connectors/`, so
the profile comes from the layout), runs `nvim --headless --clean -u NONE -c 'luafile fix.lua'`
under a time limit, and checks the JSON result fix.lua writes:
- the Lua-side checks passed (diagnostics arrived, a `Fix:` code action was applied with
  vim.lsp.util.apply_workspace_edit, the refreshed diagnostics lost the finding, hover, clean exit);
- the diagnostics before and after the fix are what `ppcert lint --format json` reports for the
  buffer's text (rule, severity, range in UTF-16);
- the file on disk is unchanged (the unsaved buffer was linted).

Exit 0 on success; 1 with the reasons, the result file, Neovim's output and its LSP log otherwise.
Usage: python tests/lsp/nvim/run.py   (PPCERT_BIN selects the binary; default target/debug/ppcert)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from conftest import (  # noqa: E402
    BIN,
    DEFINITION,
    DOCS_URL,
    LEGACY,
    cli_expectation,
    cli_report,
    copy_connector,
    diff_keys,
    _sort_key,
)

NVIM_TIMEOUT = 150  # seconds for the whole Neovim run


def keys(diags: list[dict]) -> list[tuple]:
    out = [
        (
            d.get("code"),
            d.get("severity"),
            d["range"]["start"]["line"],
            d["range"]["start"]["character"],
            d["range"]["end"]["line"],
            d["range"]["end"]["character"],
        )
        for d in diags
    ]
    out.sort(key=_sort_key)
    return out


def main() -> int:
    nvim = shutil.which("nvim")
    if not nvim:
        print("run.py: nvim is not installed (apt-get install -y neovim)", file=sys.stderr)
        return 1
    if not Path(BIN).is_file():
        print(f"run.py: no ppcert binary at {BIN}", file=sys.stderr)
        return 1
    version = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout.splitlines()[0]
    failures: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="ppcert-nvim-"))
    keep = os.environ.get("PPCERT_NVIM_KEEP") == "1"
    try:
        ws = tmp / "ws"
        folder = copy_connector(ws, LEGACY)
        definition = folder / DEFINITION
        on_disk = definition.read_bytes()
        result_path = tmp / "result.json"
        env = dict(os.environ)
        env.update(
            PPCERT_BIN=BIN,
            PPCERT_NVIM_FILE=str(definition),
            PPCERT_NVIM_ROOT=str(ws),
            PPCERT_NVIM_RESULT=str(result_path),
            XDG_STATE_HOME=str(tmp / "state"),  # LSP log location (0.8+)
            XDG_CACHE_HOME=str(tmp / "cache"),  # LSP log location (0.7)
            XDG_DATA_HOME=str(tmp / "data"),
            XDG_CONFIG_HOME=str(tmp / "config"),
        )
        cmd = [nvim, "--headless", "--clean", "-u", "NONE", "-c", f"luafile {HERE / 'fix.lua'}"]
        proc = subprocess.Popen(
            cmd, cwd=ws, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=NVIM_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # nvim and the server it started
            out, err = proc.communicate()
            failures.append(f"Neovim did not finish within {NVIM_TIMEOUT} s (killed)")
        if proc.returncode not in (0, None) and not failures:
            failures.append(f"nvim exited with {proc.returncode}")

        result = json.loads(result_path.read_text()) if result_path.exists() else None
        if result is None:
            failures.append("fix.lua wrote no result file")
        else:
            failures.extend(result.get("failures", []))
            if not result.get("ok") and not result.get("failures"):
                failures.append("fix.lua did not report success")
            scratch = tmp / "scratch"
            def compare(stage: str, what: str, overlay=None) -> None:
                """The server's diagnostics at `stage` equal the CLI's, and Neovim kept them all."""
                want = cli_expectation(folder, scratch, overlay=overlay).get(definition.resolve(), [])
                got = keys(result[stage]["diagnostics"])
                if got != want:
                    failures.append(f"{what} differ from the CLI's:\n" + diff_keys(want, got))
                held, sent = result.get(f"{stage}_in_neovim"), len(result[stage]["diagnostics"])
                if held != sent:
                    failures.append(f"{what}: vim.diagnostic holds {held}, the server sent {sent}")

            # before the fix: the file as it is on disk
            if result.get("initial"):
                compare("initial", "initial diagnostics")
            for d in (result.get("initial") or {}).get("diagnostics", []):
                href = (d.get("codeDescription") or {}).get("href")
                if href != DOCS_URL + str(d.get("code")):
                    failures.append(f"codeDescription.href {href!r} for {d.get('code')}")
                    break
            # after the fix: the buffer's text (never saved)
            if result.get("final"):
                text = result["text_after_fix"]
                compare("final", "diagnostics after the fix (the buffer)", overlay={DEFINITION: text})
                if text == result.get("initial_text"):
                    failures.append("the Fix action changed nothing in the buffer")
            if result.get("ignore_text") is not None:
                toml = Path(result["ignore_file"])
                rule = result["ignore_rule"]
                if not folder.resolve().is_relative_to(toml.parent.resolve()):
                    failures.append(f"the Ignore action's ppcert.toml {toml} is not above the connector")
                else:
                    saved = toml.read_bytes() if toml.exists() else None
                    toml.write_text(result["ignore_text"], encoding="utf-8")
                    try:
                        rep = cli_report(folder)
                    finally:
                        if saved is None:
                            toml.unlink()
                        else:
                            toml.write_bytes(saved)
                    if any(d["rule"] == rule for d in rep["diagnostics"]):
                        failures.append(
                            f"with the ppcert.toml Neovim made of the Ignore edit, the CLI still reports {rule}:\n"
                            + result["ignore_text"]
                        )
            if definition.read_bytes() != on_disk:
                failures.append("the file on disk changed (the test never saves: the server or Neovim wrote it)")

        print(f"{version}: " + ("; ".join((result or {}).get("steps", [])) or "no steps recorded"))
        if failures:
            print("Neovim client test FAILED:", file=sys.stderr)
            for f in failures:
                print("  - " + f, file=sys.stderr)
            if result is not None:
                slim = {k: v for k, v in result.items() if k not in ("initial_text", "text_after_fix")}
                print("result.json:\n" + json.dumps(slim, indent=1)[:20000], file=sys.stderr)
            if out.strip() or err.strip():
                print(f"nvim stdout:\n{out[-4000:]}\nnvim stderr:\n{err[-4000:]}", file=sys.stderr)
            for log in list((tmp / "cache").rglob("lsp.log")) + list((tmp / "state").rglob("lsp.log")):
                print(f"{log}:\n{log.read_text(errors='replace')[-6000:]}", file=sys.stderr)
            return 1
        print("Neovim client test passed")
        return 0
    finally:
        if keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
