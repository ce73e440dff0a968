import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fallbackAfterError, restScreenFor } from './rest.js';

test('rest is closed outside the hours, else attract with a pack and the slate without', () => {
  assert.equal(restScreenFor({ open: false }, true), 'closed');
  assert.equal(restScreenFor({ open: false }, false), 'closed');
  assert.equal(restScreenFor({ open: true }, true), 'attract');
  assert.equal(restScreenFor({ open: true }, false), 'fatal');
  assert.equal(restScreenFor({ open: true }, true, 'film'), 'attract');
  assert.equal(restScreenFor({ open: false }, true, 'standby'), 'standby', 'a window without a part stays black');
});

test('a broken screen sends the visitor somewhere calm', () => {
  const withPack = { hasPack: true, rest: 'attract' };
  assert.equal(fallbackAfterError('law', 'unmount', withPack), null, 'a failed clean-up is only logged');
  assert.equal(fallbackAfterError('fatal', 'mount', withPack), null, 'the slate has nowhere calmer to go');
  assert.deepEqual(fallbackAfterError('attract', 'mount', withPack), { screen: 'fatal', later: false });
  assert.deepEqual(fallbackAfterError('closed', 'mount', withPack), { screen: 'fatal', later: false });
  assert.deepEqual(fallbackAfterError('home', 'mount', withPack), { screen: 'attract', later: true });
  assert.deepEqual(fallbackAfterError('law', 'mount', withPack), { screen: 'home', later: true });
  assert.deepEqual(fallbackAfterError('nonsense', 'unknown', withPack), { screen: 'home', later: true });
  assert.deepEqual(fallbackAfterError('operator', 'mount', { hasPack: true, rest: 'closed' }), { screen: 'closed', later: true });
});

test('without a pack only the staff screens keep their own way back', () => {
  const noPack = { hasPack: false, rest: 'fatal' };
  assert.deepEqual(fallbackAfterError('home', 'mount', noPack), { screen: 'fatal', later: false });
  assert.deepEqual(fallbackAfterError('pin', 'mount', noPack), { screen: 'fatal', later: true });
  assert.deepEqual(fallbackAfterError('operator-setup', 'mount', noPack), { screen: 'fatal', later: true });
});
