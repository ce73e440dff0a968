// The film's title outlives a failed start: the calm slate shown without a pack still names the
// film the kiosk was showing last.
const TITLE_KEY = 'screening-kiosk.film-title';

export function rememberTitle(title) {
  try {
    localStorage.setItem(TITLE_KEY, title);
  } catch {
    /* storage unavailable */
  }
}

export function rememberedTitle() {
  try {
    return localStorage.getItem(TITLE_KEY) || '';
  } catch {
    return '';
  }
}
