/* Community Hub's service worker, served at /sw.js so its scope is the whole site ("/").
 *
 * Why hand-written and not Workbox / vite-plugin-pwa: Reflex owns its Vite config and rewrites it
 * on every compile, and a generated worker would precache every page's prerendered HTML, which is
 * an empty shell here: Reflex pages get their data over the websocket, so a cached page opened
 * offline would show nothing. What residents need offline is small and specific, and ~150 lines
 * say exactly what is cached and what never is:
 *
 *  - the app shell: the offline page, the icons and the manifest, precached at install;
 *  - the built JS/CSS under /assets/* (content-hashed file names, so a cached copy is never stale):
 *    cache-first, kept as they are fetched;
 *  - a read-only copy of what the resident last saw of /orders, /bills, /notices and /me/card.
 *    The page itself hands it over (assets/pwa.js posts the rendered page with postMessage); the
 *    worker stores it as a self-contained HTML page marked "as of HH:MM" and serves it when that
 *    page cannot be loaded. Only these four paths are accepted; the copies are dropped when the
 *    log-in page is shown (after logging out), so the next person on the phone never sees them;
 *  - nothing else: no /api/ response, no websocket or event traffic, no page of staff, merchants,
 *    admins, workers or the kiosk. Kiosk navigations are not even answered by this worker.
 *
 * A navigation that fails (no network) gets its saved copy if it is one of the four, else
 * /offline.html (English and Chinese). Bump VERSION when this file's caching rules change.
 */
const VERSION = "v1";
const SHELL = "hub-shell-" + VERSION;
const BUILT = "hub-built-" + VERSION;
const LAST_SEEN = "hub-last-seen-" + VERSION;
const SHELL_FILES = ["/offline.html", "/icon-192.png", "/icon-512.png", "/icon-maskable-512.png",
                     "/manifest.webmanifest"];
const SAVED_PAGES = ["/orders", "/bills", "/notices", "/me/card"];
const NEVER = /^\/(api|_event|_upload|_health|ping|kiosk|admin|property|merchant|worker|agent)(\/|$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const keep = [SHELL, BUILT, LAST_SEEN];
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith("hub-") && !keep.includes(n))
                                      .map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

function savedPath(pathname) {
  const path = pathname.replace(/\/+$/, "") || "/";
  return SAVED_PAGES.includes(path) ? path : null;
}

async function cacheFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") cache.put(request, response.clone());
  return response;
}

async function navigate(request, url) {
  try {
    return await fetch(request);
  } catch (err) {
    const path = savedPath(url.pathname);
    if (path) {
      const copy = await (await caches.open(LAST_SEEN)).match(path);
      if (copy) return copy;
    }
    const offline = await (await caches.open(SHELL)).match("/offline.html");
    return offline || Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (NEVER.test(url.pathname)) {
    // Staff, merchant, admin and kiosk pages and every API call: straight to the network, never
    // cached. A staff page opened offline still gets the plain offline page (nothing private in it).
    if (request.mode === "navigate" && !url.pathname.startsWith("/kiosk")) {
      event.respondWith(fetch(request).catch(() => caches.match("/offline.html")));
    }
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(navigate(request, url));
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith(cacheFirst(request, BUILT));
  } else if (SHELL_FILES.includes(url.pathname)) {
    event.respondWith(cacheFirst(request, SHELL));
  }
});

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => (
  {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));

// The saved copy: the page's own markup and styles (sent by pwa.js, scripts already removed),
// behind a bar that says it is a copy and from when. No script runs in it: it is read-only.
function savedPage(snap) {
  const zh = String(snap.lang || "").startsWith("zh");
  const note = zh ? "离线副本，截至 " + snap.asOf + "。联网后将自动更新。"
                  : "Offline copy as of " + snap.asOf + ". It updates when you are back online.";
  return "<!doctype html><html lang=\"" + (zh ? "zh-Hans" : "en") + "\" class=\"" + escapeHtml(snap.htmlClass || "")
    + "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    + "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\">"
    + "<title>" + escapeHtml(snap.title || "Community Hub") + "</title><style>" + String(snap.css || "").replace(/<\//g, "<\\/")
    + "</style><style>#hub-saved-copy{position:sticky;top:0;z-index:9999;background:#fef3c7;color:#78350f;"
    + "padding:.6rem 1rem;font:600 15px system-ui,sans-serif;border-bottom:1px solid #f59e0b}</style></head>"
    + "<body class=\"" + escapeHtml(snap.bodyClass || "") + "\"><div id=\"hub-saved-copy\" role=\"status\">"
    + escapeHtml(note) + "</div>" + String(snap.html || "") + "</body></html>";
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "forget") {
    event.waitUntil(caches.delete(LAST_SEEN));
  } else if (data.type === "snapshot") {
    const path = savedPath(String(data.path || ""));
    if (!path || typeof data.html !== "string" || data.html.length > 2000000) return;
    const page = new Response(savedPage(data), {headers: {"Content-Type": "text/html; charset=utf-8"}});
    event.waitUntil(caches.open(LAST_SEEN).then((c) => c.put(path, page)));
  }
});
