//! Launching: a private home for each kiosk, the kiosk started under tauri-driver with a WebDriver
//! session to its webview, and its end (session closed, driver and app stopped).

use crate::util;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The operator PIN every test kiosk gets, unless a test starts from a first run.
pub const PIN: &str = "135790";

/// The kiosk binary cargo built for this test run; `installed` drives an installed one instead.
pub const APP: &str = env!("CARGO_BIN_EXE_screening-kiosk");

/// How long tauri-driver (and the WebKitWebDriver behind it) get to listen.
const DRIVER_LISTENS_WITHIN: Duration = Duration::from_secs(10);

/// A private home folder for one kiosk (or several launches of one): its settings, PIN, log and
/// start-at-login entry live here, never in the real user's. Cloning shares the folder.
#[derive(Clone)]
pub struct Home(Arc<tempfile::TempDir>);

impl Home {
    /// A kiosk that was installed and given the operator PIN `PIN` with `screening-kiosk set-pin`.
    pub fn with_pin() -> Home {
        Home::with_pin_set_by(APP)
    }

    /// Like `with_pin`, the PIN set by the kiosk binary `app` (an installed one, say).
    pub fn with_pin_set_by(app: &str) -> Home {
        let home = Home::first_run();
        home.set_pin(app, PIN);
        home
    }

    /// `app set-pin` with `pin`, as staff run it at the machine (beside a running kiosk, too).
    pub fn set_pin(&self, app: &str, pin: &str) {
        let mut set_pin = self
            .command(app)
            .arg("set-pin")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(set_pin.stdin.take().unwrap(), "{pin}").unwrap();
        assert!(set_pin.wait().unwrap().success(), "set-pin succeeds");
    }

    /// A kiosk started for the first time: no settings, no PIN.
    pub fn first_run() -> Home {
        Home(Arc::new(tempfile::tempdir().unwrap()))
    }

    pub fn path(&self) -> &std::path::Path {
        self.0.path()
    }

    /// The app's data folder: settings.json, operator.json, logs/.
    pub fn data_dir(&self) -> PathBuf {
        self.path()
            .join(".local/share")
            .join(screening_kiosk_lib::IDENTIFIER)
    }

    /// `program` with this home; GStreamer's plugin cache stays the real one, rebuilding it per
    /// launch would cost seconds of CPU.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.env("HOME", self.path());
        for variable in [
            "XDG_DATA_HOME",
            "XDG_CONFIG_HOME",
            "XDG_STATE_HOME",
            screening_kiosk_lib::settings::DATA_DIR_ENV,
        ] {
            command.env_remove(variable);
        }
        if let Some(real_home) = std::env::var_os("HOME") {
            command.env("XDG_CACHE_HOME", PathBuf::from(real_home).join(".cache"));
        }
        command
    }
}

/// A running kiosk under tauri-driver; dropping it ends the session and the driver.
pub struct Kiosk {
    pub(super) client: Option<Client>,
    driver: Child,
    /// The X display the kiosk runs on, when not the test process's own `DISPLAY`.
    pub(super) display: Option<String>,
    pub home: Home,
}

impl Kiosk {
    /// Starts the app with `args` and waits until the UI names `first_screen`.
    pub async fn launch_expecting(args: &[&str], first_screen: &str) -> Kiosk {
        Kiosk::launch_on(None, args, first_screen).await
    }

    /// Like `launch_expecting`, on the X display `display` when given.
    pub async fn launch_on(display: Option<String>, args: &[&str], first_screen: &str) -> Kiosk {
        Kiosk::launch_in(Home::with_pin(), display, args, first_screen).await
    }

    /// Like `launch_on`, in `home` (a first run, or the home of an earlier launch).
    pub async fn launch_in(
        home: Home,
        display: Option<String>,
        args: &[&str],
        first_screen: &str,
    ) -> Kiosk {
        Kiosk::launch_app(APP, home, display, args, first_screen).await
    }

