import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FALLBACK_LANGUAGE, SHIPPED_LANGUAGES, STRINGS, placeholders, stringsLanguage, t } from './strings.js';

test('every shipped language has exactly the keys of every other, with the same placeholders', () => {
  const keys = new Set(SHIPPED_LANGUAGES.flatMap((l) => Object.keys(STRINGS[l])));
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
