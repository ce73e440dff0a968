//! X input, as a visitor's finger or a keyboard gives it: xdotool on the kiosk's display.

use super::Kiosk;
use std::process::Command;
use std::time::Duration;

impl Kiosk {
    /// Runs xdotool on the kiosk's display and returns what it printed.
    pub fn xdotool(&self, args: &[&str]) -> String {
        self.xdotool_may_fail(args)
            .unwrap_or_else(|| panic!("xdotool {args:?}"))
    }

    /// Where the shown window whose title matches `title` (a regular expression, as xdotool takes
    /// it) is and how big, as X has it: `(x, y, width, height)`; `None` while none is shown.
    pub fn window_geometry(&self, title: &str) -> Option<(i32, i32, u32, u32)> {
        let shell = self.xdotool_may_fail(&[
            "search",
            "--onlyvisible",
            "--name",
            title,
            "getwindowgeometry",
            "--shell",
        ])?;
        let value = |key: &str| -> Option<i64> {
            shell
                .lines()
                .find_map(|line| line.strip_prefix(&format!("{key}=")))
                .and_then(|v| v.trim().parse().ok())
        };
        Some((
            value("X")? as i32,
            value("Y")? as i32,
            value("WIDTH")? as u32,
            value("HEIGHT")? as u32,
        ))
    }

    /// Like `xdotool`, `None` when it fails: a search that finds no window fails.
    pub fn xdotool_may_fail(&self, args: &[&str]) -> Option<String> {
        let mut command = Command::new("xdotool");
        if let Some(display) = &self.display {
            command.env("DISPLAY", display);
        }
        let output = command.args(args).output().expect("xdotool is installed");
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Triple-clicks (selects a paragraph, where selection is allowed) at the point a script returns
    /// as `[x, y]`.
    pub async fn triple_click_at(&self, point_script: &str) {
        let point = self.js(point_script).await;
        let (x, y) = (point[0].to_string(), point[1].to_string());
        self.xdotool(&[
            "mousemove",
            &x,
            &y,
            "click",
            "--repeat",
            "3",
            "--delay",
            "80",
            "1",
        ]);
    }

    /// The staff gesture, as a finger would do it on a 1920x1080 screen: hold the top-left corner
    /// for 3 s, then tap the top-right, bottom-right and bottom-left corners.
    pub async fn staff_gesture(&self) {
        self.xdotool(&["mousemove", "20", "20", "mousedown", "1"]);
        tokio::time::sleep(Duration::from_millis(3300)).await;
        self.xdotool(&["mouseup", "1"]);
        for (x, y) in [("1900", "20"), ("1900", "1060"), ("20", "1060")] {
            tokio::time::sleep(Duration::from_millis(400)).await;
            self.xdotool(&["mousemove", x, y, "click", "1"]);
        }
    }
}
