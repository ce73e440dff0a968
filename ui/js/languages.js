// Language names and the few language-related phrases the kiosk shows before full string
// tables exist. Names come from Intl (a language named in its own language: "Русский", not a flag).

const ORIGINAL_LANGUAGE = {
  en: 'Shown in its original language: {name}',
  ru: 'Текст на языке оригинала: {name}',
};

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
 * or null when they match (or nothing is known).
 */
export function originalLanguageNote(documentLanguage, visitorLanguage) {
  if (!documentLanguage || !visitorLanguage || documentLanguage === visitorLanguage) return null;
  const base = visitorLanguage.split('-')[0];
  const template = ORIGINAL_LANGUAGE[visitorLanguage] || ORIGINAL_LANGUAGE[base] || ORIGINAL_LANGUAGE.en;
  const inLanguage = ORIGINAL_LANGUAGE[visitorLanguage] || ORIGINAL_LANGUAGE[base] ? visitorLanguage : 'en';
  return template.replace('{name}', displayName(documentLanguage, inLanguage));
}
