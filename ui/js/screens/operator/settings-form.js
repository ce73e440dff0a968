// The panel's form: every control of the operator's settings, filled from get_settings and read
// back for settingsFromForm. The Playback and Screen cards are drawn here; the content folder's
// control lives here too (it is saved with the rest) and is placed by the Content card.
import { h, listen } from '../../dom.js';
import { languageName } from '../../languages.js';
import { displayPowerText, IDLE_MAX_SECS, IDLE_MIN_SECS, normalizeSettings } from '../../settings.js';
import { field, option, section, setSelect, toggle } from './controls.js';

const DEFAULT_HOURS = { opens: '10:00', closes: '22:00' };
// Before the doors open: a fresh process for the day, nobody watching.
const DEFAULT_RESTART_AT = '06:00';

function createControls() {
  return {
    volume: h('input', { type: 'range', min: '0', max: '100', step: '1', class: 'op-range', testid: 'op-volume' }),
    volumeValue: h('output', { class: 'op-range-value', testid: 'op-volume-value' }),
    attractAudio: toggle('op-attract-audio'),
    defaultLanguage: h('select', { class: 'op-select', testid: 'op-default-language' }),
    captionsDefault: toggle('op-captions-default'),
    idleTimeoutSecs: h('input', {
      type: 'number',
      min: String(IDLE_MIN_SECS),
      max: String(IDLE_MAX_SECS),
      step: '1',
      inputmode: 'numeric',
      'data-selectable': '',
      class: 'op-input op-input-number',
      testid: 'op-idle-timeout',
    }),
    display: h('select', { class: 'op-select', testid: 'op-display' }),
    filmDisplay: h('select', { class: 'op-select', testid: 'op-film-display' }),
    whenDisplayGone: h(
      'select',
      { class: 'op-select', testid: 'op-when-display-gone' },
      option('move', 'The remaining screen shows the whole kiosk'),
      option('wait', 'Each screen waits for its own display'),
    ),
    hoursEnabled: toggle('op-hours-enabled'),
    opens: h('input', { type: 'time', class: 'op-input op-input-time', testid: 'op-opens', 'aria-label': 'Opens at' }),
    closes: h('input', { type: 'time', class: 'op-input op-input-time', testid: 'op-closes', 'aria-label': 'Closes at' }),
    startAtLogin: toggle('op-start-at-login'),
    restartEnabled: toggle('op-restart-enabled'),
    restartAt: h('input', { type: 'time', class: 'op-input op-input-time', testid: 'op-restart-at', 'aria-label': 'Restart at' }),
    contentDir: h('input', {
      type: 'text',
      class: 'op-input op-input-path',
      testid: 'op-content-dir',
      'data-selectable': '',
      spellcheck: 'false',
      autocomplete: 'off',
      autocapitalize: 'off',
      placeholder: 'Empty: the pack bundled with the app',
    }),
  };
}

