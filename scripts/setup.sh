#!/usr/bin/env bash
# Bring a fresh Debian machine (rustup/cargo, node, npm) to everything the build
# and tests need. Idempotent: every step checks before it acts, so a second run
# takes seconds. Only package registries are used (crates.io, Debian, npm).
set -euo pipefail
cd "$(dirname "$0")/.."

# Keep in step with the `wasm-bindgen = "=X"` pin in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -nE 's/^wasm-bindgen *= *\{? *(version *= *)?"=([0-9.]+)".*/\2/p' Cargo.toml)
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
STAMP=target/.setup-stamp

log() { printf '[setup] %s\n' "$*" >&2; }

# WebKitGTK's MiniBrowser (the WebKit the cross-engine tests drive): Debian
# ships it inside libwebkit2gtk-4.1-0, outside PATH. tests/cross/driver.mjs
# finds it the same way.
minibrowser() { dpkg -L libwebkit2gtk-4.1-0 2>/dev/null | grep -m1 '/MiniBrowser$' || true; }

need_root() {
  if [ "$(id -u)" != 0 ]; then
    log "this step needs root; run as root:  $*"
    exit 1
  fi
}

# Fast path: everything present and the inputs unchanged since the last run.
inputs_hash() { cat scripts/setup.sh Cargo.toml package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1; }
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(inputs_hash)" ] \
   && command -v wasm-pack >/dev/null && command -v wasm-bindgen >/dev/null \
   && command -v chromium >/dev/null && command -v chromedriver >/dev/null \
   && command -v firefox-esr >/dev/null && command -v geckodriver >/dev/null \
   && command -v WebKitWebDriver >/dev/null && command -v xvfb-run >/dev/null && command -v xauth >/dev/null \
   && [ -n "$(minibrowser)" ] \
   && [ -x node_modules/.bin/wasm-opt ]; then
  log "up to date"
  exit 0
fi

export PATH="$HOME/.cargo/bin:$PATH"

# 1. Debian packages: browsers and drivers (WebKit: WebKitGTK's WebDriver,
#    which pulls in libwebkit2gtk-4.1-0 and its MiniBrowser, run under a
#    virtual X server). Never Debian's binaryen (its wasm-opt 108 corrupts
#    wasm-bindgen output).
pkgs=(chromium chromium-driver firefox-esr gzip webkit2gtk-driver xvfb xauth)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  need_root "apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if dpkg -s binaryen >/dev/null 2>&1; then
  log "warning: Debian's binaryen is installed; its wasm-opt corrupts our output. We use node_modules/.bin/wasm-opt. Remove it with: apt-get remove binaryen"
fi

# 2. Rust target and cargo-installed tools.
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
if ! wasm-pack --version 2>/dev/null | grep -q "$WASM_PACK_VERSION"; then
  log "cargo install wasm-pack $WASM_PACK_VERSION (about 2 minutes)"
  cargo install --locked --quiet wasm-pack --version "$WASM_PACK_VERSION"
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # Not --locked: its lockfile names a crate version the registry lacks.
  cargo install --quiet --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if ! geckodriver --version 2>/dev/null | grep -q "$GECKODRIVER_VERSION"; then
  log "cargo install geckodriver $GECKODRIVER_VERSION"
  cargo install --locked --quiet geckodriver --version "$GECKODRIVER_VERSION"
fi

# 3. npm dev dependencies from the committed lockfile (binaryen's wasm-opt,
#    rollup and esbuild, playwright-core, axe-core, webdriver). `npm ci` never
#    downloads a browser.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p target
inputs_hash > "$STAMP"
log "done"
