//! The attract film, whichever engine plays it: the core's native film (`film_status`) or the
//! page's visible `<video>`; and what is really on the X screen, sampled fast enough to see a
//! single black or frozen frame at a loop point.

use super::Kiosk;
use crate::util;
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// `{ engine, url, position, playing, muted, volume, loops }` of the attract film, or null while
/// nothing plays yet.
const ATTRACT_FILM: &str = r#"
const done = arguments[arguments.length - 1];
window.__TAURI__.core.invoke('film_status').then((s) => {
  if (s.native && s.native.role === 'attract') {
    const n = s.native;
    return done({ engine: 'native', url: n.url, position: n.position, playing: n.playing,
      muted: n.volume === null, volume: n.volume ?? 0, loops: n.loops, framesRendered: n.framesRendered });
  }
  const v = document.querySelector('[data-testid="attract-video"]');
  done(v && v.currentSrc ? { engine: 'webview', url: v.currentSrc, position: v.currentTime,
    playing: !v.paused, muted: v.muted, volume: v.volume } : null);
}, (e) => done({ error: e }));
"#;

/// `{ engine, position, duration, paused, muted, volume }` of the visitor's trailer, whichever
/// engine plays it, or null while nothing plays yet.
const TRAILER_FILM: &str = r#"
const done = arguments[arguments.length - 1];
window.__TAURI__.core.invoke('film_status').then((s) => {
  if (s.native && s.native.role === 'trailer') {
    const n = s.native;
    return done({ engine: 'native', position: n.position, duration: n.duration, paused: n.paused,
      muted: n.volume === null, volume: n.volume ?? 0 });
  }
  const v = document.querySelector('[data-testid="trailer-video"]');
  done(v && v.currentSrc ? { engine: 'webview', position: v.currentTime, duration: v.duration,
    paused: v.paused, muted: v.muted, volume: v.volume } : null);
}, (e) => done({ error: e }));
"#;

/// A script expression: the caption text on screen over the trailer, whichever engine plays it
/// (the page's own caption box over a native trailer, the showing track's active cues over its
/// `<video>`), or ''.
pub const SHOWN_CAPTION: &str = r#"(() => {
  const box = document.querySelector('[data-testid="trailer-caption-text"]');
  if (box && !box.hidden && box.textContent) return box.textContent;
  const v = document.querySelector('[data-testid="trailer-video"]');
  const t = v && [...v.textTracks].find((t) => t.mode === 'showing');
  return t && t.activeCues ? [...t.activeCues].map((c) => c.text).join(' ') : '';
})()"#;

impl Kiosk {
    /// The End key on the trailer's progress bar, as a visitor with a keyboard presses it, once
    /// the bar knows the trailer's length (before that the key does nothing, whichever engine).
    pub async fn seek_trailer_to_its_end(&self) {
        self.wait_until(
            "the progress bar to know the trailer's length",
            "!document.querySelector('[data-testid=\"trailer-progress\"]').getAttribute('aria-valuetext').includes('--:--')",
        )
        .await;
        self.js(
            "const bar = document.querySelector('[data-testid=\"trailer-progress\"]'); bar.focus(); \
             bar.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true })); return true",
        )
        .await;
    }

    pub async fn trailer_film(&self) -> Value {
        self.client()
            .execute_async(TRAILER_FILM, vec![])
            .await
            .unwrap_or_else(|e| panic!("film_status: {e}"))
    }

    /// Waits until the trailer satisfies `wanted`; panics with the last state otherwise.
    pub async fn wait_for_trailer(&self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = Value::Null;
        while Instant::now() < deadline {
            last = self.trailer_film().await;
            if !last.is_null() && wanted(&last) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("waited 20 s for the trailer {what}; last: {last}");
    }

    /// The trailer's position, sampled twice, whichever engine plays it; returns the engine.
    pub async fn assert_trailer_advances(&self) -> String {
        let position = |film: &Value| film["position"].as_f64().unwrap_or(0.0);
        let first = self
            .wait_for_trailer("to play past 0.5 s", |f| position(f) > 0.5)
            .await;
        let deadline = Instant::now() + Duration::from_millis(1500);
        let second = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            tokio::time::sleep(left.min(Duration::from_millis(100))).await;
            let second = self.trailer_film().await;
            if position(&second) > position(&first) + 0.5 || Instant::now() >= deadline {
                break second;
            }
        };
        let (a, b) = (position(&first), position(&second));
        assert!(
            b > a + 0.5,
            "the trailer ({}) went {a} -> {b}",
            first["engine"]
        );
        first["engine"].as_str().unwrap_or_default().to_string()
    }

