//! The law reader: contents that jump and move the focus, a reading progress bar, search with
//! highlighted matches, text size with a steady measure, the source line and a QR code drawn by
//! the core, in English and Russian, landscape and portrait.

use crate::harness::*;

const GLOBAL_MAGNITSKY_URL: &str =
    "https://uscode.house.gov/view.xhtml?path=/prelim@title22/chapter108&edition=prelim";
const S1039: &str = "magnitsky-act-2011-s1039";
const S1039_URL: &str = "https://www.gpo.gov/fdsys/pkg/BILLS-112s1039is/html/BILLS-112s1039is.htm";

const BODY: &str = "document.querySelector('[data-testid=\"law-body\"]')";
const SCROLLER: &str = "document.querySelector('.law-scroller')";
const PROGRESS: &str = "document.querySelector('[data-testid=\"law-progress\"]')";
const COUNT: &str = "document.querySelector('[data-testid=\"law-search-count\"]')";

/// Characters per line of the longest paragraph, measured on the rendered text: one Range per
/// character, lines told apart by their top. The last line of the paragraph is left out (short).
const MEASURE: &str = r#"
const p = [...document.querySelectorAll('[data-testid="law-body"] p')]
  .reduce((a, b) => (b.textContent.length > a.textContent.length ? b : a));
const node = p.firstChild;
const range = document.createRange();
const lines = [];
let lastTop = null;
for (let i = 0; i < node.length; i++) {
  range.setStart(node, i);
  range.setEnd(node, i + 1);
  const r = range.getClientRects()[0];
  if (!r) continue;
  if (lastTop === null || r.top > lastTop + r.height / 2) { lines.push(0); lastTop = r.top; }
  lines[lines.length - 1]++;
}
const full = lines.slice(0, -1);
return { lines: lines.length, perLine: full.reduce((a, b) => a + b, 0) / full.length,
  min: Math.min(...full), max: Math.max(...full), fontSize: parseFloat(getComputedStyle(p).fontSize),
  size: document.querySelector('.law-article').dataset.textSize };
"#;

/// The QR <img> as the page drew it, painted on a canvas and handed back as grey pixels.
const QR_PIXELS: &str = r#"
const img = document.querySelector('[data-testid="law-qr"]');
const n = 360;
const c = document.createElement('canvas');
c.width = n; c.height = n;
const g = c.getContext('2d');
g.fillStyle = '#fff'; g.fillRect(0, 0, n, n);
g.imageSmoothingEnabled = false;
g.drawImage(img, 0, 0, n, n);
const d = g.getImageData(0, 0, n, n).data;
const luma = new Array(n * n);
for (let i = 0; i < n * n; i++) luma[i] = d[i * 4];
return { side: n, luma };
"#;

#[derive(serde::Deserialize, Debug)]
struct Measure {
    lines: u32,
    #[serde(rename = "perLine")]
    per_line: f64,
    #[serde(rename = "fontSize")]
    font_size: f64,
    size: String,
}

async fn measure(kiosk: &Kiosk) -> Measure {
    serde_json::from_value(kiosk.js(MEASURE).await).unwrap()
}

async fn click_css(kiosk: &Kiosk, css: &str) {
    kiosk
        .client()
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

/// Types on the keyboard into the search field, as a visitor with a physical keyboard would.
async fn type_search(kiosk: &Kiosk, text: &str) {
    kiosk
        .client()
        .find(Locator::Css("[data-testid=\"law-search\"]"))
        .await
        .expect("the search field")
        .send_keys(text)
        .await
        .expect("typing into the search field");
}

async fn invoke_with(kiosk: &Kiosk, command: &str, args: Value) -> Value {
    kiosk
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI__.core.invoke(arguments[0], arguments[1]).then(done, (e) => done({ error: e }))",
            vec![json!(command), args],
        )
        .await
        .unwrap_or_else(|e| panic!("invoke {command}: {e}"))
}

/// Opens a document from the list and waits until its text (of any length) is in place.
async fn open_document(kiosk: &Kiosk, id: &str) {
    kiosk.tap(&format!("law-doc-{id}")).await;
    kiosk
        .wait_until(
            "the document's text",
            &format!(
                "{BODY} && !{BODY}.classList.contains('is-loading') && {BODY}.querySelector('p')"
            ),
        )
        .await;
}

