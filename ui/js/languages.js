// Language names, and the note a document gets when it is shown in another language than the
// visitor's. Names come from Intl: a language is named in its own language ("Русский"), never
// with a flag (a flag names a country, not a language).
import { stringsLanguage, t } from './strings.js';

function displayName(tag, inLanguage) {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(tag) || tag;
  } catch {
    return tag;
  }
}

/** A language's name in that language, capitalised as a menu item: "English", "Русский". */
export function languageName(tag) {
  const name = displayName(tag, tag);
  return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
}

/**
 * The note shown with a legislation document written in another language than the visitor's,
 * or null when they match (or nothing is known). Worded, and the language named, in the
 * language the kiosk's strings are shown in, so the sentence never mixes two languages.
 */
export function originalLanguageNote(documentLanguage, visitorLanguage) {
  if (!documentLanguage || !visitorLanguage || documentLanguage === visitorLanguage) return null;
  const lang = stringsLanguage(visitorLanguage);
  return t(lang, 'original_language', { name: displayName(documentLanguage, lang) });
}
