//! A throw-away X display for the end-to-end tests: Xvfb plus openbox, so that the kiosk's
//! full-screen request is honoured exactly as on a real kiosk. Both are stopped when the guard is
//! dropped, whether the tests passed, failed or panicked.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::{self, sleep};
use std::time::{Duration, Instant};

use crate::packages::on_path;
use crate::Error;

const SOCKET_DIR: &str = "/tmp/.X11-unix";
const FIRST_DISPLAY: u32 = 99;
const LAST_DISPLAY: u32 = 199;
const XVFB_START_TIMEOUT: Duration = Duration::from_secs(15);
const WM_START_TIMEOUT: Duration = Duration::from_secs(5);
const STOP_TIMEOUT: Duration = Duration::from_secs(3);

pub struct VirtualDisplay {
    number: u32,
    xvfb: Child,
    wm: Option<Child>,
}

impl VirtualDisplay {
    /// Starts `Xvfb :N -screen 0 <screen> -nolisten tcp -noreset` on the first free N from 99
    /// (`screen` like `1920x1080x24`), waits until it accepts clients and its socket exists, then
    /// starts openbox on it. Their output goes to `xvfb-:N.log` and `openbox-:N.log` in `log_dir`.
    pub fn start(log_dir: &Path, screen: &str) -> Result<Self, Error> {
        if !on_path("Xvfb") {
            return Err(Error("`Xvfb` is not on PATH (Debian package: xvfb)".into()));
        }
        fs::create_dir_all(log_dir)
            .map_err(|e| Error(format!("cannot create {}: {e}", log_dir.display())))?;

        let mut number = FIRST_DISPLAY;
        let xvfb = loop {
            number = (number..=LAST_DISPLAY)
                .find(|&n| is_free(n))
                .ok_or_else(|| {
                    Error(format!(
                        "no free X display number in :{FIRST_DISPLAY}..:{LAST_DISPLAY}"
                    ))
                })?;
            match start_xvfb(number, screen, log_dir)? {
                Some(child) => break child,
                // Another server took the number between the check and the start: try the next.
                None if number < LAST_DISPLAY => number += 1,
                None => return Err(Error("Xvfb failed to start on every display number".into())),
            }
        };
        println!("xtask: Xvfb running on :{number} ({screen})");
        let mut display = VirtualDisplay {
            number,
            xvfb,
            wm: None,
        };
        display.wm = Some(start_openbox(&display.name(), log_dir)?);
        Ok(display)
    }

    /// The value for `DISPLAY`, e.g. `:99`.
    pub fn name(&self) -> String {
        format!(":{}", self.number)
    }
}

impl Drop for VirtualDisplay {
    fn drop(&mut self) {
        if let Some(wm) = self.wm.as_mut() {
            stop(wm, "openbox");
        }
        stop(&mut self.xvfb, "Xvfb");
        // A server that had to be killed leaves its lock and socket behind; ours are ours to remove.
        if lock_owner(self.number) == Some(self.xvfb.id()) {
            let _ = fs::remove_file(lock_path(self.number));
            let _ = fs::remove_file(socket_path(self.number));
        }
        let what = if self.wm.is_some() {
            "openbox and Xvfb"
        } else {
            "Xvfb"
        };
        println!("xtask: stopped {what} :{}", self.number);
    }
}

fn lock_path(n: u32) -> PathBuf {
    PathBuf::from(format!("/tmp/.X{n}-lock"))
}

fn socket_path(n: u32) -> PathBuf {
    Path::new(SOCKET_DIR).join(format!("X{n}"))
}

fn is_free(n: u32) -> bool {
    !lock_path(n).exists() && !socket_path(n).exists()
}

/// The pid written in an X server's lock file.
fn lock_owner(n: u32) -> Option<u32> {
    fs::read_to_string(lock_path(n)).ok()?.trim().parse().ok()
}

fn log_file(log_dir: &Path, name: &str) -> Result<(File, PathBuf), Error> {
    let path = log_dir.join(name);
    let file =
        File::create(&path).map_err(|e| Error(format!("cannot create {}: {e}", path.display())))?;
    Ok((file, path))
}

