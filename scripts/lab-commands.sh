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

# Stage timing for `scripts/lab test`: every stage's wall time and the CPU time (user + sys) of what it
# ran, printed as a table when the run ends, also when a stage fails (then naming that stage).
STAGE_ROWS=()
STAGE_NAME=""
STAGE_STARTED=""
STAGE_CPU_BEFORE=0

children_cpu_ms() { # user + sys of every finished child of this shell so far ($$ even from a subshell)
  local stat fields
  stat="$(cat "/proc/$$/stat")"
  read -r -a fields <<< "${stat##*) }"
  echo $(( (fields[13] + fields[14]) * 1000 / CLOCK_TICKS_PER_S ))  # cutime, cstime (stat fields 16, 17)
}
CLOCK_TICKS_PER_S="$(getconf CLK_TCK)"

now_ms() { local now="${EPOCHREALTIME/[.,]/}"; echo $(( now / 1000 )); }

stage_row() { # $1 = status
  local wall_ms=$(( $(now_ms) - STAGE_STARTED )) cpu_ms=$(( $(children_cpu_ms) - STAGE_CPU_BEFORE ))
  STAGE_ROWS+=("$(printf '%-58s %8.1f %8.1f  %s' "$STAGE_NAME" "$((wall_ms / 100))e-1" "$((cpu_ms / 100))e-1" "$1")")
}

stage() { # $1 = title; the rest = the command
  STAGE_NAME="$1"; shift
  step "$STAGE_NAME"
  STAGE_STARTED="$(now_ms)"; STAGE_CPU_BEFORE="$(children_cpu_ms)"
  "$@"
  stage_row ok
  STAGE_NAME=""
}

print_stage_table() {
  local status=$?
  [ -n "$STAGE_NAME" ] && stage_row FAILED
  printf '\n%-58s %8s %8s  %s\n' "stage" "wall s" "cpu s" "result" >&2
  printf '%s\n' "${STAGE_ROWS[@]}" >&2
  local wall_ms=$(( $(now_ms) - TEST_STARTED_MS )) cpu_ms=$(( $(children_cpu_ms) - TEST_CPU_BEFORE_MS ))
  printf '%-58s %8.1f %8.1f\n' "total" "$((wall_ms / 100))e-1" "$((cpu_ms / 100))e-1" >&2
  if [ -n "$STAGE_NAME" ] || [ "$status" -ne 0 ]; then
    printf 'lab: test failed in stage: %s\n' "${STAGE_NAME:-(between stages)}" >&2
  fi
}

cmd_test() {
  TEST_STARTED_MS="$(now_ms)"; TEST_CPU_BEFORE_MS="$(children_cpu_ms)"
  trap print_stage_table EXIT
  stage "dependencies (scripts/lab setup)" cmd_setup
  say "compiler cache: $(ccache_state)"
  stage "native build (warnings are errors)" build_preset native
  stage "native tests (full seed sweeps)" ctest --test-dir "$BUILD/native" --output-on-failure -j "$JOBS"
  stage "sanitizer build (engine tests)" build_preset sanitize coordlab_tests
  stage "engine tests under ASan+UBSan (sanitizer-sized sweeps)" \
    env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir "$BUILD/sanitize" --output-on-failure -j "$JOBS" -R "^engine_tests[.]"
  stage "WebAssembly build: engine tests, CLI and the web lab" build_preset wasm coordlab_tests coordlab coordlab_web
  stage "engine tests as WebAssembly under node (wasm-sized sweeps)" ctest --test-dir "$BUILD/wasm" --output-on-failure -j "$JOBS"
  stage "determinism: native and wasm trace hashes identical" compare_trace_hashes
  stage "scenario files" "$BUILD/native/engine/coordlab" scenario check "$ROOT"/engine/app/scenarios/*.json
  stage "lesson lint (every task fails first, its solution passes)" "$BUILD/native/engine/coordlab" lint "$ROOT/lessons"
  stage "native desktop smoke test (headless, Xvfb)" \
    xvfb-run -a -s "-screen 0 1280x720x24" "$BUILD/native/web/coordlab_desktop" --frames 20 --smoke
  stage "browser tests (Playwright + Debian Chromium)" run_browser_tests
  say "all tests passed in $(( ($(now_ms) - TEST_STARTED_MS) / 1000 )) s"
}

compare_trace_hashes() {
  "$BUILD/native/engine/coordlab" trace-hashes > "$BUILD/trace-hashes.native.txt"
  run_wasm_cli trace-hashes > "$BUILD/trace-hashes.wasm.txt"
  if ! diff -u "$BUILD/trace-hashes.native.txt" "$BUILD/trace-hashes.wasm.txt"; then
    die "native and wasm traces differ (see the diff above)"
  fi
  say "$(wc -l < "$BUILD/trace-hashes.native.txt") trace hashes identical"
}

run_browser_tests() { (cd "$ROOT/tests/browser" && node run.mjs "$WEB_SITE"); }

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
