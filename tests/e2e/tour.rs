//! The visitor's tour: home's languages and display choices, "watch again", the credits roll and
//! list, About's timeline, each in English and Russian, landscape and portrait.

use crate::harness::*;

/// `document.querySelector` for a data-testid, as a JS expression.
fn el(test_id: &str) -> String {
    format!("document.querySelector('[data-testid=\"{test_id}\"]')")
}

async fn attr(kiosk: &Kiosk, test_id: &str, name: &str) -> Value {
    kiosk
        .js(&format!("return {}?.getAttribute('{name}')", el(test_id)))
        .await
}

/// innerText, without the line breaks WebKit adds after inline-block children.
async fn text(kiosk: &Kiosk, test_id: &str) -> String {
    kiosk.text_of(test_id).await.trim().to_string()
}

async fn number(kiosk: &Kiosk, expression: &str) -> f64 {
    kiosk
        .js(&format!("return {expression}"))
        .await
        .as_f64()
        .unwrap_or_else(|| panic!("{expression} is not a number"))
}

async fn choose_language(kiosk: &Kiosk, tag: &str) {
    kiosk.tap(&format!("lang-{tag}")).await;
    kiosk
        .wait_until(
            &format!("{tag} to be the visitor's language"),
            &format!(
                "{}?.getAttribute('aria-pressed') === 'true' && document.body.lang === '{tag}'",
                el(&format!("lang-{tag}"))
            ),
        )
        .await;
}

