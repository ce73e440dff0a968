//! The monitors the kiosk is offered: two monitors on one X display (Xvnc, see harness/xvnc.rs)
//! are two displays in the operator panel, and unplugging one leaves the kiosk running on the
//! other; the chosen display is filled, again after a restart, left for the one that remains when
//! it is unplugged and filled again when it is back.

use crate::harness::*;
use std::path::Path;

/// The main monitor, and a smaller one to its right, as a kiosk with a side screen has them.
const MAIN: Screen = Screen::new(0, 0, 1920, 1080);
const SIDE: Screen = Screen::new(1920, 0, 1280, 720);

e2e!(two_monitors_under_xvnc_are_two_displays_to_the_kiosk, {
    let mut display = XvncDisplay::start(&[MAIN, SIDE]);
    let pack = util::default_pack();
    let kiosk = Kiosk::launch_on(
        Some(display.name()),
        &["--content", pack.to_str().unwrap()],
        "attract",
    )
    .await;
    kiosk
        .screenshot_monitor("70-two-monitors-main", &MAIN.geometry())
        .await;
    kiosk
        .screenshot_monitor("70-two-monitors-side", &SIDE.geometry())
        .await;

    kiosk.open_operator_panel().await;
    let listed = listed_displays(&kiosk).await;
    // Two monitors, two displays, by their RandR output names (what xrandr calls them); the first
    // is GDK's primary when none is set.
    assert_eq!(listed, ["VNC-0 · 1920×1080 (primary)", "VNC-1 · 1280×720"]);
    kiosk
        .screenshot_monitor("71-two-monitors-panel", &MAIN.geometry())
        .await;
    kiosk.tap("op-lock").await;
    kiosk.wait_for_screen("attract").await;

    // The side monitor's cable is pulled: the kiosk, on the main one, carries on.
    display.set_layout(&[MAIN]);
    // Time for GTK to hear of it and for the kiosk to react (a crash would show by now).
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(kiosk.screen().await, "attract", "the kiosk still answers");
    kiosk
        .screenshot_monitor("72-side-monitor-unplugged", &MAIN.geometry())
        .await;
    kiosk.open_operator_panel().await;
    let listed = listed_displays(&kiosk).await;
    assert_eq!(listed, ["VNC-0 · 1920×1080 (primary)"], "one monitor left");
    kiosk.quit().await;
});

/// The displays the open panel offers to choose from (without its "Primary display" choice).
async fn listed_displays(kiosk: &Kiosk) -> Vec<String> {
    let options = kiosk
        .js(
            "return [...document.querySelector('[data-testid=\"op-display\"]').options] \
             .filter((o) => o.value !== '').map((o) => o.text)",
        )
        .await;
    options
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap().to_string())
        .collect()
}

/// Where the kiosk's window is and how big, as X has it: `(x, y, width, height)`.
fn window_geometry(kiosk: &Kiosk) -> (i32, i32, u32, u32) {
    kiosk
        .window_geometry("^Screening Kiosk$")
        .expect("the kiosk's window is shown")
}

/// Waits until the kiosk's window covers `screen` exactly.
async fn wait_until_it_covers(kiosk: &Kiosk, screen: Screen, what: &str) {
    let wanted = (
        i32::from(screen.x),
        i32::from(screen.y),
        u32::from(screen.width),
        u32::from(screen.height),
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let now = window_geometry(kiosk);
        if now == wanted {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: the window is at {now:?}, not {wanted:?}; the log ends:\n{}",
            kiosk
                .home
                .log()
                .lines()
                .rev()
                .take(12)
                .collect::<Vec<_>>()
                .join("\n")
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

e2e!(
    the_chosen_display_is_covered_after_a_restart_and_followed_when_it_is_unplugged_and_back,
    {
        let mut display = XvncDisplay::start(&[MAIN, SIDE]);
        let pack = util::default_pack();
        let args = ["--content", pack.to_str().unwrap()];
        let home = Home::with_pin();
        let kiosk = Kiosk::launch_in(home.clone(), Some(display.name()), &args, "attract").await;
        wait_until_it_covers(&kiosk, MAIN, "before a display is chosen: the primary").await;

        // Staff choose the side monitor in the panel.
        kiosk.open_operator_panel().await;
        kiosk.set_field("op-display", "VNC-1").await;
        kiosk.save_panel().await;
        kiosk.tap("op-lock").await;
        wait_until_it_covers(&kiosk, SIDE, "the chosen display").await;
        let inner = kiosk
            .js("return [window.innerWidth, window.innerHeight]")
            .await;
        assert_eq!(inner, json!([1280, 720]), "the page fills the side monitor");
        kiosk
            .screenshot_monitor("73-chosen-side-monitor", &SIDE.geometry())
            .await;

        // Its cable is pulled: the kiosk moves to the monitor that is left, within seconds.
        display.set_layout(&[MAIN]);
        wait_until_it_covers(&kiosk, MAIN, "after the unplug").await;
        kiosk
            .wait_until(
                "the page laid out for the main monitor",
                "window.innerWidth === 1920 && window.innerHeight === 1080",
            )
            .await;
        assert_eq!(kiosk.screen().await, "attract");
        kiosk
            .wait_for_log("\"VNC-1\" is not connected", Duration::from_secs(10))
            .await;
        // The page repaints at its new size a moment after it has it.
        kiosk.settle(Duration::from_secs(2)).await;
        kiosk
            .screenshot_monitor("74-chosen-monitor-unplugged", &MAIN.geometry())
            .await;

        // Plugged in again: back where the operator put it.
        display.set_layout(&[MAIN, SIDE]);
        wait_until_it_covers(&kiosk, SIDE, "after the monitor came back").await;
        kiosk
            .wait_until(
                "the page laid out for the side monitor again",
                "window.innerWidth === 1280 && window.innerHeight === 720",
            )
            .await;
        kiosk.settle(Duration::from_secs(2)).await;
        kiosk
            .screenshot_monitor("75-chosen-monitor-back", &SIDE.geometry())
            .await;
        // The choice outlives the process (the next start waits for this one to be gone: a
        // second copy would hand over to it and leave).
        let pid = kiosk.app_pid().expect("the kiosk's pid");
        let gone = Instant::now() + Duration::from_secs(15);
        kiosk.quit().await;
        while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < gone {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let kiosk = Kiosk::launch_in(home, Some(display.name()), &args, "attract").await;
        wait_until_it_covers(&kiosk, SIDE, "after a restart").await;
        kiosk.quit().await;
    }
);
