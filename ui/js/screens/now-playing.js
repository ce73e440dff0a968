// The touch screen while the trailer plays on the big screen beside it: says where to look, and
// offers to stop it or to go on to the menu while it plays. The visitor is watching, not
// touching: the idle timeout waits until the big screen says the trailer ended (app.js goes back
// to the menu then), or, should that never come, for the longest a trailer could take.
import { h, listen } from '../dom.js';
import { icon } from '../icons.js';
import { stringsLanguage, t } from '../strings.js';

const IDLE_REASON = 'now-playing';
/** Longer than any trailer; only a lost "ended" ever waits this long. */
const LONGEST_TRAILER_MS = 15 * 60 * 1000;

export function mount(root, { language, title }, actions) {
  const ac = new AbortController();
  const lang = stringsLanguage(language);
  const stop = h(
    'button',
    { type: 'button', class: 'now-playing-button', testid: 'now-playing-stop' },
    icon('pause'),
    h('span', { text: t(lang, 'now_playing_stop') }),
  );
  const menu = h(
    'button',
    { type: 'button', class: 'now-playing-button is-quiet', testid: 'now-playing-menu' },
    h('span', { text: t(lang, 'now_playing_menu') }),
  );
  root.append(
    h(
      'div',
      { class: 'now-playing', testid: 'now-playing', lang },
      title ? h('p', { class: 'eyebrow', text: title }) : null,
      h('h1', { class: 'now-playing-title', text: t(lang, 'now_playing_title') }),
      h('p', { class: 'now-playing-hint', text: t(lang, 'now_playing_hint') }),
      h('div', { class: 'now-playing-actions' }, stop, menu),
    ),
  );
  // After the router's own start of the timer for this screen, which drops earlier pauses.
  Promise.resolve().then(() => ac.signal.aborted || actions.pauseIdle(IDLE_REASON));
  const giveUp = setTimeout(() => actions.resumeIdle(IDLE_REASON), LONGEST_TRAILER_MS);
  listen(stop, 'click', () => actions.stopFilmScreen(), ac.signal);
  listen(menu, 'click', () => actions.go('home'), ac.signal);
  return {
    unmount() {
      clearTimeout(giveUp);
      ac.abort();
      actions.resumeIdle(IDLE_REASON);
    },
  };
}
