// The trailer's captions: on or off, and in which language, each language named in itself so a
// visitor finds their own. The operator's default decides whether they start on; the visitor's
// language (else the pack's first caption language) is the one they start in.
import { pickCaptionLanguage } from '../../captions.js';
import { h, listen } from '../../dom.js';
import { icon } from '../../icons.js';
import { trackModes } from '../../playback.js';
import { t } from '../../strings.js';

/** The <track> elements for the pack's caption files. */
export function captionTracks(captions) {
  return captions.map((caption) => h('track', { kind: 'captions', srclang: caption.language, label: caption.label || caption.language, src: caption.url }));
}

/**
 * @param {object} opts
 * @param {HTMLVideoElement} opts.video carries the tracks
 * @param {{ language: string, label?: string }[]} opts.captions
 * @param {boolean} opts.captionsDefault the operator's setting
 * @param {string} opts.lang the pack's language for this visit
 * @param {string} opts.uiLang the language the kiosk's own words are in
 * @param {(on: boolean) => void} opts.showOn marks the screen as showing captions
 */
export function createCaptionsMenu({ video, captions, captionsDefault, lang, uiLang, showOn }) {
  const choice = { on: Boolean(captionsDefault) && captions.length > 0, language: pickCaptionLanguage(captions, lang) };

  const toggle = h(
    'button',
    { type: 'button', class: 'trailer-button trailer-cc', testid: 'trailer-captions', lang: uiLang, 'aria-pressed': 'false' },
    icon('captions'),
    h('span', { class: 'trailer-button-label', text: t(lang, 'trailer_captions') }),
  );
  const languageButtons = captions.map((caption) =>
    h('button', {
      type: 'button',
      class: 'trailer-button trailer-cc-lang',
      testid: `trailer-caption-lang-${caption.language}`,
      lang: caption.language,
      'aria-pressed': 'false',
      data: { language: caption.language },
      text: caption.label || caption.language,
    }),
  );
  const el = captions.length
    ? h(
        'div',
        { class: 'trailer-captions' },
        toggle,
        languageButtons.length > 1
          ? h('div', { class: 'trailer-cc-langs', role: 'group', lang: uiLang, 'aria-label': t(lang, 'trailer_caption_language') }, languageButtons)
          : null,
      )
    : null;

  /** The visitor's choice onto the tracks and the buttons. */
  function apply() {
    const tracks = [...video.textTracks];
    trackModes(tracks, choice).forEach((mode, i) => {
      if (tracks[i].mode !== mode) tracks[i].mode = mode;
    });
    toggle.setAttribute('aria-pressed', String(choice.on));
    showOn(choice.on);
    for (const button of languageButtons) {
      button.setAttribute('aria-pressed', String(choice.on && button.dataset.language === choice.language));
    }
  }

  function wire(signal) {
    listen(toggle, 'click', () => {
      choice.on = !choice.on;
      apply();
    }, signal);
    for (const button of languageButtons) {
      listen(button, 'click', () => {
        // Picking a language is asking for captions in it.
        choice.language = button.dataset.language;
        choice.on = true;
        apply();
      }, signal);
    }
  }

  /** The visitor's choice now: captions on or off, and in which language. */
  const current = () => ({ ...choice });

  return { el, apply, wire, current };
}
