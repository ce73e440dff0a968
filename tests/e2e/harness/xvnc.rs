//! Monitors that can be plugged and unplugged, for the end-to-end tests: TigerVNC's X server
//! (`Xvnc`) with openbox on it, and a small RFB client that sets its monitor layout.
//!
//! Xvfb has one screen and one RandR output, so a kiosk on it can never be shown a second
//! monitor. Xvnc turns a multi-head layout asked for by a VNC client (RFB's `SetDesktopSize`) into
//! real RandR outputs, `VNC-0`, `VNC-1`, ..., which GDK, and so the kiosk, lists as separate
//! monitors; a layout with fewer screens takes outputs away again, as a pulled cable would. Std
//! only: the client needs the RFB handshake, two client messages, and enough of the server's
//! messages to skip them. Neither Xvnc nor Xvfb has the DPMS extension (nor Xorg's dummy driver).

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::{self, sleep};
use std::time::{Duration, Instant};

/// Display numbers tried, apart from xtask's Xvfb range (:99 up) so the two never race for one.
const FIRST_DISPLAY: u32 = 300;
const LAST_DISPLAY: u32 = 399;
const START_TIMEOUT: Duration = Duration::from_secs(15);
const LAYOUT_TIMEOUT: Duration = Duration::from_secs(10);
const WM_START_TIMEOUT: Duration = Duration::from_secs(5);
const STOP_TIMEOUT: Duration = Duration::from_secs(3);

/// RFB's ExtendedDesktopSize pseudo-encoding: a client that announces it may send
/// `SetDesktopSize`, and is told the server's screen layout, and the outcome of each request.
const EXTENDED_DESKTOP_SIZE: i32 = -308;
const RAW: i32 = 0;
/// FramebufferUpdateRequest, incremental, for the pixel at 0,0.
const UPDATE_REQUEST_ONE_PIXEL: [u8; 10] = [3, 1, 0, 0, 0, 0, 0, 1, 0, 1];
/// Client message type of `SetDesktopSize`.
const SET_DESKTOP_SIZE: u8 = 251;

/// One monitor: where it sits on the X screen and its size, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub height: u16,
}

impl Screen {
    pub const fn new(x: u16, y: u16, width: u16, height: u16) -> Screen {
        Screen {
            x,
            y,
            width,
            height,
        }
    }

    /// As xrandr writes it: `1280x720+1920+0`.
    pub fn geometry(&self) -> String {
        format!("{}x{}+{}+{}", self.width, self.height, self.x, self.y)
    }
}

/// The server's answer to a layout: who changed it (0 the server, 1 this client, 2 another
/// client), the status (0 done, 1 prohibited, 2 out of resources, 3 invalid layout) and the
/// screens it has now, each with its id.
#[derive(Debug, Clone)]
struct Layout {
    reason: u16,
    status: u16,
    screens: Vec<(u32, Screen)>,
}

/// An Xvnc display with openbox on it; dropping it stops both.
pub struct XvncDisplay {
    number: u32,
    xvnc: Child,
    wm: Option<Child>,
    /// The screen id for each place in a layout, so that the screen in place `i` keeps its id and
    /// with it its RandR output across unplug and plug (Xvnc maps ids to outputs). Empty until
    /// the first connection reads the id of the screen Xvnc starts with.
    ids: Vec<u32>,
    /// Xvnc's RFB socket.
    socket: PathBuf,
}

