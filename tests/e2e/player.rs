//! The player: the page's own gapless attract loop (where the film does not play beneath the
//! page: native_film.rs), "Touch to begin" in every language, the trailer's
//! controls and captions, and "Still there?" before a visit times out.

use crate::harness::*;

const VISIBLE_ATTRACT: &str = "document.querySelector('[data-testid=\"attract-video\"]')";
const TRAILER: &str = "document.querySelector('[data-testid=\"trailer-video\"]')";

/// In-page instrumentation of the attract loop. On every animation frame (and every 25 ms) it asks the page which
/// element is on top at the middle of the video (hit testing, not the app's own bookkeeping) and
/// records whether that is a video that is visible and playing; on every frame a copy presents
/// (requestVideoFrameCallback) it checks that the visible copy's media time moved forward. A
/// loop point is a change of the element on top. Seeks the test itself makes are excused until
/// the seeked copy presents a frame again. WebKitGTK without its DMA-BUF renderer (the kiosk's
/// default on Linux) has the call but never calls back: the frame checks count only where a
/// callback was seen (`rvfc`).
const LOOP_PROBE: &str = r#"
const vids = [...document.querySelectorAll('.attract video')];
const L = window.__loop = { samples: 0, excused: 0, bad: [], swaps: [], frames: 0, framesBack: [],
  hiddenFrames: {}, lastTop: null, lastTime: -1, seekPending: null, stop: false, rvfc: false };
vids.forEach((v, i) => { v.__probeId = i; });
const lastMedia = new Map();
const topVideo = () => {
  const r = vids[0].getBoundingClientRect();
  return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
};
const onFrame = (v) => (now, meta) => {
  if (L.stop) return;
  L.rvfc = true;
  if (L.seekPending === v && L.seeked) { L.seekPending = null; L.seeked = false; lastMedia.delete(v); }
  if (topVideo() === v && L.seekPending !== v) {
    const prev = lastMedia.get(v);
    if (prev !== undefined && !(meta.mediaTime > prev)) L.framesBack.push([v.__probeId, prev, meta.mediaTime]);
    lastMedia.set(v, meta.mediaTime);
    L.frames++;
  } else if (topVideo() !== v) {
    lastMedia.delete(v);
    L.hiddenFrames[v.__probeId] = (L.hiddenFrames[v.__probeId] || 0) + 1;
  }
  v.requestVideoFrameCallback(onFrame(v));
};
const sample = () => {
  if (L.stop) return;
  const top = topVideo();
  L.samples++;
  if (!(top instanceof HTMLVideoElement)) {
    L.bad.push({ what: 'no video on top', el: String(top && top.className) });
  } else {
    const state = { id: top.__probeId, readyState: top.readyState, paused: top.paused, ended: top.ended,
      seeking: top.seeking, t: top.currentTime, opacity: getComputedStyle(top).opacity };
    if (L.seekPending === top) {
      L.excused++;
    } else {
      if (top.readyState < 2 || top.paused || top.ended || top.seeking || Number(state.opacity) < 0.99) L.bad.push(state);
      if (top === L.lastTop && top.currentTime + 0.05 < L.lastTime) L.bad.push({ what: 'went back', from: L.lastTime, ...state });
    }
    if (L.lastTop && top !== L.lastTop) {
      L.swaps.push({ from: L.lastTop.__probeId, to: top.__probeId, fromTime: L.lastTime, toTime: top.currentTime,
        toPlaying: !top.paused && !top.ended && top.readyState >= 2, toFramesUnderneath: L.hiddenFrames[top.__probeId] || 0 });
      L.hiddenFrames[L.lastTop.__probeId] = 0;
    }
    L.lastTop = top;
    L.lastTime = top.currentTime;
  }
};
// Rendering is slow on a loaded test machine: a timer samples the state between paints too.
const onPaint = () => { sample(); if (!L.stop) requestAnimationFrame(onPaint); };
const timer = setInterval(() => (L.stop ? clearInterval(timer) : sample()), 25);
if (typeof HTMLVideoElement.prototype.requestVideoFrameCallback === 'function') {
  vids.forEach((v) => v.requestVideoFrameCallback(onFrame(v)));
}
requestAnimationFrame(onPaint);
return vids.length;
"#;

/// Jumps the visible copy of the loop to 3 s before its end (the test's own seek is excused).
const SEEK_VISIBLE_NEAR_END: &str = r#"
const v = document.querySelector('[data-testid="attract-video"]');
const L = window.__loop;
L.seekPending = v;
L.seeked = false;
v.addEventListener('seeked', () => {
  L.seeked = true;
  // Without frame callbacks (none seen so far) the seek is over once it has landed.
  if (!L.rvfc) setTimeout(() => { L.seekPending = null; }, 0);
}, { once: true });
v.currentTime = v.duration - 3;
return v.duration;
"#;

