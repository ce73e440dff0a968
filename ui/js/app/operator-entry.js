// The hidden way into operator mode: the four-corner gesture and Ctrl+Alt+Shift+O, on every
// screen but the staff ones (docs/ipc.md, Operator mode). The presses that make up the gesture
// must not also press what lies under them.
import { createOperatorGesture, eventTime, isOperatorChord } from '../operator-gesture.js';

/**
 * @param {Document} doc
 * @param {{ enabled: () => boolean, open: () => void }} opts `open` shows the PIN pad
 */
export function wireOperatorEntry(doc, { enabled, open }) {
  const gesture = createOperatorGesture();
  // A press that was part of the gesture must not also press what lies under it (the attract
  // screen's "touch to begin", Back, a language button in a corner).
  let swallowClick = false;
  const now = () => performance.now();
  const where = (e) => ({ x: e.clientX, y: e.clientY, t: eventTime(e, now), width: window.innerWidth, height: window.innerHeight });
  const openOperator = () => {
    gesture.reset();
    open();
  };
  const capture = { capture: true };
  doc.addEventListener('pointerdown', (e) => {
    swallowClick = false;
    if (!enabled() || !e.isPrimary || e.button > 0) return;
    const r = gesture.down(where(e));
    if (r.consumed) {
      swallowClick = true;
      e.stopPropagation();
    }
    if (r.triggered) openOperator();
  }, capture);
  doc.addEventListener('pointerup', (e) => {
    if (!enabled() || !e.isPrimary) return;
    if (gesture.up(where(e)).consumed) swallowClick = true;
  }, capture);
  doc.addEventListener('pointercancel', (e) => {
    if (!enabled() || !e.isPrimary) return;
    if (gesture.cancel(eventTime(e, now)).consumed) swallowClick = true;
  }, capture);
  doc.addEventListener('click', (e) => {
    if (!swallowClick) return;
    swallowClick = false;
    e.preventDefault();
    e.stopPropagation();
  }, capture);
  doc.addEventListener('keydown', (e) => {
    if (!isOperatorChord(e) || !enabled()) return;
    e.preventDefault();
    // Keeps the attract screen from taking the same key press as "touch to begin".
    e.stopPropagation();
    if (!e.repeat) openOperator();
  }, capture);
}
