// PIN entry logic shared by the PIN screen, first-run setup and "Change PIN". No DOM: the pad
// (pin-pad.js) feeds it keys and shows what it answers.

// The pad opens with 4 digits or more, so PINs chosen before the minimum was raised still work; a
// new PIN needs 6 (the core's gate::PIN_DIGITS, which refuses a shorter one anyway).
export const PIN_MIN_LENGTH = 4;
export const NEW_PIN_MIN_LENGTH = 6;
export const PIN_MAX_LENGTH = 8;
// The core always sends retryAfterSecs with rate_limited; this only covers a core that forgot.
const FALLBACK_RETRY_SECS = 30;

/** `minLength` (4 unless told) to 8 ASCII digits (docs/ipc.md). */
export function isValidPin(pin, minLength = PIN_MIN_LENGTH) {
  return typeof pin === 'string' && new RegExp(`^[0-9]{${minLength},${PIN_MAX_LENGTH}}$`).test(pin);
}

/** What the pad says when OK is pressed on too few digits. */
export function lengthMessage(minLength = PIN_MIN_LENGTH) {
  return `Enter ${minLength} to ${PIN_MAX_LENGTH} digits`;
}

/**
 * The pad key a physical key stands for, or null. Modifier chords are left alone (they belong to
 * the lockdown and the operator chord), and so is typing into a text field.
 * @param {{ key?: string, ctrlKey?: boolean, altKey?: boolean, metaKey?: boolean }} e
 * @returns {'0'|'1'|'2'|'3'|'4'|'5'|'6'|'7'|'8'|'9'|'backspace'|'ok'|'cancel'|null}
 */
export function padKeyFromKeyboard(e) {
  if (!e || e.ctrlKey || e.altKey || e.metaKey) return null;
  const key = typeof e.key === 'string' ? e.key : '';
  if (/^[0-9]$/.test(key)) return key;
  if (key === 'Backspace' || key === 'Delete') return 'backspace';
  if (key === 'Enter') return 'ok';
  if (key === 'Escape') return 'cancel';
  return null;
}

/**
 * Apply one pad key to the digits typed so far.
 * @param {string} digits
 * @param {string} key '0'..'9', 'backspace', 'ok' or 'cancel'
 * @param {number} [minLength] the fewest digits OK accepts
 * @returns {{ digits: string, action: null | 'submit' | 'cancel' | 'too-short' }}
 *   submit: `digits` is a complete PIN to check; too-short: OK pressed on fewer than `minLength`
 */
export function pressPinKey(digits, key, minLength = PIN_MIN_LENGTH) {
  const d = typeof digits === 'string' ? digits : '';
  if (/^[0-9]$/.test(key)) {
    // Extra digits are dropped rather than shifting the PIN: what was typed stays what is sent.
    return { digits: d.length < PIN_MAX_LENGTH ? d + key : d, action: null };
  }
  if (key === 'backspace') return { digits: d.slice(0, -1), action: null };
  if (key === 'cancel') return { digits: '', action: 'cancel' };
  if (key === 'ok') return isValidPin(d, minLength) ? { digits: d, action: 'submit' } : { digits: d, action: 'too-short' };
  return { digits: d, action: null };
}

/**
 * Choosing a new PIN (NEW_PIN_MIN_LENGTH digits or more): type it, then type it again. A mismatch
 * starts over from the first entry (the operator may have mistyped either one).
 */
export function createNewPinFlow() {
  let first = null;
  return {
    /** 'choose' or 'confirm' */
    get step() {
      return first === null ? 'choose' : 'confirm';
    },
    /**
     * @param {string} pin
     * @returns {{ done: string } | { next: 'confirm' } | { error: 'too-short' | 'mismatch' }}
     */
    submit(pin) {
      if (!isValidPin(pin, NEW_PIN_MIN_LENGTH)) return { error: 'too-short' };
      if (first === null) {
        first = pin;
        return { next: 'confirm' };
      }
      const chosen = first;
      first = null;
      return pin === chosen ? { done: chosen } : { error: 'mismatch' };
    },
    reset() {
      first = null;
    },
  };
}

/**
 * How long the pad must wait after a rate_limited refusal, in whole seconds (at least 1).
 * @param {{ retryAfterSecs?: unknown }} err
 */
export function retryDelaySecs(err) {
  const v = err && typeof err === 'object' ? err.retryAfterSecs : undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return FALLBACK_RETRY_SECS;
  return Math.max(1, Math.ceil(v));
}

/** The rate-limit message for the seconds left. */
export function retryMessage(secs) {
  return `Too many attempts. Try again in ${Math.max(0, Math.ceil(secs))} s`;
}
