//! The fleet's Syncthing client against the real engine (Debian's `syncthing`, which
//! `cargo xtask test` installs): engines on loopback, paired and shared through the kiosk's own
//! `fleet::syncthing::setup`, checking what the kiosk assumes of them. The packs folder is
//! complete only once every byte arrived, a file in transit or stalled keeps it incomplete and is
//! named, a local edit in the receive-only folder shows and `revert` undoes it, and the event
//! stream's long poll keeps its timeout and wakes on a change.
//!
//! Without Syncthing these fail and say how to install it: they are what the kiosk's swap rule
//! rests on, so a machine that cannot run them must not look green.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use screening_kiosk_lib::fleet::syncthing::setup::{self, PACKS_FOLDER_ID};
use screening_kiosk_lib::fleet::syncthing::{
    event_type, Completeness, EventWatch, FolderStatus, Incomplete,
};

use crate::util::syncthing::{
    self as engines, pair, share_packs, wait_for, wait_for_file, wait_until_in_sync, Syncthing,
    QUICK_RESCAN,
};

/// Generous: on loopback a small pack is across in about a second once the engines connect.
const SYNC_TIMEOUT: Duration = Duration::from_secs(40);

/// Random, so Syncthing can neither compress it nor reuse blocks of it.
const LARGE_FILE_BYTES: usize = 64 * 1024 * 1024;
/// Slow enough that the large file takes a minute, so it is surely in transit when looked at.
const THROTTLE_KIB_PER_S: u32 = 1024;

fn random_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        // xorshift64*: fast and plenty random for this.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        bytes.extend_from_slice(&state.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

/// A pack and a plan as the anchor publishes them: `packs/<id>@<version>/...` and `fleet.toml`.
fn publish_pack(anchor_dir: &Path, name: &str, large_file: Option<&[u8]>) {
    let pack = anchor_dir.join("packs").join(name);
    fs::create_dir_all(pack.join("trailer")).unwrap();
    fs::write(pack.join("manifest.toml"), format!("id = \"{name}\"\n")).unwrap();
    fs::write(pack.join("checksums.sha256"), "0000  manifest.toml\n").unwrap();
    if let Some(bytes) = large_file {
        fs::write(pack.join("trailer/trailer.mp4"), bytes).unwrap();
    }
    fs::write(
        anchor_dir.join("fleet.toml"),
        format!("format = 1\npack = \"{name}\"\n"),
    )
    .unwrap();
}

/// Every file under `dir` (Syncthing's own `.st*` folders and temporary files left out).
fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".st") || name.starts_with(".syncthing.") {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                pending.push(entry.path());
            } else {
                let relative = entry.path().strip_prefix(dir).unwrap().to_path_buf();
                files.insert(relative, fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

/// Waits for `engine`'s packs folder to have a status that is `wanted`, and returns it.
fn wait_for_packs_status(
    what: &str,
    engine: &Syncthing,
    engines: &[&Syncthing],
    wanted: impl Fn(&FolderStatus) -> bool,
) -> FolderStatus {
    wait_for(what, SYNC_TIMEOUT, engines, || {
        let status = engine.folder_status(PACKS_FOLDER_ID);
        if wanted(&status) {
            Ok(status)
        } else {
            Err(format!("{status:?}"))
        }
    })
}

fn assert_same_files(anchor_dir: &Path, kiosk_dir: &Path) {
    let sent = files_under(anchor_dir);
    let received = files_under(kiosk_dir);
    let names = |files: &BTreeMap<PathBuf, Vec<u8>>| files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&received), names(&sent), "the kiosk's files");
    for (name, bytes) in &sent {
        assert!(
            received[name] == *bytes,
            "{} differs on the kiosk",
            name.display()
        );
    }
}

