// Attract loop: the trailer plays full-bleed, on repeat (muted unless the operator turned its
// sound on), under the film title and a gentle "Touch to begin". Any tap, click or key press
// goes to the home menu.
import { h, listen, releaseVideo } from '../dom.js';
import { icon } from '../icons.js';
import { applyAudio, attachSource, loopVideo, posterImage } from '../chrome.js';
import { joinMeta } from '../format.js';
import { label } from '../pack.js';

const WATCHDOG_MS = 5000;

export function mount(root, { pack, settings }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const film = pack.film;

  const touchToBegin = label(pack, 'touch_to_begin', 'Touch to begin');
  const stage = h('div', { class: 'attract', testid: 'attract', role: 'button', tabindex: '0', 'aria-label': `${film.title}. ${touchToBegin}.` });

  const backdrop = h('div', { class: 'attract-backdrop' });
  backdrop.append(posterImage(film.posterUrl, { class: 'attract-poster' }, backdrop));

  const video = h('video', {
    class: 'attract-video',
    testid: 'attract-video',
    playsinline: true,
    'webkit-playsinline': true,
    preload: 'auto',
    disablepictureinpicture: true,
    disableremoteplayback: true,
    'aria-hidden': 'true',
    tabindex: '-1',
  });
  applyAudio(video, 'attract', settings);

  const showing = () => stage.classList.add('is-playing');
  const failed = () => stage.classList.remove('is-playing');

  let watchdog = null;
  loopVideo(video, signal);
  // The loop point is where a newly installed content pack may take over (see app.js).
  listen(video, 'ended', () => actions.attractLooped?.(), signal);
  listen(video, 'playing', showing, signal);
  // The web view may refuse to start a video with sound that no tap started: the loop then runs
  // muted rather than not at all.
  const play = () =>
    video.play()?.catch?.((err) => {
      if (err?.name === 'NotAllowedError' && !video.muted) {
        video.muted = true;
        video.play()?.catch?.(() => {});
      }
    });
  if (attachSource(video, pack.trailer.renditions, signal, failed)) {
    play();
    // Unattended for days: if playback ever stalls or gets paused, nudge it.
    watchdog = setInterval(() => {
      if (video.error || !video.src) return;
      if (video.paused || video.ended) play();
    }, WATCHDOG_MS);
  }

  const meta = joinMeta(film.year, film.country);
  const title = h(
    'div',
    { class: 'attract-titles' },
    meta ? h('p', { class: 'eyebrow', text: meta }) : null,
    h('h1', { class: 'attract-title', text: film.title }),
  );
  const cta = h(
    'div',
    { class: 'attract-cta', testid: 'touch-to-begin' },
    h('span', { class: 'cta-icon' }, icon('touch')),
    h('span', { class: 'cta-text', text: touchToBegin }),
  );

  stage.append(backdrop, video, h('div', { class: 'attract-shade' }), h('div', { class: 'attract-content' }, title, cta));
  root.append(stage);

  let left = false;
  const begin = () => {
    if (left) return;
    left = true;
    actions.go('home');
  };
  // Navigate on click (after the finger lifts), not pointerdown, so the same touch can't
  // land on a home tile that appears under the finger.
  listen(stage, 'click', begin, signal);
  listen(document, 'keydown', (e) => {
    if (e.repeat) return;
    if (['Control', 'Shift', 'Alt', 'Meta', 'AltGraph'].includes(e.key)) return;
    e.preventDefault();
    begin();
  }, signal);

  return {
    unmount() {
      ac.abort();
      if (watchdog) clearInterval(watchdog);
      releaseVideo(video);
    },
  };
}
