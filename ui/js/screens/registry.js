// The one list of the kiosk's screens and what kind each is. The router, the idle timeout, the
// visit counter, the operator gesture and the tests all read it, so a new screen is named once
// and its kind decides how the rest of the kiosk treats it. Pure data: node tests import it
// without a DOM (the screens' modules are mapped in modules.js).

/**
 * - `rest`: where the kiosk waits with nobody using it; reaching one ends a visit.
 * - `visit`: a visitor is in the middle of something; the idle timeout brings them back to rest.
 * - `staff`: operator mode; the corner gesture is off there, and nothing the core announces
 *   (opening hours, a new pack) takes the screen away from the operator.
 */
export const SCREEN_KINDS = Object.freeze(['rest', 'visit', 'staff']);

/** Every screen, by its `body[data-screen]` name and its file `screens/<name>.js`, in docs/ipc.md's order. */
export const SCREENS = Object.freeze([
  { name: 'attract', kind: 'rest' },
  { name: 'home', kind: 'visit' },
  { name: 'trailer', kind: 'visit' },
  { name: 'now-playing', kind: 'visit' },
  { name: 'credits', kind: 'visit' },
  { name: 'law', kind: 'visit' },
  { name: 'about', kind: 'visit' },
  { name: 'fatal', kind: 'rest' },
  { name: 'closed', kind: 'rest' },
  { name: 'standby', kind: 'rest' },
  { name: 'pin', kind: 'staff' },
  { name: 'operator', kind: 'staff' },
  { name: 'operator-setup', kind: 'staff' },
].map(Object.freeze));

export const SCREEN_NAMES = Object.freeze(SCREENS.map((s) => s.name));

/** The names of one kind's screens. */
export function screensOfKind(kind) {
  return new Set(SCREENS.filter((s) => s.kind === kind).map((s) => s.name));
}

/** Attract, closed, fatal and standby: the kiosk at rest. */
export const REST_SCREENS = screensOfKind('rest');
/** Where a visitor is in the middle of something: the idle timer runs there. */
export const VISIT_SCREENS = screensOfKind('visit');
/** Operator mode: the operator screens have their own timeouts. */
export const STAFF_SCREENS = screensOfKind('staff');
