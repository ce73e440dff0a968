// Search in the open document: matches highlighted as the visitor types, counted ("3 of 12") and
// stepped through with the arrows or Enter. The text it searches arrives after the reader opens;
// a query typed meanwhile applies once it does.
import { h, listen } from '../../dom.js';
import { findMatches, splitText, stepMatch } from '../../law-search.js';
import { t } from '../../strings.js';
import { offsetIn, scrollBehavior } from './scroll.js';

// Typing pauses this long before the page repaints its highlights.
const SEARCH_DELAY_MS = 120;

/**
 * Wires the top bar's search tools to one reader; the listeners end with `signal`.
 * @param {{ tools: object, lang: string, scroller: HTMLElement, signal: AbortSignal }} opts
 */
export function createSearch({ tools, lang, scroller, signal }) {
  const { searchInput, searchCount, searchPrev, searchNext, searchClear } = tools;
  let segments = [];
  let segmentEls = [];
  let matches = [];
  let marks = [];
  let currentMatch = -1;
  const painted = new Set();
  let searchTimer = 0;

  function unpaint() {
    for (const k of painted) segmentEls[k].textContent = segments[k].text;
    painted.clear();
    marks = [];
  }
  function paint() {
    unpaint();
    const bySegment = new Map();
    matches.forEach((m, index) => {
      if (!bySegment.has(m.segment)) bySegment.set(m.segment, []);
      bySegment.get(m.segment).push({ start: m.start, end: m.end, index });
    });
    marks = new Array(matches.length);
    for (const [k, ranges] of bySegment) {
      const pieces = splitText(segments[k].text, ranges).map((p) => {
        if (p.match === null) return document.createTextNode(p.text);
        const mark = h('mark', { class: 'law-match', text: p.text });
        marks[p.match] = mark;
        return mark;
      });
      segmentEls[k].replaceChildren(...pieces);
      painted.add(k);
    }
  }
  function revealMatch(i) {
    const mark = marks[i];
    if (!mark) return;
    const top = offsetIn(scroller, mark) - scroller.clientHeight * 0.35;
    scroller.scrollTo({ top: Math.max(0, top), behavior: scrollBehavior() });
  }
  function setCurrent(i) {
    marks[currentMatch]?.classList.remove('is-current');
    marks[currentMatch]?.removeAttribute('aria-current');
    currentMatch = i;
    const mark = marks[i];
    if (mark) {
      mark.classList.add('is-current');
      mark.setAttribute('aria-current', 'true');
      revealMatch(i);
    }
    showCount();
  }
  function showCount() {
    const query = searchInput.value.trim();
    searchClear.hidden = searchInput.value === '';
    const counted = matches.length > 0;
    searchPrev.disabled = !counted;
    searchNext.disabled = !counted;
    if (counted) searchCount.textContent = t(lang, 'law_search_count', { current: currentMatch + 1, total: matches.length });
    else searchCount.textContent = query.length >= 2 && segments.length ? t(lang, 'law_search_none') : '';
    searchCount.dataset.total = String(matches.length);
  }
  function runSearch() {
    clearTimeout(searchTimer);
    searchTimer = 0;
    matches = findMatches(segments, searchInput.value);
    currentMatch = -1;
    paint();
    if (matches.length) setCurrent(0);
    else showCount();
  }
  function clearSearch() {
    searchInput.value = '';
    runSearch();
  }
  const step = (dir) => matches.length && setCurrent(stepMatch(currentMatch, matches.length, dir));
  searchInput.value = '';
  listen(searchInput, 'input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, SEARCH_DELAY_MS);
    searchClear.hidden = searchInput.value === '';
  }, signal);
  listen(searchInput, 'keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      // A query typed faster than the repaint is searched first, then stepped through.
      if (searchTimer) runSearch();
      else step(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      clearSearch();
    }
  }, signal);
  listen(searchPrev, 'click', () => step(-1), signal);
  listen(searchNext, 'click', () => step(1), signal);
  listen(searchClear, 'click', () => {
    clearSearch();
    searchInput.focus();
  }, signal);
  signal.addEventListener('abort', () => clearTimeout(searchTimer));
  showCount();

  return {
    /** The document's text arrived: its segments and the elements that show them. */
    setText(nextSegments, nextSegmentEls) {
      segments = nextSegments;
      segmentEls = nextSegmentEls;
    },
    /** The elements that hold the text, in reading order (text size keeps one of them in place). */
    segmentEls: () => segmentEls,
    /** A query typed while the text loaded applies to it now. */
    applyPending() {
      if (searchInput.value.trim()) runSearch();
    },
    /** After the text moved (a new size): the current match back in view. */
    revealCurrent() {
      if (currentMatch >= 0) revealMatch(currentMatch);
    },
  };
}
