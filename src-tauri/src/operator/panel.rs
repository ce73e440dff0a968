//! What the operator panel shows: the settings, the displays, where the pack comes from and how it
//! fared, today's statistics, and the newest lines of the log.

use super::log_tail;
use crate::kiosk::{self, ContentSource, DisplayView, PackState, MAIN_WINDOW};
use crate::settings::{Settings, SettingsState};
use crate::unattended::stats::StatsView;
use crate::unattended::PlayStats;
use serde::Serialize;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentView {
    pub dir: PathBuf,
    pub from_command_line: bool,
    pub bundled: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackPanel {
    pub generation: Option<u64>,
    pub title: Option<String>,
    pub languages: Vec<String>,
    /// Why the last pack offered was refused.
    pub report: Option<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelView {
    pub settings: Settings,
    pub displays: Vec<DisplayView>,
    pub content: ContentView,
    pub pack: PackPanel,
    pub stats: StatsView,
    pub autostart_available: bool,
    pub version: String,
    /// The newest lines of the kiosk's log, oldest first.
    pub log_lines: Vec<String>,
    pub log_file: Option<PathBuf>,
    /// The kiosk's place in a festival's fleet; `None` for a kiosk on its own.
    pub fleet: Option<crate::fleet::FleetPanel>,
    /// `on`, `asleep` (switched off outside opening hours), `blanked` (outside them where nothing
    /// can switch it off: a black slate), or `unmanaged` (a windowed launch).
    pub display_power: &'static str,
}

/// Enough to see the last restart or refusal, few enough to read on the panel.
const PANEL_LOG_LINES: usize = 40;

/// Everything the operator panel shows, read fresh each time it opens.
pub fn panel<R: Runtime>(app: &AppHandle<R>) -> PanelView {
    // tauri-plugin-log names the file after the product.
    let log_file = crate::settings::log_dir_override()
        .or_else(|| app.path().app_log_dir().ok())
        .map(|dir| dir.join(format!("{}.log", app.package_info().name)));
    let source = app.state::<ContentSource>();
    let dir = source.current();
    let packs = app.state::<PackState>();
    let summary = packs.summary();
    PanelView {
        settings: app.state::<SettingsState>().stored(),
        displays: app
            .get_webview_window(MAIN_WINDOW)
            .map(|window| kiosk::displays(&window))
            .unwrap_or_default(),
        content: ContentView {
            bundled: dir == source.bundled(),
            from_command_line: source.named_on_command_line(),
            dir,
        },
        pack: PackPanel {
            generation: summary.as_ref().map(|s| s.generation),
            title: summary.as_ref().map(|s| s.title.clone()),
            languages: summary
                .as_ref()
                .map(|s| s.languages.clone())
                .unwrap_or_default(),
            report: packs.refusal(),
            warnings: summary.map(|s| s.warnings).unwrap_or_default(),
        },
        stats: app
            .state::<PlayStats>()
            .view(chrono::Local::now().date_naive()),
        autostart_available: app
            .try_state::<tauri_plugin_autostart::AutoLaunchManager>()
            .is_some(),
        version: app.package_info().version.to_string(),
        log_lines: log_file
            .as_deref()
            .map(|path| log_tail::last_lines(path, PANEL_LOG_LINES))
            .unwrap_or_default(),
        log_file,
        fleet: crate::fleet::panel(app),
        display_power: match app.try_state::<kiosk::DisplayAwake>().map(|a| a.state()) {
            None => "unmanaged",
            Some(kiosk::DisplayPowerState::On) => "on",
            Some(kiosk::DisplayPowerState::Asleep) => "asleep",
            Some(kiosk::DisplayPowerState::Blanked) => "blanked",
        },
    }
}
