//! Ten days alone: the watchdog bringing back a page that froze or lost its web process, the
//! crash-loop cap, and the statistics and log lines the operator reads afterwards.

use crate::harness::*;

impl Kiosk {
    /// The kiosk on the pack in `dir` (a copy a test may break), expecting the attract loop.
    async fn default_pack_at(dir: &std::path::Path, extra: &[&str]) -> Kiosk {
        let mut args = vec!["--content", dir.to_str().unwrap()];
        args.extend_from_slice(extra);
        Kiosk::launch_expecting(&args, "attract").await
    }

    /// Waits for the recovered page to say it is back on `screen` (its first heartbeat after the
    /// recovery, logged by the core), then checks the picture on the X screen is moving. The
    /// WebDriver session does not survive a replaced web process, so the proof comes from the log
    /// and from the screen itself, as an operator would see it.
    async fn wait_for_recovered(&self, screen: &str) {
        self.wait_for_log(
            &format!("watchdog: the page of the main window answers again, showing \"{screen}\""),
            Duration::from_secs(60),
        )
        .await;
        let dir = tempfile::tempdir().unwrap();
        let grab = |name: &str| {
            let path = dir.path().join(name);
            assert!(self.grab_screen(&path));
            path
        };
        let first = grab("first.png");
        // The attract trailer's title cards fade in and out; within a few seconds the picture moves.
        // Looked at every 300 ms, over a little longer than the 8 x 800 ms it used to be.
        for n in 0..24 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let next = grab(&format!("next-{n}.png"));
            let compare = Command::new("compare")
                .args(["-metric", "AE"])
                .arg(&first)
                .arg(&next)
                .arg("null:")
                .output()
                .unwrap();
            let changed: f64 = String::from_utf8_lossy(&compare.stderr)
                .split_whitespace()
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0.0);
            if changed > 500.0 {
                return;
            }
        }
        self.screenshot("debug-not-recovered").await;
        panic!("the kiosk said it was back on {screen}, but the picture stood still");
    }
}

e2e!(
    a_page_frozen_by_a_busy_script_is_reloaded_by_the_watchdog,
    {
        let kiosk = Kiosk::default_pack(&[]).await;
        kiosk.assert_attract_film_advances().await;
        let pid = kiosk.app_pid().expect("the app's pid");
        // The script returns at once; the page then spins forever and stops beating.
        kiosk
            .js("setTimeout(() => { for (;;) {} }, 200); return true")
            .await;
        let log = kiosk
            .wait_for_log(
                "watchdog: no heartbeat from the page",
                Duration::from_secs(90),
            )
            .await;
        assert!(log.contains("reloading the page"), "{log}");
        kiosk.wait_for_recovered("attract").await;
        assert_eq!(kiosk.app_pid(), Some(pid), "the same process recovered");
        kiosk.quit().await;
    }
);

