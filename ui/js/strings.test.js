import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FALLBACK_LANGUAGE, SHIPPED_LANGUAGES, STRINGS, placeholders, plural, pluralBase, stringsLanguage, t } from './strings.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** A plural form ("x_few") of a base every language must cover ("x_other" exists in English). */
const pluralOf = (key) => {
  const base = pluralBase(key);
  return base && Object.hasOwn(STRINGS[FALLBACK_LANGUAGE], `${base}_other`) ? base : null;
};

test('every shipped language has exactly the keys of every other, with the same placeholders', () => {
  const keys = new Set(SHIPPED_LANGUAGES.flatMap((l) => Object.keys(STRINGS[l])).filter((k) => !pluralOf(k)));
  for (const lang of SHIPPED_LANGUAGES) {
    for (const key of keys) {
      assert.ok(Object.hasOwn(STRINGS[lang], key), `"${key}" is missing in ${lang}`);
      const text = STRINGS[lang][key];
      assert.equal(typeof text, 'string', `${lang}.${key}`);
      assert.notEqual(text.trim(), '', `${lang}.${key} is empty`);
      assert.deepEqual(placeholders(text), placeholders(STRINGS[FALLBACK_LANGUAGE][key]), `${lang}.${key} placeholders`);
    }
  }
});

test('every plural string has every form its language needs, and only real forms', () => {
  const bases = new Set(SHIPPED_LANGUAGES.flatMap((l) => Object.keys(STRINGS[l])).map(pluralOf).filter(Boolean));
  assert.ok(bases.size > 0, 'the check has something to check');
  for (const lang of SHIPPED_LANGUAGES) {
    const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const base of bases) {
      for (const form of needed) {
        const key = `${base}_${form}`;
        assert.ok(Object.hasOwn(STRINGS[lang], key), `"${key}" is missing in ${lang}`);
        assert.deepEqual(placeholders(STRINGS[lang][key]), placeholders(STRINGS[FALLBACK_LANGUAGE][`${base}_other`]), `${lang}.${key}`);
      }
    }
    for (const key of Object.keys(STRINGS[lang])) {
      const base = pluralOf(key);
      if (base) assert.ok(needed.includes(key.slice(base.length + 1)), `${lang}.${key}: ${lang} has no such plural form`);
    }
  }
});

test('no key is written twice in a table (the later one would silently win)', () => {
  const source = readFileSync(join(HERE, 'strings.js'), 'utf8');
  const tables = [...source.matchAll(/^ {2}([a-z-]+): Object\.freeze\(\{\n([\s\S]*?)^ {2}\}\),$/gm)];
  assert.deepEqual(tables.map((m) => m[1]).sort(), [...SHIPPED_LANGUAGES].sort(), 'every table is found in the source');
  for (const [, lang, body] of tables) {
    const seen = new Set();
    for (const [, key] of body.matchAll(/^ {4}([a-zA-Z0-9_]+):/gm)) {
      assert.ok(!seen.has(key), `${lang}.${key} appears twice`);
      seen.add(key);
    }
  }
});

test('English and Russian ship', () => {
  assert.ok(SHIPPED_LANGUAGES.includes('en'));
  assert.ok(SHIPPED_LANGUAGES.includes('ru'));
});

test('t fills placeholders', () => {
  assert.equal(t('en', 'opens_at', { time: '10:00' }), 'Opens at 10:00');
  assert.equal(t('ru', 'opens_at', { time: '10:00' }), 'Откроется в 10:00');
  assert.equal(t('en', 'opens_at', {}), 'Opens at ', 'a missing value leaves no brace on screen');
});

test('t falls back: region -> base language -> English; unknown keys show the key', () => {
  assert.equal(t('ru-RU', 'closed'), 'Закрыто');
  assert.equal(t('de', 'closed'), 'Closed');
  assert.equal(t(null, 'closed'), 'Closed');
  assert.equal(t('en', 'no_such_key'), 'no_such_key');
  assert.equal(stringsLanguage('ru-RU'), 'ru');
  assert.equal(stringsLanguage('de'), 'en');
});

