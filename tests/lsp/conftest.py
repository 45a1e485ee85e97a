"""Shared machinery for the end-to-end tests of `ppcert server` (tests/lsp/test_server.py).

The server is the real binary (`$PPCERT_BIN`, else target/debug/ppcert), started over stdio by
pytest-lsp's client (pygls + lsprotocol: every message is checked against the LSP types). What the
server reports is compared with what `ppcert lint --format json` reports for the same files, so no
expected finding is written down here: the CLI is the oracle.

Every wait has a timeout; a test that cannot get an answer fails saying what it waited for.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Union

import pytest
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

REPO = Path(__file__).resolve().parents[2]
BIN = os.environ.get("PPCERT_BIN") or str(REPO / "target" / "debug" / "ppcert")
SAMPLES = REPO / "samples"

# (folder under samples/, the parent folder that decides the profile, the connector's name)
LEGACY = ("failing", "certified-connectors", "Contoso Legacy API Connector")
BAD_WEATHER = ("failing", "independent-publisher-connectors", "Bad Weather")
TASKS = ("", "certified-connectors", "Contoso Tasks")

DEFINITION = "apiDefinition.swagger.json"
PROPERTIES = "apiProperties.json"

# Seconds. Generous for a debug build on 2 cores; the debounce is ~150 ms.
T_START = 20
T_REQUEST = 20
T_DIAGNOSTICS = 20
T_EXIT = 10

SEVERITY = {"error": 1, "warning": 2, "info": 3, "information": 3, "hint": 4}
DOCS_URL = "https://github.com/ppcert/ppcert/blob/main/docs/rules.md#"


# ----------------------------------------------------------------------------------------------
# Files and the CLI oracle


def copy_connector(dest_root: Path, which: tuple[str, str, str]) -> Path:
    """Copy a sample connector to dest_root/<parent>/<name> (the parent folder name keeps the
    profile coming from the repository layout). Returns the new connector folder."""
    group, parent, name = which
    src = SAMPLES / group / parent / name if group else SAMPLES / parent / name
    dst = dest_root / parent / name
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src, dst)
    return dst


def read_text(path: Path) -> str:
    """A file as an editor shows it: UTF-8, BOM dropped, line endings kept."""
    return path.read_bytes().decode("utf-8-sig")


def uri_of(path: Path) -> str:
    return path.resolve().as_uri()


def path_of(uri: str) -> Path:
    parsed = urllib.parse.urlparse(uri)
    assert parsed.scheme == "file", f"not a file URI: {uri}"
    return Path(urllib.parse.unquote(parsed.path)).resolve()


def run_cli(args: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def cli_report(folder: Path, extra_args: list[str] | None = None) -> dict:
    """`ppcert lint <folder> --format json`, run from the folder's workspace (two levels up)."""
    cwd = folder.parent.parent
    proc = run_cli(["lint", str(folder), "--format", "json", "--color", "never", *(extra_args or [])], cwd)
    assert proc.returncode in (0, 1), (
        f"ppcert lint {folder} exited {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
    )
    report = json.loads(proc.stdout)
    for d in report["diagnostics"]:
        d["path"] = (cwd / d["file"]).resolve()
    return report


def scratch_copy(scratch_root: Path, folder: Path, overlay: dict[str, str | bytes] | None) -> Path:
    """A copy of `folder` (and of a ppcert.toml kept next to its parent tree) with the overlay's
    files replaced: what the server sees when those files are open buffers."""
    scratch_root.mkdir(parents=True, exist_ok=True)
    base = Path(
        __import__("tempfile").mkdtemp(prefix="cli-", dir=scratch_root)
    )
    dst = base / folder.parent.name / folder.name
    dst.parent.mkdir(parents=True)
    shutil.copytree(folder, dst)
    for cfg in ("ppcert.toml", ".ppcert.toml"):
        for above in (folder.parent, folder.parent.parent):
            if (above / cfg).exists():
                rel = above.relative_to(folder.parent.parent)
                shutil.copy(above / cfg, base / rel / cfg)
    for name, text in (overlay or {}).items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        (dst / name).write_bytes(data)
    return dst


