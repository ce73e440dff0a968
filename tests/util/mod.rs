//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

pub mod syncthing;

/// A loopback port nothing listens on (at the moment of asking).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// Waits until `who` listens on loopback `port`; fails after `within`.
pub fn wait_for_port(port: u16, within: std::time::Duration, who: &str) {
    let deadline = std::time::Instant::now() + within;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "{who} did not listen on {port}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn default_pack() -> PathBuf {
    repo_root().join("assets/justice-for-sergei")
}

/// Copies the default pack into a temporary folder so a test can break it without touching the original.
pub fn copy_of_default_pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&default_pack(), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Points HOME at a temporary folder for the rest of this test process, and the kiosk's data
/// folder into it, so the app's settings, PIN and logs never touch the real user's. Windows reads
/// its data folders from the system rather than from HOME: the data folder variable is what keeps
/// them apart there. Call before the app is built; later calls do nothing.
pub fn private_home() {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| {
        let home = tempfile::tempdir().expect("temp home");
        std::env::set_var("HOME", home.path());
        std::env::remove_var("XDG_DATA_HOME");
        std::env::remove_var("XDG_CONFIG_HOME");
        std::env::set_var(
            screening_kiosk_lib::settings::DATA_DIR_ENV,
            home.path().join("kiosk-data"),
        );
        home
    });
}

/// `command` as the user whose home is `home`: the OS's data folders under it, and none named by
/// `SCREENING_KIOSK_DATA_DIR`, which `private_home` sets in this process and a child would inherit.
pub fn as_user_with_home<'a>(
    command: &'a mut std::process::Command,
    home: &Path,
) -> &'a mut std::process::Command {
    command
        .env("HOME", home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_STATE_HOME")
        .env_remove(screening_kiosk_lib::settings::DATA_DIR_ENV)
}

/// Byte 43 of the bundled `trailer.mp4` is its `mvhd` box's size; 0x9e there once made the MP4
/// reader loop forever, as an ordinary bad copy can.
pub const MVHD_SIZE_OFFSET: usize = 43;

/// Damages `trailer/trailer.mp4` in `pack` by one byte, the way that once hung the kiosk.
pub fn damage_the_trailers_mvhd_size(pack: &Path) {
    let path = pack.join("trailer/trailer.mp4");
    let mut bytes = std::fs::read(&path).unwrap();
    assert_eq!(
        bytes[MVHD_SIZE_OFFSET], 0x6c,
        "the bundled trailer changed: find its mvhd size byte again"
    );
    bytes[MVHD_SIZE_OFFSET] = 0x9e;
    std::fs::write(&path, bytes).unwrap();
}
