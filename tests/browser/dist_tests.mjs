// The site built for hosting (scripts/dist.mjs, served by scripts/serve.mjs as a static host would):
// the folder holds exactly what the page references; the wasm arrives compressed with the right headers
// and size; after one visit the lab opens offline with progress intact; a newly deployed version is run
// on the next visit, keeping progress. Each test builds its own dist folder from the build's site.
import { mkdtemp, readFile, readdir, rm, writeFile, cp } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildDist } from '../../scripts/dist.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { LabPage, check, taskOf, viewport } from './lab_page.mjs';

async function withDist(site, body, { change } = {}) {
  const work = await mkdtemp(join(tmpdir(), 'coordlab-dist-test-'));
  try {
    let source = site;
    if (change) {  // a copy of the build with one asset changed, as a new version would be
      source = join(work, 'site');
      await cp(site, source, { recursive: true });
      await change(source);
    }
    const out = join(work, 'dist');
    const built = await buildDist(source, out);
    return await body(out, built);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// Every URL a file of the site names: index.html's src/href and labFiles, the manifest's icons, the
// service worker's precache list.
async function referencesOf(folder, name) {
  const text = await readFile(join(folder, name), 'utf8');
  if (name === 'index.html') {
    const labFiles = JSON.parse(text.match(/const labFiles = (\{.*\});/)[1]);
    const links = [...text.matchAll(/(?:src|href)="([^"#:]+)"/g)].map((match) => match[1]);
    return [...links, labFiles.js, labFiles.wasm, labFiles.serviceWorker];
  }
  if (name.endsWith('.webmanifest')) return JSON.parse(text).icons.map((icon) => icon.src);
  if (name === 'sw.js') return JSON.parse(text.match(/^const build = (\{.*\});$/m)[1]).assets;
  return [];
}

function get(url, headers = {}) {
  return new Promise((resolvePromise, reject) => {
    request(url, { headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolvePromise({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

async function openLab(browser, url) {
  const context = await browser.newContext({ viewport });
  const lab = new LabPage(await context.newPage());
  await lab.open(url);
  return { context, lab };
}

// One answered question makes progress: the lesson's "next term" task (answer 4).
async function makeProgress(lab) {
  await lab.go('#/implementer/raft-new-leader/who-can-win');
  await lab.type('next-term:number', '4');
  await lab.click('next-term:check');
  return lab.waitUntil((state) => taskOf(state, 'next-term').passed, 'the answered task passes');
}

async function waitControlledByWorker(lab) {
  await lab.page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((done) => navigator.serviceWorker.addEventListener('controllerchange', done, { once: true }));
    }
  });
}

async function reloadLab(lab) {
  await lab.page.reload();
  await lab.waitForFrame(2);
  return lab.state();
}

// The lab inside an iframe of a course page on another origin: LabPage drives the frame, with the
// pointer offset by the frame's place on the page.
async function framedLab(page) {
  const frameElement = await page.waitForSelector('iframe');
  const box = await frameElement.boundingBox();
  const frame = await frameElement.contentFrame();
  const framed = {
    evaluate: (...args) => frame.evaluate(...args),
    waitForFunction: (...args) => frame.waitForFunction(...args),
    locator: (selector) => frame.locator(selector),
    reload: () => page.reload(),
    on: (...args) => page.on(...args),
    viewportSize: () => ({ width: box.width, height: box.height }),
    keyboard: page.keyboard,
    mouse: {
      move: (x, y) => page.mouse.move(box.x + x, box.y + y), down: (options) => page.mouse.down(options),
      up: (options) => page.mouse.up(options), wheel: (x, y) => page.mouse.wheel(x, y),
    },
  };
  const lab = new LabPage(framed);
  await lab.waitForFrame(2);
  return lab;
}

export const distTests = [
  {
    name: 'dist: the folder holds exactly the referenced files, each compressed variant decompresses to its file',
    async standalone({ site }) {
      await withDist(site, async (out) => {
        const names = (await readdir(out)).sort();
        const plain = names.filter((name) => !/\.(br|gz)$/.test(name));
        const referenced = new Set(['index.html']);
        for (const name of plain) for (const reference of await referencesOf(out, name)) referenced.add(reference);
        for (const reference of referenced) check(plain.includes(reference), `${reference} is referenced but not in the dist folder`);
        for (const name of plain) check(referenced.has(name), `${name} is in the dist folder but nothing references it`);
        const worker = await referencesOf(out, 'sw.js');
        check(JSON.stringify(worker) === JSON.stringify(plain.filter((name) => name !== 'index.html' && name !== 'sw.js')),
          `the service worker should precache every asset, has ${worker.join(', ')}`);
        for (const name of names.filter((entry) => /\.(br|gz)$/.test(entry))) {
          const original = name.slice(0, -3);
          check(plain.includes(original), `${name} has no ${original}`);
          const packed = await readFile(join(out, name));
          const unpacked = name.endsWith('.br') ? brotliDecompressSync(packed) : gunzipSync(packed);
          check(unpacked.equals(await readFile(join(out, original))), `${name} does not decompress to ${original}`);
        }
        check(plain.some((name) => /^coordlab_web\.[0-9a-f]{16}\.wasm$/.test(name)) && names.some((name) => name.endsWith('.wasm.br')),
          'the wasm should have a content-hashed name and a brotli variant');
      });
    },
  },
  {
    name: 'dist: the wasm is served compressed as application/wasm with its size; index.html is revalidated',
    async standalone({ site, browser }) {
      await withDist(site, async (out, built) => {
        const server = await startServer(out, 0);
        const base = `http://127.0.0.1:${server.address().port}/`;
        try {
          const wasmName = built.files.find((name) => name.endsWith('.wasm'));
          for (const [encoding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
            const response = await get(base + wasmName, { 'Accept-Encoding': encoding });
            const expected = await readFile(join(out, wasmName + suffix));
            check(response.headers['content-encoding'] === encoding && response.headers['content-type'] === 'application/wasm',
              `with Accept-Encoding ${encoding} the wasm should come as ${encoding}, application/wasm: ${JSON.stringify(response.headers)}`);
            check(response.body.equals(expected) && Number(response.headers['content-length']) === expected.length,
              `the ${encoding} wasm should be the ${expected.length}-byte ${wasmName + suffix}, got ${response.body.length} bytes`);
            check(/immutable/.test(response.headers['cache-control']), `a hashed file should be cached for ever: ${response.headers['cache-control']}`);
          }
          const page = await get(base, { 'Accept-Encoding': 'gzip' });
          check(page.headers['cache-control'] === 'no-cache' && page.headers['content-encoding'] === 'gzip', `index.html: ${JSON.stringify(page.headers)}`);
          // What Chromium itself is sent: the wasm compressed, its transfer the compressed file's size.
          const { context, lab } = await openLab(browser, base);
          const sizes = await lab.page.evaluate((name) => performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith(name))
            .map((entry) => ({ transfer: entry.encodedBodySize, decoded: entry.decodedBodySize })), wasmName);
          const raw = (await readFile(join(out, wasmName))).length;
          const packedSizes = [(await readFile(join(out, `${wasmName}.br`))).length, (await readFile(join(out, `${wasmName}.gz`))).length];
          check(sizes.length === 1 && sizes[0].decoded === raw && packedSizes.includes(sizes[0].transfer),
            `Chromium should receive the wasm compressed (${packedSizes.join(' or ')} bytes for ${raw}): ${JSON.stringify(sizes)}`);
          await lab.checkNoProblems();
          await context.close();
        } finally {
          server.close();
        }
      });
    },
  },
  {
    name: 'dist: after one visit the lab opens offline with progress intact; the next deployed version is run and keeps it',
    async standalone({ site, browser }) {
      await withDist(site, async (out) => {
        await withDist(site, async (outNext, next) => {
          let server = await startServer(out, 0);
          const { port } = server.address();
          const base = `http://127.0.0.1:${port}/`;
          const { context, lab } = await openLab(browser, base);
          try {
            await waitControlledByWorker(lab);
            const before = await makeProgress(lab);
            await context.setOffline(true);
            const offline = await reloadLab(lab);
            check(offline.progress.records === before.progress.records && offline.progress.records > 0,
              `offline, the progress should be intact (${before.progress.records} records, has ${offline.progress.records})`);
            const lesson = await lab.go('#/implementer/raft-new-leader/who-can-win');
            check(taskOf(lesson, 'next-term').passed, 'offline, the answered task should still show passed');
            await lab.go('#/observer/observer-welcome/tour');
            await lab.type('Ticks', '300');
            const ran = await lab.click('Run ticks');
            check(ran.tick >= 300, `offline, a lesson's simulator should run (tick ${ran.tick})`);
            const beforeUpdate = await lab.waitFrames(2);
            // Deploy the next version on the same origin (storage is per origin) and come back online.
            await context.setOffline(false);
            server.close();
            server.closeAllConnections();  // kept-alive connections would still reach the old folder
            server = await startServer(outNext, port);
            const updated = await reloadLab(lab);
            const running = await lab.page.evaluate(() => labFiles.js);
            const nextJs = next.files.find((name) => name.endsWith('.js') && name.startsWith('coordlab_web.'));
            check(running === nextJs, `the next visit should run the new version ${nextJs}, runs ${running}`);
            check(updated.progress.records === beforeUpdate.progress.records,
              `the update should keep the progress (${beforeUpdate.progress.records} records before, ${updated.progress.records} after)`);
            await lab.checkNoProblems();
          } finally {
            await context.close();
            server.close();
          }
        }, { change: (copy) => readFile(join(copy, 'coordlab_web.js'), 'utf8').then((js) => writeFile(join(copy, 'coordlab_web.js'), `${js}\n// the next version\n`)) });
      });
    },
  },
  {
    name: 'dist: inside an iframe on a course page (same site, another origin) the lab runs, takes keys and keeps progress over a reload',
    async standalone({ site, browser }) {
      await withDist(site, async (out) => {
        const server = await startServer(out, 0);
        const course = await mkdtemp(join(tmpdir(), 'coordlab-course-'));
        // The course page and the lab on two ports: two origins of one site, as a course platform and the lab
        // on one university domain. (Across sites the browser's third-party storage rules decide; see README.)
        await writeFile(join(course, 'index.html'), `<!doctype html><title>Course</title><h1>Session 9</h1>
<iframe src="http://127.0.0.1:${server.address().port}/#/implementer/raft-new-leader/who-can-win" width="1280" height="720" allow="clipboard-write"></iframe>`);
        const courseServer = await startServer(course, 0);
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        try {
          await page.goto(`http://127.0.0.1:${courseServer.address().port}/`);
          const lab = await framedLab(page);
          await lab.type('next-term:number', '4');
          await lab.click('next-term:check');
          const answered = await lab.waitUntil((state) => taskOf(state, 'next-term').passed, 'the answered task passes');
          await page.keyboard.type('?');  // the click on Check gave the lab's canvas the focus
          const overlay = await lab.waitUntil((state) => state.shortcuts_open, 'the ? key opens the shortcuts overlay inside the frame');
          check(overlay.shortcuts_open, 'keys should reach the lab in its frame');
          await page.reload();
          const again = await framedLab(page);
          const reloaded = await again.waitUntil((state) => state.lesson && taskOf(state, 'next-term').passed, 'the task is still passed after a reload');
          check(reloaded.progress.records === answered.progress.records, `the framed lab should keep its progress (${reloaded.progress.records} records)`);
          await again.checkNoProblems();
        } finally {
          await context.close();
          server.close();
          courseServer.close();
          await rm(course, { recursive: true, force: true });
        }
      });
    },
  },
];
