// Tiny DOM builder. Everything that comes from disk reaches the page through
// textContent / createTextNode here; there is no innerHTML anywhere in the UI.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, props) {
  if (!props) return;
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    switch (key) {
      case 'class':
        el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value));
        break;
      case 'text':
        el.textContent = String(value);
        break;
      case 'testid':
        el.setAttribute('data-testid', String(value));
        break;
      case 'data':
        for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) el.dataset[k] = String(v);
        break;
      case 'on':
        for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
        break;
      case 'style':
        // CSP forbids style attributes; use el.style.* from code instead.
        throw new Error('h(): style attributes are not allowed');
      default:
        if (/^on/i.test(key)) throw new Error('h(): inline handlers are not allowed');
        el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/**
 * Create an HTML element.
 * @param {string} tag
 * @param {object} [props] class, text, testid, data, on, or plain attributes
 * @param {...(Node|string|number|null|undefined|false|Array)} children
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  apply(el, props);
  append(el, children);
  return el;
}

/** Create an SVG element (same props as h()). */
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, props);
  append(el, children);
  return el;
}

/** Listen with automatic removal when `signal` aborts. */
export function listen(target, type, fn, signal, options = {}) {
  target.addEventListener(type, fn, { ...options, signal });
}

/** Does the user prefer reduced motion? */
export function prefersReducedMotion() {
  try {
    return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  } catch {
    return false;
  }
}

/** Stop a <video> and release its decoder and network connection. */
export function releaseVideo(video) {
  if (!video) return;
  try {
    video.pause();
    video.removeAttribute('src');
    video.load();
  } catch {
    /* nothing sensible to do */
  }
}
