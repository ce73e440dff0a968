// Trailer with sound. It starts from the visitor's tap on the home tile (so the web view lets it
// play with sound); the idle timeout is paused while it plays. Large controls: play/pause, replay,
// a progress bar with elapsed and remaining time, captions on/off and their language. When it
// ends the kiosk goes back to the home menu, which offers to watch it again. The play button, the
// captions menu and the progress bar are in screens/trailer/.
import { h, listen, releaseVideo } from '../dom.js';
import { icon } from '../icons.js';
import { applyAudio, attachSource, topBar } from '../chrome.js';
import { stringsLanguage, t } from '../strings.js';
import { captionTracks, createCaptionsMenu } from './trailer/captions-menu.js';
import { createPlayButton } from './trailer/play-button.js';
import { createTimeline } from './trailer/timeline.js';
import { createTrailerBeneath } from './trailer/beneath.js';
import { launchEngine, markFilmBeneath } from '../film-engine.js';

const IDLE_REASON = 'trailer';

export function mount(root, { pack, settings, captionsDefault, language }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const lang = pack.language || language;
  const uiLang = stringsLanguage(lang);
  let idlePaused = false;

  const pauseIdle = () => {
    if (!idlePaused) {
      idlePaused = true;
      actions.pauseIdle(IDLE_REASON);
    }
  };
  const resumeIdle = () => {
    if (idlePaused) {
      idlePaused = false;
      actions.resumeIdle(IDLE_REASON);
    }
  };

  const bar = topBar({ onBack: () => actions.go('home'), title: pack.film.title, language: lang });

  const video = h('video', {
    class: 'trailer-video',
    testid: 'trailer-video',
    playsinline: true,
    'webkit-playsinline': true,
    preload: 'auto',
    disablepictureinpicture: true,
    disableremoteplayback: true,
    tabindex: '-1',
    // Caption files come from the loopback media server, another origin than the page: a track
    // only loads when the video asks with CORS (the server answers the app's own origin).
    crossorigin: 'anonymous',
  });
  applyAudio(video, 'trailer', settings);
  const captions = pack.trailer.captions || [];
  video.append(...captionTracks(captions));

  const bigPlay = h('span', { class: 'trailer-bigplay', 'aria-hidden': 'true' }, icon('play'));
  const stage = h('div', { class: 'trailer-stage' }, video, bigPlay);

  // Where this launch plays films beneath the page, the core plays the trailer there too: the
  // webview's own <video> costs far more CPU then (docs/performance.md). `media` is whichever
  // plays, behind the same interface.
  const native = launchEngine() === 'native';
  const playInPage = (v) => attachSource(v, pack.trailer.renditions, signal, unavailable, actions.mediaFailed);
  let media = video;
  if (native) {
    video.hidden = true;
    media = createTrailerBeneath({
      stage,
      video,
      renditions: pack.trailer.renditions,
      captions,
      playInPage,
      beneath: (on) => markFilmBeneath(screen, on),
      signal,
    });
  }

  const replay = h(
    'button',
    { type: 'button', class: 'trailer-button trailer-replay', testid: 'trailer-replay', lang: uiLang },
    icon('replay'),
    h('span', { class: 'trailer-button-label', text: t(lang, 'trailer_replay') }),
  );

  const timeline = createTimeline({ video: media, lang, uiLang });
  const playButton = createPlayButton({
    lang,
    uiLang,
    render: timeline.render,
    markScreen: (playing) => screen.classList.toggle('is-playing', playing),
    holdIdle: (playing) => (playing ? pauseIdle() : resumeIdle()),
    everyFrame: !native,
  });
  const playPause = playButton.el;
  const captionsMenu = createCaptionsMenu({ video: media, captions, captionsDefault, lang, uiLang, showOn: (on) => screen.classList.toggle('has-captions', on) });

  // A full-width progress bar over a row of buttons: playback on the left, captions on the right.
  const controls = h('div', { class: 'trailer-controls' }, timeline.el, h('div', { class: 'trailer-buttons' }, playPause, replay, captionsMenu.el));

  const note = pack.trailer.note ? h('p', { class: 'trailer-note', text: pack.trailer.note }) : null;
  const message = h(
    'div',
    { class: 'trailer-message', testid: 'trailer-unavailable', hidden: true, role: 'status' },
    h('p', { class: 'message-title', text: t(lang, 'trailer_unavailable') }),
    h('p', { class: 'message-body', text: t(lang, 'trailer_unavailable_hint') }),
  );

  const screen = h('div', { class: 'trailer', data: { captionsDefault: captionsDefault ? 'on' : 'off' } }, bar.el, h('div', { class: 'trailer-body' }, stage, controls, note), message);
  root.append(screen);

  captionsMenu.apply();

  const render = timeline.render;
  const setPlaying = playButton.set;

  function unavailable() {
    screen.classList.add('is-unavailable');
    message.hidden = false;
    playPause.disabled = true;
    setPlaying(false);
  }

  const play = () => media.play()?.catch?.(() => setPlaying(false));
  const toggle = () => {
    if (screen.classList.contains('is-unavailable')) return;
    if (media.paused || media.ended) play();
    else media.pause();
  };

  listen(playPause, 'click', toggle, signal);
  listen(stage, 'click', toggle, signal);
  listen(replay, 'click', () => {
    if (screen.classList.contains('is-unavailable')) return;
    timeline.seekTo(0);
    play();
  }, signal);
  captionsMenu.wire(signal);
  listen(media, 'play', () => setPlaying(true), signal);
  let started = false;
  listen(media, 'playing', () => {
    setPlaying(true);
    // Resuming after a pause or a stall is the same visit, not another start.
    if (!started) {
      started = true;
      actions.recordPlay?.('trailer-start', { language: lang, captions: captionsMenu.current().on });
    }
  }, signal);
  listen(media, 'pause', () => setPlaying(false), signal);
  // WebKit picks tracks by its own caption preferences once the media loads: the visitor's
  // choice is applied again after that.
  listen(media, 'loadedmetadata', () => {
    captionsMenu.apply();
    render();
  }, signal);
  listen(media, 'durationchange', render, signal);
  listen(media, 'timeupdate', () => playButton.ticking() || render(), signal);
  listen(media, 'seeked', render, signal);
  let ended = false;
  listen(media, 'ended', () => {
    if (ended) return;
    ended = true;
    actions.recordPlay?.('trailer-complete');
    setPlaying(false);
    actions.trailerEnded();
  }, signal);

  timeline.wire(signal);

  setPlaying(false);
  if (native || playInPage(video)) play();

  return {
    unmount() {
      media.stop?.();
      ac.abort();
      playButton.stop();
      releaseVideo(video);
      resumeIdle();
    },
  };
}
