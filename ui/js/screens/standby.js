// A window with no part to play for now: the film screen's while the touch screen shows the whole
// kiosk (its display was gone), or a screen told to wait for its display. Black and still: no
// video, nothing to tap; the core shows it again when its part returns.
import { h } from '../dom.js';

// The router's signature: a standby needs neither props nor actions.
export function mount(root, _props, actions) {
  root.append(h('div', { class: 'standby', testid: 'standby', 'aria-hidden': 'true' }));
  return { unmount() {} };
}
