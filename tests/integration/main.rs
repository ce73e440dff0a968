//! Integration tests that need no display: the IPC layer on Tauri's mock runtime, the corpus of
//! broken packs and `screening-kiosk check`, the content security policy, the OS supervisor files
//! in `deploy/`, settings surviving a SIGKILL mid-save, and the media server under a hostile local process.
//!
//! One test binary with a module per subject, as ripgrep's tests/ are: each test binary links the
//! whole Tauri stack, so five binaries cost five links. The end-to-end tests (`tests/e2e/`) stay a
//! binary of their own: they run with `--ignored` on a display, one at a time.

#[path = "../util/mod.rs"]
mod util;

mod broken_packs;
mod csp;
mod damaged_media;
mod deploy_files;
#[cfg(target_os = "linux")] // the settings file under ~/.local/share
mod fleet_join;
#[cfg(unix)] // symlinks in status folders
mod fleet_report;
mod ipc;
#[cfg(unix)] // file modes, symlinks, FIFOs and the file-descriptor limit
mod log_file;
#[cfg(unix)]
mod media_server;
#[cfg(unix)]
mod pack_command;
mod release_workflow;
mod settings_power_loss;
mod syncthing_engine;
