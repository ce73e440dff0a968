//! One kiosk per user, and what a second copy does. Every copy locks `running.lock` in the data
//! folder for as long as it runs; the OS lets go of the lock when the process ends, however it
//! ends. A second copy that a person started (a double-click) leaves, and the single-instance
//! plugin hands the focus to the running one. A second copy that a supervisor started
//! (`--supervised`: systemd, launchd, `restart-until-exit.ps1`) waits for the running one to end
//! instead, because leaving at once would exit 0, which the supervisor reads as the operator's Exit:
//! it would stop watching, and after a later crash nothing would start the kiosk again. When the
//! copy it waited for ends, the waiting copy reads the lock file: after the operator's Exit it
//! leaves as well (code 0, the supervisor stops); after anything else (a crash, the watchdog, the
//! daily restart) it becomes the kiosk.

use super::lifecycle::ExitReason;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::OnceLock;

pub const LOCK_FILE: &str = "running.lock";

/// What the lock file says while a copy runs, and after the operator's Exit.
const RUNNING: &str = "running";
const OPERATOR_EXIT: &str = "operator-exit";

/// What this copy does.
#[derive(Debug)]
pub enum Turn {
    /// This copy is the kiosk; it holds the lock until it exits.
    Run(RunningCopy),
    /// Another copy runs and nobody supervises this one: it leaves the way the single-instance
    /// plugin makes it.
    AnotherRuns,
    /// The copy this one waited for ended by the operator's Exit: this one leaves too, with 0.
    StayOff,
}

/// The lock of the copy that is the kiosk.
#[derive(Debug)]
pub struct RunningCopy {
    file: File,
}

/// Takes this copy's turn: the lock at once, or, `supervised`, once the running copy has ended.
/// `waiting` is called once if this copy has to wait.
pub fn take_turn(dir: &Path, supervised: bool, waiting: impl FnOnce()) -> io::Result<Turn> {
    fs::create_dir_all(dir)?;
    let path = dir.join(LOCK_FILE);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) if !supervised => return Ok(Turn::AnotherRuns),
        Err(TryLockError::WouldBlock) => {
            waiting();
            file.lock()?;
            if last_words(&mut file)? == OPERATOR_EXIT {
                return Ok(Turn::StayOff);
            }
        }
        Err(TryLockError::Error(e)) => return Err(e),
    }
    let copy = RunningCopy { file };
    copy.say(RUNNING)?;
    Ok(Turn::Run(copy))
}

fn last_words(file: &mut File) -> io::Result<String> {
    let mut words = String::new();
    file.seek(SeekFrom::Start(0))?;
    // Short by construction; a longer file is someone else's and means nothing here.
    file.take(64).read_to_string(&mut words)?;
    Ok(words.trim().to_string())
}

impl RunningCopy {
    fn say(&self, words: &str) -> io::Result<()> {
        let mut file = &self.file;
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(format!("{words}\n").as_bytes())?;
        file.sync_data()
    }

    /// Leaves word for a copy waiting on the lock of why this one ends.
    pub fn record_exit(&self, reason: &ExitReason) -> io::Result<()> {
        match reason {
            ExitReason::OperatorExit => self.say(OPERATOR_EXIT),
            other => self.say(&format!("exited {}", other.code())),
        }
    }
}

/// This process's lock, when it is the kiosk (`hold`).
static HELD: OnceLock<RunningCopy> = OnceLock::new();

/// Keeps `copy` for the rest of the process, so `leave` can record why the kiosk ends.
pub fn hold(copy: RunningCopy) {
    let _ = HELD.set(copy);
}

/// Records `reason` in the held lock file, if this process holds one.
pub fn record_exit(reason: &ExitReason) {
    if let Some(copy) = HELD.get() {
        if let Err(e) = copy.record_exit(reason) {
            log::warn!("{LOCK_FILE}: why the kiosk ends was not recorded: {e}");
        }
    }
}