impl XvncDisplay {
    /// Starts Xvnc on the first free display number from :300 with the monitors `screens`, and
    /// openbox on it; returns once `xrandr` lists them (as `VNC-0`, `VNC-1`, ... in that order) and
    /// openbox manages the screen. Logs go to `xvnc-N.log` and `openbox-N.log` in cargo's
    /// temporary folder for tests.
    pub fn start(screens: &[Screen]) -> XvncDisplay {
        assert!(!screens.is_empty(), "a display needs at least one screen");
        let log_dir = log_dir();
        fs::create_dir_all(&log_dir).unwrap();
        let started = Instant::now();
        let mut number = FIRST_DISPLAY;
        let (xvnc, socket) = loop {
            number = (number..=LAST_DISPLAY)
                .find(|&n| is_free(n))
                .unwrap_or_else(|| {
                    panic!("no free X display number in :{FIRST_DISPLAY}..:{LAST_DISPLAY}")
                });
            match start_xvnc(number, screens[0], &log_dir) {
                Some(started) => break started,
                // Another server took the number between the check and the start: try the next.
                None if number < LAST_DISPLAY => number += 1,
                None => panic!("Xvnc failed to start on every display number"),
            }
        };
        let server_up = started.elapsed();
        let mut display = XvncDisplay {
            number,
            xvnc,
            wm: None,
            ids: Vec::new(),
            socket,
        };
        display.set_layout(screens);
        display.wm = Some(start_openbox(&display.name(), &log_dir));
        eprintln!(
            "e2e: Xvnc {} up in {:.2} s, with {} monitor(s) and openbox in {:.2} s",
            display.name(),
            server_up.as_secs_f64(),
            screens.len(),
            started.elapsed().as_secs_f64()
        );
        display
    }

    /// The value for `DISPLAY`, e.g. `:300`.
    pub fn name(&self) -> String {
        format!(":{}", self.number)
    }

    /// Makes `screens` the monitors, as plugging or unplugging one does: the screen in place `i`
    /// is RandR output `VNC-i`. Returns once the server has confirmed the layout and `xrandr`
    /// lists exactly these outputs as connected.
    ///
    /// A client connection per layout, closed once it is confirmed: Xvnc keeps a layout after its
    /// client leaves (measured), and with no client connected it does no VNC work at all while
    /// the kiosk plays, and there is nobody's socket to fill up.
    pub fn set_layout(&mut self, screens: &[Screen]) {
        assert!(!screens.is_empty(), "a display needs at least one screen");
        let (mut rfb, initial) = Rfb::connect(&self.socket);
        if self.ids.is_empty() {
            self.ids = initial.screens.iter().map(|(id, _)| *id).collect();
        }
        while self.ids.len() < screens.len() {
            let next = self.ids.iter().max().map_or(0, |id| id + 1);
            self.ids.push(next);
        }
        let width = screens.iter().map(|s| s.x + s.width).max().unwrap();
        let height = screens.iter().map(|s| s.y + s.height).max().unwrap();
        let mut message = vec![SET_DESKTOP_SIZE, 0];
        message.extend(width.to_be_bytes());
        message.extend(height.to_be_bytes());
        message.extend([screens.len() as u8, 0]);
        for (screen, id) in screens.iter().zip(&self.ids) {
            message.extend(id.to_be_bytes());
            for value in [screen.x, screen.y, screen.width, screen.height] {
                message.extend(value.to_be_bytes());
            }
            message.extend(0u32.to_be_bytes()); // flags: none are defined
        }
        rfb.stream
            .write_all(&message)
            .expect("Xvnc takes the layout");

        // The answer is an ExtendedDesktopSize rectangle naming this client as the reason, in a
        // FramebufferUpdate, which Xvnc sends only against an update request; and a request can be
        // used up by other rectangles first (a pixel still owed for the first one, the server's
        // own layout notices). So ask again every so often: an incremental request of one pixel
        // costs nothing while nothing changes.
        let deadline = Instant::now() + LAYOUT_TIMEOUT;
        let answer = loop {
            rfb.stream.write_all(&UPDATE_REQUEST_ONE_PIXEL).unwrap();
            match rfb.layouts.recv_timeout(Duration::from_millis(100)) {
                Ok(layout) if layout.reason == 1 => break layout,
                Ok(_) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("Xvnc {} closed the RFB connection", self.name())
                }
            }
            assert!(
                Instant::now() < deadline,
                "Xvnc {} did not answer the layout {screens:?}",
                self.name()
            );
        };
        drop(rfb);
        assert_eq!(
            answer.status,
            0,
            "Xvnc {} refused the layout {screens:?} (1 prohibited, 2 out of resources, 3 invalid)",
            self.name()
        );

