//! End-to-end tests: the real app in the real WebKitGTK webview, driven through tauri-driver and
//! WebKitWebDriver. They need an X display with a window manager and `tauri-driver` on PATH, which
//! `cargo xtask test` provides; plain `cargo test` lists them as ignored.

#[path = "../util/mod.rs"]
mod util;

// One module per visitor area, so each can grow without touching the others. They reach the
// harness below through `super::`.
mod accessibility;
mod codecs;
mod installed;
mod law_reader;
mod player;
mod tour;
mod unattended;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The operator PIN every test kiosk gets, unless a test starts from a first run.
const PIN: &str = "1357";

/// The kiosk binary cargo built for this test run; `installed` drives an installed one instead.
const APP: &str = env!("CARGO_BIN_EXE_screening-kiosk");

/// A private home folder for one kiosk (or several launches of one): its settings, PIN, log and
/// start-at-login entry live here, never in the real user's. Cloning shares the folder.
#[derive(Clone)]
struct Home(Arc<tempfile::TempDir>);

impl Home {
    /// A kiosk that was installed and given the operator PIN `PIN` with `screening-kiosk set-pin`.
    fn with_pin() -> Home {
        Home::with_pin_set_by(APP)
    }

    /// Like `with_pin`, the PIN set by the kiosk binary `app` (an installed one, say).
    fn with_pin_set_by(app: &str) -> Home {
        let home = Home::first_run();
        let mut set_pin = home
            .command(app)
            .arg("set-pin")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(set_pin.stdin.take().unwrap(), "{PIN}").unwrap();
        assert!(set_pin.wait().unwrap().success(), "set-pin succeeds");
        home
    }

    /// A kiosk started for the first time: no settings, no PIN.
    fn first_run() -> Home {
        Home(Arc::new(tempfile::tempdir().unwrap()))
    }

    /// From now on the kiosk's standard error (through tauri-driver) goes to `stderr.log` here,
    /// where a test can read it, instead of the test's own output.
    fn capture_stderr(&self) -> PathBuf {
        let path = self.path().join("stderr.log");
        std::fs::write(&path, "").unwrap();
        path
    }

    fn stderr_capture(&self) -> Option<Stdio> {
        let path = self.path().join("stderr.log");
        path.exists().then(|| {
            std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .unwrap()
                .into()
        })
    }

    fn path(&self) -> &std::path::Path {
        self.0.path()
    }

    /// The app's data folder: settings.json, operator.json, logs/.
    fn data_dir(&self) -> PathBuf {
        self.path().join(".local/share/org.screeningkiosk.kiosk")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.data_dir().join("logs/Screening Kiosk.log"))
            .unwrap_or_default()
    }

    /// `program` with this home; GStreamer's plugin cache stays the real one, rebuilding it per
    /// launch would cost seconds of CPU.
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.env("HOME", self.path());
        for variable in ["XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"] {
            command.env_remove(variable);
        }
        if let Some(real_home) = std::env::var_os("HOME") {
            command.env("XDG_CACHE_HOME", PathBuf::from(real_home).join(".cache"));
        }
        command
    }
}

/// A running kiosk under tauri-driver; dropping it ends the session and the driver.
struct Kiosk {
    client: Option<Client>,
    driver: Child,
    /// The X display the kiosk runs on, when not the test process's own `DISPLAY`.
    display: Option<String>,
    home: Home,
}

impl Kiosk {
    /// Starts the app with `args` and waits until the UI names `first_screen`.
    async fn launch_expecting(args: &[&str], first_screen: &str) -> Kiosk {
        Kiosk::launch_on(None, args, first_screen).await
    }

    /// Like `launch_expecting`, on the X display `display` when given.
    async fn launch_on(display: Option<String>, args: &[&str], first_screen: &str) -> Kiosk {
        Kiosk::launch_in(Home::with_pin(), display, args, first_screen).await
    }

    /// Like `launch_on`, in `home` (a first run, or the home of an earlier launch).
    async fn launch_in(
        home: Home,
        display: Option<String>,
        args: &[&str],
        first_screen: &str,
    ) -> Kiosk {
        Kiosk::launch_app(APP, home, display, args, first_screen).await
    }

