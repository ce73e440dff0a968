// The operator PIN pad, reached by the hidden corner gesture (operator-gesture.js). Staff-facing,
// so in English. A visitor who stumbles in gets out with Cancel, or by leaving it alone for 30 s.
// When the core cannot read the PIN record, a calm note for staff takes the pad's place: no PIN
// opens the panel until `screening-kiosk set-pin` is run at the machine. The core is asked each
// time the screen opens, so a PIN set meanwhile brings the pad back without a restart.
import { h, listen } from '../dom.js';
import * as api from '../api.js';
import { createIdleTimer } from '../idle.js';
import { createPinPad } from '../pin-pad.js';
import { retryDelaySecs, retryMessage } from '../pin-entry.js';

export const PIN_IDLE_MS = 30_000;
const COUNTDOWN_TICK_MS = 250;

export function mount(root, props, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  let left = false;
  let countdown = null;

  const leave = () => {
    if (left) return;
    left = true;
    actions.leaveOperator();
  };

  const pad = createPinPad({
    testid: 'pin-pad',
    messageTestid: 'pin-message',
    heading: 'Operator PIN',
    onSubmit: submit,
    onCancel: leave,
    signal,
  });

  const card = h('div', { class: 'pin-card' }, h('p', { class: 'op-eyebrow', text: 'Staff only' }), pad.el);

  // The note's words are the page's own; nothing the core read from disk is shown.
  function showDamaged() {
    if (signal.aborted || card.dataset.state === 'damaged') return;
    card.dataset.state = 'damaged';
    // Its keyboard listener stays (Escape still leaves); the digits go nowhere.
    pad.setDisabled(true);
    card.replaceChildren(
      h('p', { class: 'op-eyebrow', text: 'Staff only' }),
      h(
        'div',
        { class: 'pin-note', testid: 'pin-damaged', role: 'status' },
        h('h1', { class: 'pin-note-title', text: 'The operator panel is closed' }),
        h('p', {
          class: 'pin-note-text',
          text: 'This kiosk cannot read its operator PIN, so no PIN opens the panel for now. Visitors are not affected.',
        }),
        h('p', {
          class: 'pin-note-text',
          text: 'To open it again, set a new PIN on this computer, as the user the kiosk runs as:',
        }),
        h('p', { class: 'pin-note-command', text: 'screening-kiosk set-pin' }),
        h('p', { class: 'pin-note-text', text: 'The new PIN works here at once; the kiosk need not restart.' }),
      ),
      h('button', { type: 'button', class: 'pin-cancel', testid: 'pin-cancel', text: 'Close', on: { click: leave } }),
    );
  }

  api
    .operatorStatus()
    .then((status) => status?.pin === 'damaged' && showDamaged())
    .catch(() => {
      /* the pad stays; operator_unlock answers for itself */
    });

  const inactivity = createIdleTimer({ timeoutMs: PIN_IDLE_MS, onIdle: leave });
  for (const type of ['pointerdown', 'keydown']) {
    listen(document, type, () => inactivity.activity(), signal, { capture: true, passive: true });
  }
  inactivity.start();

  async function submit(pin) {
    pad.setDisabled(true);
    pad.setMessage('Checking\u2026');
    let token;
    try {
      ({ token } = (await api.operatorUnlock(pin)) || {});
    } catch (err) {
      if (signal.aborted) return;
      pad.clear();
      if (err?.code === 'pin_record_damaged') {
        showDamaged();
      } else if (err?.code === 'wrong_pin') {
        pad.setDisabled(false);
        pad.setMessage('Wrong PIN', 'error');
        pad.shake();
      } else if (err?.code === 'rate_limited') {
        pad.shake();
        waitBeforeRetry(retryDelaySecs(err));
      } else {
        pad.setDisabled(false);
        pad.setMessage(err?.message || 'The kiosk did not answer. Try again.', 'error');
      }
      return;
    }
    if (signal.aborted) return;
    if (typeof token !== 'string' || token === '') {
      pad.clear();
      pad.setDisabled(false);
      pad.setMessage('The kiosk did not answer. Try again.', 'error');
      return;
    }
    actions.go('operator', { token });
  }

  // Counted against a deadline rather than by ticks, so a busy page cannot stretch the wait.
  function waitBeforeRetry(secs) {
    clearInterval(countdown);
    const until = Date.now() + secs * 1000;
    pad.setDisabled(true);
    const tick = () => {
      const remaining = Math.ceil((until - Date.now()) / 1000);
      if (remaining <= 0) {
        clearInterval(countdown);
        countdown = null;
        pad.setDisabled(false);
        pad.setMessage('');
        return;
      }
      pad.setMessage(retryMessage(remaining), 'error');
    };
    tick();
    countdown = setInterval(tick, COUNTDOWN_TICK_MS);
  }

  root.append(h('div', { class: 'pin-screen' }, card));

  return {
    unmount() {
      ac.abort();
      inactivity.stop();
      clearInterval(countdown);
    },
  };
}
