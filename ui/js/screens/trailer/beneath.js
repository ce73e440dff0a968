// The trailer played by the core beneath the page (GStreamer under a see-through stage, on Linux:
// kiosk::film), behind the part of the <video> interface the trailer screen uses: play, pause,
// currentTime, duration, paused, ended, textTracks and their events. The page draws the captions
// itself from the cues the core reads. If the core's player fails, the page's own <video> takes
// over from the same moment and this passes its events on, so the screen never knows which plays.
import * as api from '../../api.js';
import { cuesAt } from '../../captions.js';
import { h, listen } from '../../dom.js';

/** How long after a seek the core's reports may still be of the place before it. */
const SEEK_SETTLE_MS = 400;
const FORWARDED = ['play', 'playing', 'pause', 'loadedmetadata', 'durationchange', 'timeupdate', 'seeked', 'ended', 'error'];

const rectOf = (el) => {
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height };
};

/**
 * @param {object} opts
 * @param {HTMLElement} opts.stage where the film shows; it turns see-through while the core plays
 * @param {HTMLVideoElement} opts.video the page's own player, hidden until it is needed
 * @param {{ url: string, mime: string }[]} opts.renditions
 * @param {{ language: string, url: string }[]} opts.captions
 * @param {(video: HTMLVideoElement) => boolean} opts.playInPage gives the video its source; false when none plays
 * @param {(on: boolean) => void} opts.beneath marks the page see-through (or not)
 * @param {AbortSignal} opts.signal
 */
