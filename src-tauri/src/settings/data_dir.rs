//! Where the kiosk keeps what it writes (settings, PIN, statistics, the fleet's packs, logs): the
//! OS's data folder under the app's identifier, the same one Tauri's `app_data_dir` names, unless
//! `SCREENING_KIOSK_DATA_DIR` names another. Windows reads its data folders from the system, not
//! from `HOME`, so only this variable keeps a test (or a second kiosk user on one machine) apart
//! from the real one.

use std::ffi::OsString;
use std::path::PathBuf;

/// An absolute folder to use instead of the OS's data folder.
pub const DATA_DIR_ENV: &str = "SCREENING_KIOSK_DATA_DIR";

/// The kiosk's data folder, or `None` when the OS names none (no home folder).
pub fn data_dir() -> Option<PathBuf> {
    choose_data_dir(std::env::var_os(DATA_DIR_ENV), dirs::data_dir())
}

/// The log folder when `SCREENING_KIOSK_DATA_DIR` is set (`logs` in it); otherwise Tauri's
/// `app_log_dir`.
pub fn log_dir_override() -> Option<PathBuf> {
    overridden(std::env::var_os(DATA_DIR_ENV)).map(|dir| dir.join("logs"))
}

fn overridden(variable: Option<OsString>) -> Option<PathBuf> {
    // A relative folder would depend on where the kiosk happened to be started from.
    variable.map(PathBuf::from).filter(|dir| dir.is_absolute())
}

fn choose_data_dir(variable: Option<OsString>, os_data: Option<PathBuf>) -> Option<PathBuf> {
    overridden(variable).or_else(|| os_data.map(|dir| dir.join(crate::IDENTIFIER)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn absolute(name: &str) -> PathBuf {
        std::env::temp_dir().join(name)
    }

    #[test]
    fn the_os_data_folder_holds_the_apps_own_folder() {
        let os = absolute("data");
        assert_eq!(
            choose_data_dir(None, Some(os.clone())),
            Some(os.join(crate::IDENTIFIER))
        );
        assert_eq!(choose_data_dir(None, None), None);
    }

    #[test]
    fn an_absolute_folder_in_the_variable_is_used_as_it_is() {
        let chosen = absolute("kiosk-data");
        assert_eq!(
            choose_data_dir(Some(chosen.clone().into()), Some(absolute("data"))),
            Some(chosen.clone())
        );
        assert_eq!(
            choose_data_dir(Some(chosen.clone().into()), None),
            Some(chosen)
        );
    }

    #[test]
    fn a_relative_or_empty_variable_is_ignored() {
        let os = absolute("data");
        for variable in ["kiosk-data", "", "./here"] {
            assert_eq!(
                choose_data_dir(Some(variable.into()), Some(os.clone())),
                Some(os.join(crate::IDENTIFIER)),
                "{variable:?}"
            );
            assert_eq!(overridden(Some(variable.into())), None, "{variable:?}");
        }
    }
}
