// Calm full-screen slate shown when the content pack cannot be loaded. Never an error dialog.
import { h } from '../dom.js';

export const FATAL_MESSAGE = 'This kiosk is being prepared. Please ask a member of staff.';

export function mount(root, { title }) {
  root.append(
    h(
      'div',
      { class: 'fatal', testid: 'fatal', role: 'status' },
      h('div', { class: 'fatal-mark', 'aria-hidden': 'true' }),
      title ? h('h1', { class: 'fatal-title', text: title }) : null,
      h('p', { class: 'fatal-message', text: FATAL_MESSAGE }),
    ),
  );
  return { unmount() {} };
}
