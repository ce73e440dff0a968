//! The operator's PIN and sessions: the PIN is stored only as an Argon2 hash, wrong guesses are
//! slowed down with growing delays (kept on disk, so a restart does not wipe them), and a correct
//! one opens a session whose token every privileged command must present. Only a verified absence
//! of any PIN record is a first run; a record that cannot be read keeps the panel closed until
//! `screening-kiosk set-pin` writes a new one, which the gate picks up without a restart. Pure
//! Rust: time is passed in, so the rules are tested without waiting.

use crate::settings::durable::{self, Source, Stored};
use crate::{Error, Result};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;

pub const PIN_FILE: &str = "operator.json";
/// The wrong guesses in a row, beside the PIN record.
pub const ATTEMPTS_FILE: &str = "operator-attempts.json";
/// How long a new PIN may be. PINs set before the minimum was 6 still open the panel.
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 6..=8;
/// Wrong guesses allowed before the first delay: a fumbled PIN on a touch screen is common.
pub const FREE_ATTEMPTS: u32 = 3;
pub const FIRST_DELAY: Duration = Duration::from_secs(5);
pub const LONGEST_DELAY: Duration = Duration::from_secs(300);
/// An operator who walks away from the panel leaves it open this long at most.
pub const SESSION_IDLE_LIMIT: Duration = Duration::from_secs(300);

/// What is stored on disk: the PIN's Argon2 hash in PHC form, salt and parameters included. The
/// file exists only once a PIN is set, so a record without a hash is a damaged one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PinRecord {
    pub pin_hash: Option<String>,
}

impl Stored for PinRecord {
    const KEY: &'static str = "operator";
    // An older hash is an older PIN, which must not open the panel once it was changed.
    const MIRRORED: bool = true;
    fn validate(&self) -> std::result::Result<(), String> {
        let hash = self
            .pin_hash
            .as_deref()
            .ok_or("the record holds no PIN hash")?;
        let parsed =
            PasswordHash::new(hash).map_err(|e| format!("the stored PIN hash is damaged: {e}"))?;
        argon2::Algorithm::try_from(parsed.algorithm)
            .map(|_| ())
            .map_err(|e| format!("the stored PIN hash is not an Argon2 hash: {e}"))
    }
}

/// The wrong PINs typed in a row since the last right one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Attempts {
    failures: u32,
}

impl Stored for Attempts {
    const KEY: &'static str = "attempts";
    fn validate(&self) -> std::result::Result<(), String> {
        Ok(())
    }
}

/// What the PIN pad should offer, as `operator_status` tells the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PinState {
    /// First run: no PIN record, nor a copy of one, was ever written.
    Unset,
    Set,
    /// The record and its copy cannot be read: the panel stays closed until `set-pin`.
    Damaged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Record {
    Unset,
    /// The PIN's hash in PHC form.
    Set(String),
    /// Why the record cannot be used, for the log.
    Damaged(String),
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
    record: Record,
    path: PathBuf,
    failures: u32,
    locked_until: Option<Instant>,
    session: Option<Session>,
}

impl Gate {
    /// Loads the PIN record from `path` (a damaged one falls back to its copy) and the wrong
    /// guesses beside it. A delay that was running when the kiosk stopped starts again in full.
    pub fn load(path: &Path, now: Instant) -> Gate {
        let (attempts, source) = durable::load::<Attempts>(&attempts_path(path));
        let failures = match source {
            Source::Saved | Source::FirstRun | Source::LastGood { .. } => attempts.failures,
            // Unknown, so not zero: a guesser gains nothing by damaging the count.
            Source::Defaults { problem } => {
                log::error!(
                    "the count of wrong PINs is damaged, counting {FREE_ATTEMPTS}: {problem}"
                );
                FREE_ATTEMPTS
            }
        };
        let delay = delay_after(failures);
        let mut gate = Gate {
            record: Record::Unset,
            path: path.to_path_buf(),
            failures,
            locked_until: (!delay.is_zero()).then(|| now + delay),
            session: None,
        };
        gate.reread();
        gate
    }

