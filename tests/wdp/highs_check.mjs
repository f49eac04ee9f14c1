// Checks coordlab's exact winner determination against HiGHS, an independent MIP solver compiled to
// WebAssembly (npm package `highs`): for seeded CATS-style instances of every distribution, the optimal
// welfare must be equal. Prints the time of both solvers side by side and their ratio.
// usage: node tests/wdp/highs_check.mjs COORDLAB [--node] [--sizes GxB:N,...]
//   --sizes: instances of G goods and B bids, N seeds of each distribution (default 12x40:50,20x100:15,30x500:2)
//   COORDLAB: the native binary, or with --node the wasm build's coordlab.js (run under node).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import loadHighs from "highs";

const args = process.argv.slice(2);
if (args.length < 1) {
  console.error("usage: node highs_check.mjs COORDLAB [--node] [--sizes 12x40:50,20x100:15,30x500:2]");
  process.exit(2);
}
const coordlab = args[0];
const underNode = args.includes("--node");
const sizesIndex = args.indexOf("--sizes");
const sizes = (sizesIndex >= 0 ? args[sizesIndex + 1] : "12x40:50,20x100:15,30x500:2").split(",").map((item) => {
  const [goods, bids, count] = item.split(/[x:]/).map(Number);
  return [goods, bids, count];
});
const distributions = ["arbitrary", "paths", "L3", "L7"];

function run(argv) {
  // The wasm CLI under node: emscripten 3.1.6 would try fetch() for its .wasm file without the flag.
  const [file, rest] = underNode ? [process.execPath, ["--no-experimental-fetch", coordlab, ...argv]] : [coordlab, argv];
  return execFileSync(file, rest, { encoding: "utf8", maxBuffer: 64 << 20 });
}

// The instance as a MIP in CPLEX LP format: one binary per bid, one "at most one" row per good.
function lpText(instance) {
  const rows = Array.from({ length: instance.goods }, () => []);
  instance.bids.forEach((bid, j) => bid.goods.forEach((g) => rows[g].push(`x${j}`)));
  const objective = instance.bids.map((bid, j) => `${bid.price} x${j}`).join(" + ") || "0 x0";
  const constraints = rows.map((vars, g) => (vars.length > 1 ? ` g${g}: ${vars.join(" + ")} <= 1` : null)).filter(Boolean);
  const binaries = instance.bids.map((_, j) => `x${j}`).join(" ");
  return `Maximize\n obj: ${objective}\nSubject To\n${constraints.join("\n") || " c0: x0 <= 1"}\nBinary\n ${binaries}\nEnd\n`;
}

const highs = await loadHighs();
const dir = mkdtempSync(join(tmpdir(), "coordlab-wdp-"));
let checked = 0, mismatches = 0;
const totals = {};
try {
  for (const distribution of distributions) {
    sizes.forEach(([goods, bids, count]) => {
      const key = `${goods}x${bids}`;
      totals[key] ??= { ours: 0, highs: 0, count: 0 };
      for (let seed = 1; seed <= count; ++seed) {
        const file = join(dir, `${distribution}_${key}_${seed}.json`);
        run(["auction", "wdp-generate", distribution, "--goods", String(goods), "--bids", String(bids), "--seed", String(seed), "--out", file]);
        const ours = JSON.parse(run(["auction", "wdp", file, "--json"]));
        const instance = JSON.parse(readFileSync(file, "utf8"));
        const start = performance.now();
        const result = highs.solve(lpText(instance), { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 0 });
        const highsMs = performance.now() - start;
        const theirs = Math.round(result.ObjectiveValue);
        ++checked;
        totals[key].ours += ours.solve_ms;
        totals[key].highs += highsMs;
        totals[key].count += 1;
        if (result.Status !== "Optimal" || !ours.optimal || theirs !== ours.welfare) {
          ++mismatches;
          console.log(`MISMATCH ${distribution} ${key} seed ${seed}: coordlab ${ours.welfare} (${ours.status}), HiGHS ${theirs} (${result.Status})`);
        }
      }
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log("size      instances  coordlab_ms_total  highs_ms_total  highs/coordlab");
for (const [key, t] of Object.entries(totals)) {
  console.log(`${key.padEnd(9)} ${String(t.count).padStart(9)} ${t.ours.toFixed(1).padStart(18)} ${t.highs.toFixed(1).padStart(15)} ${(t.highs / t.ours).toFixed(1).padStart(15)}x`);
}
console.log(`${checked - mismatches} passed, ${mismatches} failed`);
process.exit(mismatches === 0 ? 0 : 1);
