// Exit kiosk: asks first, because after it visitors see the computer's desktop until someone
// starts the kiosk again.
import { h, listen } from '../../dom.js';
import * as api from '../../api.js';
import { busy, button } from './controls.js';

/**
 * The dialog's content, for overlays.open('op-exit-dialog', ...).
 * @param {{ session: object, signal: AbortSignal }} panel `signal` is the panel's
 */
export function exitDialog({ session, signal }) {
  return (dsignal, close) => {
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
        await session.command(api.operatorExit(session.token));
      } catch (err) {
        if (dsignal.aborted || err?.code === 'unauthorized') return;
        tell(err?.message || 'The kiosk could not be closed.');
      }
    }, signal), dsignal);
    return h(
      'div',
      { class: 'op-dialog' },
      h('h2', { class: 'op-dialog-title', text: 'Close the kiosk?' }),
      h('p', { class: 'op-dialog-text', text: 'The kiosk application quits. Visitors see the computer\u2019s desktop until it is started again.' }),
      note,
      h('div', { class: 'op-button-row op-dialog-actions' }, cancel, yes),
    );
  };
}
