import { test } from 'node:test';
import assert from 'node:assert/strict';
import { languageName, originalLanguageNote } from './languages.js';

test('languages are named in their own language, capitalised', () => {
  assert.equal(languageName('en'), 'English');
  assert.equal(languageName('ru'), 'Русский');
});

test('a law in another language than the visitor reads gets a note in the visitor language', () => {
  assert.equal(originalLanguageNote('en', 'ru'), 'Текст на языке оригинала: английский');
  assert.equal(originalLanguageNote('ru', 'en'), 'Shown in its original language: Russian');
  assert.equal(originalLanguageNote('en', 'en'), null);
  assert.equal(originalLanguageNote(null, 'ru'), null);
  // A visitor language without its own phrase falls back to English wording.
  assert.equal(originalLanguageNote('en', 'nl'), 'Shown in its original language: English');
});
