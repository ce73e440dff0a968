//! Nothing gets out of the kiosk and nothing foreign gets in: the full screen, escape chords and page
//! tricks, a second launch, a dragged file, and a media server that serves the pack's media only.

use crate::harness::*;

e2e!(the_kiosk_fills_the_screen_and_survives_alt_f4, {
    let kiosk = Kiosk::default_pack(&[]).await;
    let size = kiosk
        .js("return [window.innerWidth, window.innerHeight, screen.width, screen.height]")
        .await;
    let size: Vec<u64> = serde_json::from_value(size).unwrap();
    assert_eq!(
        (size[0], size[1]),
        (size[2], size[3]),
        "viewport covers the screen: {size:?}"
    );

    kiosk.xdotool(&["key", "--clearmodifiers", "alt+F4"]);
    // The window manager's close request reached the kiosk and was refused (or a second passed).
    kiosk
        .log_says_within("close request refused", Duration::from_secs(1))
        .await;
    assert_eq!(
        kiosk.screen().await,
        "attract",
        "still running on the attract loop"
    );

    // The pointer shows while the mouse moves and hides after three quiet seconds.
    let cursor = "getComputedStyle(document.querySelector('[data-testid=\"attract\"]')).cursor";
    kiosk.xdotool(&["mousemove", "400", "300"]);
    kiosk
        .wait_until(
            "the pointer to show on movement",
            &format!("{cursor} !== 'none'"),
        )
        .await;
    kiosk
        .wait_until(
            "the pointer to hide when still",
            &format!("{cursor} === 'none'"),
        )
        .await;
    kiosk.quit().await;
});

/// Key chords that leave, reload, zoom, inspect or print a web page or a desktop session.
const ESCAPE_CHORDS: [&str; 30] = [
    "F5",
    "ctrl+r",
    "ctrl+shift+r",
    "ctrl+w",
    "ctrl+q",
    "alt+F4",
    "F12",
    "ctrl+shift+i",
    "ctrl+shift+j",
    "ctrl+shift+c",
    "ctrl+p",
    "ctrl+f",
    "ctrl+n",
    "ctrl+t",
    "ctrl+plus",
    "ctrl+minus",
    "ctrl+0",
    "alt+Left",
    "BackSpace",
    "F11",
    "Escape",
    "F1",
    "F3",
    "F6",
    "F7",
    "ctrl+l",
    "ctrl+s",
    "ctrl+o",
    "ctrl+u",
    "alt+Home",
];

