// The operator panel's building blocks: cards, labelled fields, switches, buttons and the busy
// state of a button, so every card of the panel looks and behaves the same. Staff-facing (English).
import { h } from '../../dom.js';
import { icon } from '../../icons.js';

// Module-wide, like the ids it hands out: a panel opened again gets fresh ids, never a clash.
let fieldIds = 0;

export function section(title, testid, ...children) {
  return h('section', { class: 'op-card', testid }, h('h2', { class: 'op-card-title', text: title }), ...children);
}

/** A labelled control. `inline` puts a switch on the same line as its label. */
export function field({ label, hint, control, extra, inline = false }) {
  if (!control.id) control.id = `op-field-${++fieldIds}`;
  return h(
    'div',
    { class: ['op-field', inline && 'op-field-inline'] },
    h('label', { class: 'op-label', for: control.id }, h('span', { class: 'op-label-text', text: label }), hint ? h('span', { class: 'op-hint', text: hint }) : null),
    inline ? control : h('div', { class: 'op-control' }, control, extra || null),
    inline ? extra || null : null,
  );
}

export function toggle(testid) {
  return h('input', { type: 'checkbox', class: 'op-switch', role: 'switch', testid });
}

export function button(testid, text, iconName, kind = 'secondary') {
  return h('button', { type: 'button', class: ['op-button', `op-button-${kind}`], testid }, iconName ? icon(iconName) : null, h('span', { text }));
}

export function option(value, text) {
  return h('option', { value, text });
}

/** A <select> whose current value is always one of its options, even one the panel did not list. */
export function setSelect(select, value, missingLabel) {
  const v = value || '';
  if (![...select.options].some((o) => o.value === v)) select.append(option(v, missingLabel(v)));
  select.value = v;
}

export function definitionList(testid, rows) {
  return h(
    'dl',
    { class: 'op-dl', testid },
    rows.map(([term, value, id]) => h('div', { class: 'op-dl-row' }, h('dt', { text: term }), h('dd', { testid: id, text: value }))),
  );
}

/**
 * Runs `work` with `btn` disabled and marked busy, so a second press cannot start it twice; a
 * panel closed meanwhile (`signal` aborted) is left alone.
 */
export async function busy(btn, work, signal) {
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
