import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareLaw, buildOutline, slugify } from './law-outline.js';

const BLOCKS = [
  { kind: 'heading', level: 1, id: 'sec-10101-definitions', text: '§ 10101. Definitions' },
  { kind: 'paragraph', text: 'In this subchapter:' },
  { kind: 'heading', level: 2, id: 'sec-10101-1', text: '(1) Foreign person' },
  { kind: 'list', ordered: false, items: ['one', 'two'] },
  { kind: 'heading', level: 3, id: 'deep', text: '(A) In general' },
  { kind: 'preformatted', text: '  kept   as is  \n' },
  { kind: 'heading', level: 1, id: 'sec-10102-authorization', text: '§ 10102. Authorization' },
];

test('outline lists the top two heading levels in order with ids and depths', () => {
  assert.deepEqual(buildOutline(BLOCKS), [
    { id: 'sec-10101-definitions', text: '§ 10101. Definitions', depth: 1 },
    { id: 'sec-10101-1', text: '(1) Foreign person', depth: 2 },
    { id: 'sec-10102-authorization', text: '§ 10102. Authorization', depth: 1 },
  ]);
});

test('heading tags are h2 for the top level, then h3, then h4', () => {
  const { blocks } = prepareLaw(BLOCKS);
  const tags = blocks.filter((b) => b.kind === 'heading').map((b) => b.tag);
  assert.deepEqual(tags, ['h2', 'h3', 'h4', 'h2']);
});

test('levels are relative to the highest level used in the document', () => {
  const outline = buildOutline([
    { kind: 'heading', level: 2, id: 'a', text: 'A' },
    { kind: 'heading', level: 3, id: 'b', text: 'B' },
    { kind: 'heading', level: 2, id: 'c', text: 'C' },
  ]);
  assert.deepEqual(
    outline.map((o) => o.depth),
    [1, 2, 1],
  );
});

test('duplicate or unsafe ids are replaced by unique safe ones', () => {
  const { outline } = prepareLaw([
    { kind: 'heading', level: 1, id: 'sec-a', text: 'A' },
    { kind: 'heading', level: 1, id: 'sec-a', text: 'A again' },
    { kind: 'heading', level: 1, id: '"><img src=x>', text: 'Section 3 — Sanctions' },
    { kind: 'heading', level: 1, text: 'Section 3 — Sanctions' },
    { kind: 'heading', level: 1, text: '§§§' },
  ]);
  const ids = outline.map((o) => o.id);
  assert.deepEqual(ids, ['sec-a', 'sec-a-2', 'sec-section-3-sanctions', 'sec-section-3-sanctions-2', 'sec-5']);
  for (const id of ids) assert.match(id, /^[A-Za-z][A-Za-z0-9_-]*$/);
});

test('paragraphs, lists and preformatted blocks pass through; empty ones are dropped', () => {
  const { blocks } = prepareLaw([
    { kind: 'paragraph', text: '  Text.  ' },
    { kind: 'paragraph', text: '   ' },
    { kind: 'list', ordered: true, items: ['a', '', 'b'] },
    { kind: 'list', items: [] },
    { kind: 'preformatted', text: '  a\n    b  \n\n' },
    { kind: 'heading', level: 1, text: '' },
  ]);
  assert.deepEqual(blocks, [
    { kind: 'paragraph', text: 'Text.' },
    { kind: 'list', ordered: true, items: ['a', 'b'] },
    { kind: 'preformatted', text: '  a\n    b' },
  ]);
});

test('unknown block kinds are shown as paragraphs when they carry text', () => {
  const { blocks } = prepareLaw([{ kind: 'table', text: 'Some table text' }, { kind: 'rule' }]);
  assert.deepEqual(blocks, [{ kind: 'paragraph', text: 'Some table text' }]);
});

test('bad input gives an empty document', () => {
  assert.deepEqual(prepareLaw(undefined), { blocks: [], outline: [] });
  assert.deepEqual(prepareLaw([null, 3, 'x']), { blocks: [], outline: [] });
});

test('slugify', () => {
  assert.equal(slugify('§ 10101. Definitions'), '10101-definitions');
  assert.equal(slugify('Ünïcödé  Title!'), 'unicode-title');
  assert.equal(slugify(null), '');
});

test('a single opening top-level heading acts as a title: the contents list the levels below', () => {
  const blocks = [
    { kind: 'heading', level: 1, id: 'chapter', text: 'Chapter 108—Global Magnitsky' },
    { kind: 'paragraph', text: 'United States Code' },
    { kind: 'heading', level: 2, id: 's1', text: '§ 10101. Definitions' },
    { kind: 'heading', level: 3, id: 's1a', text: '(a) In general' },
    { kind: 'heading', level: 4, id: 's1a1', text: '(1) Too deep' },
    { kind: 'heading', level: 2, id: 's2', text: '§ 10102. Sanctions' },
  ];
  assert.deepEqual(buildOutline(blocks), [
    { id: 's1', text: '§ 10101. Definitions', depth: 1 },
    { id: 's1a', text: '(a) In general', depth: 2 },
    { id: 's2', text: '§ 10102. Sanctions', depth: 1 },
  ]);
  // rendering keeps the document's own hierarchy
  const tags = prepareLaw(blocks).blocks.filter((b) => b.kind === 'heading').map((b) => b.tag);
  assert.deepEqual(tags, ['h2', 'h3', 'h4', 'h4', 'h3']);
});

test('a document with only one heading keeps it in the contents', () => {
  assert.deepEqual(buildOutline([{ kind: 'heading', level: 1, id: 'only', text: 'Only' }]), [{ id: 'only', text: 'Only', depth: 1 }]);
});