e2e!(escape_chords_and_page_tricks_do_not_get_out_of_the_kiosk, {
    let kiosk = Kiosk::default_pack(&[]).await;
    kiosk.tap("attract").await;
    kiosk.wait_for_screen("home").await;
    // A marker that a reload would wipe.
    kiosk
        .js("window.__stillTheSamePage = true; return true")
        .await;
    let still_locked = "window.__stillTheSamePage === true \
        && document.body.dataset.screen === 'home' \
        && window.innerWidth === screen.width && window.innerHeight === screen.height \
        && location.protocol === 'tauri:'";

    for chord in ESCAPE_CHORDS {
        kiosk.xdotool(&["key", "--clearmodifiers", chord]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let locked = kiosk.js(&format!("return {still_locked}")).await;
        assert_eq!(
            locked,
            json!(true),
            "after {chord} the kiosk is no longer locked on home"
        );
    }
    let focused = kiosk.js("return document.hasFocus()").await;
    assert_eq!(focused, json!(true), "the kiosk keeps the focus");
    let inspector = Command::new("xdotool")
        .args(["search", "--name", "Web Inspector"])
        .output()
        .unwrap();
    assert!(inspector.stdout.is_empty(), "no inspector window opened");

    // The page itself cannot open windows or navigate away.
    let opened = kiosk
        .js("const w = window.open('https://example.org/', '_blank'); return w === null")
        .await;
    assert_eq!(opened, json!(true), "window.open is refused");
    // Each attempt is looked at once the kiosk has blocked it (or 800 ms passed).
    kiosk
        .js("location.href = 'https://example.org/'; return true")
        .await;
    kiosk
        .log_says_within(
            "blocked navigation to https://example.org/",
            Duration::from_millis(800),
        )
        .await;
    kiosk
        .js("location.href = 'file:///etc/passwd'; return true")
        .await;
    kiosk
        .log_says_within(
            "blocked navigation to file:///etc/passwd",
            Duration::from_millis(800),
        )
        .await;
    let locked = kiosk.js(&format!("return {still_locked}")).await;
    assert_eq!(locked, json!(true), "navigation away was refused");
    let windows = kiosk.client().windows().await.unwrap();
    assert_eq!(windows.len(), 1, "still one window: {windows:?}");

    // The kiosk window still has the focus and the whole screen, and its process is alive.
    assert_eq!(
        kiosk.xdotool(&["getactivewindow", "getwindowname"]).trim(),
        "Screening Kiosk"
    );
    let geometry = kiosk.xdotool(&["getactivewindow", "getwindowgeometry", "--shell"]);
    assert!(
        geometry.contains("WIDTH=1920") && geometry.contains("HEIGHT=1080"),
        "{geometry}"
    );
    assert!(kiosk.app_pid().is_some(), "the kiosk process is alive");
    // Full screen, above every other window, without a title bar or frame.
    let state = Command::new("sh")
        .args([
            "-c",
            "xprop -id \"$(xdotool getactivewindow)\" _NET_WM_STATE _NET_FRAME_EXTENTS",
        ])
        .output()
        .unwrap();
    let state = String::from_utf8_lossy(&state.stdout).to_string();
    assert!(
        state.contains("_NET_WM_STATE_FULLSCREEN") && state.contains("_NET_WM_STATE_ABOVE"),
        "{state}"
    );
    assert!(state.contains("= 0, 0, 0, 0"), "no frame: {state}");

    // A real right click and a real Ctrl+wheel reach the page and are refused there: no context
    // menu, no zoom. (Recorded after the lockdown's own listeners have run.)
    kiosk
        .js("window.__refused = []; \
             for (const type of ['contextmenu', 'wheel']) window.addEventListener(type, \
               (e) => window.__refused.push(type + ':' + e.defaultPrevented)); return true")
        .await;
    kiosk.xdotool(&["mousemove", "960", "700", "click", "3"]);
    kiosk.xdotool(&[
        "keydown", "ctrl", "click", "4", "click", "4", "keyup", "ctrl",
    ]);
    let refused = kiosk
        .wait_until(
            "the right click and the wheel to reach the page",
            "window.__refused.includes('contextmenu:true') && window.__refused.includes('wheel:true') \
             && window.__refused.every((r) => r.endsWith(':true')) && window.__refused",
        )
        .await;
    let zoom = kiosk
        .js("return [window.visualViewport.scale, window.innerWidth]")
        .await;
    assert_eq!(
        zoom,
        json!([1, 1920]),
        "no zoom after Ctrl+wheel: {refused}"
    );

    // Text is not selectable outside the law text, and is inside it.
    kiosk
        .triple_click_at(
            "const r = document.querySelector('.home-title').getBoundingClientRect(); \
             return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)]",
        )
        .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let selected = kiosk.js("return getSelection().toString()").await;
    assert_eq!(selected, json!(""), "the title on home cannot be selected");
    kiosk.tap("nav-law").await;
    kiosk.wait_for_screen("law").await;
    kiosk.open_law("global-magnitsky").await;
    kiosk
        .triple_click_at(
            "const p = document.querySelector('[data-testid=\"law-body\"] p'); \
             const r = p.getBoundingClientRect(); \
             return [Math.round(r.x + 40), Math.round(r.y + r.height / 2)]",
        )
        .await;
    kiosk
        .wait_until(
            "a law paragraph to be selectable",
            "getSelection().toString().length > 20",
        )
        .await;
    kiosk.quit().await;
});

e2e!(
    a_second_launch_leaves_and_the_running_kiosk_keeps_the_screen,
    {
        assert!(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
            "the single-instance guard needs a session bus (cargo xtask test starts one)"
        );
        let kiosk = Kiosk::default_pack(&[]).await;
        let pack = util::default_pack();
        let mut second = kiosk
            .home
            .command(env!("CARGO_BIN_EXE_screening-kiosk"))
            .args(["--content", pack.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = second.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = second.kill();
                panic!("the second launch is still running: two kiosks on one screen");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        assert!(
            status.success(),
            "the second launch leaves quietly: {status}"
        );
        assert_eq!(kiosk.screen().await, "attract");
        kiosk
            .wait_until("the first kiosk to hear of it", "true")
            .await;
        assert!(
            kiosk.home.log().contains("a second launch was refused"),
            "the running kiosk logs the refused launch"
        );
        kiosk.quit().await;
    }
);

e2e!(a_file_dragged_onto_the_kiosk_is_ignored, {
    // A real XDND drag from another X client: examples/drag_source.rs.
    let built = Command::new(env!("CARGO"))
        .args(["build", "--example", "drag_source"])
        .current_dir(util::repo_root())
        .status()
        .unwrap();
    assert!(built.success(), "the drag source example builds");
    let drag_source = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .join("examples/drag_source");

    let kiosk = Kiosk::default_pack(&[]).await;
    kiosk.tap("attract").await;
    kiosk.wait_for_screen("home").await;
    kiosk
        .js("window.__stillTheSamePage = true; return true")
        .await;
    let files = tempfile::tempdir().unwrap();
    let dropped = files.path().join("not-for-the-kiosk.html");
    std::fs::write(&dropped, "<h1>a page that must not open</h1>").unwrap();
    let mut source = Command::new(&drag_source)
        .arg(&dropped)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the drag source starts");
    let mut ready = String::new();
    use std::io::BufRead;
    std::io::BufReader::new(source.stdout.take().unwrap())
        .read_line(&mut ready)
        .unwrap();
    assert_eq!(ready.trim(), "ready");

    // GTK starts a drag after a move past its threshold with the button held; XDND needs a few
    // motion events over the target before the release.
    kiosk.xdotool(&[
        "mousemove",
        "100",
        "100",
        "mousedown",
        "1",
        "mousemove",
        "120",
        "120",
        "sleep",
        "0.2",
        "mousemove",
        "600",
        "500",
        "sleep",
        "0.3",
        "mousemove",
        "960",
        "540",
        "sleep",
        "0.5",
        "mouseup",
        "1",
    ]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !kiosk.home.log().contains("ignored 1 item(s) dropped") {
        assert!(
            Instant::now() < deadline,
            "the drop never reached the kiosk, so this test saw nothing"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let _ = source.kill();
    let _ = source.wait();
    let unchanged = kiosk
        .js(
            "return window.__stillTheSamePage === true && document.body.dataset.screen === 'home' \
             && location.protocol === 'tauri:'",
        )
        .await;
    assert_eq!(unchanged, json!(true), "the drop opened nothing");
    kiosk.quit().await;
});

e2e!(
    the_media_server_answers_ranges_and_refuses_everything_else,
    {
        let kiosk = Kiosk::default_pack(&[]).await;
        let src = kiosk
            .wait_for_attract_film("to have a source", |film| film["url"].is_string())
            .await;
        let src = src["url"].as_str().unwrap().to_string();
        assert!(src.starts_with("http://127.0.0.1:"), "{src}");

        let range = ureq::get(&src)
            .header("Range", "bytes=0-99")
            .call()
            .unwrap();
        assert_eq!(range.status(), 206);
        assert!(range.headers()["content-range"]
            .to_str()
            .unwrap()
            .starts_with("bytes 0-99/"));

        let base = src.rsplit_once("/media/").unwrap().0;
        for attempt in [
            format!("{base}/media/..%2Fmanifest.toml"),
            format!("{base}/media/../manifest.toml"),
            format!("{base}/media/manifest.toml"),
            src.replace(
                base.rsplit('/').next().unwrap(),
                "00000000000000000000000000000000",
            ),
        ] {
            let status = match ureq::get(&attempt).call() {
                Ok(response) => response.status().as_u16(),
                Err(ureq::Error::StatusCode(code)) => code,
                Err(e) => panic!("{attempt}: {e}"),
            };
            assert_eq!(status, 404, "{attempt}");
        }
        kiosk.quit().await;
    }
);

e2e!(escape_chords_hold_launch_after_launch, {
    // Once, right after F11, the WebDriver session ended in one of two launches. The launches
    // repeat SCREENING_KIOSK_CHORD_RUNS times (1 in `cargo xtask test`; 20 to show it holds).
    let runs: usize = std::env::var("SCREENING_KIOSK_CHORD_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    for run in 1..=runs {
        let kiosk = Kiosk::default_pack(&[]).await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        for chord in ESCAPE_CHORDS {
            kiosk.xdotool(&["key", "--clearmodifiers", chord]);
            tokio::time::sleep(Duration::from_millis(300)).await;
            let answer = kiosk
                .client()
                .execute(
                    "return document.body.dataset.screen + ' ' + document.fullscreenElement",
                    vec![],
                )
                .await;
            let log = kiosk.home.log();
            match answer {
                Ok(screen) => assert_eq!(
                    screen,
                    json!("home null"),
                    "run {run}: after {chord} the kiosk left home; its log ends:\n{}",
                    tail(&log)
                ),
                Err(e) => panic!(
                    "run {run}: after {chord} the session ended ({e}); the kiosk's log ends:\n{}",
                    tail(&log)
                ),
            }
        }
        assert!(
            !kiosk.home.log().contains("watchdog:"),
            "run {run}: the watchdog acted: {}",
            tail(&kiosk.home.log())
        );
        eprintln!("e2e: chord run {run}/{runs} held");
        kiosk.quit().await;
    }
});

fn tail(log: &str) -> String {
    log.lines()
        .rev()
        .take(20)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join("\n")
}
