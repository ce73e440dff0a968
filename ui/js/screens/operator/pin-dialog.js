// Change PIN: the new PIN typed twice on the panel's own pad, so a typo cannot lock staff out.
import { h } from '../../dom.js';
import * as api from '../../api.js';
import { createPinPad } from '../../pin-pad.js';
import { createNewPinFlow, lengthMessage, NEW_PIN_MIN_LENGTH } from '../../pin-entry.js';

/**
 * The dialog's content, for overlays.open('op-pin-dialog', ...).
 * @param {{ session: object, say: (text: string, tone?: string) => void }} panel
 */
export function changePinDialog({ session, say }) {
  return (dsignal, close) => {
    const flow = createNewPinFlow();
    const pad = createPinPad({
      testid: 'op-pin-pad',
      messageTestid: 'op-pin-message',
      heading: 'New PIN',
      minLength: NEW_PIN_MIN_LENGTH,
      onCancel: close,
      signal: dsignal,
      async onSubmit(pin) {
        const r = flow.submit(pin);
        pad.clear();
        if (r.error === 'too-short') return pad.setMessage(lengthMessage(NEW_PIN_MIN_LENGTH), 'error');
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
          await session.command(api.operatorChangePin(session.token, r.done));
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
  };
}
