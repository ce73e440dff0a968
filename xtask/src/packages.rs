//! System packages on Debian and Ubuntu: checked with `dpkg-query`, installed with `apt-get`.

use std::process::{Command, Stdio};

use crate::{run_status, Error};

/// What the kiosk needs to build and to play its trailer (WebKitGTK, GStreamer codecs, a font).
pub const RUNTIME: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "libsoup-3.0-dev",
    "file",
    "gstreamer1.0-plugins-good",
    "gstreamer1.0-plugins-bad",
    "gstreamer1.0-libav",
    // The attract film's native path: gtksink, and the headers gstreamer-rs builds against.
    "gstreamer1.0-gtk3",
    "libgstreamer1.0-dev",
    "fonts-dejavu-core",
];

/// What the end-to-end layer needs on top: a virtual display, a window manager that honours
/// full-screen, WebKitWebDriver, X tools for poking at the display, and a session bus; TigerVNC's
/// X server and xrandr, for the tests with monitors that come and go (tests/e2e/harness/xvnc.rs);
/// for the installer step, `ip` to bring loopback up in its network namespace (`unshare` and
/// `setpriv` come with util-linux, which Debian always has); gdb, for the threads of a kiosk that
/// hangs.
pub const TEST: &[&str] = &[
    "xvfb",
    "tigervnc-standalone-server",
    "x11-xserver-utils",
    "xauth",
    "webkit2gtk-driver",
    "openbox",
    "xdotool",
    "imagemagick",
    "x11-utils",
    "dbus-daemon",
    "iproute2",
    "gdb",
];

/// The real outside engines the unit and integration layers run against, with or without the
/// end-to-end layer: Syncthing, which carries a fleet's packs and status
/// (tests/integration/syncthing_engine.rs and the fleet's end-to-end tests start their own
/// instances on loopback), and sway, a wlroots compositor a Wayland kiosk switches its display
/// off through (kiosk/platform/wayland.rs starts a headless one).
pub const ENGINES: &[&str] = &["syncthing", "sway"];

/// What `cargo xtask soak` needs on top of RUNTIME: ffmpeg to encode its clip, and the private
/// display and session bus the end-to-end layer uses too.
pub const SOAK: &[&str] = &["ffmpeg", "xvfb", "openbox", "x11-utils", "dbus-daemon"];

/// What `cargo xtask bench` needs on top of RUNTIME: the contenders (Chromium, mpv), ffmpeg for
/// the test clip, a display, and xwd (x11-apps) to read the screen's pixels.
pub const BENCH: &[&str] = &[
    "chromium",
    "mpv",
    "ffmpeg",
    "xvfb",
    "xauth",
    "openbox",
    "x11-utils",
    "x11-apps",
    "dbus-daemon",
];

/// Installs whichever of `packages` are missing. Does nothing (but say so) where `apt` does not apply.
pub fn ensure(packages: &[&str]) -> Result<(), Error> {
    if !cfg!(target_os = "linux") {
        println!("xtask: not Linux; skipping system packages (see README.md, Requirements)");
        return Ok(());
    }
    if !on_path("dpkg-query") || !on_path("apt-get") {
        println!(
            "xtask: not a Debian/Ubuntu system; skipping system packages. Install the equivalents of: {}",
            packages.join(" ")
        );
        return Ok(());
    }

    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|pkg| !is_installed(pkg))
        .collect();
    if missing.is_empty() {
        println!(
            "xtask: all {} system packages already installed",
            packages.len()
        );
        return Ok(());
    }
    println!(
        "xtask: installing missing system packages: {}",
        missing.join(" ")
    );

    let sudo = !is_root();
    if sudo && !on_path("sudo") {
        return Err(Error(format!(
            "not root and `sudo` is not available; install these packages and retry: {}",
            missing.join(" ")
        )));
    }
    run_status(&mut apt(sudo, &["update"]))?;
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend(&missing);
    run_status(&mut apt(sudo, &install))?;

    let still_missing: Vec<&str> = missing.into_iter().filter(|p| !is_installed(p)).collect();
    if !still_missing.is_empty() {
        return Err(Error(format!(
            "apt-get finished but these packages are still not installed: {}",
            still_missing.join(" ")
        )));
    }
    Ok(())
}

/// `dpkg-query -W -f='${Status}' PKG` says "install ok installed" for an installed package; it
/// fails, or reports another state (e.g. "deinstall ok config-files"), for anything else.
pub fn is_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|out| status_says_installed(&String::from_utf8_lossy(&out.stdout)))
}

fn status_says_installed(status: &str) -> bool {
    status.contains("install ok installed")
}

pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// `sudo` resets the environment, so the variable is set through `env` on the far side of it.
fn apt(sudo: bool, args: &[&str]) -> Command {
    let mut cmd = if sudo {
        let mut c = Command::new("sudo");
        c.args(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        c
    } else {
        let mut c = Command::new("apt-get");
        c.env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    cmd.args(args).stdin(Stdio::null());
    cmd
}

/// Whether an executable called `name` is in a directory on `PATH`.
pub fn on_path(name: &str) -> bool {
    find_on_path(name).is_some()
}

pub fn find_on_path(name: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        let candidates = if cfg!(windows) {
            vec![dir.join(format!("{name}.exe")), dir.join(name)]
        } else {
            vec![dir.join(name)]
        };
        candidates.into_iter().find(|p| p.is_file())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_fully_installed_status_counts() {
        assert!(status_says_installed("install ok installed"));
        assert!(!status_says_installed("deinstall ok config-files"));
        assert!(!status_says_installed("install ok unpacked"));
        assert!(!status_says_installed(""));
    }

    #[test]
    fn package_sets_do_not_overlap() {
        assert!(RUNTIME.iter().all(|p| !TEST.contains(p)));
    }
}
