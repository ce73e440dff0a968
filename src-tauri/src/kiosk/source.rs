//! Where the pack on show comes from and how a new one gets in: the content folder (command line,
//! then the operator's setting, then the bundled pack), watched for changes; every pack offered is
//! validated in full off the UI thread, and only a valid one replaces the pack on show.

use super::showing::PackState;
use super::watch::{self, PackWatcher};
use crate::content::{self, LoadError, Pack};
use crate::events::PACK_CHANGED_EVENT;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// Where the pack comes from: the command line wins, then the operator's setting, then the pack
/// bundled with the app.
pub struct ContentSource {
    bundled: PathBuf,
    from_command_line: bool,
    current: Mutex<PathBuf>,
}

impl ContentSource {
    pub fn new(bundled: PathBuf, command_line: Option<PathBuf>, setting: Option<PathBuf>) -> Self {
        let from_command_line = command_line.is_some();
        let current = command_line.or(setting).unwrap_or_else(|| bundled.clone());
        Self {
            bundled,
            from_command_line,
            current: Mutex::new(current),
        }
    }

    /// The pack bundled with the app.
    pub fn bundled(&self) -> &Path {
        &self.bundled
    }

    /// Whether `--content` named the folder (then the operator's setting waits for the next start).
    pub fn named_on_command_line(&self) -> bool {
        self.from_command_line
    }

