// Web figures for `scripts/lab bench` (printed, never asserted): web_transfer_bytes_gzip, what a first
// visit downloads (index.html, coordlab_web.js and .wasm, each gzip -9 as a server would send them), and
// web_first_frame_ms, from navigation to the lab's first rendered frame in headless Chromium with
// SwiftShader (the median of 5 fresh browser contexts). Usage: node bench.mjs SITE_DIR > web.json
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { LabPage, chromiumArgs, chromiumPath, viewport } from './lab_page.mjs';

const siteFiles = ['index.html', 'coordlab_web.js', 'coordlab_web.wasm'];
const firstFrameRuns = 5;

async function transferBytes(site) {
  let total = 0;
  for (const name of siteFiles) total += gzipSync(await readFile(join(site, name)), { level: 9 }).length;
  return total;
}

async function firstFrameMs(site) {
  const server = await startServer(site, 0);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  const times = [];
  try {
    for (let i = 0; i < firstFrameRuns; i += 1) {
      const context = await browser.newContext({ viewport });
      const lab = new LabPage(await context.newPage());
      await lab.open(url);
      times.push(lab.firstFrameMs);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]);
}

const site = resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: node bench.mjs SITE_DIR');
  process.exit(2);
}
const figures = { web_transfer_bytes_gzip: await transferBytes(site), web_first_frame_ms: await firstFrameMs(site) };
console.log(JSON.stringify(figures));