def utf16_len(s: str) -> int:
    return sum(2 if ord(c) > 0xFFFF else 1 for c in s)


def utf8_len(s: str) -> int:
    return len(s.encode("utf-8"))


def cli_to_lsp(text: str, line: int, column: int, encoding: str = "utf-16") -> tuple[int, int]:
    """The CLI's 1-based line and 1-based column in characters (a BOM is not counted, as
    measured) to an LSP position in `text` (the document as the client holds it)."""
    lines = text.split("\n")
    idx = line - 1
    if idx >= len(lines):
        return (idx, 0)
    line_text = lines[idx]
    chars = column - 1
    if idx == 0 and text.startswith("\ufeff"):
        chars += 1  # the client's text holds the BOM as U+FEFF: it is part of the document
    prefix = line_text[:chars]
    n = utf8_len(prefix) if encoding == "utf-8" else utf16_len(prefix)
    return (idx, n)


Key = tuple  # (rule, severity, start_line, start_char, end_line, end_char)


def cli_expectation(
    folder: Path,
    scratch_root: Path,
    overlay: dict[str, str] | None = None,
    texts: dict[str, str] | None = None,
    encoding: str = "utf-16",
    extra_args: list[str] | None = None,
) -> dict[Path, list[Key]]:
    """What the CLI reports for `folder` with `overlay` (file name -> buffer text) in place of the
    files on disk, as LSP keys per file of the *real* folder. `texts` gives, per file name, the
    text the client holds (for position conversion); it defaults to the overlay, then the disk."""
    copy = scratch_copy(scratch_root, folder, overlay)
    report = cli_report(copy, extra_args)
    out: dict[Path, list[Key]] = {}
    host = shown_on(copy)
    for d in report["diagnostics"]:
        rel = d["path"].relative_to(copy.resolve()) if d["path"] != copy.resolve() else Path(".")
        if not is_text_document(copy / rel):
            # The server's placement (src/server/folder.rs `place`): a finding about a file that is
            # not one of the connector's text files (icon.png, ppcert.toml, the folder itself) is
            # shown at 0:0 of the definition (else apiProperties.json, else the first text file).
            assert host is not None, f"nowhere to show {d['rule']} on {rel}"
            real = (folder / host).resolve()
            out.setdefault(real, []).append((d["rule"], SEVERITY[d["severity"]], 0, 0, 0, 0))
            continue
        real = (folder / rel).resolve()
        name = rel.as_posix()
        if texts and name in texts:
            text = texts[name]
        elif overlay and name in overlay and isinstance(overlay[name], str):
            text = overlay[name]
        elif real.is_file():
            try:
                text = read_text(real)
            except UnicodeDecodeError:
                text = ""
        else:
            text = ""
        start = cli_to_lsp(text, d["line"], d["column"], encoding)
        if "end_line" in d and "end_column" in d:
            end = cli_to_lsp(text, d["end_line"], d["end_column"], encoding)
        else:
            end = (None, None)
        out.setdefault(real, []).append(
            (d["rule"], SEVERITY[d["severity"]], start[0], start[1], end[0], end[1])
        )
    for k in out:
        out[k].sort(key=_sort_key)
    return out


# The connector's text files, in the order the server falls back on them.
TEXT_FILES = ["apidefinition.swagger.json", "apiproperties.json", "settings.json", "readme.md", "intro.md", "script.csx"]


def is_text_document(path: Path) -> bool:
    """Whether the server shows findings about `path` on `path` itself: one of the connector's
    text files, readable as text (UTF-8, no NUL)."""
    if not path.is_file() or path.name.lower() not in TEXT_FILES:
        return False
    data = path.read_bytes()
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def shown_on(folder: Path) -> str | None:
    """The file name the server shows the folder's other findings on."""
    present = {p.name.lower(): p.name for p in folder.iterdir() if is_text_document(p)}
    for name in TEXT_FILES:
        if name in present:
            return present[name]
    return None


