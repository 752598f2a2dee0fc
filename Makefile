# The two commands of the README:
#   make run    build the dashboard and serve it on http://127.0.0.1:8080
#   make test   run every test (native engine tests, then the browser tests)
# Both install whatever is missing first (scripts/setup.sh).

export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
PORT ?= 8080

.PHONY: run test build setup setup-test test-native test-size test-browser test-spark sample first-view bench

run: setup build
	node scripts/serve.mjs --dir dist --port $(PORT)

test: setup-test test-native build test-size test-browser test-spark

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh test

build:
	scripts/build.sh

# Formatting and lints are required (clippy.toml holds the size and
# ownership rules); a toolchain without rustfmt or clippy fails here.
test-native:
	cargo fmt --all --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked -p partner-insights-ui --target wasm32-unknown-unknown -- -D warnings
	cargo test --locked

# The first-load bytes of the built app against their budget
# (scripts/first-load.mjs). A stable build (PI_STABLE=1) is larger by design.
test-size:
	@if [ "$${PI_STABLE:-}" = 1 ]; then echo "note: PI_STABLE=1: size budget not checked"; else node scripts/first-load.mjs --budget; fi

# Needs `build` (the app in dist/) and the native command from test-native.
test-browser:
	cargo build --locked --bin insights
	node --test --test-concurrency=1 tests/e2e/

# The Spark job (spark/) against `insights report` on the fixtures and the
# sample, in Spark's local mode (installs a Java runtime and pyspark when
# missing). Needs the native command from test-native.
test-spark:
	@scripts/setup.sh spark
	cargo build --locked --bin insights
	target/spark-env/bin/python -W ignore::ResourceWarning -m unittest tests/spark/test_report.py

# Regenerates the bundled sample from its recipe.
sample:
	cargo run --release --bin insights -- $$(cat public/data/RECIPE) --out public/data

# Rewrites public/first-view.html, the dashboard's top as the app draws it for
# the sample (shown while the app loads), after a change to that view or to
# the sample; the browser tests fail while it is stale. Needs Chromium.
first-view: setup-test build
	node scripts/first-view.mjs
	scripts/build.sh

# The benchmarks of BENCHMARKS.md (needs `make test`'s set-up: Chromium).
bench: setup-test
	scripts/bench.sh
