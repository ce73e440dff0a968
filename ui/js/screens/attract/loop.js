// The attract film in the page's own <video>, where the core does not play it beneath the page
// (film.js): full-bleed, on repeat, gapless. Seeking one <video> back to 0 at its
// end stalls on a black or frozen frame in WebKitGTK (and its `loop` attribute is unreliable), so
// two copies take turns. The one waiting underneath is preloaded and paused at 0; shortly before
// the visible one ends it starts, and once it has shown a frame it is raised above the other,
// which then goes back to 0 to wait. Unattended for days, so a stalled start is nudged.
import { h, listen, releaseVideo } from '../../dom.js';
import { applyAudio, attachSource } from '../../chrome.js';
import { handoffDue, loopCheck } from '../../playback.js';
import { logToCore } from '../../api.js';

// Often enough that a start stuck in WebKit's buffering (loopCheck) is undone in a few seconds,
// well before the core's watchdog would reload the whole page after 10 s of a still picture.
const WATCHDOG_MS = 2000;
// Long enough for GStreamer to get the waiting copy's pipeline running before the visible copy
// runs out (timeupdate comes every 250 ms); short enough that little of the ending is cut.
const HANDOFF_LEAD_SECS = 1;

function makeVideo(settings) {
  const video = h('video', {
    class: 'attract-video',
    playsinline: true,
    'webkit-playsinline': true,
    preload: 'auto',
    disablepictureinpicture: true,
    disableremoteplayback: true,
    'aria-hidden': 'true',
    tabindex: '-1',
  });
  applyAudio(video, 'attract', settings);
  return video;
}

// The web view may refuse to start a video with sound that no tap started: the loop then runs
// muted rather than not at all.
const play = (video) =>
  video.play()?.catch?.((err) => {
    if (err?.name === 'NotAllowedError' && !video.muted) {
      video.muted = true;
      video.play()?.catch?.(() => {});
    }
  });

const rewind = (video) => {
  try {
    video.currentTime = 0;
  } catch {
    /* not seekable yet */
  }
};

/**
 * Makes the two copies and starts the first; they go into the stage where the caller puts them.
 * @param {object} opts
 * @param {HTMLElement} opts.stage takes has-looped
 * @param {{ url: string, mime: string }[]} opts.renditions
 * @param {object} opts.settings
 * @param {() => void} opts.showing the film shows (again)
 * @param {() => void} opts.failed no rendition plays
 * @param {() => void} opts.looped the loop point (statistics, and the moment a new pack may take over)
 * @param {(url: string, error: unknown) => void} opts.mediaFailed
 * @param {AbortSignal} opts.signal
 * @returns {{ videos: HTMLVideoElement[], stop(): void }}
 */
export function createAttractLoop({ stage, renditions, settings, showing, failed, looped, mediaFailed, signal }) {
  const videos = [makeVideo(settings), makeVideo(settings)];
  let front = 0;
  const visible = () => videos[front];
  const waiting = () => videos[1 - front];
  // Whether the copy underneath can take over: false when its source failed, and the loop falls
  // back to rewinding the visible copy.
  let waitingUsable = true;
  let handoff = null; // { video, cancel } while the waiting copy is starting

  function raise(index) {
    front = index;
    videos.forEach((video, i) => {
      const on = i === index;
      video.classList.toggle('is-front', on);
      // app.js and the tests read the visible copy through this id.
      if (on) video.setAttribute('data-testid', 'attract-video');
      else video.removeAttribute('data-testid');
    });
  }
  raise(0);

  function startHandoff() {
    if (handoff || !waitingUsable) return;
    const next = waiting();
    if (next.error || !next.currentSrc) return;
    let done = false;
    const cancels = [];
    const cancel = () => cancels.splice(0).forEach((undo) => undo());
    const take = () => {
      if (done || signal.aborted) return;
      done = true;
      cancel();
      finishHandoff(next);
    };
    // The first frame it presents is the moment it can cover the other without a gap. WebKitGTK
    // without its DMA-BUF renderer never calls requestVideoFrameCallback back (the copy would then
    // be raised only when the other ends, a second into its own run): there, and where the call
    // does not exist, its position moving on says that frames flow.
    if (typeof next.requestVideoFrameCallback === 'function') {
      const id = next.requestVideoFrameCallback(take);
      cancels.push(() => next.cancelVideoFrameCallback?.(id));
    }
    const onTime = () => next.currentTime > 0 && take();
    next.addEventListener('timeupdate', onTime, { signal });
    cancels.push(() => next.removeEventListener('timeupdate', onTime));
    handoff = { video: next, cancel };
    play(next);
  }

  function finishHandoff(next) {
    handoff = null;
    const previous = visible();
    // Adding the class in the same frame as the swap keeps the first fade-in's transition off it.
    stage.classList.add('has-looped');
    raise(videos.indexOf(next));
    previous.pause();
    rewind(previous);
    looped();
  }

  for (const video of videos) {
    listen(video, 'playing', () => video === visible() && showing(), signal);
    listen(video, 'timeupdate', () => {
      if (video === visible() && handoffDue(video.currentTime, video.duration, HANDOFF_LEAD_SECS)) startHandoff();
    }, signal);
    listen(video, 'ended', () => {
      if (video !== visible()) return;
      const next = handoff?.video;
      if (next && !next.paused && next.readyState >= 2) {
        handoff.cancel();
        finishHandoff(next);
        return;
      }
      // The copy underneath is not ready: rewinding this one is a short stall, not a stop.
      handoff?.cancel();
      if (next) {
        next.pause();
        rewind(next);
      }
      handoff = null;
      rewind(video);
      play(video);
      looped();
    }, signal);
  }

  let watchdog = null;
  if (attachSource(videos[0], renditions, signal, failed, mediaFailed)) {
    play(videos[0]);
    if (!attachSource(videos[1], renditions, signal, () => (waitingUsable = false), mediaFailed)) waitingUsable = false;
    // Unattended for days: if playback ever stalls or gets paused, nudge it.
    let last = { video: null, time: null };
    watchdog = setInterval(() => {
      const video = visible();
      if (video.error || !video.src) return;
      const action = loopCheck(video, last.video === video ? last.time : null);
      last = { video, time: video.currentTime };
      if (action === 'play') play(video);
      if (action === 'nudge') {
        logToCore('warn', `attract: the trailer stood still at ${video.currentTime.toFixed(2)} s (readyState ${video.readyState}) while playing; pausing and playing it again`);
        video.pause();
        play(video);
        last = { video: null, time: null };
      }
    }, WATCHDOG_MS);
  }

  return {
    videos,
    /** Ends the timers and releases both decoders (the listeners end with `signal`). */
    stop() {
      handoff?.cancel();
      if (watchdog) clearInterval(watchdog);
      videos.forEach(releaseVideo);
    },
  };
}
