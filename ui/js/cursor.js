// Touch kiosks have no use for a mouse pointer, but staff may plug a mouse in: the pointer shows
// while the mouse moves and hides after a few quiet seconds.

/**
 * @param {{ hideAfterMs?: number, setHidden: (hidden: boolean) => void,
 *           setTimer?: typeof setTimeout, clearTimer?: typeof clearTimeout }} opts
 * @returns {{ moved(): void, stop(): void }}
 */
export function createCursorHider({ hideAfterMs = 3000, setHidden, setTimer = setTimeout, clearTimer = clearTimeout }) {
  let timer = null;
  let hidden = false;
  function moved() {
    if (hidden) {
      hidden = false;
      setHidden(false);
    }
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      hidden = true;
      setHidden(true);
    }, hideAfterMs);
  }
  moved();
  return {
    moved,
    stop() {
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}