/// Takes this copy's turn at launch, in the data folder. `Some(code)`: leave now with it. Runs
/// before the logger exists, so it speaks on stderr (the supervisor's log).
pub fn at_launch(supervised: bool) -> Option<i32> {
    let dir = crate::settings::data_dir()?;
    let waiting = || {
        eprintln!("screening-kiosk: another copy is the kiosk; waiting for it to end");
    };
    match take_turn(&dir, supervised, waiting) {
        Ok(Turn::Run(copy)) => {
            hold(copy);
            None
        }
        Ok(Turn::AnotherRuns) => None,
        Ok(Turn::StayOff) => {
            eprintln!(
                "screening-kiosk: the operator exited the kiosk this copy waited for; leaving too"
            );
            Some(0)
        }
        Err(e) => {
            eprintln!(
                "screening-kiosk: {}: {e}; running without it",
                dir.join(LOCK_FILE).display()
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    fn running(dir: &Path) -> RunningCopy {
        match take_turn(dir, false, || panic!("the first copy waited")).unwrap() {
            Turn::Run(copy) => copy,
            other => panic!("the first copy got {other:?}"),
        }
    }

    const A_WHILE: Duration = Duration::from_secs(10);

    /// A first copy runs; a supervised second one, on a thread, waits for it (and gets no turn
    /// while it runs). The first then ends, having recorded `reason` (`None`: a crash, which
    /// records nothing). Returns the second copy's turn.
    fn turn_of_a_supervised_copy_after(reason: Option<ExitReason>) -> Turn {
        let dir = tempfile::tempdir().unwrap();
        let first = running(dir.path());
        let (waits, waiting) = mpsc::channel();
        let (turns, turn) = mpsc::channel();
        let second_dir = dir.path().to_path_buf();
        std::thread::spawn(move || {
            let taken = take_turn(&second_dir, true, || waits.send(()).unwrap()).unwrap();
            turns.send(taken).unwrap();
        });
        waiting
            .recv_timeout(A_WHILE)
            .expect("the second copy waits");
        assert!(turn.recv_timeout(Duration::from_millis(300)).is_err());
        if let Some(reason) = reason {
            first.record_exit(&reason).unwrap();
        }
        drop(first);
        turn.recv_timeout(A_WHILE)
            .expect("a turn after the first ended")
    }

    #[test]
    fn a_second_copy_a_person_started_leaves_while_the_first_runs() {
        let dir = tempfile::tempdir().unwrap();
        let first = running(dir.path());
        let second = take_turn(dir.path(), false, || panic!("it waited")).unwrap();
        assert!(matches!(second, Turn::AnotherRuns), "{second:?}");
        drop(first);
        let third = take_turn(dir.path(), false, || panic!("it waited")).unwrap();
        assert!(matches!(third, Turn::Run(_)), "{third:?}");
    }

    #[test]
    fn a_supervised_copy_waits_and_takes_over_after_a_crash() {
        // A crash records nothing: the file still says the first copy runs.
        let taken = turn_of_a_supervised_copy_after(None);
        assert!(matches!(taken, Turn::Run(_)), "{taken:?}");
    }

    #[test]
    fn a_supervised_copy_stays_off_after_the_operators_exit() {
        let taken = turn_of_a_supervised_copy_after(Some(ExitReason::OperatorExit));
        assert!(matches!(taken, Turn::StayOff), "{taken:?}");
    }

    #[test]
    fn a_supervised_copy_takes_over_after_the_watchdog_or_the_daily_restart() {
        for reason in [
            ExitReason::WatchdogGaveUp {
                fault: "the page stopped answering".into(),
            },
            ExitReason::ScheduledRestart,
            ExitReason::Signal(15),
        ] {
            let taken = turn_of_a_supervised_copy_after(Some(reason.clone()));
            assert!(matches!(taken, Turn::Run(_)), "{reason:?}: {taken:?}");
        }
    }

    #[test]
    fn a_copy_started_after_the_operators_exit_runs() {
        let dir = tempfile::tempdir().unwrap();
        let first = running(dir.path());
        first.record_exit(&ExitReason::OperatorExit).unwrap();
        drop(first);
        for supervised in [false, true] {
            let taken = take_turn(dir.path(), supervised, || panic!("it waited")).unwrap();
            assert!(matches!(taken, Turn::Run(_)), "{taken:?}");
        }
        let words = fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
        assert_eq!(words.trim(), RUNNING);
    }
}
