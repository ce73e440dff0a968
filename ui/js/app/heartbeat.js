// The core's watchdog expects this every few seconds; a page stuck in a script, or a video that
// claims to play while its picture stands still, is reloaded (docs/ipc.md, heartbeat).
import * as api from '../api.js';

const HEARTBEAT_MS = 3000;

/**
 * @param {HTMLElement} root where the screens are
 * @param {() => string | undefined} screenName
 */
export function startHeartbeat(root, screenName) {
  const playingVideo = () => {
    const video = root.querySelector('[data-testid="attract-video"], [data-testid="trailer-video"]');
    if (!video || !video.currentSrc) return null;
    return { currentTime: video.currentTime, paused: video.paused, ended: video.ended };
  };
  setInterval(() => api.heartbeat({ screen: screenName() || '', video: playingVideo() }), HEARTBEAT_MS);
}
