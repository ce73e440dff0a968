//! A visitor's walk through the kiosk: from the attract loop through every screen and back, in
//! English and Russian, landscape and portrait, and back to the loop when left alone.

use crate::harness::*;

e2e!(
    a_visitor_walks_from_the_attract_loop_through_every_screen,
    {
        let kiosk = Kiosk::default_pack(&[]).await;

        kiosk.assert_attract_film_advances().await;
        let film = kiosk.attract_film().await;
        assert_eq!(
            film["muted"],
            json!(true),
            "the attract loop is silent: {film}"
        );
        kiosk.screenshot("01-attract").await;

        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.screenshot("02-home").await;

        kiosk.tap("nav-credits").await;
        kiosk.wait_for_screen("credits").await;
        let credits = kiosk.text_of("credits").await;
        assert!(
            credits.contains("Hans Hermans") && credits.contains("Martin Maat"),
            "{credits}"
        );
        kiosk.screenshot("03-credits").await;
        kiosk.tap("back").await;
        kiosk.wait_for_screen("home").await;

        kiosk.tap("nav-law").await;
        kiosk.wait_for_screen("law").await;
        let list = kiosk.text_of("law-doc-list").await;
        assert!(
            list.to_lowercase().contains("excerpt"),
            "excerpts are labelled: {list}"
        );
        kiosk.screenshot("04-law-list").await;
        kiosk.open_law("global-magnitsky").await;
        let body = kiosk.text_of("law-body").await;
        assert!(
            body.contains("gross violations of internationally recognized human rights"),
            "{}",
            &body[..200.min(body.len())]
        );
        let headings = kiosk.js("return document.querySelectorAll('[data-testid=\"law-body\"] h2, [data-testid=\"law-body\"] h3').length").await;
        assert!(
            headings.as_u64().unwrap() >= 3,
            "section headings: {headings}"
        );
        kiosk.screenshot("05-law-reader").await;
        kiosk.back_from_law_to_home().await;

        kiosk.tap("nav-about").await;
        kiosk.wait_for_screen("about").await;
        assert!(kiosk.text_of("about-synopsis").await.contains("Magnitsky"));
        kiosk
            .wait_until(
                "the poster to load from the media server",
                "document.querySelector('[data-testid=\"about-poster\"]')?.naturalWidth > 0",
            )
            .await;
        kiosk.screenshot("06-about").await;
        kiosk.tap("back").await;
        kiosk.wait_for_screen("home").await;

        kiosk.tap("nav-trailer").await;
        kiosk.wait_for_screen("trailer").await;
        // Where the attract film plays beneath the page, so does the trailer.
        assert_eq!(kiosk.assert_trailer_advances().await, "native");
        let film = kiosk.trailer_film().await;
        assert_eq!(
            film["muted"],
            json!(false),
            "the trailer plays with sound: {film}"
        );
        kiosk.screenshot("07-trailer").await;
        let paused = kiosk.pause_trailer().await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        let still = kiosk.trailer_film().await;
        assert_eq!(
            paused["position"], still["position"],
            "a paused trailer stays put"
        );
        kiosk.tap("back").await;
        kiosk.wait_for_screen("home").await;
        kiosk.quit().await;
    }
);

e2e!(idle_timeout_returns_to_the_attract_loop, {
    let kiosk = Kiosk::default_pack(&["--idle-timeout", "3"]).await;
    kiosk.tap("attract").await;
    kiosk.wait_for_screen("home").await;
    kiosk.tap("nav-credits").await;
    kiosk.wait_for_screen("credits").await;
    let left_at = Instant::now();
    kiosk.wait_for_screen("attract").await;
    let waited = left_at.elapsed();
    assert!(
        waited >= Duration::from_millis(2500),
        "returned too early: {waited:?}"
    );
    kiosk.assert_attract_film_advances().await;
    kiosk.quit().await;
});

e2e!(
    a_visitor_reads_in_russian_and_the_next_visitor_starts_in_english,
    {
        let kiosk = Kiosk::default_pack(&["--idle-timeout", "4"]).await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        let english_pressed = kiosk
        .js("return document.querySelector('[data-testid=\"lang-en\"]').getAttribute('aria-pressed')")
        .await;
        assert_eq!(english_pressed, json!("true"));
        assert_eq!(kiosk.text_of("lang-ru").await, "Русский");

        kiosk.tap("lang-ru").await;
        kiosk
        .wait_until(
            "Russian to be selected",
            "document.querySelector('[data-testid=\"lang-ru\"]')?.getAttribute('aria-pressed') === 'true'",
        )
        .await;
        kiosk.tap("nav-about").await;
        kiosk.wait_for_screen("about").await;
        let synopsis = kiosk.text_of("about-synopsis").await;
        assert!(synopsis.contains("Магнитск"), "{synopsis}");
        kiosk.screenshot("09-about-ru").await;
        kiosk.tap("back").await;
        kiosk.wait_for_screen("home").await;

        kiosk.tap("nav-law").await;
        kiosk.wait_for_screen("law").await;
        let note = kiosk.text_of("law-language-note").await;
        // Capitalisation of the language name is ICU's choice, which differs between builds.
        assert_eq!(note.to_lowercase(), "текст на языке оригинала: английский");
        kiosk.screenshot("10-law-list-ru").await;

        // Left alone: back to the loop, and the next visitor meets the default language.
        kiosk.wait_for_screen("attract").await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        let pressed = kiosk
        .js("return document.querySelector('[data-testid=\"lang-en\"]').getAttribute('aria-pressed')")
        .await;
        assert_eq!(
            pressed,
            json!("true"),
            "the language was reset for the next visitor"
        );
        kiosk.quit().await;
    }
);

e2e!(every_screen_fills_a_portrait_display, {
    let kiosk = Kiosk::default_pack_portrait(&[]).await;
    let size: Vec<u64> = serde_json::from_value(
        kiosk
            .js("return [window.innerWidth, window.innerHeight]")
            .await,
    )
    .unwrap();
    assert_eq!(size, [1080, 1920], "the kiosk covers the portrait screen");
    kiosk.assert_attract_film_advances().await;
    kiosk.screenshot("portrait-01-attract").await;

    kiosk.tap("attract").await;
    kiosk.wait_for_screen("home").await;
    kiosk.screenshot("portrait-02-home").await;
    for (tile, screen, shot) in [
        ("nav-credits", "credits", "portrait-03-credits"),
        ("nav-law", "law", "portrait-04-law-list"),
        ("nav-about", "about", "portrait-06-about"),
    ] {
        kiosk.tap(tile).await;
        kiosk.wait_for_screen(screen).await;
        kiosk.screenshot(shot).await;
        if screen == "law" {
            kiosk.open_law("global-magnitsky").await;
            kiosk.screenshot("portrait-05-law-reader").await;
            kiosk.back_from_law_to_home().await;
        } else {
            kiosk.tap("back").await;
            kiosk.wait_for_screen("home").await;
        }
    }
    kiosk.tap("nav-trailer").await;
    kiosk.wait_for_screen("trailer").await;
    kiosk.assert_trailer_advances().await;
    kiosk.screenshot("portrait-07-trailer").await;
    kiosk.quit().await;
});
