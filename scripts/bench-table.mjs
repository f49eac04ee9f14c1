// Prints the benchmark table: native and wasm figures side by side, the wasm/native ratio, and the
// targets from the issues. Usage: node bench-table.mjs native.json wasm.json web.json
import { readFileSync } from 'node:fs';

const [nativePath, wasmPath, webPath] = process.argv.slice(2);
const read = (path) => (path ? JSON.parse(readFileSync(path, 'utf8')) : {});
const native = read(nativePath);
const wasm = read(wasmPath);
const web = read(webPath);

const targets = {
  'events_per_s.flood_100': { text: '>= 5,000,000 native; wasm >= 0.5x', ok: (n, w) => n >= 5e6 && w / n >= 0.5 },
  'trace_bytes_per_event': { text: '<= 64', ok: (n, w) => n <= 64 && (w === undefined || w <= 64) },
  'seek_back_ms.100k': { text: '< 50 (well under)', ok: (n, w) => n < 50 && (w === undefined || w < 50) },
  'web_transfer_bytes_gzip': { text: '<= 800,000', ok: (n) => n <= 8e5 },
  'web_first_frame_ms': { text: '< 2000', ok: (n) => n < 2000 },
  'ui_frame_build_ms.trace20k': { text: '< 4', ok: (n) => n < 4 },
  'ui_plot_frame_ms.20x10k': { text: 'well under 2', ok: (n) => n < 2 },
  'pbft_requests_per_s.n4': { text: '>= 100,000 native', ok: (n) => n >= 1e5 },
  'raft_entries_per_s.n5': { text: '>= 300,000 native', ok: (n) => n >= 3e5 },
};
// HTN planning (issue 15): the native target, and wasm at least 0.5x native speed (a time: wasm/native <= 2).
const htnWasmSpeed = (n, w) => w === undefined || n / w >= 0.5;
for (const [name, nativeMs] of [['bw19', 0.045], ['bw50', 0.268], ['transport_p10', 0.35], ['satellite_p10', 0.35]]) {
  targets[`htn_plan_ms.${name}`] = { text: `<= ${nativeMs} native; wasm >= 0.5x speed`, ok: (n, w) => n <= nativeMs && htnWasmSpeed(n, w) };
  targets[`htn_expansions_per_s.${name}`] = { text: 'wasm >= 0.5x native', ok: (n, w) => w === undefined || w / n >= 0.5 };
}

const format = (value) => {
  if (value === undefined) return '-';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(3);
};

const rows = [];
const names = [...new Set([...Object.keys(native), ...Object.keys(wasm)])].filter((name) => name !== 'quick' && name !== 'repeat');
for (const name of names) {
  const n = native[name];
  const w = wasm[name];
  const ratio = n !== undefined && w !== undefined && n !== 0 ? (w / n).toFixed(2) + 'x' : '-';
  const target = targets[name];
  const status = target ? (target.ok(n, w) ? 'meets' : 'MISSES') : '';
  rows.push([name, format(n), format(w), ratio, target ? target.text : '', status]);
}
for (const [name, value] of Object.entries(web)) {
  if (typeof value !== 'number') continue;
  const target = targets[name];
  rows.push([name, format(value), '(web)', '', target ? target.text : '', target ? (target.ok(value) ? 'meets' : 'MISSES') : '']);
}
const header = ['figure', 'native', 'wasm (node)', 'wasm/native', 'target', 'status'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
const line = (cells) => cells.map((cell, column) => (column === 0 || column >= 4 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
console.log(line(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const row of rows) console.log(line(row));
console.log(`\nEach figure is the median of ${native.repeat ?? 1} run(s).`);
console.log('\nJSON: ' + JSON.stringify({ native, wasm, web }));
