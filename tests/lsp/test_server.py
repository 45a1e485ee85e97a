"""`ppcert server` driven over stdio by pytest-lsp, a third-party LSP client (pygls + lsprotocol),
with the capabilities recorded from real editors (Neovim, VS Code).

The expected diagnostics always come from `ppcert lint --format json` on the same files (with the
test's unsaved buffer contents written to a scratch copy), converted to LSP positions: line - 1,
and the 1-based character column to UTF-16 code units (or UTF-8 bytes when negotiated).
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from lsprotocol import types

from conftest import (
    BAD_WEATHER,
    DEFINITION,
    DOCS_URL,
    LEGACY,
    PROPERTIES,
    TASKS,
    apply_text_edits,
    as_plain,
    check_diagnostic_shape,
    cli_expectation,
    cli_report,
    copy_connector,
    diff_keys,
    edits_by_path,
    is_text_document,
    lsp_keys,
    lsp_session,
    path_of,
    preset,
    read_text,
    scratch_copy,
    uri_of,
)

# Neovim 0.7 is what Debian ships (and what tests/lsp/nvim drives for real): push diagnostics,
# UTF-16, no showDocument. Neovim 0.9 adds window.showDocument.support, still push.
NVIM_PUSH = "neovim@v0.7"
NVIM_PUSH_SHOWDOC = "neovim@v0.9"
VSCODE = "visual-studio-code"


def rules_in(keys) -> list[str]:
    return [k[0] for k in keys]


def first_operation_summary_removed(text: str) -> str:
    """The definition without the `summary` line of its first operation."""
    m = re.search(r'\n[ \t]*"summary":[^\n]*\n', text)
    assert m, "the sample has no operation summary line"
    return text[: m.start()] + "\n" + text[m.end():]


# ----------------------------------------------------------------------------------------------
# (a) push diagnostics for the opened definition and its apiProperties.json


async def test_a_push_diagnostics_match_cli(workspace, scratch):
    folder = copy_connector(workspace, LEGACY)
    definition, props = folder / DEFINITION, folder / PROPERTIES
    expected = cli_expectation(folder, scratch)
    assert expected.get(definition.resolve()) and expected.get(props.resolve()), "the sample lost its findings"

    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        assert s.encoding == "utf-16", f"the client offered no positionEncodings, got {s.encoding}"
        s.open(definition)
        await s.assert_matches_cli(definition, expected)
        await s.assert_matches_cli(props, expected)  # not open: published because the folder is
        pub = s.latest(definition)
        # findings about files the editor cannot show (icon.png) sit at 0:0 of the definition and
        # name their file
        elsewhere = [d for d in cli_report(folder)["diagnostics"] if d["path"].is_file() and not is_text_document(d["path"])]
        assert elsewhere, "setup: the sample has no finding on a non-text file"
        for d in elsewhere:
            prefix = f"{d['path'].name}: "
            assert any(
                x.code == d["rule"] and x.message.startswith(prefix) for x in pub.params.diagnostics
            ), f"no {d['rule']} on the definition whose message starts with {prefix!r}"
        assert pub.params.version in (None, 1), f"version {pub.params.version} for a document at version 1"
        # the profile the folder was judged under
        ok = await s.wait_for("ppcert/status", lambda: any(st.get("profile") == "certified" for st in s.statuses), 5)
        assert ok, f"no ppcert/status with profile certified; got {s.statuses}"
        st = next(st for st in s.statuses if st.get("profile") == "certified")
        assert path_of(st["uri"]) == folder.resolve(), f"ppcert/status uri {st['uri']} is not the folder"
        assert "certified-connectors" in st.get("reason", ""), f"reason {st.get('reason')!r}"
        assert await s.shutdown() == 0


async def test_a_push_other_connector_independent_publisher(workspace, scratch):
    folder = copy_connector(workspace, BAD_WEATHER)
    definition, props = folder / DEFINITION, folder / PROPERTIES
    expected = cli_expectation(folder, scratch)
    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.open(props)  # opening apiProperties.json lints the folder too
        await s.assert_matches_cli(props, expected)
        await s.assert_matches_cli(definition, expected)
        ok = await s.wait_for(
            "ppcert/status", lambda: any(st.get("profile") == "independent-publisher" for st in s.statuses), 5
        )
        assert ok, f"no ppcert/status with profile independent-publisher; got {s.statuses}"
        assert await s.shutdown() == 0


# ----------------------------------------------------------------------------------------------
# (b) an unsaved edit is linted


async def test_b_unsaved_change_relints(workspace, scratch):
    folder = copy_connector(workspace, TASKS)
    definition = folder / DEFINITION
    on_disk = definition.read_bytes()
    before = cli_expectation(folder, scratch)
    edited = first_operation_summary_removed(read_text(definition))
    after = cli_expectation(folder, scratch, overlay={DEFINITION: edited})
    assert "operation-summary-required" in rules_in(after.get(definition.resolve(), [])), (
        "the CLI does not report the removed summary; the test's edit is wrong"
    )
    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.open(definition)
        await s.assert_matches_cli(definition, before)
        mark = s.mark()
        version = s.change(definition, edited)
        pub = await s.assert_matches_cli(definition, after, after=mark)
        assert pub.params.version == version, (
            f"publishDiagnostics after the change carries version {pub.params.version}, the document is at {version}"
        )
        # and back: fixing the buffer clears the finding
        mark = s.mark()
        s.change(definition, read_text(definition))
        await s.assert_matches_cli(definition, before, after=mark)
        assert await s.shutdown() == 0
    assert definition.read_bytes() == on_disk, "the server wrote to the file"


# ----------------------------------------------------------------------------------------------
# (c) a change of apiProperties.json changes a finding of the definition


PAGEABLE_OP = '"operationId": "ListTasks",\n'
NEXT_LINK_PROPERTY = '''    "TaskList": {
      "type": "object",
      "properties": {
'''


def make_pageable(folder: Path) -> None:
    """Make ListTasks pageable (with a nextLink property in its response) on disk: pageable-next-link
    then wants an `updatenextlink` policy template in apiProperties.json."""
    d = folder / DEFINITION
    t = read_text(d)
    assert PAGEABLE_OP in t and NEXT_LINK_PROPERTY in t, "Contoso Tasks changed; adapt make_pageable"
    t = t.replace(PAGEABLE_OP, PAGEABLE_OP + '        "x-ms-pageable": {\n          "nextLinkName": "nextLink"\n        },\n', 1)
    t = t.replace(
        NEXT_LINK_PROPERTY,
        NEXT_LINK_PROPERTY
        + '        "nextLink": {\n          "type": "string",\n          "x-ms-summary": "Next Link",\n'
        '          "description": "The URL of the next page.",\n          "x-ms-visibility": "internal"\n        },\n',
        1,
    )
    d.write_text(t, encoding="utf-8")


def with_updatenextlink(props_text: str) -> str:
    marker = '    "capabilities": ['
    assert marker in props_text, "Contoso Tasks' apiProperties.json changed; adapt with_updatenextlink"
    policy = (
        '    "policyTemplateInstances": [\n      {\n        "templateId": "updatenextlink",\n'
        '        "title": "Updates next link to make paging work",\n        "parameters": {\n'
        '          "x-ms-apimTemplate-operationName": [\n            "ListTasks"\n          ],\n'
        '          "x-ms-apimTemplateParameter.nextLinkPropertyName": "nextLink"\n        }\n      }\n    ],\n'
    )
    return props_text.replace(marker, policy + marker, 1)


async def test_c_cross_file_properties_change_definition_findings(workspace, scratch):
    folder = copy_connector(workspace, TASKS)
    make_pageable(folder)
    definition, props = folder / DEFINITION, folder / PROPERTIES
    before = cli_expectation(folder, scratch)
    assert "pageable-next-link" in rules_in(before.get(definition.resolve(), [])), (
        "the CLI does not report pageable-next-link; the setup is wrong"
    )
    new_props = with_updatenextlink(read_text(props))
    after = cli_expectation(folder, scratch, overlay={PROPERTIES: new_props})
    assert "pageable-next-link" not in rules_in(after.get(definition.resolve(), [])), "setup: the policy did not help"

    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.open(definition)
        s.open(props)
        await s.assert_matches_cli(definition, before)
        pageable = [d for d in s.latest(definition).params.diagnostics if d.code == "pageable-next-link"]
        assert pageable
        if pageable[0].related_information:
            # the contract: relatedInformation points at the other file for cross-file findings
            assert any(path_of(r.location.uri) == props.resolve() for r in pageable[0].related_information), (
                f"relatedInformation {pageable[0].related_information} does not point at apiProperties.json"
            )
        mark = s.mark()
        s.change(props, new_props)  # only apiProperties.json's buffer changes
        await s.assert_matches_cli(definition, after, after=mark)
        await s.assert_matches_cli(props, after, after=mark)
        # undo in the buffer: the warning is back
        mark = s.mark()
        s.change(props, read_text(props))
        await s.assert_matches_cli(definition, before, after=mark)
        assert await s.shutdown() == 0


async def test_c_relatedinformation_on_cross_file_finding(workspace, scratch):
    """Contract: `relatedInformation` pointing at the other file for cross-file findings."""
    folder = copy_connector(workspace, TASKS)
    make_pageable(folder)
    definition, props = folder / DEFINITION, folder / PROPERTIES
    before = cli_expectation(folder, scratch)
    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.open(definition)
        await s.assert_matches_cli(definition, before)
        d = next(d for d in s.latest(definition).params.diagnostics if d.code == "pageable-next-link")
        assert d.related_information, f"pageable-next-link (depends on apiProperties.json) has no relatedInformation: {d}"
        assert any(path_of(r.location.uri) == props.resolve() for r in d.related_information), d.related_information
        assert await s.shutdown() == 0


# ----------------------------------------------------------------------------------------------
# (d) code actions


def safe_fix_finding(folder: Path):
    """A finding of the definition with a safe fix, per the CLI."""
    report = cli_report(folder)
    for d in report["diagnostics"]:
        if d["path"].name == DEFINITION and d.get("fix", {}).get("applicability") == "safe":
            return d
    raise AssertionError("the sample has no safe fix in its definition")


async def test_d_code_actions_fix_ignore_docs(workspace, scratch):
    folder = copy_connector(workspace, LEGACY)
    definition = folder / DEFINITION
    finding = safe_fix_finding(folder)
    rule = finding["rule"]
    expected = cli_expectation(folder, scratch)

    async with lsp_session(workspace, preset(NVIM_PUSH_SHOWDOC)) as s:
        text = s.open(definition)
        pub = await s.assert_matches_cli(definition, expected)
        line = finding["line"] - 1
        diag = next(d for d in pub.params.diagnostics if d.code == rule and d.range.start.line == line)
        assert as_plain(diag.data)["fixable"] is True, f"data.fixable is not true on {rule}: {diag.data}"

        actions = await s.code_actions(definition, diag.range, [diag])
        titles = [a.title for a in actions]
        fixes = [a for a in actions if a.title.startswith("Fix: ")]
        assert fixes, f"no `Fix: ` action for {rule}; actions: {titles}"
        fix = fixes[0]
        assert fix.kind == types.CodeActionKind.QuickFix, f"{fix.title}: kind {fix.kind}"
        assert fix.is_preferred is True, f"safe fix {fix.title!r} is not isPreferred"
        assert fix.diagnostics and any(d.code == rule for d in fix.diagnostics), f"{fix.title}: diagnostics {fix.diagnostics}"
        assert fix.edit is not None, f"{fix.title} has no edit"
        assert fix.edit.changes, f"{fix.title}: the contract says `changes` keyed by URI: {fix.edit}"
        per_file = edits_by_path(fix.edit)
        assert set(per_file) == {definition.resolve()}, f"{fix.title} edits {list(per_file)}"
        assert finding["fix"]["title"] in fix.title, f"title {fix.title!r} vs the CLI's {finding['fix']['title']!r}"

        ignore = [a for a in actions if a.title == f"Ignore `{rule}` in ppcert.toml"]
        assert ignore, f"no Ignore action for {rule}; actions: {titles}"
        assert ignore[0].kind == types.CodeActionKind.QuickFix
        assert ignore[0].edit is not None, "the Ignore action has no edit"
        docs = [a for a in actions if a.title == f"Open documentation for `{rule}`"]
        assert docs, f"no Open documentation action for {rule}; actions: {titles}"
        cmd = docs[0].command
        assert cmd is not None and cmd.command == "ppcert.openDocumentation", f"command {cmd}"
        assert cmd.arguments == [DOCS_URL + rule], f"arguments {cmd.arguments}"

        # the fix, applied as an editor applies it, removes the finding
        new_text = apply_text_edits(text, per_file[definition.resolve()], s.encoding)
        after = cli_expectation(folder, scratch, overlay={DEFINITION: new_text})
        left = [k for k in after.get(definition.resolve(), []) if k[0] == rule and k[2] == line]
        assert not left, f"the CLI still reports {rule} at line {line + 1} after the server's fix:\n{new_text[:600]}"
        mark = s.mark()
        s.change(definition, new_text)
        await s.assert_matches_cli(definition, after, after=mark)

        # Open documentation: executing the command makes the server send window/showDocument
        advertised = s.init.capabilities.execute_command_provider
        assert advertised and "ppcert.openDocumentation" in advertised.commands, (
            f"executeCommandProvider does not list ppcert.openDocumentation: {advertised}"
        )
        await s.request(
            s.client.workspace_execute_command_async(
                types.ExecuteCommandParams(command=cmd.command, arguments=cmd.arguments)
            ),
            "workspace/executeCommand ppcert.openDocumentation",
        )
        ok = await s.wait_for("window/showDocument", lambda: bool(s.shown), 5)
        assert ok, "no window/showDocument after workspace/executeCommand ppcert.openDocumentation"
        assert s.shown[0].uri == DOCS_URL + rule and s.shown[0].external is True, s.shown[0]
        assert await s.shutdown() == 0


async def test_d_unsafe_fix_title_and_not_preferred(workspace, scratch):
    folder = copy_connector(workspace, LEGACY)
    definition = folder / DEFINITION
    report = cli_report(folder)
    unsafe = next(
        d for d in report["diagnostics"]
        if d["path"].name == DEFINITION and d.get("fix", {}).get("applicability") == "unsafe"
    )
    expected = cli_expectation(folder, scratch)
    async with lsp_session(workspace, preset(NVIM_PUSH_SHOWDOC)) as s:
        s.open(definition)
        pub = await s.assert_matches_cli(definition, expected)
        diag = next(
            d for d in pub.params.diagnostics if d.code == unsafe["rule"] and d.range.start.line == unsafe["line"] - 1
        )
        actions = await s.code_actions(definition, diag.range, [diag])
        titles = [a.title for a in actions]
        assert not any(t.startswith("Fix: ") for t in titles if unsafe["fix"]["title"] in t), titles
        fx = [a for a in actions if a.title.startswith("Fix (unsafe): ")]
        assert fx, f"no `Fix (unsafe): ` action for {unsafe['rule']}; actions: {titles}"
        assert not fx[0].is_preferred, f"unsafe fix {fx[0].title!r} is preferred"
        assert await s.shutdown() == 0


async def test_d_fix_all(workspace, scratch):
    folder = copy_connector(workspace, LEGACY)
    definition = folder / DEFINITION
    expected = cli_expectation(folder, scratch)
    # what `ppcert lint --fix` makes of the definition (safe fixes only)
    fixed_copy = scratch_copy(scratch, folder, None)
    from conftest import run_cli

    run_cli(["lint", "--fix", "--format", "json", str(fixed_copy)], fixed_copy.parent.parent)
    cli_fixed = read_text(fixed_copy / DEFINITION)
    assert cli_fixed != read_text(definition), "setup: `ppcert lint --fix` changed nothing"

    async with lsp_session(workspace, preset(NVIM_PUSH_SHOWDOC)) as s:
        text = s.open(definition)
        await s.assert_matches_cli(definition, expected)
        whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
        actions = await s.code_actions(definition, whole, [], only=["source.fixAll.ppcert"])
        fa = [a for a in actions if a.kind == "source.fixAll.ppcert"]
        assert fa, f"no source.fixAll.ppcert action; got {[(a.title, a.kind) for a in actions]}"
        assert fa[0].title == "Fix all safe ppcert findings", fa[0].title
        assert all(a.kind == "source.fixAll.ppcert" for a in actions), (
            f"context.only=[source.fixAll.ppcert] but got {[(a.title, a.kind) for a in actions]}"
        )
        per_file = edits_by_path(fa[0].edit)
        assert set(per_file) == {definition.resolve()}, f"fixAll edits {list(per_file)}"
        new_text = apply_text_edits(text, per_file[definition.resolve()], s.encoding)
        assert new_text == cli_fixed, (
            "source.fixAll.ppcert does not give what `ppcert lint --fix` writes:\n"
            + "\n".join(
                __import__("difflib").unified_diff(
                    cli_fixed.splitlines(), new_text.splitlines(), "lint --fix", "fixAll", lineterm=""
                )
            )
        )
        after = cli_expectation(folder, scratch, overlay={DEFINITION: new_text})
        mark = s.mark()
        s.change(definition, new_text)
        await s.assert_matches_cli(definition, after, after=mark)
        # nothing safe is left to fix
        again = await s.code_actions(definition, whole, [], only=["source.fixAll.ppcert"])
        for a in again:
            leftover = edits_by_path(a.edit) if a.edit else {}
            assert not any(leftover.values()), f"fixAll still has edits after applying it: {a}"
        assert await s.shutdown() == 0


async def test_d_ignore_action_creates_config(workspace, scratch):
    """VS Code preset (documentChanges + resource operations): the Ignore action's edit, applied,
    gives a ppcert.toml with which the CLI no longer reports the rule."""
    folder = copy_connector(workspace, LEGACY)
    definition = folder / DEFINITION
    finding = safe_fix_finding(folder)
    rule = finding["rule"]
    expected = cli_expectation(folder, scratch)
    async with lsp_session(workspace, preset(VSCODE)) as s:
        s.open(definition)
        pub = await s.assert_matches_cli(definition, expected)
        diag = next(d for d in pub.params.diagnostics if d.code == rule and d.range.start.line == finding["line"] - 1)
        actions = await s.code_actions(definition, diag.range, [diag])
        ignore = [a for a in actions if a.title == f"Ignore `{rule}` in ppcert.toml"]
        assert ignore, [a.title for a in actions]
        edit = ignore[0].edit
        assert edit is not None
        created = [c for c in (edit.document_changes or []) if isinstance(c, types.CreateFile)]
        assert created, f"no ppcert.toml exists, so the edit must create one (documentChanges CreateFile): {edit}"
        toml_path = path_of(created[0].uri)
        assert toml_path.name == "ppcert.toml"
        assert folder.resolve().is_relative_to(toml_path.parent), f"{toml_path} is not above the connector"
        content = ""
        for p, edits in edits_by_path(edit).items():
            assert p == toml_path, f"the Ignore edit touches {p}"
            content = apply_text_edits(content, edits, s.encoding)
        toml_path.write_text(content, encoding="utf-8")
        rep = cli_report(folder)
        assert not any(d["rule"] == rule for d in rep["diagnostics"]), (
            f"with the ppcert.toml the action wrote, the CLI still reports {rule}:\n{content}"
        )
        assert await s.shutdown() == 0


# ----------------------------------------------------------------------------------------------
# (e) hover


async def test_e_hover_on_finding(workspace, scratch):
    folder = copy_connector(workspace, LEGACY)
    definition = folder / DEFINITION
    expected = cli_expectation(folder, scratch)
    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.open(definition)
        pub = await s.assert_matches_cli(definition, expected)
        diag = next(d for d in pub.params.diagnostics if d.range.start != d.range.end)
        h = await s.hover(definition, diag.range.start)
        assert h is not None, f"no hover at {diag.range.start} inside {diag.code}"
        contents = h.contents
        assert isinstance(contents, types.MarkupContent), f"hover contents are not MarkupContent: {contents!r}"
        assert contents.kind == types.MarkupKind.Markdown
        assert diag.code in contents.value, f"hover does not name {diag.code}:\n{contents.value}"
        assert "certified" in contents.value, f"hover does not show the profile:\n{contents.value}"
        # the rule's documentation, as `ppcert explain` prints it (its first line, at least)
        from conftest import run_cli

        explained = run_cli(["explain", diag.code], folder).stdout
        first = next((ln.strip("# ").strip() for ln in explained.splitlines() if ln.strip()), "")
        assert first and first in contents.value, f"hover lacks `ppcert explain {diag.code}`'s first line {first!r}"
        # outside every finding: no hover, or at least no rule text
        assert await s.shutdown() == 0


# ----------------------------------------------------------------------------------------------
# (f) pull diagnostics (VS Code with the 3.17 diagnostic capability)


def with_pull(caps: types.ClientCapabilities) -> None:
    """The recorded VS Code 1.65 capabilities predate pull diagnostics; VS Code 1.67+ declares them."""
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(
        dynamic_registration=True, related_document_support=True
    )
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)


async def test_f_pull_diagnostics(workspace, scratch):
    legacy = copy_connector(workspace, LEGACY)
    weather = copy_connector(workspace, BAD_WEATHER)
    tasks = copy_connector(workspace, TASKS)
    make_pageable(tasks)
    exp = {}
    for f in (legacy, weather, tasks):
        exp.update(cli_expectation(f, scratch))

    async with lsp_session(workspace, preset(VSCODE, with_pull)) as s:
        dp = s.init.capabilities.diagnostic_provider
        assert dp is not None, "the client declared textDocument.diagnostic but the server has no diagnosticProvider"
        opts = dp
        assert opts.identifier == "ppcert" and opts.inter_file_dependencies is True and opts.workspace_diagnostics is True, dp

        definition = legacy / DEFINITION
        s.open(definition)
        rep = await s.request(
            s.client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri_of(definition)), identifier="ppcert")
            ),
            "textDocument/diagnostic",
        )
        assert isinstance(rep, types.RelatedFullDocumentDiagnosticReport), f"report kind: {rep!r}"
        got = lsp_keys(rep.items)
        want = exp[definition.resolve()]
        assert got == want, "textDocument/diagnostic differs from the CLI:\n" + diff_keys(want, got)
        for d in rep.items:
            check_diagnostic_shape(d, "pull " + definition.name)

        ws = await s.request(
            s.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[], identifier="ppcert")),
            "workspace/diagnostic",
        )
        reports = {}
        for r in ws.items:
            assert isinstance(r, (types.WorkspaceFullDocumentDiagnosticReport, types.WorkspaceUnchangedDocumentDiagnosticReport)), r
            reports[path_of(r.uri)] = r
        for f in (legacy, weather, tasks):
            for name in (DEFINITION, PROPERTIES):
                p = (f / name).resolve()
                if p not in reports and not exp.get(p):
                    continue  # a clean file may go unreported in the first pull
                assert p in reports, f"workspace/diagnostic has no report for {p}; it has {sorted(map(str, reports))}"
                r = reports[p]
                assert isinstance(r, types.WorkspaceFullDocumentDiagnosticReport), f"{p}: {r!r}"
                got = lsp_keys(r.items)
                want = exp.get(p, [])
                assert got == want, f"workspace/diagnostic for {p.parent.name}/{name} differs from the CLI:\n" + diff_keys(want, got)
        open_report = reports[definition.resolve()]
        assert open_report.version == 1, f"the report of an open document should carry its version: {open_report.version}"

        # pull clients get no pushes
        await asyncio.sleep(1.0)
        pushed = [p for p in s.publishes if p.params.diagnostics]
        assert not pushed, f"the server pushed diagnostics to a pull client: {[str(p.path) for p in pushed]}"

        # a change that affects another file: the pulled diagnostics of that other file reflect
        # it, and (contract) the server sends workspace/diagnostic/refresh
        tdef, tprops = tasks / DEFINITION, tasks / PROPERTIES
        new_props = with_updatenextlink(read_text(tprops))
        after = cli_expectation(tasks, scratch, overlay={PROPERTIES: new_props})
        s.open(tprops)
        await asyncio.sleep(0.5)
        refreshes = s.client.diagnostic_refresh_count
        s.change(tprops, new_props)
        refreshed = await s.wait_for(
            "workspace/diagnostic/refresh", lambda: s.client.diagnostic_refresh_count > refreshes, 5
        )
        rep = await s.request(
            s.client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri_of(tdef)), identifier="ppcert")
            ),
            "textDocument/diagnostic (not open)",
        )
        assert isinstance(rep, types.RelatedFullDocumentDiagnosticReport), rep
        got = lsp_keys(rep.items)
        want = after.get(tdef.resolve(), [])
        assert got == want, "after the apiProperties.json change:\n" + diff_keys(want, got)
        assert await s.shutdown() == 0
    assert refreshed, (
        "no workspace/diagnostic/refresh within 5 s of a change to apiProperties.json that changes the"
        " definition's findings (contract: sent when a change affects other files)"
    )


async def test_f_workspace_diagnostic_follows_changes(workspace, scratch):
    """workspace/diagnostic with the previous result ids (as VS Code sends it, long-polling): a
    change to apiProperties.json's buffer yields a new report for the definition, matching the CLI."""
    tasks = copy_connector(workspace, TASKS)
    make_pageable(tasks)
    tdef, tprops = tasks / DEFINITION, tasks / PROPERTIES
    before = cli_expectation(tasks, scratch)
    new_props = with_updatenextlink(read_text(tprops))
    after = cli_expectation(tasks, scratch, overlay={PROPERTIES: new_props})
    async with lsp_session(workspace, preset(VSCODE, with_pull)) as s:
        first = await s.request(
            s.client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[], identifier="ppcert")),
            "workspace/diagnostic",
        )
        reports = {path_of(r.uri): r for r in first.items}
        assert tdef.resolve() in reports, sorted(map(str, reports))
        assert lsp_keys(reports[tdef.resolve()].items) == before[tdef.resolve()]
        previous = [
            types.PreviousResultId(uri=r.uri, value=r.result_id) for r in first.items if r.result_id is not None
        ]
        s.open(tprops)
        # the next pull may wait for a change (long poll): send it, then change the buffer
        task = asyncio.ensure_future(
            s.client.workspace_diagnostic_async(
                types.WorkspaceDiagnosticParams(previous_result_ids=previous, identifier="ppcert")
            )
        )
        await asyncio.sleep(0.5)
        s.change(tprops, new_props)
        want = after.get(tdef.resolve(), [])
        got = None
        seen = []  # what each answer said about the definition
        for attempt in range(3):
            try:
                res = await asyncio.wait_for(task, 10)
            except asyncio.TimeoutError:
                task.cancel()
                break
            mine = [r for r in res.items if path_of(r.uri) == tdef.resolve()]
            seen.append(mine[0].kind if mine else "absent")
            if mine and isinstance(mine[0], types.WorkspaceFullDocumentDiagnosticReport):
                got = lsp_keys(mine[0].items)
                break
            for r in res.items:
                if getattr(r, "result_id", None):
                    previous = [p for p in previous if p.uri != r.uri] + [types.PreviousResultId(uri=r.uri, value=r.result_id)]
            task = asyncio.ensure_future(
                s.client.workspace_diagnostic_async(
                    types.WorkspaceDiagnosticParams(previous_result_ids=previous, identifier="ppcert")
                )
            )
        assert got is not None, (
            f"after the change no workspace/diagnostic answer carried a new report for the definition (its"
            f" findings went from {before[tdef.resolve()]} to {want}); the definition's entry in each answer:"
            f" {seen} (then no answer within 10 s). A client keeps the stale findings of a document a workspace"
            " report leaves out."
        )
        assert got is not None, "no new workspace/diagnostic report for the definition after the change"
        assert got == want, "workspace/diagnostic after the change:\n" + diff_keys(want, got)
        assert await s.shutdown() == 0