/// Nothing on the screen is wider than the screen, and home's corner choices cover neither the
/// title nor a tile (long Russian labels included).
async fn assert_layout_fits(kiosk: &Kiosk, what: &str) {
    let overflow = kiosk
        .js(
            "const w = window.innerWidth; return [...document.querySelectorAll('#app *')]
               .filter((e) => e.getClientRects().length && !e.closest('.timeline-strip, [aria-hidden=true]'))
               .map((e) => [e, e.getBoundingClientRect()])
               .filter(([, r]) => r.width > 0 && (r.right > w + 1 || r.left < -1))
               .map(([e]) => e.className || e.tagName).slice(0, 5)",
        )
        .await;
    assert_eq!(
        overflow,
        json!([]),
        "{what}: elements wider than the screen"
    );
    if kiosk.screen().await == "home" {
        let overlaps = kiosk
            .js("const corner = [...document.querySelectorAll('.home-options > *')].map((e) => e.getBoundingClientRect());
                 const hit = (r) => corner.some((o) => r.left < o.right && r.right > o.left && r.top < o.bottom && r.bottom > o.top);
                 return [...document.querySelectorAll('.home-head > *, .tile, .watch-again, .home-poster')]
                   .filter((e) => hit(e.getBoundingClientRect())).map((e) => e.className)")
            .await;
        assert_eq!(
            overlaps,
            json!([]),
            "{what}: the corner choices cover the menu"
        );
    }
}

/// Home, credits (roll, then list) and About scrolled to its timeline, with a screenshot of each.
async fn shoot_the_tour(kiosk: &Kiosk, language: &str, suffix: &str) {
    kiosk.wait_for_screen("home").await;
    kiosk
        .wait_until(
            "the poster",
            "document.querySelector('.home-poster-img')?.naturalWidth > 0",
        )
        .await;
    assert_layout_fits(kiosk, &format!("home {suffix}")).await;
    kiosk.screenshot(&format!("50-home-{suffix}")).await;

    kiosk.tap("nav-credits").await;
    kiosk.wait_for_screen("credits").await;
    kiosk
        .wait_until(
            "the roll to move",
            &format!("{}.scrollTop > 40", el("credits-roll")),
        )
        .await;
    assert_layout_fits(kiosk, &format!("credits roll {suffix}")).await;
    kiosk.screenshot(&format!("51-credits-roll-{suffix}")).await;
    kiosk.tap("credits-view-list").await;
    kiosk
        .wait_until("the list", &format!("!{}.hidden", el("credits-list")))
        .await;
    assert_layout_fits(kiosk, &format!("credits list {suffix}")).await;
    kiosk.screenshot(&format!("52-credits-list-{suffix}")).await;
    kiosk.tap("back").await;
    kiosk.wait_for_screen("home").await;

    kiosk.tap("nav-about").await;
    kiosk.wait_for_screen("about").await;
    kiosk
        .js(&format!(
            "{}.scrollIntoView({{ block: 'end' }}); return true",
            el("about-timeline")
        ))
        .await;
    assert_layout_fits(kiosk, &format!("about {suffix}")).await;
    let lang = kiosk.js("return document.body.lang").await;
    assert_eq!(lang, json!(language));
    kiosk
        .screenshot(&format!("53-about-timeline-{suffix}"))
        .await;
    kiosk.tap("back").await;
    kiosk.wait_for_screen("home").await;
}

e2e!(tour_in_russian_every_label_heading_and_date_is_russian, {
    let kiosk = Kiosk::default_pack(&[]).await;
    kiosk.tap("attract").await;
    kiosk.wait_for_screen("home").await;
    assert_eq!(
        text(&kiosk, "nav-credits").await.lines().next(),
        Some("Credits")
    );
    shoot_the_tour(&kiosk, "en", "en").await;

    choose_language(&kiosk, "ru").await;
    // The picker names every language in itself, whatever the visitor reads now.
    assert_eq!(text(&kiosk, "lang-en").await, "English");
    assert_eq!(attr(&kiosk, "lang-en", "lang").await, json!("en"));
    assert_eq!(attr(&kiosk, "lang-ru", "lang").await, json!("ru"));
    let labels = kiosk
        .js(
            "return [document.querySelector('.home-tiles').getAttribute('aria-label'),
                     document.querySelector('.home-languages').getAttribute('aria-label'),
                     document.querySelector('.home-display').getAttribute('aria-label'),
                     document.querySelector('.home-poster-img').alt]",
        )
        .await;
    assert_eq!(
        labels,
        json!([
            "Меню",
            "Язык",
            "Настройки экрана",
            "Постер фильма «Justice for Sergei»"
        ])
    );
    let tiles = kiosk
        .js("return document.querySelector('.home-tiles').innerText")
        .await;
    let tiles = tiles.as_str().unwrap();
    for wanted in [
        "Смотреть трейлер",
        "Со звуком",
        "Титры",
        "Законы",
        "3 документа",
        "О фильме",
    ] {
        assert!(tiles.contains(wanted), "{wanted:?} in {tiles}");
    }
    assert!(
        !tiles.chars().any(|c| c.is_ascii_alphabetic()),
        "no English left on the tiles: {tiles}"
    );
    assert_eq!(text(&kiosk, "access-contrast").await, "Высокий контраст");
    assert_eq!(text(&kiosk, "access-text").await, "Крупный шрифт");

    kiosk.tap("nav-credits").await;
    kiosk.wait_for_screen("credits").await;
    assert_eq!(text(&kiosk, "back").await, "Назад");
    assert_eq!(text(&kiosk, "credits-view-roll").await, "Бегущие титры");
    assert_eq!(text(&kiosk, "credits-view-list").await, "Список");
    // textContent: innerText would give the headings' CSS capitals.
    let credits = kiosk
        .js(&format!("return {}.textContent", el("credits")))
        .await
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        credits.contains("Ханс Херманс") && credits.contains("Награды"),
        "{credits}"
    );
    kiosk.tap("back").await;
    kiosk.wait_for_screen("home").await;

    kiosk.tap("nav-about").await;
    kiosk.wait_for_screen("about").await;
    assert_eq!(text(&kiosk, "back").await, "Назад");
    let headings = kiosk
        .js("return [...document.querySelectorAll('.about .eyebrow, .about h2')].map((e) => e.textContent)")
        .await;
    assert_eq!(
        headings,
        json!(["О фильме", "Основные факты", "Хронология дела"])
    );
    let dates = kiosk
        .js("return Object.fromEntries([...document.querySelectorAll('[data-testid=\"timeline-date\"]')]
               .map((e) => [e.getAttribute('datetime'), e.textContent]))")
        .await;
    assert_eq!(dates["1972-04-08"], json!("8 апреля 1972 г."));
    assert_eq!(dates["2009-11-16"], json!("16 ноября 2009 г."));
    assert_eq!(dates["2007-06"], json!("июнь 2007 г."));
    assert_eq!(dates["2007"], json!("2007"));
    let source = kiosk
        .js("return document.querySelector('[data-testid=\"timeline-source\"]').textContent")
        .await;
    assert_eq!(source, json!("Источник: en.wikipedia.org"));
    kiosk.tap("back").await;

    shoot_the_tour(&kiosk, "ru", "ru").await;
    kiosk.quit().await;
});