e2e!(
    the_attract_loop_hands_over_between_two_playing_copies_without_a_gap,
    {
        // The page's own two-copy loop, the fallback where the film cannot play beneath the
        // page; the native film's loop points are native_film.rs's.
        let kiosk = Kiosk::default_pack(&["--film", "webview"]).await;
        kiosk.assert_attract_film_advances().await;
        kiosk
            .wait_until(
                "the loop to have faded in over the poster",
                &format!("getComputedStyle({VISIBLE_ATTRACT}).opacity === '1'"),
            )
            .await;
        let copies = kiosk.js(LOOP_PROBE).await;
        assert_eq!(copies, json!(2), "two <video> copies take turns");

        let mut duration = 0.0;
        for loop_point in 1..=3 {
            duration = kiosk.js(SEEK_VISIBLE_NEAR_END).await.as_f64().unwrap();
            kiosk
                .wait_until(
                    &format!("loop point {loop_point}"),
                    &format!("window.__loop.swaps.length >= {loop_point}"),
                )
                .await;
        }
        let probe = kiosk
        .js("window.__loop.stop = true; const L = window.__loop; \
             return { samples: L.samples, excused: L.excused, bad: L.bad.slice(0, 20), badCount: L.bad.length, \
                      swaps: L.swaps, frames: L.frames, framesBack: L.framesBack, rvfc: L.rvfc }")
        .await;
        eprintln!("attract loop probe: {probe}");

        assert_eq!(
            probe["badCount"],
            json!(0),
            "at every sample one visible copy was playing: {probe}"
        );
        let swaps = probe["swaps"].as_array().unwrap();
        assert_eq!(swaps.len(), 3, "one swap per loop point: {probe}");
        // Each loop point is watched through the seconds before it.
        let samples = probe["samples"].as_u64().unwrap() - probe["excused"].as_u64().unwrap();
        assert!(samples >= 60, "enough samples to mean something: {probe}");
        for swap in swaps {
            assert_ne!(swap["from"], swap["to"], "the other copy took over: {swap}");
            assert_eq!(
                swap["toPlaying"],
                json!(true),
                "the new copy was playing: {swap}"
            );
            let to_time = swap["toTime"].as_f64().unwrap();
            assert!(
                (0.0..1.0).contains(&to_time),
                "the new copy started from the top: {swap}"
            );
            let from_time = swap["fromTime"].as_f64().unwrap();
            assert!(
                from_time > duration - 2.0,
                "the old copy played on to its last second: {swap} (duration {duration})"
            );
        }
        if probe["rvfc"] == json!(true) {
            assert_eq!(
                probe["framesBack"],
                json!([]),
                "the visible copy's frames always moved forward"
            );
            assert!(probe["frames"].as_u64().unwrap() >= 6, "{probe}");
            for swap in swaps {
                assert!(
                    swap["toFramesUnderneath"].as_u64().unwrap() >= 1,
                    "the new copy presented frames before it was raised: {swap}"
                );
            }
        }
        assert_eq!(kiosk.screen().await, "attract");

        // Every loop point is counted for the operator's statistics.
        kiosk.open_operator_panel().await;
        let loops: u64 = kiosk
            .text_of("op-stat-attract-loops")
            .await
            .trim()
            .parse()
            .unwrap();
        assert!(loops >= 3, "attract loops counted: {loops}");
        kiosk.quit().await;
    }
);

e2e!(the_attract_loop_wraps_around_in_javascript, {
    let kiosk = Kiosk::default_pack(&["--film", "webview"]).await;
    let video = "document.querySelector('[data-testid=\"attract-video\"]')";
    kiosk
        .wait_until("metadata", &format!("{video}?.duration > 5"))
        .await;
    // Jump close to the end rather than waiting a whole minute for the loop point.
    kiosk
        .js(&format!(
            "{video}.currentTime = {video}.duration - 1.5; return true"
        ))
        .await;
    kiosk
        .wait_until(
            "the loop to wrap to the start",
            &format!("{video}.currentTime > 0.3 && {video}.currentTime < 4"),
        )
        .await;
    let (first, second) = kiosk.assert_attract_film_advances().await;
    assert!(second < 10.0, "restarted from the top: {first} -> {second}");
    assert_eq!(kiosk.screen().await, "attract");
    kiosk.quit().await;
});

