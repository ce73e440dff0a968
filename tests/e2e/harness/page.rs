//! The page: scripts run in the webview, waiting for a screen or a condition, taps, IPC calls as the
//! UI makes them, and the visitor's steps that many tests share (a video that plays, the law reader).

use super::Kiosk;
use fantoccini::{Client, Locator};
use serde_json::Value;
use std::time::{Duration, Instant};

/// True once nothing on the page is still on its way to where it will stand; see `Kiosk::settle`.
const SETTLED: &str = "return document.getAnimations().every((a) => a.playState !== 'running' \
    || !Number.isFinite(a.effect?.getComputedTiming().endTime)) \
    && [...document.images].every((i) => i.complete) && document.fonts.status === 'loaded'";

impl Kiosk {
    pub fn client(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client()
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {script}: {e}"))
    }

    pub async fn screen(&self) -> String {
        self.js("return document.body.dataset.screen")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn wait_for_screen(&self, wanted: &str) {
        let mut seen = String::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            seen = self.screen().await;
            if seen == wanted {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected screen {wanted:?}, still on {seen:?}");
    }

    /// Polls a JS expression until it is truthy; panics with the last value otherwise.
    pub async fn wait_until(&self, what: &str, expression: &str) -> Value {
        let mut last = Value::Null;
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            last = self.js(&format!("return ({expression})")).await;
            let truthy = match &last {
                Value::Null | Value::Bool(false) => false,
                Value::String(s) => !s.is_empty(),
                Value::Number(n) => n.as_f64() != Some(0.0),
                _ => true,
            };
            if truthy {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        panic!("timed out waiting for {what}: `{expression}` was {last}");
    }

    pub async fn tap(&self, test_id: &str) {
        self.client()
            .find(Locator::Css(&format!("[data-testid=\"{test_id}\"]")))
            .await
            .unwrap_or_else(|e| panic!("no element {test_id}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot tap {test_id}: {e}"));
    }

    pub async fn text_of(&self, test_id: &str) -> String {
        self.js(&format!(
            "const e = document.querySelector('[data-testid=\"{test_id}\"]'); return e ? e.innerText : ''"
        ))
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// Opens a legislation document from the law list and waits until its text is on screen.
    pub async fn open_law(&self, id: &str) {
        self.tap(&format!("law-doc-{id}")).await;
        self.wait_until(
            "the law text",
            "document.querySelector('[data-testid=\"law-body\"]')?.innerText.length > 2000",
        )
        .await;
    }

    /// From the law reader back to home: the reader may first step back to the document list.
    pub async fn back_from_law_to_home(&self) {
        self.tap("back").await;
        self.wait_until(
            "back on home or the law list",
            "['home','law'].includes(document.body.dataset.screen)",
        )
        .await;
        if self.screen().await == "law" {
            self.tap("back").await;
        }
        self.wait_for_screen("home").await;
    }

    /// Calls a command as the page would, through the UI's own IPC bridge.
    pub async fn invoke(&self, command: &str) -> Value {
        self.invoke_with(command, serde_json::json!({})).await
    }

    /// Like `invoke`, with the command's arguments.
    pub async fn invoke_with(&self, command: &str, args: Value) -> Value {
        self.client()
            .execute_async(
                &format!(
                    "const done = arguments[arguments.length - 1]; \
                     window.__TAURI__.core.invoke('{command}', arguments[0]).then(done, (e) => done({{ error: e }}))"
                ),
                vec![args],
            )
            .await
            .unwrap_or_else(|e| panic!("invoke {command}: {e}"))
    }

    /// `currentTime` of a video, sampled twice: proves frames are actually advancing, not just "playing".
    /// The second sample must be more than 0.5 s ahead within 1.5 s of the first; it is taken as
    /// soon as it is (a playing video gets there in about 0.5 s), else once the 1.5 s are up.
    pub async fn assert_video_advances(&self, test_id: &str) -> (f64, f64) {
        let selector = format!("document.querySelector('[data-testid=\"{test_id}\"]')");
        self.wait_until(
            &format!("{test_id} to play past 0.5 s"),
            &format!("{selector} && {selector}.currentTime > 0.5"),
        )
        .await;
        let current_time = format!("return {selector}.currentTime");
        let first = self.js(&current_time).await.as_f64().unwrap();
        let deadline = Instant::now() + Duration::from_millis(1500);
        let second = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            tokio::time::sleep(left.min(Duration::from_millis(100))).await;
            let last_chance = Instant::now() >= deadline;
            let second = self.js(&current_time).await.as_f64().unwrap();
            if second > first + 0.5 || last_chance {
                break second;
            }
        };
        assert!(
            second > first + 0.5,
            "{test_id} currentTime went {first} -> {second}"
        );
        (first, second)
    }

    /// Waits, at most `longest`, until the page stands still for a picture or a measurement: no
    /// finite CSS animation or transition running (endless ones, like the attract poster's drift,
    /// never end), every image loaded and the fonts ready; then for two painted frames. This is
    /// what the fixed pauses before screenshots and audits stood for; `longest` is the pause each
    /// replaced, so a page that keeps moving is looked at no later than before. Never fails: a
    /// page that cannot answer (its web process replaced, say) is looked at as it is.
    pub async fn settle(&self, longest: Duration) {
        let deadline = Instant::now() + longest;
        loop {
            let settled = self.client().execute(SETTLED, vec![]).await;
            if !matches!(settled, Ok(Value::Bool(false))) {
                break;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            tokio::time::sleep(left.min(Duration::from_millis(100))).await;
        }
        // Two frames: the first is the one the settled state is painted in. A timer answers
        // where no frame comes (a page that does not paint); only one of them answers, so no late
        // answer can reach the driver after the script is over.
        let _ = self
            .client()
            .execute_async(
                "const done = arguments[arguments.length - 1]; let answered = false; \
                 const answer = (painted) => { if (!answered) { answered = true; done(painted); } }; \
                 requestAnimationFrame(() => requestAnimationFrame(() => answer(true))); \
                 setTimeout(() => answer(false), 500)",
                vec![],
            )
            .await;
    }
}
