// Web figures for `scripts/lab bench` (printed, never asserted), measured on the hosted site
// (scripts/dist.mjs built from SITE_DIR into a temporary folder, served by scripts/serve.mjs):
// - web_transfer_bytes_gzip / _br: every byte the server sends (HTTP headers included) for a first visit
//   in a fresh Chromium context accepting only gzip (or only brotli), until the lab has drawn its first
//   frame and its service worker is active (so the offline copy is included);
// - web_first_frame_ms: navigation to the lab's first rendered frame (headless Chromium, SwiftShader),
//   the median of 5 fresh browser contexts;
// - web_lab_start_ms: the lab's own start-up in those runs, from the wasm instantiated to the first frame
//   drawn, less the WebGL context creation (performance marks set by web/index.html and
//   web/platform_main.cpp), the median of 5.
// Usage: node bench.mjs SITE_DIR > web.json
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { buildDist } from '../../scripts/dist.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { LabPage, chromiumArgs, chromiumPath, viewport } from './lab_page.mjs';

const startRuns = 5;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function withServer(folder, body) {
  const server = await startServer(folder, 0);
  const sockets = [];
  server.on('connection', (socket) => sockets.push(socket));
  try {
    return await body(`http://127.0.0.1:${server.address().port}/`, () => sockets.reduce((sum, socket) => sum + socket.bytesWritten, 0));
  } finally {
    server.close();
  }
}

async function transferBytes(browser, folder, encoding) {
  return withServer(folder, async (url, bytesSent) => {
    const context = await browser.newContext({ viewport, extraHTTPHeaders: { 'Accept-Encoding': encoding } });
    const lab = new LabPage(await context.newPage());
    await lab.open(url);
    await lab.page.evaluate(() => navigator.serviceWorker.ready);
    await lab.waitFrames(2);
    const total = bytesSent();
    await context.close();
    return total;
  });
}

// The lab's own start-up in one page, from its performance marks.
function labStartMs(page) {
  return page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0].startTime;
    return at('lab-first-frame') - at('lab-wasm-instantiated') - (at('lab-context-end') - at('lab-context-start'));
  });
}

async function startTimes(browser, folder) {
  return withServer(folder, async (url) => {
    const firstFrame = [];
    const labStart = [];
    for (let i = 0; i < startRuns; i += 1) {
      const context = await browser.newContext({ viewport });
      const lab = new LabPage(await context.newPage());
      await lab.open(url);
      firstFrame.push(lab.firstFrameMs);
      labStart.push(await labStartMs(lab.page));
      await context.close();
    }
    return { web_first_frame_ms: Math.round(median(firstFrame)), web_lab_start_ms: Math.round(median(labStart)) };
  });
}

const site = resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: node bench.mjs SITE_DIR');
  process.exit(2);
}
const work = await mkdtemp(join(tmpdir(), 'coordlab-bench-dist-'));
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
try {
  const folder = join(work, 'dist');
  await buildDist(site, folder);
  const figures = {
    web_transfer_bytes_gzip: await transferBytes(browser, folder, 'gzip'),
    web_transfer_bytes_br: await transferBytes(browser, folder, 'br'),
    ...await startTimes(browser, folder),
  };
  console.log(JSON.stringify(figures));
} finally {
  await browser.close();
  await rm(work, { recursive: true, force: true });
}
