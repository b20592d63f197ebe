#!/usr/bin/env bash
# Installs what the offline e2e route needs: Debian's chromium (headless browser), libkrb5-dev
# (headers for code-server's kerberos native module), ripgrep, and code-server from the npm
# registry into the git-ignored .vscode-test/code-server-$VER. Idempotent: a finished install
# leaves a .complete marker and later runs exit at once. First run: a few minutes, ~300 MB.
set -euo pipefail
VER="${CODE_SERVER_VERSION:-4.100.3}"   # 4.100.3 bundles VS Code 1.100.3 and runs on Node 20
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DEST="$ROOT/.vscode-test/code-server-$VER"
if [ "${E2E_BACKEND:-}" = desktop ]; then echo "[install-code-server] E2E_BACKEND=desktop: skipped"; exit 0; fi

# System packages: installed when root with apt, otherwise only reported.
need=""
command -v chromium >/dev/null || need="$need chromium"
[ -f /usr/include/gssapi/gssapi.h ] || need="$need libkrb5-dev"
command -v rg >/dev/null || need="$need ripgrep"
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[install-code-server] apt-get install$need"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
  else
    # Not fatal: a desktop VS Code may be used instead; the web route reports what is missing.
    echo "[install-code-server] warning: missing$need (sudo apt-get install$need for the offline route)" >&2
  fi
fi

[ -f "$DEST/.complete" ] && exit 0
echo "[install-code-server] installing code-server@$VER into $DEST"
rm -rf "$DEST"; mkdir -p "$DEST/tmp"
# @vscode/ripgrep@1.15.11 (a code-server dependency) downloads rg from GitHub in its postinstall,
# but looks in $TMPDIR/vscode-ripgrep-cache-<ver>/ first: pre-seed that cache with Debian's rg.
if command -v rg >/dev/null; then
  RGC="$DEST/tmp/vscode-ripgrep-cache-1.15.11"; mkdir -p "$RGC"
  tar -C "$(dirname "$(command -v rg)")" -czf "$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
fi
cd "$DEST" && echo '{"private":true}' > package.json
# unsafe_perm: code-server's postinstall refuses to run as root without it.
# yes: node-pty's postinstall runs `npx node-gyp`, which aborts without a TTY otherwise (CI).
TMPDIR="$DEST/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
  npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$VER"
rm -rf "$DEST/tmp"
touch "$DEST/.complete"
echo "[install-code-server] done"
