// The Content card: which pack folder the kiosk reads, a check of another folder before it is
// saved, a reload, and what the kiosk shows now (with the warnings and the last refusal), so
// staff can swap a pack without a terminal.
import { h, listen } from '../../dom.js';
import * as api from '../../api.js';
import { languageName } from '../../languages.js';
import { busy, button, definitionList, field, section } from './controls.js';

/**
 * @param {object} opts
 * @param {ReturnType<import('./session.js').createSession>} opts.session
 * @param {HTMLInputElement} opts.contentDir the form's folder control
 * @param {() => object | null} opts.panel the last operator_panel answer
 * @param {() => void} opts.refresh re-read the panel after a reload
 * @param {AbortSignal} opts.signal
 */
export function createContentCard({ session, contentDir, panel, refresh, signal }) {
  const checkFolder = button('op-check-folder', 'Check folder');
  const reload = button('op-reload', 'Reload pack now');
  const reportStatus = h('p', { class: 'op-report-status', testid: 'op-report-status', role: 'status' });
  const report = h('pre', { class: 'op-report', testid: 'op-report', 'data-selectable': '' });
  const reportBox = h('div', { class: 'op-report-box', hidden: true }, reportStatus, report);
  const packInfo = h('div', { class: 'op-pack', testid: 'op-pack' });
  const contentNote = h('p', { class: 'op-note', testid: 'op-content-note', hidden: true });

  function showReport(result, okText, badText) {
    const ok = result?.ok === true;
    reportBox.hidden = false;
    reportStatus.textContent = ok ? okText : badText;
    reportStatus.dataset.ok = String(ok);
    const text = typeof result?.report === 'string' ? result.report.trim() : '';
    report.textContent = text || (ok ? 'No problems found.' : 'No details were given.');
  }

  function showFailure(err, what) {
    if (err?.code === 'unauthorized') return;
    reportBox.hidden = false;
    reportStatus.textContent = `${what} failed`;
    reportStatus.dataset.ok = 'false';
    report.textContent = err?.message || 'The kiosk did not answer.';
  }

  listen(checkFolder, 'click', () => busy(checkFolder, async () => {
    const path = contentDir.value.trim() || panel()?.content?.dir || '';
    if (!path) {
      showFailure({ message: 'Type the folder to check.' }, 'Check');
      return;
    }
    try {
      const result = await session.command(api.operatorCheckFolder(session.token, path));
      if (!signal.aborted) showReport(result, `Valid pack: ${path}`, `Not usable: ${path}`);
    } catch (err) {
      if (!signal.aborted) showFailure(err, 'Check');
    }
  }, signal), signal);

  listen(reload, 'click', () => busy(reload, async () => {
    try {
      const result = await session.command(api.operatorReload(session.token));
      if (signal.aborted) return;
      showReport(result, 'Pack reloaded', 'Reload refused: the current pack stays');
      refresh();
    } catch (err) {
      if (!signal.aborted) showFailure(err, 'Reload');
    }
  }, signal), signal);

  /** What the kiosk shows now, from an operator_panel answer. */
  function renderPack(p) {
    const pack = p.pack && typeof p.pack === 'object' ? p.pack : {};
    const content = p.content && typeof p.content === 'object' ? p.content : {};
    const languages = Array.isArray(pack.languages) ? pack.languages.filter((x) => typeof x === 'string') : [];
    const warnings = Array.isArray(pack.warnings) ? pack.warnings.filter((x) => typeof x === 'string' && x.trim()) : [];
    const folder = typeof content.dir === 'string' && content.dir ? content.dir : '\u2013';
    // replaceChildren would print a null as the text "null".
    const parts = [
      definitionList('op-pack-info', [
        ['Showing', pack.title || '\u2013', 'op-pack-title'],
        ['Generation', pack.generation ?? '\u2013', 'op-pack-generation'],
        ['Languages', languages.length ? languages.map((t) => `${languageName(t)} (${t})`).join(', ') : '\u2013', 'op-pack-languages'],
        ['Folder', content.bundled ? `${folder} (bundled with the app)` : folder, 'op-pack-folder'],
      ]),
      warnings.length
        ? h(
            'div',
            { class: 'op-warnings', testid: 'op-pack-warnings' },
            h('p', { class: 'op-subhead', text: `Warnings (${warnings.length})` }),
            h('ul', { class: 'op-list' }, warnings.map((w) => h('li', { text: w }))),
          )
        : null,
      typeof pack.report === 'string' && pack.report.trim()
        ? h(
            'div',
            { class: 'op-refusal', testid: 'op-pack-refusal' },
            h('p', { class: 'op-subhead op-subhead-bad', text: 'Last pack refused' }),
            h('pre', { class: 'op-report', 'data-selectable': '', text: pack.report.trim() }),
          )
        : null,
    ];
    packInfo.replaceChildren(...parts.filter(Boolean));
    const fromCommandLine = content.fromCommandLine === true;
    contentDir.readOnly = fromCommandLine;
    contentNote.hidden = !fromCommandLine;
    contentNote.textContent = fromCommandLine
      ? 'Set on the command line (--content) for this launch: change it there. Saving keeps the value below for launches without it.'
      : '';
  }

  function card() {
    return section(
      'Content',
      'op-section-content',
      field({ label: 'Content pack folder', hint: 'Leave empty for the pack bundled with the app.', control: contentDir }),
      contentNote,
      h('div', { class: 'op-button-row' }, checkFolder, reload),
      reportBox,
      packInfo,
    );
  }

  return { card, renderPack };
}
