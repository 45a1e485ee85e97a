#!/usr/bin/env bash
# Installs ppcert for the GitHub Action (action.yml) without compiling: resolves a version, downloads
# the release archive for the runner's platform, checks it against the sha256 table committed with
# the action (action/checksums.txt), and keeps it in the runner's tool cache, so a later job on the
# same runner downloads nothing. `install: source` builds with cargo instead; nothing else does.
#
# Inputs (environment): INPUT_VERSION (a version, `latest`, or empty: the version this action's ref
# was released as, else latest), INPUT_INSTALL (`binary` or `source`), INPUT_CHECKSUM (a sha256
# to use instead of the table's). From the runner: RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE,
# RUNNER_TEMP, GITHUB_ACTION_REF, GITHUB_ACTION_PATH, GITHUB_PATH, GITHUB_OUTPUT, GITHUB_TOKEN
# (optional, for the latest-release lookup; sent through curl's config on stdin, never argv).
# Mirrors (GitHub Enterprise, tests): PPCERT_RELEASES_URL (where release assets are, by tag),
# PPCERT_LATEST_URL (the latest release's JSON).
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
download_url="${PPCERT_RELEASES_URL:-https://github.com/ppcert/ppcert/releases/download}"
latest_url="${PPCERT_LATEST_URL:-https://api.github.com/repos/ppcert/ppcert/releases/latest}"
tool_cache="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}/tool-cache}"
temp="${RUNNER_TEMP:-/tmp}"

fail() {
  echo "::error title=ppcert install::$1"
  echo "error: $1" >&2
  exit 2
}

add_path() {
  echo "$1" >> "${GITHUB_PATH:-/dev/null}"
  echo "ppcert-version=$2" >> "${GITHUB_OUTPUT:-/dev/null}"
  echo "ppcert-bin=$1" >> "${GITHUB_OUTPUT:-/dev/null}"
}

if [ "${INPUT_INSTALL:-binary}" = "source" ]; then
  root="$temp/ppcert-source"
  echo "Building ppcert from source with cargo (install: source)…"
  cargo install --locked --path "$action_path" --root "$root"
  version=$("$root/bin/ppcert" --version | awk '{print $2}')
  add_path "$root/bin" "$version"
  exit 0
fi
[ "${INPUT_INSTALL:-binary}" = "binary" ] || fail "install must be \`binary\` or \`source\`, not \`${INPUT_INSTALL}\`"

# The version: the input, else the release this action's ref names, else the latest release.
version="${INPUT_VERSION:-}"
version="${version#v}"
if [ -z "$version" ]; then
  ref="${GITHUB_ACTION_REF:-}"
  ref="${ref#v}"
  if [[ "$ref" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then version="$ref"; else version=latest; fi
fi
if [ "$version" = latest ]; then
  if [ -n "${GITHUB_TOKEN:-}" ]; then
    json=$(printf 'header = "Authorization: Bearer %s"\n' "$GITHUB_TOKEN" | curl -fsSL --retry 3 -K - "$latest_url") ||
      fail "could not ask for the latest release ($latest_url); pin a version with \`version:\`"
  else
    json=$(curl -fsSL --retry 3 "$latest_url") ||
      fail "could not ask for the latest release ($latest_url); pin a version with \`version:\`"
  fi
  tag=$(printf '%s' "$json" | tr -d '\n' | grep -o '"tag_name"[[:space:]]*:[[:space:]]*"[^"]*"' | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')
  version="${tag#v}"
  [ -n "$version" ] || fail "the latest release has no tag_name ($latest_url)"
fi
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || fail "\`$version\` is not a ppcert version (like 0.2.0)"

# The runner's platform, as release targets name it.
os="${RUNNER_OS:-$(uname -s)}"
arch="${RUNNER_ARCH:-$(uname -m)}"
case "$arch" in
  X64 | x86_64 | amd64) cpu=x86_64; arch_dir=x64 ;;
  ARM64 | aarch64 | arm64) cpu=aarch64; arch_dir=arm64 ;;
  *) fail "no ppcert release for the $arch processor; use \`install: source\`" ;;
esac
case "$os" in
  Linux) target="$cpu-unknown-linux-musl"; ext=tar.xz; exe=ppcert ;;
  macOS | Darwin) target="$cpu-apple-darwin"; ext=tar.xz; exe=ppcert ;;
  Windows | MINGW* | MSYS* | CYGWIN*) target="$cpu-pc-windows-msvc"; ext=zip; exe=ppcert.exe ;;
  *) fail "no ppcert release for $os; use \`install: source\`" ;;
esac
asset="ppcert-$target.$ext"

# Already in the tool cache: nothing to download.
dir="$tool_cache/ppcert/$version/$arch_dir"
if [ -f "$dir.complete" ] && [ -x "$dir/$exe" ]; then
  echo "ppcert $version ($target) from the tool cache"
  add_path "$dir" "$version"
  exit 0
fi

expected="${INPUT_CHECKSUM:-}"
if [ -z "$expected" ]; then
  expected=$(awk -v want="v$version/$asset" '$2 == want { print $1 }' "$action_path/action/checksums.txt" 2> /dev/null | head -n 1)
fi
[ -n "$expected" ] || fail "no checksum is known for ppcert $version ($asset): pin a version listed in action/checksums.txt, pass \`checksum:\`, or use \`install: source\`"

stage=$(mktemp -d "$temp/ppcert-install.XXXXXX")
trap 'rm -rf "$stage"' EXIT
url="$download_url/v$version/$asset"
echo "Downloading ppcert $version for $target…"
curl -fsSL --retry 3 -o "$stage/$asset" "$url" || fail "could not download $url"
if command -v sha256sum > /dev/null; then
  actual=$(sha256sum "$stage/$asset" | awk '{print $1}')
else
  actual=$(shasum -a 256 "$stage/$asset" | awk '{print $1}')
fi
if [ "$actual" != "$(printf '%s' "$expected" | tr 'A-F' 'a-f')" ]; then
  fail "checksum mismatch for $asset: expected $expected, got $actual; refusing to run it"
fi

mkdir -p "$stage/x"
if [ "$ext" = zip ]; then
  (cd "$stage/x" && unzip -q "../$asset") || fail "cannot unpack $asset"
else
  tar -xJf "$stage/$asset" -C "$stage/x" || fail "cannot unpack $asset"
fi
found=$(find "$stage/x" -maxdepth 2 -type f -name "$exe" | head -n 1)
[ -n "$found" ] || fail "$asset holds no $exe"
rm -rf "$dir"
mkdir -p "$dir"
mv "$found" "$dir/$exe"
chmod +x "$dir/$exe"
touch "$dir.complete"
"$dir/$exe" --version > /dev/null || fail "the downloaded ppcert does not run on this runner"
echo "Installed ppcert $version into the tool cache"
add_path "$dir" "$version"
