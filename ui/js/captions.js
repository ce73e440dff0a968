// Which caption track a visitor gets when the operator has captions on by default.

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