# ----------------------------------------------------------------------------------------------
# (g) ppcert.toml


async def test_g_config_syntax_error(workspace, scratch):
    folder = copy_connector(workspace, LEGACY)
    definition = folder / DEFINITION
    toml = workspace / "ppcert.toml"  # the repository root's, above certified-connectors/
    good = 'ignore = ["basepath-slash"]\n'
    toml.write_text(good, encoding="utf-8")
    expected_good = cli_expectation(folder, scratch)
    assert "basepath-slash" not in rules_in(expected_good[definition.resolve()]), "setup: the CLI ignores the ppcert.toml"
    bad = 'ignore = ["basepath-slash"\n'
    proc_bad = scratch_copy(scratch, folder, {"../../ppcert.toml": bad})
    from conftest import run_cli

    cli_bad = run_cli(["lint", str(proc_bad)], proc_bad.parent.parent)
    assert cli_bad.returncode == 2, "setup: the CLI accepts the broken toml"
    m = re.search(r"ppcert\.toml:(\d+):(\d+)", cli_bad.stderr)
    assert m, f"setup: the CLI's error has no line:column: {cli_bad.stderr}"
    err_pos = (int(m.group(1)) - 1, int(m.group(2)) - 1)  # the TOML here is ASCII

    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.open(definition)
        await s.assert_matches_cli(definition, expected_good)
        mark = s.mark()
        s.open(toml, bad)
        pub = await s.diagnostics(toml, after=mark, pred=lambda ds: any(d.code == "config" for d in ds))
        config = [d for d in pub.params.diagnostics if d.code == "config"]
        assert config, f"no `config` diagnostic on the broken ppcert.toml: {pub.params.diagnostics}"
        assert config[0].severity == types.DiagnosticSeverity.Error, config[0]
        assert config[0].source == "ppcert"
        start = (config[0].range.start.line, config[0].range.start.character)
        mark = s.mark()
        s.change(toml, good)
        pub = await s.diagnostics(toml, after=mark, pred=lambda ds: not ds)
        assert not pub.params.diagnostics, f"the fixed ppcert.toml keeps diagnostics: {pub.params.diagnostics}"
        await s.assert_matches_cli(definition, expected_good, after=mark)
        assert await s.shutdown() == 0
    # last, so that it cannot hide the checks above: the position is where the CLI says the error is
    assert start == err_pos, f"the config diagnostic starts at {start}, the CLI says {err_pos} ({cli_bad.stderr.strip()})"


