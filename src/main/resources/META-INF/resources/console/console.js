// gox-helix console: plain JavaScript, no build step. Everything it shows arrives over two event
// streams of the API (the domain's view and its ledger), read with fetch so that the operator token
// can go in the Authorization header (EventSource cannot send headers). Actions go through the same
// API, so they are authorized and audited as any other request.
'use strict';

const API = '/api/v1';
const state = { token: '', domain: '', view: null, aborter: null, lastMoveId: null, actions: {} };
const $ = (id) => document.getElementById(id);

function headers(extra) {
  const h = Object.assign({}, extra);
  if (state.token) h.Authorization = 'Bearer ' + state.token;
  return h;
}

function setStatus(text, kind) {
  const s = $('status');
  s.textContent = text;
  s.className = kind || '';
}

async function problemText(res) {
  try {
    const p = await res.json();
    return (p.title || res.status) + ': ' + (p.detail || '');
  } catch (e) {
    return 'HTTP ' + res.status;
  }
}

async function api(method, path, body) {
  const res = await fetch(API + path, {
    method,
    headers: headers(body ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' }),
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(await problemText(res));
  return res.status === 204 ? null : res.json();
}

/** Reads an event stream until it ends or is aborted; calls onEvent({event, id, data}). */
async function readStream(path, onEvent, signal, lastEventId) {
  const h = headers({ Accept: 'text/event-stream' });
  if (lastEventId) h['Last-Event-ID'] = lastEventId;
  const res = await fetch(API + path, { headers: h, signal, cache: 'no-store' });
  if (!res.ok) throw new Error(await problemText(res));
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = {};
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') {
        if (event.data !== undefined) onEvent(event);
        event = {};
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let v = colon < 0 ? '' : line.slice(colon + 1);
        if (v.startsWith(' ')) v = v.slice(1);
        if (field === 'data') event.data = event.data === undefined ? v : event.data + '\n' + v;
        else if (field === 'event') event.event = v;
        else if (field === 'id') event.id = v;
      }
    }
  }
}

