import { test } from 'node:test';
import assert from 'node:assert/strict';
import { label, normalizePack, statusLabel } from './pack.js';

const RAW = {
  id: 'justice-for-sergei',
  film: {
    title: 'Justice for Sergei',
    year: 2010,
    country: 'The Netherlands',
    synopsis: 'One.\n\nTwo.',
    posterUrl: 'http://127.0.0.1:4000/t/media/poster',
    facts: [{ label: 'Directed by', value: 'Hans Hermans and Martin Maat' }],
  },
  trailer: { note: null, renditions: [{ url: 'http://127.0.0.1:4000/t/media/trailer-0', mime: 'video/mp4' }] },
  credits: [{ heading: 'The film', logos: [], entries: [{ role: 'A film by', names: ['Hans Hermans', 'Martin Maat'] }] }],
  legislation: [
    { id: 'global-magnitsky', title: 'Global Magnitsky Act', citation: '22 U.S.C. 10101', sourceUrl: 'https://x', status: 'full', note: null, language: 'en' },
  ],
};

test('a well-formed pack passes through unchanged in substance', () => {
  const p = normalizePack(RAW);
  assert.equal(p.film.title, 'Justice for Sergei');
  assert.equal(p.film.year, 2010);
  assert.equal(p.trailer.note, null);
  assert.deepEqual(p.trailer.renditions, RAW.trailer.renditions);
  assert.deepEqual(p.credits, RAW.credits);
  assert.deepEqual(p.legislation, RAW.legislation);
  assert.deepEqual(p.film.facts, RAW.film.facts);
});

test('missing optional parts become empty lists and nulls', () => {
  const p = normalizePack({ film: { title: 'T' } });
  assert.deepEqual(p.film.facts, []);
  assert.equal(p.film.posterUrl, null);
  assert.equal(p.film.year, null);
  assert.equal(p.film.country, null);
  assert.deepEqual(p.trailer.renditions, []);
  assert.deepEqual(p.credits, []);
  assert.deepEqual(p.legislation, []);
});

test('junk entries are dropped, unknown status is treated as an excerpt', () => {
  const p = normalizePack({
    film: { title: 'T', facts: [null, { label: '', value: '' }, { label: 'A', value: 3 }] },
    trailer: { renditions: [{ mime: 'video/mp4' }, 'x'] },
    credits: [{ heading: 'H', entries: [{ role: 'R', names: ['a', null, ' ', 'b'] }, {}] }],
    legislation: [{ id: 'a', title: 'A', status: 'draft' }, { id: '', title: 'no id' }],
  });
  assert.deepEqual(p.film.facts, [{ label: 'A', value: '3' }]);
  assert.deepEqual(p.trailer.renditions, []);
  assert.deepEqual(p.credits, [{ heading: 'H', logos: [], entries: [{ role: 'R', names: ['a', 'b'] }] }]);
  assert.equal(p.legislation.length, 1);
  assert.equal(p.legislation[0].status, 'excerpt');
});

test('a pack without a film title is rejected', () => {
  assert.throws(() => normalizePack(null));
  assert.throws(() => normalizePack({ film: {} }));
  assert.throws(() => normalizePack({ film: { title: '   ' } }));
});

test('statusLabel', () => {
  assert.equal(statusLabel('full'), 'Full text');
  assert.equal(statusLabel('excerpt'), 'Excerpt');
  assert.equal(statusLabel(undefined), 'Excerpt');
});

test('logos and label overrides survive normalisation; empty ones do not', () => {
  const pack = normalizePack({
    film: { title: 'T' },
    credits: [{ heading: 'Festival', entries: [], logos: [{ url: 'http://127.0.0.1:1/t/media/1-logo-0-0', alt: 'IDFA' }, { url: '', alt: 'x' }] }],
    labels: { touch_to_begin: 'Touch to watch', watch_trailer: '  ', credits: 7 },
  });
  assert.deepEqual(pack.credits[0].logos, [{ url: 'http://127.0.0.1:1/t/media/1-logo-0-0', alt: 'IDFA' }]);
  assert.equal(label(pack, 'touch_to_begin', 'Touch to begin'), 'Touch to watch');
  assert.equal(label(pack, 'watch_trailer', 'Watch the trailer'), 'Watch the trailer');
  assert.equal(label(pack, 'the_law', 'The law'), 'The law');
  assert.equal(label(pack, 'credits', 'Credits'), '7');
});
