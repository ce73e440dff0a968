//! The attract film, whichever engine plays it: the core's native film (`film_status`) or the
//! page's visible `<video>`; and what is really on the X screen, sampled fast enough to see a
//! single black or frozen frame at a loop point.

use super::Kiosk;
use serde_json::Value;
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// `{ engine, url, position, playing, muted, volume, loops }` of the attract film, or null while
/// nothing plays yet.
const ATTRACT_FILM: &str = r#"
const done = arguments[arguments.length - 1];
window.__TAURI__.core.invoke('film_status').then((s) => {
  if (s.native) {
    const n = s.native;
    return done({ engine: 'native', url: n.url, position: n.position, playing: n.playing,
      muted: n.volume === null, volume: n.volume ?? 0, loops: n.loops, framesRendered: n.framesRendered });
  }
  const v = document.querySelector('[data-testid="attract-video"]');
  done(v && v.currentSrc ? { engine: 'webview', url: v.currentSrc, position: v.currentTime,
    playing: !v.paused, muted: v.muted, volume: v.volume } : null);
}, (e) => done({ error: e }));
"#;

impl Kiosk {
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

    /// What the middle of the X screen shows for `span`: one sample every few milliseconds.
    pub fn sample_screen_centre(&self, span: Duration) -> Vec<ScreenSample> {
        let display = self
            .display
            .clone()
            .or_else(|| std::env::var("DISPLAY").ok())
            .expect("a DISPLAY to sample");
        let (reply, answer) = mpsc::channel();
        sampler().send((display, span, reply)).unwrap();
        answer.recv().expect("the screen sampler answers")
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

type Request = (String, Duration, mpsc::Sender<Vec<ScreenSample>>);

/// GTK may only be used from the thread that started it, so one thread of the test process owns
/// the connection to the X server and answers every request.
fn sampler() -> &'static mpsc::SyncSender<Request> {
    static SAMPLER: OnceLock<mpsc::SyncSender<Request>> = OnceLock::new();
    SAMPLER.get_or_init(|| {
        let (tx, rx) = mpsc::sync_channel::<Request>(1);
        std::thread::spawn(move || {
            let mut displays = std::collections::HashMap::new();
            for (name, span, reply) in rx {
                gtk::init().expect("GTK starts for the screen sampler");
                let display = displays
                    .entry(name.clone())
                    .or_insert_with(|| gtk::gdk::Display::open(&name).expect("open the display"))
                    .clone();
                let _ = reply.send(sample(&display, span));
            }
        });
        tx
    })
}

fn sample(display: &gtk::gdk::Display, span: Duration) -> Vec<ScreenSample> {
    use gtk::prelude::*;
    const SIDE: i32 = 64;
    let screen = display.default_screen();
    let root = screen.root_window().expect("the screen has a root window");
    let (x, y) = (root.width() / 2 - SIDE / 2, root.height() / 2 - SIDE / 2);
    let started = Instant::now();
    let mut samples = Vec::new();
    while started.elapsed() < span {
        let Some(pixbuf) = root.pixbuf(x, y, SIDE, SIDE) else {
            continue;
        };
        let bytes = pixbuf.read_pixel_bytes();
        let channels = pixbuf.n_channels() as usize;
        let stride = pixbuf.rowstride() as usize;
        let mut sum = 0u64;
        let mut digest = 0xcbf2_9ce4_8422_2325_u64;
        for row in 0..SIDE as usize {
            for column in 0..SIDE as usize {
                let at = row * stride + column * channels;
                for &value in &bytes[at..at + 3] {
                    sum += u64::from(value);
                    digest = (digest ^ u64::from(value)).wrapping_mul(0x100_0000_01b3);
                }
            }
        }
        samples.push(ScreenSample {
            at: started.elapsed(),
            brightness: sum as f64 / f64::from(SIDE * SIDE * 3),
            digest,
        });
        std::thread::sleep(Duration::from_millis(4));
    }
    samples
}
