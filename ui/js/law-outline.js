// Law documents arrive from the core as a list of blocks (see docs/ipc.md).
// This module prepares them for display: it gives every heading a safe, unique id and an
// HTML heading tag (h2/h3/h4), and derives the table of contents from the headings.
// Pure functions, no DOM.

const SAFE_ID = /^[A-Za-z][A-Za-z0-9_-]*$/;
const TAGS = ['h2', 'h3', 'h4'];

/** Lower-case ASCII slug of a heading text ("§ 10101. Definitions" -> "10101-definitions"). */
export function slugify(text) {
  return String(text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

function text(v) {
  return typeof v === 'string' ? v : v == null ? '' : String(v);
}

/**
 * Normalise law blocks and build the outline.
 * @param {unknown} blocks as returned by get_law
 * @returns {{
 *   blocks: Array<
 *     | { kind: 'heading', id: string, tag: 'h2'|'h3'|'h4', depth: number, text: string }
 *     | { kind: 'paragraph', text: string }
 *     | { kind: 'list', ordered: boolean, items: string[] }
 *     | { kind: 'preformatted', text: string }>,
 *   outline: Array<{ id: string, text: string, depth: number }>
 * }}
 *   Block depth is 1 for the top heading level used in the document, 2 for the next, 3 below.
 *   The outline lists two heading levels in document order, with depth 1 and 2: normally the
 *   top two; when the document opens with its only top-level heading (a title), the two below.
 */
export function prepareLaw(blocks) {
  const list = Array.isArray(blocks) ? blocks.filter((b) => b && typeof b === 'object') : [];

  const levels = list
    .filter((b) => b.kind === 'heading')
    .map((b) => (Number.isInteger(b.level) && b.level > 0 ? b.level : 1));
  const top = levels.length ? Math.min(...levels) : 1;

  // A document that opens with a single top-level heading (e.g. "Chapter 108 — ...") uses it
  // as a title: the contents then list the level below it, which is what a reader navigates.
  const topCount = levels.filter((l) => l === top).length;
  const outlineTop = topCount === 1 && levels.length > 1 && levels[0] === top ? top + 1 : top;

  const used = new Set();
  const unique = (wanted) => {
    let id = wanted;
    for (let n = 2; used.has(id); n++) id = `${wanted}-${n}`;
    used.add(id);
    return id;
  };

  const out = [];
  const outline = [];
  let counter = 0;
  for (const b of list) {
    switch (b.kind) {
      case 'heading': {
        counter++;
        const t = text(b.text).trim();
        if (!t) break;
        const level = Number.isInteger(b.level) && b.level > 0 ? b.level : 1;
        const depth = Math.min(3, level - top + 1);
        const given = typeof b.id === 'string' && SAFE_ID.test(b.id) ? b.id : '';
        const slug = slugify(t);
        const id = unique(given || `sec-${slug || counter}`);
        out.push({ kind: 'heading', id, tag: TAGS[depth - 1], depth, text: t });
        const tocDepth = level - outlineTop + 1;
        if (tocDepth >= 1 && tocDepth <= 2) outline.push({ id, text: t, depth: tocDepth });
        break;
      }
      case 'paragraph': {
        const t = text(b.text).trim();
        if (t) out.push({ kind: 'paragraph', text: t });
        break;
      }
      case 'list': {
        const items = Array.isArray(b.items) ? b.items.map(text).filter((i) => i.trim() !== '') : [];
        if (items.length) out.push({ kind: 'list', ordered: b.ordered === true, items });
        break;
      }
      case 'preformatted': {
        const t = text(b.text);
        if (t.trim()) out.push({ kind: 'preformatted', text: t.replace(/\s+$/, '') });
        break;
      }
      default: {
        // Unknown block kinds from a newer core: show their text rather than drop it.
        const t = text(b.text).trim();
        if (t) out.push({ kind: 'paragraph', text: t });
      }
    }
  }
  return { blocks: out, outline };
}

/**
 * Just the table of contents.
 * @param {unknown} blocks
 * @returns {Array<{ id: string, text: string, depth: number }>}
 */
export function buildOutline(blocks) {
  return prepareLaw(blocks).outline;
}
