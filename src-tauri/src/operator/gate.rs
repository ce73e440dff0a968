//! The operator's PIN and sessions: the PIN is stored only as an Argon2 hash, wrong guesses are
//! slowed down with growing delays, and a correct one opens a session whose token every privileged
//! command must present. Pure Rust: time is passed in, so the rules are tested without waiting.

use crate::settings::durable::{self, Source, Stored};
use crate::{Error, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;

pub const PIN_FILE: &str = "operator.json";
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=8;
/// Wrong guesses allowed before the first delay: a fumbled PIN on a touch screen is common.
pub const FREE_ATTEMPTS: u32 = 3;
pub const FIRST_DELAY: Duration = Duration::from_secs(5);
pub const LONGEST_DELAY: Duration = Duration::from_secs(300);
/// An operator who walks away from the panel leaves it open this long at most.
pub const SESSION_IDLE_LIMIT: Duration = Duration::from_secs(300);

/// What is stored on disk: the PIN's Argon2 hash in PHC form, salt and parameters included.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PinRecord {
    pub pin_hash: Option<String>,
}

impl Stored for PinRecord {
    const KEY: &'static str = "operator";
    fn validate(&self) -> std::result::Result<(), String> {
        match &self.pin_hash {
            Some(hash) => PasswordHash::new(hash)
                .map(|_| ())
                .map_err(|e| format!("the stored PIN hash is damaged: {e}")),
            None => Ok(()),
        }
    }
}

pub fn validate_pin(pin: &str) -> Result<()> {
    if PIN_DIGITS.contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(Error::InvalidPin(format!(
            "a PIN is {} to {} digits",
            PIN_DIGITS.start(),
            PIN_DIGITS.end()
        )))
    }
}

pub fn hash_pin(pin: &str) -> Result<String> {
    validate_pin(pin)?;
    let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes())
        .map_err(|e| Error::Settings(format!("cannot make a salt: {e}")))?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::Settings(format!("cannot hash the PIN: {e}")))
}

fn pin_matches(hash: &str, pin: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &parsed)
            .is_ok()
    })
}

