// Choosing which trailer file to play.
// The manifest lists renditions in order of preference; we play the first one the
// engine says it can play ("probably" or "maybe"), exactly like <source> selection.

/**
 * @param {Array<{url: string, mime: string}>} renditions in order of preference
 * @param {(mime: string) => string} canPlayType usually `video.canPlayType.bind(video)`
 * @returns {{url: string, mime: string} | null} the first playable rendition, or null
 */
export function pickRendition(renditions, canPlayType) {
  return playableRenditions(renditions, canPlayType)[0] ?? null;
}

/**
 * Every rendition the engine says it can play, in manifest order. The first is the one to
 * play; the others are fallbacks if it fails to load or decode.
 * @param {Array<{url: string, mime: string}>} renditions
 * @param {(mime: string) => string} canPlayType
 * @returns {Array<{url: string, mime: string}>}
 */
export function playableRenditions(renditions, canPlayType) {
  if (!Array.isArray(renditions) || typeof canPlayType !== 'function') return [];
  const out = [];
  for (const r of renditions) {
    if (!r || typeof r.url !== 'string' || r.url === '') continue;
    const mime = typeof r.mime === 'string' ? r.mime : '';
    let answer = '';
    try {
      answer = mime ? canPlayType(mime) : '';
    } catch {
      answer = '';
    }
    if (typeof answer === 'string' && answer !== '' && answer !== 'no') out.push(r);
  }
  return out;
}
