//! Power loss, approximated by SIGKILL: a process saving settings in a tight loop is killed at a
//! varying moment, 200 times; after every kill the settings must load, from the saved file, and
//! hold a value that was actually saved. (A longer run belongs in a benchmark script, not here.)

use screening_kiosk_lib::settings::Settings;
use screening_kiosk_lib::settings_file::{self, Source};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

const WRITER_ENV: &str = "SCREENING_KIOSK_SETTINGS_WRITER";
const ITERATIONS: u64 = 200;

#[test]
#[ignore = "the writer process of settings_survive_being_killed_mid_write, which spawns it"]
fn settings_writer_process() {
    let path = PathBuf::from(std::env::var_os(WRITER_ENV).expect("spawned by the power-loss test"));
    let mut secs = 100;
    loop {
        settings_file::save(
            &path,
            &Settings {
                idle_timeout_secs: secs,
            },
        )
        .unwrap();
        secs = if secs == 100 { 200 } else { 100 };
    }
}

#[test]
fn settings_survive_being_killed_mid_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    settings_file::save(
        &path,
        &Settings {
            idle_timeout_secs: 90,
        },
    )
    .unwrap();
    let this_test_binary = std::env::current_exe().unwrap();
    let mut saw_a_new_value = 0;
    for iteration in 0..ITERATIONS {
        let mut writer = Command::new(&this_test_binary)
            .args([
                "--ignored",
                "--exact",
                "settings_writer_process",
                "--test-threads=1",
            ])
            .env(WRITER_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Vary the moment of the kill across the writer's start-up and its saves.
        std::thread::sleep(Duration::from_millis(5 + iteration * 7 % 41));
        writer.kill().unwrap(); // SIGKILL on Unix: no destructors, no flushing
        writer.wait().unwrap();

        let (settings, source) = settings_file::load(&path);
        assert_eq!(
            source,
            Source::Saved,
            "iteration {iteration}: the saved file was damaged"
        );
        assert!(
            [90, 100, 200].contains(&settings.idle_timeout_secs),
            "iteration {iteration}: {settings:?} was never saved"
        );
        if settings.idle_timeout_secs != 90 {
            saw_a_new_value += 1;
        }
    }
    assert!(
        saw_a_new_value > ITERATIONS / 4,
        "the writer rarely got to save ({saw_a_new_value} of {ITERATIONS}): the test did not test much"
    );
}
