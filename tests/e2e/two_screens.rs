//! Two screens with two parts (one kiosk process, one window per monitor, under Xvnc): the touch
//! screen (`reader`) and the big screen (`film`), which loops the film and plays the trailer a
//! visitor starts on the touch screen, with sound, through the core. Idle brings both to rest;
//! a film monitor that is unplugged gives the whole kiosk to the touch screen (`move`) or leaves
//! the film's part waiting (`wait`), and plugged back the big screen is the big screen again.

use crate::harness::*;
use serde_json::Value;

const TOUCH: Screen = Screen::new(0, 0, 1920, 1080);
const BIG: Screen = Screen::new(1920, 0, 1280, 720);

/// The film the core plays natively, as the touch screen's page can ask (`film_status`).
async fn native_film(kiosk: &Kiosk) -> Value {
    kiosk.invoke("film_status").await["native"].clone()
}

/// Waits until the native film plays `role` beneath the page of `window`.
async fn wait_for_film(kiosk: &Kiosk, window: &str, role: &str, what: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let film = native_film(kiosk).await;
        if film["window"] == window && film["role"] == role && film["playing"] == true {
            return film;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the native film is {film}, not {role} playing in the {window} window; the log ends:\n{}",
            log_tail(kiosk)
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn log_tail(kiosk: &Kiosk) -> String {
    let log = kiosk.home.log();
    let lines: Vec<&str> = log.lines().rev().take(15).collect();
    lines.into_iter().rev().collect::<Vec<_>>().join("\n")
}

/// The film screen's window as X has it: `Some((x, y, width, height))` while it is shown.
fn film_window(kiosk: &Kiosk) -> Option<(i32, i32, u32, u32)> {
    kiosk.window_geometry("film screen")
}

async fn wait_for_film_window(kiosk: &Kiosk, wanted: Option<Screen>, what: &str) {
    let wanted = wanted.map(|s| {
        (
            i32::from(s.x),
            i32::from(s.y),
            u32::from(s.width),
            u32::from(s.height),
        )
    });
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let now = film_window(kiosk);
        if now == wanted {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the film screen's window is {now:?}, not {wanted:?}; the log ends:\n{}",
            log_tail(kiosk)
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn wait_for_role(kiosk: &Kiosk, role: &str) {
    kiosk
        .wait_until(
            &format!("the touch screen's window to play the {role} part"),
            &format!("document.body.dataset.role === '{role}'"),
        )
        .await;
}

/// Staff set up two screens in the panel: the touch screen, and the big one beside it; back at
/// rest, the touch screen is the reader and the big screen's window covers its monitor.
async fn set_up_two_screens(kiosk: &Kiosk) {
    kiosk.open_operator_panel().await;
    kiosk.set_field("op-display", "VNC-0").await;
    kiosk.set_field("op-film-display", "VNC-1").await;
    kiosk.save_panel().await;
    kiosk.tap("op-lock").await;
    kiosk.wait_for_screen("attract").await;
    wait_for_role(kiosk, "reader").await;
    wait_for_film_window(kiosk, Some(BIG), "the big screen's window").await;
    wait_for_film(kiosk, "film", "attract", "the big screen loops").await;
}

async fn shoot_both(kiosk: &Kiosk, name: &str) {
    kiosk.settle(Duration::from_secs(2)).await;
    kiosk
        .screenshot_monitor(&format!("{name}-touch"), &TOUCH.geometry())
        .await;
    kiosk
        .screenshot_monitor(&format!("{name}-big"), &BIG.geometry())
        .await;
}

e2e!(
    a_trailer_started_on_the_touch_screen_plays_with_sound_on_the_big_one_and_idle_rests_both,
    {
        let display = XvncDisplay::start(&[TOUCH, BIG]);
        let pack = util::default_pack();
        let kiosk = Kiosk::launch_in(
            Home::with_pin(),
            Some(display.name()),
            &["--content", pack.to_str().unwrap(), "--idle-timeout", "12"],
            "attract",
        )
        .await;

        set_up_two_screens(&kiosk).await;
        let looping = native_film(&kiosk).await;
        assert_eq!(looping["volume"], Value::Null, "the loop is muted");
        let videos = kiosk
            .js("return document.querySelectorAll('video').length")
            .await;
        assert_eq!(videos, 0, "the touch screen plays no film of its own");
        shoot_both(&kiosk, "80-two-screens-at-rest").await;

        // A visitor starts the trailer on the touch screen: it plays on the big one, with sound.
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-trailer").await;
        kiosk.wait_for_screen("now-playing").await;
        let trailer = wait_for_film(&kiosk, "film", "trailer", "the visitor's trailer").await;
        assert!(
            trailer["volume"].as_f64().is_some_and(|v| v > 0.0),
            "with sound: {trailer}"
        );
        kiosk
            .wait_for_log("the film screen plays the trailer", Duration::from_secs(5))
            .await;
        shoot_both(&kiosk, "81-trailer-on-the-big-screen").await;
        // Watching is not walking away: the touch screen outlasts its idle timeout meanwhile.
        tokio::time::sleep(Duration::from_secs(13)).await;
        assert_eq!(
            kiosk.screen().await,
            "now-playing",
            "idle waits while the trailer plays"
        );

        // The visitor goes on to read while it plays, then walks away: idle rests both screens.
        kiosk.tap("now-playing-menu").await;
        kiosk.wait_for_screen("home").await;
        wait_for_film(&kiosk, "film", "trailer", "the trailer plays on").await;
        let deadline = Instant::now() + Duration::from_secs(30);
        while kiosk.screen().await != "attract" {
            assert!(
                Instant::now() < deadline,
                "idle never returned to rest: {}; the log ends:\n{}",
                kiosk
                    .js("return [document.body.dataset.screen, !!document.querySelector('[data-testid=\"still-there\"]')]")
                    .await,
                log_tail(&kiosk)
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        wait_for_film(
            &kiosk,
            "film",
            "attract",
            "idle sent the big screen back to its loop",
        )
        .await;
        shoot_both(&kiosk, "82-idle-rests-both").await;
        kiosk.quit().await;
    }
);

e2e!(
    an_unplugged_big_screen_moves_its_part_or_waits_as_chosen_and_returns_when_plugged_back,
    {
        let mut display = XvncDisplay::start(&[TOUCH, BIG]);
        let pack = util::default_pack();
        let kiosk = Kiosk::launch_in(
            Home::with_pin(),
            Some(display.name()),
            &["--content", pack.to_str().unwrap()],
            "attract",
        )
        .await;
        set_up_two_screens(&kiosk).await;

        // The trailer plays on the big screen when its cable is pulled: by default the touch
        // screen takes the whole kiosk on, its own loop included.
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-trailer").await;
        kiosk.wait_for_screen("now-playing").await;
        wait_for_film(&kiosk, "film", "trailer", "the visitor's trailer").await;
        display.set_layout(&[TOUCH]);
        wait_for_role(&kiosk, "kiosk").await;
        wait_for_film_window(&kiosk, None, "the big screen is gone").await;
        kiosk.wait_for_screen("home").await;
        kiosk
            .wait_for_log(
                "the main window plays the Kiosk part",
                Duration::from_secs(5),
            )
            .await;
        shoot_both(&kiosk, "83-big-screen-unplugged-move").await;

        // Plugged back: two screens again, the loop on the big one.
        display.set_layout(&[TOUCH, BIG]);
        wait_for_role(&kiosk, "reader").await;
        wait_for_film_window(&kiosk, Some(BIG), "the big screen is back").await;
        wait_for_film(&kiosk, "film", "attract", "the big screen loops again").await;
        shoot_both(&kiosk, "84-big-screen-back").await;

        // Told to wait instead: the touch screen stays the touch screen, and plays a trailer
        // itself while the big screen is gone.
        kiosk.open_operator_panel().await;
        kiosk.set_field("op-when-display-gone", "wait").await;
        kiosk.save_panel().await;
        kiosk.tap("op-lock").await;
        kiosk.wait_for_screen("attract").await;
        display.set_layout(&[TOUCH]);
        wait_for_film_window(&kiosk, None, "the big screen is gone again").await;
        kiosk
            .wait_for_log(
                "the film window plays the Standby part",
                Duration::from_secs(10),
            )
            .await;
        assert_eq!(
            kiosk.js("return document.body.dataset.role").await,
            "reader",
            "the touch screen waits with its own part"
        );
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-trailer").await;
        kiosk.wait_for_screen("trailer").await;
        wait_for_film(
            &kiosk,
            "main",
            "trailer",
            "the touch screen plays it itself",
        )
        .await;
        shoot_both(&kiosk, "85-big-screen-unplugged-wait").await;
        display.set_layout(&[TOUCH, BIG]);
        wait_for_film_window(&kiosk, Some(BIG), "the big screen is back after waiting").await;
        kiosk.quit().await;
    }
);
