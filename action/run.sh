#!/usr/bin/env bash
# The GitHub Action's lint step (action.yml), kept as a script so it can be tested locally with the
# inputs set as environment variables: INPUT_PATHS, INPUT_FORMAT, INPUT_BASELINE,
# INPUT_CHANGED_SINCE, INPUT_BASE, INPUT_ARGS, INPUT_SARIF_FILE, INPUT_UPLOAD_SARIF; PPCERT (the binary).
set -uo pipefail

ppcert="${PPCERT:-ppcert}"
args=(lint)
format="${INPUT_FORMAT:-}"
sarif_file="${INPUT_SARIF_FILE:-ppcert.sarif}"

if [ -n "${INPUT_BASELINE:-}" ]; then args+=(--baseline "$INPUT_BASELINE"); fi
if [ -n "${INPUT_CHANGED_SINCE:-}" ]; then args+=(--changed-since "$INPUT_CHANGED_SINCE"); fi
if [ -n "${INPUT_BASE:-}" ]; then args+=(--base "$INPUT_BASE"); fi
if [ -n "${INPUT_ARGS:-}" ]; then
  # Extra arguments, split on white space as a shell would (no globbing).
  set -f
  # shellcheck disable=SC2206
  extra=($INPUT_ARGS)
  set +f
  args+=("${extra[@]}")
fi
# Paths, one per line or separated by spaces when they contain none.
paths=()
while IFS= read -r line; do
  [ -n "$line" ] && paths+=("$line")
done <<< "${INPUT_PATHS:-.}"
[ ${#paths[@]} -eq 0 ] && paths=(.)

# --changed-since and --base need the history up to the merge base; a shallow checkout lacks it.
if { [ -n "${INPUT_CHANGED_SINCE:-}" ] || [ -n "${INPUT_BASE:-}" ]; } &&
  [ "$(git rev-parse --is-shallow-repository 2> /dev/null)" = "true" ]; then
  echo "::error title=ppcert::changed-since and base need the git history, but this checkout is shallow: set \`fetch-depth: 0\` on actions/checkout"
  echo "exit-code=2" >> "${GITHUB_OUTPUT:-/dev/null}"
  exit 2
fi

status=0
if [ "${INPUT_UPLOAD_SARIF:-false}" = "true" ]; then
  # SARIF for code scanning, plus annotations (or the chosen format) in the log.
  "$ppcert" "${args[@]}" --format sarif "${paths[@]}" > "$sarif_file" || status=$?
  if [ $status -eq 2 ]; then exit 2; fi
  echo "sarif-file=$sarif_file" >> "${GITHUB_OUTPUT:-/dev/null}"
  "$ppcert" "${args[@]}" ${format:+--format "$format"} "${paths[@]}" || status=$?
else
  "$ppcert" "${args[@]}" ${format:+--format "$format"} "${paths[@]}" || status=$?
fi
echo "exit-code=$status" >> "${GITHUB_OUTPUT:-/dev/null}"

# The job summary: counts per rule and severity, each rule linked to its documentation.
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ "$status" -ne 2 ] && command -v python3 > /dev/null; then
  "$ppcert" "${args[@]}" --statistics --format json "${paths[@]}" 2> /dev/null |
    python3 "$(dirname "$0")/summary.py" "${PPCERT_DOCS_URL:-https://github.com/ppcert/ppcert/blob/main/docs/rules.md}" >> "$GITHUB_STEP_SUMMARY" || true
fi
exit $status
