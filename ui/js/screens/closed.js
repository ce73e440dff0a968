// Outside the operator's opening hours: a calm slate, no video, nothing to tap. Visitor-facing,
// so its words come from strings.js in the pack's language.
import { h } from '../dom.js';
import { t, stringsLanguage } from '../strings.js';

export function mount(root, { title, language, opening }, actions) {
  const lang = stringsLanguage(language);
  const opensAt = opening?.opensAt || null;
  root.append(
    h(
      'div',
      { class: 'closed', testid: 'closed', role: 'status', lang },
      h('div', { class: 'closed-mark', 'aria-hidden': 'true' }),
      title ? h('p', { class: 'closed-film', text: title }) : null,
      h('h1', { class: 'closed-title', testid: 'closed-title', text: t(lang, 'closed') }),
      opensAt ? h('p', { class: 'closed-opens', testid: 'closed-opens', text: t(lang, 'opens_at', { time: opensAt }) }) : null,
    ),
  );
  return { unmount() {} };
}
