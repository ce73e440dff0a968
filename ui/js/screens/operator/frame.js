// The panel's frame: the header with Change PIN, Lock and Exit, the scrolling body the cards go
// in, and the footer with Save and the one line that says what just happened.
import { h } from '../../dom.js';
import { button } from './controls.js';

export function createFrame() {
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

  const body = h('div', { class: 'op-grid' }, loading());
  const scroller = h('div', { class: 'scroller op-scroll' }, body);

  const message = h('p', { class: 'op-message', testid: 'op-message', role: 'status', 'aria-live': 'polite' });
  const save = button('op-save', 'Save settings', null, 'primary');
  save.disabled = true;
  const footer = h('footer', { class: 'op-footer' }, message, save);

  const el = h('div', { class: 'op', testid: 'operator-panel' }, header, scroller, footer);

  return {
    el,
    body,
    scroller,
    message,
    buttons: { changePin, lock, exit, save },
    /** What just happened, in the footer; `tone` is '', 'busy', 'ok' or 'error'. */
    say(text, tone = '') {
      message.textContent = text || '';
      message.dataset.tone = tone;
    },
    /** The kiosk's version, from an operator_panel answer. */
    showVersion(p) {
      subtitle.textContent = typeof p.version === 'string' && p.version ? `Screening Kiosk ${p.version}` : 'Screening Kiosk';
    },
  };
}

/** The body's placeholder until the panel has loaded. */
export function loading() {
  return h('p', { class: 'op-loading', text: 'Loading\u2026' });
}
