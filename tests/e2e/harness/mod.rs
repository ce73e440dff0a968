//! The harness every area module drives the kiosk with: a `Kiosk` is the real app under
//! tauri-driver in a private `Home`, and its methods are a visitor's, a staff member's or a
//! supervisor's actions and checks, one file per concern.
//!
//! Each area module starts with `use crate::harness::*;`: that brings `Home`, `Kiosk`, `PIN`,
//! `APP` and what nearly every test uses besides (`json!`, `Value`, `Duration`, `Command`, ...).

mod film;
mod input;
mod launch;
mod logs;
mod operator;
mod page;
mod screenshots;

pub use film::ScreenSample;
pub use launch::{Home, Kiosk, APP, PIN};

pub(crate) use crate::util;
pub use fantoccini::Locator;
pub use serde_json::{json, Value};
pub use std::path::PathBuf;
pub use std::process::{Command, Stdio};
pub use std::time::{Duration, Instant};

/// Prints how long a test took when it ends (passed or not), so a run's log shows where the time goes.
pub struct TestClock {
    name: &'static str,
    started: Instant,
}

impl TestClock {
    pub fn start(name: &'static str) -> TestClock {
        TestClock {
            name,
            started: Instant::now(),
        }
    }
}

impl Drop for TestClock {
    fn drop(&mut self) {
        eprintln!(
            "e2e: {} took {:.1} s",
            self.name,
            self.started.elapsed().as_secs_f64()
        );
    }
}
