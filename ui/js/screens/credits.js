// Credits: the pack's groups -> roles -> names, exactly as the pack gives them, two ways: a slow
// roll in the typography of a film's end titles, and a list to browse at one's own pace. The two
// views and the roll's motion are in screens/credits/; this file is the tabs between them.
import { h, listen } from '../dom.js';
import { topBar } from '../chrome.js';
import { label } from '../pack.js';
import { stringsLanguage, t } from '../strings.js';
import { createRollDriver } from './credits/roll.js';
import { creditViews } from './credits/views.js';

export function mount(root, { pack, language }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const lang = stringsLanguage(pack.language || language);
  const heading = label(pack, 'credits', t(lang, 'credits'));
  const empty = !pack.credits.length;

  const tabs = {
    roll: h('button', { type: 'button', role: 'tab', id: 'credits-tab-roll', class: 'view-tab', testid: 'credits-view-roll', 'aria-controls': 'credits-panel', text: t(lang, 'credits_roll') }),
    list: h('button', { type: 'button', role: 'tab', id: 'credits-tab-list', class: 'view-tab', testid: 'credits-view-list', 'aria-controls': 'credits-panel', text: t(lang, 'credits_list') }),
  };
  const tablist = h('div', { class: 'view-tabs', role: 'tablist', 'aria-label': t(lang, 'credits_views') }, tabs.roll, tabs.list);
  const bar = topBar({ onBack: () => actions.go('home'), language: lang, trailing: empty ? null : tablist });

  const { rollScroller, listScroller, again } = creditViews({ pack, lang, heading });
  const panel = h('div', { class: 'credits-panel', id: 'credits-panel', role: 'tabpanel', testid: 'credits' }, rollScroller, listScroller);
  const screen = h('div', { class: 'credits' }, bar.el, panel);
  root.append(screen);

  const roll = createRollDriver({ screen, panel, rollScroller, again, empty, signal });

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
      roll.start();
    } else {
      roll.off();
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
      roll.stop();
      ac.abort();
    },
  };
}
