//! The loopback media server under a hostile local process: one that floods it with idle
//! connections and half-sent headers, and one that swaps a validated file for a symlink, a FIFO or
//! another file. The webview's next request must still get the trailer, and never another file's
//! bytes.

use crate::util;
use screening_kiosk_lib::{build_app, KioskOptions};
use serde_json::{json, Value};
use std::io::Write;
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager};

/// Boots the kiosk on `pack` and returns it with the URL of its first trailer rendition.
fn boot_with_trailer(pack: &Path) -> (App<MockRuntime>, String) {
    util::private_home();
    let options = KioskOptions {
        content_dir: Some(pack.to_path_buf()),
        ..Default::default()
    };
    let mut app = build_app(mock_builder(), options).expect("the kiosk builds on the mock runtime");
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let window = app.get_webview_window("main").expect("the kiosk window");
    let get_pack = || {
        get_ipc_response(
            &window,
            InvokeRequest {
                cmd: "get_pack".into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(json!({})),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    };
    // The first pack is checked on a thread of its own once the window is open.
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let pack = loop {
        match get_pack() {
            Err(e) if e["code"] == "pack_loading" && std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20))
            }
            answer => break answer.expect("get_pack answers"),
        }
    };
    let url = pack["trailer"]["renditions"][0]["url"]
        .as_str()
        .unwrap()
        .to_string();
    (app, url)
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into()
}

/// `(status, body)` of a ranged GET, or the transport error.
fn get_range(agent: &ureq::Agent, url: &str, range: &str) -> Result<(u16, Vec<u8>), ureq::Error> {
    let mut response = agent.get(url).header("Range", range).call()?;
    let status = response.status().as_u16();
    Ok((status, response.body_mut().read_to_vec()?))
}

fn host_of(url: &str) -> String {
    url.trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string()
}

const FLOOD_ENV: &str = "SCREENING_KIOSK_MEDIA_FLOOD";
const IDLE_CONNECTIONS: usize = 2000;
/// The flooded process's file-descriptor limit: room for the flood's own sockets and a server that
/// keeps its connections capped, none for a server that accepts one descriptor per connection.
const FLOOD_FD_LIMIT: u64 = IDLE_CONNECTIONS as u64 + 700;