    /// Like `launch_in`, with the kiosk binary `app` instead of the one cargo built.
    pub async fn launch_app(
        app: &str,
        home: Home,
        display: Option<String>,
        args: &[&str],
        first_screen: &str,
    ) -> Kiosk {
        Kiosk::launch_app_with_env(app, home, display, args, &[], first_screen).await
    }

    /// The default pack with `args`, the kiosk's environment adding `env`.
    pub async fn default_pack_with_env(args: &[&str], env: &[(&str, &str)]) -> Kiosk {
        let pack = util::default_pack();
        let mut all = vec!["--content", pack.to_str().unwrap()];
        all.extend_from_slice(args);
        Kiosk::launch_app_with_env(APP, Home::with_pin(), None, &all, env, "attract").await
    }

    /// Like `launch_app`, the kiosk's environment adding `env`.
    pub async fn launch_app_with_env(
        app: &str,
        home: Home,
        display: Option<String>,
        args: &[&str],
        env: &[(&str, &str)],
        first_screen: &str,
    ) -> Kiosk {
        let started = Instant::now();
        let port = util::free_port();
        let native_port = util::free_port();
        let mut driver = home.command("tauri-driver");
        // tauri-driver's WebKitWebDriver starts the kiosk with the environment it was given.
        driver.envs(env.iter().copied());
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
        util::wait_for_port(port, DRIVER_LISTENS_WITHIN, "tauri-driver");
        // tauri-driver listens before the WebKitWebDriver it proxies to does; a session asked for in
        // between is dropped mid-request (seen once as `IncompleteMessage` on a cold start).
        util::wait_for_port(native_port, DRIVER_LISTENS_WITHIN, "tauri-driver");
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
        eprintln!(
            "e2e: kiosk up on {first_screen:?} in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        kiosk
    }

    /// The default pack on the 1080x1920 display `cargo xtask test` starts for portrait checks.
    pub async fn default_pack_portrait(extra: &[&str]) -> Kiosk {
        let display = std::env::var("SCREENING_KIOSK_PORTRAIT_DISPLAY").expect(
            "SCREENING_KIOSK_PORTRAIT_DISPLAY names a 1080x1920 X display (cargo xtask test starts one)",
        );
        let pack = util::default_pack();
        let mut args = vec!["--content", pack.to_str().unwrap()];
        args.extend_from_slice(extra);
        Kiosk::launch_on(Some(display), &args, "attract").await
    }

    pub async fn default_pack(extra: &[&str]) -> Kiosk {
        Kiosk::default_pack_in(Home::with_pin(), extra, "attract").await
    }

    /// The default pack in `home` (a first run, or the home of an earlier launch).
    pub async fn default_pack_in(home: Home, extra: &[&str], first_screen: &str) -> Kiosk {
        let pack = util::default_pack();
        let mut args = vec!["--content", pack.to_str().unwrap()];
        args.extend_from_slice(extra);
        Kiosk::launch_in(home, None, &args, first_screen).await
    }

    /// The kiosk's own process (found by its private home), for checks from outside the webview.
    pub fn app_pid(&self) -> Option<u32> {
        let wanted = format!("HOME={}", self.home.path().display());
        super::processes()
            .into_iter()
            .find_map(|(pid, folder, exe)| {
                if !exe.ends_with("screening-kiosk") {
                    return None;
                }
                let environ = std::fs::read(folder.join("environ")).ok()?;
                environ
                    .split(|b| *b == 0)
                    .any(|var| var == wanted.as_bytes())
                    .then_some(pid)
            })
    }

    /// Waits until process `pid` (the app) is gone.
    pub async fn wait_for_exit(&self, pid: u32) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::path::Path::new(&format!("/proc/{pid}")).exists() {
            assert!(Instant::now() < deadline, "the kiosk did not exit");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Ends the session, which closes the app; Drop does the same when a test panics.
    pub async fn quit(mut self) {
        if let Some(client) = self.client.take() {
            client
                .close()
                .await
                .expect("the WebDriver session ends cleanly");
        }
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