async def test_g_config_change_applies_to_definition(workspace, scratch):
    folder = copy_connector(workspace, LEGACY)
    definition = folder / DEFINITION
    toml = workspace / "ppcert.toml"  # the repository root's, above certified-connectors/
    toml.write_text("", encoding="utf-8")
    before = cli_expectation(folder, scratch)
    assert "basepath-slash" in rules_in(before[definition.resolve()])
    ignoring = 'ignore = ["basepath-slash"]\n'
    after = cli_expectation(folder, scratch, overlay={"../../ppcert.toml": ignoring})
    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.open(definition)
        await s.assert_matches_cli(definition, before)
        s.open(toml)
        mark = s.mark()
        s.change(toml, ignoring)  # unsaved
        await s.assert_matches_cli(definition, after, after=mark)
        assert await s.shutdown() == 0


# ----------------------------------------------------------------------------------------------
# (h) robustness


async def test_h_not_json_and_server_keeps_answering(workspace, scratch):
    folder = copy_connector(workspace, TASKS)
    definition = folder / DEFINITION
    broken = '{"swagger": '
    expected_broken = cli_expectation(folder, scratch, overlay={DEFINITION: broken})
    assert expected_broken.get(definition.resolve()), "setup: the CLI reports nothing for a truncated definition"
    expected_ok = cli_expectation(folder, scratch)

    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.open(definition, broken)
        pub = await s.assert_matches_cli(definition, expected_broken)
        assert pub.params.diagnostics
        # requests on a broken document, at odd positions
        await s.hover(definition, types.Position(line=0, character=11))
        await s.hover(definition, types.Position(line=500, character=3))
        far = types.Range(start=types.Position(line=900, character=0), end=types.Position(line=901, character=5))
        await s.code_actions(definition, far, [])
        # an unknown request gets an error response, not silence
        try:
            await asyncio.wait_for(s.client.protocol.send_request_async("ppcert/noSuchMethod", {}), 10)
        except asyncio.TimeoutError:
            raise AssertionError("no response to an unknown request") from None
        except Exception as e:  # noqa: BLE001 - the expected JSON-RPC error
            assert "MethodNotFound" in type(e).__name__ or "-32601" in str(e) or "not found" in str(e).lower(), repr(e)
        # empty, then garbage, then valid again
        for text in ("", "\x00\x01 not json at all \ud7ff", '{"swagger": "2.0", "paths": {"/x": {"get": []}}}'):
            mark = s.mark()
            s.change(definition, text)
            exp = cli_expectation(folder, scratch, overlay={DEFINITION: text})
            await s.assert_matches_cli(definition, exp, after=mark)
        mark = s.mark()
        s.change(definition, read_text(definition))
        await s.assert_matches_cli(definition, expected_ok, after=mark)
        # a file the server does not handle, and closing everything
        other = folder / "notes.txt"
        other.write_text("hello", encoding="utf-8")
        s.open(other)
        s.close(other)
        s.close(definition)
        h = await s.hover(folder / PROPERTIES, types.Position(line=0, character=0))
        assert h is None or isinstance(h, types.Hover)
        code = await s.shutdown()
        assert code == 0, f"exit code {code} after shutdown/exit"