export function createTrailerBeneath({ stage, video, renditions, captions, playInPage, beneath, signal }) {
  const media = new EventTarget();
  const fire = (type) => media.dispatchEvent(new Event(type));
  let inPage = false;
  let started = false;
  let over = false;
  const state = { position: 0, duration: Number.NaN, paused: true, ended: false };

  // The page's captions: one line of text per cue on screen, in the language whose track shows.
  const tracks = captions.map((caption) => ({ language: caption.language, mode: 'disabled', url: caption.url, cues: null }));
  const captionBox = h('div', { class: 'trailer-caption-text', testid: 'trailer-caption-text' });
  stage.append(captionBox);
  let shownText = '';
  const drawCaptions = () => {
    const track = inPage ? null : tracks.find((t) => t.mode === 'showing');
    const lines = track?.cues ? cuesAt(track.cues, state.position) : [];
    const text = lines.join('\n');
    if (text === shownText) return;
    shownText = text;
    if (track) captionBox.lang = track.language;
    captionBox.replaceChildren(...lines.map((line) => h('span', { class: 'trailer-caption-line', text: line })));
    captionBox.hidden = lines.length === 0;
  };
  const loadCues = (track) => {
    if (track.cues || track.loading) return;
    track.loading = api.getCaptions(track.url).then(
      (cues) => {
        track.cues = Array.isArray(cues) ? cues : [];
        drawCaptions();
      },
      (e) => api.logToCore('warn', `trailer: captions ${track.language} could not be read (${e?.message || e?.code})`),
    );
  };
  const textTracks = tracks.map((track) => ({
    get language() {
      return track.language;
    },
    get mode() {
      return track.mode;
    },
    set mode(mode) {
      track.mode = mode;
      if (mode === 'showing') loadCues(track);
      drawCaptions();
    },
  }));
  captionBox.hidden = true;

  const fallBack = (reason, position) => {
    if (inPage || over) return;
    inPage = true;
    beneath(false);
    drawCaptions();
    api.logToCore('warn', `trailer: the page plays the trailer from ${position.toFixed(1)} s (${reason})`);
    for (const type of FORWARDED) listen(video, type, () => fire(type), signal);
    listen(video, 'loadedmetadata', () => {
      if (position > 0) video.currentTime = position;
    }, signal, { once: true });
    video.hidden = false;
    if (playInPage(video) && !state.paused) video.play()?.catch?.(() => {});
  };

  const subscribed = Promise.all([
    api.onTrailerPlaying(() => {
      if (inPage) return;
      state.paused = false;
      fire('play');
      fire('playing');
    }),
    api.onTrailerProgress((progress) => {
      if (inPage || !progress || seeking || performance.now() < heldUntil) return;
      const hadDuration = Number.isFinite(state.duration);
      state.position = Number(progress.position) || 0;
      if (Number.isFinite(progress.duration)) state.duration = progress.duration;
      if (!hadDuration && Number.isFinite(state.duration)) {
        fire('loadedmetadata');
        fire('durationchange');
      }
      drawCaptions();
      fire('timeupdate');
    }),
    api.onTrailerEnded(() => {
      if (inPage) return;
      state.ended = true;
      state.paused = true;
      fire('ended');
    }),
    api.onTrailerFellBack((why) => fallBack(String(why?.reason ?? ''), Number(why?.position) || 0)),
  ]);

  const start = async () => {
    await subscribed;
    if (signal.aborted) return;
    const answer = await api.trailerStart(renditions.map((r) => r.url), rectOf(stage));
    if (signal.aborted) {
      if (answer.engine === 'native') api.filmStop();
      return;
    }
    if (answer.engine !== 'native') {
      fallBack(answer.reason, 0);
      return;
    }
    // See-through only now: until the core answers, the window beneath the page is not yet clear.
    if (!inPage) beneath(true);
    // The stage follows the window (and the portrait layout); the film follows the stage.
    const follow = new ResizeObserver(() => api.trailerPlace(rectOf(stage)));
    follow.observe(stage);
    signal.addEventListener('abort', () => follow.disconnect(), { once: true });
  };

  // A drag along the progress bar asks for many places a second: one seek at a time goes to
  // the core, the latest place wins, and the positions the core reports from before it are not
  // shown meanwhile.
  let seekWanted = null;
  let seeking = false;
  let heldUntil = 0;
  const seek = (seconds) => {
    seekWanted = seconds;
    heldUntil = performance.now() + SEEK_SETTLE_MS;
    if (seeking) return;
    seeking = true;
    const next = () => {
      const to = seekWanted;
      seekWanted = null;
      api.trailerControl({ action: 'seek', seconds: to }).then(() => {
        if (seekWanted !== null) return next();
        seeking = false;
        heldUntil = performance.now() + SEEK_SETTLE_MS;
        fire('seeked');
      });
    };
    next();
  };

  Object.defineProperties(media, {
    paused: { get: () => (inPage ? video.paused : state.paused) },
    ended: { get: () => (inPage ? video.ended : state.ended) },
    duration: { get: () => (inPage ? video.duration : state.duration) },
    textTracks: { get: () => (inPage ? video.textTracks : textTracks) },
    currentTime: {
      get: () => (inPage ? video.currentTime : state.position),
      set: (seconds) => {
        if (inPage) {
          video.currentTime = seconds;
          return;
        }
        state.position = seconds;
        drawCaptions();
        seek(seconds);
      },
    },
  });
  media.play = () => {
    if (inPage) return video.play();
    if (!started) {
      started = true;
      state.paused = false;
      start();
      return Promise.resolve();
    }
    if (state.paused) {
      state.paused = false;
      api.trailerControl({ action: 'play' });
      fire('play');
      fire('playing');
    }
    return Promise.resolve();
  };
  media.pause = () => {
    if (inPage) {
      video.pause();
      return;
    }
    if (state.paused) return;
    state.paused = true;
    api.trailerControl({ action: 'pause' });
    fire('pause');
  };
  /** Ends whichever plays; the page is opaque again. */
  media.stop = () => {
    over = true;
    subscribed.then((offs) => offs.forEach((off) => off()));
    if (!inPage) {
      beneath(false);
      api.filmStop();
    }
  };
  return media;
}
