// The lab's static file server (no dependencies), serving files the way a well-set-up host does, so what
// the tests and benchmarks measure is what a learner downloads:
// - a precompressed X.br or X.gz next to X is sent instead of X when the browser accepts it
//   (Content-Encoding, Vary: Accept-Encoding; brotli preferred), with X's type;
// - content-hashed names (name.<16 hex>.ext) are cached for a year as immutable, everything else
//   (index.html, sw.js, the manifest) is revalidated on every use (no-cache, with an ETag);
// - .wasm is application/wasm (streaming compilation needs it).
// Usage: node serve.mjs DIR PORT
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.data': 'application/octet-stream',
};
const hashedName = /\.[0-9a-f]{16}\.[a-z]+$/;
const encodings = [['br', '.br'], ['gzip', '.gz']];  // in order of preference

async function readIfFile(file) {
  try {
    return (await stat(file)).isFile() ? await readFile(file) : null;
  } catch {
    return null;
  }
}

// The bytes to send for `file` and their encoding: a precompressed variant the request accepts, else the file.
async function chooseVariant(file, acceptEncoding) {
  const accepted = new Set(acceptEncoding.split(',').map((part) => part.split(';')[0].trim()));
  for (const [encoding, suffix] of encodings) {
    if (!accepted.has(encoding)) continue;
    const body = await readIfFile(file + suffix);
    if (body) return { body, encoding };
  }
  const body = await readIfFile(file);
  return body ? { body, encoding: null } : null;
}

export function startServer(directory, port) {
  const folder = resolve(directory);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const file = normalize(join(folder, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(folder)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    const variant = await chooseVariant(file, request.headers['accept-encoding'] ?? '');
    if (!variant) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const etag = `"${createHash('sha256').update(variant.body).digest('hex').slice(0, 24)}"`;
    const headers = {
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': hashedName.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
      'Content-Length': variant.body.length, ETag: etag, Vary: 'Accept-Encoding',
    };
    if (variant.encoding) headers['Content-Encoding'] = variant.encoding;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { ETag: etag, 'Cache-Control': headers['Cache-Control'], Vary: 'Accept-Encoding' }).end();
      return;
    }
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : variant.body);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePromise(server));
  });
}

// Run as a program (not imported by the browser tests): serve DIR on PORT.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [root, portText = '8080'] = process.argv.slice(2);
  if (!root) {
    console.error('usage: node serve.mjs DIR [PORT]');
    process.exit(2);
  }
  const port = Number(portText);
  startServer(resolve(root), port).then(
    () => console.log(`Coordination Lab: http://127.0.0.1:${port}/`),
    (error) => {
      console.error(`cannot serve on port ${port}: ${error.message} (try --port with another number)`);
      process.exit(1);
    },
  );
}