    /// Reads the record again, so a PIN set with `screening-kiosk set-pin` while the kiosk runs
    /// counts from the next attempt. A record that vanishes under a running kiosk is not a first
    /// run: somebody removed it.
    fn reread(&mut self) {
        let (stored, source) = durable::load::<PinRecord>(&self.path);
        let record = match (source, stored.pin_hash) {
            (Source::FirstRun, _) if self.record == Record::Unset => Record::Unset,
            (Source::FirstRun, _) => Record::Damaged(format!(
                "{} and its copy disappeared while the kiosk ran",
                self.path.display()
            )),
            (Source::Defaults { problem }, _) => Record::Damaged(problem),
            (Source::LastGood { problem }, Some(hash)) => {
                if self.record != Record::Set(hash.clone()) {
                    log::error!("PIN record damaged, using its copy: {problem}");
                }
                Record::Set(hash)
            }
            (Source::Saved, Some(hash)) => Record::Set(hash),
            // `validate` refuses a record without a hash, so a load never gives one.
            (Source::Saved | Source::LastGood { .. }, None) => {
                Record::Damaged(format!("{}: no PIN hash", self.path.display()))
            }
        };
        if record == self.record {
            return;
        }
        match &record {
            Record::Damaged(problem) => log::error!(
                "the operator PIN record cannot be read, so the panel stays closed; set a new PIN \
                 with `screening-kiosk set-pin` at the kiosk: {problem}"
            ),
            Record::Set(_) if self.record != Record::Unset => {
                log::info!("the operator PIN was replaced on disk (set-pin); it counts from now");
                // Whoever ran set-pin at the machine may open the panel without waiting out the
                // delays that the forgotten PIN earned.
                self.record_failures(0);
                self.locked_until = None;
            }
            Record::Set(_) | Record::Unset => {}
        }
        self.record = record;
    }

    /// Whether the PIN pad, first-run setup or the staff message belongs on screen.
    pub fn state(&mut self) -> PinState {
        self.reread();
        match self.record {
            Record::Unset => PinState::Unset,
            Record::Set(_) => PinState::Set,
            Record::Damaged(_) => PinState::Damaged,
        }
    }

    /// First run only: sets the PIN and opens a session, so the operator goes on to the panel.
    pub fn set_first_pin(&mut self, pin: &str, now: Instant) -> Result<String> {
        match self.state() {
            PinState::Unset => {}
            PinState::Set => return Err(Error::PinAlreadySet),
            PinState::Damaged => return Err(Error::PinRecordDamaged),
        }
        self.store_pin(pin)?;
        Ok(self.open_session(now))
    }

