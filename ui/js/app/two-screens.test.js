import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTwoScreens } from './two-screens.js';

/** One window's page: its screen, where it went, and what it told the core. */
function page({ role = 'kiosk', screen = 'attract', filmScreenPlays = true, clock = { ms: 0 } } = {}) {
  const said = [];
  const handlers = {};
  const state = { screen, went: [] };
  const kiosk = { role: 'kiosk', pack: { language: 'ru' }, settings: { captionsDefault: true } };
  const api = {
    filmScreenPlay: async (request) => {
      said.push(['play', request]);
      return filmScreenPlays;
    },
    filmScreenRest: () => said.push(['rest']),
    filmScreenDone: () => said.push(['done']),
    onRoleChanged: (h) => (handlers.role = h),
    onFilmScreenPlay: (h) => (handlers.play = h),
    onFilmScreenRest: (h) => (handlers.rest = h),
    onFilmScreenDone: (h) => (handlers.done = h),
  };
  const languages = [];
  const screens = createTwoScreens({
    kiosk,
    body: { dataset: {} },
    screenName: () => state.screen,
    go: (name, params) => {
      state.screen = name;
      state.went.push(params ? [name, params] : name);
    },
    restScreen: () => (kiosk.role === 'standby' ? 'standby' : 'attract'),
    useLanguage: async (tag) => languages.push(tag),
    api,
    now: () => clock.ms,
  });
  screens.setRole(role);
  screens.listen();
  return { screens, said, handlers, state, kiosk, languages };
}

test('the touch screen sends the trailer to the big screen in its visitor\'s language and captions', async () => {
  const reader = page({ role: 'reader', screen: 'home' });
  await reader.screens.watchTrailer();
  assert.deepEqual(reader.said, [['play', { language: 'ru', captions: true }]]);
  assert.equal(reader.state.screen, 'now-playing');
});

test('with no big screen to play it the touch screen plays the trailer itself', async () => {
  const reader = page({ role: 'reader', screen: 'home', filmScreenPlays: false });
  await reader.screens.watchTrailer();
  assert.equal(reader.state.screen, 'trailer');
  const kiosk = page({ role: 'kiosk', screen: 'home' });
  await kiosk.screens.watchTrailer();
  assert.deepEqual(kiosk.said, [], 'one screen never asks the core for a big screen');
  assert.equal(kiosk.state.screen, 'trailer');
});

test('the big screen plays when told, only from its loop, and says when the trailer ended', async () => {
  const film = page({ role: 'film', screen: 'attract' });
  await film.handlers.play({ language: 'ru', captions: false });
  assert.deepEqual(film.languages, ['ru']);
  assert.deepEqual(film.state.went, [['trailer', { captions: false }]]);
  film.screens.trailerEnded();
  assert.deepEqual(film.said, [['done']]);
  assert.equal(film.state.screen, 'attract');

  const standby = page({ role: 'standby', screen: 'standby' });
  await standby.handlers.play({ language: 'en', captions: true });
  assert.deepEqual(standby.state.went, [], 'a hidden window plays nothing');
});

test('a touch screen at rest sends the big screen back to its loop, and the big screen obeys', () => {
  const reader = page({ role: 'reader', screen: 'law' });
  reader.screens.shown('law', false);
  assert.deepEqual(reader.said, []);
  reader.screens.shown('attract', true);
  assert.deepEqual(reader.said, [['rest']], 'idle brings both screens to rest');

  const film = page({ role: 'film', screen: 'trailer' });
  film.handlers.rest();
  assert.equal(film.state.screen, 'attract');
});

test('the touch screen leaves "now playing" for the menu when the big screen\'s trailer ended', () => {
  const reader = page({ role: 'reader', screen: 'now-playing' });
  reader.handlers.done();
  assert.deepEqual(reader.state.went, [['home', { watchAgain: true }]]);
  reader.handlers.done();
  assert.equal(reader.state.went.length, 1, 'elsewhere it changes nothing');
});

test('a window whose part changes rests anew in it, and a visit or the operator is left alone', () => {
  const main = page({ role: 'reader', screen: 'attract' });
  main.handlers.role('kiosk');
  assert.equal(main.kiosk.role, 'kiosk');
  assert.deepEqual(main.state.went, ['attract'], 'the loop returns to the touch screen');

  const reading = page({ role: 'reader', screen: 'law' });
  reading.handlers.role('kiosk');
  assert.deepEqual(reading.state.went, [], 'a visitor reading carries on');

  const operator = page({ role: 'reader', screen: 'operator' });
  operator.handlers.role('standby');
  assert.deepEqual(operator.state.went, []);

  const film = page({ role: 'film', screen: 'trailer' });
  film.handlers.role('standby');
  assert.equal(film.state.screen, 'standby');
  film.handlers.role('nonsense');
  assert.equal(film.kiosk.role, 'kiosk', 'an unknown part is the whole kiosk');
});

test('regression: a trailer asked for while the big screen was still loading was lost', async () => {
  const clock = { ms: 0 };
  const film = page({ role: 'film', screen: 'loading', clock });
  await film.handlers.play({ language: 'en', captions: true });
  assert.deepEqual(film.state.went, [], 'not yet: the page has no loop to leave');
  film.state.screen = 'attract';
  film.screens.shown('attract', true);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(film.state.went, [['trailer', { captions: true }]]);

  const stale = page({ role: 'film', screen: 'loading', clock });
  await stale.handlers.play({ language: 'en', captions: true });
  clock.ms += 60_000;
  stale.state.screen = 'attract';
  stale.screens.shown('attract', true);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(stale.state.went, [], 'a minute later the visitor has gone');
});