async def test_h_exit_without_shutdown_is_an_error_exit(workspace):
    """LSP: `exit` without `shutdown` ends the process with code 1 (and promptly)."""
    copy_connector(workspace, TASKS)
    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.closed = True
        s.client.exit(None)
        try:
            code = await asyncio.wait_for(s.client._server.wait(), 10)
        except asyncio.TimeoutError:
            raise AssertionError("the server did not exit on `exit`") from None
        assert code == 1, f"exit without shutdown: code {code} (LSP says 1)"


async def test_h_stdin_closed_ends_server(workspace):
    """An editor that dies closes the pipe: the server must not linger."""
    copy_connector(workspace, TASKS)
    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.closed = True
        proc = s.client._server
        proc.stdin.close()
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except asyncio.TimeoutError:
            raise AssertionError("the server kept running 10 s after its stdin was closed") from None


# ----------------------------------------------------------------------------------------------
# (i) CRLF + BOM, and characters that take two UTF-16 code units


def crlf_bom_definition(folder: Path) -> str:
    """Rewrite the definition on disk with a BOM and CRLF line ends, and findings on line 1 and on a
    line after an astral character (two UTF-16 units, one character, four UTF-8 bytes). Returns
    the text an editor shows (BOM dropped, CRLF kept)."""
    d = folder / DEFINITION
    t = read_text(d).replace("\r\n", "\n")
    assert t.startswith("{\n")
    t = '{"f\U0001F600\u00e9": 1, "x-ms-visibilty": "x",' + t[1:]
    t = t.replace('"title": "', '"title": "\U0001F600 ', 1)
    t = t.replace("\n", "\r\n")
    d.write_bytes(b"\xef\xbb\xbf" + t.encode("utf-8"))
    p = folder / PROPERTIES
    pt = read_text(p).replace("\r\n", "\n").replace("\n", "\r\n")
    p.write_bytes(b"\xef\xbb\xbf" + pt.encode("utf-8"))
    return t