/// The WebKit web processes the app `pid` started.
fn web_processes(pid: u32) -> Vec<String> {
    let out = Command::new("pgrep")
        .args(["-P", &pid.to_string(), "WebKitWebProces"])
        .output()
        .expect("pgrep runs");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// SIGKILL, as a crash or the OOM killer would.
fn kill(pids: &[String]) {
    for pid in pids {
        assert!(Command::new("kill")
            .args(["-KILL", pid])
            .status()
            .unwrap()
            .success());
    }
}

e2e!(
    a_killed_web_process_is_replaced_and_the_attract_loop_plays_again,
    {
        let kiosk = Kiosk::default_pack(&[]).await;
        kiosk.assert_attract_film_advances().await;
        let pid = kiosk.app_pid().expect("the app's pid");
        let before = web_processes(pid);
        assert!(!before.is_empty(), "the app has a web process");
        kill(&before);
        kiosk
            .wait_for_log(
                "watchdog: no heartbeat from the page",
                Duration::from_secs(90),
            )
            .await;
        kiosk.wait_for_recovered("attract").await;
        let after = web_processes(pid);
        assert!(
            !after.is_empty() && after.iter().all(|p| !before.contains(p)),
            "a new web process: {before:?} -> {after:?}"
        );
        assert_eq!(kiosk.app_pid(), Some(pid), "the same app process recovered");
        kiosk.quit().await;
    }
);

e2e!(
    after_five_restarts_in_ten_minutes_the_kiosk_rests_instead_of_looping,
    {
        let home = Home::with_pin();
        // Five starts in the last few minutes, as a crashing kiosk under systemd would leave.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let starts: Vec<u64> = (1..=5).map(|n| now - n * 60).collect();
        std::fs::create_dir_all(home.data_dir()).unwrap();
        std::fs::write(
            home.data_dir().join("starts.json"),
            json!({ "starts": { "starts": starts } }).to_string(),
        )
        .unwrap();
        let kiosk = Kiosk::default_pack_in(home, &[], "fatal").await;
        let log = kiosk
            .wait_for_log("a crash loop", Duration::from_secs(10))
            .await;
        assert!(log.contains("6 starts within 10 minutes"), "{log}");
        // The calm slate, and no video anywhere: video may be what crashed it.
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert_eq!(kiosk.screen().await, "fatal");
        assert_eq!(
            kiosk
                .js("return document.querySelectorAll('video').length")
                .await,
            json!(0)
        );
        let pack_answer = kiosk
        .js("return window.__TAURI__.core.invoke('get_pack').then(() => 'served', (e) => e.code)")
        .await;
        assert_eq!(pack_answer, json!("safe_mode"));
        kiosk.screenshot("63-crash-loop-slate").await;
        kiosk.quit().await;
    }
);

e2e!(
    visits_are_counted_shown_to_staff_with_the_log_and_exported_after_exit,
    {
        let home = Home::with_pin();
        let kiosk = Kiosk::default_pack_in(home.clone(), &["--idle-timeout", "6"], "attract").await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("lang-ru").await;
        kiosk
            .wait_until("Russian", "document.body.lang === 'ru'")
            .await;
        kiosk.tap("nav-law").await;
        kiosk.wait_for_screen("law").await;
        // Left alone: the visit ends at the idle timeout.
        kiosk.wait_for_screen("attract").await;
        // A page error reaches the kiosk's log file.
        kiosk
        .js("setTimeout(() => { throw new Error('test error from the page'); }, 0); return true")
        .await;
        kiosk
            .wait_for_log("test error from the page", Duration::from_secs(10))
            .await;

        kiosk.open_operator_panel().await;
        assert_eq!(kiosk.text_of("op-stat-sessions").await.trim(), "1");
        let screens = kiosk.text_of("op-stat-screens").await;
        assert!(
            screens.contains("home 1") && screens.contains("law 1"),
            "{screens}"
        );
        assert!(kiosk.text_of("op-stat-languages").await.contains("ru 1"));
        let log_lines = kiosk.text_of("op-log").await;
        assert!(
            log_lines.contains("test error from the page"),
            "the panel shows the newest log lines: {log_lines}"
        );
        kiosk
        .js("document.querySelector('[data-testid=\"op-section-stats\"]').scrollIntoView(); return true")
        .await;
        kiosk.screenshot("64-operator-stats-and-log").await;

        kiosk.exit_from_panel().await;
        let csv = home
            .command(env!("CARGO_BIN_EXE_screening-kiosk"))
            .args(["stats", "--csv"])
            .output()
            .unwrap();
        let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
        let row: Vec<&str> = lines.last().unwrap_or_default().split(',').collect();
        let column = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .map(|i| row[i])
                .unwrap_or_else(|| panic!("no {name} column in {csv}"))
        };
        assert_eq!(column("sessions"), "1", "{csv}");
        assert_eq!(column("screen_law"), "1", "{csv}");
        assert_eq!(column("language_ru"), "1", "{csv}");
    }
);

/// Overwrites `path` with bytes no decoder accepts, keeping its size.
fn garble(path: &std::path::Path) {
    let len = std::fs::metadata(path).unwrap().len() as usize;
    let junk: Vec<u8> = (0..len).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(path, junk).unwrap();
}

