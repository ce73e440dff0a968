//! The kiosk in the real WebView2, on the release workflow's Windows runner: tauri-driver in front
//! of Microsoft's msedgedriver, the bundled pack, the attract loop, and a touch that opens the home
//! screen. The Linux end-to-end suite (`tests/e2e/`) drives WebKitGTK through tools only Linux has
//! (Xvfb, xdotool); this is the part of it a Windows runner can run. `MSEDGEDRIVER` names
//! msedgedriver.exe; run with `-- --ignored`.
#![cfg(windows)]

#[path = "util/mod.rs"]
mod util;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const APP: &str = env!("CARGO_BIN_EXE_screening-kiosk");
const PIN: &str = "135790";
/// A cold WebView2 start on a runner takes seconds; a minute means it is not coming.
const STARTS_WITHIN: Duration = Duration::from_secs(60);

/// `screening-kiosk set-pin`, so the kiosk starts on its loop rather than on the first-run PIN.
fn set_pin(data: &Path) {
    let mut set_pin = Command::new(APP)
        .arg("set-pin")
        .env(screening_kiosk_lib::settings::DATA_DIR_ENV, data)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(set_pin.stdin.take().unwrap(), "{PIN}").unwrap();
    assert!(set_pin.wait().unwrap().success(), "set-pin succeeds");
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn screen(client: &Client) -> String {
    client
        .execute("return document.body.dataset.screen || ''", vec![])
        .await
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .unwrap_or_default()
}

async fn wait_for_screen(client: &Client, wanted: &str) {
    let deadline = Instant::now() + STARTS_WITHIN;
    loop {
        let now = screen(client).await;
        if now == wanted {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the kiosk shows {now:?}, not {wanted:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test]
#[ignore = "needs tauri-driver and msedgedriver: the release workflow's Windows tests"]
async fn the_kiosk_loops_its_trailer_in_webview2_and_a_touch_opens_home() {
    let native_driver = std::env::var("MSEDGEDRIVER").expect("MSEDGEDRIVER names msedgedriver.exe");
    let data = tempfile::tempdir().unwrap();
    set_pin(data.path());
    let port = util::free_port();
    let native_port = util::free_port();
    let driver = Driver(
        Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
                "--native-driver",
                &native_driver,
            ])
            .env(screening_kiosk_lib::settings::DATA_DIR_ENV, data.path())
            .spawn()
            .expect("tauri-driver is on PATH"),
    );
    util::wait_for_port(port, STARTS_WITHIN, "tauri-driver");
    util::wait_for_port(native_port, STARTS_WITHIN, "msedgedriver");
    let pack = util::default_pack();
    let Value::Object(capabilities) = json!({
        "browserName": "wry",
        "tauri:options": {
            "application": APP,
            "args": ["--content", pack.to_str().unwrap()],
        }
    }) else {
        unreachable!()
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with the kiosk in WebView2");

    wait_for_screen(&client, "attract").await;
    let playing = client
        .execute(
            "const v = document.querySelector('video'); return !!v && !v.paused && v.muted",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(playing, json!(true), "the muted loop plays without a touch");

    client
        .find(Locator::Css("[data-testid=\"attract\"]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_screen(&client, "home").await;

    let _ = client.close().await;
    drop(driver);
}
