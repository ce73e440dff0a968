//! The attract film and the trailer, whichever engine plays them: the core's native film
//! (`film_status`) or the page's visible `<video>`; and what is really on the X screen, sampled
//! fast enough to see a single black or frozen frame at a loop point.

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

/// The two films a kiosk plays, each read with its own script.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Film {
    Attract,
    Trailer,
}

impl Film {
    fn script(self) -> &'static str {
        match self {
            Film::Attract => ATTRACT_FILM,
            Film::Trailer => TRAILER_FILM,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Film::Attract => "attract film",
            Film::Trailer => "trailer",
        }
    }
}

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

    /// Presses pause on the trailer and waits until it has come to a stop (the core's pipeline
    /// takes a moment after it is told, the big play button fades in); returns it as it stands.
    pub async fn pause_trailer(&self) -> Value {
        self.tap("trailer-play-pause").await;
        self.wait_for_trailer("to pause", |film| film["paused"] == true)
            .await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        self.trailer_film().await
    }

    pub async fn trailer_film(&self) -> Value {
        self.film(Film::Trailer).await
    }

    /// Waits until the trailer satisfies `wanted`; panics with the last state otherwise.
    pub async fn wait_for_trailer(&self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        self.wait_for_film(Film::Trailer, what, wanted).await
    }

    /// The trailer's position, sampled twice, whichever engine plays it; returns the engine.
    pub async fn assert_trailer_advances(&self) -> String {
        let (first, _, _) = self.assert_film_advances(Film::Trailer).await;
        first["engine"].as_str().unwrap_or_default().to_string()
    }

    pub async fn attract_film(&self) -> Value {
        self.film(Film::Attract).await
    }

    /// Waits until the attract film satisfies `wanted`; panics with the last state otherwise.
    pub async fn wait_for_attract_film(
        &self,
        what: &str,
        wanted: impl Fn(&Value) -> bool,
    ) -> Value {
        self.wait_for_film(Film::Attract, what, wanted).await
    }

    /// The attract film's position, sampled twice, whichever engine plays it: proves that it
    /// plays, not just that it claims to. Like `assert_video_advances`.
    pub async fn assert_attract_film_advances(&self) -> (f64, f64) {
        let (_, a, b) = self.assert_film_advances(Film::Attract).await;
        (a, b)
    }

    async fn film(&self, which: Film) -> Value {
        self.client()
            .execute_async(which.script(), vec![])
            .await
            .unwrap_or_else(|e| panic!("film_status: {e}"))
    }

    async fn wait_for_film(
        &self,
        which: Film,
        what: &str,
        wanted: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut last = Value::Null;
        while Instant::now() < deadline {
            last = self.film(which).await;
            if !last.is_null() && wanted(&last) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("waited 20 s for the {} {what}; last: {last}", which.name());
    }

    /// The film's position twice, up to 1.5 s apart: the first reading and both positions.
    async fn assert_film_advances(&self, which: Film) -> (Value, f64, f64) {
        let position = |film: &Value| film["position"].as_f64().unwrap_or(0.0);
        // A loop point in between also shows that it plays; a trailer has none.
        let moved = |a: f64, b: f64| b > a + 0.5 || (which == Film::Attract && b < a - 1.0);
        let first = self
            .wait_for_film(which, "to play past 0.5 s", |f| position(f) > 0.5)
            .await;
        let deadline = Instant::now() + Duration::from_millis(1500);
        let second = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            tokio::time::sleep(left.min(Duration::from_millis(100))).await;
            let last_chance = Instant::now() >= deadline;
            let second = self.film(which).await;
            if moved(position(&first), position(&second)) || last_chance {
                break second;
            }
        };
        let (a, b) = (position(&first), position(&second));
        assert!(
            moved(a, b),
            "the {} ({}) went {a} -> {b}",
            which.name(),
            first["engine"]
        );
        (first, a, b)
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