        // RandR is where GDK looks; the answer above is sent once it is updated, but check.
        let wanted: Vec<(String, String)> = screens
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("VNC-{i}"), s.geometry()))
            .collect();
        let deadline = Instant::now() + LAYOUT_TIMEOUT;
        loop {
            let (outputs, query) = connected_outputs(&self.name());
            if outputs == wanted {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "xrandr on {} never listed {wanted:?}; it says:\n{query}",
                self.name()
            );
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for XvncDisplay {
    fn drop(&mut self) {
        if let Some(wm) = self.wm.as_mut() {
            stop(wm);
        }
        stop(&mut self.xvnc);
        // A server that had to be killed leaves its lock and socket behind: ours to remove.
        if lock_owner(self.number) == Some(self.xvnc.id()) {
            let _ = fs::remove_file(lock_path(self.number));
            let _ = fs::remove_file(x_socket_path(self.number));
        }
        let _ = fs::remove_file(&self.socket);
    }
}

/// Cargo's temporary folder for integration tests when built by cargo, else the system's.
fn log_dir() -> PathBuf {
    option_env!("CARGO_TARGET_TMPDIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
}

fn lock_path(n: u32) -> PathBuf {
    PathBuf::from(format!("/tmp/.X{n}-lock"))
}

fn x_socket_path(n: u32) -> PathBuf {
    PathBuf::from(format!("/tmp/.X11-unix/X{n}"))
}

fn is_free(n: u32) -> bool {
    !lock_path(n).exists() && !x_socket_path(n).exists()
}

/// The pid written in an X server's lock file.
fn lock_owner(n: u32) -> Option<u32> {
    fs::read_to_string(lock_path(n)).ok()?.trim().parse().ok()
}

/// Xvnc on display `n` with one screen of `first`'s size, its RFB port a Unix socket (no TCP port
/// to collide with, nothing reachable from the network); `None` when the number was taken
/// meanwhile. Ready once it writes its number to `-displayfd` (its sockets exist by then).
fn start_xvnc(n: u32, first: Screen, log_dir: &Path) -> Option<(Child, PathBuf)> {
    let log_path = log_dir.join(format!("xvnc-{n}.log"));
    let log = File::create(&log_path).unwrap();
    // Short and in /tmp: a Unix socket's path is limited to 107 bytes.
    let socket = std::env::temp_dir().join(format!("screening-kiosk-xvnc-{n}.rfb"));
    let _ = fs::remove_file(&socket);
    let mut child = Command::new("Xvnc")
        .arg(format!(":{n}"))
        .args(["-geometry", &format!("{}x{}", first.width, first.height)])
        .args(["-depth", "24"])
        // Only our own client connects, over the socket below; -1 turns the TCP listener off.
        .args(["-SecurityTypes", "None", "-rfbport", "-1", "-rfbunixpath"])
        .arg(&socket)
        .args(["-nolisten", "tcp"])
        // No reset when the last X client leaves (a probe must not reset it under the kiosk).
        .arg("-noreset")
        .args(["-displayfd", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("Xvnc is on PATH (Debian package tigervnc-standalone-server; cargo xtask test installs it)");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut line = String::new();
        // The number once ready, or EOF if Xvnc exits first.
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let announced = rx.recv_timeout(START_TIMEOUT).unwrap_or_else(|_| {
        stop(&mut child);
        panic!(
            "Xvnc :{n} was not ready within {START_TIMEOUT:?}; see {}",
            log_path.display()
        )
    });
    if announced.trim() == n.to_string() {
        return Some((child, socket));
    }
    // EOF: Xvnc is exiting. Tell a lost race (the lock is someone else's) from a failure.
    let _ = child.wait();
    if lock_owner(n).is_some_and(|pid| pid != child.id()) {
        return None;
    }
    panic!("Xvnc :{n} failed to start; see {}", log_path.display())
}

/// A connection to Xvnc as a VNC client: the socket, and the layouts its reader thread has read.
struct Rfb {
    stream: UnixStream,
    layouts: Receiver<Layout>,
    reader: Option<thread::JoinHandle<()>>,
}

impl Rfb {
    /// The RFB 3.8 handshake with no authentication, a shared session, and the encodings that make
    /// Xvnc accept layouts: Raw (nothing else is needed for the pixels nobody looks at) and
    /// ExtendedDesktopSize. Then a reader thread that skips everything the server sends and passes
    /// its layouts on; the first, the layout the server has now, is returned too.
    fn connect(socket: &Path) -> (Rfb, Layout) {
        let mut rfb = UnixStream::connect(socket)
            .unwrap_or_else(|e| panic!("cannot connect to Xvnc's {}: {e}", socket.display()));
        rfb.set_read_timeout(Some(START_TIMEOUT)).unwrap();
        let handshake = (|| -> io::Result<u8> {
            let mut version = [0; 12];
            rfb.read_exact(&mut version)?;
            if &version[..4] != b"RFB " {
                return Err(io::Error::other(format!("not RFB: {version:?}")));
            }
            rfb.write_all(b"RFB 003.008\n")?;
            let count = read_u8(&mut rfb)?;
            let mut types = vec![0; count as usize];
            rfb.read_exact(&mut types)?;
            if !types.contains(&1) {
                return Err(io::Error::other(format!(
                    "security types {types:?} offered, not None (1); reason: {}",
                    if count == 0 {
                        read_string(&mut rfb)?
                    } else {
                        String::new()
                    }
                )));
            }
            rfb.write_all(&[1])?;
            if read_u32(&mut rfb)? != 0 {
                return Err(io::Error::other(read_string(&mut rfb)?));
            }
            // ClientInit: shared (other clients, a developer's viewer say, may join).
            rfb.write_all(&[1])?;
            // ServerInit: width, height, pixel format (16 bytes, bits per pixel first), name.
            let mut init = [0; 20];
            rfb.read_exact(&mut init)?;
            read_string(&mut rfb)?;
            Ok(init[4] / 8)
        })();
        let bytes_per_pixel =
            handshake.unwrap_or_else(|e| panic!("RFB handshake with {}: {e}", socket.display()));
        rfb.set_read_timeout(None).unwrap();

        let mut encodings = vec![2, 0, 0, 2];
        encodings.extend(RAW.to_be_bytes());
        encodings.extend(EXTENDED_DESKTOP_SIZE.to_be_bytes());
        rfb.write_all(&encodings).unwrap();
        // One non-incremental update request, which the server must answer with its layout. Of one
        // pixel: the Raw pixels it also sends are four bytes then, not the whole screen.
        let mut first = UPDATE_REQUEST_ONE_PIXEL;
        first[1] = 0; // not incremental
        rfb.write_all(&first).unwrap();

        let (tx, layouts) = mpsc::channel();
        let mut input = BufReader::new(rfb.try_clone().unwrap());
        let reader = thread::spawn(move || {
            // Ends at EOF or a read error: when the connection is shut down.
            let _ = skip_server_messages(&mut input, bytes_per_pixel, &tx);
        });
        let initial = layouts
            .recv_timeout(START_TIMEOUT)
            .expect("Xvnc sends its screen layout after the first update request");
        let rfb = Rfb {
            stream: rfb,
            layouts,
            reader: Some(reader),
        };
        (rfb, initial)
    }
}

impl Drop for Rfb {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

/// Reads the server's messages until the connection ends, so that it never blocks on a full
/// socket, and sends every layout (ExtendedDesktopSize rectangle) to `layouts`. What TigerVNC 1.12
/// sends, measured: FramebufferUpdates only; one with its layout for the first request, one of
/// four layouts for each change (three of its own steps, reason 0, then the answer, reason 1), and
/// now and then the Raw pixel asked for. The other message types are skipped all the same.
fn skip_server_messages(
    rfb: &mut impl Read,
    bytes_per_pixel: u8,
    layouts: &mpsc::Sender<Layout>,
) -> io::Result<()> {
    loop {
        let kind = read_u8(rfb)?;
        match kind {
            // FramebufferUpdate: padding, rectangle count, rectangles.
            0 => {
                skip(rfb, 1)?;
                let count = read_u16(rfb)?;
                for _ in 0..count {
                    let x = read_u16(rfb)?;
                    let y = read_u16(rfb)?;
                    let width = read_u16(rfb)?;
                    let height = read_u16(rfb)?;
                    let encoding = read_u32(rfb)? as i32;
                    match encoding {
                        RAW => skip(rfb, width as u64 * height as u64 * bytes_per_pixel as u64)?,
                        EXTENDED_DESKTOP_SIZE => {
                            // x is the reason, y the status; then the screens.
                            let count = read_u8(rfb)?;
                            skip(rfb, 3)?;
                            let mut screens = Vec::new();
                            for _ in 0..count {
                                let id = read_u32(rfb)?;
                                let screen = Screen::new(
                                    read_u16(rfb)?,
                                    read_u16(rfb)?,
                                    read_u16(rfb)?,
                                    read_u16(rfb)?,
                                );
                                skip(rfb, 4)?; // flags
                                screens.push((id, screen));
                            }
                            let _ = layouts.send(Layout {
                                reason: x,
                                status: y,
                                screens,
                            });
                        }
                        other => {
                            return Err(io::Error::other(format!(
                                "rectangle encoding {other} was not asked for"
                            )))
                        }
                    }
                }
            }
            // SetColourMapEntries: padding, first colour, count, then six bytes a colour.
            1 => {
                skip(rfb, 3)?;
                let colours = read_u16(rfb)?;
                skip(rfb, colours as u64 * 6)?;
            }
            // Bell.
            2 => {}
            // ServerCutText: padding, length, text.
            3 => {
                skip(rfb, 3)?;
                let length = read_u32(rfb)?;
                skip(rfb, length as u64)?;
            }
            other => {
                // Nothing else was asked for; keep draining blindly so the server never blocks.
                eprintln!("xvnc: unexpected server message type {other}; discarding the rest");
                io::copy(rfb, &mut io::sink())?;
                return Ok(());
            }
        }
    }
}

fn skip(rfb: &mut impl Read, bytes: u64) -> io::Result<()> {
    let skipped = io::copy(&mut rfb.take(bytes), &mut io::sink())?;
    if skipped < bytes {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

fn read_u8(rfb: &mut impl Read) -> io::Result<u8> {
    let mut b = [0; 1];
    rfb.read_exact(&mut b)?;
    Ok(b[0])
}

fn read_u16(rfb: &mut impl Read) -> io::Result<u16> {
    let mut b = [0; 2];
    rfb.read_exact(&mut b)?;
    Ok(u16::from_be_bytes(b))
}

fn read_u32(rfb: &mut impl Read) -> io::Result<u32> {
    let mut b = [0; 4];
    rfb.read_exact(&mut b)?;
    Ok(u32::from_be_bytes(b))
}

fn read_string(rfb: &mut impl Read) -> io::Result<String> {
    let length = read_u32(rfb)?;
    let mut text = Vec::new();
    rfb.take(length as u64).read_to_end(&mut text)?;
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// The outputs `xrandr --query` lists as connected and showing something, with their geometry in
/// its order; and the whole answer, for a failure to quote.
fn connected_outputs(display: &str) -> (Vec<(String, String)>, String) {
    let query = Command::new("xrandr")
        .args(["--display", display, "--query"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .expect("xrandr is on PATH (Debian package x11-xserver-utils)");
    let text = String::from_utf8_lossy(&query.stdout).into_owned();
    let outputs = text
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?;
            if line.starts_with(' ') || words.next()? != "connected" {
                return None;
            }
            let geometry = words.find(|w| w.contains('x') && w.contains('+'))?;
            Some((name.to_string(), geometry.to_string()))
        })
        .collect();
    (outputs, text)
}

/// Starts openbox and waits until it has claimed the screen (it sets `_NET_SUPPORTING_WM_CHECK` on
/// the root window), so the kiosk's first window is already managed, as in xtask's display.
fn start_openbox(display: &str, log_dir: &Path) -> Child {
    let log_path = log_dir.join(format!("openbox-{}.log", display.trim_start_matches(':')));
    let log = File::create(&log_path).unwrap();
    let mut child = Command::new("openbox")
        .env("DISPLAY", display)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("openbox is on PATH");
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("openbox exited ({status}); see {}", log_path.display());
        }
        let managed = Command::new("xprop")
            .args(["-display", display, "-root", "_NET_SUPPORTING_WM_CHECK"])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains("window id"));
        if managed {
            return child;
        }
        if started.elapsed() > WM_START_TIMEOUT {
            eprintln!(
                "e2e: openbox has not announced itself on {display} after {WM_START_TIMEOUT:?}; continuing"
            );
            return child;
        }
        sleep(Duration::from_millis(100));
    }
}

/// SIGTERM (so the X server removes its lock and sockets), then SIGKILL if it lingers.
fn stop(child: &mut Child) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .stderr(Stdio::null())
        .status();
    let asked = Instant::now();
    while asked.elapsed() < STOP_TIMEOUT {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}