async def test_i_crlf_bom_positions(workspace, scratch):
    folder = copy_connector(workspace, LEGACY)
    definition, props = folder / DEFINITION, folder / PROPERTIES
    text = crlf_bom_definition(folder)
    expected = cli_expectation(folder, scratch, texts={DEFINITION: text})
    keys = expected[definition.resolve()]
    assert any(k[2] == 0 for k in keys), "setup: no finding on line 1"
    assert "swagger-known-xms-extensions" in rules_in(keys)
    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.open(definition, text)  # as VS Code and Neovim send it: without the BOM, with CRLF
        await s.assert_matches_cli(definition, expected)
        await s.assert_matches_cli(props, expected)
        assert await s.shutdown() == 0


async def test_i_bom_kept_by_client(workspace, scratch):
    """A client that keeps U+FEFF in the text: it is a character of the document, so findings on
    line 1 start one UTF-16 unit later than in the BOM-less text."""
    folder = copy_connector(workspace, LEGACY)
    definition = folder / DEFINITION
    text = "\ufeff" + crlf_bom_definition(folder)
    expected = cli_expectation(folder, scratch, texts={DEFINITION: text})
    async with lsp_session(workspace, preset(NVIM_PUSH)) as s:
        s.open(definition, text)
        await s.assert_matches_cli(definition, expected)
        assert await s.shutdown() == 0


