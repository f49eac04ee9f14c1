// Coordination Lab's service worker: the lab works offline after the first visit, and a new version is
// never mixed with an old one.
// - Install: the whole version (index.html, the content-hashed js and wasm, manifest, icon) goes into one
//   cache named after the version, all or nothing (cache.addAll), so a cache is always a complete version.
// - The page (a navigation): the network first, so a visit while online always runs the newest deployed
//   version; offline (the fetch fails), the cached index.html of this worker's version, whose hashed
//   assets are in the same cache.
// - Everything else: the cache, else the network. Hashed names never change meaning, so a cached file is
//   always right; an old page can only ask for its own hashed files.
// - Activate: caches of other versions are deleted (a running page already has its wasm) and this worker
//   takes over open pages. Progress lives in localStorage, which no worker touches.
// scripts/dist.mjs fills in the next line; the file is served with no-cache so an update is seen at once.
const build = { version: 'development', assets: [] };
const cacheName = `coordlab-${build.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(cacheName).then((cache) => cache.addAll(['./', ...build.assets])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('coordlab-') && name !== cacheName) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function pageFromNetworkOrCache(request) {
  try {
    return await fetch(request);
  } catch (offline) {
    const cached = await (await caches.open(cacheName)).match('./');
    if (cached) return cached;
    throw offline;
  }
}

async function assetFromCacheOrNetwork(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  return cached ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(request.mode === 'navigate' ? pageFromNetworkOrCache(request) : assetFromCacheOrNetwork(request));
});
