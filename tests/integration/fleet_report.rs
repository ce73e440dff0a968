//! `screening-kiosk fleet` on the anchor, run as staff and cron run it: fifty generated status
//! folders, healthy, silent, ahead of time, refused, waiting and broken in every way a folder from
//! another machine can be, read by the real binary into the right row for each kiosk, with the
//! alert exit code and no panic; and their proof of play merged into one CSV.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use screening_kiosk_lib::fleet::status::{
    DisplayPower, FaultRecord, FleetProgress, FleetState, Heartbeat, PackShown, PlayItem,
    PlayRecord, PlayTrigger, Showing, TodayCounts, HEARTBEAT_FILE, PLAYS_DIR,
};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_screening-kiosk");

fn heartbeat(id: &str, written_at: DateTime<Utc>) -> Heartbeat {
    Heartbeat {
        format: 1,
        kiosk_id: id.into(),
        kiosk_name: format!("Kiosk {id}"),
        app_version: "0.1.0".into(),
        written_at,
        uptime_secs: 7200,
        interval_secs: 60,
        pack: Some(PackShown {
            name: "trailer@3".into(),
            digest: Some("ab".repeat(32)),
        }),
        fleet: FleetProgress {
            desired: Some("trailer@3".into()),
            state: FleetState::Current,
            detail: None,
            maintenance: false,
        },
        showing: Showing::Attract,
        display_power: DisplayPower::On,
        last_fault: None,
        free_disk_bytes: Some(40_000_000_000),
        today: TodayCounts::default(),
    }
}

fn play(id: &str, n: usize, started: DateTime<Utc>, item: PlayItem) -> PlayRecord {
    PlayRecord {
        play_id: format!("{id}-run1-{n}"),
        kiosk_id: id.into(),
        pack: "trailer@3".into(),
        item,
        language: (item == PlayItem::Trailer).then(|| "en".to_string()),
        captions: n.is_multiple_of(2),
        started,
        ended: started + Duration::seconds(49),
        duration_secs: 49.4,
        completed: true,
        trigger: match item {
            PlayItem::Trailer => PlayTrigger::Visitor,
            PlayItem::Attract => PlayTrigger::Loop,
        },
    }
}

fn folder(dir: &Path, id: &str) -> PathBuf {
    let folder = dir.join(format!("status-{id}"));
    fs::create_dir_all(&folder).unwrap();
    folder
}

fn write_heartbeat(dir: &Path, id: &str, beat: &Heartbeat) {
    let bytes = serde_json::to_vec_pretty(beat).unwrap();
    fs::write(folder(dir, id).join(HEARTBEAT_FILE), bytes).unwrap();
}

fn write_plays(dir: &Path, id: &str, day: NaiveDate, lines: &[String]) {
    let plays = folder(dir, id).join(PLAYS_DIR);
    fs::create_dir_all(&plays).unwrap();
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(plays.join(format!("{day}.jsonl")), text).unwrap();
}

fn run(args: &[&str]) -> Output {
    let output = Command::new(BIN).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    output
}

/// Fifty status folders and the verdict each must get; today's trailer plays of the healthy ones.
struct Fleet {
    dir: tempfile::TempDir,
    _outside: tempfile::TempDir,
    verdicts: BTreeMap<String, &'static str>,
    trailer_plays_today: BTreeMap<String, u64>,
    /// The lines of every plays file: well-formed plays and the malformed ones.
    plays: usize,
    malformed_plays: usize,
    today: NaiveDate,
}