/// The delay imposed after `failures` wrong PINs in a row: none for the first few, then doubling.
pub fn delay_after(failures: u32) -> Duration {
    if failures < FREE_ATTEMPTS {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(16);
    (FIRST_DELAY * 2u32.pow(doublings)).min(LONGEST_DELAY)
}

struct Session {
    token: String,
    last_used: Instant,
}

/// The PIN record, the guess throttle and the open session, if any.
pub struct Gate {
    record: PinRecord,
    path: PathBuf,
    failures: u32,
    locked_until: Option<Instant>,
    session: Option<Session>,
}

impl Gate {
    /// Loads the PIN record from `path`; a damaged record falls back to its last good copy.
    pub fn load(path: &Path) -> Gate {
        let (record, source) = durable::load::<PinRecord>(path);
        match source {
            Source::Saved | Source::FirstRun => {}
            Source::LastGood { problem } => {
                log::error!("PIN record damaged, using the last good copy: {problem}")
            }
            Source::Defaults { problem } => log::error!(
                "PIN record and its last good copy are damaged; set a new PIN with \
                 `screening-kiosk set-pin`: {problem}"
            ),
        }
        Gate {
            record,
            path: path.to_path_buf(),
            failures: 0,
            locked_until: None,
            session: None,
        }
    }

    pub fn pin_set(&self) -> bool {
        self.record.pin_hash.is_some()
    }

    /// First run only: sets the PIN and opens a session, so the operator goes on to the panel.
    pub fn set_first_pin(&mut self, pin: &str, now: Instant) -> Result<String> {
        if self.pin_set() {
            return Err(Error::PinAlreadySet);
        }
        self.store_pin(pin)?;
        Ok(self.open_session(now))
    }

    pub fn unlock(&mut self, pin: &str, now: Instant) -> Result<String> {
        if let Some(until) = self.locked_until.filter(|until| *until > now) {
            return Err(Error::RateLimited {
                retry_after_secs: (until - now).as_secs_f64().ceil() as u64,
            });
        }
        let matches = self
            .record
            .pin_hash
            .as_deref()
            .is_some_and(|hash| pin_matches(hash, pin));
        if !matches {
            self.failures = self.failures.saturating_add(1);
            let delay = delay_after(self.failures);
            self.locked_until = (!delay.is_zero()).then(|| now + delay);
            log::warn!(
                "wrong operator PIN ({} in a row); next attempt in {} s",
                self.failures,
                delay.as_secs()
            );
            return Err(match self.locked_until {
                Some(_) => Error::RateLimited {
                    retry_after_secs: delay.as_secs(),
                },
                None => Error::WrongPin,
            });
        }
        self.failures = 0;
        self.locked_until = None;
        log::info!("operator panel unlocked");
        Ok(self.open_session(now))
    }

    /// Checks `token` against the open session and keeps the session alive.
    pub fn authorize(&mut self, token: &str, now: Instant) -> Result<()> {
        let session = self.session.as_mut().ok_or(Error::Unauthorized)?;
        if now.duration_since(session.last_used) > SESSION_IDLE_LIMIT {
            self.session = None;
            return Err(Error::Unauthorized);
        }
        if !bool::from(session.token.as_bytes().ct_eq(token.as_bytes())) {
            return Err(Error::Unauthorized);
        }
        session.last_used = now;
        Ok(())
    }

    pub fn change_pin(&mut self, token: &str, pin: &str, now: Instant) -> Result<()> {
        self.authorize(token, now)?;
        self.store_pin(pin)
    }

    /// Ends the session `token` belongs to; any other token is ignored.
    pub fn lock(&mut self, token: &str, now: Instant) {
        if self.authorize(token, now).is_ok() {
            self.session = None;
            log::info!("operator panel locked");
        }
    }

    fn store_pin(&mut self, pin: &str) -> Result<()> {
        let record = PinRecord {
            pin_hash: Some(hash_pin(pin)?),
        };
        durable::save(&self.path, &record).map_err(|e| {
            Error::Settings(format!(
                "cannot save the PIN to {}: {e}",
                self.path.display()
            ))
        })?;
        self.record = record;
        Ok(())
    }

    fn open_session(&mut self, now: Instant) -> String {
        let token = uuid::Uuid::new_v4().simple().to_string();
        self.session = Some(Session {
            token: token.clone(),
            last_used: now,
        });
        token
    }
}

/// `screening-kiosk set-pin`: sets or replaces the PIN in the record at `path`.
pub fn set_pin_file(path: &Path, pin: &str) -> Result<()> {
    let mut gate = Gate::load(path);
    gate.store_pin(pin)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate_with_pin(pin: &str) -> (tempfile::TempDir, Gate) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PIN_FILE);
        set_pin_file(&path, pin).unwrap();
        (dir, Gate::load(&path))
    }

    #[test]
    fn the_pin_is_stored_only_as_an_argon2_hash() {
        let (dir, gate) = gate_with_pin("482916");
        let stored = std::fs::read_to_string(dir.path().join(PIN_FILE)).unwrap();
        assert!(!stored.contains("482916"), "{stored}");
        assert!(stored.contains("$argon2id$"), "{stored}");
        assert!(gate.pin_set());
    }

    #[test]
    fn a_pin_is_four_to_eight_digits() {
        for bad in ["123", "123456789", "12a4", "", " 1234"] {
            assert!(
                matches!(validate_pin(bad), Err(Error::InvalidPin(_))),
                "{bad:?}"
            );
        }
        assert!(validate_pin("0000").is_ok());
        assert!(validate_pin("12345678").is_ok());
    }

    #[test]
    fn the_right_pin_opens_a_session_whose_token_authorizes() {
        let (_dir, mut gate) = gate_with_pin("2468");
        let now = Instant::now();
        let token = gate.unlock("2468", now).unwrap();
        assert!(gate.authorize(&token, now).is_ok());
        assert!(matches!(
            gate.authorize("not-the-token", now),
            Err(Error::Unauthorized)
        ));
        gate.lock(&token, now);
        assert!(matches!(
            gate.authorize(&token, now),
            Err(Error::Unauthorized)
        ));
    }

    #[test]
    fn a_session_expires_when_the_operator_walks_away() {
        let (_dir, mut gate) = gate_with_pin("2468");
        let start = Instant::now();
        let token = gate.unlock("2468", start).unwrap();
        let still_there = start + SESSION_IDLE_LIMIT - Duration::from_secs(1);
        assert!(gate.authorize(&token, still_there).is_ok());
        let gone = still_there + SESSION_IDLE_LIMIT + Duration::from_secs(1);
        assert!(matches!(
            gate.authorize(&token, gone),
            Err(Error::Unauthorized)
        ));
    }

    #[test]
    fn wrong_guesses_meet_growing_delays_and_the_right_pin_waits_too() {
        let (_dir, mut gate) = gate_with_pin("2468");
        let mut now = Instant::now();
        for _ in 1..FREE_ATTEMPTS {
            assert!(matches!(gate.unlock("0000", now), Err(Error::WrongPin)));
        }
        let mut previous = 0;
        for _ in 0..4 {
            let Err(Error::RateLimited { retry_after_secs }) = gate.unlock("0000", now) else {
                panic!("expected a delay");
            };
            assert!(
                retry_after_secs > previous,
                "{retry_after_secs} after {previous}"
            );
            previous = retry_after_secs;
            // Even the right PIN is refused while the delay runs.
            assert!(matches!(
                gate.unlock("2468", now),
                Err(Error::RateLimited { .. })
            ));
            now += Duration::from_secs(retry_after_secs);
        }
        assert!(gate.unlock("2468", now).is_ok());
        assert!(matches!(gate.unlock("0000", now), Err(Error::WrongPin)));
    }

    #[test]
    fn delays_double_up_to_a_ceiling() {
        assert_eq!(delay_after(FREE_ATTEMPTS - 1), Duration::ZERO);
        assert_eq!(delay_after(FREE_ATTEMPTS), FIRST_DELAY);
        assert_eq!(delay_after(FREE_ATTEMPTS + 1), FIRST_DELAY * 2);
        assert_eq!(delay_after(1000), LONGEST_DELAY);
    }

    #[test]
    fn the_first_pin_can_be_set_only_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut gate = Gate::load(&dir.path().join(PIN_FILE));
        assert!(!gate.pin_set());
        let now = Instant::now();
        let token = gate.set_first_pin("1357", now).unwrap();
        assert!(gate.authorize(&token, now).is_ok());
        assert!(matches!(
            gate.set_first_pin("0000", now),
            Err(Error::PinAlreadySet)
        ));
        let reloaded = Gate::load(&dir.path().join(PIN_FILE));
        assert!(reloaded.pin_set());
    }

    #[test]
    fn changing_the_pin_needs_the_session_and_replaces_the_old_one() {
        let (dir, mut gate) = gate_with_pin("2468");
        let now = Instant::now();
        assert!(matches!(
            gate.change_pin("forged", "1111", now),
            Err(Error::Unauthorized)
        ));
        let token = gate.unlock("2468", now).unwrap();
        gate.change_pin(&token, "1111", now).unwrap();
        let mut reloaded = Gate::load(&dir.path().join(PIN_FILE));
        assert!(matches!(reloaded.unlock("2468", now), Err(Error::WrongPin)));
        assert!(reloaded.unlock("1111", now).is_ok());
    }
}
