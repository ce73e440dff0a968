import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findMatches, foldQuery, foldText, segmentsOf, splitText, stepMatch, MIN_QUERY_LENGTH } from './law-search.js';
import { prepareLaw } from './law-outline.js';

const BLOCKS = prepareLaw([
  { kind: 'heading', level: 1, id: 'a', text: '§ 10102. Authorization of imposition of sanctions' },
  { kind: 'paragraph', text: 'The President may impose the sanctions described in subsection (b).' },
  { kind: 'list', ordered: false, items: ['Blocking of property', 'SANCTIONS relief', 'nothing here'] },
  { kind: 'preformatted', text: 'Sec. 404. Sanctions.' },
]).blocks;

const texts = (segments, matches) => matches.map((m) => segments[m.segment].text.slice(m.start, m.end));

test('segments follow reading order: headings, paragraphs, each list item, preformatted text', () => {
  const segments = segmentsOf(BLOCKS);
  assert.deepEqual(
    segments.map((s) => [s.block, s.item]),
    [[0, null], [1, null], [2, 0], [2, 1], [2, 2], [3, null]],
  );
  assert.equal(segments[3].text, 'SANCTIONS relief');
});

test('matches are counted on the data, case-insensitively, in reading order', () => {
  const segments = segmentsOf(BLOCKS);
  const matches = findMatches(segments, 'sanctions');
  assert.equal(matches.length, 4);
  assert.deepEqual(matches.map((m) => m.segment), [0, 1, 3, 5]);
  assert.deepEqual(texts(segments, matches), ['sanctions', 'sanctions', 'SANCTIONS', 'Sanctions']);
});

test('accents and typography do not get in the way', () => {
  const segments = [{ text: 'Régimen de sanción — “foreign person” isn’t' }];
  assert.deepEqual(texts(segments, findMatches(segments, 'regimen')), ['Régimen']);
  assert.deepEqual(texts(segments, findMatches(segments, 'SANCIÓN')), ['sanción']);
  assert.deepEqual(texts(segments, findMatches(segments, '"foreign person"')), ['“foreign person”']);
  assert.deepEqual(texts(segments, findMatches(segments, "isn't")), ['isn’t']);
  assert.deepEqual(texts(segments, findMatches(segments, 'de sancion - "foreign')), ['de sanción — “foreign']);
});

test('decomposed accents stay inside the highlighted range', () => {
  const segments = [{ text: 'cafe\u0301 au lait' }];
  const [m] = findMatches(segments, 'café');
  assert.deepEqual([m.start, m.end], [0, 5]);
});

test('Cyrillic works: case, ё as е, and й kept apart from и', () => {
  const segments = [{ text: 'Закон Магнитского. Её ЗАКОН о санкциях; мой и мои' }];
  assert.deepEqual(texts(segments, findMatches(segments, 'закон')), ['Закон', 'ЗАКОН']);
  assert.deepEqual(texts(segments, findMatches(segments, 'ее')), ['Её']);
  assert.deepEqual(texts(segments, findMatches(segments, 'мой')), ['мой']);
  assert.deepEqual(texts(segments, findMatches(segments, 'мои')), ['мои']);
});

test('the query is trimmed, inner spaces collapse, and short queries find nothing', () => {
  const segments = segmentsOf(BLOCKS);
  assert.equal(findMatches(segments, '  may   impose ').length, 1);
  assert.equal(MIN_QUERY_LENGTH, 2);
  assert.deepEqual(findMatches(segments, 'a'), []);
  assert.deepEqual(findMatches(segments, '   '), []);
  assert.deepEqual(findMatches(segments, undefined), []);
  assert.equal(foldQuery('  ÉTÉ  été '), 'ete ete');
});

test('matches do not overlap', () => {
  const segments = [{ text: 'aaaa' }];
  assert.deepEqual(findMatches(segments, 'aa').map((m) => [m.start, m.end]), [[0, 2], [2, 4]]);
});

test('foldText maps folded characters back to the original text', () => {
  const { folded, start, end } = foldText('İs ß');
  assert.equal(folded, 'is ß');
  assert.deepEqual(start, [0, 1, 2, 3]);
  assert.deepEqual(end, [1, 2, 3, 4]);
  const astral = foldText('a😀B');
  assert.equal(astral.folded, 'a😀b');
  assert.deepEqual(astral.start, [0, 1, 1, 3]);
});

test('splitText cuts a text into plain and marked pieces that join back to it', () => {
  const text = 'The sanctions described; sanctions.';
  const pieces = splitText(text, [
    { start: 4, end: 13, index: 7 },
    { start: 25, end: 34, index: 8 },
  ]);
  assert.deepEqual(pieces, [
    { text: 'The ', match: null },
    { text: 'sanctions', match: 7 },
    { text: ' described; ', match: null },
    { text: 'sanctions', match: 8 },
    { text: '.', match: null },
  ]);
  assert.equal(pieces.map((p) => p.text).join(''), text);
  assert.deepEqual(splitText('abc', []), [{ text: 'abc', match: null }]);
  assert.deepEqual(splitText('abc', [{ start: 0, end: 3, index: 0 }]), [{ text: 'abc', match: 0 }]);
  // Bad ranges are skipped rather than corrupting the text.
  assert.equal(splitText('abc', [{ start: 2, end: 9, index: 0 }]).map((p) => p.text).join(''), 'abc');
});

test('stepMatch wraps around both ends', () => {
  assert.equal(stepMatch(-1, 12, 1), 0);
  assert.equal(stepMatch(-1, 12, -1), 11);
  assert.equal(stepMatch(11, 12, 1), 0);
  assert.equal(stepMatch(0, 12, -1), 11);
  assert.equal(stepMatch(2, 12, 1), 3);
  assert.equal(stepMatch(0, 0, 1), -1);
});
