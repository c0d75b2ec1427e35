/* global self, caches, URL, fetch, setTimeout, clearTimeout */
/*
 * Offline support (issue 5: lecture halls lose their network). Registered by app/main.tsx in
 * production builds only.
 *
 * - The page (index.html, any navigation): network first, so a new deployment is picked up at once;
 *   the cached copy when the network fails or takes longer than NETWORK_TIMEOUT_MS.
 * - Hashed build assets (/assets/…): cache first; they never change under the same name.
 * - Other same-origin GETs (manifest, icon): network first, cache fallback.
 * - Nothing off the origin is touched (the app makes no such requests).
 *
 * A page loaded before this worker took control sends the URLs it loaded ('precache'); the worker
 * caches them and the chunks they reference (the Web Worker, lazily loaded TF.js backends), so a later
 * offline reload finds everything.
 */
const CACHE = 'playground-v1';
const SHELL = ['/', '/manifest.webmanifest', '/favicon.svg'];
const NETWORK_TIMEOUT_MS = 4000;
const MAX_CRAWL = 300;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.all(SHELL.map((u) => cache.add(u).catch(() => undefined))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const sameOrigin = (url) => url.origin === self.location.origin;
const isAsset = (url) => url.pathname.startsWith('/assets/');
const isPage = (request, url) => request.mode === 'navigate' || url.pathname === '/' || url.pathname.endsWith('.html');

/** The cache key of a URL: no hash; a page is stored under its path without the query. */
function keyOf(url) {
  const u = new URL(url);
  u.hash = '';
  if (u.pathname === '/index.html') u.pathname = '/';
  return u.href;
}

async function put(key, response) {
  if (!response || !response.ok || response.type === 'opaque') return;
  const cache = await caches.open(CACHE);
  await cache.put(key, response);
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('network timeout')), ms);
    promise.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}

async function networkFirst(request, key, timeout) {
  try {
    const response = await withTimeout(fetch(request), timeout);
    if (response.ok) await put(key, response.clone());
    return response;
  } catch (err) {
    const cached = await caches.match(key, { ignoreSearch: true });
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request, key) {
  const cached = await caches.match(key);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await put(key, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!sameOrigin(url)) return;
  if (isPage(request, url)) {
    const page = new URL(url);
    page.search = '';
    event.respondWith(networkFirst(request, keyOf(page.href), NETWORK_TIMEOUT_MS));
  } else if (isAsset(url)) {
    event.respondWith(cacheFirst(request, keyOf(url.href)));
  } else {
    event.respondWith(networkFirst(request, keyOf(url.href), NETWORK_TIMEOUT_MS));
  }
});

/** Same-origin asset paths a script or style sheet refers to ("./x-hash.js", "/assets/y.css", "assets/z.wasm"). */
function referencedAssets(text, base) {
  const out = new Set();
  const re = /["'`(]((?:\.\/|\/assets\/|assets\/)[\w.\-/]+?\.(?:js|mjs|css|wasm|json|svg|png|woff2?|ttf|otf))["'`)]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const path = m[1];
    const url = path.startsWith('assets/') ? new URL(`/${path}`, base) : new URL(path, base);
    if (sameOrigin(url) && isAsset(url)) out.add(url.href);
  }
  return out;
}

async function precache(urls) {
  const cache = await caches.open(CACHE);
  const seen = new Set();
  const queue = [...urls];
  while (queue.length && seen.size < MAX_CRAWL) {
    const raw = queue.shift();
    let url;
    try {
      url = new URL(raw, self.location.origin);
    } catch {
      continue;
    }
    if (!sameOrigin(url)) continue;
    const key = isPage({ mode: '' }, url) ? keyOf(`${url.origin}${url.pathname}`) : keyOf(url.href);
    if (seen.has(key)) continue;
    seen.add(key);
    let response = await cache.match(key);
    if (!response) {
      try {
        response = await fetch(key, { cache: 'no-cache' });
      } catch {
        continue;
      }
      if (!response.ok) continue;
      await cache.put(key, response.clone());
    }
    if (/\.(?:js|mjs|css)$/.test(url.pathname)) {
      const text = await response.text();
      for (const ref of referencedAssets(text, url.href)) if (!seen.has(ref)) queue.push(ref);
    }
  }
}

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data && data.type === 'precache' && Array.isArray(data.urls)) {
    event.waitUntil(precache(data.urls.filter((u) => typeof u === 'string').slice(0, MAX_CRAWL)).then(() => {
      if (event.source) event.source.postMessage({ type: 'precached' });
    }));
  }
});
