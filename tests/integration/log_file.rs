//! The kiosk's log file, as tauri-plugin-log writes it with the kiosk's settings: readable by the
//! kiosk's user only, one line per record, no media token in it. In a process of its own, since the
//! logger and the umask are process-wide.

use crate::util;
use screening_kiosk_lib::{build_app, unattended::lifecycle, KioskOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

const LOGGER_ENV: &str = "SCREENING_KIOSK_LOG_FILE_PROCESS";

fn log_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|x| x == "log"))
        .collect()
}

#[test]
#[ignore = "the logging process of the_log_file_is_private_and_holds_no_token_or_escape_sequence"]
fn logging_kiosk_process() {
    use std::os::unix::fs::PermissionsExt;
    assert!(
        std::env::var_os(LOGGER_ENV).is_some(),
        "spawned by the log file test"
    );
    util::private_home();
    let builder = tauri::test::mock_builder().plugin(lifecycle::log_plugin());
    let options = KioskOptions {
        content_dir: Some(util::default_pack()),
        ..Default::default()
    };
    let mut app = build_app(builder, options).expect("the kiosk builds with its logger");
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let token = "0123456789abcdef0123456789abcdef";
    log::warn!("media error on http://127.0.0.1:1/{token}/media/1-poster\n[forged]\x1b[2J");
    log::logger().flush();

    // `private_home` names the data folder, and with it the log folder.
    let dir = screening_kiosk_lib::settings::log_dir_override().expect("a private data folder");
    let files = log_files(&dir);
    assert!(!files.is_empty(), "no log file in {}", dir.display());
    for file in files {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{} has mode {mode:o}", file.display());
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains(token), "a media token in the log:\n{text}");
        assert!(
            !text.contains('\x1b'),
            "an escape sequence in the log:\n{text}"
        );
        assert!(
            !text.lines().any(|line| line.starts_with("[forged]")),
            "a forged line in the log:\n{text}"
        );
        assert!(
            text.contains("/[token]/media/1-poster\\n[forged]\\u{1b}[2J"),
            "{text}"
        );
    }
}

#[test]
fn the_log_file_is_private_and_holds_no_token_or_escape_sequence() {
    let module = module_path!()
        .split_once("::")
        .map_or("", |(_crate, module)| module);
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            &format!("{module}::logging_kiosk_process"),
            "--test-threads=1",
        ])
        .env(LOGGER_ENV, "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the logging process failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