/// The QR code on the page decodes to `url`, and is exactly the SVG the core draws for `id`.
async fn assert_qr_holds(kiosk: &Kiosk, id: &str, url: &str) {
    kiosk
        .wait_until(
            "the QR code to load",
            "document.querySelector('[data-testid=\"law-qr\"]')?.complete && document.querySelector('[data-testid=\"law-qr\"]').naturalWidth > 0",
        )
        .await;
    let from_core = invoke_with(kiosk, "get_law_qr", json!({ "id": id })).await;
    assert_eq!(from_core["url"], url, "{from_core}");
    let shown = kiosk
        .js(
            "const src = document.querySelector('[data-testid=\"law-qr\"]').src; \
             const prefix = 'data:image/svg+xml;charset=utf-8,'; \
             return src.startsWith(prefix) ? decodeURIComponent(src.slice(prefix.length)) : src",
        )
        .await;
    assert_eq!(shown, from_core["svg"], "the page shows the core's SVG");

    let pixels = kiosk.js(QR_PIXELS).await;
    let side = pixels["side"].as_u64().unwrap() as usize;
    let luma: Vec<u8> = pixels["luma"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as u8)
        .collect();
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| luma[y * side + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the rendered image");
    let (_, content) = grids[0].decode().expect("the rendered QR code decodes");
    assert_eq!(content, url);
    assert_eq!(kiosk.text_of("law-source-url").await, url);
}

/// Searches for `query` and returns N from "1 of N" (or "1 из N"), checked against the marks.
async fn search(kiosk: &Kiosk, query: &str, of: &str) -> usize {
    type_search(kiosk, query).await;
    let count = kiosk
        .wait_until(
            "the match count",
            &format!("/^1 {of} \\d+$/.test({COUNT}.textContent) && {COUNT}.textContent"),
        )
        .await;
    let total: usize = count
        .as_str()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let marks = kiosk
        .js(&format!(
            "return {BODY}.querySelectorAll('mark.law-match').length"
        ))
        .await;
    assert_eq!(marks, json!(total), "every counted match is highlighted");
    total
}

/// The current match is the `n`th mark (0-based), the only one styled as current, and in view.
async fn assert_current_match(kiosk: &Kiosk, n: usize) {
    kiosk
        .wait_until(
            &format!("match {n} to be current and scrolled into view"),
            &format!(
                "(() => {{ const marks = [...{BODY}.querySelectorAll('mark.law-match')]; \
                 const cur = marks.filter((m) => m.classList.contains('is-current')); \
                 if (cur.length !== 1 || marks.indexOf(cur[0]) !== {n}) return false; \
                 const r = cur[0].getBoundingClientRect(), s = {SCROLLER}.getBoundingClientRect(); \
                 return r.top >= s.top && r.bottom <= s.bottom; }})()"
            ),
        )
        .await;
    let styles = kiosk
        .js(&format!(
            "const marks = [...{BODY}.querySelectorAll('mark.law-match')]; \
             const other = marks.find((m) => !m.classList.contains('is-current')); \
             return [getComputedStyle(marks[{n}]).outlineStyle, other ? getComputedStyle(other).outlineStyle : 'none']"
        ))
        .await;
    assert_eq!(
        styles,
        json!(["solid", "none"]),
        "the current match has a ring the others lack"
    );
}

async fn progress(kiosk: &Kiosk) -> u64 {
    kiosk
        .js(&format!(
            "return Number({PROGRESS}.getAttribute('aria-valuenow'))"
        ))
        .await
        .as_u64()
        .unwrap()
}

/// Scrolls the text as a finger would end up doing and waits for the progress bar to say `percent`.
async fn assert_progress_follows_scrolling(kiosk: &Kiosk) {
    kiosk
        .js(&format!(
            "{SCROLLER}.scrollTop = {SCROLLER}.scrollHeight; return true"
        ))
        .await;
    kiosk
        .wait_until(
            "the progress bar at 100",
            &format!("{PROGRESS}.getAttribute('aria-valuenow') === '100'"),
        )
        .await;
    kiosk
        .js(&format!(
            "{SCROLLER}.scrollTop = ({SCROLLER}.scrollHeight - {SCROLLER}.clientHeight) / 2; return true"
        ))
        .await;
    kiosk
        .wait_until(
            "the progress bar near half way",
            &format!("Math.abs(Number({PROGRESS}.getAttribute('aria-valuenow')) - 50) <= 1"),
        )
        .await;
    kiosk
        .js(&format!("{SCROLLER}.scrollTop = 0; return true"))
        .await;
    kiosk
        .wait_until(
            "the progress bar back at 0",
            &format!("{PROGRESS}.getAttribute('aria-valuenow') === '0'"),
        )
        .await;
}

/// Jumps with a contents entry (`pick` chooses one from `links`, the section entries under
/// `scope`) and checks that the section's heading reaches the top of the reader with the focus.
async fn assert_jump(kiosk: &Kiosk, scope: &str, pick: &str) {
    let target = kiosk
        .js(&format!(
            "const links = [...document.querySelectorAll('{scope} .toc-link.toc-depth-1')]; \
             return {pick}.dataset.target"
        ))
        .await;
    let target = target.as_str().unwrap().to_string();
    click_css(
        kiosk,
        &format!("{scope} .toc-link[data-target=\"{target}\"]"),
    )
    .await;
    kiosk
        .wait_until(
            &format!("the reader to reach #{target} with the focus on it"),
            &format!(
                "(() => {{ const el = document.getElementById('{target}'); \
                 const top = el.getBoundingClientRect().top - {SCROLLER}.getBoundingClientRect().top; \
                 return document.activeElement === el && top >= 0 && top < 120 && {SCROLLER}.scrollTop > 0; }})()"
            ),
        )
        .await;
}

e2e!(
    the_law_reader_jumps_searches_resizes_and_links_to_the_source,
    {
        let kiosk = Kiosk::default_pack(&[]).await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-law").await;
        kiosk.wait_for_screen("law").await;
        kiosk.open_law("global-magnitsky").await;

        // Status line: a full text, its citation and source; no excerpt notice.
        assert_eq!(
            kiosk.text_of("law-status").await.to_lowercase(),
            "full text"
        );
        let notice_shown = kiosk
        .js("return document.querySelector('[data-testid=\"law-excerpt-notice\"]').getClientRects().length > 0")
        .await;
        assert_eq!(
            notice_shown,
            json!(false),
            "no excerpt notice on a full text"
        );
        assert_eq!(kiosk.text_of("law-source-url").await, GLOBAL_MAGNITSKY_URL);
        assert_eq!(
            kiosk.text_of("law-qr-caption").await,
            "Read the full law on your phone"
        );
        assert_qr_holds(&kiosk, "global-magnitsky", GLOBAL_MAGNITSKY_URL).await;

        // Contents and progress.
        let entries = kiosk
            .js("return document.querySelectorAll('[data-testid=\"law-toc\"] .toc-link').length")
            .await;
        assert!(
            entries.as_u64().unwrap() >= 3,
            "contents entries: {entries}"
        );
        assert_eq!(
            kiosk
                .js(&format!("return {PROGRESS}.getAttribute('role')"))
                .await,
            json!("progressbar")
        );
        assert_eq!(progress(&kiosk).await, 0);
        kiosk.screenshot("40-law-reader-toc").await;
        assert_jump(&kiosk, "[data-testid=\"law-toc\"]", "links.at(-1)").await;
        let after_jump = progress(&kiosk).await;
        assert!(after_jump > 0, "the progress bar moved with the jump");
        let active = kiosk
        .js("return document.querySelector('[data-testid=\"law-toc\"] .toc-link[aria-current]')?.dataset.target")
        .await;
        assert_eq!(
            active,
            kiosk.js("return document.activeElement.id").await,
            "the contents mark the section in view"
        );
        assert_progress_follows_scrolling(&kiosk).await;

        // Search, counted on the data and painted with <mark>s.
        let original = kiosk.js(&format!("return {BODY}.textContent")).await;
        let expected = kiosk
            .js(&format!(
                "return ({BODY}.textContent.match(/sanctions/gi) || []).length"
            ))
            .await;
        let total = search(&kiosk, "sanctions", "of").await;
        assert_eq!(json!(total), expected, "the count matches the text");
        assert!(total >= 5, "{total} matches");
        assert_current_match(&kiosk, 0).await;
        kiosk.tap("law-search-next").await;
        kiosk.tap("law-search-next").await;
        kiosk
            .wait_until("3 of N", &format!("{COUNT}.textContent === '3 of {total}'"))
            .await;
        assert_current_match(&kiosk, 2).await;
        kiosk.screenshot("41-law-search").await;
        for _ in 0..3 {
            kiosk.tap("law-search-prev").await;
        }
        kiosk
            .wait_until(
                "previous wraps to the last match",
                &format!("{COUNT}.textContent === '{total} of {total}'"),
            )
            .await;
        assert_current_match(&kiosk, total - 1).await;
        // Enter on the keyboard steps on, wrapping to the first.
        type_search(&kiosk, "\u{E007}").await;
        kiosk
            .wait_until(
                "Enter to step to 1 of N",
                &format!("{COUNT}.textContent === '1 of {total}'"),
            )
            .await;
        kiosk.tap("law-search-clear").await;
        kiosk
            .wait_until(
                "the highlights to go",
                &format!(
                    "{BODY}.querySelectorAll('mark').length === 0 && {COUNT}.textContent === ''"
                ),
            )
            .await;
        assert_eq!(
            kiosk.js(&format!("return {BODY}.textContent")).await,
            original,
            "clearing restores the text"
        );
        // Case and accents do not matter; nonsense finds nothing.
        assert_eq!(search(&kiosk, "SANCTIÓNS", "of").await, total);
        kiosk.tap("law-search-clear").await;
        type_search(&kiosk, "zqxj").await;
        kiosk
            .wait_until(
                "no matches",
                &format!("{COUNT}.textContent === 'No matches'"),
            )
            .await;
        kiosk.tap("law-search-clear").await;

        // Text size: five steps, disabled at the ends, a steady measure of 60-75 characters.
        kiosk
            .wait_until(
                "the plain text back",
                &format!("{BODY}.querySelectorAll('mark').length === 0"),
            )
            .await;
        let start = measure(&kiosk).await;
        assert_eq!(start.size, "1", "the reader opens at the default size");
        kiosk.tap("law-text-smaller").await;
        let mut sizes = vec![measure(&kiosk).await];
        let disabled =
            |id: &str| format!("return document.querySelector('[data-testid=\"{id}\"]').disabled");
        assert_eq!(kiosk.js(&disabled("law-text-smaller")).await, json!(true));
        for _ in 0..4 {
            assert_eq!(kiosk.js(&disabled("law-text-larger")).await, json!(false));
            kiosk.tap("law-text-larger").await;
            sizes.push(measure(&kiosk).await);
        }
        assert_eq!(kiosk.js(&disabled("law-text-larger")).await, json!(true));
        assert_eq!(kiosk.js(&disabled("law-text-smaller")).await, json!(false));
        kiosk.screenshot("42-law-largest-text").await;
        eprintln!("law reader, landscape, characters per line by text size: {sizes:?}");
        for (i, m) in sizes.iter().enumerate() {
            assert_eq!(m.size, i.to_string());
            assert!(
                (60.0..=75.0).contains(&m.per_line) && m.lines >= 3,
                "size {i}: {m:?}"
            );
            if i > 0 {
                assert!(m.font_size > sizes[i - 1].font_size, "{sizes:?}");
            }
        }
        let label = kiosk
        .js("return document.querySelector('[data-testid=\"law-text-larger\"] .visually-hidden').textContent")
        .await;
        assert_eq!(label, json!("Larger text"));

        // An excerpt says so, with the pack's note, its own source and its own QR code.
        kiosk.tap("back").await;
        kiosk
            .wait_until(
                "the document list",
                "document.querySelector('[data-testid=\"law-doc-list\"]')",
            )
            .await;
        open_document(&kiosk, S1039).await;
        assert_eq!(kiosk.text_of("law-status").await.to_lowercase(), "excerpt");
        assert!(kiosk
            .text_of("law-excerpt-notice")
            .await
            .starts_with("Excerpt"));
        let note = kiosk
            .js("return document.querySelector('.law-note').innerText")
            .await;
        assert_eq!(
            note,
            json!(
                "Opening of the bill as introduced only; the full text is at the official source."
            )
        );
        assert_qr_holds(&kiosk, S1039, S1039_URL).await;
        assert_eq!(
            kiosk
                .js("return document.querySelector('.law-article').dataset.textSize")
                .await,
            json!("4"),
            "the chosen size stays for the next document"
        );
        kiosk.tap("law-text-smaller").await;
        kiosk.tap("law-text-smaller").await;
        kiosk.tap("law-text-smaller").await;
        kiosk.screenshot("43-law-excerpt-qr").await;

        // The same reader in Russian: its words, not the law's, change.
        kiosk.back_from_law_to_home().await;
        kiosk.tap("lang-ru").await;
        kiosk
        .wait_until(
            "Russian",
            "document.querySelector('[data-testid=\"lang-ru\"]')?.getAttribute('aria-pressed') === 'true'",
        )
        .await;
        kiosk.tap("nav-law").await;
        kiosk.wait_for_screen("law").await;
        kiosk.open_law("global-magnitsky").await;
        assert_eq!(
            kiosk.text_of("law-status").await.to_lowercase(),
            "полный текст"
        );
        assert_eq!(
            kiosk.text_of("law-qr-caption").await,
            "Полный текст закона — на вашем телефоне"
        );
        assert_eq!(
            kiosk
                .js("return document.querySelector('[data-testid=\"law-search\"]').placeholder")
                .await,
            json!("Поиск по тексту")
        );
        assert_eq!(search(&kiosk, "sanctions", "из").await, total);
        kiosk.screenshot("44-law-reader-ru").await;
        kiosk.quit().await;
    }
);

e2e!(
    the_law_reader_fits_a_portrait_screen_in_english_and_russian,
    {
        let kiosk = Kiosk::default_pack_portrait(&[]).await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-law").await;
        kiosk.wait_for_screen("law").await;
        kiosk.open_law("global-magnitsky").await;
        let m = measure(&kiosk).await;
        assert!(
            (55.0..=75.0).contains(&m.per_line),
            "portrait, default size: {m:?}"
        );
        // Nothing sticks out sideways: the tools wrap under Back instead.
        let overflow = kiosk
        .js("return [...document.querySelectorAll('.law button, .law input')].filter((e) => e.offsetParent && e.getBoundingClientRect().right > window.innerWidth + 1).length")
        .await;
        assert_eq!(overflow, json!(0));
        kiosk.screenshot("45-law-portrait-en").await;
        kiosk.back_from_law_to_home().await;

        kiosk.tap("lang-ru").await;
        kiosk
        .wait_until(
            "Russian",
            "document.querySelector('[data-testid=\"lang-ru\"]')?.getAttribute('aria-pressed') === 'true'",
        )
        .await;
        kiosk.tap("nav-law").await;
        kiosk.wait_for_screen("law").await;
        kiosk.open_law("global-magnitsky").await;
        assert_eq!(
            kiosk
                .js(&format!("return {PROGRESS}.getAttribute('aria-label')"))
                .await,
            json!("Прочитано")
        );

        // In portrait the contents are a sheet behind a button.
        let toc_shown = kiosk
        .js("return document.querySelector('[data-testid=\"law-toc\"]').getBoundingClientRect().width")
        .await;
        assert_eq!(toc_shown, json!(0), "no contents column in portrait");
        click_css(&kiosk, ".law .contents-button").await;
        kiosk
            .wait_until(
                "the contents sheet",
                "!document.querySelector('.toc-sheet').hidden",
            )
            .await;
        kiosk.screenshot("46-law-portrait-ru-contents").await;
        assert_jump(&kiosk, ".toc-sheet", "links[1]").await;
        assert_eq!(
            kiosk
                .js("return document.querySelector('.toc-sheet').hidden")
                .await,
            json!(true)
        );
        assert_progress_follows_scrolling(&kiosk).await;

        let total = search(&kiosk, "sanctions", "из").await;
        kiosk.tap("law-search-next").await;
        kiosk
            .wait_until("2 из N", &format!("{COUNT}.textContent === '2 из {total}'"))
            .await;
        assert_current_match(&kiosk, 1).await;
        kiosk.screenshot("47-law-portrait-ru-search").await;
        kiosk.tap("law-search-clear").await;

        for _ in 0..3 {
            kiosk.tap("law-text-larger").await;
        }
        let largest = measure(&kiosk).await;
        eprintln!("law reader, portrait: default {m:?}, largest {largest:?}");
        assert_eq!(largest.size, "4");
        // The screen is narrower than the measure here: lines get shorter, never longer.
        assert!(
            largest.per_line <= 75.0 && largest.per_line < m.per_line,
            "{largest:?}"
        );
        let label = kiosk
        .js("return document.querySelector('[data-testid=\"law-text-larger\"] .visually-hidden').textContent")
        .await;
        assert_eq!(label, json!("Увеличить текст"));
        kiosk.screenshot("48-law-portrait-ru-largest").await;

        kiosk.tap("back").await;
        open_document(&kiosk, S1039).await;
        assert_eq!(kiosk.text_of("law-status").await.to_lowercase(), "фрагмент");
        assert_qr_holds(&kiosk, S1039, S1039_URL).await;
        kiosk.screenshot("49-law-portrait-ru-qr").await;
        kiosk.quit().await;
    }
);