    pub fn unlock(&mut self, pin: &str, now: Instant) -> Result<String> {
        if self.state() == PinState::Damaged {
            return Err(Error::PinRecordDamaged);
        }
        if let Some(until) = self.locked_until.filter(|until| *until > now) {
            return Err(Error::RateLimited {
                retry_after_secs: (until - now).as_secs_f64().ceil() as u64,
            });
        }
        let matches = match &self.record {
            Record::Set(hash) => pin_matches(hash, pin),
            Record::Unset | Record::Damaged(_) => false,
        };
        if !matches {
            self.record_failures(self.failures.saturating_add(1));
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
        self.record_failures(0);
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
        let hash = hash_pin(pin)?;
        let record = PinRecord {
            pin_hash: Some(hash.clone()),
        };
        durable::save(&self.path, &record).map_err(|e| {
            Error::Settings(format!(
                "cannot save the PIN to {}: {e}",
                self.path.display()
            ))
        })?;
        self.record = Record::Set(hash);
        Ok(())
    }

    /// Counts wrong guesses on disk as well, so that restarting the kiosk does not reset them.
    fn record_failures(&mut self, failures: u32) {
        if failures == self.failures && failures == 0 {
            return;
        }
        self.failures = failures;
        let path = attempts_path(&self.path);
        if let Err(e) = durable::save(&path, &Attempts { failures }) {
            log::error!(
                "cannot save the count of wrong PINs to {}: {e}",
                path.display()
            );
        }
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

fn attempts_path(pin_path: &Path) -> PathBuf {
    pin_path.with_file_name(ATTEMPTS_FILE)
}

/// `screening-kiosk set-pin`: sets or replaces the PIN in the record at `path`, damaged or not,
/// and clears the wrong guesses: it is run at the machine, by someone who may.
pub fn set_pin_file(path: &Path, pin: &str) -> Result<()> {
    let mut gate = Gate::load(path, Instant::now());
    gate.store_pin(pin)?;
    gate.record_failures(0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate_with_pin(pin: &str) -> (tempfile::TempDir, Gate) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PIN_FILE);
        set_pin_file(&path, pin).unwrap();
        (dir, Gate::load(&path, Instant::now()))
    }

    #[test]
    fn the_pin_is_stored_only_as_an_argon2_hash() {
        let (dir, mut gate) = gate_with_pin("482916");
        let stored = std::fs::read_to_string(dir.path().join(PIN_FILE)).unwrap();
        assert!(!stored.contains("482916"), "{stored}");
        assert!(stored.contains("$argon2id$"), "{stored}");
        assert_eq!(gate.state(), PinState::Set);
    }

    #[test]
    fn a_new_pin_is_six_to_eight_digits() {
        for bad in ["1234", "12345", "123456789", "12a456", "", " 123456"] {
            assert!(
                matches!(validate_pin(bad), Err(Error::InvalidPin(_))),
                "{bad:?}"
            );
        }
        assert!(validate_pin("000000").is_ok());
        assert!(validate_pin("12345678").is_ok());
    }

    #[test]
    fn the_right_pin_opens_a_session_whose_token_authorizes() {
        let (_dir, mut gate) = gate_with_pin("246813");
        let now = Instant::now();
        let token = gate.unlock("246813", now).unwrap();
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
        let (_dir, mut gate) = gate_with_pin("246813");
        let start = Instant::now();
        let token = gate.unlock("246813", start).unwrap();
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
        let (_dir, mut gate) = gate_with_pin("246813");
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
                gate.unlock("246813", now),
                Err(Error::RateLimited { .. })
            ));
            now += Duration::from_secs(retry_after_secs);
        }
        assert!(gate.unlock("246813", now).is_ok());
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
        let mut gate = Gate::load(&dir.path().join(PIN_FILE), Instant::now());
        assert_eq!(gate.state(), PinState::Unset);
        let now = Instant::now();
        let token = gate.set_first_pin("135790", now).unwrap();
        assert!(gate.authorize(&token, now).is_ok());
        assert!(matches!(
            gate.set_first_pin("000000", now),
            Err(Error::PinAlreadySet)
        ));
        let mut reloaded = Gate::load(&dir.path().join(PIN_FILE), now);
        assert_eq!(reloaded.state(), PinState::Set);
    }

    #[test]
    fn changing_the_pin_needs_the_session_and_replaces_the_old_one() {
        let (dir, mut gate) = gate_with_pin("246813");
        let now = Instant::now();
        assert!(matches!(
            gate.change_pin("forged", "111111", now),
            Err(Error::Unauthorized)
        ));
        let token = gate.unlock("246813", now).unwrap();
        gate.change_pin(&token, "111111", now).unwrap();
        let mut reloaded = Gate::load(&dir.path().join(PIN_FILE), now);
        assert!(matches!(
            reloaded.unlock("246813", now),
            Err(Error::WrongPin)
        ));
        assert!(reloaded.unlock("111111", now).is_ok());
    }

    fn damage_both_copies(dir: &Path) {
        let path = dir.join(PIN_FILE);
        std::fs::write(&path, "{\"operator\": {\"pinHash\": \"$argon2id$v=19$m=").unwrap();
        std::fs::write(durable::last_good_path(&path), "").unwrap();
    }

    #[test]
    fn a_damaged_record_is_no_first_run_and_opens_nothing() {
        let (dir, _) = gate_with_pin("246813");
        damage_both_copies(dir.path());
        let mut gate = Gate::load(&dir.path().join(PIN_FILE), Instant::now());
        let now = Instant::now();
        assert_eq!(gate.state(), PinState::Damaged);
        assert!(matches!(
            gate.set_first_pin("135790", now),
            Err(Error::PinRecordDamaged)
        ));
        assert!(matches!(
            gate.unlock("246813", now),
            Err(Error::PinRecordDamaged)
        ));
        // Nor was anything written over the damaged record by either attempt.
        assert_eq!(gate.state(), PinState::Damaged);
    }

    #[test]
    fn a_record_without_a_hash_or_with_a_foreign_one_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PIN_FILE);
        for record in [
            "{\"operator\": {}}",
            "{\"operator\": {\"pinHash\": null}}",
            "{\"operator\": {\"pinHash\": \"$pbkdf2-sha256$i=1000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA\"}}",
        ] {
            std::fs::write(&path, record).unwrap();
            std::fs::write(durable::last_good_path(&path), record).unwrap();
            let mut gate = Gate::load(&path, Instant::now());
            assert_eq!(gate.state(), PinState::Damaged, "{record}");
        }
    }

    #[test]
    fn a_missing_record_beside_its_copy_uses_the_copy() {
        let (dir, _) = gate_with_pin("246813");
        let path = dir.path().join(PIN_FILE);
        std::fs::remove_file(&path).unwrap();
        let mut gate = Gate::load(&path, Instant::now());
        assert_eq!(gate.state(), PinState::Set);
        assert!(gate.unlock("246813", Instant::now()).is_ok());
        assert!(path.exists(), "the record is restored from its copy");
    }

    #[test]
    fn the_copy_holds_the_current_hash_from_the_first_set_pin_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PIN_FILE);
        set_pin_file(&path, "246813").unwrap();
        let copy = durable::last_good_path(&path);
        assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(&path).unwrap());
        let now = Instant::now();
        let mut gate = Gate::load(&path, now);
        let token = gate.unlock("246813", now).unwrap();
        gate.change_pin(&token, "111111", now).unwrap();
        // With the record gone, the copy opens the panel with the new PIN only.
        std::fs::write(&path, "garbage").unwrap();
        let mut reloaded = Gate::load(&path, now);
        assert!(matches!(
            reloaded.unlock("246813", now),
            Err(Error::WrongPin)
        ));
        assert!(reloaded.unlock("111111", now).is_ok());
    }

    #[test]
    fn the_delay_after_wrong_guesses_survives_a_restart() {
        let (dir, mut gate) = gate_with_pin("246813");
        let path = dir.path().join(PIN_FILE);
        let now = Instant::now();
        for _ in 0..FREE_ATTEMPTS {
            let _ = gate.unlock("000000", now);
        }
        drop(gate);
        let later = Instant::now();
        let mut restarted = Gate::load(&path, later);
        let Err(Error::RateLimited { retry_after_secs }) = restarted.unlock("246813", later) else {
            panic!("the restart wiped the delay");
        };
        assert_eq!(retry_after_secs, FIRST_DELAY.as_secs());
        // The count goes on from where it was, and the right PIN still ends it.
        let after = later + FIRST_DELAY;
        let Err(Error::RateLimited { retry_after_secs }) = restarted.unlock("000000", after) else {
            panic!("expected a longer delay");
        };
        assert_eq!(retry_after_secs, (FIRST_DELAY * 2).as_secs());
        let after = after + FIRST_DELAY * 2;
        assert!(restarted.unlock("246813", after).is_ok());
        assert!(Gate::load(&path, after).unlock("246813", after).is_ok());
    }

    #[test]
    fn a_damaged_count_of_wrong_guesses_is_not_a_fresh_start() {
        let (dir, _) = gate_with_pin("246813");
        let path = dir.path().join(PIN_FILE);
        let attempts = dir.path().join(ATTEMPTS_FILE);
        std::fs::write(&attempts, "{").unwrap();
        std::fs::write(durable::last_good_path(&attempts), "{").unwrap();
        let now = Instant::now();
        assert!(matches!(
            Gate::load(&path, now).unlock("246813", now),
            Err(Error::RateLimited { .. })
        ));
    }

    #[test]
    fn set_pin_beside_a_running_kiosk_counts_from_the_next_attempt() {
        let (dir, mut running) = gate_with_pin("246813");
        let path = dir.path().join(PIN_FILE);
        let now = Instant::now();
        for _ in 0..FREE_ATTEMPTS {
            let _ = running.unlock("000000", now);
        }
        set_pin_file(&path, "135790").unwrap();
        assert!(
            running.unlock("135790", now).is_ok(),
            "the new PIN works at once, without the forgotten one's delay"
        );
        assert!(matches!(
            running.unlock("246813", now),
            Err(Error::WrongPin)
        ));

        // And a damaged record is mended the same way.
        damage_both_copies(dir.path());
        assert_eq!(running.state(), PinState::Damaged);
        set_pin_file(&path, "864202").unwrap();
        assert_eq!(running.state(), PinState::Set);
        assert!(running.unlock("864202", now).is_ok());
    }

    #[test]
    fn a_record_removed_under_a_running_kiosk_is_no_first_run() {
        let (dir, mut running) = gate_with_pin("246813");
        let path = dir.path().join(PIN_FILE);
        std::fs::remove_file(durable::last_good_path(&path)).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(running.state(), PinState::Damaged);
        assert!(matches!(
            running.set_first_pin("135790", Instant::now()),
            Err(Error::PinRecordDamaged)
        ));
    }
}
