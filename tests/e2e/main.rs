//! End-to-end tests: the real app in the real WebKitGTK webview, driven through tauri-driver and
//! WebKitWebDriver. They need an X display with a window manager and `tauri-driver` on PATH, which
//! `cargo xtask test` provides (`cargo xtask e2e [FILTER]` runs this layer alone); plain
//! `cargo test` lists them as ignored.
//!
//! This file is the index. `harness/` drives the kiosk (launching, the page, X input, the staff's
//! panel, screenshots, the log); each module below is one area of the kiosk, and each test in it is
//! written `e2e!(name, { ... })`, which adds the attributes every end-to-end test carries.
//!
//! | module          | what it covers                                                              |
//! | --------------- | --------------------------------------------------------------------------- |
//! | `visitor_walk`  | attract loop to every screen and back, idle timeout, Russian, portrait      |
//! | `player`        | the attract loop's hand-over and wrap, Touch to begin, trailer, Still there |
//! | `tour`          | home's choices, watch again, credits roll and list, About's timeline        |
//! | `law_reader`    | contents, progress, search, text size, source and QR code                   |
//! | `accessibility` | axe audits of every screen, keyboard alone, larger text, reduced motion      |
//! | `lockdown`      | full screen, escape chords, page tricks, second launch, drops, media server |
//! | `operator`      | first-run PIN setup, gesture and PIN, panel settings, restart, damaged PIN  |
//! | `content_swap`  | a broken pack at start, a new pack at the next loop, a broken one refused   |
//! | `opening_hours` | the closed slate outside opening hours                                      |
//! | `unattended`    | watchdog, crash-loop cap, statistics, daily restart, full disk, SIGTERM     |
//! | `codecs`        | the Linux codec table against WebKitGTK                                     |
//! | `native_film`   | the attract film and the trailer in GStreamer beneath the page, fallbacks   |
//! | `fleet`         | packs from an anchor over real Syncthing engines, heartbeat, `fleet` report |
//! | `displays`      | the monitors the kiosk is offered: two under Xvnc, one unplugged            |
//! | `two_screens`   | a touch screen and a big screen: the trailer on the big one, unplug, replug |
//! | `installed`     | the installed .deb without a network (the `installer` step runs it alone)   |

// WebKitGTK, X11 and tauri-driver: this layer is Linux's; the release workflow runs the others
// on Windows and macOS.
#![cfg(target_os = "linux")]

#[path = "../util/mod.rs"]
mod util;

/// An end-to-end test: `e2e!(name, { body })` is an async test on a two-worker runtime (a
/// `Kiosk`'s drop needs the second one), ignored by plain `cargo test`, that prints its time.
/// `e2e!(name, ignore = "why", { body })` names another reason to skip it by default. A test
/// that hangs fails after a few minutes with the threads of every process under test.
macro_rules! e2e {
    ($name:ident, $body:block) => {
        e2e!(
            $name,
            ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`",
            $body
        );
    };
    ($name:ident, ignore = $why:literal, $body:block) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        #[ignore = $why]
        async fn $name() {
            let _clock = $crate::harness::TestClock::start(stringify!($name));
            $body
        }
    };
}

mod harness;

mod accessibility;
mod codecs;
mod content_swap;
mod displays;
mod fleet;
mod installed;
mod law_reader;
mod lockdown;
mod native_film;
mod opening_hours;
mod operator;
mod player;
mod tour;
mod two_screens;
mod unattended;
mod visitor_walk;
