//! Unix: the termination signals a supervisor sends end the kiosk in order.

use super::lifecycle::{self, ExitReason};
use tauri::{AppHandle, Runtime};

/// A supervisor stopping the kiosk (systemd's SIGTERM, Ctrl+C in a terminal, a closed terminal) gets
/// the orderly end of the operator's Exit, statistics written first. Exit code 0: a stop is not a
/// failure to restart from.
pub(crate) fn exit_on_termination_signals<R: Runtime>(app: &AppHandle<R>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP]) {
        Ok(signals) => signals,
        Err(e) => {
            log::warn!("termination signals will end the kiosk without saving: {e}");
            return;
        }
    };
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                lifecycle::leave(&app, ExitReason::Signal(signal));
            }
        });
    if let Err(e) = spawned {
        log::warn!("termination signals will end the kiosk without saving: {e}");
    }
}
