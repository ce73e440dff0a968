// Credits: the pack's groups -> roles -> names, exactly as the pack gives them, two ways: a slow
// roll in the typography of a film's end titles, and a list to browse at one's own pace.
import { icon } from '../icons.js';
import { h, listen, prefersReducedMotion } from '../dom.js';
import { topBar } from '../chrome.js';
import { joinMeta } from '../format.js';
import { label } from '../pack.js';
import { stringsLanguage, t } from '../strings.js';
import { createRoll } from '../credit-roll.js';

// Slow enough to read a name twice as it passes; in rem so it looks the same on every screen.
const ROLL_REM_PER_SEC = 1.5;
const START_DELAY_MS = 1800;
const RESUME_AFTER_MS = 4000;

function creditGroups(pack, cls) {
  return pack.credits.map((g) =>
    h(
      'section',
      { class: ['credit-group', cls] },
      g.heading ? h('h2', { class: 'credit-heading', text: g.heading }) : null,
      g.logos.length
        ? h(
            'div',
            { class: 'credit-logos' },
            g.logos.map((l) => h('img', { class: 'credit-logo', src: l.url, alt: l.alt, draggable: 'false' })),
          )
        : null,
      h(
        'dl',
        { class: 'credit-entries' },
        g.entries.map((e) =>
          h(
            'div',
            { class: 'credit-entry' },
            e.role ? h('dt', { class: 'credit-role', text: e.role }) : null,
            e.names.map((n) => h('dd', { class: 'credit-name', text: n })),
          ),
        ),
      ),
    ),
  );
}

function remPx() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

export function mount(root, { pack, language }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const film = pack.film;
  const lang = stringsLanguage(pack.language || language);
  const heading = label(pack, 'credits', t(lang, 'credits'));
  const empty = !pack.credits.length;

  const tabs = {
    roll: h('button', { type: 'button', role: 'tab', id: 'credits-tab-roll', class: 'view-tab', testid: 'credits-view-roll', 'aria-controls': 'credits-panel', text: t(lang, 'credits_roll') }),
    list: h('button', { type: 'button', role: 'tab', id: 'credits-tab-list', class: 'view-tab', testid: 'credits-view-list', 'aria-controls': 'credits-panel', text: t(lang, 'credits_list') }),
  };
  const tablist = h('div', { class: 'view-tabs', role: 'tablist', 'aria-label': t(lang, 'credits_views') }, tabs.roll, tabs.list);
  const bar = topBar({ onBack: () => actions.go('home'), language: lang, trailing: empty ? null : tablist });

  const head = () =>
    h(
      'header',
      { class: 'credits-head' },
      h('p', { class: 'eyebrow', text: heading }),
      h('h1', { class: 'credits-title', text: film.title }),
      h('p', { class: 'credits-meta', text: joinMeta(film.year, film.country) }),
    );

  const again = h(
    'button',
    { type: 'button', class: 'credits-again', testid: 'credits-again' },
    icon('replay'),
    h('span', { text: t(lang, 'credits_again') }),
  );
  const rollScroller = h(
    'div',
    { class: 'scroller credits-scroller', testid: 'credits-roll' },
    h(
      'div',
      { class: 'credits-roll' },
      head(),
      empty ? h('p', { class: 'credits-empty', text: t(lang, 'credits_empty') }) : creditGroups(pack, 'credit-group-roll'),
      h('p', { class: 'credits-end', 'aria-hidden': 'true', text: '\u2766' }),
      empty ? null : again,
    ),
  );
  const listScroller = h(
    'div',
    // Focusable, so a keyboard can scroll a list longer than the screen.
    { class: 'scroller credits-list-scroller', testid: 'credits-list', hidden: true, tabindex: '0', role: 'group', 'aria-label': t(lang, 'credits_list') },
    h('div', { class: 'credits-list-inner' }, head(), h('div', { class: 'credits-list' }, creditGroups(pack, 'credit-card'))),
  );
  const panel = h('div', { class: 'credits-panel', id: 'credits-panel', role: 'tabpanel', testid: 'credits' }, rollScroller, listScroller);
  const screen = h('div', { class: 'credits' }, bar.el, panel);
  root.append(screen);

  // ---------- The roll ----------

  const animate = !prefersReducedMotion() && !empty;
  let roll = null;
  let frame = 0;
  const setRollState = (state) => {
    panel.dataset.roll = state;
  };

  function tick(time) {
    frame = 0;
    if (!roll) return;
    const max = rollScroller.scrollHeight - rollScroller.clientHeight;
    const top = roll.step(time, rollScroller.scrollTop, max);
    if (top !== null) rollScroller.scrollTop = top;
    setRollState(roll.state);
    if (roll.state !== 'ended') frame = requestAnimationFrame(tick);
  }
  function startRoll() {
    if (!animate) {
      setRollState('off');
      return;
    }
    roll = createRoll({ speed: ROLL_REM_PER_SEC * remPx(), startDelayMs: START_DELAY_MS, resumeAfterMs: RESUME_AFTER_MS, now: performance.now() });
    setRollState(roll.state);
    if (!frame) frame = requestAnimationFrame(tick);
  }
  function stopRoll() {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    roll = null;
  }
  const hold = () => {
    if (!roll) return;
    roll.interact(performance.now());
    setRollState(roll.state);
  };
  for (const type of ['pointerdown', 'wheel', 'touchstart', 'keydown', 'focusin']) listen(screen, type, hold, signal, { passive: true });

  // The roll moving is not a visitor doing something: its scroll events must not hold off the
  // idle timer (app.js counts scrolls as activity), or a roll left alone would keep the kiosk
  // on this screen until it ended. A visitor's own scrolling pauses the roll first, so it counts.
  listen(
    window,
    'scroll',
    (e) => {
      if (e.target === rollScroller && roll && roll.state === 'rolling') e.stopImmediatePropagation();
    },
    signal,
    { capture: true },
  );

  listen(
    again,
    'click',
    () => {
      rollScroller.scrollTop = 0;
      if (roll) roll.restart(performance.now());
      else startRoll();
      if (roll && !frame) frame = requestAnimationFrame(tick);
    },
    signal,
  );

  // ---------- Roll / List ----------

  function show(view) {
    for (const [name, tab] of Object.entries(tabs)) {
      const selected = name === view;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', tabs[view].id);
    panel.dataset.view = view;
    rollScroller.hidden = view !== 'roll';
    listScroller.hidden = view !== 'list';
    if (view === 'roll') {
      rollScroller.scrollTop = 0;
      startRoll();
    } else {
      stopRoll();
      setRollState('off');
      listScroller.scrollTop = 0;
    }
  }
  for (const [name, tab] of Object.entries(tabs)) listen(tab, 'click', () => show(name), signal);
  // The tab pattern: arrow keys move between the two views.
  listen(
    tablist,
    'keydown',
    (e) => {
      if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
      e.preventDefault();
      const next = e.key === 'Home' ? 'roll' : e.key === 'End' ? 'list' : panel.dataset.view === 'roll' ? 'list' : 'roll';
      show(next);
      tabs[next].focus();
    },
    signal,
  );

  show('roll');
  return {
    unmount() {
      stopRoll();
      ac.abort();
    },
  };
}