def _sort_key(k: Key):
    return tuple("" if v is None else (f"{v:09d}" if isinstance(v, int) else str(v)) for v in k)


def lsp_keys(diags: Iterable[types.Diagnostic], expected: list[Key] | None = None) -> list[Key]:
    out = []
    for d in diags:
        out.append(
            (
                d.code,
                int(d.severity) if d.severity is not None else None,
                d.range.start.line,
                d.range.start.character,
                d.range.end.line,
                d.range.end.character,
            )
        )
    out.sort(key=_sort_key)
    return out


def diff_keys(expected: list[Key], got: list[Key]) -> str:
    e, g = Counter(expected), Counter(got)
    missing = sorted((e - g).elements(), key=_sort_key)
    extra = sorted((g - e).elements(), key=_sort_key)
    return (
        f"expected (from ppcert lint --format json) but not sent by the server: {missing}\n"
        f"sent by the server but not reported by the CLI: {extra}\n"
        "(key = rule, severity, start line, start char, end line, end char; 0-based LSP positions)"
    )


def check_diagnostic_shape(d: types.Diagnostic, where: str) -> None:
    """Fields the contract promises on every diagnostic."""
    assert d.source == "ppcert", f"{where}: source is {d.source!r}"
    assert isinstance(d.code, str) and d.code, f"{where}: code is {d.code!r}"
    assert d.code_description is not None, f"{where}: no codeDescription on {d.code}"
    if d.code != "config":
        assert d.code_description.href == DOCS_URL + d.code, (
            f"{where}: codeDescription.href {d.code_description.href!r} for {d.code}"
        )
    assert d.severity in (1, 2, 3), f"{where}: severity {d.severity!r}"
    if d.code != "config":
        data = as_plain(d.data)
        assert isinstance(data, dict) and data.get("rule") == d.code and isinstance(
            data.get("fixable"), bool
        ), f"{where}: data {data!r} for {d.code}"


