// A visitor's display choices (home's "High contrast", "Larger text") last for their visit only:
// the next visitor starts with the kiosk as the operator set it up.

/** @param {HTMLElement} body where the choices show, as classes */
export function createAccess(body) {
  const access = { highContrast: false, largeText: false };
  function apply() {
    body.classList.toggle('high-contrast', access.highContrast);
    body.classList.toggle('large-text', access.largeText);
  }
  return {
    /** A copy for a screen's props. */
    snapshot: () => ({ ...access }),
    /** `highContrast` or `largeText`, on or off, until the next rest. */
    set(name, on) {
      if (!Object.hasOwn(access, name)) return;
      access[name] = Boolean(on);
      apply();
    },
    reset() {
      access.highContrast = false;
      access.largeText = false;
      apply();
    },
  };
}