e2e!(
    a_trailer_turned_to_garbage_falls_back_rendition_by_rendition_to_the_poster,
    {
        let pack = util::copy_of_default_pack();
        let kiosk = Kiosk::default_pack_at(pack.path(), &["--idle-timeout", "10"]).await;
        kiosk.assert_attract_film_advances().await;
        for file in ["trailer/trailer.mp4", "trailer/trailer.webm"] {
            garble(&pack.path().join(file));
        }
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        // Each visit to the trailer tries every rendition left; the third failure of one takes it out.
        for _ in 0..3 {
            kiosk.tap("nav-trailer").await;
            kiosk.wait_for_screen("trailer").await;
            kiosk
                .wait_until(
                    "the calm unavailable message",
                    "!document.querySelector('[data-testid=\"trailer-unavailable\"]').hidden",
                )
                .await;
            kiosk.tap("back").await;
            kiosk.wait_for_screen("home").await;
        }
        let log = kiosk
            .wait_for_log(
                "no other trailer rendition is left",
                Duration::from_secs(20),
            )
            .await;
        assert!(
            log.contains("trailer.mp4 failed 3 times")
                && log.contains("falling back to the next trailer rendition"),
            "each rendition's end is logged with its file"
        );
        assert_eq!(
        kiosk
            .js("return window.__TAURI__.core.invoke('get_pack').then((p) => p.trailer.renditions.length)")
            .await,
        json!(0),
        "no rendition is offered any more"
    );
        // Left alone, the kiosk rests on its attract screen with the poster: touch still works.
        kiosk.wait_for_screen("attract").await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(
        kiosk
            .js("return [...document.querySelectorAll('video')].filter((v) => v.currentSrc).length")
            .await,
        json!(0)
    );
        kiosk
            .screenshot("65-attract-poster-after-broken-trailer")
            .await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.quit().await;
    }
);

e2e!(a_deleted_pack_folder_leaves_a_working_kiosk_and_says_why, {
    let pack = util::copy_of_default_pack();
    let kiosk = Kiosk::default_pack_at(pack.path(), &[]).await;
    kiosk.assert_attract_film_advances().await;
    let folder = pack.path().to_path_buf();
    std::fs::remove_dir_all(&folder).unwrap();
    kiosk
        .wait_for_log(&folder.display().to_string(), Duration::from_secs(20))
        .await;
    // What is in memory still serves: the menu and the law text.
    kiosk.tap("attract").await;
    kiosk.wait_for_screen("home").await;
    kiosk.tap("nav-law").await;
    kiosk.wait_for_screen("law").await;
    kiosk.open_law("global-magnitsky").await;
    kiosk.back_from_law_to_home().await;
    // The trailer's files are gone: a calm message, and the reason in the log.
    kiosk.tap("nav-trailer").await;
    kiosk.wait_for_screen("trailer").await;
    kiosk
        .wait_until(
            "the calm unavailable message",
            "!document.querySelector('[data-testid=\"trailer-unavailable\"]').hidden",
        )
        .await;
    let log = kiosk
        .wait_for_log("media error playing", Duration::from_secs(20))
        .await;
    assert!(log.contains("trailer.mp4"), "{log}");
    kiosk.tap("back").await;
    kiosk.wait_for_screen("home").await;
    kiosk.quit().await;
});

e2e!(
    the_daily_restart_exits_for_the_supervisor_once_the_kiosk_rests,
    {
        let home = Home::with_pin();
        let kiosk = Kiosk::default_pack_in(home.clone(), &[], "attract").await;
        let pid = kiosk.app_pid().expect("the kiosk process is found");
        kiosk.open_operator_panel().await;
        // The next minute, unless it begins before the setting can be saved: the clock must pass it
        // while the test watches.
        let now = chrono::Local::now();
        let ahead = if chrono::Timelike::second(&now) < 45 {
            1
        } else {
            2
        };
        let at = (now + chrono::Duration::minutes(ahead))
            .format("%H:%M")
            .to_string();
        kiosk.set_field("op-restart-enabled", "true").await;
        kiosk.set_field("op-restart-at", &at).await;
        kiosk.save_panel().await;
        let saved = std::fs::read_to_string(home.data_dir().join("settings.json")).unwrap();
        assert!(
            saved.contains(&format!("\"dailyRestart\": \"{at}\"")),
            "{saved}"
        );
        // The panel is no rest: the restart waits for the kiosk to be back on attract.
        kiosk.tap("op-lock").await;
        kiosk.wait_for_screen("attract").await;
        let log = kiosk
            .wait_for_log(
                "scheduled daily restart: exiting with code 4",
                Duration::from_secs(200),
            )
            .await;
        assert!(
            !log.contains("watchdog:"),
            "a planned exit, not a fault: {log}"
        );
        kiosk.wait_for_exit(pid).await;
    }
);

