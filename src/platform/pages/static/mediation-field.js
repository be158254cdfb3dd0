// The mediation field page, offline first. Without this script the forms post as usual. With it, each form's
// entry gets an id made here, is kept in IndexedDB (the outbox) and shown under « En attente d'envoi », then
// sent one by one whenever the network is there (on load, when it comes back, after each save). Sent entries
// leave the outbox; a refused one stays, with its reason, until it is corrected or deleted; when the session
// has ended, entries stay and a sign-in link shows. Plain ES5 with promises, for old phones.
(function () {
  const box = document.querySelector('[data-outbox]');
  if (!box || !window.indexedDB || !window.fetch || !window.Promise || !window.JSON) return;
  const texts = JSON.parse(box.getAttribute('data-texts') || '{}');
  const syncUrl = box.getAttribute('data-sync-url');
  const tokenUrl = box.getAttribute('data-token-url');
  const signInUrl = box.getAttribute('data-sign-in-url');
  const statusEl = box.querySelector('[data-outbox-status]');
  const listEl = box.querySelector('[data-outbox-list]');
  const sentEl = box.querySelector('[data-outbox-sent]');
  const roundForm = document.querySelector('form[action$="/tournee"]');
  const endForm = document.querySelector('form[action$="/fin"]');
  const encounterForm = document.querySelector('form[action$="/rencontre"]');
  // Ends a round started on this phone and not yet sent (the server does not know it yet).
  const deviceEndForm = box.querySelector('form[data-device-end]');
  // The entries on the phone are the signed-in user's: another user of the same phone has their own outbox.
  const userId = box.getAttribute('data-user') || '';
  let db;
  let syncing = false;
  let again = false;

  function say(key, values) {
    let s = texts[key] || key;
    for (const name in values || {}) s = s.split('{' + name + '}').join(String(values[name]));
    return s;
  }
  function setStatus(message) {
    if (statusEl) statusEl.textContent = message;
  }
  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function today() {
    const d = new Date();
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }
  function nowTime() {
    const d = new Date();
    return pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = '';
    for (let i = 0; i < 16; i++) h += (b[i] + 0x100).toString(16).slice(1);
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  // --- the outbox: one IndexedDB database per tenant and user, records in the order they were made ---
  function openDb() {
    return new Promise(function (resolve, reject) {
      const request = indexedDB.open('quietude-mediation ' + syncUrl + ' ' + userId, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }
  function store(mode, work) {
    return new Promise(function (resolve, reject) {
      const tx = db.transaction('outbox', mode);
      const result = work(tx.objectStore('outbox'));
      tx.oncomplete = function () {
        resolve(result && 'result' in result ? result.result : undefined);
      };
      tx.onerror = tx.onabort = function () {
        reject(tx.error);
      };
    });
  }
  function all() {
    return store('readonly', function (s) {
      return s.getAll();
    });
  }
  function put(record) {
    return store('readwrite', function (s) {
      return s.put(record);
    });
  }
  function remove(seq) {
    return store('readwrite', function (s) {
      return s.delete(seq);
    });
  }

  // --- entries from the forms ---
  function value(form, name) {
    const el = form.elements[name];
    return el && typeof el.value === 'string' ? el.value : '';
  }
  function checked(form, name) {
    const out = [];
    const els = form.querySelectorAll('input[name="' + name + '"]');
    for (let i = 0; i < els.length; i++) if (els[i].checked) out.push(els[i].value);
    return out;
  }
  function number(text) {
    return /^\d+$/.test(text) ? Number(text) : null;
  }
  function deviceRound(records) {
    let open = null;
    records.forEach(function (r) {
      if (r.kind === 'round-start' && r.state !== 'rejected') open = r;
      if (r.kind === 'round-end' && open && r.entry.id === open.entry.id) open = null;
    });
    return open;
  }
  function build(form, records) {
    if (form === roundForm) {
      const parts = value(form, 'sectorId').split('|');
      const select = form.elements.sectorId;
      const sector = select && select.selectedIndex >= 0 ? select.options[select.selectedIndex].text : '';
      return {
        kind: 'round-start',
        label: say('roundStart', { time: value(form, 'startedAt'), sector: sector }),
        entry: {
          kind: 'round-start',
          id: uuid(),
          teamId: parts[0] || '',
          sectorId: parts[1] || '',
          date: value(form, 'date'),
          startedAt: value(form, 'startedAt'),
        },
      };
    }
    if (form === deviceEndForm) {
      const started = deviceRound(records);
      return {
        kind: 'round-end',
        label: say('roundEnd', { time: value(form, 'end') }),
        entry: { kind: 'round-end', id: started ? started.entry.id : '', date: today(), endedAt: value(form, 'end') },
      };
    }
    if (form === endForm) {
      const match = /\/tournee\/([^/]+)\/fin$/.exec(form.getAttribute('action'));
      return {
        kind: 'round-end',
        label: say('roundEnd', { time: value(form, 'end') }),
        entry: { kind: 'round-end', id: match ? match[1] : '', date: today(), endedAt: value(form, 'end') },
      };
    }
    const people = [];
    for (let i = 0; form.elements['person' + i + 'Age']; i++) {
      const age = value(form, 'person' + i + 'Age');
      const gender = value(form, 'person' + i + 'Gender');
      if (age || gender) people.push(gender ? (age ? { ageBand: age, gender: gender } : { gender: gender }) : { ageBand: age });
    }
    const round = value(form, 'roundId') || (deviceRound(records) || { entry: {} }).entry.id;
    const entry = {
      kind: 'encounter',
      id: uuid(),
      date: today(),
      occurredAt: value(form, 'occurredAt'),
      peopleCount: number(value(form, 'peopleCount')),
      themes: checked(form, 'themes'),
      activity: checked(form, 'activity')[0] || '',
      actions: checked(form, 'actions'),
      faireAvec: checked(form, 'faireAvec').length > 0,
    };
    if (round) entry.roundId = round;
    else entry.teamId = value(form, 'teamId');
    if (people.length) entry.people = people;
    const lat = parseFloat(value(form, 'lat'));
    const lon = parseFloat(value(form, 'lon'));
    if (Number.isFinite(lat) && Number.isFinite(lon)) {
      entry.lat = lat;
      entry.lon = lon;
    }
    return {
      kind: 'encounter',
      label: say('encounter', { time: entry.occurredAt, count: entry.peopleCount === null ? '?' : entry.peopleCount }),
      entry: entry,
    };
  }

  /** Puts a refused entry back in its form, to be corrected and saved again (as a new entry). */
  function refill(record) {
    const e = record.entry;
    const form =
      record.kind === 'round-start' ? roundForm : record.kind === 'round-end' ? endForm || deviceEndForm : encounterForm;
    if (!form) return false;
    function set(name, v) {
      if (form.elements[name] && v !== undefined && v !== null) form.elements[name].value = String(v);
    }
    function tick(name, values) {
      const els = form.querySelectorAll('input[name="' + name + '"]');
      for (let i = 0; i < els.length; i++) els[i].checked = values.indexOf(els[i].value) !== -1;
    }
    if (record.kind === 'round-start') {
      set('sectorId', e.teamId + '|' + e.sectorId);
      set('date', e.date);
      set('startedAt', e.startedAt);
    } else if (record.kind === 'round-end') {
      set('end', e.endedAt);
    } else {
      set('occurredAt', e.occurredAt);
      set('peopleCount', e.peopleCount);
      tick('themes', e.themes || []);
      tick('activity', [e.activity]);
      tick('actions', e.actions || []);
      tick('faireAvec', e.faireAvec ? ['yes'] : []);
      set('lat', e.lat);
      set('lon', e.lon);
    }
    const first = form.querySelector('select, input:not([type=hidden])');
    if (first) first.focus();
    return true;
  }

  // --- the list under « En attente d'envoi » ---
  function button(label, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
  }
  function render(records) {
    box.hidden = false;
    listEl.textContent = '';
    records.forEach(function (r) {
      const li = document.createElement('li');
      li.setAttribute('data-state', r.state);
      const line = document.createElement('p');
      line.textContent = r.label + ' — ';
      const state = document.createElement('strong');
      state.textContent =
        r.state === 'rejected'
          ? say('rejected', { reason: r.reason })
          : r.state === 'signin'
            ? say('signInNeeded')
            : say('pending');
      line.appendChild(state);
      li.appendChild(line);
      if (r.state === 'signin') {
        const a = document.createElement('a');
        a.href = signInUrl;
        a.textContent = say('signIn');
        li.appendChild(a);
      }
      if (r.state === 'rejected') {
        li.appendChild(
          button(say('edit'), function () {
            remove(r.seq).then(function () {
              refill(r);
              setStatus(say('editing'));
              refresh();
            });
          }),
        );
        li.appendChild(document.createTextNode(' '));
        li.appendChild(
          button(say('delete'), function () {
            remove(r.seq).then(function () {
              setStatus(say('deleted'));
              refresh();
            });
          }),
        );
      }
      listEl.appendChild(li);
    });
    const round = deviceRound(records);
    const note = box.querySelector('[data-device-round]');
    if (note) {
      note.hidden = !round || !encounterForm || !!encounterForm.elements.roundId;
      if (round) note.textContent = say('deviceRound', { time: round.entry.startedAt });
    }
    // A round started here and not yet ended: end it here too (unless the server's page already offers it).
    if (deviceEndForm) deviceEndForm.hidden = !round || !!endForm;
    return records;
  }
  function refresh() {
    return all().then(render);
  }
  function showSent(record) {
    const li = document.createElement('li');
    li.setAttribute('data-state', 'sent');
    li.textContent = record.label + ' — ' + say('sent');
    sentEl.appendChild(li);
    sentEl.hidden = false;
  }
  function summary(records) {
    const waiting = records.filter(function (r) {
      return r.state !== 'rejected';
    }).length;
    if (navigator.onLine === false && waiting) return setStatus(say('offline', { n: waiting }));
    const signIn = records.some(function (r) {
      return r.state === 'signin';
    });
    if (signIn) return setStatus(say('signInNeeded'));
    if (waiting) return setStatus(say('waiting', { n: waiting }));
    if (records.length) return setStatus(say('someRejected', { n: records.length }));
    setStatus(say('allSent'));
  }

  // --- sending ---
  function reasonOf(status, body) {
    const details = (body && body.error && body.error.details) || [];
    const fr = document.documentElement.lang !== 'en';
    const words = details.map(function (d) {
      return (fr && d.fr) || d.message;
    });
    if (words.length) return words.join(' ; ');
    return status === 404 ? say('notFound') : say('refused');
  }
  function post(token, record) {
    return fetch(syncUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token, Accept: 'application/json' },
      body: JSON.stringify(record.entry),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return null;
        })
        .then(function (body) {
          return { status: response.status, body: body };
        });
    });
  }
  function markSignIn(records) {
    return Promise.all(
      records.map(function (r) {
        r.state = 'signin';
        return put(r);
      }),
    );
  }
  function sendAll() {
    if (syncing) {
      again = true;
      return Promise.resolve();
    }
    syncing = true;
    let sentRound = false;
    return all()
      .then(function (records) {
        const waiting = records.filter(function (r) {
          return r.state !== 'rejected';
        });
        if (!waiting.length || navigator.onLine === false) return;
        setStatus(say('sending'));
        return fetch(tokenUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' }).then(
          function (response) {
            if (response.status === 401 || response.status === 403) return markSignIn(waiting);
            if (!response.ok) return;
            return response.json().then(function (body) {
              let i = 0;
              function next() {
                const record = waiting[i++];
                if (!record) return;
                return post(body.token, record).then(function (answer) {
                  if (answer.status >= 200 && answer.status < 300) {
                    if (record.kind !== 'encounter') sentRound = true;
                    return remove(record.seq).then(function () {
                      showSent(record);
                      return next();
                    });
                  }
                  if (answer.status === 400 || answer.status === 404 || answer.status === 409) {
                    record.state = 'rejected';
                    record.reason = reasonOf(answer.status, answer.body);
                    return put(record).then(next);
                  }
                  if (answer.status === 401 || answer.status === 403) return markSignIn(waiting.slice(i - 1));
                  // Anything else (the server busy, a proxy): keep the entry and try again later.
                });
              }
              return next();
            });
          },
        );
      })
      .catch(function () {
        // The network went away while sending: every entry not acknowledged is still in the outbox.
      })
      .then(function () {
        syncing = false;
        return refresh();
      })
      .then(function (records) {
        summary(records);
        if (again) {
          again = false;
          return sendAll();
        }
        // A round started or ended online: show the page as the server now has it (and refresh its cached copy).
        if (sentRound && !records.length) location.reload();
      });
  }

  function onSubmit(event) {
    const form = event.target;
    event.preventDefault();
    all()
      .then(function (records) {
        const record = build(form, records);
        record.state = 'pending';
        return put(record);
      })
      .then(function () {
        form.reset();
        const time = form.elements.occurredAt || form.elements.end;
        if (time) time.value = nowTime();
        setStatus(say('saved'));
        return refresh();
      })
      .then(function () {
        return sendAll();
      });
  }

  function locate() {
    const trigger = document.querySelector('[data-locate]');
    const status = document.querySelector('[data-locate-status]');
    if (!trigger || !encounterForm || !navigator.geolocation) return;
    trigger.hidden = false;
    trigger.addEventListener('click', function () {
      trigger.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          encounterForm.elements.lat.value = position.coords.latitude.toFixed(5);
          encounterForm.elements.lon.value = position.coords.longitude.toFixed(5);
          status.textContent = trigger.getAttribute('data-done');
          trigger.disabled = false;
        },
        function () {
          status.textContent = trigger.getAttribute('data-failed');
          trigger.disabled = false;
        },
        { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
      );
    });
  }

  locate();
  if ('serviceWorker' in navigator) navigator.serviceWorker.register(box.getAttribute('data-sw-url')).catch(function () {});
  openDb()
    .then(function (opened) {
      db = opened;
      [roundForm, endForm, deviceEndForm, encounterForm].forEach(function (form) {
        if (form) form.addEventListener('submit', onSubmit);
      });
      return refresh();
    })
    .then(function (records) {
      summary(records);
      window.addEventListener('online', sendAll);
      window.addEventListener('offline', function () {
        all().then(summary);
      });
      // Also retry now and then while entries wait (a network that is "online" but does not answer).
      setInterval(function () {
        if (navigator.onLine !== false) sendAll();
      }, 30000);
      return sendAll();
    })
    .catch(function () {
      // No IndexedDB (a private window on an old browser): the forms keep posting as without JavaScript.
    });
})();