    pub async fn attract_film(&self) -> Value {
        self.client()
            .execute_async(ATTRACT_FILM, vec![])
            .await
            .unwrap_or_else(|e| panic!("film_status: {e}"))
    }

    /// Waits until the attract film satisfies `wanted`; panics with the last state otherwise.
    pub async fn wait_for_attract_film(
        &self,
        what: &str,
        wanted: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = Value::Null;
        while Instant::now() < deadline {
            last = self.attract_film().await;
            if !last.is_null() && wanted(&last) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("waited 20 s for the attract film {what}; last: {last}");
    }

    /// The attract film's position, sampled twice, whichever engine plays it: proves that it
    /// plays, not just that it claims to. Like `assert_video_advances`.
    pub async fn assert_attract_film_advances(&self) -> (f64, f64) {
        let position = |film: &Value| film["position"].as_f64().unwrap_or(0.0);
        let first = self
            .wait_for_attract_film("to play past 0.5 s", |f| position(f) > 0.5)
            .await;
        let deadline = Instant::now() + Duration::from_millis(1500);
        let second = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            tokio::time::sleep(left.min(Duration::from_millis(100))).await;
            let last_chance = Instant::now() >= deadline;
            let second = self.attract_film().await;
            // A loop point in between also shows that it plays.
            if position(&second) > position(&first) + 0.5
                || position(&second) < position(&first) - 1.0
                || last_chance
            {
                break second;
            }
        };
        let (a, b) = (position(&first), position(&second));
        assert!(
            b > a + 0.5 || b < a - 1.0,
            "the attract film ({}) went {a} -> {b}",
            first["engine"]
        );
        (a, b)
    }

    /// What the middle of the X screen shows for `span`: one sample every few milliseconds
    /// (examples/screen_sampler.rs).
    pub fn sample_screen_centre(&self, span: Duration) -> Vec<ScreenSample> {
        let mut sampler = Command::new(sampler());
        if let Some(display) = &self.display {
            sampler.env("DISPLAY", display);
        }
        let out = sampler
            .arg(span.as_secs_f64().to_string())
            .stderr(Stdio::inherit())
            .output()
            .expect("the screen sampler runs");
        assert!(out.status.success(), "the screen sampler failed");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|line| {
                let mut fields = line.split(' ');
                Some(ScreenSample {
                    at: Duration::from_millis(fields.next()?.parse().ok()?),
                    brightness: fields.next()?.parse().ok()?,
                    digest: u64::from_str_radix(fields.next()?, 16).ok()?,
                })
            })
            .collect()
    }
}

/// One look at a 64x64 square in the middle of the screen.
#[derive(Debug, Clone, Copy)]
pub struct ScreenSample {
    pub at: Duration,
    /// Mean of the square's grey levels, 0-255.
    pub brightness: f64,
    /// Changes whenever any pixel of the square does.
    pub digest: u64,
}

/// The sampler, built once per test run.
fn sampler() -> &'static PathBuf {
    static SAMPLER: OnceLock<PathBuf> = OnceLock::new();
    SAMPLER.get_or_init(|| {
        let built = Command::new(env!("CARGO"))
            .args(["build", "--example", "screen_sampler"])
            .current_dir(util::repo_root())
            .status()
            .unwrap();
        assert!(built.success(), "the screen sampler example builds");
        std::env::current_exe()
            .unwrap()
            .parent()
            .and_then(|deps| deps.parent())
            .unwrap()
            .join("examples/screen_sampler")
    })
}