e2e!(
    tour_portrait_home_credits_and_about_fit_in_both_languages,
    {
        let kiosk = Kiosk::default_pack_portrait(&[]).await;
        kiosk.tap("attract").await;
        shoot_the_tour(&kiosk, "en", "en-portrait").await;
        choose_language(&kiosk, "ru").await;
        shoot_the_tour(&kiosk, "ru", "ru-portrait").await;
        kiosk.quit().await;
    }
);

e2e!(
    tour_credits_roll_pauses_for_a_touch_stops_at_the_end_and_lists_every_name,
    {
        let kiosk = Kiosk::default_pack(&[]).await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-credits").await;
        kiosk.wait_for_screen("credits").await;
        assert_eq!(
            attr(&kiosk, "credits-view-roll", "aria-selected").await,
            json!("true")
        );

        let roll = el("credits-roll");
        let top = format!("{roll}.scrollTop");
        kiosk
            .wait_until("the roll to start", &format!("{top} > 20"))
            .await;
        let before = number(&kiosk, &top).await;
        kiosk
            .wait_until("the roll to advance", &format!("{top} > {before} + 20"))
            .await;

        // A touch holds it still (long enough to read), then it carries on by itself.
        kiosk.tap("credits-roll").await;
        kiosk
            .wait_until(
                "the roll to pause",
                &format!("{}.dataset.roll === 'paused'", el("credits")),
            )
            .await;
        let held = number(&kiosk, &top).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(
            number(&kiosk, &top).await,
            held,
            "the roll holds still after a touch"
        );
        kiosk
            .wait_until("the roll to resume", &format!("{top} > {held} + 20"))
            .await;

        // At the end it stops, and "Start again" takes it back to the top and rolls again.
        kiosk
            .js(&format!(
                "{roll}.scrollTop = {roll}.scrollHeight - {roll}.clientHeight - 60; return true"
            ))
            .await;
        kiosk
            .wait_until(
                "the roll to end",
                &format!("{}.dataset.roll === 'ended'", el("credits")),
            )
            .await;
        let end = number(&kiosk, &top).await;
        let max = number(
            &kiosk,
            &format!("{roll}.scrollHeight - {roll}.clientHeight"),
        )
        .await;
        assert!(
            (end - max).abs() <= 1.0,
            "stopped at the end: {end} of {max}"
        );
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert_eq!(number(&kiosk, &top).await, end, "stays at the end");
        kiosk.tap("credits-again").await;
        kiosk
            .wait_until("back at the top", &format!("{top} < 5"))
            .await;
        kiosk
            .wait_until("rolling again", &format!("{top} > 20"))
            .await;

        // The list: every name and role of the pack, no more, and it does not move by itself.
        kiosk.tap("credits-view-list").await;
        assert_eq!(
            attr(&kiosk, "credits-view-list", "aria-selected").await,
            json!("true")
        );
        assert_eq!(
            attr(&kiosk, "credits-view-roll", "aria-selected").await,
            json!("false")
        );
        let pack = kiosk.invoke("get_pack").await;
        let names: Vec<String> = pack["credits"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["entries"].as_array().unwrap().clone())
            .flat_map(|e| e["names"].as_array().unwrap().clone())
            .map(|n| n.as_str().unwrap().to_string())
            .collect();
        assert!(names.len() >= 15, "the pack's names: {names:?}");
        assert!(names.contains(&"Natalia Magnitskaya".to_string()));
        let shown = kiosk
        .js(&format!(
            "const list = {}; return list.hidden ? null : [...list.querySelectorAll('.credit-name')].map((e) => e.innerText)",
            el("credits-list")
        ))
        .await;
        assert_eq!(
            shown,
            json!(names),
            "the list shows exactly the pack's names, in order"
        );
        assert!(kiosk.js(&format!("return {roll}.hidden")).await == json!(true));
        let list_top = format!("{}.scrollTop", el("credits-list"));
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert_eq!(
            number(&kiosk, &list_top).await,
            0.0,
            "the list does not roll"
        );
        kiosk.quit().await;
    }
);