/// The "Touch to begin" line currently shown: `[lang, text, opacity, others hidden]`.
const CURRENT_CTA: &str = "(() => { const c = document.querySelector('[data-testid=\"touch-to-begin\"] .cta-line.is-current'); \
     const others = [...document.querySelectorAll('[data-testid=\"touch-to-begin\"] .cta-line:not(.is-current)')]; \
     return c ? [c.lang, c.textContent, Number(getComputedStyle(c).opacity), \
                 others.every((o) => o.getAttribute('aria-hidden') === 'true')] : null; })()";

async fn wait_for_cta(kiosk: &Kiosk, lang: &str, text: &str) {
    kiosk
        .wait_until(
            &format!("touch to begin in {lang}"),
            &format!(
                "(() => {{ const c = {CURRENT_CTA}; return c && c[0] === {lang:?} && c[1] === {text:?} && c[2] > 0.99 && c[3]; }})()"
            ),
        )
        .await;
}

e2e!(touch_to_begin_speaks_every_language_of_the_pack_in_turn, {
    let kiosk = Kiosk::default_pack(&[]).await;
    let icon = kiosk
        .js("return Boolean(document.querySelector('[data-testid=\"touch-to-begin\"] svg.icon-hand'))")
        .await;
    assert_eq!(icon, json!(true), "a hand shows what to do without words");
    wait_for_cta(&kiosk, "en", "Touch to begin").await;
    kiosk.screenshot("30-attract-touch-en").await;
    wait_for_cta(&kiosk, "ru", "Коснитесь, чтобы начать").await;
    kiosk.screenshot("31-attract-touch-ru").await;
    wait_for_cta(&kiosk, "en", "Touch to begin").await;
    assert_eq!(kiosk.screen().await, "attract");
    kiosk.quit().await;
});

/// `[mode of the en track, mode of the ru track]`.
async fn caption_modes(kiosk: &Kiosk) -> Value {
    kiosk
        .js(&format!(
            "const tracks = [...{TRAILER}.textTracks]; \
             return ['en', 'ru'].map((l) => tracks.find((t) => t.language === l).mode)"
        ))
        .await
}

/// Waits until the active caption cue of the showing track (in `lang`) contains `text`.
async fn wait_for_cue(kiosk: &Kiosk, lang: &str, text: &str) {
    kiosk
        .wait_until(
            &format!("a {lang} caption saying {text:?}"),
            &format!(
                "(() => {{ const t = [...{TRAILER}.textTracks].find((t) => t.mode === 'showing'); \
                 return t && t.language === {lang:?} && t.activeCues && [...t.activeCues].some((c) => c.text.includes({text:?})); }})()"
            ),
        )
        .await;
}

