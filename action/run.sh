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
exit $status