/** The form's controls and what the panel does with them; listeners end with `signal`. */
export function createSettingsForm(signal) {
  const f = createControls();
  // settingsFromForm names the field it refuses; this is where the operator's eye should go.
  const controlOf = { volume: f.volume, idleTimeoutSecs: f.idleTimeoutSecs, filmDisplay: f.filmDisplay, openingHours: f.opens, dailyRestart: f.restartAt };

  const showVolume = () => {
    f.volumeValue.textContent = `${f.volume.value} %`;
  };
  const showHours = () => {
    f.opens.disabled = !f.hoursEnabled.checked;
    f.closes.disabled = !f.hoursEnabled.checked;
    if (f.hoursEnabled.checked && !f.opens.value && !f.closes.value) {
      f.opens.value = DEFAULT_HOURS.opens;
      f.closes.value = DEFAULT_HOURS.closes;
    }
  };
  listen(f.volume, 'input', showVolume, signal);
  listen(f.hoursEnabled, 'change', showHours, signal);
  const showRestart = () => {
    f.restartAt.disabled = !f.restartEnabled.checked;
    if (f.restartEnabled.checked && !f.restartAt.value) f.restartAt.value = DEFAULT_RESTART_AT;
  };
  listen(f.restartEnabled, 'change', showRestart, signal);

  function fill(raw) {
    const s = normalizeSettings(raw);
    f.volume.value = String(s.volume);
    showVolume();
    f.attractAudio.checked = s.attractAudio;
    setSelect(f.defaultLanguage, s.defaultLanguage, (v) => `${languageName(v)} (${v}, not in this pack)`);
    f.captionsDefault.checked = s.captionsDefault;
    f.idleTimeoutSecs.value = String(s.idleTimeoutSecs);
    setSelect(f.display, s.display, (v) => `${v} (not connected)`);
    setSelect(f.filmDisplay, s.filmDisplay, (v) => `${v} (not connected)`);
    f.whenDisplayGone.value = s.whenDisplayGone;
    f.hoursEnabled.checked = Boolean(s.openingHours);
    f.opens.value = s.openingHours?.opens || '';
    f.closes.value = s.openingHours?.closes || '';
    showHours();
    f.startAtLogin.checked = s.startAtLogin;
    f.contentDir.value = s.contentDir || '';
    f.restartEnabled.checked = Boolean(s.dailyRestart);
    f.restartAt.value = s.dailyRestart || '';
    showRestart();
  }

  function values() {
    return {
      volume: f.volume.value,
      attractAudio: f.attractAudio.checked,
      defaultLanguage: f.defaultLanguage.value,
      captionsDefault: f.captionsDefault.checked,
      idleTimeoutSecs: f.idleTimeoutSecs.value,
      display: f.display.value,
      filmDisplay: f.filmDisplay.value,
      whenDisplayGone: f.whenDisplayGone.value,
      hoursEnabled: f.hoursEnabled.checked,
      opens: f.opens.value,
      closes: f.closes.value,
      startAtLogin: f.startAtLogin.checked,
      contentDir: f.contentDir.value,
      restartEnabled: f.restartEnabled.checked,
      restartAt: f.restartAt.value,
    };
  }

  /** The choices this kiosk offers (the pack's languages, the connected displays), then the settings. */
  function load(p) {
    const packLanguages = Array.isArray(p.pack?.languages) ? p.pack.languages.filter((x) => typeof x === 'string') : [];
    f.defaultLanguage.replaceChildren(option('', 'Pack default'), ...packLanguages.map((t) => option(t, `${languageName(t)} (${t})`)));
    const displays = Array.isArray(p.displays) ? p.displays.filter((d) => d && typeof d.name === 'string' && d.name) : [];
    const listed = (d) => option(d.name, `${d.name} \u00b7 ${d.width}\u00d7${d.height}${d.primary ? ' (primary)' : ''}`);
    f.display.replaceChildren(option('', 'Primary display'), ...displays.map(listed));
    f.filmDisplay.replaceChildren(option('', 'None: one screen'), ...displays.map(listed));
    fill(p.settings);
    f.startAtLogin.disabled = !autostartAvailable(p);
  }

  function playbackCard() {
    return section(
      'Playback',
      'op-section-playback',
      field({ label: 'Volume', hint: 'The trailer, and the attract loop when it has sound.', control: f.volume, extra: f.volumeValue }),
      field({ label: 'Attract loop with sound', hint: 'Otherwise the loop plays muted.', control: f.attractAudio, inline: true }),
      field({ label: 'Default language', hint: 'Each new visitor starts in it.', control: f.defaultLanguage }),
      field({ label: 'Captions on by default', hint: 'When a visitor starts the trailer.', control: f.captionsDefault, inline: true }),
      field({
        label: 'Back to the attract loop after',
        hint: `Seconds without a touch (${IDLE_MIN_SECS} to ${IDLE_MAX_SECS}).`,
        control: f.idleTimeoutSecs,
        extra: h('span', { class: 'op-unit', text: 's' }),
      }),
    );
  }

  function screenCard(p) {
    return section(
      'Screen',
      'op-section-screen',
      field({ label: 'Display', hint: 'With a film screen, this is the touch screen.', control: f.display }),
      field({
        label: 'Film screen',
        hint: 'A second display that loops the film and plays the trailer a visitor starts on the touch screen.',
        control: f.filmDisplay,
      }),
      field({ label: 'When a display is gone', control: f.whenDisplayGone }),
      h('p', { class: 'op-hint', testid: 'op-display-power', text: displayPowerText(p?.displayPower) }),
      field({ label: 'Opening hours', hint: 'Outside them the kiosk shows a calm \u201cClosed\u201d slate.', control: f.hoursEnabled, inline: true }),
      h(
        'div',
        { class: 'op-hours' },
        h('label', { class: 'op-time' }, h('span', { class: 'op-time-label', text: 'Opens' }), f.opens),
        h('label', { class: 'op-time' }, h('span', { class: 'op-time-label', text: 'Closes' }), f.closes),
        h('p', { class: 'op-hint op-hours-hint', text: 'A closing time earlier than the opening time means open over midnight.' }),
      ),
      field({
        label: 'Daily restart',
        hint: 'A fresh start every day at this time, once the kiosk is at rest (needs the restart-on-exit setup of the deployment guide).',
        control: f.restartEnabled,
        inline: true,
      }),
      h('div', { class: 'op-hours' }, h('label', { class: 'op-time' }, h('span', { class: 'op-time-label', text: 'Restart at' }), f.restartAt)),
      field({
        label: 'Start at login',
        hint: autostartAvailable(p) ? 'The kiosk starts when the kiosk user logs in.' : 'Not available on this system.',
        control: f.startAtLogin,
        inline: true,
      }),
    );
  }

  return { contentDir: f.contentDir, controlOf, fill, values, load, playbackCard, screenCard };
}

const autostartAvailable = (p) => p.autostartAvailable !== false;

