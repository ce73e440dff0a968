// The operator panel: settings, content, fleet, statistics, PIN, lock and exit. Staff-facing (English).
// This file wires the panel's cards (screens/operator/) to one session: every command carries
// the token operator_unlock gave, and a refused one closes the panel (operator/session.js).
import { h, listen } from '../dom.js';
import * as api from '../api.js';
import { settingsFromForm } from '../settings.js';
import { busy, button, section } from './operator/controls.js';
import { createSession, watchSession } from './operator/session.js';
import { createFrame, loading } from './operator/frame.js';
import { createSettingsForm } from './operator/settings-form.js';
import { createContentCard } from './operator/content-card.js';
import { createFleetCard } from './operator/fleet-card.js';
import { renderStats } from './operator/stats-card.js';
import { renderLog } from './operator/log-card.js';
import { createOverlays } from './operator/overlay.js';
import { changePinDialog } from './operator/pin-dialog.js';
import { exitDialog } from './operator/exit-dialog.js';

export { PANEL_IDLE_MS } from './operator/session.js';

// A fleet kiosk's state moves on its own (a sync ends, a new plan arrives): while the panel is
// open it is read again this often, so the Fleet card is never a stale answer.
const FLEET_REFRESH_MS = 10_000;

export function mount(root, { params = {} }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const session = createSession({ token: typeof params.token === 'string' ? params.token : '', leaveOperator: () => actions.leaveOperator() });
  let panel = null; // the last operator_panel answer, with the settings as last saved

  const frame = createFrame();
  const { body, scroller, message, say } = frame;
  const { changePin, lock, exit, save } = frame.buttons;
  root.append(frame.el);

  const form = createSettingsForm(signal);
  // An edit after "Saved" makes that message stale.
  listen(scroller, 'input', (e) => {
    e.target?.removeAttribute?.('aria-invalid');
    if (message.dataset.tone !== 'busy') say('');
  }, signal);

  const content = createContentCard({ session, contentDir: form.contentDir, panel: () => panel, refresh: () => refresh(), signal });
  const fleet = createFleetCard();
  const statsBox = h('div', { class: 'op-stats', testid: 'op-stats' });
  const logBox = h('div', { class: 'op-log-box' });

  function render(p) {
    form.load(p);
    body.replaceChildren(
      form.playbackCard(),
      form.screenCard(p),
      content.card(),
      fleet.card(),
      section('Statistics', 'op-section-stats', statsBox),
      section('Recent log', 'op-section-log', logBox),
    );
    content.renderPack(p);
    fleet.render(p);
    renderStats(statsBox, p);
    frame.showVersion(p);
    renderLog(logBox, p);
    save.disabled = false;
  }

  async function load() {
    try {
      const p = await session.command(api.operatorPanel(session.token));
      if (signal.aborted) return;
      panel = p && typeof p === 'object' ? p : {};
      render(panel);
    } catch (err) {
      if (signal.aborted || err?.code === 'unauthorized') return;
      const retry = button('op-retry', 'Try again');
      listen(retry, 'click', () => {
        body.replaceChildren(loading());
        load();
      }, signal);
      body.replaceChildren(h('div', { class: 'op-card op-load-error' }, h('p', { text: `The panel could not be loaded: ${err?.message || 'no answer from the kiosk'}` }), retry));
    }
  }

  /** Re-read the panel for its statistics, pack and fleet; the form is left as the operator has it. */
  async function refresh() {
    try {
      const p = await session.command(api.operatorPanel(session.token));
      if (signal.aborted || !p || typeof p !== 'object' || !panel) return;
      panel = { ...p, settings: panel.settings };
      content.renderPack(panel);
      fleet.render(panel);
      renderStats(statsBox, panel);
      frame.showVersion(panel);
    } catch {
      /* unauthorized already closed the panel; anything else: keep what is shown */
    }
  }

  listen(save, 'click', () => busy(save, async () => {
    if (!panel) return;
    const r = settingsFromForm(panel.settings, form.values());
    if (r.error) {
      const control = form.controlOf[r.field];
      control?.setAttribute('aria-invalid', 'true');
      control?.focus?.();
      say(r.error, 'error');
      return;
    }
    say('Saving\u2026', 'busy');
    try {
      const saved = await session.command(api.operatorSaveSettings(session.token, r.settings));
      if (signal.aborted) return;
      const settings = saved && typeof saved === 'object' ? saved : r.settings;
      panel = { ...panel, settings };
      form.fill(settings);
      // The page takes what is in effect from settings-changed, sent before this answer: the
      // stored settings lack this launch's flags and the fleet's plan (a save once put the stored
      // idle timeout over --idle-timeout).
      say('Saved', 'ok');
    } catch (err) {
      if (signal.aborted || err?.code === 'unauthorized') return;
      say(err?.message || 'The settings could not be saved.', 'error');
    }
  }, signal), signal);

  const overlays = createOverlays(frame.el, signal);
  listen(changePin, 'click', () => overlays.open('op-pin-dialog', changePinDialog({ session, say })), signal);
  listen(exit, 'click', () => overlays.open('op-exit-dialog', exitDialog({ session, signal })), signal);
  listen(lock, 'click', () => busy(lock, session.lockAndLeave, signal), signal);

  const watch = watchSession(session, {
    signal,
    keepalive: () => {
      if (panel) refresh();
    },
  });

  const fleetTimer = setInterval(() => {
    if (panel?.fleet && typeof panel.fleet === 'object') refresh();
  }, FLEET_REFRESH_MS);

  if (session.token) load();
  else queueMicrotask(session.leave);

  return {
    unmount() {
      ac.abort();
      watch.stop();
      clearInterval(fleetTimer);
    },
  };
}
