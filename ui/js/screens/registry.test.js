import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REST_SCREENS, SCREEN_KINDS, SCREEN_NAMES, SCREENS, STAFF_SCREENS, VISIT_SCREENS, screensOfKind } from './registry.js';

const IPC_DOC = readFileSync(new URL('../../../docs/ipc.md', import.meta.url), 'utf8');

test('every screen has a unique name and one of the three kinds', () => {
  assert.equal(new Set(SCREEN_NAMES).size, SCREEN_NAMES.length);
  for (const { name, kind } of SCREENS) {
    assert.match(name, /^[a-z][a-z-]*$/, name);
    assert.ok(SCREEN_KINDS.includes(kind), `${name}: ${kind}`);
  }
  assert.equal(REST_SCREENS.size + VISIT_SCREENS.size + STAFF_SCREENS.size, SCREENS.length);
});

test('the kinds are the sets the kiosk has always used', () => {
  assert.deepEqual([...REST_SCREENS], ['attract', 'fatal', 'closed', 'standby']);
  assert.deepEqual([...VISIT_SCREENS], ['home', 'trailer', 'now-playing', 'credits', 'law', 'about']);
  assert.deepEqual([...STAFF_SCREENS], ['pin', 'operator', 'operator-setup']);
  assert.deepEqual(screensOfKind('nonsense'), new Set());
});

test('docs/ipc.md names the same screens as the registry, in its order', () => {
  const m = IPC_DOC.match(/<body data-screen="([^"]+)">/);
  assert.ok(m, 'docs/ipc.md has its <body data-screen="..."> line');
  // "loading" is what index.html starts on, before any screen is mounted: not a screen.
  assert.deepEqual(m[1].split('|'), ['loading', ...SCREEN_NAMES], 'docs/ipc.md <body data-screen> list');
});

test('docs/ipc.md gives each screen the registry\'s kind', () => {
  for (const kind of SCREEN_KINDS) {
    const m = IPC_DOC.match(new RegExp(`^- \`${kind}\`: (.+)$`, 'm'));
    assert.ok(m, `docs/ipc.md lists the ${kind} screens ("- \`${kind}\`: ...")`);
    const named = [...m[1].split(/[;(]/)[0].matchAll(/`([a-z-]+)`/g)].map((x) => x[1]);
    assert.deepEqual(named, [...screensOfKind(kind)], `docs/ipc.md's ${kind} screens`);
  }
});
