// The law: a list of documents, then a reader with contents, search, text size, a reading
// progress bar and a QR code to the official source (screens/law/). This file holds what the two
// views share: the top bar with the reader's tools, and which view is on show.
import { h, listen } from '../dom.js';
import { topBar } from '../chrome.js';
import { stringsLanguage } from '../strings.js';
import { lawList } from './law/list.js';
import { showReader } from './law/reader.js';
import { DEFAULT_TEXT_SIZE } from './law/text-size.js';
import { createReaderTools } from './law/tools.js';

export function mount(root, { pack, params = {}, language }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const docs = pack.legislation;
  const lang = stringsLanguage(pack.language || language);
  let view = null; // 'list' | 'reader'
  let viewAc = null; // listeners that belong to the current view
  let request = 0;
  // Kept while the visitor moves between documents; the next visitor starts at the default.
  const textSize = { value: DEFAULT_TEXT_SIZE };

  const tools = createReaderTools(lang);
  const bar = topBar({
    onBack: () => (view === 'reader' ? showList() : actions.go('home')),
    trailing: [tools.tools, tools.contentsButton],
    language: lang,
  });
  const stage = h('div', { class: 'law-stage' });
  const screen = h('div', { class: 'law', lang }, bar.el, stage);
  root.append(screen);
  // The form never submits: Enter steps to the next match instead.
  listen(tools.searchForm, 'submit', (e) => e.preventDefault(), signal);

  function newView(name) {
    viewAc?.abort();
    viewAc = new AbortController();
    request++;
    view = name;
    screen.dataset.view = name;
    tools.contentsButton.hidden = true;
    tools.tools.hidden = name !== 'reader';
    return viewAc.signal;
  }

  function showList() {
    newView('list');
    stage.replaceChildren(lawList({ pack, lang, onOpen: openReader }));
  }

  function openReader(id) {
    const vsignal = newView('reader');
    const mine = request;
    const current = () => !signal.aborted && !vsignal.aborted && mine === request;
    showReader({ stage, id, pack, lang, tools, textSize, loadLaw: (docId) => actions.loadLaw(docId), signal: vsignal, current });
  }

  const initial = typeof params.doc === 'string' && docs.some((d) => d.id === params.doc) ? params.doc : null;
  if (initial) openReader(initial);
  else showList();

  return {
    unmount() {
      viewAc?.abort();
      ac.abort();
    },
  };
}
