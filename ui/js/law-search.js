// Search inside a law document, on its data: the prepared blocks of law-outline.js, not the page.
// The count a visitor reads ("3 of 12") comes from here; the screen only paints what it finds.
// Matching ignores case and accents ("Sanctión" finds "sanction", "ё" finds "е") and works the
// same for Cyrillic. Pure functions, no DOM.

/** Shorter queries match nearly every line and say nothing. */
export const MIN_QUERY_LENGTH = 2;

const COMBINING = /[\u0300-\u036f]/;
const CYRILLIC = /[\u0400-\u04ff]/;
// Typography a visitor cannot type on a kiosk keyboard, folded to what they can.
const LOOK_ALIKE = new Map([
  ['\u00a0', ' '],
  ['\u2009', ' '],
  ['\u202f', ' '],
  ['\u2018', "'"],
  ['\u2019', "'"],
  ['\u201c', '"'],
  ['\u201d', '"'],
  ['\u00ab', '"'],
  ['\u00bb', '"'],
  ['\u2010', '-'],
  ['\u2011', '-'],
  ['\u2013', '-'],
  ['\u2014', '-'],
]);

/** One character (code point) as search compares it: may be longer ("ß" stays, "İ" -> "i"), or empty (a lone accent). */
function foldChar(ch) {
  const swapped = LOOK_ALIKE.get(ch);
  if (swapped) return swapped;
  const decomposed = ch.normalize('NFD');
  let out = '';
  for (const part of decomposed) {
    // "й" is its own letter in Russian, not an accented "и"; every other accent goes.
    if (COMBINING.test(part) && !(part === '\u0306' && CYRILLIC.test(decomposed[0]))) continue;
    out += part;
  }
  return out.normalize('NFC').toLowerCase();
}

/**
 * Fold a text for matching, remembering where each folded character came from.
 * @param {string} text
 * @returns {{ folded: string, start: number[], end: number[] }} for folded index i, the original
 *   text's range [start[i], end[i]) (UTF-16 offsets); a dropped accent joins the character before it
 */
export function foldText(text) {
  const src = String(text ?? '');
  let folded = '';
  const start = [];
  const end = [];
  let offset = 0;
  for (const ch of src) {
    const f = foldChar(ch);
    const next = offset + ch.length;
    if (f === '') {
      if (end.length) end[end.length - 1] = next;
    } else {
      for (let i = 0; i < f.length; i++) {
        start.push(offset);
        end.push(next);
      }
      folded += f;
    }
    offset = next;
  }
  return { folded, start, end };
}

/** The query as matched: folded, trimmed, inner runs of spaces as one. */
export function foldQuery(query) {
  return foldText(String(query ?? '').trim().replace(/\s+/g, ' ')).folded;
}

/**
 * The searchable texts of a document, in reading order: each heading, paragraph, list item and
 * preformatted block is one segment (the screen renders each as one element holding one text).
 * @param {Array<object>} blocks prepared blocks (law-outline.js prepareLaw().blocks)
 * @returns {Array<{ block: number, item: number | null, text: string }>}
 */
export function segmentsOf(blocks) {
  const out = [];
  (Array.isArray(blocks) ? blocks : []).forEach((b, block) => {
    if (!b || typeof b !== 'object') return;
    if (b.kind === 'list') {
      (Array.isArray(b.items) ? b.items : []).forEach((text, item) => out.push({ block, item, text: String(text) }));
    } else if (typeof b.text === 'string') {
      out.push({ block, item: null, text: b.text });
    }
  });
  return out;
}

/**
 * Every occurrence of `query` in `segments`, in reading order, without overlaps.
 * @param {Array<{ text: string }>} segments
 * @param {string} query as typed
 * @returns {Array<{ segment: number, start: number, end: number }>} ranges in the segment's own text
 */
export function findMatches(segments, query) {
  const needle = foldQuery(query);
  if ([...needle].length < MIN_QUERY_LENGTH) return [];
  const out = [];
  (Array.isArray(segments) ? segments : []).forEach((seg, segment) => {
    const { folded, start, end } = foldText(seg?.text);
    let from = 0;
    for (;;) {
      const at = folded.indexOf(needle, from);
      if (at < 0) break;
      out.push({ segment, start: start[at], end: end[at + needle.length - 1] });
      from = at + needle.length;
    }
  });
  return out;
}

/**
 * A segment's text cut into plain and matched pieces, for painting with text nodes and <mark>.
 * @param {string} text
 * @param {Array<{ start: number, end: number, index: number }>} ranges sorted, non-overlapping;
 *   `index` is the match's number in the whole document
 * @returns {Array<{ text: string, match: number | null }>} pieces that join back to `text`
 */
export function splitText(text, ranges) {
  const src = String(text ?? '');
  const out = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start < at || r.end <= r.start || r.end > src.length) continue;
    if (r.start > at) out.push({ text: src.slice(at, r.start), match: null });
    out.push({ text: src.slice(r.start, r.end), match: r.index });
    at = r.end;
  }
  if (at < src.length || !out.length) out.push({ text: src.slice(at), match: null });
  return out;
}

/**
 * Next or previous match number, wrapping around the ends.
 * @param {number} current -1 when none is current yet
 * @param {number} total
 * @param {1 | -1} step
 */
export function stepMatch(current, total, step) {
  if (total <= 0) return -1;
  if (current < 0) return step > 0 ? 0 : total - 1;
  return (((current + step) % total) + total) % total;
}
