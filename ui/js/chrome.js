// Pieces shared by several screens: the top bar with its Back button, poster images that
// quietly disappear if they fail to load, and a looping video helper.
import { h } from './dom.js';
import { icon } from './icons.js';
import { playableRenditions } from './rendition.js';
import { audioFor } from './settings.js';
import { stringsLanguage, t } from './strings.js';

/**
 * The language the visitor reads now. app.js keeps it on <body lang>, so a screen that does not
 * pass its language still gets a Back button in the visitor's words.
 */
function pageLanguage() {
  return typeof document !== 'undefined' ? document.body?.lang || null : null;
}

/**
 * Top bar: a large Back button (data-testid="back") and an optional title.
 * @param {{ onBack: () => void, title?: string, backLabel?: string, trailing?: Node, language?: string }} opts
 */
export function topBar({ onBack, title, backLabel, trailing, language = pageLanguage() }) {
  if (!backLabel) backLabel = t(language, 'back');
  const back = h(
    'button',
    { type: 'button', class: 'back-button', testid: 'back', lang: stringsLanguage(language), on: { click: () => onBack() } },
    icon('back'),
    h('span', { class: 'back-label', text: backLabel }),
  );
  return {
    el: h('header', { class: 'top-bar' }, back, title ? h('p', { class: 'top-bar-title', text: title }) : null, trailing || null),
    back,
    setBackLabel(label) {
      back.querySelector('.back-label').textContent = label;
    },
  };
}

/**
 * An <img> for the poster that hides itself (and marks `holder`) if the file is missing.
 * @param {string | null} url
 * @param {object} props extra props for h('img')
 * @param {Element} [holder] gets the class "no-poster" when there is no usable image
 */
export function posterImage(url, props, holder) {
  const img = h('img', { alt: '', decoding: 'async', draggable: 'false', ...props });
  const fail = () => {
    img.hidden = true;
    holder?.classList.add('no-poster');
  };
  if (url) {
    img.addEventListener('error', fail, { once: true });
    img.src = url;
  } else {
    fail();
  }
  return img;
}

/**
 * Give a video its source: the first playable rendition, moving on to the next one if it
 * fails to load or decode.
 * @param {HTMLVideoElement} video
 * @param {Array<{url: string, mime: string}>} renditions in order of preference
 * @param {AbortSignal} signal
 * @param {() => void} onExhausted nothing (left) that plays
 * @param {(url: string, error: MediaError | null) => void} [onFailed] a rendition failed (the core
 *   counts it: one that keeps failing is no longer offered)
 * @returns {boolean} whether a source was set
 */
export function attachSource(video, renditions, signal, onExhausted, onFailed) {
  const queue = playableRenditions(renditions, (mime) => video.canPlayType(mime));
  let current = null;
  const next = () => {
    const r = queue.shift();
    if (!r) {
      onExhausted();
      return false;
    }
    current = r.url;
    video.src = r.url;
    return true;
  };
  video.addEventListener(
    'error',
    () => {
      if (current) onFailed?.(current, video.error);
      if (next()) video.play()?.catch?.(() => {});
    },
    { signal },
  );
  return next();
}

/**
 * Give a video the operator's sound settings, and mark it so app.js can apply new settings to
 * it while it is on screen.
 * @param {HTMLVideoElement} video
 * @param {'trailer' | 'attract'} kind
 * @param {object} settings normalised (settings.js)
 */
export function applyAudio(video, kind, settings) {
  const { muted, volume } = audioFor(kind, settings);
  video.dataset.audio = kind;
  video.volume = volume;
  video.defaultMuted = muted;
  video.muted = muted;
}
