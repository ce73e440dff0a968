// Scrolling inside the reader's text column: smooth unless the visitor asked for less motion,
// and positions measured in the column's own scroll coordinates.
import { prefersReducedMotion } from '../../dom.js';

export const scrollBehavior = () => (prefersReducedMotion() ? 'auto' : 'smooth');

/** Where `el` sits in the text scrolled by `scroller`, in scroll coordinates. */
export const offsetIn = (scroller, el) => el.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;

/** Scrolls `container` just enough to show `el` (scrollIntoView would move the page too). */
export function keepInView(container, el) {
  if (!container.clientHeight) return;
  const c = container.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  if (r.top < c.top) container.scrollTop -= c.top - r.top + 16;
  else if (r.bottom > c.bottom) container.scrollTop += r.bottom - c.bottom + 16;
}
