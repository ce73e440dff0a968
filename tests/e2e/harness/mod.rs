//! The harness every area module drives the kiosk with: a `Kiosk` is the real app under
//! tauri-driver in a private `Home`, and its methods are a visitor's, a staff member's or a
//! supervisor's actions and checks, one file per concern.
//!
//! Each area module starts with `use crate::harness::*;`: that brings `Home`, `Kiosk`, `PIN`,
//! `APP` and what nearly every test uses besides (`json!`, `Value`, `Duration`, `Command`, ...).

mod film;
mod input;
mod launch;
mod logs;
mod operator;
mod page;
mod screenshots;
mod xvnc;

pub use film::{ScreenSample, SHOWN_CAPTION};
pub use launch::{Home, Kiosk, APP, PIN};
pub use xvnc::{Screen, XvncDisplay};

pub(crate) use crate::util;
pub use fantoccini::Locator;
pub use serde_json::{json, Value};
pub use std::path::PathBuf;
pub use std::process::{Command, Stdio};
pub use std::time::{Duration, Instant};

/// How long one test may run before it counts as hung: several times the slowest test's time.
const HANG_LIMIT: Duration = Duration::from_secs(300);

/// After the hung kiosk is killed, how long the test gets to fail on its own before the run ends.
const AFTER_KILL: Duration = Duration::from_secs(60);

/// Prints how long a test took when it ends (passed or not), so a run's log shows where the time
/// goes; and turns a hang into a failure that says where everything stood. A WebDriver call into
/// a kiosk whose main thread is stuck never returns, so after `HANG_LIMIT` the guard prints every
/// thread of the kiosk's processes (gdb) and kills them, which fails the stuck call.
pub struct TestClock {
    name: &'static str,
    started: Instant,
    _guard: std::sync::mpsc::Sender<()>,
}

impl TestClock {
    pub fn start(name: &'static str) -> TestClock {
        let (guard, ended) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            use std::sync::mpsc::RecvTimeoutError::Timeout;
            if ended.recv_timeout(HANG_LIMIT) != Err(Timeout) {
                return;
            }
            eprintln!(
                "e2e: {name} still runs after {} s: it hangs; the threads of every process under test follow",
                HANG_LIMIT.as_secs()
            );
            let processes = processes_under_test();
            for (pid, exe) in &processes {
                dump_threads(*pid, exe);
            }
            for (pid, _) in &processes {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
            if ended.recv_timeout(AFTER_KILL) == Err(Timeout) {
                eprintln!(
                    "e2e: {name} did not end after its processes were killed; ending the run"
                );
                std::process::exit(101);
            }
        });
        TestClock {
            name,
            started: Instant::now(),
            _guard: guard,
        }
    }
}

impl Drop for TestClock {
    fn drop(&mut self) {
        eprintln!(
            "e2e: {} took {:.1} s",
            self.name,
            self.started.elapsed().as_secs_f64()
        );
    }
}

/// Every process whose executable this test process can read: pid, `/proc` folder, executable.
pub(super) fn processes() -> Vec<(u32, PathBuf, PathBuf)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let exe = std::fs::read_link(entry.path().join("exe")).ok()?;
            Some((pid, entry.path(), exe))
        })
        .collect()
}

/// The kiosk, its web processes and the drivers, wherever they run (tests run one at a time).
fn processes_under_test() -> Vec<(u32, String)> {
    const NAMES: &[&str] = &[
        "screening-kiosk",
        "WebKitWebProcess",
        "WebKitNetworkProcess",
        "WebKitWebDriver",
        "tauri-driver",
    ];
    processes()
        .into_iter()
        .filter_map(|(pid, _, exe)| {
            let name = exe.file_name()?.to_str()?.to_string();
            NAMES.contains(&name.as_str()).then_some((pid, name))
        })
        .collect()
}

fn dump_threads(pid: u32, exe: &str) {
    eprintln!("e2e: ---- threads of {exe} ({pid}) ----");
    let dumped = Command::new("gdb")
        .args([
            "-p",
            &pid.to_string(),
            "-batch",
            "-nx",
            "-ex",
            "thread apply all bt 30",
        ])
        .stdin(Stdio::null())
        .status();
    if !dumped.is_ok_and(|status| status.success()) {
        eprintln!("e2e: (gdb could not read {exe} ({pid}))");
    }
}
