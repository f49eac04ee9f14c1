# Subcommands of scripts/lab (sourced by it; uses its helpers and variables).

WEB_SITE="$BUILD/wasm/web/site"

cmd_help() {
  cat <<'HELP'
  scripts/lab setup                 install dependencies (Debian packages, Dear ImGui sources, playwright-core)
  scripts/lab serve [--port 8080]   build the WebAssembly lab and serve it on http://127.0.0.1:PORT
  scripts/lab dist [DIR]            build the site to host for a class into DIR (default build/dist)
  scripts/lab test                  build everything and run every test (native, sanitizers, wasm, browser)
  scripts/lab desktop [ARGS]        the lab as a native window
  scripts/lab cli [--wasm] ARGS     run the coordlab command-line tool (natively, or as wasm under node)
  scripts/lab bench                 release builds; benchmark table, native and wasm side by side
HELP
}

build_web_site() {
  build_preset wasm coordlab_web
  [ -f "$WEB_SITE/index.html" ] || die "the web build did not produce $WEB_SITE/index.html"
}

cmd_serve() {
  local port=8080
  while [ $# -gt 0 ]; do
    case "$1" in
      --port) port="${2:?--port needs a number}"; shift 2 ;;
      --port=*) port="${1#--port=}"; shift ;;
      *) die "serve: unknown option '$1' (usage: scripts/lab serve [--port 8080])" ;;
    esac
  done
  build_web_site
  say "serving the lab at http://127.0.0.1:$port/  (Ctrl+C stops)"
  exec node "$ROOT/scripts/serve.mjs" "$WEB_SITE" "$port"
}

# The folder to copy to a static host: hashed, precompressed, offline-capable (scripts/dist.mjs).
cmd_dist() {
  local out="${1:-$BUILD/dist}"
  [ $# -le 1 ] || die "dist: one folder at most (usage: scripts/lab dist [DIR])"
  build_web_site
  node "$ROOT/scripts/dist.mjs" "$WEB_SITE" "$out"
  say "copy $out/ to any static web server (see \"Host it for your class\" in README.md)"
}

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

cmd_test() {
  local started=$SECONDS
  step "native build (warnings are errors)"
  build_preset native
  step "native tests"
  ctest --test-dir "$BUILD/native" --output-on-failure
  step "engine tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  build_preset sanitize coordlab_tests
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "$BUILD/sanitize/tests/coordlab_tests"
  step "WebAssembly build: engine tests, CLI and the web lab"
  build_preset wasm coordlab_tests coordlab coordlab_web
  step "engine tests as WebAssembly under node"
  ctest --test-dir "$BUILD/wasm" --output-on-failure
  step "determinism: native and wasm trace hashes must be identical"
  "$BUILD/native/engine/coordlab" trace-hashes > "$BUILD/trace-hashes.native.txt"
  run_wasm_cli trace-hashes > "$BUILD/trace-hashes.wasm.txt"
  if ! diff -u "$BUILD/trace-hashes.native.txt" "$BUILD/trace-hashes.wasm.txt"; then
    die "native and wasm traces differ (see the diff above)"
  fi
  say "$(wc -l < "$BUILD/trace-hashes.native.txt") trace hashes identical"
  step "scenario files"
  "$BUILD/native/engine/coordlab" scenario check "$ROOT"/engine/app/scenarios/*.json
  step "lesson lint: every task starts failing, its solution passes, its wrong solutions fail"
  "$BUILD/native/engine/coordlab" lint "$ROOT/lessons"
  step "native desktop smoke test (headless, Xvfb)"
  xvfb-run -a -s "-screen 0 1280x720x24" "$BUILD/native/web/coordlab_desktop" --frames 20 --smoke
  step "browser tests (Playwright + Debian Chromium)"
  (cd "$ROOT/tests/browser" && node run.mjs "$WEB_SITE")
  say "all tests passed in $((SECONDS - started)) s"
}

run_wasm_cli() {
  node --no-experimental-fetch "$BUILD/wasm/engine/coordlab.js" "$@"
}

cmd_cli() {
  if [ "${1:-}" = "--wasm" ]; then
    shift
    build_preset wasm coordlab >&2
    run_wasm_cli "$@"
  else
    build_preset native coordlab >&2
    "$BUILD/native/engine/coordlab" "$@"
  fi
}

cmd_desktop() {
  build_preset release coordlab_desktop
  local runner=()
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    say "no display found: running under Xvfb (add --frames N to stop after N frames)"
    runner=(xvfb-run -a -s "-screen 0 1600x900x24")
  fi
  "${runner[@]}" "$BUILD/release/web/coordlab_desktop" --lessons "$ROOT/lessons" "$@"
}

cmd_bench() {
  build_preset release coordlab coordlab_ui_bench
  build_preset wasm coordlab
  say "running native benchmarks"
  "$BUILD/release/engine/coordlab" bench --json > "$BUILD/bench.native.json"
  say "measuring the UI frame build (native, no GPU)"
  "$BUILD/release/web/coordlab_ui_bench" --json > "$BUILD/bench.ui.json"
  node -e 'const fs = require("fs"); const [all, ui] = process.argv.slice(1);
    fs.writeFileSync(all, JSON.stringify({...JSON.parse(fs.readFileSync(all)), ...JSON.parse(fs.readFileSync(ui))}));' \
    "$BUILD/bench.native.json" "$BUILD/bench.ui.json"
  say "running wasm benchmarks under node"
  run_wasm_cli bench --json > "$BUILD/bench.wasm.json"
  local web_json="$BUILD/bench.web.json"
  echo '{}' > "$web_json"
  if [ -f "$ROOT/tests/browser/bench.mjs" ]; then
    build_web_site
    say "measuring the web build (transfer size, first frame in headless Chromium)"
    (cd "$ROOT/tests/browser" && node bench.mjs "$WEB_SITE") > "$web_json"
  fi
  node "$ROOT/scripts/bench-table.mjs" "$BUILD/bench.native.json" "$BUILD/bench.wasm.json" "$web_json"
}
