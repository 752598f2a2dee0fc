#!/usr/bin/env bash
# Builds the browser app into dist/ (trunk build --release).
#
# The nightly toolchain (scripts/setup.sh installs it with the source of its
# standard library) compiles the standard library with the app, for size,
# and a panic aborts without formatting a message: the wasm is about 30 KB
# smaller compressed (BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# The size build is the build: nightly compiles the standard library with
# the app (the one exception to rust-toolchain.toml, made here on purpose).
# PI_STABLE=1 asks for the stable toolchain instead; nothing is chosen
# silently, and a machine without nightly's parts fails here with the cure.
. scripts/nightly.sh
if [ "${PI_STABLE:-}" = 1 ]; then
  echo "note: PI_STABLE=1: building with the stable toolchain; the wasm is about 30 KB larger and the size budget is not checked" >&2
elif nightly_ready; then
  export RUSTUP_TOOLCHAIN=nightly
  # Cargo's -Z options, as environment variables: the standard library is
  # built from source with the app, with the smaller of its algorithms.
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  # Added to .cargo/config.toml's flags for the browser target: a panic
  # aborts at once (no message is formatted), `Debug` formatting and panic
  # locations are left out. The app shows nothing of either.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"
else
  echo "error: the size build needs the nightly toolchain with rust-src and its crates: run scripts/setup.sh (or PI_STABLE=1 $0 for a larger build with stable)" >&2
  exit 1
fi
exec trunk build --release "$@"
