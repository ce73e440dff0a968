// Outside the operator's opening hours: a calm slate, no video, nothing to tap. Visitor-facing,
// so its words come from strings.js in the pack's language. After a moment it goes black (the
// display asleep where the kiosk can switch it off, a black screen where it cannot); a touch
// shows the slate again for a moment, and never starts anything.
import { h, listen } from '../dom.js';
import { createDimmer } from '../dimmer.js';
import { t, stringsLanguage } from '../strings.js';

export function mount(root, { title, language, opening }, actions) {
  const lang = stringsLanguage(language);
  const opensAt = opening?.opensAt || null;
  const ac = new AbortController();
  const slate = h(
    'div',
    { class: 'closed', testid: 'closed', role: 'status', lang },
    h('div', { class: 'closed-mark', 'aria-hidden': 'true' }),
    title ? h('p', { class: 'closed-film', text: title }) : null,
    h('h1', { class: 'closed-title', testid: 'closed-title', text: t(lang, 'closed') }),
    opensAt ? h('p', { class: 'closed-opens', testid: 'closed-opens', text: t(lang, 'opens_at', { time: opensAt }) }) : null,
  );
  root.append(slate);
  const dimmer = createDimmer({ show: (dark) => slate.classList.toggle('is-dark', dark) });
  listen(slate, 'pointerdown', () => dimmer.wake(), ac.signal);
  listen(window, 'keydown', () => dimmer.wake(), ac.signal);
  return {
    unmount() {
      dimmer.stop();
      ac.abort();
    },
  };
}