/// `Ok(None)` when Xvfb exited at once because the display was taken meanwhile.
///
/// Readiness comes from `-displayfd 1`: Xvfb writes the display number to our pipe only once it
/// accepts clients. The socket file alone is not enough: it appears before the server is ready,
/// and openbox started at that moment intermittently fails to open the display.
fn start_xvfb(n: u32, screen: &str, log_dir: &Path) -> Result<Option<Child>, Error> {
    let (log, log_path) = log_file(log_dir, &format!("xvfb-{n}.log"))?;
    let display = format!(":{n}");
    let mut child = Command::new("Xvfb")
        .args([display.as_str(), "-screen", "0", screen, "-nolisten", "tcp"])
        // No server reset when the last client leaves: a probe (xprop below) or a test's app
        // disconnecting must not reset the server under a client that is just connecting.
        .arg("-noreset")
        .args(["-displayfd", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .map_err(|e| Error(format!("cannot start Xvfb: {e}")))?;

    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut line = String::new();
        // Ends with the number once ready, or at EOF if Xvfb exits first (or is killed below).
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let announced = match rx.recv_timeout(XVFB_START_TIMEOUT) {
        Ok(line) => line,
        Err(_) => {
            stop(&mut child, "Xvfb");
            return Err(Error(format!(
                "Xvfb {display} was not ready within {}s; see {}",
                XVFB_START_TIMEOUT.as_secs(),
                log_path.display()
            )));
        }
    };
    if announced.trim() != n.to_string() {
        // EOF: Xvfb is exiting. Give it a moment to be reaped, then tell a lost race from a failure.
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status.to_string(),
                _ if started.elapsed() > STOP_TIMEOUT => {
                    stop(&mut child, "Xvfb");
                    break format!("announced {:?}", announced.trim());
                }
                _ => sleep(Duration::from_millis(20)),
            }
        };
        if lock_owner(n).is_some_and(|pid| pid != child.id()) {
            return Ok(None);
        }
        return Err(Error(format!(
            "Xvfb {display} failed to start ({status}); see {}",
            log_path.display()
        )));
    }

    // Ready; the socket exists by now, but wait for it rather than assume.
    let started = Instant::now();
    while !socket_path(n).exists() {
        if started.elapsed() > XVFB_START_TIMEOUT {
            stop(&mut child, "Xvfb");
            return Err(Error(format!(
                "Xvfb {display} is running but {} never appeared; see {}",
                socket_path(n).display(),
                log_path.display()
            )));
        }
        sleep(Duration::from_millis(20));
    }
    Ok(Some(child))
}

/// Starts openbox and waits until it has claimed the screen (it sets `_NET_SUPPORTING_WM_CHECK` on
/// the root window), so the kiosk's first window is already managed.
fn start_openbox(display: &str, log_dir: &Path) -> Result<Child, Error> {
    if !on_path("openbox") {
        return Err(Error(
            "`openbox` is not on PATH (Debian package: openbox)".into(),
        ));
    }
    let (log, log_path) = log_file(
        log_dir,
        &format!("openbox-{}.log", display.trim_start_matches(':')),
    )?;
    let mut child = Command::new("openbox")
        .env("DISPLAY", display)
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|e| Error(e.to_string()))?)
        .stderr(log)
        .spawn()
        .map_err(|e| Error(format!("cannot start openbox: {e}")))?;

    if !on_path("xprop") {
        // Without x11-utils there is nothing to poll: give it a moment.
        sleep(Duration::from_secs(1));
        return Ok(child);
    }
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(Error(format!(
                "openbox exited ({status}); see {}",
                log_path.display()
            )));
        }
        if wm_is_ready(display) {
            println!(
                "xtask: openbox managing {display} after {:.1}s",
                started.elapsed().as_secs_f64()
            );
            return Ok(child);
        }
        if started.elapsed() > WM_START_TIMEOUT {
            println!(
                "xtask: openbox has not announced itself after {}s; continuing (log: {})",
                WM_START_TIMEOUT.as_secs(),
                log_path.display()
            );
            return Ok(child);
        }
        sleep(Duration::from_millis(100));
    }
}

fn wm_is_ready(display: &str) -> bool {
    Command::new("xprop")
        .args(["-display", display, "-root", "_NET_SUPPORTING_WM_CHECK"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("window id"))
}

/// SIGTERM (so Xvfb removes its lock and socket), then SIGKILL if it lingers.
fn stop(child: &mut Child, what: &str) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    // std can only SIGKILL; the shell's `kill` builtin is always there for SIGTERM.
    let _ = Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", child.id())])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let asked = Instant::now();
    while asked.elapsed() < STOP_TIMEOUT {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        sleep(Duration::from_millis(50));
    }
    eprintln!("xtask: {what} ignored SIGTERM; killing it");
    let _ = child.kill();
    let _ = child.wait();
}

/// A private D-Bus session bus for the end-to-end run, as a desktop session has one: the kiosk's
/// single-instance guard and its keep-awake request talk over it.
pub struct SessionBus {
    daemon: Child,
    address: String,
}

impl SessionBus {
    pub fn start() -> Result<Self, Error> {
        if !on_path("dbus-daemon") {
            return Err(Error(
                "`dbus-daemon` is not on PATH (Debian package: dbus-daemon)".into(),
            ));
        }
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            // A socket file rather than the session default's abstract socket: abstract sockets
            // belong to a network namespace, and the installer step runs its kiosk in a new one.
            .arg(format!(
                "--address=unix:dir={}",
                std::env::temp_dir().display()
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| Error(format!("cannot start dbus-daemon: {e}")))?;
        let mut line = String::new();
        let read = daemon
            .stdout
            .take()
            .map(|out| BufReader::new(out).read_line(&mut line));
        let address = line.trim().to_string();
        if !matches!(read, Some(Ok(n)) if n > 0) || address.is_empty() {
            stop(&mut daemon, "dbus-daemon");
            return Err(Error("dbus-daemon did not print its address".into()));
        }
        println!("xtask: D-Bus session bus at {address}");
        Ok(SessionBus { daemon, address })
    }

    /// The value for `DBUS_SESSION_BUS_ADDRESS`.
    pub fn address(&self) -> &str {
        &self.address
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        stop(&mut self.daemon, "dbus-daemon");
    }
}