#[test]
#[ignore = "the flooded process of idle_and_slow_connections_do_not_keep_the_trailer_from_playing"]
fn flooded_media_server_process() {
    assert!(
        std::env::var_os(FLOOD_ENV).is_some(),
        "spawned by the flood test"
    );
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile);
    rustix::process::setrlimit(
        rustix::process::Resource::Nofile,
        rustix::process::Rlimit {
            current: Some(FLOOD_FD_LIMIT),
            maximum: limit.maximum,
        },
    )
    .expect("the file-descriptor limit can be set");

    let (_app, url) = boot_with_trailer(&util::default_pack());
    let host = host_of(&url);
    let mut idle = Vec::new();
    let mut refused = 0;
    for _ in 0..IDLE_CONNECTIONS {
        match TcpStream::connect(&host) {
            Ok(stream) => idle.push(stream),
            Err(_) => refused += 1,
        }
    }
    // A client that sends its request head a byte at a time and never finishes it.
    let slow_host = host.clone();
    std::thread::spawn(move || {
        let Ok(mut slow) = TcpStream::connect(&slow_host) else {
            return;
        };
        let head = format!("GET /x HTTP/1.1\r\nHost: {slow_host}\r\nX-Slow: ");
        let _ = slow.write_all(head.as_bytes());
        while slow.write_all(b"a").is_ok() {
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    std::thread::sleep(Duration::from_millis(200));

    let started = Instant::now();
    let deadline = Duration::from_secs(60);
    let agent = agent(Duration::from_secs(20));
    let mut last = String::new();
    while started.elapsed() < deadline {
        match get_range(&agent, &url, "bytes=0-1023") {
            Ok((206, body)) if body.len() == 1024 => {
                println!(
                    "{} idle connections opened ({refused} refused) and a slow header: the trailer \
                     answered 206 after {:.2} s",
                    idle.len(),
                    started.elapsed().as_secs_f64()
                );
                return;
            }
            Ok((status, body)) => last = format!("status {status}, {} bytes", body.len()),
            Err(e) => last = e.to_string(),
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!(
        "{} idle connections opened ({refused} refused): no 206 for the trailer within {deadline:?}; last: {last}",
        idle.len()
    );
}

#[test]
fn idle_and_slow_connections_do_not_keep_the_trailer_from_playing() {
    let module = module_path!()
        .split_once("::")
        .map_or("", |(_crate, module)| module);
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            &format!("{module}::flooded_media_server_process"),
            "--test-threads=1",
            "--nocapture",
        ])
        .env(FLOOD_ENV, "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(180) {
            child.kill().unwrap();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the flooded process failed:\n{stdout}\n{stderr}"
    );
    let verdict = stdout.lines().find(|line| line.contains("answered 206"));
    println!("{}", verdict.unwrap_or_default());
}

/// A pack of its own, its trailer URL, and the trailer's first bytes as served before any swap.
fn swappable_trailer() -> (
    tempfile::TempDir,
    App<MockRuntime>,
    String,
    std::path::PathBuf,
) {
    let pack = util::copy_of_default_pack();
    let (app, url) = boot_with_trailer(pack.path());
    let (status, body) = get_range(&agent(Duration::from_secs(10)), &url, "bytes=0-63").unwrap();
    assert_eq!(status, 206);
    let trailer = pack.path().join("trailer/trailer.mp4");
    assert_eq!(body, std::fs::read(&trailer).unwrap()[..64]);
    (pack, app, url, trailer)
}

#[test]
fn a_trailer_swapped_for_a_symlink_or_another_file_is_not_served() {
    let (_pack, _app, url, trailer) = swappable_trailer();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret");
    let secret_bytes = b"SECRET OUTSIDE THE PACK ".repeat(64);
    std::fs::write(&secret, &secret_bytes).unwrap();
    let agent = agent(Duration::from_secs(10));

    std::fs::remove_file(&trailer).unwrap();
    std::os::unix::fs::symlink(&secret, &trailer).unwrap();
    let (status, body) = get_range(&agent, &url, "bytes=0-63").unwrap();
    assert!(
        body.is_empty() || !secret_bytes.starts_with(&body),
        "a file outside the pack was served"
    );
    assert_eq!(status, 404, "a symlink in the trailer's place");

    std::fs::remove_file(&trailer).unwrap();
    let other = trailer.with_file_name("other.mp4");
    std::fs::write(&other, &secret_bytes).unwrap();
    std::fs::rename(&other, &trailer).unwrap();
    let (status, body) = get_range(&agent, &url, "bytes=0-63").unwrap();
    assert!(
        body.is_empty() || !secret_bytes.starts_with(&body),
        "another file was served"
    );
    assert_eq!(status, 404, "another file in the trailer's place");
}

#[test]
fn a_trailer_swapped_for_a_fifo_fails_fast() {
    let (_pack, _app, url, trailer) = swappable_trailer();
    std::fs::remove_file(&trailer).unwrap();
    // mkfifo(1) rather than rustix: rustix has no mkfifoat on macOS.
    let made = std::process::Command::new("mkfifo")
        .arg(&trailer)
        .status()
        .unwrap();
    assert!(made.success());
    let started = Instant::now();
    let answer = get_range(&agent(Duration::from_secs(10)), &url, "bytes=0-63");
    let (status, _) = answer.unwrap_or_else(|e| {
        panic!(
            "no answer after {:.1} s: {e}",
            started.elapsed().as_secs_f64()
        )
    });
    assert_eq!(status, 404);
}

#[test]
fn a_half_sent_request_head_is_dropped_and_a_huge_one_refused() {
    use std::io::Read;
    let (_app, url) = boot_with_trailer(&util::default_pack());
    let host = host_of(&url);

    let mut slow = TcpStream::connect(&host).unwrap();
    slow.write_all(format!("GET /x HTTP/1.1\r\nHost: {host}\r\n").as_bytes())
        .unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let ended = slow.read_to_end(&mut answer);
    assert!(
        ended.is_ok()
            || ended
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
        "the server kept a half-sent request head open for {:.0} s: {ended:?}",
        started.elapsed().as_secs_f64()
    );
    println!(
        "a half-sent request head was dropped after {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let mut huge = TcpStream::connect(&host).unwrap();
    huge.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let filler = "a".repeat(64 * 1024);
    let head = format!("GET /x HTTP/1.1\r\nHost: {host}\r\nX-Filler: {filler}\r\n\r\n");
    let _ = huge.write_all(head.as_bytes());
    let mut answer = Vec::new();
    let _ = huge.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "a 64 KiB request head was read: {}",
        answer.lines().next().unwrap_or_default()
    );
}
