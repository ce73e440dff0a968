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
    fatal_message: 'This kiosk is being prepared. Please ask a member of staff.',
    // --- shared chrome, home, credits, about ---
    back: 'Back',
    menu: 'Menu',
    language: 'Language',
    poster_alt: 'Poster of {title}',
    watch_trailer: 'Watch the trailer',
    watch_trailer_hint: 'With sound',
    watch_again: 'Watch again',
    credits: 'Credits',
    credits_hint: 'The people behind the film',
    the_law: 'The law',
    law_hint: 'Read the legislation',
    law_hint_documents_one: '{count} document to read',
    law_hint_documents_other: '{count} documents to read',
    about_the_film: 'About the film',
    about_hint: 'Synopsis, key facts and timeline',
    credits_views: 'Show the credits',
    credits_roll: 'Roll',
    credits_list: 'List',
    credits_again: 'Start again',
    credits_empty: 'Credits will be added soon.',
    key_facts: 'Key facts',
    timeline: 'Timeline of the case',
    timeline_previous: 'Previous event',
    timeline_next: 'Next event',
    timeline_source: 'Source: {source}',
    timeline_position: 'Event {current} of {total}',
    original_language: 'Shown in its original language: {name}',
    // --- attract, trailer, "still there?" ---
    touch_to_begin: 'Touch to begin',
    trailer_play: 'Play',
    trailer_pause: 'Pause',
    trailer_replay: 'Replay',
    trailer_captions: 'Captions',
    trailer_caption_language: 'Caption language',
    trailer_position: 'Position in the trailer',
    trailer_position_value: '{elapsed} played, {remaining} left',
    trailer_unavailable: 'The trailer is not available right now.',
    trailer_unavailable_hint: 'Please explore the rest of the programme.',
    still_there_title: 'Are you still there?',
    still_there_body: 'Touch the screen to carry on.',
    still_there_countdown: 'Back to the start in {seconds} s',
    still_there_stay: "I'm still here",
    now_playing_title: 'Now playing on the big screen',
    now_playing_hint: 'The trailer plays with sound on the screen beside you.',
    now_playing_stop: 'Stop the trailer',
    now_playing_menu: 'Back to the menu',
    // --- law reader ---
    law_list_title: 'Read the legislation',
    law_list_intro: 'Texts of the law connected to the film. Documents marked \u201cExcerpt\u201d show selected parts only.',
    law_list_empty: 'The texts of the law will be added to this kiosk soon.',
    law_status_full: 'Full text',
    law_status_excerpt: 'Excerpt',
    law_excerpt_notice: 'Excerpt \u2014 this is not the full text of the law. Selected parts are shown.',
    law_source: 'Official source',
    law_loading: 'Opening the document\u2026',
    law_empty: 'The text of this document will be added soon.',
    law_unavailable: 'This document cannot be shown on this kiosk at the moment.',
    law_contents: 'Contents',
    law_contents_close: 'Close contents',
    law_to_top: 'Top',
    law_to_top_label: 'Back to the top',
    law_progress: 'Reading progress',
    law_progress_value: '{percent}% read',
    law_search: 'Search the text',
    law_search_count: '{current} of {total}',
    law_search_none: 'No matches',
    law_search_previous: 'Previous match',
    law_search_next: 'Next match',
    law_search_clear: 'Clear the search',
    law_text_size: 'Text size',
    law_text_smaller: 'Smaller text',
    law_text_larger: 'Larger text',
    law_qr_caption: 'Read the full law on your phone',
    law_qr_hint: 'Point your phone\u2019s camera at the code.',
    law_qr_alt: 'QR code with the address of the official source',
    // --- accessibility ---
    display_options: 'Display options',
    high_contrast: 'High contrast',
    larger_text: 'Larger text',
  }),
  ru: Object.freeze({
    // --- rest slates (closed, fatal) ---
    closed: 'Закрыто',
    opens_at: 'Откроется в {time}',
    fatal_message: 'Киоск готовится к работе. Пожалуйста, обратитесь к сотруднику.',
    // --- shared chrome, home, credits, about ---
    back: 'Назад',
    menu: 'Меню',
    language: 'Язык',
    poster_alt: 'Постер фильма «{title}»',
    watch_trailer: 'Смотреть трейлер',
    watch_trailer_hint: 'Со звуком',
    watch_again: 'Посмотреть ещё раз',
    credits: 'Титры',
    credits_hint: 'Кто создал фильм',
    the_law: 'Законы',
    law_hint: 'Прочитать текст закона',
    law_hint_documents_one: '{count} документ',
    law_hint_documents_few: '{count} документа',
    law_hint_documents_many: '{count} документов',
    law_hint_documents_other: '{count} документа',
    about_the_film: 'О фильме',
    about_hint: 'Содержание, факты и хронология',
    credits_views: 'Вид титров',
    credits_roll: 'Бегущие титры',
    credits_list: 'Список',
    credits_again: 'Сначала',
    credits_empty: 'Титры скоро появятся.',
    key_facts: 'Основные факты',
    timeline: 'Хронология дела',
    timeline_previous: 'Предыдущее событие',
    timeline_next: 'Следующее событие',
    timeline_source: 'Источник: {source}',
    timeline_position: 'Событие {current} из {total}',
    original_language: 'Текст на языке оригинала: {name}',
    // --- attract, trailer, "still there?" ---
    touch_to_begin: 'Коснитесь, чтобы начать',
    trailer_play: 'Смотреть',
    trailer_pause: 'Пауза',
    trailer_replay: 'Сначала',
    trailer_captions: 'Субтитры',
    trailer_caption_language: 'Язык субтитров',
    trailer_position: 'Позиция в трейлере',
    trailer_position_value: 'прошло {elapsed}, осталось {remaining}',
    trailer_unavailable: 'Трейлер сейчас недоступен.',
    trailer_unavailable_hint: 'Посмотрите другие разделы программы.',
    still_there_title: 'Вы ещё здесь?',
    still_there_body: 'Коснитесь экрана, чтобы продолжить.',
    still_there_countdown: 'Возврат к началу через {seconds} с',
    still_there_stay: 'Я ещё здесь',
    now_playing_title: 'Сейчас на большом экране',
    now_playing_hint: 'Трейлер идёт со звуком на экране рядом с вами.',
    now_playing_stop: 'Остановить трейлер',
    now_playing_menu: 'Вернуться в меню',
    // --- law reader ---
    law_list_title: 'Тексты законов',
    law_list_intro: 'Законы, связанные с фильмом. Документы с пометкой \u00abФрагмент\u00bb приведены не полностью.',
    law_list_empty: 'Тексты законов скоро появятся в этом киоске.',
    law_status_full: 'Полный текст',
    law_status_excerpt: 'Фрагмент',
    law_excerpt_notice: 'Фрагмент \u2014 это не полный текст закона, а только избранные части.',
    law_source: 'Официальный источник',
    law_loading: 'Открываем документ\u2026',
    law_empty: 'Текст этого документа скоро появится.',
    law_unavailable: 'Сейчас этот документ нельзя показать.',
    law_contents: 'Содержание',
    law_contents_close: 'Закрыть содержание',
    law_to_top: 'Наверх',
    law_to_top_label: 'К началу документа',
    law_progress: 'Прочитано',
    law_progress_value: 'Прочитано {percent}%',
    law_search: 'Поиск по тексту',
    law_search_count: '{current} из {total}',
    law_search_none: 'Ничего не найдено',
    law_search_previous: 'Предыдущее совпадение',
    law_search_next: 'Следующее совпадение',
    law_search_clear: 'Очистить поиск',
    law_text_size: 'Размер текста',
    law_text_smaller: 'Уменьшить текст',
    law_text_larger: 'Увеличить текст',
    law_qr_caption: 'Полный текст закона \u2014 на вашем телефоне',
    law_qr_hint: 'Наведите камеру телефона на код.',
    law_qr_alt: 'QR-код с адресом официального источника',
    // --- accessibility ---
    display_options: 'Настройки экрана',
    high_contrast: 'Высокий контраст',
    larger_text: 'Крупный шрифт',
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

export const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** `key` without a plural suffix ("documents_few" -> "documents"), or null when it has none. */
export function pluralBase(key) {
  const m = new RegExp(`^(.+)_(${PLURAL_FORMS.join('|')})$`).exec(key);
  return m ? m[1] : null;
}

/**
 * A string that depends on a count, in the grammar of the visitor's language: the table holds
 * `key_one`, `key_few`, ... as Intl.PluralRules names them ("3 документа", "5 документов"),
 * and `key_other` always. `{count}` is filled in.
 * @param {unknown} language
 * @param {string} key the base key, without a plural suffix
 * @param {number} count
 * @param {Record<string, string | number>} [params]
 */
export function plural(language, key, count, params) {
  const lang = stringsLanguage(language);
  let form = 'other';
  try {
    form = new Intl.PluralRules(lang).select(count);
  } catch {
    /* no plural rules: "other" reads acceptably */
  }
  const table = STRINGS[lang];
  const chosen = Object.hasOwn(table, `${key}_${form}`) ? `${key}_${form}` : `${key}_other`;
  return t(lang, chosen, { count, ...params });
}

/** The {placeholders} a string uses, sorted (for the consistency test). */
export function placeholders(text) {
  return [...String(text).matchAll(/\{([a-zA-Z0-9_]+)\}/g)].map((m) => m[1]).sort();
}