/// A tiny tmpfs mounted over a folder for one test, unmounted however the test ends.
struct TinyDisk(PathBuf);

impl TinyDisk {
    fn mount(at: &std::path::Path, size: &str) -> TinyDisk {
        std::fs::create_dir_all(at).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .status()
            .expect("mount runs");
        assert!(
            status.success(),
            "mounting a tmpfs needs root (CI runs as root): {status}"
        );
        TinyDisk(at.to_path_buf())
    }

    /// Writes a filler file until the disk says it is full.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.0.join("filler");
        let mut file = std::fs::File::create(&path).unwrap();
        let block = [0u8; 4096];
        while file.write_all(&block).is_ok() {}
        let _ = file.sync_all();
        path
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

e2e!(
    a_full_log_disk_does_not_stop_the_kiosk_and_nothing_logged_is_lost,
    {
        let home = Home::with_pin();
        let disk = TinyDisk::mount(&home.data_dir().join("logs"), "256k");
        let filler = disk.fill();
        let stderr = home.capture_stderr();
        let kiosk = Kiosk::default_pack_in(home.clone(), &[], "attract").await;

        // Visitors notice nothing.
        kiosk.assert_attract_film_advances().await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-law").await;
        kiosk.wait_for_screen("law").await;
        kiosk.open_law("global-magnitsky").await;
        kiosk.back_from_law_to_home().await;

        // The reason goes where it can: standard error, which a supervisor keeps (systemd's journal).
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let said = std::fs::read_to_string(&stderr).unwrap_or_default();
            if said.contains("No space left on device") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "stderr never said the disk is full:\n{said}"
            );
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        assert!(
            !home.log().contains("kiosk open"),
            "nothing could be written while the disk was full"
        );

        // Space again: the lines held back meanwhile reach the file with the next one.
        std::fs::remove_file(filler).unwrap();
        kiosk
            .js("setTimeout(() => { throw new Error('disk has room again'); }, 0); return true")
            .await;
        let log = kiosk
            .wait_for_log("disk has room again", Duration::from_secs(20))
            .await;
        assert!(
            log.contains("kiosk open"),
            "the start-up lines were kept: {log}"
        );
        kiosk.quit().await;
        drop(disk);
    }
);