def as_plain(value: Any) -> Any:
    """pygls hands unknown JSON (diagnostic `data`, custom notifications) over as dicts or as
    attribute objects; make it plain JSON."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {k: as_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return [as_plain(v) for v in value]
    if hasattr(value, "_asdict"):
        return {k: as_plain(v) for k, v in value._asdict().items()}
    if hasattr(value, "__attrs_attrs__"):
        return as_plain(default_converter().unstructure(value))
    if hasattr(value, "__dict__"):
        return {k: as_plain(v) for k, v in vars(value).items() if not k.startswith("_")}
    return value


# ----------------------------------------------------------------------------------------------
# Applying a WorkspaceEdit the way an editor does (UTF-16 positions)


def offset_of(text: str, pos: types.Position, encoding: str = "utf-16") -> int:
    """Index into `text` (a Python str) of an LSP position. Lines end at \\n (a \\r before it is
    part of the line's text for counting, as the spec says \\r\\n, \\n and \\r are line ends; a
    position past the end of a line is clamped to it)."""
    line_starts = [0]
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            line_starts.append(i + 2)
            i += 2
            continue
        if c in "\r\n":
            line_starts.append(i + 1)
        i += 1
    if pos.line >= len(line_starts):
        return len(text)
    start = line_starts[pos.line]
    end = line_starts[pos.line + 1] if pos.line + 1 < len(line_starts) else len(text)
    # the line's content without its terminator
    content_end = end
    if content_end > start and text[content_end - 1] == "\n":
        content_end -= 1
    if content_end > start and text[content_end - 1] == "\r":
        content_end -= 1
    units = 0
    j = start
    while j < content_end and units < pos.character:
        c = text[j]
        units += utf8_len(c) if encoding == "utf-8" else utf16_len(c)
        j += 1
    assert units == pos.character or j == content_end, (
        f"position {pos} falls inside a character (encoding {encoding})"
    )
    return j


def apply_text_edits(text: str, edits: list[types.TextEdit], encoding: str = "utf-16") -> str:
    spans = []
    for e in edits:
        s = offset_of(text, e.range.start, encoding)
        t = offset_of(text, e.range.end, encoding)
        assert s <= t, f"edit with start after end: {e}"
        spans.append((s, t, e.new_text))
    spans.sort(key=lambda x: (x[0], x[1]))
    for a, b in zip(spans, spans[1:]):
        assert a[1] <= b[0], f"overlapping edits: {a} {b}"
    out = []
    last = 0
    for s, t, new in spans:
        out.append(text[last:s])
        out.append(new)
        last = t
    out.append(text[last:])
    return "".join(out)


def edits_by_path(edit: types.WorkspaceEdit) -> dict[Path, list[types.TextEdit]]:
    """Text edits of a WorkspaceEdit per file (from `changes` or `documentChanges`)."""
    out: dict[Path, list[types.TextEdit]] = {}
    if edit.changes:
        for uri, edits in edit.changes.items():
            out.setdefault(path_of(uri), []).extend(edits)
    for ch in edit.document_changes or []:
        if isinstance(ch, types.TextDocumentEdit):
            out.setdefault(path_of(ch.text_document.uri), []).extend(ch.edits)
    return out


# ----------------------------------------------------------------------------------------------
# The client session


@dataclass
class Publish:
    seq: int
    time: float
    path: Path
    params: types.PublishDiagnosticsParams


@dataclass
class Session:
    client: LanguageClient
    root: Path
    init: types.InitializeResult
    encoding: str = "utf-16"
    publishes: list[Publish] = field(default_factory=list)
    statuses: list[Any] = field(default_factory=list)
    shown: list[types.ShowDocumentParams] = field(default_factory=list)
    registrations: list[Any] = field(default_factory=list)
    versions: dict[Path, int] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    closed: bool = False
    exit_code: int | None = None

    # -- documents

    def open(self, path: Path, text: str | None = None, language: str | None = None) -> str:
        text = read_text(path) if text is None else text
        lang = language or {
            ".json": "json",
            ".md": "markdown",
            ".csx": "csharp",
            ".toml": "toml",
        }.get(path.suffix.lower(), "plaintext")
        self.versions[path.resolve()] = 1
        self.texts[path.resolve()] = text
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri_of(path), language_id=lang, version=1, text=text
                )
            )
        )
        return text

    def change(self, path: Path, text: str) -> int:
        """A full-text change (valid whatever sync kind the server asked for)."""
        p = path.resolve()
        self.versions[p] += 1
        self.texts[p] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri_of(path), version=self.versions[p]
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self.versions[p]

    def close(self, path: Path) -> None:
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri_of(path)))
        )

    # -- diagnostics (push)

    def mark(self) -> int:
        return len(self.publishes)

    def latest(self, path: Path, after: int = 0) -> Publish | None:
        p = path.resolve()
        for pub in reversed(self.publishes[after:]):
            if pub.path == p:
                return pub
        return None

    async def wait_for(self, what: str, cond: Callable[[], bool], timeout: float = T_DIAGNOSTICS) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.raise_if_dead(what)
            if cond():
                return True
            await asyncio.sleep(0.02)
        return cond()

    async def diagnostics(
        self,
        path: Path,
        after: int = 0,
        expected: list[Key] | None = None,
        pred: Callable[[list[types.Diagnostic]], bool] | None = None,
        timeout: float = T_DIAGNOSTICS,
        settle: float = 0.4,
    ) -> Publish:
        """The latest publishDiagnostics for `path` sent after mark `after`: waits until one matches
        `expected` (or `pred`), then until no newer one arrives for `settle` s. On timeout returns
        the last one (the caller's assertion shows the difference); fails if none came."""

        def ok(pub: Publish | None) -> bool:
            if pub is None:
                return False
            if expected is not None:
                return lsp_keys(pub.params.diagnostics) == expected
            if pred is not None:
                return pred(list(pub.params.diagnostics))
            return True

        await self.wait_for(f"diagnostics for {path}", lambda: ok(self.latest(path, after)), timeout)
        # let a debounced follow-up land, so what we check is the settled state
        quiet_deadline = time.monotonic() + 5
        while time.monotonic() < quiet_deadline:
            n = self.mark()
            await asyncio.sleep(settle)
            if self.mark() == n:
                break
        else:
            raise AssertionError(f"the server keeps publishing diagnostics (no {settle} s pause in 5 s)")
        pub = self.latest(path, after)
        assert pub is not None, (
            f"no textDocument/publishDiagnostics for {path} within {timeout} s "
            f"(publishes seen after the mark: {[str(p.path) for p in self.publishes[after:]]})"
        )
        return pub

    async def assert_matches_cli(
        self, path: Path, expected: dict[Path, list[Key]], after: int = 0, timeout: float = T_DIAGNOSTICS
    ) -> Publish:
        want = expected.get(path.resolve(), [])
        pub = await self.diagnostics(path, after=after, expected=want, timeout=timeout)
        got = lsp_keys(pub.params.diagnostics)
        assert got == want, f"diagnostics of {path.name} differ from the CLI's:\n" + diff_keys(want, got)
        for d in pub.params.diagnostics:
            check_diagnostic_shape(d, path.name)
        return pub

    # -- requests

    async def request(self, coro, what: str):
        try:
            return await asyncio.wait_for(coro, T_REQUEST)
        except asyncio.TimeoutError:
            raise AssertionError(f"no answer to {what} within {T_REQUEST} s") from None

    async def code_actions(
        self, path: Path, rng: types.Range, diags: list[types.Diagnostic], only: list[str] | None = None
    ) -> list[types.CodeAction]:
        res = await self.request(
            self.client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri_of(path)),
                    range=rng,
                    context=types.CodeActionContext(diagnostics=diags, only=only),
                )
            ),
            "textDocument/codeAction",
        )
        out = []
        for a in res or []:
            assert isinstance(a, types.CodeAction), f"a bare Command where a CodeAction was expected: {a}"
            out.append(a)
        return out

    async def hover(self, path: Path, pos: types.Position) -> types.Hover | None:
        return await self.request(
            self.client.text_document_hover_async(
                types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri_of(path)), position=pos)
            ),
            "textDocument/hover",
        )

    def raise_if_dead(self, what: str) -> None:
        proc = self.client._server
        if proc is not None and proc.returncode is not None and not self.closed:
            raise AssertionError(
                f"the server exited (code {proc.returncode}) while the test waited for {what}"
            )
        if self.client.error is not None:
            raise AssertionError(f"client error while waiting for {what}: {self.client.error}")

    async def shutdown(self) -> int:
        """shutdown, exit, and the process's exit code (the test asserts it)."""
        await self.request(self.client.shutdown_async(None), "shutdown")
        self.closed = True
        self.client.exit(None)
        proc = self.client._server
        try:
            self.exit_code = await asyncio.wait_for(proc.wait(), T_EXIT)
        except asyncio.TimeoutError:
            proc.kill()
            await proc.wait()
            raise AssertionError(f"the server did not exit within {T_EXIT} s of `exit`") from None
        return self.exit_code


