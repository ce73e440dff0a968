// The attract film, played by whichever engine the core chooses (kiosk::film): beneath the
// page, where GStreamer draws it natively and the page turns transparent over it, or in the
// page's own two-copy <video> loop (loop.js), which also takes over if the native film fails.
// Either way the title and "Touch to begin" come and go over it in the same rhythm.
import * as api from '../../api.js';
import { wordsShowing } from '../../playback.js';
import { engineKnown, launchEngine, markFilmBeneath } from '../../film-engine.js';
import { createAttractLoop } from './loop.js';

// Anything over the film (shade, words, even the poster it covers) makes WebKitGTK on a machine
// without a GPU blend every video frame with those layers (docs/performance.md). So the words
// come and go: on long enough to read and to say that a touch starts something, then the film
// alone for a while.
const WORDS_MS = 7000;
const QUIET_MS = 13000;

/**
 * Starts the film; the page's videos, if it plays them, go right after `backdrop`.
 * @param {object} opts
 * @param {HTMLElement} opts.stage takes is-playing, is-quiet, is-native and has-looped
 * @param {HTMLElement} opts.backdrop
 * @param {{ url: string, mime: string }[]} opts.renditions
 * @param {object} opts.settings
 * @param {() => void} opts.looped the loop point (statistics, and the moment a new pack may take over)
 * @param {(url: string, error: unknown) => void} opts.mediaFailed
 * @param {AbortSignal} opts.signal
 * @returns {{ stop(): void }}
 */
export function createAttractFilm({ stage, backdrop, renditions, settings, looped, mediaFailed, signal }) {
  let quiet = null;
  const showing = () => {
    stage.classList.add('is-playing');
    if (quiet) return;
    const since = performance.now();
    quiet = setInterval(() => stage.classList.toggle('is-quiet', !wordsShowing(performance.now() - since, WORDS_MS, QUIET_MS)), 500);
  };
  const failed = () => stage.classList.remove('is-playing');

  let inPage = null;
  const playInPage = () => {
    if (inPage || signal.aborted) return;
    inPage = createAttractLoop({ stage, renditions, settings, showing, failed, looped, mediaFailed, signal });
    backdrop.after(...inPage.videos);
  };

  let native = false;
  const beneath = (on) => {
    native = on;
    markFilmBeneath(stage, on);
  };

  // Subscribed before the start, so the first frame's event cannot come first and be missed.
  let framed = false;
  const unsubscribe = Promise.all([
    api.onFilmPlaying(() => {
      framed = true;
      if (native) showing();
    }),
    api.onFilmLooped(() => native && looped()),
    api.onFilmFellBack((reason) => {
      if (!native) return;
      api.logToCore('warn', `attract: the page plays the film from here (${reason})`);
      beneath(false);
      failed();
      playInPage();
    }),
  ]);

  const start = async () => {
    await Promise.all([unsubscribe, engineKnown]);
    if (signal.aborted) return;
    if (launchEngine() === 'webview') {
      playInPage();
      return;
    }
    const answer = renditions.length ? await api.filmStart(renditions.map((r) => r.url)) : null;
    if (answer?.engine === 'native' && signal.aborted) {
      api.filmStop();
      return;
    }
    if (answer?.engine !== 'native') {
      playInPage();
      return;
    }
    beneath(true);
    if (framed) showing();
  };
  if (launchEngine() === 'webview') playInPage();
  else start();

  return {
    /** Ends the timers and whichever film plays (the listeners end with the caller's signal). */
    stop() {
      if (quiet) clearInterval(quiet);
      unsubscribe.then((offs) => offs.forEach((off) => off()));
      if (native) {
        beneath(false);
        api.filmStop();
      }
      inPage?.stop();
    },
  };
}
