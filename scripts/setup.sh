#!/usr/bin/env bash
# Installs whatever the build (and, with `test`, the tests) need and is
# missing: the toolchains, Trunk, wasm-bindgen, npm packages, Chromium.
# Each step checks first, so a second run takes a second or two.
#
#   scripts/setup.sh         what `make run` needs
#   scripts/setup.sh test    that, plus what `make test` needs
#   scripts/setup.sh spark   only what the Spark job's tests need: a Java
#                            runtime and pyspark in target/spark-env
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

TRUNK_VERSION=0.21.14
step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

apt_install() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "installing ${missing[*]} (apt)"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The Spark job's tests (tests/spark/): Spark's local mode needs a Java
# runtime (Debian's OpenJDK 17) and pyspark, in a virtual environment of
# its own so that nothing of the machine's Python changes.
PYSPARK_VERSION=4.0.1
if [ "${1:-}" = spark ]; then
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v python3 >/dev/null || apt_install python3 python3-venv
  if ! target/spark-env/bin/python -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
    step "installing pyspark $PYSPARK_VERSION into target/spark-env (about a minute, once)"
    rm -rf target/spark-env
    python3 -m venv target/spark-env || { apt_install python3-venv && python3 -m venv target/spark-env; }
    target/spark-env/bin/pip install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
  fi
  exit 0
fi

command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm

# rust-toolchain.toml names the toolchain, its rustfmt and clippy (which
# `make test` requires) and the wasm target; rustup installs what is missing.
if ! rustup toolchain install >/dev/null 2>&1; then
  step "installing the toolchain of rust-toolchain.toml"
  rustup toolchain install
fi

# The browser build compiles the standard library with the app on nightly
# (scripts/build.sh): nightly, the source of its standard library and that
# library's crates. PI_STABLE=1 skips them (a larger wasm, built by stable).
. scripts/nightly.sh
if [ "${PI_STABLE:-}" != 1 ]; then
  if ! nightly_installed; then
    step "installing the nightly toolchain (for the size build, once)"
    rustup toolchain install nightly --profile minimal --component rust-src
  fi
  if ! rustup component list --toolchain nightly --installed | grep -x rust-src >/dev/null; then
    step "adding rust-src to the nightly toolchain (for the size build)"
    rustup component add rust-src --toolchain nightly
  fi
  library=$(nightly_library)
  if ! nightly_crates_at_hand "$library"; then
    step "fetching the standard library's crates (for the size build)"
    cargo +nightly fetch --locked --quiet --manifest-path "$library"
  fi
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  step "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen's CLI must match the library in Cargo.lock exactly.
WASM_BINDGEN=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN" ]; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN (about two minutes, once)"
  # Not --locked: its lock file pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Trunk builds offline: fetch the crates first (a no-op when they are here).
cargo fetch --locked --quiet

if [ "${1:-}" = test ]; then
  apt_install chromium
fi
