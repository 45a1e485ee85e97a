"""Turns `ppcert lint --statistics --format json` (stdin) into the job summary's Markdown table."""

import json
import sys


def main() -> None:
    docs = sys.argv[1] if len(sys.argv) > 1 else "https://github.com/ppcert/ppcert/blob/main/docs/rules.md"
    report = json.load(sys.stdin)
    summary = report.get("summary", {})
    tool = report.get("tool", {})
    rows = report.get("statistics", [])
    counts = ", ".join(
        f"{summary.get(k, 0)} {k}" for k in ("errors", "warnings", "infos") if k != "infos" or summary.get(k)
    )
    print(f"### ppcert {tool.get('version', '')}: {counts} in {summary.get('connectors', 0)} connector(s)")
    print()
    profiles = summary.get("profiles", [])
    if profiles:
        seen = sorted({f"{p.get('profile')} ({p.get('source')})" for p in profiles})
        print("Profiles: " + ", ".join(seen))
        print()
    if not rows:
        print("All checks passed.")
        return
    print("| Rule | Severity | Findings | What it checks |")
    print("|---|---|---:|---|")
    for row in rows:
        rule = row.get("rule", "")
        text = str(row.get("summary", "")).replace("|", "\\|")
        print(f"| [`{rule}`]({docs}#{rule}) | {row.get('severity', '')} | {row.get('count', 0)} | {text} |")
    print()
    print("`ppcert explain RULE` shows a rule's documentation locally.")


if __name__ == "__main__":
    main()
