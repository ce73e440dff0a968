//! The monitors: which are connected, as the operator panel lists them, and covering the chosen one
//! (by name, falling back to the primary when it is not connected).

use serde::Serialize;
use tauri::{Runtime, WebviewWindow};

/// A monitor as the operator panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DisplayView {
    pub name: String,
    pub width: u32,
    pub height: u32,
    pub primary: bool,
}

/// The name a monitor is listed and chosen by: the OS's name, else its place in the list (some
/// drivers and virtual monitors have no name).
fn display_name(index: usize, monitor: &tauri::Monitor) -> String {
    monitor
        .name()
        .cloned()
        .unwrap_or_else(|| format!("Display {}", index + 1))
}

/// The index of the display named `wanted` among `names`; `None` (use the primary) when it is not
/// connected. A name is matched exactly, so "HDMI-1" never picks "HDMI-10".
fn pick_display(names: &[String], wanted: &str) -> Option<usize> {
    names.iter().position(|name| name == wanted)
}

/// The monitors connected now, as the kiosk window sees them (asked through the window, which every
/// runtime answers, the test runtime included).
pub fn displays<R: Runtime>(window: &WebviewWindow<R>) -> Vec<DisplayView> {
    let primary = window.primary_monitor().ok().flatten();
    window
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, monitor)| DisplayView {
            name: display_name(index, monitor),
            width: monitor.size().width,
            height: monitor.size().height,
            primary: primary
                .as_ref()
                .is_some_and(|p| p.position() == monitor.position() && p.size() == monitor.size()),
        })
        .collect()
}

/// Moves the kiosk over the whole of the monitor named `display`, or the primary monitor when it is
/// `None` or not connected (a kiosk whose second screen was unplugged must still show something).
/// Without a window manager `fullscreen` is ignored, so the window is also placed explicitly.
pub fn cover_display<R: Runtime>(
    window: &WebviewWindow<R>,
    display: Option<&str>,
) -> tauri::Result<()> {
    let mut monitors = window.available_monitors()?;
    let names: Vec<String> = monitors
        .iter()
        .enumerate()
        .map(|(index, m)| display_name(index, m))
        .collect();
    let chosen = display.and_then(|wanted| {
        let index = pick_display(&names, wanted);
        if index.is_none() {
            log::warn!("display {wanted:?} is not connected; using the primary display");
        }
        index
    });
    let monitor = match chosen {
        Some(index) => Some(monitors.swap_remove(index)),
        None => window.primary_monitor()?.or(window.current_monitor()?),
    };
    if let Some(monitor) = monitor {
        log::info!(
            "filling a {}x{} display at {},{} (connected: {names:?})",
            monitor.size().width,
            monitor.size().height,
            monitor.position().x,
            monitor.position().y,
        );
        let elsewhere = window
            .current_monitor()?
            .is_some_and(|current| current.position() != monitor.position());
        // Fullscreen pins a window to its monitor; it is lifted for a move and set again.
        if elsewhere {
            window.set_fullscreen(false)?;
        }
        window.set_position(*monitor.position())?;
        window.set_size(*monitor.size())?;
        if elsewhere {
            window.set_fullscreen(true)?;
        }
    }
    window.set_focus()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_display_is_found_by_its_exact_name_and_a_missing_one_falls_back() {
        let names: Vec<String> = ["HDMI-10", "HDMI-1", "Display 3"]
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(pick_display(&names, "HDMI-1"), Some(1));
        assert_eq!(pick_display(&names, "Display 3"), Some(2));
        assert_eq!(pick_display(&names, "DP-2"), None, "unplugged: the primary");
    }
}
