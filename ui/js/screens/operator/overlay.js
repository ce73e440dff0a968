// One dialog at a time over the panel (Change PIN, Exit): it closes on Escape, on a tap beside
// it and with the panel, and keyboard digits reach it rather than a field behind it.
import { h, listen } from '../../dom.js';

/**
 * @param {HTMLElement} host where dialogs are shown
 * @param {AbortSignal} signal the panel's: a dialog goes with it
 */
export function createOverlays(host, signal) {
  let overlay = null; // { el, close() } while a dialog is open

  function close() {
    overlay?.close();
  }

  /** `build(dialogSignal, close)` makes the dialog's content; its listeners end with dialogSignal. */
  function open(testid, build) {
    close();
    // Digits typed on a keyboard must reach the dialog, not a text field behind it.
    document.activeElement?.blur?.();
    const oac = new AbortController();
    const closeThis = () => {
      oac.abort();
      el.remove();
      if (overlay?.el === el) overlay = null;
    };
    const panelEl = build(oac.signal, closeThis);
    const el = h('div', { class: 'op-overlay', role: 'dialog', 'aria-modal': 'true', testid }, panelEl);
    listen(el, 'click', (e) => e.target === el && closeThis(), oac.signal);
    listen(document, 'keydown', (e) => e.key === 'Escape' && closeThis(), oac.signal);
    signal.addEventListener('abort', () => oac.abort(), { once: true });
    overlay = { el, close: closeThis };
    host.append(el);
  }

  return { open };
}
