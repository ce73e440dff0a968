// The operator panel: settings, content, statistics, PIN, lock and exit. Staff-facing (English).
// Every command carries the token operator_unlock gave; the core refuses a stale one with
// `unauthorized`, and then the panel simply closes (the PIN pad is one gesture away).
import { h, listen } from '../dom.js';
import * as api from '../api.js';
import { icon } from '../icons.js';
import { createIdleTimer } from '../idle.js';
import { createPinPad } from '../pin-pad.js';
import { createNewPinFlow } from '../pin-entry.js';
import { languageName } from '../languages.js';
import { formatDuration } from '../format.js';
import { IDLE_MAX_SECS, IDLE_MIN_SECS, normalizeSettings, settingsFromForm } from '../settings.js';

export const PANEL_IDLE_MS = 2 * 60_000;
// The core forgets a token after 5 minutes without an operator command. Staff busy filling in
// the form send none, so while they are active the panel re-reads itself once in a while: the
// session stays alive and the statistics stay fresh.
const KEEPALIVE_MS = 60_000;
const KEEPALIVE_CHECK_MS = 15_000;
const DEFAULT_HOURS = { opens: '10:00', closes: '22:00' };
// Before the doors open: a fresh process for the day, nobody watching.
const DEFAULT_RESTART_AT = '06:00';

let fieldIds = 0;

function section(title, testid, ...children) {
  return h('section', { class: 'op-card', testid }, h('h2', { class: 'op-card-title', text: title }), ...children);
}

/** A labelled control. `inline` puts a switch on the same line as its label. */
function field({ label, hint, control, extra, inline = false }) {
  if (!control.id) control.id = `op-field-${++fieldIds}`;
  return h(
    'div',
    { class: ['op-field', inline && 'op-field-inline'] },
    h('label', { class: 'op-label', for: control.id }, h('span', { class: 'op-label-text', text: label }), hint ? h('span', { class: 'op-hint', text: hint }) : null),
    inline ? control : h('div', { class: 'op-control' }, control, extra || null),
    inline ? extra || null : null,
  );
}

function toggle(testid) {
  return h('input', { type: 'checkbox', class: 'op-switch', role: 'switch', testid });
}

function button(testid, text, iconName, kind = 'secondary') {
  return h('button', { type: 'button', class: ['op-button', `op-button-${kind}`], testid }, iconName ? icon(iconName) : null, h('span', { text }));
}

function option(value, text) {
  return h('option', { value, text });
}

/** A <select> whose current value is always one of its options, even one the panel did not list. */
function setSelect(select, value, missingLabel) {
  const v = value || '';
  if (![...select.options].some((o) => o.value === v)) select.append(option(v, missingLabel(v)));
  select.value = v;
}

function definitionList(testid, rows) {
  return h(
    'dl',
    { class: 'op-dl', testid },
    rows.map(([term, value, id]) => h('div', { class: 'op-dl-row' }, h('dt', { text: term }), h('dd', { testid: id, text: value }))),
  );
}

const count = (n) => (typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.floor(n)).toLocaleString('en') : '\u2013');

