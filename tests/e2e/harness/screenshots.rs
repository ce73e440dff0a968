//! Screenshots of the whole X screen or of one monitor, as a visitor would see it, for people to
//! look at (and compare).

use super::Kiosk;
use crate::util;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

impl Kiosk {
    /// Captures the whole X screen, as a visitor would see it, once screen transitions have settled
    /// (at most the 1.5 s a screenshot used to wait for them).
    pub async fn screenshot(&self, name: &str) {
        self.settle(Duration::from_millis(1500)).await;
        let file = screenshot_file(name);
        assert!(self.grab_screen(&file), "screenshot {name} failed");
    }

    /// Like `screenshot`, of one monitor's part of the X screen (`area` as xrandr writes a
    /// monitor's geometry, `1280x720+1920+0`): what that monitor shows.
    pub async fn screenshot_monitor(&self, name: &str, area: &str) {
        self.settle(Duration::from_millis(1500)).await;
        let file = screenshot_file(name);
        let mut import = Command::new("import");
        if let Some(display) = &self.display {
            import.env("DISPLAY", display);
        }
        let grabbed = import
            .args(["-window", "root", "-crop", area, "+repage"])
            .arg(&file)
            .status()
            .expect("ImageMagick's import is installed");
        assert!(grabbed.success(), "screenshot {name} of {area} failed");
    }

    /// The kiosk's X screen as it is now, written to `file` (PNG) with ImageMagick's `import`;
    /// whether that worked.
    pub fn grab_screen(&self, file: &Path) -> bool {
        let mut import = Command::new("import");
        if let Some(display) = &self.display {
            import.env("DISPLAY", display);
        }
        import
            .args(["-window", "root"])
            .arg(file)
            .status()
            .expect("ImageMagick's import is installed")
            .success()
    }
}

/// Where the screenshot `name` goes: `SCREENING_KIOSK_SCREENSHOTS`, else `screenshots/`.
fn screenshot_file(name: &str) -> PathBuf {
    let dir = std::env::var_os("SCREENING_KIOSK_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| util::repo_root().join("screenshots"));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{name}.png"))
}
