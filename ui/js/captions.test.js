import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickCaptionLanguage } from './captions.js';

const captions = [{ language: 'en' }, { language: 'ru' }];

test("the visitor's language wins when the pack has captions in it", () => {
  assert.equal(pickCaptionLanguage(captions, 'ru'), 'ru');
});

test('otherwise the first caption language, and none without captions', () => {
  assert.equal(pickCaptionLanguage(captions, 'de'), 'en');
  assert.equal(pickCaptionLanguage([], 'en'), null);
});