export function mount(root, { params = {} }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const token = typeof params.token === 'string' ? params.token : '';
  let panel = null;
  let left = false;
  let lastCommandAt = Date.now();
  let lastActivityAt = 0;
  let keepalive = null;
  let overlay = null; // { el, close() } while a dialog is open

  const leave = () => {
    if (left) return;
    left = true;
    actions.leaveOperator();
  };

  /** Every operator command goes through here: it counts as session activity, and a refused token closes the panel. */
  function command(promise) {
    lastCommandAt = Date.now();
    return promise.catch((err) => {
      if (err?.code === 'unauthorized') leave();
      throw err;
    });
  }

  async function lockAndLeave() {
    if (left) return;
    try {
      await api.operatorLock(token);
    } catch {
      /* the token dies on its own 5 minutes later */
    }
    leave();
  }

  // ---------- Frame: header, scrolling body, footer ----------

  const changePin = button('op-change-pin', 'Change PIN', 'key');
  const lock = button('op-lock', 'Lock', 'lock');
  const exit = button('op-exit', 'Exit kiosk', 'power', 'danger');
  const subtitle = h('p', { class: 'op-subtitle', text: 'Screening Kiosk' });
  const header = h(
    'header',
    { class: 'op-header' },
    h('div', { class: 'op-heading' }, h('p', { class: 'op-eyebrow', text: 'Staff only' }), h('h1', { class: 'op-title', text: 'Operator panel' }), subtitle),
    h('div', { class: 'op-header-actions' }, changePin, lock, exit),
  );

  const body = h('div', { class: 'op-grid' }, h('p', { class: 'op-loading', text: 'Loading\u2026' }));
  const scroller = h('div', { class: 'scroller op-scroll' }, body);

  const message = h('p', { class: 'op-message', testid: 'op-message', role: 'status', 'aria-live': 'polite' });
  const save = button('op-save', 'Save settings', null, 'primary');
  save.disabled = true;
  const footer = h('footer', { class: 'op-footer' }, message, save);

  const screen = h('div', { class: 'op', testid: 'operator-panel' }, header, scroller, footer);
  root.append(screen);

  function say(text, tone = '') {
    message.textContent = text || '';
    message.dataset.tone = tone;
  }

  // ---------- Controls ----------

  const f = {
    volume: h('input', { type: 'range', min: '0', max: '100', step: '1', class: 'op-range', testid: 'op-volume' }),
    volumeValue: h('output', { class: 'op-range-value', testid: 'op-volume-value' }),
    attractAudio: toggle('op-attract-audio'),
    defaultLanguage: h('select', { class: 'op-select', testid: 'op-default-language' }),
    captionsDefault: toggle('op-captions-default'),
    idleTimeoutSecs: h('input', {
      type: 'number',
      min: String(IDLE_MIN_SECS),
      max: String(IDLE_MAX_SECS),
      step: '1',
      inputmode: 'numeric',
      'data-selectable': '',
      class: 'op-input op-input-number',
      testid: 'op-idle-timeout',
    }),
    display: h('select', { class: 'op-select', testid: 'op-display' }),
    hoursEnabled: toggle('op-hours-enabled'),
    opens: h('input', { type: 'time', class: 'op-input op-input-time', testid: 'op-opens', 'aria-label': 'Opens at' }),
    closes: h('input', { type: 'time', class: 'op-input op-input-time', testid: 'op-closes', 'aria-label': 'Closes at' }),
    startAtLogin: toggle('op-start-at-login'),
    restartEnabled: toggle('op-restart-enabled'),
    restartAt: h('input', { type: 'time', class: 'op-input op-input-time', testid: 'op-restart-at', 'aria-label': 'Restart at' }),
    contentDir: h('input', {
      type: 'text',
      class: 'op-input op-input-path',
      testid: 'op-content-dir',
      'data-selectable': '',
      spellcheck: 'false',
      autocomplete: 'off',
      autocapitalize: 'off',
      placeholder: 'Empty: the pack bundled with the app',
    }),
  };
  const FIELD_CONTROL = { volume: f.volume, idleTimeoutSecs: f.idleTimeoutSecs, openingHours: f.opens, dailyRestart: f.restartAt };

  const showVolume = () => {
    f.volumeValue.textContent = `${f.volume.value} %`;
  };
  const showHours = () => {
    f.opens.disabled = !f.hoursEnabled.checked;
    f.closes.disabled = !f.hoursEnabled.checked;
    if (f.hoursEnabled.checked && !f.opens.value && !f.closes.value) {
      f.opens.value = DEFAULT_HOURS.opens;
      f.closes.value = DEFAULT_HOURS.closes;
    }
  };
  listen(f.volume, 'input', showVolume, signal);
  listen(f.hoursEnabled, 'change', showHours, signal);
  const showRestart = () => {
    f.restartAt.disabled = !f.restartEnabled.checked;
    if (f.restartEnabled.checked && !f.restartAt.value) f.restartAt.value = DEFAULT_RESTART_AT;
  };
  listen(f.restartEnabled, 'change', showRestart, signal);
  // An edit after "Saved" makes that message stale.
  listen(scroller, 'input', (e) => {
    e.target?.removeAttribute?.('aria-invalid');
    if (message.dataset.tone !== 'busy') say('');
  }, signal);

  function fill(raw) {
    const s = normalizeSettings(raw);
    f.volume.value = String(s.volume);
    showVolume();
    f.attractAudio.checked = s.attractAudio;
    setSelect(f.defaultLanguage, s.defaultLanguage, (v) => `${languageName(v)} (${v}, not in this pack)`);
    f.captionsDefault.checked = s.captionsDefault;
    f.idleTimeoutSecs.value = String(s.idleTimeoutSecs);
    setSelect(f.display, s.display, (v) => `${v} (not connected)`);
    f.hoursEnabled.checked = Boolean(s.openingHours);
    f.opens.value = s.openingHours?.opens || '';
    f.closes.value = s.openingHours?.closes || '';
    showHours();
    f.startAtLogin.checked = s.startAtLogin;
    f.contentDir.value = s.contentDir || '';
    f.restartEnabled.checked = Boolean(s.dailyRestart);
    f.restartAt.value = s.dailyRestart || '';
    showRestart();
  }

  function formValues() {
    return {
      volume: f.volume.value,
      attractAudio: f.attractAudio.checked,
      defaultLanguage: f.defaultLanguage.value,
      captionsDefault: f.captionsDefault.checked,
      idleTimeoutSecs: f.idleTimeoutSecs.value,
      display: f.display.value,
      hoursEnabled: f.hoursEnabled.checked,
      opens: f.opens.value,
      closes: f.closes.value,
      startAtLogin: f.startAtLogin.checked,
      contentDir: f.contentDir.value,
      restartEnabled: f.restartEnabled.checked,
      restartAt: f.restartAt.value,
    };
  }

  // ---------- Content: check a folder, reload, what is installed ----------

  const checkFolder = button('op-check-folder', 'Check folder');
  const reload = button('op-reload', 'Reload pack now');
  const reportStatus = h('p', { class: 'op-report-status', testid: 'op-report-status', role: 'status' });
  const report = h('pre', { class: 'op-report', testid: 'op-report', 'data-selectable': '' });
  const reportBox = h('div', { class: 'op-report-box', hidden: true }, reportStatus, report);
  const packInfo = h('div', { class: 'op-pack', testid: 'op-pack' });
  const statsBox = h('div', { class: 'op-stats', testid: 'op-stats' });
  const logBox = h('div', { class: 'op-log-box' });
  const contentNote = h('p', { class: 'op-note', testid: 'op-content-note', hidden: true });

  function showReport(result, okText, badText) {
    const ok = result?.ok === true;
    reportBox.hidden = false;
    reportStatus.textContent = ok ? okText : badText;
    reportStatus.dataset.ok = String(ok);
    const text = typeof result?.report === 'string' ? result.report.trim() : '';
    report.textContent = text || (ok ? 'No problems found.' : 'No details were given.');
  }

  function showFailure(err, what) {
    if (err?.code === 'unauthorized') return;
    reportBox.hidden = false;
    reportStatus.textContent = `${what} failed`;
    reportStatus.dataset.ok = 'false';
    report.textContent = err?.message || 'The kiosk did not answer.';
  }

  async function busy(btn, work) {
    if (btn.disabled) return;
    btn.disabled = true;
    btn.setAttribute('aria-busy', 'true');
    try {
      await work();
    } finally {
      if (!signal.aborted) {
        btn.disabled = false;
        btn.removeAttribute('aria-busy');
      }
    }
  }

  listen(checkFolder, 'click', () => busy(checkFolder, async () => {
    const path = f.contentDir.value.trim() || panel?.content?.dir || '';
    if (!path) {
      showFailure({ message: 'Type the folder to check.' }, 'Check');
      return;
    }
    try {
      const result = await command(api.operatorCheckFolder(token, path));
      if (!signal.aborted) showReport(result, `Valid pack: ${path}`, `Not usable: ${path}`);
    } catch (err) {
      if (!signal.aborted) showFailure(err, 'Check');
    }
  }), signal);

  listen(reload, 'click', () => busy(reload, async () => {
    try {
      const result = await command(api.operatorReload(token));
      if (signal.aborted) return;
      showReport(result, 'Pack reloaded', 'Reload refused: the current pack stays');
      refresh();
    } catch (err) {
      if (!signal.aborted) showFailure(err, 'Reload');
    }
  }), signal);

  function renderPack(p) {
    const pack = p.pack && typeof p.pack === 'object' ? p.pack : {};
    const content = p.content && typeof p.content === 'object' ? p.content : {};
    const languages = Array.isArray(pack.languages) ? pack.languages.filter((x) => typeof x === 'string') : [];
    const warnings = Array.isArray(pack.warnings) ? pack.warnings.filter((x) => typeof x === 'string' && x.trim()) : [];
    const folder = typeof content.dir === 'string' && content.dir ? content.dir : '\u2013';
    // replaceChildren would print a null as the text "null".
    const parts = [
      definitionList('op-pack-info', [
        ['Showing', pack.title || '\u2013', 'op-pack-title'],
        ['Generation', pack.generation ?? '\u2013', 'op-pack-generation'],
        ['Languages', languages.length ? languages.map((t) => `${languageName(t)} (${t})`).join(', ') : '\u2013', 'op-pack-languages'],
        ['Folder', content.bundled ? `${folder} (bundled with the app)` : folder, 'op-pack-folder'],
      ]),
      warnings.length
        ? h(
            'div',
            { class: 'op-warnings', testid: 'op-pack-warnings' },
            h('p', { class: 'op-subhead', text: `Warnings (${warnings.length})` }),
            h('ul', { class: 'op-list' }, warnings.map((w) => h('li', { text: w }))),
          )
        : null,
      typeof pack.report === 'string' && pack.report.trim()
        ? h(
            'div',
            { class: 'op-refusal', testid: 'op-pack-refusal' },
            h('p', { class: 'op-subhead op-subhead-bad', text: 'Last pack refused' }),
            h('pre', { class: 'op-report', 'data-selectable': '', text: pack.report.trim() }),
          )
        : null,
    ];
    packInfo.replaceChildren(...parts.filter(Boolean));
    const fromCommandLine = content.fromCommandLine === true;
    f.contentDir.readOnly = fromCommandLine;
    contentNote.hidden = !fromCommandLine;
    contentNote.textContent = fromCommandLine
      ? 'Set on the command line (--content) for this launch: change it there. Saving keeps the value below for launches without it.'
      : '';
  }

  function renderLog(p) {
    const lines = Array.isArray(p.logLines) ? p.logLines.filter((l) => typeof l === 'string') : [];
    const file = typeof p.logFile === 'string' ? p.logFile : '';
    const pre = h('pre', { class: 'op-report op-log', testid: 'op-log', 'data-selectable': '', text: lines.length ? lines.join('\n') : 'The log is empty.' });
    logBox.replaceChildren(pre, file ? h('p', { class: 'op-hint', testid: 'op-log-file', text: `Full log: ${file}` }) : null);
    // The newest lines matter most: start at the bottom.
    requestAnimationFrame(() => {
      pre.scrollTop = pre.scrollHeight;
    });
  }

  function renderStats(p) {
    const s = p.stats && typeof p.stats === 'object' ? p.stats : {};
    const today = s.today && typeof s.today === 'object' ? s.today : {};
    const total = s.total && typeof s.total === 'object' ? s.total : {};
    const average = (d) => (d.sessions > 0 ? formatDuration(d.sessionSecs / d.sessions) : '\u2013');
    const top = (counts) =>
      Object.entries(counts && typeof counts === 'object' ? counts : {})
        .filter(([, n]) => typeof n === 'number')
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([key, n]) => `${key} ${count(n)}`)
        .join(', ') || '\u2013';
    // Today's figures keep the plain test ids; the whole-period ones add "-total".
    const rows = [
      ['Attract loops', count(today.attractLoops), count(total.attractLoops), 'op-stat-attract-loops'],
      ['Trailer starts', count(today.trailerStarts), count(total.trailerStarts), 'op-stat-trailer-starts'],
      ['Trailers watched to the end', count(today.trailerCompletions), count(total.trailerCompletions), 'op-stat-trailer-completions'],
      ['Visitor sessions', count(today.sessions), count(total.sessions), 'op-stat-sessions'],
      ['Average session', average(today), average(total), 'op-stat-session-average'],
      ['Screens visited', top(today.screens), top(total.screens), 'op-stat-screens'],
      ['Languages chosen', top(today.languages), top(total.languages), 'op-stat-languages'],
    ];
    const since = typeof s.since === 'string' && s.since ? `Since ${s.since}` : 'All days';
    statsBox.replaceChildren(
      definitionList('op-stats-list', [['Running for', formatDuration(s.uptimeSecs), 'op-stat-uptime']]),
      h(
        'table',
        { class: 'op-stats-table', testid: 'op-stats-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Counted' }), h('th', { scope: 'col', text: 'Today' }), h('th', { scope: 'col', text: since }))),
        h(
          'tbody',
          {},
          rows.map(([name, day, all, id]) =>
            h('tr', {}, h('th', { scope: 'row', text: name }), h('td', { testid: id, text: day }), h('td', { testid: `${id}-total`, text: all })),
          ),
        ),
      ),
      h('p', { class: 'op-hint', text: 'Saved every minute and at exit. For a spreadsheet: screening-kiosk stats --csv' }),
    );
    subtitle.textContent = typeof p.version === 'string' && p.version ? `Screening Kiosk ${p.version}` : 'Screening Kiosk';
  }

  function render(p) {
    const packLanguages = Array.isArray(p.pack?.languages) ? p.pack.languages.filter((x) => typeof x === 'string') : [];
    f.defaultLanguage.replaceChildren(option('', 'Pack default'), ...packLanguages.map((t) => option(t, `${languageName(t)} (${t})`)));
    const displays = Array.isArray(p.displays) ? p.displays.filter((d) => d && typeof d.name === 'string' && d.name) : [];
    f.display.replaceChildren(
      option('', 'Primary display'),
      ...displays.map((d) => option(d.name, `${d.name} \u00b7 ${d.width}\u00d7${d.height}${d.primary ? ' (primary)' : ''}`)),
    );
    fill(p.settings);
    const autostart = p.autostartAvailable !== false;
    f.startAtLogin.disabled = !autostart;

    body.replaceChildren(
      section(
        'Playback',
        'op-section-playback',
        field({ label: 'Volume', hint: 'The trailer, and the attract loop when it has sound.', control: f.volume, extra: f.volumeValue }),
        field({ label: 'Attract loop with sound', hint: 'Otherwise the loop plays muted.', control: f.attractAudio, inline: true }),
        field({ label: 'Default language', hint: 'Each new visitor starts in it.', control: f.defaultLanguage }),
        field({ label: 'Captions on by default', hint: 'When a visitor starts the trailer.', control: f.captionsDefault, inline: true }),
        field({
          label: 'Back to the attract loop after',
          hint: `Seconds without a touch (${IDLE_MIN_SECS} to ${IDLE_MAX_SECS}).`,
          control: f.idleTimeoutSecs,
          extra: h('span', { class: 'op-unit', text: 's' }),
        }),
      ),
      section(
        'Screen',
        'op-section-screen',
        field({ label: 'Display', control: f.display }),
        field({ label: 'Opening hours', hint: 'Outside them the kiosk shows a calm \u201cClosed\u201d slate.', control: f.hoursEnabled, inline: true }),
        h(
          'div',
          { class: 'op-hours' },
          h('label', { class: 'op-time' }, h('span', { class: 'op-time-label', text: 'Opens' }), f.opens),
          h('label', { class: 'op-time' }, h('span', { class: 'op-time-label', text: 'Closes' }), f.closes),
          h('p', { class: 'op-hint op-hours-hint', text: 'A closing time earlier than the opening time means open over midnight.' }),
        ),
        field({
          label: 'Daily restart',
          hint: 'A fresh start every day at this time, once the kiosk is at rest (needs the restart-on-exit setup of the deployment guide).',
          control: f.restartEnabled,
          inline: true,
        }),
        h('div', { class: 'op-hours' }, h('label', { class: 'op-time' }, h('span', { class: 'op-time-label', text: 'Restart at' }), f.restartAt)),
        field({
          label: 'Start at login',
          hint: autostart ? 'The kiosk starts when the kiosk user logs in.' : 'Not available on this system.',
          control: f.startAtLogin,
          inline: true,
        }),
      ),
      section(
        'Content',
        'op-section-content',
        field({ label: 'Content pack folder', hint: 'Leave empty for the pack bundled with the app.', control: f.contentDir }),
        contentNote,
        h('div', { class: 'op-button-row' }, checkFolder, reload),
        reportBox,
        packInfo,
      ),
      section('Statistics', 'op-section-stats', statsBox),
      section('Recent log', 'op-section-log', logBox),
    );
    renderPack(p);
    renderStats(p);
    renderLog(p);
    save.disabled = false;
  }

  async function load() {
    try {
      const p = await command(api.operatorPanel(token));
      if (signal.aborted) return;
      panel = p && typeof p === 'object' ? p : {};
      render(panel);
    } catch (err) {
      if (signal.aborted || err?.code === 'unauthorized') return;
      const retry = button('op-retry', 'Try again');
      listen(retry, 'click', () => {
        body.replaceChildren(h('p', { class: 'op-loading', text: 'Loading\u2026' }));
        load();
      }, signal);
      body.replaceChildren(h('div', { class: 'op-card op-load-error' }, h('p', { text: `The panel could not be loaded: ${err?.message || 'no answer from the kiosk'}` }), retry));
    }
  }

  /** Re-read the panel for its statistics and pack; the form is left as the operator has it. */
  async function refresh() {
    try {
      const p = await command(api.operatorPanel(token));
      if (signal.aborted || !p || typeof p !== 'object' || !panel) return;
      panel = { ...p, settings: panel.settings };
      renderPack(panel);
      renderStats(panel);
    } catch {
      /* unauthorized already closed the panel; anything else: keep what is shown */
    }
  }

  // ---------- Save ----------

  listen(save, 'click', () => busy(save, async () => {
    if (!panel) return;
    const r = settingsFromForm(panel.settings, formValues());
    if (r.error) {
      const control = FIELD_CONTROL[r.field];
      control?.setAttribute('aria-invalid', 'true');
      control?.focus?.();
      say(r.error, 'error');
      return;
    }
    say('Saving\u2026', 'busy');
    try {
      const saved = await command(api.operatorSaveSettings(token, r.settings));
      if (signal.aborted) return;
      const settings = saved && typeof saved === 'object' ? saved : r.settings;
      panel = { ...panel, settings };
      fill(settings);
      actions.applySettings?.(settings);
      say('Saved', 'ok');
    } catch (err) {
      if (signal.aborted || err?.code === 'unauthorized') return;
      say(err?.message || 'The settings could not be saved.', 'error');
    }
  }), signal);

  // ---------- Dialogs: change PIN, exit ----------

  function openOverlay(testid, build) {
    closeOverlay();
    // Digits typed on a keyboard must reach the dialog, not a text field behind it.
    document.activeElement?.blur?.();
    const oac = new AbortController();
    const close = () => {
      oac.abort();
      el.remove();
      if (overlay?.el === el) overlay = null;
    };
    const panelEl = build(oac.signal, close);
    const el = h('div', { class: 'op-overlay', role: 'dialog', 'aria-modal': 'true', testid }, panelEl);
    listen(el, 'click', (e) => e.target === el && close(), oac.signal);
    listen(document, 'keydown', (e) => e.key === 'Escape' && close(), oac.signal);
    signal.addEventListener('abort', () => oac.abort(), { once: true });
    overlay = { el, close };
    screen.append(el);
  }

  function closeOverlay() {
    overlay?.close();
  }

  listen(changePin, 'click', () => openOverlay('op-pin-dialog', (dsignal, close) => {
    const flow = createNewPinFlow();
    const pad = createPinPad({
      testid: 'op-pin-pad',
      messageTestid: 'op-pin-message',
      heading: 'New PIN',
      onCancel: close,
      signal: dsignal,
      async onSubmit(pin) {
        const r = flow.submit(pin);
        pad.clear();
        if (r.error === 'too-short') return pad.setMessage('Enter 4 to 8 digits', 'error');
        if (r.error === 'mismatch') {
          pad.shake();
          pad.setHeading('New PIN');
          return pad.setMessage('The two PINs differ. Start again.', 'error');
        }
        if (r.next) {
          pad.setHeading('Enter the new PIN again');
          return pad.setMessage('');
        }
        pad.setDisabled(true);
        pad.setMessage('Saving\u2026');
        try {
          await command(api.operatorChangePin(token, r.done));
          if (dsignal.aborted) return;
          close();
          say('PIN changed', 'ok');
        } catch (err) {
          if (dsignal.aborted || err?.code === 'unauthorized') return;
          pad.setDisabled(false);
          pad.setHeading('New PIN');
          pad.setMessage(err?.message || 'The PIN could not be changed.', 'error');
        }
      },
    });
    return h('div', { class: 'op-dialog op-dialog-pin' }, pad.el);
  }), signal);

  listen(exit, 'click', () => openOverlay('op-exit-dialog', (dsignal, close) => {
    const yes = button('op-exit-confirm', 'Close the kiosk', 'power', 'danger');
    const cancel = button('op-exit-cancel', 'Keep running');
    const note = h('p', { class: 'op-dialog-message', role: 'status', hidden: true });
    const tell = (text) => {
      note.textContent = text;
      note.hidden = !text;
    };
    listen(cancel, 'click', close, dsignal);
    listen(yes, 'click', () => busy(yes, async () => {
      tell('Closing\u2026');
      try {
        await command(api.operatorExit(token));
      } catch (err) {
        if (dsignal.aborted || err?.code === 'unauthorized') return;
        tell(err?.message || 'The kiosk could not be closed.');
      }
    }), dsignal);
    return h(
      'div',
      { class: 'op-dialog' },
      h('h2', { class: 'op-dialog-title', text: 'Close the kiosk?' }),
      h('p', { class: 'op-dialog-text', text: 'The kiosk application quits. Visitors see the computer\u2019s desktop until it is started again.' }),
      note,
      h('div', { class: 'op-button-row op-dialog-actions' }, cancel, yes),
    );
  }), signal);

  listen(lock, 'click', () => busy(lock, lockAndLeave), signal);

  // ---------- Inactivity and session ----------

  const inactivity = createIdleTimer({ timeoutMs: PANEL_IDLE_MS, onIdle: lockAndLeave });
  const active = () => {
    lastActivityAt = Date.now();
    inactivity.activity();
  };
  for (const type of ['pointerdown', 'keydown', 'input', 'wheel', 'scroll']) {
    listen(document, type, active, signal, { capture: true, passive: true });
  }
  inactivity.start();
  keepalive = setInterval(() => {
    if (panel && lastActivityAt > lastCommandAt && Date.now() - lastCommandAt >= KEEPALIVE_MS) refresh();
  }, KEEPALIVE_CHECK_MS);

  if (token) load();
  else queueMicrotask(leave);

  return {
    unmount() {
      ac.abort();
      inactivity.stop();
      clearInterval(keepalive);
    },
  };
}
