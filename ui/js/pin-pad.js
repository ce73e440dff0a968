// The on-screen PIN pad shared by the PIN screen, first-run setup and "Change PIN": big keys for
// a touch screen, dots instead of digits, and the physical keyboard (digits, Enter, Backspace,
// Escape) for staff who plug one in. The key logic lives in pin-entry.js.
import { h, listen } from './dom.js';
import { icon } from './icons.js';
import { PIN_MIN_LENGTH, lengthMessage, padKeyFromKeyboard, pressPinKey } from './pin-entry.js';

const SHAKE_MS = 450;

/**
 * @param {object} opts
 * @param {string} opts.testid the pad's data-testid (pin-pad, setup-pin-pad, op-pin-pad)
 * @param {string} opts.messageTestid the message line's data-testid
 * @param {string} opts.heading what to type, e.g. "Operator PIN"
 * @param {(pin: string) => void} opts.onSubmit OK on minLength..8 digits
 * @param {() => void} [opts.onCancel] without it there is no Cancel (first-run setup)
 * @param {AbortSignal} opts.signal the keyboard listener goes away with it
 * @param {number} [opts.minLength] the fewest digits OK takes (a new PIN needs NEW_PIN_MIN_LENGTH)
 */
export function createPinPad({ testid, messageTestid, heading, onSubmit, onCancel, signal, minLength = PIN_MIN_LENGTH }) {
  let digits = '';
  let disabled = false;
  let shakeTimer = null;

  const headingEl = h('p', { class: 'pin-heading', id: `${testid}-heading`, text: heading });
  const dots = h('div', { class: 'pin-dots', testid: 'pin-dots', role: 'img' });
  const message = h('p', { class: 'pin-message', testid: messageTestid, role: 'status', 'aria-live': 'polite' });

  const keyButton = (key, content, extra = {}) =>
    h('button', { type: 'button', class: ['pin-key', extra.class], on: { click: () => press(key) }, ...extra.attrs }, content);

  const digitKeys = '1234567890'.split('').map((d) => keyButton(d, d, { attrs: { testid: `pin-key-${d}` } }));
  const backspace = keyButton('backspace', icon('backspace'), { class: 'pin-key-aux', attrs: { testid: 'pin-backspace', 'aria-label': 'Delete last digit' } });
  const ok = keyButton('ok', 'OK', { class: 'pin-key-ok', attrs: { testid: 'pin-ok' } });
  const keys = h('div', { class: 'pin-keys' }, digitKeys.slice(0, 9), backspace, digitKeys[9], ok);
  const cancel = onCancel
    ? h('button', { type: 'button', class: 'pin-cancel', testid: 'pin-cancel', text: 'Cancel', on: { click: () => press('cancel') } })
    : null;

  const el = h('div', { class: 'pin-pad', testid, role: 'group', 'aria-labelledby': headingEl.id }, headingEl, dots, message, keys, cancel);

  function renderDots() {
    const slots = Math.max(minLength, digits.length);
    dots.replaceChildren(...Array.from({ length: slots }, (_, i) => h('span', { class: ['pin-dot', i < digits.length && 'is-filled'] })));
    dots.dataset.count = String(digits.length);
    dots.setAttribute('aria-label', `${digits.length} digit${digits.length === 1 ? '' : 's'} entered`);
  }

  function press(key) {
    if (key === 'cancel') {
      onCancel?.();
      return;
    }
    if (disabled) return;
    const r = pressPinKey(digits, key, minLength);
    digits = r.digits;
    renderDots();
    if (/^[0-9]$/.test(key) || key === 'backspace') setMessage('');
    if (r.action === 'too-short') setMessage(lengthMessage(minLength), 'error');
    else if (r.action === 'submit') onSubmit(digits);
  }

  function setMessage(text, tone) {
    message.textContent = text || '';
    message.dataset.tone = tone || '';
  }

  listen(
    document,
    'keydown',
    (e) => {
      const key = padKeyFromKeyboard(e);
      if (!key || (key === 'cancel' && !onCancel)) return;
      e.preventDefault();
      if (!e.repeat || key === 'backspace') press(key);
    },
    signal,
  );

  renderDots();

  return {
    el,
    /** Forget the digits typed. */
    clear() {
      digits = '';
      renderDots();
    },
    setMessage,
    setHeading(text) {
      headingEl.textContent = text;
    },
    /** Keys off while a PIN is being checked or the core asks to wait. Cancel stays usable. */
    setDisabled(value) {
      disabled = Boolean(value);
      el.classList.toggle('is-disabled', disabled);
      for (const b of [...digitKeys, backspace, ok]) b.disabled = disabled;
    },
    /** A short shake: the PIN was refused. */
    shake() {
      el.classList.remove('is-wrong');
      // Restarts the animation when two refusals come in a row.
      void el.offsetWidth;
      el.classList.add('is-wrong');
      clearTimeout(shakeTimer);
      shakeTimer = setTimeout(() => el.classList.remove('is-wrong'), SHAKE_MS);
      signal.addEventListener('abort', () => clearTimeout(shakeTimer), { once: true });
    },
  };
}
