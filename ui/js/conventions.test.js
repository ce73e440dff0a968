// Static checks on the shipped UI files: the rules the kiosk depends on (CSP, no markup from
// strings, a single IPC wrapper, the end-to-end hooks of docs/ipc.md) stay true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCREEN_NAMES } from './screens/registry.js';

const UI = join(dirname(fileURLToPath(import.meta.url)), '..');

function files(dir, ext) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (p.endsWith(ext)) out.push(p);
  }
  return out;
}

const shipped = files(join(UI, 'js'), '.js').filter((p) => !p.endsWith('.test.js'));
const source = (p) => readFileSync(p, 'utf8');
// Comments may talk about forbidden things; code may not.
const code = (p) => source(p).replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

test('no HTML parsing from strings, no eval, no dialogs', () => {
  const banned = [/\.innerHTML\b/, /insertAdjacentHTML/, /\.outerHTML\b/, /document\.write/, /\beval\s*\(/, /new Function\s*\(/, /\balert\s*\(/, /\bconfirm\s*\(/, /\bprompt\s*\(/];
  for (const p of shipped) {
    for (const re of banned) assert.doesNotMatch(code(p), re, `${relative(UI, p)} uses ${re}`);
  }
});

test('every shipped module opens with a comment that says what it is for', () => {
  for (const p of shipped) assert.match(source(p), /^(\/\/ \S|\/\*\*)/, `${relative(UI, p)} has no summary at the top`);
});

test('only api.js talks to Tauri', () => {
  for (const p of shipped) {
    if (p.endsWith('api.js')) continue;
    assert.doesNotMatch(code(p), /__TAURI__|\binvoke\s*\(/, `${relative(UI, p)} calls IPC directly`);
  }
});

test('videos are looped by hand, never with the loop attribute', () => {
  for (const p of shipped) assert.doesNotMatch(code(p), /\bloop\s*:|['"]loop['"]|\.loop\s*=/, relative(UI, p));
});

test('index.html is CSP-clean and names a loading screen until the app has mounted one', () => {
  const html = source(join(UI, 'index.html'));
  assert.doesNotMatch(html, /\sstyle\s*=/i, 'inline style attribute');
  assert.doesNotMatch(html, /<style/i, 'inline <style>');
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'inline event handler');
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert.match(m[1], /\bsrc=/, 'inline <script>');
    assert.equal(m[2].trim(), '', 'inline script body');
  }
  assert.match(html, /<script type="module" src="js\/main\.js"><\/script>/);
  // "loading" until main.js mounts attract, so tests never act on an empty attract screen.
  assert.match(html, /<body data-screen="loading">/);
  assert.doesNotMatch(html, /https?:\/\//, 'no external resources');
});

test('the stylesheet loads nothing from outside', () => {
  for (const p of files(join(UI, 'css'), '.css')) {
    assert.doesNotMatch(source(p), /@import|url\(\s*['"]?https?:/i, relative(UI, p));
  }
});

test('every data-testid of the contract is present in the screens', () => {
  const all = shipped.map(source).join('\n');
  const ids = [
    'attract', 'attract-video', 'touch-to-begin', 'nav-trailer', 'nav-credits', 'nav-law', 'nav-about', 'back',
    'trailer-video', 'trailer-play-pause', 'trailer-progress', 'credits', 'law-doc-list', 'law-title',
    'law-status', 'law-body', 'about-synopsis', 'about-poster', 'about-facts', 'fatal',
    // Closed slate and operator mode.
    'closed', 'pin-pad', 'pin-dots', 'pin-message', 'pin-backspace', 'pin-ok', 'pin-cancel', 'pin-damaged',
    'setup-pin-pad', 'setup-message', 'op-volume', 'op-attract-audio', 'op-default-language',
    'op-captions-default', 'op-idle-timeout', 'op-display', 'op-hours-enabled', 'op-opens', 'op-closes',
    'op-start-at-login', 'op-content-dir', 'op-check-folder', 'op-report', 'op-report-status', 'op-reload',
    'op-pack', 'op-fleet', 'op-fleet-state', 'op-fleet-pack', 'op-stats', 'op-save', 'op-message', 'op-change-pin', 'op-lock', 'op-exit', 'op-exit-confirm',
  ];
  for (const id of ids) assert.match(all, new RegExp(`'${id}'`), `missing data-testid="${id}"`);
  assert.match(all, /testid: `law-doc-\$\{/, 'missing data-testid="law-doc-<id>"');
  assert.match(all, /testid: `pin-key-\$\{/, 'missing data-testid="pin-key-<digit>"');
});

test('every screen module exports mount(root, props, actions) returning { unmount }', () => {
  for (const name of SCREEN_NAMES) {
    const src = source(join(UI, 'js', 'screens', `${name}.js`));
    assert.match(src, /export function mount\(root, .+, actions\) \{/, `${name}.js`);
    assert.match(src, /unmount\(\)/, `${name}.js returns { unmount }`);
  }
});

test('every screen of the registry is a module under screens/, named as body[data-screen] says', () => {
  const modules = source(join(UI, 'js', 'screens', 'modules.js'));
  const imported = [...modules.matchAll(/^import \* as (\w+) from '\.\/([a-z-]+)\.js';$/gm)];
  assert.deepEqual(imported.map((m) => m[2]), SCREEN_NAMES, 'screens/modules.js imports exactly the registry\'s screens, in its order');
  const byName = modules.match(/const BY_NAME = \{([^}]*)\}/)?.[1].split(',').map((entry) => entry.trim()) || [];
  for (const [, binding, name] of imported) {
    assert.ok(statSync(join(UI, 'js', 'screens', `${name}.js`)).isFile(), `screens/${name}.js`);
    const entry = binding === name ? binding : `'${name}': ${binding}`;
    assert.ok(byName.includes(entry), `screens/${name}.js is registered under its data-screen name (${entry})`);
  }
  // The router takes its screens from there, and nothing else lists them.
  assert.match(source(join(UI, 'js', 'app.js')), /screens: SCREEN_MODULES\b/);
});
