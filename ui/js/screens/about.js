// About the film: poster, synopsis, key facts, and the case's timeline as a strip to swipe.
import { h, listen, prefersReducedMotion } from '../dom.js';
import { icon } from '../icons.js';
import { topBar, posterImage } from '../chrome.js';
import { formatDate, joinMeta, sourceHost, splitParagraphs } from '../format.js';
import { label } from '../pack.js';
import { stringsLanguage, t } from '../strings.js';

// A mouse drag shorter than this is a click, not a swipe.
const DRAG_THRESHOLD_PX = 6;

function timelineEvent(event, lang) {
  const host = sourceHost(event.source);
  return h(
    'li',
    { class: 'timeline-event', testid: 'timeline-event' },
    event.date ? h('time', { class: 'timeline-date', testid: 'timeline-date', datetime: event.date, text: formatDate(event.date, lang) }) : null,
    h('p', { class: 'timeline-text', text: event.text }),
    // Plain text, never a link: the kiosk opens nothing outside itself.
    host ? h('p', { class: 'timeline-source', testid: 'timeline-source', text: t(lang, 'timeline_source', { source: host }) }) : null,
  );
}

/** The strip, its previous/next buttons and the position readout; returns null without events. */
function timeline(pack, lang, signal) {
  const events = pack.timeline;
  if (!events.length) return null;
  const items = events.map((e) => timelineEvent(e, lang));
  const list = h('ol', { class: 'timeline-list' }, items);
  const strip = h('div', { class: 'timeline-strip', testid: 'timeline-strip', tabindex: '0', role: 'group', 'aria-label': t(lang, 'timeline') }, list);
  const prev = h('button', { type: 'button', class: 'timeline-step', testid: 'timeline-prev', 'aria-label': t(lang, 'timeline_previous') }, icon('back'));
  const next = h('button', { type: 'button', class: 'timeline-step', testid: 'timeline-next', 'aria-label': t(lang, 'timeline_next') }, icon('chevron'));
  const position = h('p', { class: 'timeline-position', testid: 'timeline-position', 'aria-live': 'polite' });

  const smooth = () => (prefersReducedMotion() ? 'auto' : 'smooth');
  const offsetOf = (i) => items[i].offsetLeft - items[0].offsetLeft;
  const maxScroll = () => strip.scrollWidth - strip.clientWidth;
  /** The event nearest the strip's start edge. */
  function current() {
    let best = 0;
    for (let i = 1; i < items.length; i++) {
      if (Math.abs(offsetOf(i) - strip.scrollLeft) < Math.abs(offsetOf(best) - strip.scrollLeft)) best = i;
    }
    return best;
  }
  function update() {
    const atStart = strip.scrollLeft <= 1;
    const atEnd = strip.scrollLeft >= maxScroll() - 1;
    // aria-disabled rather than disabled: a focused button that became disabled would drop focus.
    prev.setAttribute('aria-disabled', String(atStart));
    next.setAttribute('aria-disabled', String(atEnd));
    const shown = atEnd ? items.length : current() + 1;
    position.textContent = t(lang, 'timeline_position', { current: shown, total: items.length });
  }
  function go(i) {
    const target = Math.max(0, Math.min(items.length - 1, i));
    strip.scrollTo({ left: Math.min(offsetOf(target), maxScroll()), behavior: smooth() });
  }
  listen(prev, 'click', () => prev.getAttribute('aria-disabled') !== 'true' && go(current() - 1), signal);
  listen(next, 'click', () => next.getAttribute('aria-disabled') !== 'true' && go(current() + 1), signal);
  let pending = 0;
  listen(
    strip,
    'scroll',
    () => {
      if (pending) return;
      pending = requestAnimationFrame(() => {
        pending = 0;
        update();
      });
    },
    signal,
    { passive: true },
  );

  // Touch screens swipe natively; a mouse (or a touch screen that reports itself as one) drags.
  let drag = null;
  listen(
    strip,
    'pointerdown',
    (e) => {
      if (e.pointerType === 'touch' || e.button !== 0) return;
      drag = { id: e.pointerId, x: e.clientX, left: strip.scrollLeft, moved: false };
    },
    signal,
  );
  listen(
    strip,
    'pointermove',
    (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      const dx = e.clientX - drag.x;
      if (!drag.moved && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
      if (!drag.moved) {
        drag.moved = true;
        strip.classList.add('dragging');
        strip.setPointerCapture?.(e.pointerId);
      }
      strip.scrollLeft = drag.left - dx;
    },
    signal,
  );
  const endDrag = (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    const moved = drag.moved;
    drag = null;
    if (!moved) return;
    strip.classList.remove('dragging');
    go(current());
  };
  listen(strip, 'pointerup', endDrag, signal);
  listen(strip, 'pointercancel', endDrag, signal);

  requestAnimationFrame(update);
  return h(
    'section',
    { class: 'about-timeline', testid: 'about-timeline', 'aria-labelledby': 'about-timeline-heading' },
    h(
      'header',
      { class: 'timeline-head' },
      h('h2', { class: 'section-label', id: 'about-timeline-heading', text: t(lang, 'timeline') }),
      h('div', { class: 'timeline-controls' }, prev, position, next),
    ),
    strip,
  );
}

export function mount(root, { pack, language }, actions) {
  const ac = new AbortController();
  const film = pack.film;
  const lang = stringsLanguage(pack.language || language);
  const bar = topBar({ onBack: () => actions.go('home'), language: lang });
  const screen = h('div', { class: 'about' });

  const figure = h('figure', { class: 'about-poster' });
  figure.append(posterImage(film.posterUrl, { class: 'about-poster-img', testid: 'about-poster', alt: t(lang, 'poster_alt', { title: film.title }) }, screen));

  const paragraphs = splitParagraphs(film.synopsis);
  const synopsis = h(
    'div',
    { class: 'about-synopsis', testid: 'about-synopsis' },
    paragraphs.map((p) => h('p', { text: p })),
  );

  const facts = h(
    'dl',
    { class: 'about-facts', testid: 'about-facts' },
    film.facts.map((f) => h('div', { class: 'fact' }, h('dt', { text: f.label }), h('dd', { text: f.value }))),
  );

  const meta = joinMeta(film.year, film.country);
  const text = h(
    'div',
    { class: 'about-text' },
    h('p', { class: 'eyebrow', text: label(pack, 'about_the_film', t(lang, 'about_the_film')) }),
    h('h1', { class: 'about-title', text: film.title }),
    meta ? h('p', { class: 'about-meta', text: meta }) : null,
    synopsis,
    film.facts.length ? h('h2', { class: 'section-label', text: t(lang, 'key_facts') }) : null,
    facts,
  );

  screen.append(
    bar.el,
    h('div', { class: 'scroller about-scroller', testid: 'about-scroller' }, h('div', { class: 'about-layout' }, figure, text), timeline(pack, lang, ac.signal)),
  );
  root.append(screen);
  return {
    unmount() {
      ac.abort();
    },
  };
}
