// First run: the kiosk has no operator PIN yet, so this replaces the attract loop until someone
// chooses one. There is deliberately no Cancel and no timeout: a kiosk left without a PIN would
// have a panel nobody can open (and the first passer-by could claim it later).
import { h } from '../dom.js';
import * as api from '../api.js';
import { createPinPad } from '../pin-pad.js';
import { createNewPinFlow, lengthMessage, NEW_PIN_MIN_LENGTH, PIN_MAX_LENGTH } from '../pin-entry.js';

const HEADINGS = { choose: 'Choose an operator PIN', confirm: 'Enter the same PIN again' };

export function mount(root, props, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const flow = createNewPinFlow();

  const pad = createPinPad({
    testid: 'setup-pin-pad',
    messageTestid: 'setup-message',
    heading: HEADINGS.choose,
    minLength: NEW_PIN_MIN_LENGTH,
    onSubmit: submit,
    signal,
  });

  function show(step, message, tone) {
    pad.clear();
    pad.setHeading(HEADINGS[step]);
    pad.setMessage(message, tone);
  }

  async function submit(pin) {
    const r = flow.submit(pin);
    if (r.error === 'too-short') {
      pad.clear();
      pad.setMessage(lengthMessage(NEW_PIN_MIN_LENGTH), 'error');
      return;
    }
    if (r.error === 'mismatch') {
      pad.shake();
      show('choose', 'The two PINs differ. Choose a PIN again.', 'error');
      return;
    }
    if (r.next) {
      show('confirm', '');
      return;
    }
    pad.setDisabled(true);
    pad.setMessage('Saving\u2026');
    try {
      const { token } = (await api.operatorSetFirstPin(r.done)) || {};
      if (signal.aborted) return;
      if (typeof token === 'string' && token !== '') actions.go('operator', { token });
      // Saved but no session: the PIN works, so unlock with it the usual way.
      else actions.go('pin');
    } catch (err) {
      if (signal.aborted) return;
      // Someone else set it meanwhile (another window, a previous attempt that did get through).
      if (err?.code === 'pin_already_set') {
        actions.go('pin');
        return;
      }
      pad.setDisabled(false);
      show('choose', err?.message || 'The PIN could not be saved. Try again.', 'error');
    }
  }

  root.append(
    h(
      'div',
      { class: 'pin-screen setup-screen' },
      h(
        'div',
        { class: 'pin-card setup-card' },
        h(
          'div',
          { class: 'setup-intro' },
          h('p', { class: 'op-eyebrow', text: 'First start' }),
          h('h1', { class: 'setup-title', text: 'Set up the operator PIN' }),
          h('p', {
            class: 'setup-text',
            text: `Staff use this PIN to open the operator panel: volume, opening hours, content and statistics. Choose ${NEW_PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH} digits, then enter them again.`,
          }),
          h('p', {
            class: 'setup-text setup-gesture',
            text: 'To open the panel later: press and hold the top-left corner of the screen for 3 seconds, then tap the top-right, bottom-right and bottom-left corners. With a keyboard: Ctrl+Alt+Shift+O.',
          }),
        ),
        pad.el,
      ),
    ),
  );

  return {
    unmount() {
      ac.abort();
    },
  };
}
