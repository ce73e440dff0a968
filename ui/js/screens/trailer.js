// Trailer with sound. It starts from the visitor's tap on the home tile (so the web view lets it
// play with sound); the idle timeout is paused while it plays. Large controls: play/pause, replay,
// a progress bar with elapsed and remaining time, captions on/off and their language. When it
// ends the kiosk goes back to the home menu, which offers to watch it again.
import { pickCaptionLanguage } from '../captions.js';
import { h, listen, releaseVideo } from '../dom.js';
import { icon } from '../icons.js';
import { applyAudio, attachSource, topBar } from '../chrome.js';
import { timeReadout } from '../format.js';
import { trackModes } from '../playback.js';
import { stringsLanguage, t } from '../strings.js';

const IDLE_REASON = 'trailer';
const KEY_SEEK_SECS = 5;

export function mount(root, { pack, settings, captionsDefault, language }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const lang = pack.language || language;
  const uiLang = stringsLanguage(lang);
  let raf = 0;
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
  for (const caption of captions) {
    video.append(h('track', { kind: 'captions', srclang: caption.language, label: caption.label || caption.language, src: caption.url }));
  }

  // Captions: the operator's default decides whether they start on; the visitor's language (else
  // the pack's first caption language) is the one they start in.
  const choice = { on: Boolean(captionsDefault) && captions.length > 0, language: pickCaptionLanguage(captions, lang) };

  const bigPlay = h('span', { class: 'trailer-bigplay', 'aria-hidden': 'true' }, icon('play'));
  const stage = h('div', { class: 'trailer-stage' }, video, bigPlay);

  const ppIcon = h('span', { class: 'pp-icon' }, icon('play'));
  const ppLabel = h('span', { class: 'pp-label', text: t(lang, 'trailer_play') });
  const playPause = h('button', { type: 'button', class: 'play-pause', testid: 'trailer-play-pause', lang: uiLang, 'aria-label': t(lang, 'trailer_play') }, ppIcon, ppLabel);

  const replay = h(
    'button',
    { type: 'button', class: 'trailer-button trailer-replay', testid: 'trailer-replay', lang: uiLang },
    icon('replay'),
    h('span', { class: 'trailer-button-label', text: t(lang, 'trailer_replay') }),
  );

  const fill = h('span', { class: 'progress-fill' });
  const thumb = h('span', { class: 'progress-thumb' });
  const progress = h(
    'div',
    {
      class: 'trailer-progress',
      testid: 'trailer-progress',
      role: 'slider',
      tabindex: '0',
      lang: uiLang,
      'aria-label': t(lang, 'trailer_position'),
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': '0',
      'aria-valuetext': '00:00',
    },
    h('span', { class: 'progress-track' }, fill, thumb),
  );
  const elapsed = h('span', { class: 'time-elapsed', testid: 'trailer-elapsed', text: '00:00' });
  const remaining = h('span', { class: 'time-remaining', testid: 'trailer-remaining', text: '\u2212--:--' });
  // The times flank the bar (read as its two ends); the slider carries them for assistive technology.
  const timeline = h('div', { class: 'trailer-timeline' }, h('span', { class: 'trailer-time', 'aria-hidden': 'true' }, elapsed), progress, h('span', { class: 'trailer-time', 'aria-hidden': 'true' }, remaining));

  const captionsToggle = h(
    'button',
    { type: 'button', class: 'trailer-button trailer-cc', testid: 'trailer-captions', lang: uiLang, 'aria-pressed': 'false' },
    icon('captions'),
    h('span', { class: 'trailer-button-label', text: t(lang, 'trailer_captions') }),
  );
  // Each language named in itself (the pack's label), so a visitor finds their own.
  const languageButtons = captions.map((caption) =>
    h('button', {
      type: 'button',
      class: 'trailer-button trailer-cc-lang',
      testid: `trailer-caption-lang-${caption.language}`,
      lang: caption.language,
      'aria-pressed': 'false',
      data: { language: caption.language },
      text: caption.label || caption.language,
    }),
  );
  const captionControls = captions.length
    ? h(
        'div',
        { class: 'trailer-captions' },
        captionsToggle,
        languageButtons.length > 1
          ? h('div', { class: 'trailer-cc-langs', role: 'group', lang: uiLang, 'aria-label': t(lang, 'trailer_caption_language') }, languageButtons)
          : null,
      )
    : null;

  // A full-width progress bar over a row of buttons: playback on the left, captions on the right.
  const controls = h('div', { class: 'trailer-controls' }, timeline, h('div', { class: 'trailer-buttons' }, playPause, replay, captionControls));

  const note = pack.trailer.note ? h('p', { class: 'trailer-note', text: pack.trailer.note }) : null;
  const message = h(
    'div',
    { class: 'trailer-message', testid: 'trailer-unavailable', hidden: true, role: 'status' },
    h('p', { class: 'message-title', text: t(lang, 'trailer_unavailable') }),
    h('p', { class: 'message-body', text: t(lang, 'trailer_unavailable_hint') }),
  );

  const screen = h('div', { class: 'trailer', data: { captionsDefault: captionsDefault ? 'on' : 'off' } }, bar.el, h('div', { class: 'trailer-body' }, stage, controls, note), message);
  root.append(screen);

  function applyCaptions() {
    const tracks = [...video.textTracks];
    trackModes(tracks, choice).forEach((mode, i) => {
      if (tracks[i].mode !== mode) tracks[i].mode = mode;
    });
    captionsToggle.setAttribute('aria-pressed', String(choice.on));
    screen.classList.toggle('has-captions', choice.on);
    for (const button of languageButtons) {
      button.setAttribute('aria-pressed', String(choice.on && button.dataset.language === choice.language));
    }
  }
  applyCaptions();

  function render() {
    const r = timeReadout(video.currentTime, video.duration);
    const pct = Math.round(r.fraction * 1000) / 10;
    fill.style.transform = `scaleX(${r.fraction})`;
    thumb.style.left = `${pct}%`;
    elapsed.textContent = r.elapsed;
    remaining.textContent = r.remaining;
    progress.setAttribute('aria-valuenow', String(Math.round(pct)));
    progress.setAttribute('aria-valuetext', t(lang, 'trailer_position_value', { elapsed: r.elapsed, remaining: r.known ? r.remaining.slice(1) : '--:--' }));
  }

  function tick() {
    render();
    raf = requestAnimationFrame(tick);
  }

  function setPlaying(playing) {
    screen.classList.toggle('is-playing', playing);
    ppIcon.replaceChildren(icon(playing ? 'pause' : 'play'));
    const words = t(lang, playing ? 'trailer_pause' : 'trailer_play');
    ppLabel.textContent = words;
    playPause.setAttribute('aria-label', words);
    cancelAnimationFrame(raf);
    raf = 0;
    if (playing) {
      pauseIdle();
      raf = requestAnimationFrame(tick);
    } else {
      resumeIdle();
      render();
    }
  }

  function unavailable() {
    screen.classList.add('is-unavailable');
    message.hidden = false;
    playPause.disabled = true;
    setPlaying(false);
  }

  const play = () => video.play()?.catch?.(() => setPlaying(false));
  const toggle = () => {
    if (screen.classList.contains('is-unavailable')) return;
    if (video.paused || video.ended) play();
    else video.pause();
  };

  function seekTo(seconds) {
    try {
      video.currentTime = seconds;
    } catch {
      /* not seekable yet */
    }
    render();
  }

  function seekToClientX(clientX) {
    const d = video.duration;
    if (!Number.isFinite(d) || d <= 0) return;
    const rect = progress.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - rect.left) / Math.max(1, rect.width)));
    seekTo(f * d);
  }

  listen(playPause, 'click', toggle, signal);
  listen(stage, 'click', toggle, signal);
  listen(replay, 'click', () => {
    if (screen.classList.contains('is-unavailable')) return;
    seekTo(0);
    play();
  }, signal);
  listen(captionsToggle, 'click', () => {
    choice.on = !choice.on;
    applyCaptions();
  }, signal);
  for (const button of languageButtons) {
    listen(button, 'click', () => {
      // Picking a language is asking for captions in it.
      choice.language = button.dataset.language;
      choice.on = true;
      applyCaptions();
    }, signal);
  }
  listen(video, 'play', () => setPlaying(true), signal);
  let started = false;
  listen(video, 'playing', () => {
    setPlaying(true);
    // Resuming after a pause or a stall is the same visit, not another start.
    if (!started) {
      started = true;
      actions.recordPlay?.('trailer-start');
    }
  }, signal);
  listen(video, 'pause', () => setPlaying(false), signal);
  // WebKit picks tracks by its own caption preferences once the media loads: the visitor's
  // choice is applied again after that.
  listen(video, 'loadedmetadata', () => {
    applyCaptions();
    render();
  }, signal);
  listen(video, 'durationchange', render, signal);
  listen(video, 'timeupdate', () => raf || render(), signal);
  listen(video, 'seeked', render, signal);
  let ended = false;
  listen(video, 'ended', () => {
    if (ended) return;
    ended = true;
    actions.recordPlay?.('trailer-complete');
    setPlaying(false);
    actions.go('home', { watchAgain: true });
  }, signal);

  let dragging = false;
  listen(progress, 'pointerdown', (e) => {
    dragging = true;
    try {
      progress.setPointerCapture(e.pointerId);
    } catch {
      /* synthetic events have no capturable pointer */
    }
    progress.classList.add('is-dragging');
    seekToClientX(e.clientX);
  }, signal);
  listen(progress, 'pointermove', (e) => dragging && seekToClientX(e.clientX), signal);
  const endDrag = () => {
    dragging = false;
    progress.classList.remove('is-dragging');
  };
  listen(progress, 'pointerup', endDrag, signal);
  listen(progress, 'pointercancel', endDrag, signal);
  listen(progress, 'keydown', (e) => {
    const d = video.duration;
    if (!Number.isFinite(d)) return;
    const step = { ArrowLeft: -KEY_SEEK_SECS, ArrowDown: -KEY_SEEK_SECS, ArrowRight: KEY_SEEK_SECS, ArrowUp: KEY_SEEK_SECS }[e.key];
    if (e.key === 'Home') seekTo(0);
    else if (e.key === 'End') seekTo(Math.max(0, d - 0.1));
    else if (step) seekTo(Math.min(d, Math.max(0, video.currentTime + step)));
    else return;
    e.preventDefault();
  }, signal);

  setPlaying(false);
  if (attachSource(video, pack.trailer.renditions, signal, unavailable, actions.mediaFailed)) play();

  return {
    unmount() {
      ac.abort();
      cancelAnimationFrame(raf);
      raf = 0;
      releaseVideo(video);
      resumeIdle();
    },
  };
}