#[test]
fn a_large_pack_in_transit_keeps_the_folder_incomplete_until_every_byte_arrived() {
    let started = Instant::now();
    let anchor = Syncthing::start("anchor");
    let kiosk = Syncthing::start("kiosk");
    let anchor_dir = tempfile::tempdir().unwrap();
    let kiosk_dir = tempfile::tempdir().unwrap();
    let large = random_bytes(LARGE_FILE_BYTES, 0x5eed);
    publish_pack(anchor_dir.path(), "festival@1", Some(&large));

    kiosk.throttle_receiving(Some(THROTTLE_KIB_PER_S));
    pair(&anchor, &kiosk);
    share_packs(&anchor, &[&kiosk], anchor_dir.path(), &[kiosk_dir.path()]);
    assert!(
        matches!(
            kiosk.folder_status(PACKS_FOLDER_ID).completeness(),
            Completeness::Incomplete(_)
        ),
        "complete before anything arrived"
    );

    // Part of the large file is across (Syncthing counts the bytes of a file in progress), the
    // rest still to come.
    let in_transit = wait_for_packs_status(
        "the large file in transit",
        &kiosk,
        &[&anchor, &kiosk],
        |status| {
            let part_across = (1..LARGE_FILE_BYTES as i64).contains(&status.need_bytes);
            status.state == "syncing" && part_across && status.global_files == 4
        },
    );
    let Completeness::Incomplete(why) = in_transit.completeness() else {
        panic!("complete mid-transfer: {in_transit:?}")
    };
    assert!(
        matches!(
            why,
            Incomplete::StillToCome {
                files: 1..,
                bytes: 1..,
                transferring: true,
                ..
            }
        ),
        "{why:?}"
    );
    let said = why.to_string();
    assert!(
        said.starts_with("syncing: ") && said.contains(" MB)") && said.ends_with("still to come"),
        "{said}"
    );
    eprintln!(
        "in transit after {:.1?}: {said} ({} bytes)",
        started.elapsed(),
        in_transit.need_bytes
    );

    // The anchor goes away mid-transfer: still incomplete, and the reason says so.
    kiosk.set_paused(&anchor, true);
    let stalled = wait_for(
        "the transfer stalled",
        SYNC_TIMEOUT,
        &[&anchor, &kiosk],
        || {
            let status = kiosk.folder_status(PACKS_FOLDER_ID);
            match status.completeness() {
                Completeness::Incomplete(
                    why @ Incomplete::StillToCome {
                        transferring: false,
                        ..
                    },
                )
                | Completeness::Incomplete(why @ Incomplete::FailedFiles { .. }) => Ok(why),
                other => Err(format!("{other:?} {status:?}")),
            }
        },
    );
    eprintln!("stalled after {:.1?}: {stalled}", started.elapsed());
    assert!(
        !kiosk_dir
            .path()
            .join("packs/festival@1/trailer/trailer.mp4")
            .exists(),
        "the large file is in place before it all arrived"
    );

    kiosk.set_paused(&anchor, false);
    kiosk.throttle_receiving(None);
    // The first status that says complete must find every byte in place.
    wait_until_in_sync(&kiosk, PACKS_FOLDER_ID, SYNC_TIMEOUT, &[&anchor]);
    assert_same_files(anchor_dir.path(), kiosk_dir.path());
    eprintln!("complete after {:.1?}", started.elapsed());
}

#[test]
fn a_local_edit_in_the_receive_only_folder_shows_and_revert_restores_the_anchors_files() {
    let anchor = Syncthing::start("anchor");
    let kiosk = Syncthing::start("kiosk");
    let anchor_packs = tempfile::tempdir().unwrap();
    let anchor_status = tempfile::tempdir().unwrap();
    let kiosk_packs = tempfile::tempdir().unwrap();
    let kiosk_status = tempfile::tempdir().unwrap();
    publish_pack(anchor_packs.path(), "festival@1", None);

    // The calls `screening-kiosk fleet join` makes, on both sides.
    setup::admit_kiosk(
        anchor.api(),
        &setup::Admit {
            kiosk_id: "lobby-1",
            kiosk: kiosk.device_id(),
            kiosk_address: &kiosk.address(),
            packs_dir: anchor_packs.path(),
            status_dir: anchor_status.path(),
            rescan: QUICK_RESCAN,
        },
    )
    .unwrap_or_else(|e| anchor.fail(&e.to_string()));
    setup::join_anchor(
        kiosk.api(),
        &setup::Join {
            kiosk_id: "lobby-1",
            anchor: anchor.device_id(),
            anchor_address: &anchor.address(),
            packs_dir: kiosk_packs.path(),
            status_dir: kiosk_status.path(),
            local_discovery: false,
            rescan: QUICK_RESCAN,
        },
    )
    .unwrap_or_else(|e| kiosk.fail(&e.to_string()));

    wait_until_in_sync(&kiosk, PACKS_FOLDER_ID, SYNC_TIMEOUT, &[&anchor]);
    assert_same_files(anchor_packs.path(), kiosk_packs.path());

    // The status folder goes the other way.
    fs::write(kiosk_status.path().join("heartbeat.json"), "{\"format\":1}").unwrap();
    kiosk.scan(&setup::status_folder_id("lobby-1"));
    wait_for_file(
        "the heartbeat on the anchor",
        &anchor_status.path().join("heartbeat.json"),
        "{\"format\":1}",
        SYNC_TIMEOUT,
        &[&anchor, &kiosk],
    );

    // Someone at the kiosk edits the plan and drops a file into a pack.
    fs::write(
        kiosk_packs.path().join("fleet.toml"),
        "format = 1\npack = \"mine@1\"\n",
    )
    .unwrap();
    fs::write(
        kiosk_packs.path().join("packs/festival@1/extra.txt"),
        "hello",
    )
    .unwrap();
    kiosk.scan(PACKS_FOLDER_ID);
    let edited = wait_for_packs_status("the local changes counted", &kiosk, &[&kiosk], |status| {
        status.receive_only_changed_total_items >= 2
    });
    let Completeness::Incomplete(why) = edited.completeness() else {
        panic!("complete with local changes: {edited:?}")
    };
    assert!(
        matches!(why, Incomplete::LocalChanges { items: 2, .. }),
        "{why:?} {edited:?}"
    );
    assert!(
        why.to_string()
            .starts_with("2 local changes in a receive-only folder"),
        "{why}"
    );

    kiosk
        .api()
        .revert(PACKS_FOLDER_ID)
        .unwrap_or_else(|e| kiosk.fail(&e.to_string()));
    wait_until_in_sync(&kiosk, PACKS_FOLDER_ID, SYNC_TIMEOUT, &[&anchor]);
    // The edit is undone and the added file is gone.
    assert_same_files(anchor_packs.path(), kiosk_packs.path());
}