// The page's own player: the trailer's engine on Windows and macOS, and on Linux where films do
// not play beneath the page (native_film.rs has the same visit with the core's player).
e2e!(
    the_trailer_player_has_captions_replay_and_offers_to_watch_again,
    {
        let kiosk = Kiosk::default_pack(&["--film", "webview"]).await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-trailer").await;
        kiosk.wait_for_screen("trailer").await;

        // Playing: time moves, and so do the elapsed and remaining readouts.
        let elapsed_before = kiosk.text_of("trailer-elapsed").await;
        let remaining_before = kiosk.text_of("trailer-remaining").await;
        kiosk.assert_video_advances("trailer-video").await;
        kiosk
        .wait_until(
            "the readouts to move",
            &format!(
                "document.querySelector('[data-testid=\"trailer-elapsed\"]').innerText !== {elapsed_before:?} \
                 && /^\u{2212}00:[0-4]\\d$/.test(document.querySelector('[data-testid=\"trailer-remaining\"]').innerText) \
                 && document.querySelector('[data-testid=\"trailer-remaining\"]').innerText !== {remaining_before:?}"
            ),
        )
        .await;
        let elapsed = kiosk.text_of("trailer-elapsed").await;
        assert!(
            elapsed.len() == 5 && elapsed.starts_with("00:"),
            "mm:ss: {elapsed}"
        );

        // Every control is a large touch target.
        let small = kiosk
        .js("return [...document.querySelectorAll('.trailer button')].filter((b) => { \
             const r = b.getBoundingClientRect(); return r.width < 64 || r.height < 64; }).map((b) => b.dataset.testid)")
        .await;
        assert_eq!(small, json!([]), "buttons under 64 px");

        // Captions start off (the operator's default); on shows the visitor's language.
        assert_eq!(caption_modes(&kiosk).await, json!(["disabled", "disabled"]));
        kiosk.tap("trailer-captions").await;
        assert_eq!(caption_modes(&kiosk).await, json!(["showing", "disabled"]));
        let pressed = kiosk
        .js("return ['trailer-captions', 'trailer-caption-lang-en', 'trailer-caption-lang-ru'].map((id) => \
             document.querySelector(`[data-testid=\"${id}\"]`).getAttribute('aria-pressed'))")
        .await;
        assert_eq!(pressed, json!(["true", "true", "false"]));

        // Russian captions: the cues of the Russian file are the ones on screen.
        kiosk.tap("trailer-caption-lang-ru").await;
        assert_eq!(caption_modes(&kiosk).await, json!(["disabled", "showing"]));
        kiosk
        .wait_until(
            "a Russian cue on screen",
            &format!(
                "(() => {{ const t = [...{TRAILER}.textTracks].find((t) => t.mode === 'showing'); \
                 return t && t.language === 'ru' && t.activeCues && [...t.activeCues].some((c) => /[а-я]{{3}}/i.test(c.text)); }})()"
            ),
        )
        .await;
        kiosk.screenshot("32-trailer-captions-ru").await;

        // Replay: back to the start, still playing.
        kiosk
            .wait_until(
                "the trailer to be a few seconds in",
                &format!("{TRAILER}.currentTime > 3"),
            )
            .await;
        kiosk.tap("trailer-replay").await;
        kiosk
            .wait_until(
                "the replay to start from the top",
                &format!("{TRAILER}.currentTime < 1.5 && !{TRAILER}.paused"),
            )
            .await;

        // English captions: the opening sound caption of the English file (its first 4.8 s).
        kiosk.tap("trailer-caption-lang-en").await;
        assert_eq!(caption_modes(&kiosk).await, json!(["showing", "disabled"]));
        wait_for_cue(&kiosk, "en", "quiet synthesized chords").await;
        kiosk.screenshot("33-trailer-captions-en").await;

        // Off: no track shows, and the toggle says so.
        kiosk.tap("trailer-captions").await;
        assert_eq!(caption_modes(&kiosk).await, json!(["disabled", "disabled"]));
        let pressed = kiosk
        .js("return document.querySelector('[data-testid=\"trailer-captions\"]').getAttribute('aria-pressed')")
        .await;
        assert_eq!(pressed, json!("false"));
        kiosk.tap("trailer-captions").await;
        assert_eq!(
            caption_modes(&kiosk).await,
            json!(["showing", "disabled"]),
            "on again, in the language chosen last"
        );

        // The end: home, with the offer to watch it again.
        kiosk
            .js(&format!(
                "{TRAILER}.currentTime = {TRAILER}.duration - 1.5; return true"
            ))
            .await;
        kiosk.wait_for_screen("home").await;
        let watch_again = kiosk
            .js("return Boolean(document.querySelector('[data-testid=\"watch-again\"]'))")
            .await;
        assert_eq!(watch_again, json!(true), "home offers to watch it again");
        kiosk.open_operator_panel().await;
        assert_eq!(
            kiosk.text_of("op-stat-trailer-completions").await.trim(),
            "1"
        );
        kiosk.quit().await;
    }
);

/// The number the "Still there?" countdown shows, or null while it is not up.
const STILL_THERE_COUNT: &str = "(() => { const o = document.querySelector('[data-testid=\"still-there\"]:not(.is-leaving)'); \
     return o ? Number(o.querySelector('[data-testid=\"still-there-count\"]').textContent) : null; })()";

/// Waits for the overlay, checks that it is an alert dialog with a live countdown that goes down,
/// and returns the first number it showed.
async fn see_still_there_count_down(kiosk: &Kiosk) -> u64 {
    let first = kiosk
        .wait_until("the still-there countdown", STILL_THERE_COUNT)
        .await
        .as_u64()
        .unwrap();
    let dialog = kiosk
        .js("const d = document.querySelector('[data-testid=\"still-there\"] [role=\"alertdialog\"]'); \
             return d && [d.getAttribute('aria-modal'), Boolean(d.querySelector('[aria-live]')), \
                          document.activeElement?.dataset.testid]")
        .await;
    assert_eq!(
        dialog,
        json!(["true", true, "still-there-stay"]),
        "a modal alert dialog, its button focused"
    );
    kiosk
        .wait_until(
            "the countdown to go down",
            &format!(
                "(() => {{ const n = {STILL_THERE_COUNT}; return n !== null && n < {first}; }})()"
            ),
        )
        .await;
    first
}

