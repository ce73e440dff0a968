//! The client against a fake Syncthing on loopback: a `TcpListener` that records each request and
//! answers with canned bytes, for the paths a real engine rarely takes (a refused key, a huge or
//! broken answer, silence). The real engine's behaviour is tested in tests/integration.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::*;

const KEY: &str = "s3cretKeyThatMustNeverShow";

/// One request as the fake server saw it.
#[derive(Debug)]
struct Seen {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Serves `answers` in order, one connection each, and reports what it was asked.
fn fake_syncthing(answers: Vec<Vec<u8>>) -> (Api, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for answer in answers {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap();
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
            let length = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.parse().unwrap());
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let _ = tx.send(Seen {
                request_line: request_line.trim_end().to_owned(),
                headers,
                body,
            });
            let mut stream = reader.into_inner();
            // The client may give up first (a body over its limit).
            let _ = stream.write_all(&answer);
            let _ = stream.flush();
        }
    });
    let mut api = Api::new(&format!("127.0.0.1:{port}"), KEY).unwrap();
    api.call_timeout = Duration::from_secs(2);
    api.events_grace = Duration::from_secs(1);
    (api, rx)
}

fn answer(status: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn assert_no_key(error: &Error) {
    let text = format!("{error} {error:?}");
    assert!(!text.contains(KEY), "the key leaked: {text}");
}

#[test]
fn the_key_goes_in_its_header_and_the_folder_in_the_query() {
    let status = br#"{"state":"idle","needTotalItems":0,"pullErrors":0,"globalTotalItems":3,"receiveOnlyTotalItems":0}"#;
    let (api, seen) = fake_syncthing(vec![answer("200 OK", status)]);
    let folder = api.folder_status("kiosk packs/1").unwrap();
    assert_eq!(folder.completeness(), Completeness::Complete);
    let request = seen.recv().unwrap();
    assert_eq!(
        request.request_line,
        "GET /rest/db/status?folder=kiosk%20packs%2F1 HTTP/1.1"
    );
    assert_eq!(request.header("x-api-key"), Some(KEY));
}

#[test]
fn a_refused_key_is_named_without_the_key() {
    let (api, _seen) = fake_syncthing(vec![answer("403 Forbidden", b"CSRF Error\n")]);
    let error = api.ping().unwrap_err();
    assert!(
        matches!(
            error,
            Error::KeyRefused {
                status: 403,
                endpoint: "GET /rest/system/ping"
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("is not the one this Syncthing uses"),
        "{error}"
    );
    assert_no_key(&error);
}

#[test]
fn an_error_answer_is_quoted_short_and_without_the_key() {
    let echo = format!("no such folder {KEY}\n{}", "x".repeat(10_000));
    let (api, _seen) = fake_syncthing(vec![answer("404 Not Found", echo.as_bytes())]);
    let error = api.folder_status("kiosk-packs").unwrap_err();
    let Error::Status {
        status, message, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 404);
    assert!(message.starts_with("no such folder <api key>"), "{message}");
    assert!(message.len() < 300, "{}", message.len());
    assert_no_key(&error);
}

#[test]
fn a_huge_answer_is_cut_off_not_read() {
    let huge = vec![b' '; 3 * MAX_RESPONSE_BYTES as usize];
    let (api, _seen) = fake_syncthing(vec![answer("200 OK", &huge)]);
    let error = api.system_status().unwrap_err();
    assert!(
        matches!(
            error,
            Error::TooLarge {
                endpoint: "GET /rest/system/status",
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn an_answer_of_another_shape_is_malformed() {
    let (api, _seen) = fake_syncthing(vec![answer("200 OK", br#"{"state": 3}"#)]);
    let error = api.folder_status("kiosk-packs").unwrap_err();
    assert!(matches!(error, Error::Malformed { .. }), "{error:?}");
}

#[test]
fn nothing_listening_is_unreachable_with_a_hint() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let api = Api::new(&format!("127.0.0.1:{port}"), KEY).unwrap();
    let error = api.ping().unwrap_err();
    assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
    assert!(
        error.to_string().contains("is Syncthing running"),
        "{error}"
    );
    assert_no_key(&error);
}

#[test]
fn a_silent_engine_costs_a_bounded_wait() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts and never answers.
    let _held = thread::spawn(move || {
        let kept: Vec<_> = listener.incoming().take(2).collect();
        thread::sleep(Duration::from_secs(10));
        drop(kept);
    });
    let mut api = Api::new(&format!("127.0.0.1:{port}"), KEY).unwrap();
    api.call_timeout = Duration::from_millis(500);
    api.events_grace = Duration::from_millis(500);
    let started = Instant::now();
    let error = api.folder_status("kiosk-packs").unwrap_err();
    assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // The long poll's own wait comes on top of the grace, never the other way round.
    let started = Instant::now();
    let error = api.events(0, Duration::from_secs(1), &[]).unwrap_err();
    let waited = started.elapsed();
    assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
    assert!(
        waited >= Duration::from_millis(1400) && waited < Duration::from_secs(4),
        "{waited:?}"
    );
}

fn event(id: u64, kind: &str) -> String {
    format!(
        r#"{{"id":{id},"globalID":{},"time":"2026-12-07T14:03:28.123456789+01:00","type":"{kind}","data":{{"folder":"kiosk-packs","from":"syncing","to":"idle"}}}}"#,
        id + 100
    )
}

/// An answer of `GET /rest/events`: a `StateChanged` event of each id.
fn state_changes(ids: &[u64]) -> Vec<u8> {
    let events: Vec<String> = ids.iter().map(|&id| event(id, "StateChanged")).collect();
    answer("200 OK", format!("[{}]", events.join(",")).as_bytes())
}

#[test]
fn events_are_asked_for_by_filter_and_gaps_are_missed_events() {
    let (api, seen) = fake_syncthing(vec![
        state_changes(&[1, 2]),
        state_changes(&[5]), // a gap
        state_changes(&[6]),
    ]);
    let mut watch = EventWatch::new(&[event_type::STATE_CHANGED, event_type::FOLDER_SUMMARY]);

    let wake = watch.wait(&api, Duration::from_secs(5)).unwrap();
    assert!(wake.missed, "the first wait has nothing before it");
    assert_eq!(wake.events.len(), 2);
    assert_eq!(wake.events[1].kind, "StateChanged");
    assert_eq!(wake.events[1].global_id, 102);
    assert_eq!(wake.events[1].folder(), Some("kiosk-packs"));
    let request = seen.recv().unwrap();
    assert_eq!(
        request.request_line,
        "GET /rest/events?since=0&timeout=5&limit=200&events=StateChanged%2CFolderSummary HTTP/1.1"
    );

    let wake = watch.wait(&api, Duration::from_secs(5)).unwrap();
    assert!(wake.missed, "3 and 4 are missing");
    assert!(seen.recv().unwrap().request_line.contains("since=2&"));

    let wake = watch.wait(&api, Duration::from_secs(5)).unwrap();
    assert!(!wake.missed);
    assert_eq!(watch.position(), 6);
}

#[test]
fn a_restarted_engine_is_noticed_though_its_waits_run_out() {
    let (api, seen) = fake_syncthing(vec![
        state_changes(&[40]),
        // Restarted: nothing after 40 will come for a long time ...
        state_changes(&[]),
        // ... and its newest event is 3.
        state_changes(&[3]),
        state_changes(&[]),
        state_changes(&[3]),
    ]);
    let mut watch = EventWatch::new(&[event_type::STATE_CHANGED]);
    watch.wait(&api, Duration::from_secs(1)).unwrap();
    let wake = watch.wait(&api, Duration::from_secs(1)).unwrap();
    assert!(wake.missed && wake.events.is_empty(), "{wake:?}");
    assert_eq!(watch.position(), 3);
    let probe = seen.iter().nth(2).unwrap();
    assert!(
        probe.request_line.contains("since=0&timeout=0&limit=1"),
        "{}",
        probe.request_line
    );
    // A quiet engine that did not restart is a plain timeout.
    let wake = watch.wait(&api, Duration::from_secs(1)).unwrap();
    assert!(!wake.missed && wake.events.is_empty(), "{wake:?}");
}

#[test]
fn a_failed_wait_starts_over_and_reports_missed_events() {
    let (api, _seen) = fake_syncthing(vec![
        state_changes(&[1]),
        answer("500 Internal Server Error", b"oops"),
        state_changes(&[2]),
    ]);
    let mut watch = EventWatch::new(&[]);
    watch.wait(&api, Duration::from_secs(1)).unwrap();
    assert!(watch.wait(&api, Duration::from_secs(1)).is_err());
    assert_eq!(watch.position(), 0);
    let wake = watch.wait(&api, Duration::from_secs(1)).unwrap();
    assert!(wake.missed);
}

#[test]
fn event_filters_are_names_only() {
    let (api, _seen) = fake_syncthing(vec![]);
    let error = api
        .events(0, Duration::from_secs(1), &["StateChanged&since=9"])
        .unwrap_err();
    assert!(matches!(error, Error::Invalid { .. }), "{error:?}");
}

#[test]
fn the_closed_lan_options_are_sent_as_syncthing_names_them() {
    let (api, seen) = fake_syncthing(vec![answer("200 OK", b"")]);
    setup::close_to_the_internet(
        &api,
        &setup::ClosedLan {
            local_discovery: false,
            listen_addresses: Some(vec!["tcp://0.0.0.0:22000".into()]),
        },
    )
    .unwrap();
    let request = seen.recv().unwrap();
    assert_eq!(request.request_line, "PATCH /rest/config/options HTTP/1.1");
    assert_eq!(request.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "globalAnnounceEnabled": false,
            "relaysEnabled": false,
            "natEnabled": false,
            "urAccepted": -1,
            "autoUpgradeIntervalH": 0,
            "crashReportingEnabled": false,
            "startBrowser": false,
            "localAnnounceEnabled": false,
            "listenAddresses": ["tcp://0.0.0.0:22000"],
        })
    );
}

#[test]
fn a_folder_is_added_with_its_type_and_devices() {
    let (api, seen) = fake_syncthing(vec![answer("200 OK", b"")]);
    let anchor =
        setup::DeviceId::parse("PZZ5D3E-NNXI4LK-CJT6ULR-TXSCUQD-TJYIVXH-ZLONRPP-U6AHYOJ-3K7AEA4")
            .unwrap();
    setup::add_folder(
        &api,
        &setup::Folder {
            id: "kiosk-packs",
            label: "Kiosk packs",
            path: Path::new("/srv/kiosk/packs"),
            kind: setup::FolderType::ReceiveOnly,
            devices: std::slice::from_ref(&anchor),
            rescan: setup::Rescan::default(),
        },
    )
    .unwrap();
    let request = seen.recv().unwrap();
    assert_eq!(request.request_line, "POST /rest/config/folders HTTP/1.1");
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["type"], "receiveonly");
    assert_eq!(body["path"], "/srv/kiosk/packs");
    assert_eq!(body["devices"][0]["deviceID"], anchor.as_str());
    assert_eq!(body["rescanIntervalS"], 3600);
    assert_eq!(body["fsWatcherEnabled"], true);
}

#[test]
fn addresses_are_taken_as_syncthing_writes_them() {
    assert_eq!(
        Api::new("0.0.0.0:8384", "k").unwrap().base(),
        "http://127.0.0.1:8384"
    );
    assert_eq!(
        Api::new("http://[::]:8384/", "k").unwrap().base(),
        "http://[::1]:8384"
    );
    for bad in [
        "",
        "localhost",
        "127.0.0.1:",
        "127.0.0.1:99999",
        "a b:1",
        "[::]",
    ] {
        assert!(Api::new(bad, "k").is_err(), "{bad:?}");
    }
    let tls = Api::new("https://127.0.0.1:8384", "k")
        .unwrap_err()
        .to_string();
    assert!(tls.contains("plain HTTP"), "{tls}");
    let socket = Api::new("/run/syncthing.sock", "k")
        .unwrap_err()
        .to_string();
    assert!(socket.contains("Unix socket"), "{socket}");
    assert!(Api::new("127.0.0.1:8384", "").is_err());
    assert!(Api::new("127.0.0.1:8384", "a\r\nb").is_err());
}

#[test]
fn debug_never_shows_the_key() {
    let api = Api::new("127.0.0.1:8384", KEY).unwrap();
    let shown = format!("{api:?}");
    assert!(
        !shown.contains(KEY) && shown.contains("127.0.0.1:8384"),
        "{shown}"
    );
}