fn generate_fleet(now: DateTime<Utc>) -> Fleet {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let today = now.date_naive();
    let mut verdicts = BTreeMap::new();
    let mut trailer_plays_today = BTreeMap::new();
    let (mut plays, mut malformed_plays) = (0, 0);
    let mut expect = |id: String, verdict| {
        assert!(verdicts.insert(id, verdict).is_none());
    };
    for n in 0..29 {
        let id = format!("healthy-{n:02}");
        let mut beat = heartbeat(&id, now - Duration::seconds(20 + n));
        if n == 3 {
            beat.last_fault = Some(FaultRecord {
                at: now - Duration::minutes(30),
                fault: "film-stalled".into(),
                recovery: "reloaded the page".into(),
            });
        }
        write_heartbeat(dir.path(), &id, &beat);
        if n % 3 == 0 {
            let trailers = n as usize % 7 + 1;
            let mut lines: Vec<String> = (0..trailers)
                .map(|k| {
                    let started = now - Duration::minutes(10 + k as i64);
                    serde_json::to_string(&play(&id, k, started, PlayItem::Trailer)).unwrap()
                })
                .collect();
            lines.push(
                serde_json::to_string(&play(
                    &id,
                    99,
                    now - Duration::minutes(1),
                    PlayItem::Attract,
                ))
                .unwrap(),
            );
            plays += lines.len();
            if n == 6 {
                lines.insert(1, "{\"playId\": \"cut off mid-wr".into());
                malformed_plays += 1;
            }
            write_plays(dir.path(), &id, today, &lines);
            let yesterday: Vec<String> = (0..2)
                .map(|k| {
                    let started = now - Duration::days(1) - Duration::minutes(k);
                    serde_json::to_string(&play(&id, 100 + k as usize, started, PlayItem::Trailer))
                        .unwrap()
                })
                .collect();
            plays += yesterday.len();
            write_plays(dir.path(), &id, today - Duration::days(1), &yesterday);
            trailer_plays_today.insert(id.clone(), trailers as u64);
        }
        expect(id, "ok");
    }
    for n in 0..5 {
        let id = format!("silent-{n}");
        write_heartbeat(
            dir.path(),
            &id,
            &heartbeat(&id, now - Duration::hours(2 + n)),
        );
        expect(id, "silent");
    }
    for n in 0..3 {
        let id = format!("future-{n}");
        write_heartbeat(dir.path(), &id, &heartbeat(&id, now + Duration::hours(1)));
        expect(id, "problem");
    }
    for (verdict, kiosks, state, detail) in [
        (
            "refused",
            4,
            FleetState::Refused,
            "trailer@4: trailer/trailer.mp4 is not as checksums.sha256 says",
        ),
        (
            "waiting",
            3,
            FleetState::Waiting,
            "trailer@4: 3 of 9 files still to come",
        ),
    ] {
        for n in 0..kiosks {
            let id = format!("{verdict}-{n}");
            let mut beat = heartbeat(&id, now - Duration::seconds(30));
            beat.fleet.desired = Some("trailer@4".into());
            beat.fleet.state = state;
            beat.fleet.detail = Some(detail.into());
            write_heartbeat(dir.path(), &id, &beat);
            expect(id, verdict);
        }
    }
    let broken = |id: &str, bytes: &[u8]| {
        fs::write(folder(dir.path(), id).join(HEARTBEAT_FILE), bytes).unwrap();
    };
    broken(
        "malformed",
        b"{\n  \"format\": 1,\n  \"kioskId\": \"malformed\",,\n}",
    );
    expect("malformed".into(), "problem");
    let mut newer = serde_json::to_value(heartbeat("new-format", now)).unwrap();
    newer["format"] = 2.into();
    broken("new-format", newer.to_string().as_bytes());
    expect("new-format".into(), "problem");
    let mut huge = b"{\"format\": 1, \"kioskName\": \"".to_vec();
    huge.resize(10 * 1024 * 1024, b'A');
    huge.extend_from_slice(b"\"}");
    broken("huge", &huge);
    expect("huge".into(), "problem");
    let elsewhere = outside.path().join("heartbeat.json");
    fs::write(
        &elsewhere,
        serde_json::to_vec(&heartbeat("linked", now)).unwrap(),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        &elsewhere,
        folder(dir.path(), "linked").join(HEARTBEAT_FILE),
    )
    .unwrap();
    expect("linked".into(), "problem");
    write_heartbeat(dir.path(), "copied", &heartbeat("healthy-00", now));
    expect("copied".into(), "problem");
    folder(dir.path(), "missing");
    expect("missing".into(), "problem");
    // Not kiosks: Syncthing's marker and a stray file.
    fs::create_dir(dir.path().join(".stfolder")).unwrap();
    fs::write(dir.path().join("notes.txt"), "not a kiosk").unwrap();
    assert_eq!(verdicts.len(), 50);
    Fleet {
        dir,
        _outside: outside,
        verdicts,
        trailer_plays_today,
        plays,
        malformed_plays,
        today,
    }
}

