//! Opening hours: outside them visitors meet a calm closed slate that a tap does not open.

use crate::harness::*;

e2e!(outside_opening_hours_visitors_meet_a_calm_closed_slate, {
    let kiosk = Kiosk::default_pack(&[]).await;
    kiosk.open_operator_panel().await;
    // Hours that start two hours from now: closed at this moment, whatever the time of day.
    let hours = kiosk
        .js("const h = (new Date().getHours() + 2) % 24; \
             const hh = (n) => String(n).padStart(2, '0') + ':00'; \
             return [hh(h), hh((h + 1) % 24)]")
        .await;
    kiosk.set_field("op-hours-enabled", "true").await;
    kiosk
        .set_field("op-opens", hours[0].as_str().unwrap())
        .await;
    kiosk
        .set_field("op-closes", hours[1].as_str().unwrap())
        .await;
    kiosk.save_panel().await;
    kiosk.tap("op-lock").await;
    kiosk.wait_for_screen("closed").await;
    let slate = kiosk.text_of("closed").await;
    assert!(slate.contains(hours[0].as_str().unwrap()), "{slate}");
    let videos = kiosk
        .js("return [...document.querySelectorAll('video')].filter((v) => !v.paused).length")
        .await;
    assert_eq!(videos, json!(0), "nothing plays while closed");
    kiosk.screenshot("22-closed").await;
    kiosk.tap("closed").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        kiosk.screen().await,
        "closed",
        "a tap does not open the kiosk"
    );
    assert!(kiosk.home.log().contains("closed for the day"));

    // Xvfb has no DPMS, so nothing can switch the display off: the kiosk says so, and after a
    // moment the slate goes black by itself. A touch shows it again, and still starts nothing.
    kiosk
        .wait_for_log(
            "the display cannot be switched off here (this X server has no DPMS extension)",
            Duration::from_secs(10),
        )
        .await;
    let dark = "document.querySelector('[data-testid=\"closed\"]').classList.contains('is-dark')";
    kiosk.wait_until("the slate gone black", dark).await;
    tokio::time::sleep(Duration::from_secs(2)).await; // its fade
    let samples = kiosk.sample_screen_centre(Duration::from_millis(300));
    assert!(
        !samples.is_empty() && samples.iter().all(|s| s.brightness < 2.0),
        "the middle of the screen is black: {:?}",
        samples.iter().map(|s| s.brightness).collect::<Vec<_>>()
    );
    kiosk.screenshot("22-closed-black").await;
    kiosk.tap("closed").await;
    let shown = kiosk.js(&format!("return !({dark})")).await;
    assert_eq!(shown, json!(true), "a touch shows the slate again");
    assert_eq!(kiosk.screen().await, "closed");
    let videos = kiosk
        .js("return [...document.querySelectorAll('video')].filter((v) => !v.paused).length")
        .await;
    assert_eq!(videos, json!(0), "a touch while closed plays nothing");

    kiosk.open_operator_panel().await;
    let power = kiosk.text_of("op-display-power").await;
    assert!(power.contains("cannot switch the display off"), "{power}");
    kiosk.set_field("op-hours-enabled", "false").await;
    kiosk.save_panel().await;
    kiosk.tap("op-lock").await;
    kiosk.wait_for_screen("attract").await;
    kiosk.quit().await;
});