e2e!(
    tour_timeline_strip_steps_through_dated_events_with_their_sources,
    {
        let kiosk = Kiosk::default_pack(&[]).await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-about").await;
        kiosk.wait_for_screen("about").await;

        let pack = kiosk.invoke("get_pack").await;
        let events = pack["timeline"].as_array().unwrap().len();
        assert!(events >= 10, "{events} events in the pack");
        let cards = kiosk
        .js(
            "return [...document.querySelectorAll('[data-testid=\"timeline-event\"]')].map((e) => [
               e.querySelector('time')?.textContent || '',
               e.querySelector('.timeline-text')?.textContent || '',
               e.querySelector('[data-testid=\"timeline-source\"]')?.textContent || ''])",
        )
        .await;
        let cards = cards.as_array().unwrap();
        assert_eq!(cards.len(), events, "one card per event of the pack");
        for card in cards {
            assert!(!card[0].as_str().unwrap().is_empty(), "dated: {card}");
            assert!(
                !card[1].as_str().unwrap().is_empty(),
                "says something: {card}"
            );
            assert!(
                card[2].as_str().unwrap().starts_with("Source: "),
                "sourced: {card}"
            );
        }
        assert_eq!(cards[0][0], json!("8 April 1972"));
        assert_eq!(cards[0][2], json!("Source: en.wikipedia.org"));
        assert_eq!(cards[1][0], json!("June 2007"));
        let links = kiosk
            .js("return document.querySelectorAll('[data-testid=\"about-timeline\"] a').length")
            .await;
        assert_eq!(links, json!(0), "sources are text, never links");

        let strip = el("timeline-strip");
        let left = format!("{strip}.scrollLeft");
        assert_eq!(
            attr(&kiosk, "timeline-prev", "aria-disabled").await,
            json!("true")
        );
        assert_eq!(
            text(&kiosk, "timeline-position").await,
            format!("Event 1 of {events}")
        );
        // Each step lands on an event's card (smooth scrolling passes through other values first).
        let at = |i: usize| {
            format!(
            "Math.abs({left} - ((c) => c[{i}].offsetLeft - c[0].offsetLeft)(document.querySelectorAll('[data-testid=\"timeline-event\"]'))) < 3"
        )
        };
        kiosk.tap("timeline-next").await;
        kiosk.wait_until("the second event", &at(1)).await;
        assert!(number(&kiosk, &left).await > 100.0, "the strip moved");
        kiosk
            .wait_until(
                "the position to follow",
                &format!(
                    "{}.textContent === 'Event 2 of {events}'",
                    el("timeline-position")
                ),
            )
            .await;
        kiosk.tap("timeline-next").await;
        kiosk.wait_until("the third event", &at(2)).await;
        assert_eq!(
            attr(&kiosk, "timeline-prev", "aria-disabled").await,
            json!("false")
        );
        kiosk.tap("timeline-prev").await;
        kiosk.wait_until("back to the second event", &at(1)).await;

        // A mouse drag (a touch screen that reports itself as a mouse) moves it too.
        let drag_from: Vec<f64> = serde_json::from_value(
        kiosk
            .js(&format!(
                "{strip}.scrollIntoView({{ block: 'center' }}); const r = {strip}.getBoundingClientRect();
                 return [r.left + r.width * 0.7, r.top + r.height / 2]"
            ))
            .await,
    )
    .unwrap();
        let (x, y) = (drag_from[0].round() as i64, drag_from[1].round() as i64);
        let before_drag = number(&kiosk, &left).await;
        kiosk.xdotool(&[
            "mousemove",
            &x.to_string(),
            &y.to_string(),
            "mousedown",
            "1",
            "mousemove",
            &(x - 150).to_string(),
            &y.to_string(),
            "mousemove",
            &(x - 400).to_string(),
            &y.to_string(),
            "mouseup",
            "1",
        ]);
        kiosk
            .wait_until(
                "the drag to move the strip",
                &format!("{left} > {before_drag} + 150"),
            )
            .await;
        kiosk.quit().await;
    }
);

