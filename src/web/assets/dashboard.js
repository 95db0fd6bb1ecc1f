// The dashboard page's script (served from the bundle, no inline code, no external resources).
// Follows /api/events (server-sent events), renders with DOM text nodes only (so names, log lines
// and notification text are never parsed as HTML), and sends actions as same-origin POSTs with the
// page's CSRF token.
'use strict';

(function dashboard() {
  const token = document.querySelector('meta[name="modulus-csrf"]').getAttribute('content');
  const byId = (id) => document.getElementById(id);
  /** The latest status and when it arrived, to count uptimes on between events. */
  let status = null;
  let receivedAt = 0;
  let logFollow = null;

  const PROCESS_ACTIONS = {
    RUNNING: ['restart', 'stop'],
    STARTING: ['stop'],
    BACKOFF: ['stop'],
    STOPPING: [],
    STOPPED: ['start'],
    EXITED: ['start'],
    FATAL: ['start'],
    UNKNOWN: [],
  };
  const LABELS = { start: 'Start', stop: 'Stop', restart: 'Restart', clearlog: 'Clear log' };

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === 'class') node.className = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else node.setAttribute(key, value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function formatUptime(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const days = Math.floor(s / 86400);
    const rest = s % 86400;
    const pad = (n) => String(n).padStart(2, '0');
    const hms = `${Math.floor(rest / 3600)}:${pad(Math.floor(rest / 60) % 60)}:${pad(rest % 60)}`;
    return days === 0 ? hms : `${days} day${days === 1 ? '' : 's'}, ${hms}`;
  }

  function serverNow() {
    return status.now + (Date.now() - receivedAt) / 1000;
  }

  function description(p) {
    if (p.statename === 'RUNNING') return `pid ${p.pid}, uptime ${formatUptime(serverNow() - p.start)}`;
    return p.description;
  }

  function renderAbout() {
    const s = status.supervisor;
    byId('identifier').textContent = s.identifier;
    const items = [
      ['state', s.state],
      ['host', s.hostname],
      ['pid', String(s.pid)],
      ['up', formatUptime(serverNow() - s.startTime)],
      ['version', `modulus ${s.version} (supervisord ${s.supervisordVersion})`],
    ];
    byId('about').replaceChildren(...items.map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, v))));
  }

  function renderRows() {
    const rows = status.processes.map((p) => {
      const actions = [...(PROCESS_ACTIONS[p.statename] || []), 'clearlog'].map((action) =>
        el('button', { type: 'button', dataset: { action, name: p.namespec } }, LABELS[action]),
      );
      for (const stream of ['stdout', 'stderr']) {
        actions.push(
          el('button', { type: 'button', dataset: { tail: `${p.namespec}\n${stream}` } }, `Tail ${stream}`),
        );
      }
      return el(
        'tr',
        { dataset: { name: p.namespec, state: p.statename } },
        el('td', {}, el('span', { class: `state state-${p.statename}` }, p.statename)),
        el('td', { class: 'description' }, description(p)),
        el('td', { class: 'name' }, p.namespec),
        el('td', { class: 'actions' }, el('div', {}, ...actions)),
      );
    });
    byId('rows').replaceChildren(...rows);
    renderLogSources();
  }

  function tick() {
    if (status === null) return;
    renderAbout();
    for (const row of byId('rows').children) {
      if (row.dataset.state !== 'RUNNING') continue;
      const p = status.processes.find((q) => q.namespec === row.dataset.name);
      if (p) row.querySelector('.description').textContent = description(p);
    }
  }

  function showMessage(text, ok) {
    const node = byId('message');
    node.textContent = text;
    node.className = ok ? '' : 'error';
  }

  async function act(body, button) {
    if (button) button.disabled = true;
    try {
      const response = await fetch('/api/action', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Modulus-CSRF': token },
        body: JSON.stringify(body),
      });
      const outcome = await response.json().catch(() => ({ ok: false, message: `HTTP ${response.status}` }));
      showMessage(outcome.message, outcome.ok);
    } catch (err) {
      showMessage(String(err), false);
    } finally {
      if (button) button.disabled = false;
    }
  }

  // --- the log view: the supervisor's own log, or a process's stdout or stderr, followed live ---

  function logSources() {
    const sources = [['main', "supervisor's log"]];
    for (const p of status ? status.processes : []) {
      for (const stream of ['stdout', 'stderr'])
        sources.push([`${p.namespec}\n${stream}`, `${p.namespec} ${stream}`]);
    }
    return sources;
  }

  function renderLogSources() {
    const select = byId('log-source');
    const current = select.value || 'main';
    const options = logSources().map(([value, label]) => {
      const option = el('option', {}, label);
      option.value = value;
      return option;
    });
    select.replaceChildren(...options);
    select.value = options.some((o) => o.value === current) ? current : 'main';
    if (logFollow === null) followLog(select.value);
  }

  function logUrl(source) {
    if (source === 'main') return '/mainlogtail';
    const [name, stream] = source.split('\n');
    return `/logtail/${encodeURIComponent(name)}/${stream}`;
  }

  const MAX_LOG_CHARS = 200000;

  async function followLog(source) {
    if (logFollow !== null) logFollow.abort();
    const controller = new AbortController();
    logFollow = controller;
    const pre = byId('log-text');
    pre.replaceChildren();
    pre.dataset.source = source;
    try {
      const response = await fetch(logUrl(source), { signal: controller.signal, credentials: 'same-origin' });
      if (!response.ok) {
        pre.append(response.status === 404 ? '(no log yet)\n' : `(HTTP ${response.status})\n`);
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done || controller.signal.aborted) break;
        pre.append(value);
        if (pre.textContent.length > MAX_LOG_CHARS)
          pre.textContent = pre.textContent.slice(-MAX_LOG_CHARS / 2);
        if (byId('log-follow').checked) pre.scrollTop = pre.scrollHeight;
      }
    } catch (err) {
      if (!controller.signal.aborted) pre.append(`(log stream ended: ${err.message})\n`);
    }
  }

  // --- notifications, newest first ---

  /** Lines of each stream a notification shows (the record keeps ~50). */
  const NOTE_LINES = 20;

  function renderNotifications(records) {
    byId('notes-empty').textContent = records === null ? 'No notifier is configured.' : 'None yet.';
    byId('notes-empty').hidden = records !== null && records.length > 0;
    const items = (records || []).map((r) => {
      const facts = [];
      if (r.exit && r.exit.signal) facts.push(`killed by ${r.exit.signal}`);
      else if (r.exit && r.exit.code !== null && r.exit.code !== undefined)
        facts.push(`exit code ${r.exit.code}`);
      if (typeof r.uptimeSeconds === 'number') facts.push(`after ${formatUptime(r.uptimeSeconds)}`);
      if (typeof r.restarts === 'number') facts.push(`${r.restarts} restarts`);
      if (r.spawnError) facts.push(r.spawnError);
      if (r.logLoss) facts.push(`lost ${r.logLoss.bytes} bytes of ${r.logLoss.path}`);
      if (r.coalesced) facts.push(`×${r.coalesced.count}`);
      // stderr first: that is where a crash usually says why.
      const tails = ['stderr', 'stdout']
        .map((stream) => [stream, ((r.output && r.output[stream]) || []).slice(-NOTE_LINES)])
        .filter(([, lines]) => lines.length > 0)
        .flatMap(([stream, lines]) => [
          el('p', { class: 'stream' }, stream),
          el('pre', {}, lines.join('\n')),
        ]);
      return el(
        'li',
        { dataset: { type: r.type, program: r.who } },
        el('time', { datetime: r.time }, new Date(r.time).toLocaleString()),
        el('span', { class: `type type-${r.type}` }, r.type),
        el('strong', {}, r.who),
        facts.length ? ` — ${facts.join(', ')}` : null,
        tails.length ? el('details', {}, el('summary', {}, 'last output'), ...tails) : null,
      );
    });
    byId('notes').replaceChildren(...items);
  }

  // --- wiring ---

  document.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    if (button.dataset.all) act({ action: button.dataset.all }, button);
    else if (button.dataset.action) act({ action: button.dataset.action, name: button.dataset.name }, button);
    else if (button.dataset.tail) {
      byId('log-source').value = button.dataset.tail;
      followLog(button.dataset.tail);
      byId('log').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    }
  });
  byId('log-source').addEventListener('change', (event) => followLog(event.target.value));

  const events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    byId('live').textContent = 'live';
    byId('live').className = 'live';
  });
  events.addEventListener('error', () => {
    byId('live').textContent = 'reconnecting…';
    byId('live').className = 'live off';
  });
  events.addEventListener('status', (event) => {
    status = JSON.parse(event.data);
    receivedAt = Date.now();
    renderAbout();
    renderRows();
  });
  events.addEventListener('notifications', (event) => renderNotifications(JSON.parse(event.data)));
  setInterval(tick, 1000);
})();