e2e!(still_there_counts_down_and_a_touch_keeps_the_visitor, {
    // 15 s: the last third, 5 s, is the countdown.
    let kiosk = Kiosk::default_pack(&["--idle-timeout", "15"]).await;
    kiosk.tap("attract").await;
    kiosk.wait_for_screen("home").await;
    kiosk.tap("nav-credits").await;
    kiosk.wait_for_screen("credits").await;

    let first = see_still_there_count_down(&kiosk).await;
    assert_eq!(
        first, 5,
        "the countdown starts at the warning's full length"
    );
    let title = kiosk
        .js("return document.querySelector('.still-there-title').innerText")
        .await;
    assert_eq!(title, json!("Are you still there?"));
    kiosk.screenshot("34-still-there-en").await;
    kiosk.tap("still-there-stay").await;
    kiosk
        .wait_until(
            "the overlay to go",
            "!document.querySelector('[data-testid=\"still-there\"]')",
        )
        .await;
    assert_eq!(kiosk.screen().await, "credits");

    // The whole timeout starts again: the next warning comes, from its full length, while the
    // visitor is still on the screen they were reading (past the first timeout's end).
    let again = kiosk
        .wait_until("the countdown again", STILL_THERE_COUNT)
        .await;
    assert_eq!(again, json!(5));
    assert_eq!(kiosk.screen().await, "credits", "the touch kept the visit");

    // In Russian, and left alone: back to the attract loop.
    kiosk.xdotool(&["mousemove", "960", "540", "click", "1"]);
    kiosk
        .wait_until(
            "any touch to dismiss it",
            "!document.querySelector('[data-testid=\"still-there\"]')",
        )
        .await;
    kiosk.tap("back").await;
    kiosk.wait_for_screen("home").await;
    kiosk.tap("lang-ru").await;
    kiosk
        .wait_until(
            "Russian",
            "document.querySelector('[data-testid=\"lang-ru\"]')?.getAttribute('aria-pressed') === 'true'",
        )
        .await;
    kiosk.tap("nav-credits").await;
    kiosk.wait_for_screen("credits").await;
    see_still_there_count_down(&kiosk).await;
    let words = kiosk
        .js("const o = document.querySelector('[data-testid=\"still-there\"]'); \
             return [o.lang, o.querySelector('.still-there-title').innerText, o.querySelector('[data-testid=\"still-there-stay\"]').innerText]")
        .await;
    assert_eq!(words, json!(["ru", "Вы ещё здесь?", "Я ещё здесь"]));
    kiosk.screenshot("35-still-there-ru").await;
    kiosk.wait_for_screen("attract").await;
    let overlay = kiosk
        .js("return document.querySelectorAll('[data-testid=\"still-there\"]').length")
        .await;
    assert_eq!(overlay, json!(0), "the countdown leaves with the visit");
    kiosk.quit().await;
});

e2e!(the_player_screens_fit_a_portrait_display, {
    let kiosk = Kiosk::default_pack_portrait(&["--idle-timeout", "15"]).await;
    kiosk.assert_attract_film_advances().await;
    wait_for_cta(&kiosk, "en", "Touch to begin").await;
    kiosk.screenshot("36-portrait-attract-en").await;
    wait_for_cta(&kiosk, "ru", "Коснитесь, чтобы начать").await;
    kiosk.screenshot("37-portrait-attract-ru").await;

    for (lang, shot) in [("en", "38-portrait-trailer"), ("ru", "39-portrait-trailer")] {
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        if lang == "ru" {
            kiosk.tap("lang-ru").await;
            kiosk
                .wait_until("Russian", "document.body.lang === 'ru'")
                .await;
        }
        kiosk.tap("nav-trailer").await;
        kiosk.wait_for_screen("trailer").await;
        kiosk.assert_trailer_advances().await;
        kiosk.tap("trailer-captions").await;
        let script = if lang == "ru" { "а-я" } else { "a-z" };
        kiosk
            .wait_until(
                "captions on screen",
                &format!("/[{script}]{{3}}/i.test({SHOWN_CAPTION})"),
            )
            .await;
        let overflow = kiosk
            .js("return [...document.querySelectorAll('.trailer button, .trailer-progress')].filter((b) => { \
                 const r = b.getBoundingClientRect(); return r.left < 0 || r.right > innerWidth || r.bottom > innerHeight; }).length")
            .await;
        assert_eq!(overflow, json!(0), "every control fits on the screen");
        kiosk.screenshot(&format!("{shot}-{lang}")).await;
        // Paused, the idle time runs: the countdown appears over the trailer.
        kiosk.tap("trailer-play-pause").await;
        see_still_there_count_down(&kiosk).await;
        kiosk
            .screenshot(&format!("{shot}-still-there-{lang}"))
            .await;
        kiosk.wait_for_screen("attract").await;
    }
    kiosk.quit().await;
});
