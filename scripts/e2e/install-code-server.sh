#!/usr/bin/env bash
# Installs what the offline e2e route needs: Debian's chromium (headless browser), libkrb5-dev
# (headers for code-server's kerberos native module), ripgrep, and code-server from the npm
# registry into the git-ignored .vscode-test/code-server-$VER. Idempotent: a finished install
# leaves a .complete marker and later runs exit at once. First run: a few minutes, ~600 MB.
# Progress goes to standard output, one line a step, so `npm start` on a fresh clone shows it.
# --no-browser: code-server only (what `npm start` needs; the user brings the browser).
set -euo pipefail
VER="${CODE_SERVER_VERSION:-4.139.1}"   # VS Code 1.139.1; its server and extension host run on Node 24
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DEST="$ROOT/.vscode-test/code-server-$VER"
PINNED_NODE_DIR="$ROOT/node_modules/node/bin"   # the project's Node 24 (the `node` devDependency)
if [ "${E2E_BACKEND:-}" = desktop ]; then echo "[install-code-server] E2E_BACKEND=desktop: skipped"; exit 0; fi
[ -x "$PINNED_NODE_DIR/node" ] || { echo "[install-code-server] run npm ci first: the project's Node is not installed" >&2; exit 1; }

# System packages: installed when root with apt, otherwise only reported.
need=""
[ "${1:-}" = --no-browser ] || command -v chromium >/dev/null || need="$need chromium"
[ -f /usr/include/gssapi/gssapi.h ] || need="$need libkrb5-dev"
command -v rg >/dev/null || need="$need ripgrep"
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[install-code-server] 1/3 apt-get install$need"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
  else
    # Not fatal: a desktop VS Code may be used instead; the web route reports what is missing.
    echo "[install-code-server] warning: missing$need (sudo apt-get install$need for the offline route)" >&2
  fi
fi
[ -f "$DEST/.complete" ] && exit 0

echo "[install-code-server] 2/3 downloading code-server@$VER from the npm registry into .vscode-test/ (once; a few minutes)"
rm -rf "$DEST"; mkdir -p "$DEST/tmp"
cd "$DEST" && echo '{"private":true}' > package.json
# PATH: code-server's postinstall reads the Node major version from npm's user agent, which
#   names the node that runs npm: the pinned Node 24 must come first.
# nodedir: its native modules (kerberos, spdlog, sqlite3, watchdog) are Node-API modules, which
#   load on any later Node whichever headers they were built with; node-gyp must not download
#   headers (no network here), so it builds against this machine's Node headers.
# unsafe_perm: the postinstall refuses to run as root without it.
# yes: node-pty's postinstall runs `npx node-gyp`, which aborts without a TTY otherwise (CI).
nodedir="${npm_config_nodedir:-}"
[ -n "$nodedir" ] || { [ -f /usr/include/node/node_api.h ] && nodedir=/usr; } || true
(
  # Run from an npm script (`npm start`, `npm test`), the outer npm's user agent (the machine's
  # Node, maybe 20) is in the environment and would be inherited as the inner npm's own.
  unset npm_config_user_agent
  export PATH="$PINNED_NODE_DIR:$PATH" TMPDIR="$DEST/tmp" npm_config_unsafe_perm=true npm_config_yes=true
  [ -n "$nodedir" ] && export npm_config_nodedir="$nodedir"
  npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$VER" > "$DEST/install.log" 2>&1 &
  pid=$!
  # A line every 30 s while native modules compile, so a first start does not look stuck.
  n=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1; n=$((n + 1))
    [ $((n % 30)) = 0 ] && kill -0 "$pid" 2>/dev/null && echo "[install-code-server]     still installing (${n} s, $(du -sm "$DEST" 2>/dev/null | cut -f1) MB so far)"
  done
  wait "$pid" || { echo "[install-code-server] npm install failed; the last lines of $DEST/install.log:" >&2; tail -n 20 "$DEST/install.log" >&2; exit 1; }
)
echo "[install-code-server] 3/3 checking that code-server $VER runs"
XDG_CONFIG_HOME="$DEST/tmp" XDG_DATA_HOME="$DEST/tmp" "$PINNED_NODE_DIR/node" "$DEST/node_modules/code-server/out/node/entry.js" --version >/dev/null
rm -rf "$DEST/tmp"
touch "$DEST/.complete"
echo "[install-code-server] done"
