//! The kiosk's one way out. Every deliberate end (the operator's Exit, a supervisor's signal, the
//! watchdog giving up, the daily restart) goes through `leave`, which logs why, saves the
//! statistics, lets the window close and exits with the code the OS supervisor acts on.

use super::stats::PlayStats;
use crate::content::printable;
use crate::kiosk::CloseGuard;
use crate::media::redact_tokens;
use std::time::Duration;
use tauri::{AppHandle, Manager, RunEvent, Runtime};

/// The watchdog gave up on this process: the OS supervisor (systemd `Restart=on-failure`, Shell
/// Launcher's restart action, launchd `KeepAlive`) starts a fresh one.
pub const EXIT_WATCHDOG: i32 = 3;
/// The operator's daily restart time came (restarted the same way).
pub const EXIT_SCHEDULED_RESTART: i32 = 4;

/// Why the kiosk leaves; each reason has its exit code and its log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExitReason {
    /// The operator's Exit in the panel. Code 0, so a supervisor configured to restart on failure
    /// leaves the kiosk closed.
    OperatorExit,
    /// A supervisor stopping the kiosk (systemd's SIGTERM, Ctrl+C, a closed terminal). Code 0: a
    /// stop is not a failure to restart from.
    Signal(i32),
    /// The watchdog's last step, after the fault it names.
    WatchdogGaveUp { fault: String },
    /// The operator's daily restart.
    ScheduledRestart,
}

impl ExitReason {
    pub fn code(&self) -> i32 {
        match self {
            ExitReason::OperatorExit | ExitReason::Signal(_) => 0,
            ExitReason::WatchdogGaveUp { .. } => EXIT_WATCHDOG,
            ExitReason::ScheduledRestart => EXIT_SCHEDULED_RESTART,
        }
    }

    fn log(&self) {
        let code = self.code();
        match self {
            ExitReason::OperatorExit => log::info!("operator exited the kiosk"),
            ExitReason::Signal(signal) => {
                log::info!("signal {signal} received: saving the statistics and exiting")
            }
            ExitReason::WatchdogGaveUp { fault } => log::error!(
                "watchdog: {fault}; recreating the window did not help, exiting with code {code} for the OS to restart the kiosk"
            ),
            ExitReason::ScheduledRestart => log::info!(
                "scheduled daily restart: exiting with code {code} for the OS to start the kiosk again"
            ),
        }
    }
}

/// Ends the kiosk in order: the log line, the statistics saved, the window allowed to close, then
/// the exit with `reason`'s code.
pub fn leave<R: Runtime>(app: &AppHandle<R>, reason: ExitReason) {
    reason.log();
    flush_stats(app);
    super::one_copy::record_exit(&reason);
    if let Some(guard) = app.try_state::<CloseGuard>() {
        guard.allow_exit();
    }
    app.exit(reason.code());
}

/// How much counting a power cut may lose.
const STATS_FLUSH_INTERVAL: Duration = Duration::from_secs(60);

/// Writes the statistics to disk now and then, and whenever the kiosk exits.
pub fn start_stats_flusher<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    std::thread::Builder::new()
        .name("stats-flush".into())
        .spawn(move || loop {
            std::thread::sleep(STATS_FLUSH_INTERVAL);
            flush_stats(&app);
        })
        .map(|_| ())
        .unwrap_or_else(|e| log::error!("statistics will only be saved at exit: {e}"));
}

pub fn flush_stats<R: Runtime>(app: &AppHandle<R>) {
    if let Err(e) = app.state::<PlayStats>().flush() {
        log::error!("cannot save the statistics: {e}");
    }
}

/// Every way out, including ones that bypass `leave`, keeps today's counts.
pub fn on_run_event<R: Runtime>(app: &AppHandle<R>, event: &RunEvent) {
    if let RunEvent::Exit = event {
        flush_stats(app);
    }
}

const LOG_FILE_BYTES: u128 = 2 * 1024 * 1024;
const LOG_FILES_KEPT: usize = 4;

/// The kiosk's log: ten days of an unattended kiosk must fit, so 2 MB files, the current one plus 4
/// older (the plugin's default is a single 40 KB file that loses last night's restart by noon).
///
/// Every line is one line: control characters (from the page's own messages, a pack's file names)
/// are escaped and media tokens redacted. The plugin creates its files with the default mode, so on
/// Unix this also narrows the process's umask: the log, like every file the kiosk writes, is
/// readable by its own user only. Call it before any thread is started.
pub fn log_plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_bits_truncate(0o077));
    let mut builder = tauri_plugin_log::Builder::new();
    if let Some(path) = crate::settings::log_dir_override() {
        use tauri_plugin_log::{Target, TargetKind};
        builder = builder.targets([
            Target::new(TargetKind::Stdout),
            Target::new(TargetKind::Folder {
                path,
                file_name: None,
            }),
        ]);
    }
    builder
        .level(log::LevelFilter::Info)
        .max_file_size(LOG_FILE_BYTES)
        .rotation_strategy(tauri_plugin_log::RotationStrategy::KeepSome(LOG_FILES_KEPT))
        .timezone_strategy(tauri_plugin_log::TimezoneStrategy::UseLocal)
        // After the timezone, which sets a format of its own; the same layout as the plugin's.
        .format(|out, message, record| {
            let message = message.to_string();
            out.finish(format_args!(
                "{}[{}][{}] {}",
                chrono::Local::now().format("[%Y-%m-%d][%H:%M:%S]"),
                record.level(),
                record.target(),
                log_line(&message)
            ))
        })
        .build()
}

/// A log message as it is written: tokens redacted, control characters escaped.
pub fn log_line(message: &str) -> String {
    printable(&redact_tokens(message)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_line_is_one_line_without_tokens_or_escape_sequences() {
        let token = "0123456789abcdef0123456789abcdef";
        let message = format!(
            "media error on http://127.0.0.1:4242/{token}/media/1-trailer-0\n[2099-01-01][INFO] forged\x1b[2J\r"
        );
        let line = log_line(&message);
        assert!(!line.contains(token), "{line}");
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert!(
            line.contains("/[token]/media/1-trailer-0\\n[2099-01-01][INFO] forged\\u{1b}[2J\\r"),
            "{line}"
        );
    }
}
