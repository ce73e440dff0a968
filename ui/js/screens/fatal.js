// Calm full-screen slate shown when the content pack cannot be loaded. Never an error dialog.
// Without a pack the only language known is the operator's default (English otherwise).
import { h } from '../dom.js';
import { stringsLanguage, t } from '../strings.js';

export function mount(root, { title, language }, actions) {
  const lang = stringsLanguage(language);
  root.append(
    h(
      'div',
      { class: 'fatal', testid: 'fatal', role: 'status', lang },
      h('div', { class: 'fatal-mark', 'aria-hidden': 'true' }),
      title ? h('h1', { class: 'fatal-title', text: title }) : null,
      h('p', { class: 'fatal-message', text: t(lang, 'fatal_message') }),
    ),
  );
  return { unmount() {} };
}