#[test]
fn the_event_long_poll_keeps_its_timeout_and_wakes_on_a_change() {
    let engine = Syncthing::start("solo");
    let dir = tempfile::tempdir().unwrap();
    setup::add_folder(
        engine.api(),
        &setup::Folder {
            id: "solo",
            label: "solo",
            path: dir.path(),
            kind: setup::FolderType::SendReceive,
            devices: &[],
            // No periodic rescan to wake the poll by chance; the watcher reacts within a second.
            rescan: setup::Rescan {
                interval_secs: 3600,
                watch: true,
                watch_delay_secs: 1,
            },
        },
    )
    .unwrap_or_else(|e| engine.fail(&e.to_string()));
    wait_for("the folder idle", SYNC_TIMEOUT, &[&engine], || {
        let status = engine.folder_status("solo");
        (status.state == "idle").then_some(()).ok_or(status.state)
    });

    let filter = [event_type::LOCAL_INDEX_UPDATED, event_type::ITEM_FINISHED];
    let mut watch = EventWatch::new(&filter);
    // Nothing happens: the poll returns, empty, when its timeout runs out.
    let asked = Instant::now();
    let quiet = watch
        .wait(engine.api(), Duration::from_secs(2))
        .unwrap_or_else(|e| engine.fail(&e.to_string()));
    let waited = asked.elapsed();
    assert!(quiet.events.is_empty(), "{quiet:?}");
    assert!(
        waited >= Duration::from_millis(1900) && waited < Duration::from_secs(5),
        "{waited:?}"
    );

    // Something happens: the poll wakes long before its timeout.
    let api = engine.api().clone();
    let waiting = std::thread::spawn(move || {
        let asked = Instant::now();
        let wake = watch.wait(&api, Duration::from_secs(60));
        (wake, asked.elapsed())
    });
    std::thread::sleep(Duration::from_millis(300));
    fs::write(dir.path().join("new.txt"), "news").unwrap();
    let (wake, waited) = waiting.join().unwrap();
    let wake = wake.unwrap_or_else(|e| engine.fail(&e.to_string()));
    eprintln!(
        "woken after {waited:.1?} by {:?}",
        wake.events.iter().map(|e| &e.kind).collect::<Vec<_>>()
    );
    assert!(waited < Duration::from_secs(20), "{waited:?}");
    let update = wake
        .events
        .iter()
        .find(|e| e.kind == event_type::LOCAL_INDEX_UPDATED)
        .unwrap_or_else(|| engine.fail(&format!("no LocalIndexUpdated: {wake:?}")));
    assert_eq!(update.folder(), Some("solo"));
    assert!(!wake.missed, "{wake:?}");
}

#[test]
fn without_syncthing_the_tests_say_how_to_get_it() {
    assert_eq!(engines::find_on_path("syncthing", Some("".into())), None);
    assert!(engines::missing_syncthing_message().contains("cargo xtask test"));
}
