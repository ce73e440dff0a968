// The head of an open document: status, title, citation, notes, and the card with the official
// source and its QR code, so a visitor can read the full text later on their own phone. Filled
// from the pack's summary at once, and again from the law text when it arrives.
import { h } from '../../dom.js';
import { getLawQr } from '../../api.js';
import { t } from '../../strings.js';
import { badge, badgeClass, languageNote, statusText } from './parts.js';

const QR_PREFIX = 'data:image/svg+xml;charset=utf-8,';

/**
 * @param {{ meta: object, lang: string, packLanguage: string | null }} opts `meta` is the pack's
 *   summary of the document
 */
export function createReaderHead({ meta, lang, packLanguage }) {
  const docLang = meta.language || null;
  const status = badge(lang, meta.status, 'law-status');
  const title = h('h1', { class: 'law-title', testid: 'law-title', lang: docLang, text: meta.title });
  const citation = h('p', { class: 'law-citation', lang: docLang, text: meta.citation });
  const note = h('p', { class: 'law-note', text: meta.note || '' });
  const excerptNotice = h('p', { class: 'excerpt-notice', testid: 'law-excerpt-notice', text: t(lang, 'law_excerpt_notice') });
  const sourceUrl = h('span', { class: 'law-source-url', testid: 'law-source-url', lang: 'en', text: meta.sourceUrl });
  const source = h('p', { class: 'law-source' }, h('span', { class: 'law-source-label', text: t(lang, 'law_source') }), sourceUrl);
  const qrFrame = h('div', { class: 'law-qr-frame', hidden: true });
  const sourceCard = h(
    'div',
    { class: 'law-source-card', testid: 'law-source-card' },
    qrFrame,
    h(
      'div',
      { class: 'law-source-text' },
      h('p', { class: 'law-qr-caption', testid: 'law-qr-caption', text: t(lang, 'law_qr_caption') }),
      h('p', { class: 'law-qr-hint', text: t(lang, 'law_qr_hint') }),
      source,
    ),
  );

  function fill(d) {
    status.className = badgeClass(d.status).join(' ');
    status.textContent = statusText(lang, d.status);
    title.textContent = d.title || meta.title;
    citation.textContent = d.citation || '';
    citation.hidden = !citation.textContent;
    sourceUrl.textContent = d.sourceUrl || '';
    sourceCard.hidden = !d.sourceUrl;
    note.textContent = d.note || '';
    note.hidden = !d.note;
    excerptNotice.hidden = d.status === 'full';
  }
  fill(meta);

  const el = h('header', { class: 'law-head' }, status, title, citation, languageNote(meta, packLanguage), note, excerptNotice, sourceCard);

  /** Asks the core for the document's QR code; `current()` says whether the reader still wants it. */
  function loadQr(id, current) {
    getLawQr(id).then(
      (qr) => {
        if (!current() || !qr || typeof qr.svg !== 'string' || !qr.svg) return;
        const img = h('img', {
          class: 'law-qr',
          testid: 'law-qr',
          alt: t(lang, 'law_qr_alt'),
          draggable: 'false',
          decoding: 'async',
          src: QR_PREFIX + encodeURIComponent(qr.svg),
        });
        img.addEventListener('error', () => (qrFrame.hidden = true), { once: true });
        qrFrame.replaceChildren(img);
        qrFrame.hidden = false;
        if (typeof qr.url === 'string' && qr.url) sourceUrl.textContent = qr.url;
      },
      () => {
        // Without a code the source stays readable as text.
      },
    );
  }

  return { el, fill, loadQr };
}
