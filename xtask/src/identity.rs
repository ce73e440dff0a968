//! The app's name and identifier as tauri.conf.json gives them, so xtask finds a kiosk's data
//! folder and log without repeating either (xtask builds nothing of the app to ask it).

use std::path::{Path, PathBuf};

const CONFIG: &str = include_str!("../../tauri.conf.json");

/// The string value of the first `"key": "..."` in tauri.conf.json (both keys are top-level and
/// come before any nested one of the same name).
fn config_string(key: &str) -> &'static str {
    let after_key = CONFIG
        .split_once(&format!("\"{key}\""))
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("tauri.conf.json has no {key}"));
    let value = after_key
        .split_once('"')
        .and_then(|(_, rest)| rest.split_once('"'))
        .unwrap_or_else(|| panic!("tauri.conf.json's {key} is not a string"));
    value.0
}

/// Where a Linux kiosk run with `HOME=home` keeps its settings, statistics and logs.
pub fn data_dir(home: &Path) -> PathBuf {
    home.join(".local/share").join(config_string("identifier"))
}

/// The kiosk's log file under `HOME=home` (tauri-plugin-log names it after the product).
pub fn log_file(home: &Path) -> PathBuf {
    data_dir(home)
        .join("logs")
        .join(format!("{}.log", config_string("productName")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_folder_and_log_are_named_by_the_tauri_config() {
        assert_eq!(
            log_file(Path::new("/home/k")),
            Path::new("/home/k/.local/share/org.screeningkiosk.kiosk/logs/Screening Kiosk.log")
        );
    }
}
