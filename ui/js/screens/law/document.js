// A law text's blocks as elements. Search paints its highlights into the elements that hold each
// search segment's text, so this also says which those are (law-search.js segmentsOf order).
import { h } from '../../dom.js';

/** @returns {{ nodes: HTMLElement[], segmentEls: HTMLElement[] }} */
export function renderDocument(blocks) {
  const nodes = [];
  const segmentEls = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading': {
        // tabindex -1: the contents move focus here without adding a tab stop per heading.
        const el = h(b.tag, { id: b.id, class: ['law-h', `law-h${b.depth}`], tabindex: '-1', text: b.text });
        nodes.push(el);
        segmentEls.push(el);
        break;
      }
      case 'paragraph': {
        const el = h('p', { text: b.text });
        nodes.push(el);
        segmentEls.push(el);
        break;
      }
      case 'list': {
        const items = b.items.map((i) => h('li', { text: i }));
        nodes.push(h(b.ordered ? 'ol' : 'ul', null, items));
        segmentEls.push(...items);
        break;
      }
      case 'preformatted': {
        const el = h('pre', { text: b.text });
        nodes.push(el);
        segmentEls.push(el);
        break;
      }
      default:
    }
  }
  return { nodes, segmentEls };
}
