// Trailer with sound. It starts from the visitor's tap on the home tile; the idle timeout is
// paused while it plays. When it ends the kiosk goes back to the home menu.
import { pickCaptionLanguage } from '../captions.js';
import { h, listen, releaseVideo } from '../dom.js';
import { icon } from '../icons.js';
import { applyAudio, attachSource, topBar } from '../chrome.js';
import { timeReadout } from '../format.js';

const IDLE_REASON = 'trailer';
const KEY_SEEK_SECS = 5;

export function mount(root, { pack, settings, captionsDefault }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
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

  const bar = topBar({ onBack: () => actions.go('home'), title: pack.film.title });

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
  for (const caption of pack.trailer.captions || []) {
    video.append(h('track', { kind: 'captions', srclang: caption.language, label: caption.label || caption.language, src: caption.url }));
  }
  // The operator's default: captions in the visitor's language (else the first), or none.
  const preferred = pickCaptionLanguage(pack.trailer.captions || [], pack.language);
  const applyCaptions = () => {
    for (const track of video.textTracks) {
      track.mode = captionsDefault && track.language === preferred ? 'showing' : 'disabled';
    }
  };
  applyCaptions();

  const bigPlay = h('span', { class: 'trailer-bigplay', 'aria-hidden': 'true' }, icon('play'));
  const stage = h('div', { class: 'trailer-stage' }, video, bigPlay);

  const ppIcon = h('span', { class: 'pp-icon' }, icon('play'));
  const ppLabel = h('span', { class: 'pp-label', text: 'Play' });
  const playPause = h('button', { type: 'button', class: 'play-pause', testid: 'trailer-play-pause', 'aria-label': 'Play' }, ppIcon, ppLabel);

  const fill = h('span', { class: 'progress-fill' });
  const thumb = h('span', { class: 'progress-thumb' });
  const progress = h(
    'div',
    {
      class: 'trailer-progress',
      testid: 'trailer-progress',
      role: 'slider',
      tabindex: '0',
      'aria-label': 'Position in the trailer',
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': '0',
      'aria-valuetext': '00:00',
    },
    h('span', { class: 'progress-track' }, fill, thumb),
  );
  const elapsed = h('span', { class: 'time-elapsed', text: '00:00' });
  const remaining = h('span', { class: 'time-remaining', text: '\u2212--:--' });
  const timeline = h('div', { class: 'trailer-timeline' }, progress, h('div', { class: 'trailer-times' }, elapsed, remaining));
  const controls = h('div', { class: 'trailer-controls' }, playPause, timeline);

  const note = pack.trailer.note ? h('p', { class: 'trailer-note', text: pack.trailer.note }) : null;
  const message = h(
    'div',
    { class: 'trailer-message', hidden: true, role: 'status' },
    h('p', { class: 'message-title', text: 'The trailer is not available right now.' }),
    h('p', { class: 'message-body', text: 'Please explore the rest of the programme.' }),
  );

  // Captions come later; until then the operator's choice only travels this far.
  const screen = h('div', { class: 'trailer', data: { captionsDefault: captionsDefault ? 'on' : 'off' } }, bar.el, h('div', { class: 'trailer-body' }, stage, controls, note), message);
  root.append(screen);

  function render() {
    const r = timeReadout(video.currentTime, video.duration);
    const pct = Math.round(r.fraction * 1000) / 10;
    fill.style.transform = `scaleX(${r.fraction})`;
    thumb.style.left = `${pct}%`;
    elapsed.textContent = r.elapsed;
    remaining.textContent = r.remaining;
    progress.setAttribute('aria-valuenow', String(Math.round(pct)));
    progress.setAttribute('aria-valuetext', `${r.elapsed} of ${r.known ? r.remaining.slice(1) : 'unknown'} remaining`);
  }

  function tick() {
    render();
    raf = requestAnimationFrame(tick);
  }

  function setPlaying(playing) {
    screen.classList.toggle('is-playing', playing);
    ppIcon.replaceChildren(icon(playing ? 'pause' : 'play'));
    ppLabel.textContent = playing ? 'Pause' : 'Play';
    playPause.setAttribute('aria-label', playing ? 'Pause' : 'Play');
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

  function seekToClientX(clientX) {
    const d = video.duration;
    if (!Number.isFinite(d) || d <= 0) return;
    const rect = progress.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - rect.left) / Math.max(1, rect.width)));
    try {
      video.currentTime = f * d;
    } catch {
      /* not seekable yet */
    }
    render();
  }

  listen(playPause, 'click', toggle, signal);
  listen(stage, 'click', toggle, signal);
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
  // WebKit picks tracks by its own caption preferences once the media loads: the operator's
  // choice is applied again after that.
  listen(video, 'loadedmetadata', () => {
    applyCaptions();
    render();
  }, signal);
  listen(video, 'durationchange', render, signal);
  listen(video, 'timeupdate', () => raf || render(), signal);
  listen(video, 'seeked', render, signal);
  listen(video, 'ended', () => {
    actions.recordPlay?.('trailer-complete');
    setPlaying(false);
    actions.go('home');
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
    if (e.key === 'Home') video.currentTime = 0;
    else if (e.key === 'End') video.currentTime = Math.max(0, d - 0.1);
    else if (step) video.currentTime = Math.min(d, Math.max(0, video.currentTime + step));
    else return;
    e.preventDefault();
    render();
  }, signal);

  setPlaying(false);
  if (attachSource(video, pack.trailer.renditions, signal, unavailable)) play();

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
