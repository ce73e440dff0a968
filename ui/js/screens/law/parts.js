// Pieces the law list and the reader share, so a document reads the same in both: its status
// badge (an excerpt is always labelled as one) and the note that it is in another language.
import { h } from '../../dom.js';
import { originalLanguageNote } from '../../languages.js';
import { t } from '../../strings.js';

export const statusText = (lang, status) => t(lang, status === 'full' ? 'law_status_full' : 'law_status_excerpt');

export const badgeClass = (status) => ['badge', status === 'full' ? 'badge-full' : 'badge-excerpt'];

export function badge(lang, status, testid) {
  return h('span', { class: badgeClass(status), testid, text: statusText(lang, status) });
}

/** "Written in English" beside a document whose language is not the pack's current one. */
export function languageNote(doc, packLanguage) {
  const text = originalLanguageNote(doc.language, packLanguage);
  return text ? h('span', { class: 'law-language-note', testid: 'law-language-note', text }) : null;
}