/** Keeps a stream open: reconnects after a second, resuming the ledger after the last entry seen. */
async function follow(path, onEvent, signal, resumeId) {
  while (!signal.aborted) {
    try {
      await readStream(path, onEvent, signal, resumeId ? resumeId() : null);
    } catch (e) {
      if (signal.aborted) return;
      setStatus(e.message, 'error');
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// ---- colours --------------------------------------------------------------------------------

function colourOf(workerId) {
  if (!workerId) return '#e5e7eb';
  let h = 0;
  for (const c of workerId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return 'hsl(' + (h % 360) + ', 65%, 55%)';
}

const short = (id) => (id ? id.slice(0, 8) : '–');

// ---- rendering ------------------------------------------------------------------------------

function renderView(view) {
  state.view = view;
  const c = view.cluster;
  $('instance').textContent = c.instanceId + ' (' + c.version + ')';
  $('coordinator').textContent = c.coordinator ? c.coordinator.instanceId : 'none';
  $('term').textContent = c.coordinator ? c.coordinator.term : '–';
  $('since').textContent = c.coordinator ? c.coordinator.since : '–';
  $('domain-list').textContent = view.domains.join(', ') || '–';
  $('domains').replaceChildren(...view.domains.map((d) => Object.assign(document.createElement('option'), { value: d })));
  renderQueues(view);
  renderWorkers(view);
}

function renderQueues(view) {
  const list = $('queue-list');
  list.replaceChildren();
  for (const q of view.queues) {
    const box = document.createElement('div');
    box.className = 'queue';
    box.dataset.queue = q.queue;
    const head = document.createElement('header');
    const counts = {};
    for (const s of q.assignments) counts[s.state] = (counts[s.state] || 0) + 1;
    head.innerHTML = '<b></b><span></span>';
    head.querySelector('b').textContent = q.queue;
    head.querySelector('span').textContent = q.partitions + ' partitions · ' +
      Object.entries(counts).map(([k, v]) => v + ' ' + k.toLowerCase()).join(', ');
    const resize = button('Resize', 'quiet', () => {
      const n = prompt('Partitions of ' + q.queue, q.partitions);
      if (n) act(() => api('PUT', path('/queues/' + encodeURIComponent(q.queue)), { partitions: Number(n) }));
    });
    const del = button('Delete', 'danger', () => {
      if (confirm('Delete queue ' + q.queue + '?')) act(() => api('DELETE', path('/queues/' + encodeURIComponent(q.queue))));
    });
    head.append(resize, del);
    const grid = document.createElement('div');
    grid.className = 'grid';
    for (const s of q.assignments) {
      const cell = document.createElement('span');
      cell.className = 'cell ' + s.state;
      cell.style.background = colourOf(s.workerId);
      cell.title = q.queue + '/' + s.partition + ' ' + s.state + ' ' + short(s.workerId) + ' epoch ' + s.epoch;
      cell.dataset.partition = s.partition;
      cell.onclick = () => explain(q.queue, s.partition);
      grid.append(cell);
    }
    box.append(head, grid);
    list.append(box);
  }
  if (!view.queues.length) list.textContent = 'No queues in this domain.';
}

function renderWorkers(view) {
  const body = $('worker-rows');
  body.replaceChildren();
  for (const w of view.workers) {
    const tr = document.createElement('tr');
    tr.dataset.worker = w.workerId;
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = colourOf(w.workerId);
    const cells = [sw, w.workerId, w.queues.join(', '), String(w.partitions), '', w.assignmentVersion + ' (' + w.ackedVersion + ')'];
    for (const v of cells) {
      const td = document.createElement('td');
      if (typeof v === 'string') td.textContent = v; else td.append(v);
      tr.append(td);
    }
    tr.children[1].className = 'mono';
    tr.children[4].className = 'lease';
    tr.children[4].dataset.heartbeat = w.lastHeartbeatAt;
    const actions = document.createElement('td');
    for (const name of ['drain', 'cordon']) {
      if (state.actions[name]) {
        actions.append(button(name[0].toUpperCase() + name.slice(1), 'quiet', () =>
          act(() => api(state.actions[name], path('/workers/' + w.workerId + '/' + name)))));
      }
    }
    tr.append(actions);
    body.append(tr);
  }
  if (!view.workers.length) {
    const tr = document.createElement('tr');
    tr.innerHTML = '<td colspan="7">No live workers.</td>';
    body.append(tr);
  }
  ageLeases();
}

/** Lease ages against the server's clock of the last view, advanced by the local clock since. */
function ageLeases() {
  if (!state.view) return;
  const lease = state.leaseMs || 10000;
  const now = Date.parse(state.view.at) + (Date.now() - state.viewReceived);
  for (const td of document.querySelectorAll('td.lease')) {
    const age = Math.max(0, now - Date.parse(td.dataset.heartbeat));
    td.textContent = (age / 1000).toFixed(1) + ' s';
    td.classList.toggle('stale', age > lease * 0.6);
  }
}

function renderMove(m) {
  const li = document.createElement('li');
  li.className = 'fresh';
  li.dataset.id = m.id;
  const reason = document.createElement('span');
  reason.className = 'reason ' + m.reason;
  reason.textContent = m.reason;
  li.append(
    document.createTextNode(m.at.replace('T', ' ').replace('Z', '') + ' '),
    reason,
    document.createTextNode(' ' + m.queue + '/' + m.partition + '  ' + short(m.from) + ' → ' + short(m.to) +
      '  epoch ' + m.epoch + '  term ' + m.term + '  ' + m.liveWorkers + ' live'));
  li.addEventListener('animationend', () => li.classList.remove('fresh'));
  const list = $('moves');
  list.prepend(li);
  while (list.children.length > 300) list.lastChild.remove();
}

function button(text, kind, onclick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = kind;
  b.textContent = text;
  b.onclick = onclick;
  return b;
}

const path = (rest) => '/domains/' + encodeURIComponent(state.domain) + rest;

async function act(call) {
  try {
    await call();
    setStatus('done', 'live');
  } catch (e) {
    setStatus(e.message, 'error');
  }
}

async function explain(queue, partition) {
  try {
    const e = await api('GET', path('/queues/' + encodeURIComponent(queue) + '/partitions/' + partition + '/explain'));
    const m = e.lastMove;
    const lines = [queue + '/' + partition + ': ' + e.state + ', owner ' + (e.owner || 'none') + ', epoch ' + e.epoch];
    if (m) {
      lines.push('since ' + m.at + ': ' + m.reason + ' from ' + (m.from || 'nobody') + ' to ' + (m.to || 'nobody') +
        ', term ' + m.term + ', ' + m.liveWorkers + ' live workers then');
    } else {
      lines.push('no move in the ledger');
    }
    $('explain').textContent = lines.join('\n');
    $('explain').hidden = false;
  } catch (err) {
    setStatus(err.message, 'error');
  }
}

/**
 * Worker actions another version of the service may offer: a route that exists answers anything
 * but 404 to a GET (405 with its Allow header, typically); the buttons appear only then.
 */
async function probeActions(workerId) {
  for (const name of ['drain', 'cordon']) {
    try {
      const res = await fetch(API + path('/workers/' + workerId + '/' + name), { headers: headers({ Accept: 'application/json' }) });
      if (res.status !== 404) {
        const allow = (res.headers.get('Allow') || 'POST').split(',').map((s) => s.trim());
        state.actions[name] = allow.includes('POST') ? 'POST' : allow.find((m) => m !== 'GET' && m !== 'HEAD' && m !== 'OPTIONS') || 'POST';
      }
    } catch (e) {
      // No button.
    }
  }
}

// ---- wiring ---------------------------------------------------------------------------------

async function open(event) {
  if (event) event.preventDefault();
  state.token = $('token').value.trim();
  state.domain = $('domain').value.trim();
  sessionStorage.setItem('gox.token', state.token);
  sessionStorage.setItem('gox.domain', state.domain);
  if (state.aborter) state.aborter.abort();
  state.aborter = new AbortController();
  state.lastMoveId = null;
  state.actions = {};
  $('moves').replaceChildren();
  const signal = state.aborter.signal;
  setStatus('connecting…');
  let probed = false;
  follow(path('/view'), (e) => {
    if (e.event !== 'view') return;
    state.viewReceived = Date.now();
    const view = JSON.parse(e.data);
    setStatus('live · ' + view.domain, 'live');
    renderView(view);
    if (!probed && view.workers.length) {
      probed = true;
      probeActions(view.workers[0].workerId).then(() => renderWorkers(state.view));
    }
  }, signal);
  // The timeline starts with the latest entries, then follows the stream from the last of them.
  try {
    const recent = await api('GET', path('/ledger?limit=50'));
    for (const m of recent) renderMove(m);
    state.lastMoveId = recent.length ? String(recent[recent.length - 1].id) : null;
  } catch (e) {
    setStatus(e.message, 'error');
  }
  follow(path('/ledger'), (e) => {
    if (e.event !== 'move') return;
    state.lastMoveId = e.id;
    renderMove(JSON.parse(e.data));
  }, signal, () => state.lastMoveId);
}

$('login').addEventListener('submit', open);
$('create-queue').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = $('new-queue').value.trim();
  const n = Number($('new-partitions').value);
  act(() => api('PUT', path('/queues/' + encodeURIComponent(q)), { partitions: n }));
});
setInterval(ageLeases, 1000);

const params = new URLSearchParams(location.search);
$('token').value = sessionStorage.getItem('gox.token') || '';
$('domain').value = params.get('domain') || sessionStorage.getItem('gox.domain') || '';
if ($('domain').value) open();
