// Visitor-facing interface strings, per language. Keys are stable identifiers; values may hold
// {name} placeholders filled from `params`. Every shipped language has every key (a unit test
// checks it); a language the kiosk does not ship falls back to its base language, then English.
// Staff-facing screens (PIN pad, operator panel) stay in English and do not come through here.

export const FALLBACK_LANGUAGE = 'en';

export const STRINGS = Object.freeze({
  en: Object.freeze({
    // --- rest slates (closed, fatal) ---
    closed: 'Closed',
    opens_at: 'Opens at {time}',
    // --- shared chrome, home, credits, about ---
    // --- attract, trailer, "still there?" ---
    // --- law reader ---
    // --- accessibility ---
  }),
  ru: Object.freeze({
    // --- rest slates (closed, fatal) ---
    closed: 'Закрыто',
    opens_at: 'Откроется в {time}',
    // --- shared chrome, home, credits, about ---
    // --- attract, trailer, "still there?" ---
    // --- law reader ---
    // --- accessibility ---
  }),
});

export const SHIPPED_LANGUAGES = Object.freeze(Object.keys(STRINGS));

/**
 * The table a language tag reads from: the exact tag, its base ("pt-BR" -> "pt"), or English.
 * @param {unknown} language
 */
function tableFor(language) {
  const tag = typeof language === 'string' ? language.trim() : '';
  if (Object.hasOwn(STRINGS, tag)) return STRINGS[tag];
  const base = tag.split('-')[0].toLowerCase();
  if (Object.hasOwn(STRINGS, base)) return STRINGS[base];
  return STRINGS[FALLBACK_LANGUAGE];
}

/**
 * The language whose table `t(language, ...)` reads, for the `lang` attribute of what it shows.
 * @param {unknown} language
 */
export function stringsLanguage(language) {
  const table = tableFor(language);
  return SHIPPED_LANGUAGES.find((l) => STRINGS[l] === table) || FALLBACK_LANGUAGE;
}

/**
 * A string in the visitor's language.
 * @param {unknown} language a BCP 47 tag (the pack's current language), or nothing
 * @param {string} key
 * @param {Record<string, string | number>} [params] values for {placeholders}
 * @returns {string} the key itself when no table has it (visible in testing, never blank)
 */
export function t(language, key, params) {
  const table = tableFor(language);
  const text = Object.hasOwn(table, key) ? table[key] : Object.hasOwn(STRINGS[FALLBACK_LANGUAGE], key) ? STRINGS[FALLBACK_LANGUAGE][key] : key;
  return text.replace(/\{([a-zA-Z0-9_]+)\}/g, (_, name) =>
    params && Object.hasOwn(params, name) && params[name] !== null && params[name] !== undefined ? String(params[name]) : '',
  );
}

/** The {placeholders} a string uses, sorted (for the consistency test). */
export function placeholders(text) {
  return [...String(text).matchAll(/\{([a-zA-Z0-9_]+)\}/g)].map((m) => m[1]).sort();
}
