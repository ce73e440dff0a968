// Which caption track a visitor gets when the operator has captions on by default, and which
// cues are on screen at a moment, for captions the page draws itself.

/**
 * The caption language to show: the visitor's when the pack has captions in it, else the pack's
 * first caption language; null when the pack has no captions.
 * @param {{ language: string }[]} captions
 * @param {string | undefined} language the visitor's language
 */
export function pickCaptionLanguage(captions, language) {
  if (captions.some((c) => c.language === language)) return language;
  return captions[0]?.language ?? null;
}

/**
 * The texts of the cues on screen at `time` (seconds), in file order: a cue shows from its start
 * up to, not including, its end, as a browser's track does.
 * @param {{ start: number, end: number, text: string }[]} cues
 * @param {number} time
 */
export function cuesAt(cues, time) {
  if (!Number.isFinite(time)) return [];
  return cues.filter((cue) => cue.start <= time && time < cue.end).map((cue) => cue.text);
}