def make_client(session_ref: list) -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        s = session_ref[0] if session_ref else None
        if s is not None:
            s.publishes.append(Publish(len(s.publishes) + 1, time.monotonic(), path_of(params.uri), params))

    def status(client: LanguageClient, params):
        if session_ref:
            session_ref[0].statuses.append(as_plain(params))

    def show_document(client: LanguageClient, params: types.ShowDocumentParams):
        client.shown_documents.append(params)
        if session_ref:
            session_ref[0].shown.append(params)
        return types.ShowDocumentResult(success=True)

    def register(client: LanguageClient, params: types.RegistrationParams):
        if session_ref:
            session_ref[0].registrations.extend(params.registrations)
        return None

    def unregister(client: LanguageClient, params: types.UnregistrationParams):
        return None

    # lsprotocol 2025.0.0 structures every `Command | CodeAction` that has a `command` key as a
    # Command (its _code_action_hook), turning a CodeAction whose `command` is an object into a
    # Command whose `command` is that object's repr. A Command's `command` is a string; decide on that.
    conv = client.protocol._converter

    def command_or_action(obj: Any, _: Any):
        if isinstance(obj, dict) and isinstance(obj.get("command"), str):
            return conv.structure(obj, types.Command)
        return conv.structure(obj, types.CodeAction)

    conv.register_structure_hook(Union[types.Command, types.CodeAction], command_or_action)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.WINDOW_SHOW_DOCUMENT] = show_document
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    features[types.CLIENT_UNREGISTER_CAPABILITY] = unregister
    features["ppcert/status"] = status
    register_lsp_features(client, features)
    return client


