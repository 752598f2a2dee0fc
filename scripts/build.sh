#!/usr/bin/env bash
# Builds the browser app into dist/ (trunk build --release).
#
# With the nightly toolchain at hand (scripts/setup.sh adds the source of its
# standard library), the standard library is compiled with the app, for size,
# and a panic aborts without formatting a message: the wasm is about 30 KB
# smaller compressed (BENCHMARKS.md, section 3). Without nightly the stable
# toolchain builds the same app, larger.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# PI_STABLE=1 builds with stable regardless.
. scripts/nightly.sh
if [ "${PI_STABLE:-}" != 1 ] && nightly_ready; then
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
  echo "note: building with the stable toolchain (nightly, its rust-src or their crates are missing, or PI_STABLE=1); the wasm is about 30 KB larger" >&2
fi
exec trunk build --release "$@"
