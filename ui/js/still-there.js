// "Are you still there?": the modal countdown shown in the last seconds before the idle timeout
// sends a visit back to the attract loop. The idle timer (idle.js) decides when it shows and
// hides and owns the time left; this only draws it. Any touch anywhere ends it (app.js reports
// every touch to the idle timer), the big button included.
import { h, s } from './dom.js';
import { countdownSeconds } from './idle.js';
import { stringsLanguage, t } from './strings.js';

const TICK_MS = 200;
// The fade-out keeps the overlay under the finger that dismissed it, so the same touch does not
// also press whatever lies beneath.
const LEAVE_MS = 300;
const RING_R = 45;
const RING_LENGTH = 2 * Math.PI * RING_R;

/**
 * @param {object} opts
 * @param {HTMLElement} opts.parent where the overlay goes (outside the screen the router replaces)
 * @param {() => number | null} opts.remainingMs time left before the timeout
 * @param {() => string | null} opts.language the visitor's language now
 * @param {() => void} opts.onStay the visitor pressed "I'm still here"
 */
export function createStillThere({ parent, remainingMs, language, onStay }) {
  let el = null;
  let timer = null;
  let leaving = null;
  let returnFocus = null;

  function remove() {
    clearInterval(timer);
    clearTimeout(leaving);
    timer = null;
    leaving = null;
    el?.remove();
    el = null;
  }

  function build(totalMs) {
    const lang = language();
    const seconds = () => countdownSeconds(remainingMs() ?? 0);
    const ring = s('circle', { class: 'still-there-ring-value', cx: 50, cy: 50, r: RING_R });
    const number = h('span', { class: 'still-there-number', testid: 'still-there-count', 'aria-hidden': 'true' });
    const countdown = h('p', { class: 'still-there-countdown', id: 'still-there-countdown', 'aria-live': 'polite', 'aria-atomic': 'true' });
    const stay = h(
      'button',
      { type: 'button', class: 'still-there-stay', testid: 'still-there-stay' },
      h('span', { text: t(lang, 'still_there_stay') }),
    );
    stay.addEventListener('click', () => onStay());
    const dialog = h(
      'div',
      {
        class: 'still-there-dialog',
        role: 'alertdialog',
        'aria-modal': 'true',
        'aria-labelledby': 'still-there-title',
        'aria-describedby': 'still-there-body still-there-countdown',
      },
      h(
        'div',
        { class: 'still-there-clock' },
        s('svg', { class: 'still-there-ring', viewBox: '0 0 100 100', 'aria-hidden': 'true', focusable: 'false' }, s('circle', { class: 'still-there-ring-track', cx: 50, cy: 50, r: RING_R }), ring),
        number,
      ),
      h('h2', { class: 'still-there-title', id: 'still-there-title', text: t(lang, 'still_there_title') }),
      h('p', { class: 'still-there-body', id: 'still-there-body', text: t(lang, 'still_there_body') }),
      countdown,
      stay,
    );
    const overlay = h('div', { class: 'still-there', testid: 'still-there', lang: stringsLanguage(lang) }, dialog);
    // A touch on the dimmed screen around the dialog counts as "still here" too; it must not
    // reach anything else.
    overlay.addEventListener('click', (e) => e.stopPropagation());

    ring.style.strokeDasharray = String(RING_LENGTH);
    let shown = -1;
    const render = () => {
      const left = remainingMs() ?? 0;
      ring.style.strokeDashoffset = String(RING_LENGTH * (1 - Math.max(0, Math.min(1, left / totalMs))));
      const n = seconds();
      if (n === shown) return;
      shown = n;
      number.textContent = String(n);
      countdown.textContent = t(lang, 'still_there_countdown', { seconds: n });
    };
    render();
    return { overlay, stay, render };
  }

  return {
    /** The warning starts with `totalMs` left. */
    show(totalMs) {
      remove();
      const built = build(Math.max(1, totalMs));
      el = built.overlay;
      const active = document.activeElement;
      returnFocus = active && active !== document.body ? active : null;
      parent.append(el);
      // An alertdialog takes the focus, so a keyboard or switch user lands on its one action.
      built.stay.focus({ preventScroll: true });
      timer = setInterval(built.render, TICK_MS);
    },
    /** The visitor is back (or the screen changed): the overlay goes. */
    hide() {
      if (!el || leaving) return;
      clearInterval(timer);
      timer = null;
      el.classList.add('is-leaving');
      el.setAttribute('aria-hidden', 'true');
      const focusBack = returnFocus;
      returnFocus = null;
      if (focusBack?.isConnected) focusBack.focus({ preventScroll: true });
      leaving = setTimeout(remove, LEAVE_MS);
    },
    /** Gone at once, without the fade (a new screen is on its way). */
    remove,
    get shown() {
      return Boolean(el) && !leaving;
    },
  };
}
