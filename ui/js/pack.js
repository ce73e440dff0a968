// Defensive normalisation of the get_pack answer (docs/ipc.md) so the screens can
// rely on types: strings are strings, lists are lists, optional values are null.
//
// It rebuilds the pack from the fields it knows rather than passing the answer through: a screen
// then never meets a value of a type it did not expect. The price is that a field the core adds
// is dropped until it is named here; pack.test.js catches that by walking every key of
// tests/fixtures/pack-view.json (the core's own serialization, checked by a Rust test).

function str(v) {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}
function optStr(v) {
  const s = str(v);
  return s === '' ? null : s;
}
function arr(v) {
  return Array.isArray(v) ? v.filter((x) => x !== null && typeof x === 'object') : [];
}

/**
 * @param {unknown} raw the get_pack answer
 * @returns {object} a pack with every field present and typed
 * @throws {Error} when the answer has no film title (nothing sensible to show)
 */
export function normalizePack(raw) {
  if (!raw || typeof raw !== 'object') throw new Error('pack: not an object');
  const film = raw.film && typeof raw.film === 'object' ? raw.film : {};
  const title = str(film.title);
  if (!title) throw new Error('pack: film has no title');
  const y = typeof film.year === 'string' ? Number(film.year.trim()) : film.year;
  const year = Number.isInteger(y) && y > 0 ? y : null;
  const trailer = raw.trailer && typeof raw.trailer === 'object' ? raw.trailer : {};
  return {
    id: str(raw.id),
    generation: Number.isInteger(raw.generation) && raw.generation > 0 ? raw.generation : 0,
    film: {
      title,
      year,
      country: optStr(film.country),
      synopsis: str(film.synopsis),
      posterUrl: optStr(film.posterUrl),
      facts: arr(film.facts)
        .map((f) => ({ label: str(f.label), value: str(f.value) }))
        .filter((f) => f.label || f.value),
    },
    trailer: {
      note: optStr(trailer.note),
      renditions: arr(trailer.renditions)
        .map((r) => ({ url: str(r.url), mime: str(r.mime) }))
        .filter((r) => r.url),
      captions: arr(trailer.captions)
        .map((c) => ({ language: str(c.language), label: str(c.label), url: str(c.url) }))
        .filter((c) => c.url && c.language),
      // Nothing plays these yet; kept so the pack the screens read is the whole get_pack answer.
      audioDescription: arr(trailer.audioDescription)
        .map((a) => ({ language: str(a.language), url: str(a.url) }))
        .filter((a) => a.url && a.language),
    },
    credits: arr(raw.credits)
      .map((g) => ({
        heading: str(g.heading),
        logos: arr(g.logos)
          .map((l) => ({ url: str(l.url), alt: str(l.alt) }))
          .filter((l) => l.url),
        entries: arr(g.entries)
          .map((e) => ({ role: str(e.role), names: (Array.isArray(e.names) ? e.names : []).map(str).filter(Boolean) }))
          .filter((e) => e.role || e.names.length),
      }))
      .filter((g) => g.heading || g.entries.length || g.logos.length),
    legislation: arr(raw.legislation)
      .map((d) => ({
        id: str(d.id),
        title: str(d.title),
        citation: str(d.citation),
        sourceUrl: str(d.sourceUrl),
        status: d.status === 'full' ? 'full' : 'excerpt',
        note: optStr(d.note),
        language: optStr(d.language),
      }))
      .filter((d) => d.id && d.title),
    // Kept in the pack's order (it promises chronological order; an "end of 2007" event may
    // follow "October 2007"). Dates stay ISO strings: each screen formats them in its language.
    timeline: arr(raw.timeline)
      .map((e) => ({ date: str(e.date), text: str(e.text), source: str(e.source) }))
      .filter((e) => e.text),
    language: optStr(raw.language),
    languages: (Array.isArray(raw.languages) ? raw.languages : []).map(str).filter(Boolean),
    defaultLanguage: optStr(raw.defaultLanguage),
    labels: labels(raw.labels),
  };
}

/** The pack's rewording of interface labels: only non-empty strings survive. */
function labels(raw) {
  const out = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [key, value] of Object.entries(raw)) {
    const text = str(value);
    if (text) out[key] = text;
  }
  return out;
}

/** A label the pack may reword (`touch_to_begin`, `watch_trailer`, ...), else the kiosk's wording. */
export function label(pack, key, fallback) {
  return pack?.labels?.[key] || fallback;
}

/** Label shown for a document's status. Anything not explicitly "full" is an excerpt. */
export function statusLabel(status) {
  return status === 'full' ? 'Full text' : 'Excerpt';
}

/**
 * Whether a `pack-changed` announcement names a pack newer than the one on show. The first pack
 * is checked after the page has started, so the page may already show the pack whose
 * announcement arrives next; that one must not restart the attract loop.
 * @param {{ generation: number } | null} shown
 * @param {unknown} announced the event's payload, the new pack's generation
 */
export function isNewerPack(shown, announced) {
  if (!shown) return true;
  if (!Number.isInteger(announced)) return true;
  return announced > shown.generation;
}