    pub fn current(&self) -> PathBuf {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Validates the pack in `dir` in full and installs it if it is good; otherwise the pack already
/// shown stays and the report is logged and kept for the operator. Returns the new generation, if
/// any, and the verdict the operator panel shows.
pub fn offer_pack(packs: &PackState, dir: &Path) -> (Option<u64>, FolderReport) {
    let loaded = content::load(dir);
    let verdict = verdict(dir, &loaded);
    match loaded {
        Ok(pack) => {
            for warning in &pack.warnings {
                log::warn!("content pack {}: {warning}", dir.display());
            }
            let generation = packs.install(pack);
            log::info!(
                "content pack {} installed (generation {generation})",
                dir.display()
            );
            (Some(generation), verdict)
        }
        Err(_) => {
            let kept = if packs.generation().is_some() {
                "; still showing the last good pack"
            } else {
                ""
            };
            log::error!("content pack refused{kept}: {}", verdict.report);
            eprintln!(
                "screening-kiosk: content pack refused{kept}: {}",
                verdict.report
            );
            packs.refuse(verdict.report.clone());
            (None, verdict)
        }
    }
}

/// Like `offer_pack`, and tells the UI when a new pack was installed.
pub(crate) fn offer_and_announce<R: Runtime>(app: &AppHandle<R>, dir: &Path) -> FolderReport {
    let (generation, verdict) = offer_pack(&app.state::<PackState>(), dir);
    if let Some(generation) = generation {
        if let Err(e) = app.emit(PACK_CHANGED_EVENT, generation) {
            log::error!("cannot tell the UI about the new pack: {e}");
        }
    }
    verdict
}

/// Keeps the watcher of the current content folder alive.
#[derive(Default)]
pub struct ContentWatch(Mutex<Option<PackWatcher>>);

/// Reloads the pack whenever its folder changes and settles. Validation runs on the watcher's
/// thread, never the UI's; the UI is told only about packs that passed.
pub fn watch_content<R: Runtime>(app: &AppHandle<R>, dir: PathBuf) {
    let handle = app.clone();
    let watched = dir.clone();
    let watcher = watch::watch(&dir, move || {
        offer_and_announce(&handle, &watched);
    });
    let slot = app.state::<ContentWatch>();
    let mut slot = slot.0.lock().unwrap_or_else(PoisonError::into_inner);
    match watcher {
        Ok(watcher) => *slot = Some(watcher),
        Err(e) => {
            *slot = None;
            log::warn!(
                "not watching {} for changes ({e}); use Reload in the operator panel after changing the pack",
                dir.display()
            )
        }
    }
}

/// A pack folder's verdict for the operator: the same report `screening-kiosk check` gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FolderReport {
    pub ok: bool,
    pub report: String,
}

/// `check` for a folder the operator typed, without installing anything.
pub fn check_folder(dir: &Path) -> FolderReport {
    if !dir.is_absolute() {
        return FolderReport {
            ok: false,
            report: format!("{} is not an absolute path", dir.display()),
        };
    }
    verdict(dir, &content::load(dir))
}

/// The report of one validation of the pack in `dir`: the refusal kept for the operator, or the
/// warnings of a valid pack.
fn verdict(dir: &Path, loaded: &std::result::Result<Pack, LoadError>) -> FolderReport {
    match loaded {
        Ok(pack) => {
            let mut report = format!(
                "{}: a valid content pack, {} warning(s)",
                dir.display(),
                pack.warnings.len()
            );
            for warning in &pack.warnings {
                report.push_str(&format!("\n{warning}"));
            }
            FolderReport { ok: true, report }
        }
        Err(e) => FolderReport {
            ok: false,
            report: format!("{}:\n{e}", dir.display()),
        },
    }
}

/// The operator's Reload: validates the current folder now (once) and installs it if good.
pub fn reload<R: Runtime>(app: &AppHandle<R>) -> FolderReport {
    offer_and_announce(app, &app.state::<ContentSource>().current())
}

/// The fleet delivered a pack into the kiosk's own store: it is offered like any folder, and
/// becomes the folder the kiosk shows (and Reload checks) only once it was installed, so a refused
/// pack never replaces the last good one. The command line still wins.
pub fn adopt_folder<R: Runtime>(app: &AppHandle<R>, dir: PathBuf) -> FolderReport {
    let source = app.state::<ContentSource>();
    if source.from_command_line {
        return FolderReport {
            ok: false,
            report:
                "--content names the folder to show; the fleet's pack waits for a start without it"
                    .into(),
        };
    }
    let verdict = offer_and_announce(app, &dir);
    if verdict.ok {
        *source
            .current
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = dir.clone();
        log::info!("content folder is now {}", dir.display());
        watch_content(app, dir);
    }
    verdict
}

/// The operator chose another content folder: it is shown (if valid) and watched from now on,
/// unless the command line named one, which wins until the next start.
pub fn switch_content<R: Runtime>(app: &AppHandle<R>, setting: Option<PathBuf>) {
    let source = app.state::<ContentSource>();
    if source.from_command_line {
        log::warn!(
            "content folder setting saved; it applies from the next start without --content"
        );
        return;
    }
    let dir = setting.unwrap_or_else(|| source.bundled.clone());
    *source
        .current
        .lock()
        .unwrap_or_else(PoisonError::into_inner) = dir.clone();
    log::info!("content folder is now {}", dir.display());
    offer_and_announce(app, &dir);
    watch_content(app, dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_wins_over_the_setting_which_wins_over_the_bundled_pack() {
        let bundled = PathBuf::from("/opt/kiosk/pack");
        let setting = Some(PathBuf::from("/media/usb/pack"));
        let cli = Some(PathBuf::from("/srv/pack"));
        assert_eq!(
            ContentSource::new(bundled.clone(), cli.clone(), setting.clone()).current(),
            PathBuf::from("/srv/pack")
        );
        assert_eq!(
            ContentSource::new(bundled.clone(), None, setting).current(),
            PathBuf::from("/media/usb/pack")
        );
        assert_eq!(
            ContentSource::new(bundled.clone(), None, None).current(),
            bundled
        );
    }

    #[test]
    fn a_folder_check_names_the_folder_and_its_problems() {
        let relative = check_folder(Path::new("pack"));
        assert!(!relative.ok && relative.report.contains("not an absolute path"));
        let empty = tempfile::tempdir().unwrap();
        let verdict = check_folder(empty.path());
        assert!(!verdict.ok);
        assert!(
            verdict.report.contains(&empty.path().display().to_string()),
            "{}",
            verdict.report
        );
        assert!(
            verdict.report.contains("manifest.toml"),
            "{}",
            verdict.report
        );
    }
}