def preset(name: str, tweak: Callable[[types.ClientCapabilities], None] | None = None) -> types.ClientCapabilities:
    caps = client_capabilities(name)
    if tweak:
        tweak(caps)
    return caps


@contextlib.asynccontextmanager
async def lsp_session(
    root: Path,
    capabilities: types.ClientCapabilities,
    init_options: Any = None,
    args: list[str] | None = None,
):
    """Start `ppcert server`, initialize it with `root` as the workspace folder, and make sure the
    process is gone afterwards (killed if the test did not shut it down)."""
    ref: list[Session] = []
    client = make_client(ref)
    await asyncio.wait_for(client.start_io(BIN, "server", *(args or [])), T_START)
    try:
        params = types.InitializeParams(
            capabilities=capabilities,
            root_uri=uri_of(root),
            root_path=str(root),
            workspace_folders=[types.WorkspaceFolder(uri=uri_of(root), name=root.name)],
            initialization_options=init_options,
            client_info=types.ClientInfo(name="ppcert-tests (pytest-lsp)", version="1"),
        )
        try:
            init = await asyncio.wait_for(client.initialize_session(params), T_START)
        except asyncio.TimeoutError:
            raise AssertionError(f"no answer to initialize within {T_START} s") from None
        enc = init.capabilities.position_encoding or "utf-16"
        session = Session(client=client, root=root, init=init, encoding=str(getattr(enc, "value", enc)))
        ref.append(session)
        yield session
    finally:
        proc = client._server
        if proc is not None and proc.returncode is None:
            with contextlib.suppress(Exception):
                if ref and not ref[0].closed:
                    await asyncio.wait_for(client.shutdown_async(None), 3)
                    client.exit(None)
                await asyncio.wait_for(proc.wait(), 3)
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.stop(), 5)


# ----------------------------------------------------------------------------------------------
# Fixtures


def pytest_configure(config):
    config.addinivalue_line("markers", "push: the client takes pushed diagnostics")
    config.addinivalue_line("markers", "pull: the client asks for diagnostics")


@pytest.fixture(scope="session", autouse=True)
def server_binary():
    """The binary must exist and know `server`: fail (not skip) otherwise — CI must notice."""
    if not Path(BIN).is_file():
        pytest.fail(f"no ppcert binary at {BIN} (build it, or set PPCERT_BIN)")
    proc = subprocess.run([BIN, "server", "--help"], capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        pytest.fail(f"`{BIN} server --help` exited {proc.returncode}: {proc.stderr.strip()[:500]}")
    return BIN


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    return ws


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    return tmp_path / "scratch"
