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

    kiosk.open_operator_panel().await;
    kiosk.set_field("op-hours-enabled", "false").await;
    kiosk.save_panel().await;
    kiosk.tap("op-lock").await;
    kiosk.wait_for_screen("attract").await;
    kiosk.quit().await;
});
