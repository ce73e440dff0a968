import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isNewerPack, label, normalizePack, statusLabel } from './pack.js';

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
  assert.deepEqual(p.timeline, []);
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

test('the timeline keeps the pack\'s order and drops events with nothing to say', () => {
  const pack = normalizePack({
    film: { title: 'T' },
    timeline: [
      { date: '2009-11-16', text: ' Died in custody. ', source: 'https://en.wikipedia.org/wiki/Sergei_Magnitsky' },
      { date: '2007-10', text: 'Alleged the theft.', source: 'http://example.org/a' },
      { date: '2008', text: '', source: 'https://x' },
      null,
      'junk',
      { date: 2007, text: 'End of 2007.' },
    ],
  });
  assert.deepEqual(pack.timeline, [
    { date: '2009-11-16', text: 'Died in custody.', source: 'https://en.wikipedia.org/wiki/Sergei_Magnitsky' },
    { date: '2007-10', text: 'Alleged the theft.', source: 'http://example.org/a' },
    { date: '2007', text: 'End of 2007.', source: '' },
  ]);
  assert.deepEqual(normalizePack({ film: { title: 'T' }, timeline: 'not a list' }).timeline, []);
});

test('a pack label wins over the kiosk\'s string, which is the fallback', () => {
  const pack = normalizePack({ film: { title: 'T' }, labels: { credits: 'End titles' } });
  assert.equal(label(pack, 'credits', 'Credits'), 'End titles');
  assert.equal(label(pack, 'about_the_film', 'О фильме'), 'О фильме');
  assert.equal(label(null, 'credits', 'Титры'), 'Титры');
});

// The core's get_pack answer with every optional field set (tests/fixtures/pack-view.json; a Rust
// test keeps it equal to the real serialization). A field the core sends and normalizePack does
// not keep would silently never reach a screen.
const FIXTURE = JSON.parse(readFileSync(new URL('../../tests/fixtures/pack-view.json', import.meta.url), 'utf8'));

/** Every leaf of `value` as [path, leaf], arrays walked by index ("credits[0].logos[0].url"). */
function leaves(value, path = '') {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    // An empty object or list is a leaf too: it must still be there, empty.
    if (!entries.length) return [[path, value]];
    return entries.flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

function at(value, path) {
  const keys = path.match(/[^.[\]]+/g) || [];
  let v = value;
  for (const k of keys) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return { found: false };
    v = v[k];
  }
  return { found: true, value: v };
}

test('every field of the core\'s get_pack answer survives normalizePack unchanged', () => {
  const pack = normalizePack(FIXTURE);
  const paths = leaves(FIXTURE);
  assert.ok(paths.length > 100, 'the fixture has its content');
  for (const [path, expected] of paths) {
    const got = at(pack, path);
    assert.ok(got.found, `normalizePack drops ${path}: name it in ui/js/pack.js`);
    assert.deepEqual(got.value, expected, `normalizePack changes ${path}`);
  }
});

test('the fixture sets every optional part, so the walk above reaches it', () => {
  assert.notEqual(FIXTURE.trailer.note, null);
  assert.ok(FIXTURE.trailer.captions.every((c) => c.label));
  assert.ok(FIXTURE.trailer.audioDescription.length);
  assert.ok(FIXTURE.credits.some((g) => g.logos.length));
  assert.ok(FIXTURE.legislation.every((d) => d.note));
  assert.ok(FIXTURE.timeline.length);
  assert.ok(Object.keys(FIXTURE.labels).length);
});

test('an announcement of the pack already on show is not a new pack', () => {
  // The first pack is announced after the page may already have loaded it (it is checked once
  // the window is open): swapping to it again restarted the attract loop.
  assert.equal(isNewerPack({ generation: 1 }, 1), false);
  assert.equal(isNewerPack({ generation: 1 }, 2), true);
  assert.equal(isNewerPack(null, 1), true, 'no pack yet: any pack is news');
  assert.equal(isNewerPack({ generation: 3 }, undefined), true, 'no payload: look anyway');
});