test('plural picks the grammatical form of the language', () => {
  assert.equal(plural('en', 'law_hint_documents', 1), '1 document to read');
  assert.equal(plural('en', 'law_hint_documents', 3), '3 documents to read');
  assert.equal(plural('ru', 'law_hint_documents', 1), '1 документ');
  assert.equal(plural('ru', 'law_hint_documents', 3), '3 документа');
  assert.equal(plural('ru', 'law_hint_documents', 5), '5 документов');
  assert.equal(plural('ru', 'law_hint_documents', 21), '21 документ');
  assert.equal(plural('de', 'law_hint_documents', 2), '2 documents to read');
});

// ---------- No English literal on a visitor screen bypasses t() ----------

// Staff screens stay in English on purpose (see strings.js).
const STAFF_SCREENS = new Set(['pin.js', 'operator.js', 'operator-setup.js']);
// Literals that are not words in any language. Each entry: "file: literal".
const ALLOWED = new Set([]);

/** The expression after `from` up to the next top-level `,` or closing bracket. */
function expressionAt(src, from) {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '\'' || c === '"' || c === '`') {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) return src.slice(from, i);
      depth--;
    } else if ((c === ',' || c === ';' || c === '\n') && depth === 0) return src.slice(from, i);
  }
  return src.slice(from);
}

/**
 * English-looking string literals given to a visitor as text, an accessible name or alt text
 * without going through t() / plural() / label(). Keys passed to those functions are fine.
 * @param {string} src JavaScript source
 * @returns {string[]}
 */
function untranslatedLiterals(src) {
  const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const sinks = /(?:\b(?:text|alt|title|placeholder|label|hint)|['"]aria-(?:label|description)['"])\s*:|\.(?:textContent|innerText|alt|title)\s*=(?!=)|setAttribute\(\s*['"](?:aria-label|alt|title)['"]\s*,/g;
  const found = [];
  for (const m of code.matchAll(sinks)) {
    const expr = expressionAt(code, m.index + m[0].length).replace(/\b(?:t|plural|label)\(\s*[^,()]+,\s*(['"])[a-z0-9_]+\1/g, '');
    for (const [, , body] of expr.matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g)) {
      const words = body.replace(/\$\{[^}]*\}/g, ' ').replace(/\\u[0-9a-fA-F]{4}|\\u\{[0-9a-fA-F]+\}|\\./g, ' ');
      if (/[A-Za-z]{2,}/.test(words)) found.push(body);
    }
  }
  return found;
}

test('the literal check sees text that bypasses t(), and lets translated text through', () => {
  assert.deepEqual(untranslatedLiterals("h('p', { class: 'x', text: 'Hello there' })"), ['Hello there']);
  assert.deepEqual(untranslatedLiterals("h('img', { alt: `Poster: ${film.title}` })"), ['Poster: ${film.title}']);
  assert.deepEqual(untranslatedLiterals("b.setAttribute('aria-label', playing ? 'Pause' : 'Play')"), ['Pause', 'Play']);
  assert.deepEqual(untranslatedLiterals("label.textContent = 'Play';"), ['Play']);
  assert.deepEqual(untranslatedLiterals("h('nav', { 'aria-label': 'Menu', class: 'home-tiles' })"), ['Menu']);
  assert.deepEqual(untranslatedLiterals("h('p', { class: 'tile-label', text: t(lang, 'watch_trailer'), testid: 'x' })"), []);
  assert.deepEqual(untranslatedLiterals("h('p', { text: label(pack, 'credits', t(lang, 'credits')) })"), []);
  assert.deepEqual(untranslatedLiterals("h('p', { text: plural(lang, 'law_hint_documents', n) })"), []);
  assert.deepEqual(untranslatedLiterals("h('p', { text: '\\u2766', 'aria-label': t(lang, 'menu') }) // text: 'Not code'"), []);
  assert.deepEqual(untranslatedLiterals("h('span', { text: '00:00' })"), []);
});

test('visitor screens and chrome give no untranslated English to the visitor', () => {
  const dir = join(HERE, 'screens');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.js') && !f.endsWith('.test.js') && !STAFF_SCREENS.has(f))
    .map((f) => [f, join(dir, f)]);
  files.push(['chrome.js', join(HERE, 'chrome.js')]);
  assert.ok(files.length >= 8, 'the screens are found');
  const problems = [];
  for (const [name, path] of files) {
    for (const literal of untranslatedLiterals(readFileSync(path, 'utf8'))) {
      if (!ALLOWED.has(`${name}: ${literal}`)) problems.push(`${name}: '${literal}'`);
    }
  }
  assert.deepEqual(problems, [], 'put these in strings.js and show them with t(language, key)');
});
