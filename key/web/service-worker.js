// Gatehouse Key's service worker, written to sw.js at build time (vite.config.ts fills in VERSION and PRECACHE).
// It keeps the app shell so that codes show offline. The API (/api/…) is never answered from a cache: every call
// is signed for one moment, and a stale list of sign-in requests would only mislead, so it goes to the network as is.
const VERSION = '__VERSION__';
const PRECACHE = ['__PRECACHE__'];
const CACHE = `gatehouse-key-${VERSION}`;
const SCOPE = new URL('./', self.location.href).pathname;
// A navigation waits this long for the network before the cached shell is used (a network that hangs).
const NETWORK_TIMEOUT_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('gatehouse-key-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith(SCOPE)) return;
  if (request.mode === 'navigate' || url.pathname === SCOPE || url.pathname === `${SCOPE}index.html`) {
    event.respondWith(shellNetworkFirst(request));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

/** The newest shell when the server answers, else the one kept: new builds arrive, offline still works. */
async function shellNetworkFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(SCOPE);
  const network = fetch(request).then((response) => {
    if (response.ok && new URL(request.url).pathname === SCOPE) void cache.put(SCOPE, response.clone());
    return response;
  });
  if (!kept) return network;
  const timeout = new Promise((resolve) => setTimeout(() => resolve(kept), NETWORK_TIMEOUT_MS));
  return Promise.race([network.catch(() => kept), timeout]);
}

/** Hashed assets and icons never change under one name. */
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) void cache.put(request, response.clone());
  return response;
}
