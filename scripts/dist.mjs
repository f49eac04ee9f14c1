// Builds the distributable site (scripts/lab dist): one folder an instructor copies to any static host.
//   index.html                      the page, pointing at the hashed files below (served no-cache)
//   coordlab_web.<hash>.js / .wasm  the lab, named by a hash of their content (cached for ever)
//   manifest.webmanifest, icon.svg  the web app manifest and icon (web/site/)
//   sw.js                           the service worker (web/site/sw.js) with this version's file list
//   X.br, X.gz                      each text or wasm file precompressed (Debian's brotli -q 11 and gzip -9 -n),
//                                   kept only where smaller, for servers that send precompressed files
// The same inputs give the same folder, byte for byte. Usage: node scripts/dist.mjs SITE_DIR OUT_DIR
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const webSiteDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'site');
const staticFiles = ['manifest.webmanifest', 'icon.svg'];
const compressors = { '.gz': ['gzip', ['-9', '-n', '-c']], '.br': ['brotli', ['-q', '11', '-c']] };
const labFilesLine = /^ *const labFiles = \{.*\};$/m;
const iconLine = /^<link rel="icon" href="data:,">.*$/m;
const buildLine = /^const build = \{.*\};$/m;

export class DistError extends Error {}

function contentHash(...buffers) {
  const hash = createHash('sha256');
  for (const buffer of buffers) hash.update(buffer);
  return hash.digest('hex').slice(0, 16);
}

function replaceOnce(text, pattern, replacement, where) {
  if (!pattern.test(text)) throw new DistError(`${where} has no line matching ${pattern}: was it edited? (scripts/dist.mjs rewrites it)`);
  return text.replace(pattern, replacement);
}

function compress(buffer, suffix) {
  const [program, args] = compressors[suffix];
  const result = spawnSync(program, args, { input: buffer, maxBuffer: 1 << 30 });
  if (result.error || result.status !== 0) {
    throw new DistError(`${program} failed (${result.error?.message ?? result.stderr}): install Debian's ${program} (scripts/lab setup)`);
  }
  return result.stdout;
}

// Empties `out` first, but only if it is empty or a previous dist folder (it never deletes anything else).
async function prepareOutput(out) {
  if (existsSync(out)) {
    const names = await readdir(out);
    if (names.length > 0 && !(names.includes('sw.js') && names.includes('index.html'))) {
      throw new DistError(`${out} is not empty and not a previous dist folder: choose a new or empty folder`);
    }
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
}

// The site's files (name -> bytes) before compression.
async function siteFiles(site) {
  const read = (folder, name) => readFile(join(folder, name)).catch(() => {
    throw new DistError(`${join(folder, name)} is missing: build the lab first (scripts/lab dist builds it)`);
  });
  const js = await read(site, 'coordlab_web.js');
  const wasm = await read(site, 'coordlab_web.wasm');
  const names = { js: `coordlab_web.${contentHash(js)}.js`, wasm: `coordlab_web.${contentHash(wasm)}.wasm` };
  const files = new Map([[names.js, js], [names.wasm, wasm]]);
  for (const name of staticFiles) files.set(name, await read(webSiteDir, name));
  let index = (await read(site, 'index.html')).toString('utf8');
  const labFiles = { js: names.js, wasm: names.wasm, serviceWorker: 'sw.js' };
  index = replaceOnce(index, labFilesLine, `  const labFiles = ${JSON.stringify(labFiles)};`, 'index.html');
  index = replaceOnce(index, iconLine, '<link rel="icon" href="icon.svg" type="image/svg+xml">\n<link rel="manifest" href="manifest.webmanifest">', 'index.html');
  files.set('index.html', Buffer.from(index));
  const assets = [...files.keys()].filter((name) => name !== 'index.html').sort();
  const version = contentHash(...[...files.keys()].sort().map((name) => files.get(name)));
  const worker = (await read(webSiteDir, 'sw.js')).toString('utf8');
  files.set('sw.js', Buffer.from(replaceOnce(worker, buildLine, `const build = ${JSON.stringify({ version, assets })};`, 'web/site/sw.js')));
  return { files, version };
}

export async function buildDist(site, out) {
  const { files, version } = await siteFiles(resolve(site));
  await prepareOutput(resolve(out));
  const written = [];
  for (const [name, bytes] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    await writeFile(join(out, name), bytes);
    written.push(name);
    for (const suffix of Object.keys(compressors)) {
      const packed = compress(bytes, suffix);
      if (packed.length >= bytes.length) continue;
      await writeFile(join(out, name + suffix), packed);
      written.push(name + suffix);
    }
  }
  return { version, files: written };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [site, out] = process.argv.slice(2);
  if (!site || !out) {
    console.error('usage: node scripts/dist.mjs SITE_DIR OUT_DIR   (SITE_DIR = build/wasm/web/site)');
    process.exit(2);
  }
  buildDist(site, out).then(
    ({ version, files }) => console.log(`dist: version ${version}, ${files.length} files in ${resolve(out)}`),
    (error) => {
      console.error(`dist: ${error instanceof DistError ? error.message : error.stack}`);
      process.exit(1);
    },
  );
}
