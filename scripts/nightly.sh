# Sourced by scripts/setup.sh and scripts/build.sh: is the machine's nightly
# toolchain ready to compile the standard library with the app? That takes
# the toolchain itself (never installed by this project), the source of its
# standard library (the rust-src component) and that library's own crates
# (Trunk builds offline, so they must be fetched first).

# True when a nightly toolchain is installed. Asked of rustup's list, since
# naming a missing toolchain (`rustc +nightly`) may make rustup install it.
nightly_installed() {
  rustup toolchain list 2>/dev/null | grep '^nightly-' >/dev/null
}

# The manifest of nightly's standard library, when its source is there.
nightly_library() {
  local manifest
  manifest="$(rustc +nightly --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library/Cargo.toml"
  [ -f "$manifest" ] && echo "$manifest"
}

# True when the standard library's crates are all in cargo's cache.
nightly_crates_at_hand() {
  cargo +nightly fetch --offline --locked --quiet --manifest-path "$1" >/dev/null 2>&1
}

nightly_ready() {
  local library
  nightly_installed && library=$(nightly_library) && nightly_crates_at_hand "$library"
}
