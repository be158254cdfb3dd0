// The mediation field page's service worker, served at /t/{slug}/espace/mediation/sw.js: its scope is that
// tenant's mediation pages only. It keeps the field page and the files it needs so that the page opens
// without network (network first, the cache when offline). Entries are never cached here: the page's script
// keeps them in IndexedDB and sends them itself.
const CACHE = 'quietude-mediation-field-v1';
const FILES = ['/static/app.css', '/static/quick-exit.js', '/static/mediation-field.js'];
const FIELD_PAGE = new URL('terrain', self.registration.scope).pathname;

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        // The page too, so that the very first visit already works offline (best effort: signed out, it fails).
        return cache.addAll(FILES).then(function () {
          return fetch(FIELD_PAGE, { credentials: 'same-origin' })
            .then(function (response) {
              if (response.ok && !response.redirected) return cache.put(FIELD_PAGE, response);
            })
            .catch(function () {});
        });
      })
      .then(function () {
        return self.skipWaiting();
      }),
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (keys) {
        return Promise.all(
          keys
            .filter(function (key) {
              return key.indexOf('quietude-mediation-field-') === 0 && key !== CACHE;
            })
            .map(function (key) {
              return caches.delete(key);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

function networkFirst(request, key) {
  return fetch(request)
    .then(function (response) {
      // Only a real page or file: never a redirect to the sign-in page or an error page.
      if (response.ok && !response.redirected && response.type === 'basic') {
        const copy = response.clone();
        // Kept before the page is handed over, so that going offline right after finds this very copy.
        return caches
          .open(CACHE)
          .then(function (cache) {
            return cache.put(key, copy);
          })
          .then(
            function () {
              return response;
            },
            function () {
              return response;
            },
          );
      }
      return response;
    })
    .catch(function (error) {
      return caches.match(key, { ignoreVary: true }).then(function (cached) {
        if (cached) return cached;
        throw error;
      });
    });
}

self.addEventListener('fetch', function (event) {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === FIELD_PAGE && request.mode === 'navigate') {
    // One copy of the page whatever its query (?lang=…): the last one loaded online.
    event.respondWith(networkFirst(request, FIELD_PAGE));
  } else if (FILES.indexOf(url.pathname) !== -1) {
    event.respondWith(networkFirst(request, url.pathname));
  }
});