e2e!(
    faults_in_quick_succession_climb_from_reload_to_a_new_window_to_an_exit,
    {
        let kiosk = Kiosk::default_pack(&[]).await;
        kiosk.assert_attract_film_advances().await;
        let pid = kiosk.app_pid().expect("the app's pid");
        let kill_web_processes = || {
            let pids = web_processes(pid);
            assert!(!pids.is_empty(), "the app has a web process");
            kill(&pids);
        };
        let answers_again = |log: &str| {
            log.matches("watchdog: the page of the main window answers again")
                .count()
        };

        kill_web_processes();
        kiosk
            .wait_for_log("reloading the page", Duration::from_secs(60))
            .await;
        kiosk.wait_for_recovered("attract").await;

        kill_web_processes();
        kiosk
            .wait_for_log("recreating the window", Duration::from_secs(90))
            .await;
        let deadline = Instant::now() + Duration::from_secs(60);
        while answers_again(&kiosk.home.log()) < 2 {
            assert!(
                Instant::now() < deadline,
                "the new window's page never answered"
            );
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        // A new window, still full-screen and on top, still the same process.
        let state = kiosk.xdotool(&["getactivewindow"]);
        let props = Command::new("xprop")
            .args(["-id", state.trim(), "_NET_WM_STATE", "WM_NAME"])
            .output()
            .unwrap();
        let props = String::from_utf8_lossy(&props.stdout);
        assert!(
            props.contains("_NET_WM_STATE_FULLSCREEN") && props.contains("Screening Kiosk"),
            "{props}"
        );
        assert_eq!(kiosk.app_pid(), Some(pid));

        kill_web_processes();
        kiosk
            .wait_for_log("exiting with code 3", Duration::from_secs(90))
            .await;
        kiosk.wait_for_exit(pid).await;
    }
);

e2e!(
    a_supervisors_sigterm_ends_the_kiosk_in_order_with_the_counts_saved,
    {
        let home = Home::with_pin();
        let kiosk = Kiosk::default_pack_in(home.clone(), &[], "attract").await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-credits").await;
        kiosk.wait_for_screen("credits").await;
        let pid = kiosk.app_pid().expect("the kiosk process is found");
        // Well within the minute between two regular saves: only an orderly end keeps these counts.
        assert!(Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .unwrap()
            .success());
        kiosk.wait_for_exit(pid).await;
        assert!(
            home.log()
                .contains("signal 15 received: saving the statistics and exiting"),
            "{}",
            home.log()
        );
        let stats = std::fs::read_to_string(home.data_dir().join("stats.json"))
            .expect("the statistics were written on the way out");
        assert!(
            stats.contains("\"credits\": 1") && stats.contains("\"home\": 1"),
            "{stats}"
        );
    }
);

/// A second copy of the kiosk in `home`'s data folder, started as a supervisor starts it
/// (`--supervised`), its stderr kept in a file. Its HOME is another folder and the data folder is
/// named through `SCREENING_KIOSK_DATA_DIR`, so `Kiosk::app_pid` still finds the first copy only.
fn supervised_copy(home: &Home) -> (std::process::Child, tempfile::TempDir) {
    let own = tempfile::tempdir().unwrap();
    let said = std::fs::File::create(own.path().join("stderr")).unwrap();
    let pack = crate::util::default_pack();
    let copy = home
        .command(APP)
        .env("HOME", own.path())
        .env(screening_kiosk_lib::settings::DATA_DIR_ENV, home.data_dir())
        .args(["--supervised", "--content", pack.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(said)
        .spawn()
        .unwrap();
    (copy, own)
}

async fn wait_for_stderr(own: &tempfile::TempDir, words: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let said = std::fs::read_to_string(own.path().join("stderr")).unwrap_or_default();
        if said.contains(words) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the second copy never said {words:?}: {said}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn wait_for_status(
    copy: &mut std::process::Child,
    within: Duration,
) -> std::process::ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(status) = copy.try_wait().unwrap() {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "the second copy is still running"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

e2e!(
    regression_a_supervised_second_copy_exited_0_and_its_supervisor_stopped_watching,
    {
        // The operator's Exit: the copy that waited leaves with 0 too, so the supervisor stops.
        let kiosk = Kiosk::default_pack(&[]).await;
        let home = kiosk.home.clone();
        let (mut waiting, own) = supervised_copy(&home);
        wait_for_stderr(&own, "waiting for it to end").await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert!(
            waiting.try_wait().unwrap().is_none(),
            "the supervised copy waits"
        );
        kiosk.open_operator_panel().await;
        kiosk.exit_from_panel().await;
        let status = wait_for_status(&mut waiting, Duration::from_secs(20)).await;
        assert!(status.success(), "after the operator's Exit: {status}");
        wait_for_stderr(&own, "leaving too").await;
        drop(kiosk);

        // A crash: the copy that waited becomes the kiosk.
        let kiosk = Kiosk::default_pack_in(home.clone(), &[], "attract").await;
        let first = kiosk.app_pid().expect("the kiosk's process");
        let (mut waiting, own) = supervised_copy(&home);
        wait_for_stderr(&own, "waiting for it to end").await;
        let pages_before = home.log().matches("page loaded").count();
        let killed = Command::new("kill")
            .args(["-KILL", &first.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        kiosk.wait_for_exit(first).await;
        let deadline = Instant::now() + Duration::from_secs(30);
        while home.log().matches("page loaded").count() <= pages_before {
            assert!(
                waiting.try_wait().unwrap().is_none(),
                "the supervised copy left instead of taking over"
            );
            assert!(
                Instant::now() < deadline,
                "the supervised copy never loaded its page"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(
            waiting.try_wait().unwrap().is_none(),
            "it runs as the kiosk"
        );
        // A polite stop, as systemd gives it.
        let stopped = Command::new("kill")
            .args(["-TERM", &waiting.id().to_string()])
            .status()
            .unwrap();
        assert!(stopped.success());
        let status = wait_for_status(&mut waiting, Duration::from_secs(20)).await;
        assert!(status.success(), "a polite stop exits 0: {status}");
        drop(kiosk);
    }
);