async def test_i_fix_edit_positions_with_crlf_and_astral(workspace, scratch):
    """The Fix on line 1 (after an astral character), applied with UTF-16 positions to the CRLF
    text, gives exactly what the CLI's byte-offset fix gives."""
    folder = copy_connector(workspace, LEGACY)
    definition = folder / DEFINITION
    text = crlf_bom_definition(folder)
    expected = cli_expectation(folder, scratch, texts={DEFINITION: text})
    report = cli_report(folder)
    f = next(d for d in report["diagnostics"] if d["rule"] == "swagger-known-xms-extensions" and d["line"] == 1)
    raw = definition.read_bytes()
    cli_fixed = raw
    for e in sorted(f["fix"]["edits"], key=lambda e: -e["start"]):
        cli_fixed = cli_fixed[: e["start"]] + e["content"].encode("utf-8") + cli_fixed[e["end"]:]
    cli_fixed_text = cli_fixed.decode("utf-8-sig")
    async with lsp_session(workspace, preset(NVIM_PUSH_SHOWDOC)) as s:
        s.open(definition, text)
        pub = await s.assert_matches_cli(definition, expected)
        diag = next(d for d in pub.params.diagnostics if d.code == "swagger-known-xms-extensions" and d.range.start.line == 0)
        actions = await s.code_actions(definition, diag.range, [diag])
        fx = [a for a in actions if a.title.startswith("Fix")]
        assert fx, [a.title for a in actions]
        new_text = apply_text_edits(text, edits_by_path(fx[0].edit)[definition.resolve()], s.encoding)
        assert new_text == cli_fixed_text, f"server fix gives line 1 {new_text.splitlines()[0]!r}, the CLI's {cli_fixed_text.splitlines()[0]!r}"
        assert await s.shutdown() == 0