    /// Like `launch_in`, with the kiosk binary `app` instead of the one cargo built.
    async fn launch_app(
        app: &str,
        home: Home,
        display: Option<String>,
        args: &[&str],
        first_screen: &str,
    ) -> Kiosk {
        let port = free_port();
        let native_port = free_port();
        let mut driver = home.command("tauri-driver");
        if let Some(display) = &display {
            driver.env("DISPLAY", display);
        }
        let driver = driver
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(home.stderr_capture().unwrap_or_else(Stdio::inherit))
            // Its own process group, so the WebKitWebDriver and app it starts can be stopped with it.
            .process_group(0)
            .spawn()
            .expect("tauri-driver is on PATH (cargo xtask test installs it)");
        wait_for_port(port);
        // tauri-driver listens before the WebKitWebDriver it proxies to does; a session asked for in
        // between is dropped mid-request (seen once as `IncompleteMessage` on a cold start).
        wait_for_port(native_port);
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": {
                "application": app,
                "args": args,
            }
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with the kiosk");
        let kiosk = Kiosk {
            client: Some(client),
            driver,
            display,
            home,
        };
        kiosk.wait_for_screen(first_screen).await;
        kiosk
    }

    /// The default pack on the 1080x1920 display `cargo xtask test` starts for portrait checks.
    async fn default_pack_portrait(extra: &[&str]) -> Kiosk {
        let display = std::env::var("SCREENING_KIOSK_PORTRAIT_DISPLAY").expect(
            "SCREENING_KIOSK_PORTRAIT_DISPLAY names a 1080x1920 X display (cargo xtask test starts one)",
        );
        let pack = util::default_pack();
        let mut args = vec!["--content", pack.to_str().unwrap()];
        args.extend_from_slice(extra);
        Kiosk::launch_on(Some(display), &args, "attract").await
    }

    async fn default_pack(extra: &[&str]) -> Kiosk {
        Kiosk::default_pack_in(Home::with_pin(), extra, "attract").await
    }

    /// The default pack in `home` (a first run, or the home of an earlier launch).
    async fn default_pack_in(home: Home, extra: &[&str], first_screen: &str) -> Kiosk {
        let pack = util::default_pack();
        let mut args = vec!["--content", pack.to_str().unwrap()];
        args.extend_from_slice(extra);
        Kiosk::launch_in(home, None, &args, first_screen).await
    }

    fn client(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    async fn js(&self, script: &str) -> Value {
        self.client()
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {script}: {e}"))
    }

    async fn screen(&self) -> String {
        self.js("return document.body.dataset.screen")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    async fn wait_for_screen(&self, wanted: &str) {
        let mut seen = String::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            seen = self.screen().await;
            if seen == wanted {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected screen {wanted:?}, still on {seen:?}");
    }

    /// Polls a JS expression until it is truthy; panics with the last value otherwise.
    async fn wait_until(&self, what: &str, expression: &str) -> Value {
        let mut last = Value::Null;
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            last = self.js(&format!("return ({expression})")).await;
            let truthy = match &last {
                Value::Null | Value::Bool(false) => false,
                Value::String(s) => !s.is_empty(),
                Value::Number(n) => n.as_f64() != Some(0.0),
                _ => true,
            };
            if truthy {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        panic!("timed out waiting for {what}: `{expression}` was {last}");
    }

    async fn tap(&self, test_id: &str) {
        self.client()
            .find(Locator::Css(&format!("[data-testid=\"{test_id}\"]")))
            .await
            .unwrap_or_else(|e| panic!("no element {test_id}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot tap {test_id}: {e}"));
    }

    async fn text_of(&self, test_id: &str) -> String {
        self.js(&format!(
            "const e = document.querySelector('[data-testid=\"{test_id}\"]'); return e ? e.innerText : ''"
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Opens a legislation document from the law list and waits until its text is on screen.
    async fn open_law(&self, id: &str) {
        self.tap(&format!("law-doc-{id}")).await;
        self.wait_until(
            "the law text",
            "document.querySelector('[data-testid=\"law-body\"]')?.innerText.length > 2000",
        )
        .await;
    }

    /// From the law reader back to home: the reader may first step back to the document list.
    async fn back_from_law_to_home(&self) {
        self.tap("back").await;
        self.wait_until(
            "back on home or the law list",
            "['home','law'].includes(document.body.dataset.screen)",
        )
        .await;
        if self.screen().await == "law" {
            self.tap("back").await;
        }
        self.wait_for_screen("home").await;
    }

    /// `currentTime` of a video, sampled twice: proves frames are actually advancing, not just "playing".
    async fn assert_video_advances(&self, test_id: &str) -> (f64, f64) {
        let selector = format!("document.querySelector('[data-testid=\"{test_id}\"]')");
        self.wait_until(
            &format!("{test_id} to play past 0.5 s"),
            &format!("{selector} && {selector}.currentTime > 0.5"),
        )
        .await;
        let first = self
            .js(&format!("return {selector}.currentTime"))
            .await
            .as_f64()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let second = self
            .js(&format!("return {selector}.currentTime"))
            .await
            .as_f64()
            .unwrap();
        assert!(
            second > first + 0.5,
            "{test_id} currentTime went {first} -> {second}"
        );
        (first, second)
    }

    /// Runs xdotool on the kiosk's display and returns what it printed.
    fn xdotool(&self, args: &[&str]) -> String {
        let mut command = Command::new("xdotool");
        if let Some(display) = &self.display {
            command.env("DISPLAY", display);
        }
        let output = command.args(args).output().expect("xdotool is installed");
        assert!(output.status.success(), "xdotool {args:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Triple-clicks (selects a paragraph, where selection is allowed) at the point a script returns
    /// as `[x, y]`.
    async fn triple_click_at(&self, point_script: &str) {
        let point = self.js(point_script).await;
        let (x, y) = (point[0].to_string(), point[1].to_string());
        self.xdotool(&[
            "mousemove",
            &x,
            &y,
            "click",
            "--repeat",
            "3",
            "--delay",
            "80",
            "1",
        ]);
    }

    /// The staff gesture, as a finger would do it on a 1920x1080 screen: hold the top-left corner
    /// for 3 s, then tap the top-right, bottom-right and bottom-left corners.
    async fn staff_gesture(&self) {
        self.xdotool(&["mousemove", "20", "20", "mousedown", "1"]);
        tokio::time::sleep(Duration::from_millis(3300)).await;
        self.xdotool(&["mouseup", "1"]);
        for (x, y) in [("1900", "20"), ("1900", "1060"), ("20", "1060")] {
            tokio::time::sleep(Duration::from_millis(400)).await;
            self.xdotool(&["mousemove", x, y, "click", "1"]);
        }
    }

    /// Types `pin` on the on-screen pad and confirms it.
    async fn enter_pin(&self, pin: &str) {
        for digit in pin.chars() {
            self.tap(&format!("pin-key-{digit}")).await;
        }
        self.tap("pin-ok").await;
    }

    /// From any kiosk screen to the operator panel: keyboard chord, then the PIN.
    async fn open_operator_panel(&self) {
        self.xdotool(&["key", "--clearmodifiers", "ctrl+alt+shift+o"]);
        self.wait_for_screen("pin").await;
        self.enter_pin(PIN).await;
        self.wait_for_screen("operator").await;
        self.wait_until(
            "the panel to load its settings",
            "document.querySelector('[data-testid=\"op-idle-timeout\"]')?.value !== ''",
        )
        .await;
    }

    /// Sets a panel field as an operator would (value, then the input and change events); a
    /// checkbox takes "true" or "false".
    async fn set_field(&self, test_id: &str, value: &str) {
        self.js(&format!(
            "const e = document.querySelector('[data-testid=\"{test_id}\"]'); \
             if (e.type === 'checkbox') e.checked = {value:?} === 'true'; else e.value = {value:?}; \
             e.dispatchEvent(new Event('input', {{ bubbles: true }})); \
             e.dispatchEvent(new Event('change', {{ bubbles: true }})); return true"
        ))
        .await;
    }

    async fn save_panel(&self) {
        self.tap("op-save").await;
        self.wait_until(
            "the panel to confirm the save",
            "/saved/i.test(document.querySelector('[data-testid=\"op-message\"]')?.innerText || '')",
        )
        .await;
    }

    /// Calls a command as the page would, through the UI's own IPC bridge.
    async fn invoke(&self, command: &str) -> Value {
        self.client()
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1]; \
                     window.__TAURI__.core.invoke('{command}').then(done, (e) => done({{ error: e }}))"
                ),
                vec![],
            )
            .await
            .unwrap_or_else(|e| panic!("invoke {command}: {e}"))
    }

    /// The kiosk's own process (found by its private home), for checks from outside the webview.
    fn app_pid(&self) -> Option<u32> {
        let wanted = format!("HOME={}", self.home.path().display());
        std::fs::read_dir("/proc")
            .ok()?
            .flatten()
            .find_map(|entry| {
                let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
                let exe = std::fs::read_link(entry.path().join("exe")).ok()?;
                if !exe.ends_with("screening-kiosk") {
                    return None;
                }
                let environ = std::fs::read(entry.path().join("environ")).ok()?;
                environ
                    .split(|b| *b == 0)
                    .any(|var| var == wanted.as_bytes())
                    .then_some(pid)
            })
    }

    /// Ends the session, which closes the app; Drop does the same when a test panics.
    /// Waits until process `pid` (the app) is gone.
    async fn wait_for_exit(&self, pid: u32) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::path::Path::new(&format!("/proc/{pid}")).exists() {
            assert!(Instant::now() < deadline, "the kiosk did not exit");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Exit kiosk from the open operator panel, and waits until the process is gone.
    async fn exit_from_panel(&self) {
        let pid = self.app_pid().expect("the kiosk process is found");
        self.tap("op-exit").await;
        // Clicked from a timer: the kiosk is gone before a WebDriver click could report back.
        self.js("setTimeout(() => document.querySelector('[data-testid=\"op-exit-confirm\"]').click(), 100); return true")
            .await;
        self.wait_for_exit(pid).await;
    }

    async fn quit(mut self) {
        if let Some(client) = self.client.take() {
            client
                .close()
                .await
                .expect("the WebDriver session ends cleanly");
        }
    }

    /// Captures the whole X screen, as a visitor would see it, once screen transitions have settled.
    async fn screenshot(&self, name: &str) {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let dir = std::env::var_os("SCREENING_KIOSK_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|| util::repo_root().join("screenshots"));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{name}.png"));
        let mut import = Command::new("import");
        if let Some(display) = &self.display {
            import.env("DISPLAY", display);
        }
        let status = import
            .args(["-window", "root"])
            .arg(&file)
            .status()
            .expect("ImageMagick's import is installed");
        assert!(status.success(), "screenshot {name} failed");
    }
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            // Drop is synchronous: the close runs on a helper thread while the test runtime's other worker
            // keeps the session's connection task going (a current-thread runtime would deadlock here).
            let _ = std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap()
                    .block_on(async move {
                        let _ = client.close().await;
                    })
            })
            .join();
        }
        // SIGKILL to tauri-driver alone would orphan WebKitWebDriver; signal the whole group instead.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "tauri-driver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn a_visitor_walks_from_the_attract_loop_through_every_screen() {
    let kiosk = Kiosk::default_pack(&[]).await;

    kiosk.assert_video_advances("attract-video").await;
    let muted = kiosk
        .js("return document.querySelector('[data-testid=\"attract-video\"]').muted")
        .await;
    assert_eq!(muted, json!(true), "the attract loop is silent");
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
    kiosk.assert_video_advances("trailer-video").await;
    let muted = kiosk
        .js("return document.querySelector('[data-testid=\"trailer-video\"]').muted")
        .await;
    assert_eq!(muted, json!(false), "the trailer plays with sound");
    kiosk.screenshot("07-trailer").await;
    kiosk.tap("trailer-play-pause").await;
    let paused_at = kiosk
        .wait_until("the trailer to pause", "document.querySelector('[data-testid=\"trailer-video\"]').paused && document.querySelector('[data-testid=\"trailer-video\"]').currentTime")
        .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let still = kiosk
        .js("return document.querySelector('[data-testid=\"trailer-video\"]').currentTime")
        .await;
    assert_eq!(paused_at, still, "a paused trailer stays put");
    kiosk.tap("back").await;
    kiosk.wait_for_screen("home").await;
    kiosk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn the_attract_loop_wraps_around_in_javascript() {
    let kiosk = Kiosk::default_pack(&[]).await;
    let video = "document.querySelector('[data-testid=\"attract-video\"]')";
    kiosk
        .wait_until("metadata", &format!("{video}.duration > 5"))
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
    let (first, second) = kiosk.assert_video_advances("attract-video").await;
    assert!(second < 10.0, "restarted from the top: {first} -> {second}");
    assert_eq!(kiosk.screen().await, "attract");
    kiosk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn idle_timeout_returns_to_the_attract_loop() {
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
    kiosk.assert_video_advances("attract-video").await;
    kiosk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn the_media_server_answers_ranges_and_refuses_everything_else() {
    let kiosk = Kiosk::default_pack(&[]).await;
    let src = kiosk
        .wait_until(
            "the attract video source",
            "document.querySelector('[data-testid=\"attract-video\"]').currentSrc",
        )
        .await;
    let src = src.as_str().unwrap().to_string();
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn the_kiosk_fills_the_screen_and_survives_alt_f4() {
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
    tokio::time::sleep(Duration::from_secs(1)).await;
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn a_broken_pack_shows_a_calm_slate_not_a_crash() {
    let broken = util::copy_of_default_pack();
    std::fs::write(broken.path().join("manifest.toml"), "format = 1\nid = [\n").unwrap();
    let kiosk =
        Kiosk::launch_expecting(&["--content", broken.path().to_str().unwrap()], "fatal").await;
    let slate = kiosk.text_of("fatal").await;
    assert!(slate.contains("staff"), "{slate}");
    kiosk.screenshot("08-fatal").await;
    kiosk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn every_screen_fills_a_portrait_display() {
    let kiosk = Kiosk::default_pack_portrait(&[]).await;
    let size: Vec<u64> = serde_json::from_value(
        kiosk
            .js("return [window.innerWidth, window.innerHeight]")
            .await,
    )
    .unwrap();
    assert_eq!(size, [1080, 1920], "the kiosk covers the portrait screen");
    kiosk.assert_video_advances("attract-video").await;
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
    kiosk.assert_video_advances("trailer-video").await;
    kiosk.screenshot("portrait-07-trailer").await;
    kiosk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn a_new_pack_takes_over_at_the_next_attract_loop_and_a_broken_one_is_ignored() {
    let pack = util::copy_of_default_pack();
    let kiosk =
        Kiosk::launch_expecting(&["--content", pack.path().to_str().unwrap()], "attract").await;
    let video = "document.querySelector('[data-testid=\"attract-video\"]')";
    let attract_text = "document.querySelector('[data-testid=\"attract\"]').innerText";
    kiosk.assert_video_advances("attract-video").await;
    let first_src = kiosk.js(&format!("return {video}.currentSrc")).await;
    assert!(
        first_src.as_str().unwrap().contains("/media/1-trailer-0"),
        "{first_src}"
    );

    // The operator drops in a new pack: a new title, and a trailer list whose first rendition is
    // another file (the WebM instead of the MP4).
    let manifest_path = pack.path().join("manifest.toml");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let mp4_rendition = "[[trailer.renditions]]\nfile = \"trailer/trailer.mp4\"\nmime = 'video/mp4; codecs=\"avc1.4D401F, mp4a.40.2\"'\n";
    assert!(
        manifest.contains(mp4_rendition),
        "the default manifest changed shape"
    );
    let swapped = manifest
        .replacen(
            "title = \"Justice for Sergei\"",
            "title = \"Justice for Sergei (new pack)\"",
            1,
        )
        .replacen(mp4_rendition, "", 1);
    std::fs::write(&manifest_path, swapped).unwrap();

    // Validated and installed within a few seconds, but not shown in the middle of the loop.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let text = kiosk.js(&format!("return {attract_text}")).await;
    assert!(
        !text.as_str().unwrap().contains("(new pack)"),
        "swapped mid-loop: {text}"
    );

    // At the loop point the new pack takes over.
    kiosk
        .js(&format!(
            "{video}.currentTime = {video}.duration - 1; return true"
        ))
        .await;
    kiosk
        .wait_until(
            "the new title on the attract screen",
            &format!("{attract_text}.includes('(new pack)')"),
        )
        .await;
    let new_src = kiosk
        .wait_until(
            "the new trailer",
            &format!("{video}.currentSrc.includes('/media/2-trailer-0') && {video}.currentSrc"),
        )
        .await;
    kiosk.assert_video_advances("attract-video").await;
    let served = ureq::get(new_src.as_str().unwrap())
        .header("Range", "bytes=0-15")
        .call()
        .unwrap();
    assert_eq!(
        served.headers()["content-type"],
        "video/webm",
        "the new rendition is served"
    );

    // A broken pack is refused: the last good one keeps playing, through further loop points.
    std::fs::write(&manifest_path, "format = 1\nid = [\n").unwrap();
    tokio::time::sleep(Duration::from_secs(4)).await;
    kiosk
        .js(&format!(
            "{video}.currentTime = {video}.duration - 1; return true"
        ))
        .await;
    kiosk
        .wait_until(
            "the loop to wrap",
            &format!("{video}.currentTime > 0.3 && {video}.currentTime < 5"),
        )
        .await;
    kiosk.assert_video_advances("attract-video").await;
    let text = kiosk.js(&format!("return {attract_text}")).await;
    assert!(text.as_str().unwrap().contains("(new pack)"), "{text}");
    assert_eq!(kiosk.screen().await, "attract");
    kiosk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn a_visitor_reads_in_russian_and_the_next_visitor_starts_in_english() {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn escape_chords_and_page_tricks_do_not_get_out_of_the_kiosk() {
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

    for chord in [
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
    ] {
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
    kiosk
        .js("location.href = 'https://example.org/'; return true")
        .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    kiosk
        .js("location.href = 'file:///etc/passwd'; return true")
        .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn staff_get_in_with_the_hidden_gesture_and_pin_and_their_settings_survive_a_restart() {
    let home = Home::with_pin();
    let kiosk = Kiosk::default_pack_in(home.clone(), &[], "attract").await;

    kiosk.staff_gesture().await;
    kiosk.wait_for_screen("pin").await;
    kiosk.screenshot("20-pin-pad").await;
    let message = "document.querySelector('[data-testid=\"pin-message\"]')?.innerText || ''";
    for _ in 0..2 {
        kiosk.enter_pin("0000").await;
        kiosk
            .wait_until(
                "the pad to say the PIN is wrong",
                &format!("/wrong/i.test({message})"),
            )
            .await;
    }
    kiosk.enter_pin("0000").await;
    kiosk
        .wait_until(
            "the pad to make the guesser wait",
            &format!("/try again in/i.test({message})"),
        )
        .await;
    let locked_keys = kiosk
        .js("return document.querySelector('[data-testid=\"pin-key-1\"]').disabled")
        .await;
    assert_eq!(
        locked_keys,
        json!(true),
        "the keys are disabled while the delay runs"
    );
    kiosk
        .wait_until(
            "the delay to run out",
            "!document.querySelector('[data-testid=\"pin-key-1\"]').disabled",
        )
        .await;
    kiosk.enter_pin(PIN).await;
    kiosk.wait_for_screen("operator").await;
    kiosk
        .wait_until(
            "the panel to show the pack",
            "/Justice for Sergei/.test(document.querySelector('[data-testid=\"op-pack\"]')?.innerText || '')",
        )
        .await;
    kiosk.screenshot("21-operator-panel").await;

    // The display list names the screen the kiosk is on.
    let displays = kiosk
        .js("return [...document.querySelector('[data-testid=\"op-display\"]').options].map((o) => o.text)")
        .await;
    assert!(
        displays
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d.as_str().unwrap().contains("1920")),
        "{displays}"
    );
    // A folder that is not a pack gets the checker's report, naming the folder and the problem.
    let not_a_pack = tempfile::tempdir().unwrap();
    kiosk
        .set_field("op-content-dir", not_a_pack.path().to_str().unwrap())
        .await;
    kiosk.tap("op-check-folder").await;
    let report = kiosk
        .wait_until(
            "the folder report",
            "document.querySelector('[data-testid=\"op-report-status\"]')?.dataset.ok === 'false' \
             && document.querySelector('[data-testid=\"op-report\"]').innerText",
        )
        .await;
    let report = report.as_str().unwrap();
    assert!(
        report.contains(not_a_pack.path().to_str().unwrap()) && report.contains("manifest.toml"),
        "{report}"
    );
    kiosk.set_field("op-content-dir", "").await;
    kiosk.tap("op-reload").await;
    kiosk
        .wait_until(
            "the reload to pass",
            "document.querySelector('[data-testid=\"op-report-status\"]')?.dataset.ok === 'true'",
        )
        .await;
    // Start at login writes the OS's login item, and switching it off removes it.
    let login_item = home
        .path()
        .join(".config/autostart/Screening Kiosk.desktop");
    kiosk.set_field("op-start-at-login", "true").await;
    kiosk.save_panel().await;
    let entry = std::fs::read_to_string(&login_item)
        .unwrap_or_else(|e| panic!("no login item at {}: {e}", login_item.display()));
    assert!(entry.contains("screening-kiosk"), "{entry}");
    kiosk.set_field("op-start-at-login", "false").await;

    kiosk.set_field("op-idle-timeout", "45").await;
    kiosk.set_field("op-volume", "30").await;
    kiosk.set_field("op-attract-audio", "true").await;
    kiosk.set_field("op-default-language", "ru").await;
    kiosk.set_field("op-captions-default", "true").await;
    kiosk.save_panel().await;
    assert!(!login_item.exists(), "the login item is removed again");
    kiosk.tap("op-lock").await;
    kiosk.wait_for_screen("attract").await;
    // The next visitor meets the loop with sound, in the operator's language.
    kiosk
        .wait_until(
            "the attract loop with sound at 30%",
            "(() => { const v = document.querySelector('[data-testid=\"attract-video\"]'); \
             return v && !v.muted && Math.abs(v.volume - 0.3) < 0.01 && v.currentTime > 0.5; })()",
        )
        .await;
    kiosk
        .wait_until("the pack in Russian", "document.body.lang === 'ru'")
        .await;
    let settings = kiosk.invoke("get_settings").await;
    assert_eq!(settings["idleTimeoutSecs"], 45, "{settings}");
    assert_eq!(settings["volume"], 30, "{settings}");
    // The visitor's trailer plays at the operator's volume.
    kiosk.tap("attract").await;
    kiosk.wait_for_screen("home").await;
    kiosk.tap("nav-trailer").await;
    kiosk.wait_for_screen("trailer").await;
    kiosk
        .wait_until(
            "the trailer at 30% volume",
            "Math.abs(document.querySelector('[data-testid=\"trailer-video\"]')?.volume - 0.3) < 0.01",
        )
        .await;
    kiosk.assert_video_advances("trailer-video").await;
    // Captions are on by default, in the visitor's language, loaded from the media server.
    kiosk
        .wait_until(
            "Russian captions showing",
            "(() => { const v = document.querySelector('[data-testid=\"trailer-video\"]'); \
             const t = [...v.textTracks].find((t) => t.mode === 'showing'); \
             return t && t.language === 'ru' && t.cues && t.cues.length > 0; })()",
        )
        .await;
    kiosk.screenshot("24-trailer-captions-ru").await;
    // Nothing of the panel is reachable from the page without the PIN.
    let refused = kiosk.invoke("operator_exit").await;
    assert!(refused.get("error").is_some(), "{refused}");
    // The panel counts the trailer start.
    kiosk.open_operator_panel().await;
    assert_eq!(kiosk.text_of("op-stat-trailer-starts").await.trim(), "1");
    kiosk.quit().await;

    let kiosk = Kiosk::default_pack_in(home.clone(), &[], "attract").await;
    kiosk.open_operator_panel().await;
    let idle = kiosk
        .js("return document.querySelector('[data-testid=\"op-idle-timeout\"]').value")
        .await;
    assert_eq!(
        idle,
        json!("45"),
        "the saved idle timeout survived the restart"
    );

    kiosk.exit_from_panel().await;
    assert!(
        home.log().contains("operator exited the kiosk"),
        "the exit is logged"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn a_first_run_asks_for_an_operator_pin_and_stores_only_its_hash() {
    let home = Home::first_run();
    let kiosk = Kiosk::default_pack_in(home.clone(), &[], "operator-setup").await;
    kiosk.screenshot("23-first-run-setup").await;
    kiosk.enter_pin("2468").await;
    kiosk
        .wait_until(
            "the pad to ask for the PIN again",
            "/same PIN again/i.test(document.querySelector('[data-testid=\"setup-pin-pad\"]')?.innerText || '')",
        )
        .await;
    kiosk.enter_pin("2468").await;
    kiosk.wait_for_screen("operator").await;
    let stored = std::fs::read_to_string(home.data_dir().join("operator.json")).unwrap();
    assert!(stored.contains("$argon2id$"), "{stored}");
    assert!(!stored.contains("2468"), "the PIN itself is never stored");
    kiosk.tap("op-lock").await;
    kiosk.wait_for_screen("attract").await;
    kiosk.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn outside_opening_hours_visitors_meet_a_calm_closed_slate() {
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn a_second_launch_leaves_and_the_running_kiosk_keeps_the_screen() {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Xvfb, a window manager and tauri-driver: run `cargo xtask test`"]
async fn a_file_dragged_onto_the_kiosk_is_ignored() {
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
}
