import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBlockedShortcut } from './lockdown.js';

const k = (key, mods = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

test('blocks reload, close, print, find and devtools shortcuts', () => {
  for (const e of [
    k('F5'),
    k('F12'),
    k('F11'),
    k('F7'),
    k('r', { ctrlKey: true }),
    k('R', { ctrlKey: true, shiftKey: true }),
    k('w', { ctrlKey: true }),
    k('p', { ctrlKey: true }),
    k('f', { ctrlKey: true }),
    k('I', { ctrlKey: true, shiftKey: true }),
    k('+', { ctrlKey: true }),
    k('0', { ctrlKey: true }),
    k('r', { metaKey: true }),
    k('ArrowLeft', { altKey: true }),
    k('BrowserBack'),
    k('BrowserRefresh'),
    k('ContextMenu'),
  ]) {
    assert.equal(isBlockedShortcut(e), true, JSON.stringify(e));
  }
});

test('lets ordinary keys through', () => {
  for (const e of [k('Enter'), k(' '), k('Tab'), k('Tab', { shiftKey: true }), k('ArrowDown'), k('Escape'), k('a'), k('PageDown')]) {
    assert.equal(isBlockedShortcut(e), false, JSON.stringify(e));
  }
});

test('a modifier pressed on its own is not blocked (its combination is)', () => {
  assert.equal(isBlockedShortcut(k('Control', { ctrlKey: true })), false);
  assert.equal(isBlockedShortcut(k('Alt', { altKey: true })), false);
});

test('Backspace is blocked except in editable fields', () => {
  assert.equal(isBlockedShortcut(k('Backspace')), true);
  assert.equal(isBlockedShortcut(k('Backspace'), { editable: true }), false);
});

test('garbage input does not throw', () => {
  assert.equal(isBlockedShortcut({}), false);
  assert.equal(isBlockedShortcut(k(undefined)), false);
});