e2e!(tour_watch_again_is_offered_when_the_trailer_ends, {
    let kiosk = Kiosk::default_pack(&[]).await;
    kiosk.tap("attract").await;
    kiosk.wait_for_screen("home").await;
    assert_eq!(
        kiosk.js(&format!("return !!{}", el("watch-again"))).await,
        json!(false)
    );

    kiosk.tap("nav-trailer").await;
    kiosk.wait_for_screen("trailer").await;
    kiosk
        .wait_for_trailer("to know its length", |film| {
            film["duration"].as_f64().is_some_and(|d| d > 5.0)
        })
        .await;
    // To the end, as a visitor's End key on the progress bar takes it there.
    kiosk.seek_trailer_to_its_end().await;
    kiosk.wait_for_screen("home").await;
    kiosk
        .wait_until(
            "the watch-again button",
            &format!("{}?.innerText", el("watch-again")),
        )
        .await;
    assert_eq!(text(&kiosk, "watch-again").await, "Watch again");
    kiosk.screenshot("54-home-watch-again").await;
    kiosk.tap("watch-again").await;
    kiosk.wait_for_screen("trailer").await;
    kiosk.assert_trailer_advances().await;
    kiosk.quit().await;
});

e2e!(
    tour_display_choices_last_the_visit_and_the_next_visitor_starts_without_them,
    {
        let kiosk = Kiosk::default_pack(&["--idle-timeout", "5"]).await;
        let classes =
        "return ['high-contrast', 'large-text'].filter((c) => document.body.classList.contains(c))";
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        assert_eq!(kiosk.js(classes).await, json!([]));
        assert_eq!(
            attr(&kiosk, "access-contrast", "aria-pressed").await,
            json!("false")
        );

        kiosk.tap("access-contrast").await;
        assert_eq!(kiosk.js(classes).await, json!(["high-contrast"]));
        assert_eq!(
            attr(&kiosk, "access-contrast", "aria-pressed").await,
            json!("true")
        );
        kiosk.tap("access-text").await;
        assert_eq!(
            kiosk.js(classes).await,
            json!(["high-contrast", "large-text"])
        );
        // Larger text still fits the menu: every tile on screen, nothing to scroll for.
        let cut = kiosk
        .js("return [...document.querySelectorAll('.tile')].filter((e) => e.getBoundingClientRect().bottom > window.innerHeight).length")
        .await;
        assert_eq!(cut, json!(0), "tiles below the screen with larger text");
        kiosk.screenshot("55-home-display-choices").await;

        // They hold for the whole visit, across screens and a change of language.
        kiosk.tap("nav-credits").await;
        kiosk.wait_for_screen("credits").await;
        assert_eq!(
            kiosk.js(classes).await,
            json!(["high-contrast", "large-text"])
        );
        kiosk.tap("back").await;
        kiosk.wait_for_screen("home").await;
        choose_language(&kiosk, "ru").await;
        assert_eq!(
            attr(&kiosk, "access-text", "aria-pressed").await,
            json!("true")
        );
        kiosk.tap("access-contrast").await;
        assert_eq!(kiosk.js(classes).await, json!(["large-text"]));
        kiosk.tap("access-contrast").await;
        assert_eq!(
            kiosk.js(classes).await,
            json!(["high-contrast", "large-text"])
        );

        // Left alone: back to the loop, and the next visitor starts plain.
        kiosk.wait_for_screen("attract").await;
        assert_eq!(kiosk.js(classes).await, json!([]));
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        assert_eq!(
            attr(&kiosk, "access-contrast", "aria-pressed").await,
            json!("false")
        );
        assert_eq!(
            attr(&kiosk, "access-text", "aria-pressed").await,
            json!("false")
        );
        assert_eq!(kiosk.js(classes).await, json!([]));
        kiosk.quit().await;
    }
);