fn problem_of(kiosk: &serde_json::Value) -> String {
    let problem = &kiosk["problems"][0];
    format!(
        "{}:{}",
        problem["file"].as_str().unwrap(),
        problem["message"].as_str().unwrap()
    )
}

#[test]
fn fifty_status_folders_give_the_right_row_for_each_kiosk() {
    let fleet = generate_fleet(Utc::now());
    let dir = fleet.dir.path().to_str().unwrap();
    let output = run(&["fleet", dir, "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let kiosks = report["kiosks"].as_array().unwrap();
    let got: BTreeMap<String, &str> = kiosks
        .iter()
        .map(|k| {
            (
                k["kiosk_id"].as_str().unwrap().to_string(),
                k["verdict"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, fleet.verdicts);
    let ids: Vec<&str> = kiosks
        .iter()
        .map(|k| k["kiosk_id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "rows sorted by kiosk id");
    assert_eq!(
        report["summary"],
        serde_json::json!({"kiosks": 50, "ok": 29, "waiting": 3, "refused": 4, "problem": 9, "silent": 5})
    );
    assert_eq!(report["problems"], serde_json::json!([]));

    let kiosk = |id: &str| kiosks.iter().find(|k| k["kiosk_id"] == id).unwrap();
    let heartbeat_of = |id: &str| {
        fleet
            .dir
            .path()
            .join(format!("status-{id}"))
            .join(HEARTBEAT_FILE)
            .display()
            .to_string()
    };
    let healthy = kiosk("healthy-03");
    assert_eq!(healthy["name"], "Kiosk healthy-03");
    assert_eq!(healthy["pack_shown"], "trailer@3");
    assert_eq!(healthy["showing"], "attract");
    assert_eq!(healthy["display_power"], "on");
    assert_eq!(healthy["free_disk_bytes"], 40_000_000_000u64);
    assert_eq!(healthy["last_fault"]["fault"], "film-stalled");
    assert_eq!(healthy["silent_after_secs"], 180);
    assert!(healthy["problems"].as_array().unwrap().is_empty());
    if Utc::now().date_naive() == fleet.today {
        for (id, count) in &fleet.trailer_plays_today {
            assert_eq!(kiosk(id)["plays_today"], *count, "{id}");
            assert_eq!(kiosk(id)["plays_today_from"], "plays-file", "{id}");
        }
    }
    assert!(kiosk("silent-4")["last_seen_secs_ago"].as_u64().unwrap() >= 6 * 3600);
    let refused = kiosk("refused-0");
    assert_eq!(refused["pack_desired"], "trailer@4");
    assert_eq!(
        refused["fleet_detail"],
        "trailer@4: trailer/trailer.mp4 is not as checksums.sha256 says"
    );
    let ahead = kiosk("future-0");
    assert!(ahead["clock_skew_secs"].as_i64().unwrap() > 3500);
    assert!(
        problem_of(ahead).contains(":clock ahead by "),
        "{}",
        problem_of(ahead)
    );
    assert_eq!(
        ahead["verdict"], "problem",
        "not silent: seen when it arrived"
    );

    let malformed = &kiosk("malformed")["problems"][0];
    assert_eq!(malformed["file"], heartbeat_of("malformed"));
    assert_eq!(
        (&malformed["line"], &malformed["column"]),
        (&3.into(), &26.into())
    );
    assert!(malformed["message"]
        .as_str()
        .unwrap()
        .starts_with("heartbeat is not valid JSON: "));
    for (id, says) in [
        (
            "new-format",
            "heartbeat is format 2; this screening-kiosk reads format 1",
        ),
        (
            "huge",
            "heartbeat is 10485762 bytes, more than a heartbeat's 65536: not read",
        ),
        ("linked", "heartbeat is a symlink; not followed"),
        (
            "copied",
            "heartbeat is kiosk \"healthy-00\"'s, not \"copied\"'s",
        ),
        ("missing", "no heartbeat: the kiosk has not written one yet"),
    ] {
        let problem = problem_of(kiosk(id));
        assert!(
            problem.starts_with(&format!("{}:{says}", heartbeat_of(id))),
            "{id}: {problem}"
        );
    }
    assert!(
        kiosk("linked")["name"].is_null(),
        "the symlink was followed"
    );

    // The table: the same verdict on each kiosk's line, the summary last.
    let output = run(&["fleet", dir]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("KIOSK"), "{text}");
    for (id, verdict) in &fleet.verdicts {
        let line = lines.next().unwrap();
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            (fields[0], fields[1]),
            (id.as_str(), verdict.to_uppercase().as_str()),
            "{line}"
        );
    }
    assert!(text.contains(
        "\n  refused-0: refused: trailer@4: trailer/trailer.mp4 is not as checksums.sha256 says\n"
    ));
    assert!(text.contains(&format!(
        "\n  huge: {}: heartbeat is 10485762 bytes",
        heartbeat_of("huge")
    )));
    assert_eq!(
        text.lines().last().unwrap(),
        "50 kiosks: 5 silent, 4 refused, 3 waiting, 9 with a problem, 29 ok"
    );
}

#[test]
fn fleet_status_writes_the_page_and_exits_by_what_it_found() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc::now();
    for id in ["foyer-1", "foyer-2"] {
        write_heartbeat(dir.path(), id, &heartbeat(id, now - Duration::seconds(5)));
    }
    let page = dir.path().join("report/fleet.html");
    let output = run(&[
        "fleet",
        "status",
        dir.path().to_str().unwrap(),
        "--html",
        page.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    assert!(html.contains("<span class=\"id\">foyer-2</span>"));
    assert!(!html.contains("<script"));
    assert!(String::from_utf8(output.stdout)
        .unwrap()
        .ends_with("2 kiosks: 0 silent, 0 refused, 0 waiting, 0 with a problem, 2 ok\n"));

    // Everyone silent once the threshold is shorter than the wait.
    let silent = run(&["fleet", dir.path().to_str().unwrap(), "--silent-after", "1"]);
    assert_eq!(silent.status.code(), Some(1));

    let gone = dir.path().join("no-such-folder");
    let output = run(&["fleet", gone.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(&format!(
            "screening-kiosk: cannot read the status folder {}:",
            gone.display()
        )),
        "{stderr}"
    );
}

#[test]
fn fleet_plays_merges_every_kiosks_lines_into_one_csv_and_names_a_bad_line() {
    let now = Utc::now();
    let fleet = generate_fleet(now);
    let dir = fleet.dir.path().to_str().unwrap();
    let output = run(&["fleet", "plays", dir, "--csv"]);
    assert_eq!(output.status.code(), Some(1), "a line was skipped");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let bad_file = fleet
        .dir
        .path()
        .join("status-healthy-06")
        .join(PLAYS_DIR)
        .join(format!("{}.jsonl", fleet.today));
    assert!(
        stderr.contains(&format!(
            "{}:2: line skipped: not a play record: ",
            bad_file.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("1 line(s) skipped"), "{stderr}");

    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "play_id",
            "kiosk_id",
            "pack",
            "item",
            "language",
            "captions",
            "started",
            "ended",
            "duration_secs",
            "completed",
            "trigger"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), fleet.plays);
    assert!(fleet.malformed_plays == 1);
    let keys: Vec<(DateTime<Utc>, String)> = rows
        .iter()
        .map(|r| (r[6].parse().unwrap(), r[1].to_string()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sorted by started, then kiosk");
    assert!(rows
        .iter()
        .all(|r| r[0].starts_with(&format!("{}-run1-", &r[1]))));

    let yesterday = fleet.today - Duration::days(1);
    let out = fleet.dir.path().join("exports/plays.csv");
    let output = run(&[
        "fleet",
        "plays",
        dir,
        "--csv",
        "--day",
        &yesterday.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(output.stdout.is_empty());
    let csv = fs::read_to_string(&out).unwrap();
    assert_eq!(csv.lines().count(), 1 + 2 * fleet.trailer_plays_today.len());
}