# ----------------------------------------------------------------------------------------------
# (j) position encoding negotiation: Neovim 0.11 offers utf-8 first (and pulls diagnostics)


async def test_j_utf8_position_encoding(workspace, scratch):
    folder = copy_connector(workspace, LEGACY)
    definition = folder / DEFINITION
    text = crlf_bom_definition(folder)
    async with lsp_session(workspace, preset("neovim@v0.11")) as s:
        assert s.encoding == "utf-8", f"the client offered utf-8 first; the server chose {s.init.capabilities.position_encoding}"
        expected = cli_expectation(folder, scratch, texts={DEFINITION: text}, encoding="utf-8")
        s.open(definition, text)
        rep = await s.request(
            s.client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri_of(definition)))
            ),
            "textDocument/diagnostic",
        )
        got = lsp_keys(rep.items)
        want = expected[definition.resolve()]
        assert got == want, "utf-8 positions differ from the CLI's:\n" + diff_keys(want, got)
        assert await s.shutdown() == 0


# ----------------------------------------------------------------------------------------------
# profile: initializationOptions and didChangeConfiguration


async def test_profile_from_initialization_options_and_configuration(workspace, scratch):
    folder = copy_connector(workspace, BAD_WEATHER)  # independent-publisher by its folder
    definition = folder / DEFINITION

    def cli_with(profile):
        exp = cli_expectation(folder, scratch, extra_args=["--profile", profile])
        return sorted({k[0] for k in exp.get(definition.resolve(), [])})

    cert_rules = cli_with("certified")
    custom_rules = cli_with("custom")
    assert cert_rules != custom_rules, "setup: the profiles give the same rules"
    async with lsp_session(workspace, preset(NVIM_PUSH), init_options={"profile": "certified"}) as s:
        s.open(definition)
        pub = await s.diagnostics(definition, pred=lambda ds: sorted({d.code for d in ds}) == cert_rules)
        assert sorted({d.code for d in pub.params.diagnostics}) == cert_rules
        ok = await s.wait_for("status", lambda: any(st.get("profile") == "certified" for st in s.statuses), 5)
        assert ok, s.statuses
        mark = s.mark()
        s.client.workspace_did_change_configuration(
            types.DidChangeConfigurationParams(settings={"ppcert": {"profile": "custom"}})
        )
        pub = await s.diagnostics(definition, after=mark, pred=lambda ds: sorted({d.code for d in ds}) == custom_rules)
        assert sorted({d.code for d in pub.params.diagnostics}) == custom_rules
        assert await s.shutdown() == 0
