//! A thin, typed, blocking client of the few Syncthing REST endpoints the fleet uses (docs/fleet.md):
//! is the packs folder complete (`folder_status`), undo local edits in it (`revert`), wake on a
//! change (`events`), and who is this engine (`ping`, `system_status`); `setup` pairs a kiosk with
//! its anchor through the config API. The engine is the one on this machine, so the client speaks
//! plain HTTP to loopback with the API key in `X-API-Key`; the key never appears in an error, a log
//! line or `Debug`. Every call has connect and read time limits and reads at most
//! `MAX_RESPONSE_BYTES` of an answer: a wedged or hostile local process costs the kiosk's fleet
//! thread a bounded wait, never its memory. Field names and behaviours are those of Syncthing
//! 1.19.2 (Debian bookworm), which later versions keep.
//!
//! Pure Rust and no Tauri: the kiosk calls it from its own thread, `screening-kiosk fleet` from the
//! command line.

mod config_xml;
mod events;
mod folder;
pub mod setup;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use events::{event_type, Event, EventWatch, Wake};
pub use folder::{Completeness, FolderStatus, Incomplete};

/// No answer of the endpoints used here comes near this; a larger one is refused, not read.
pub const MAX_RESPONSE_BYTES: u64 = 1024 * 1024;
/// Enough of an error answer to quote to staff.
const MAX_ERROR_BODY_BYTES: u64 = 4 * 1024;
/// An error's quote of Syncthing's answer is cut to this many characters.
const MAX_QUOTED_CHARS: usize = 200;
/// The engine is on this machine: a connection that takes longer is not coming.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A whole ordinary call, answer included. Config changes wait for Syncthing to save its config.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);
/// How long after its long-poll timeout an events call may still take before it counts as hung.
const EVENTS_GRACE: Duration = Duration::from_secs(10);
/// The longest long poll `events` asks for; the kiosk polls again anyway.
pub const MAX_EVENTS_TIMEOUT: Duration = Duration::from_secs(300);

/// What went wrong talking to Syncthing, naming the endpoint (`GET /rest/db/status`) and never
/// containing the API key.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Syncthing's `config.xml` could not give an address and key.
    #[error("cannot use Syncthing's config {}: {problem}", path.display())]
    Config { path: PathBuf, problem: String },
    /// An address, key, device id or folder id this client would not send.
    #[error("{what}: {problem}")]
    Invalid { what: &'static str, problem: String },
    /// No answer: nothing listening, a timeout, a broken connection.
    #[error("Syncthing at {base} did not answer {endpoint}: {problem}")]
    Unreachable {
        endpoint: &'static str,
        base: String,
        problem: String,
    },
    /// The API key was refused (HTTP 401 or 403).
    #[error("Syncthing refused the API key for {endpoint} (HTTP {status}): the apikey read from config.xml is not the one this Syncthing uses (another Syncthing on that address, or a config.xml of another user?)")]
    KeyRefused { endpoint: &'static str, status: u16 },
    /// Any other answer outside 2xx; `message` quotes the start of Syncthing's answer.
    #[error("Syncthing answered {endpoint} with HTTP {status}: {message}")]
    Status {
        endpoint: &'static str,
        status: u16,
        message: String,
    },
    #[error("Syncthing's answer to {endpoint} is larger than {limit} bytes; not read")]
    TooLarge { endpoint: &'static str, limit: u64 },
    /// An answer that is not the JSON this client expects of the endpoint.
    #[error("Syncthing's answer to {endpoint} is not what this kiosk understands: {problem}")]
    Malformed {
        endpoint: &'static str,
        problem: String,
    },
}

/// The local Syncthing's REST API: where it listens and its key.
#[derive(Clone)]
pub struct Api {
    /// `http://host:port`, no trailing slash.
    base: String,
    key: String,
    agent: ureq::Agent,
    /// `CALL_TIMEOUT` and `EVENTS_GRACE`, shorter in tests.
    call_timeout: Duration,
    events_grace: Duration,
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api")
            .field("base", &self.base)
            .field("key", &"<redacted>")
            .finish()
    }
}

/// What `GET /rest/system/status` says about the engine (a few of its fields).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemStatus {
    /// This engine's device id, what the anchor adds to pair with it.
    #[serde(rename = "myID")]
    pub my_id: String,
    /// Seconds since the engine started.
    #[serde(default)]
    pub uptime: u64,
    /// When the engine started (RFC 3339): a change means it restarted.
    #[serde(default)]
    pub start_time: String,
}

impl Api {
    /// The API at `address` (`127.0.0.1:8384`, `http://127.0.0.1:8384`, `:8384`; `0.0.0.0` and
    /// `[::]` mean this machine's loopback) with `key`.
    pub fn new(address: &str, key: &str) -> Result<Api, Error> {
        let base = api_base(address)?;
        check_key(key).map_err(|problem| Error::Invalid {
            what: "Syncthing API key",
            problem,
        })?;
        Ok(Api::with(base, key.to_owned()))
    }

    /// The API that Syncthing's own `config.xml` names in its `<gui>` element.
    pub fn from_config_xml(path: &Path) -> Result<Api, Error> {
        let gui = config_xml::read_gui(path)?;
        let config_error = |problem: String| Error::Config {
            path: path.to_owned(),
            problem,
        };
        let base = base_url(&gui.address)
            .map_err(|problem| config_error(format!("its <gui><address>: {problem}")))?;
        check_key(&gui.key)
            .map_err(|problem| config_error(format!("its <gui><apikey>: {problem}")))?;
        Ok(Api::with(base, gui.key))
    }

    /// The same key at another address: the kiosk's settings may name the address while the key
    /// comes from `config.xml`.
    pub fn at_address(self, address: &str) -> Result<Api, Error> {
        Ok(Api {
            base: api_base(address)?,
            ..self
        })
    }

    fn with(base: String, key: String) -> Api {
        Api {
            base,
            key,
            agent: agent(),
            call_timeout: CALL_TIMEOUT,
            events_grace: EVENTS_GRACE,
        }
    }

    /// Where Syncthing keeps `config.xml` by default on this OS, the newer location first: on
    /// Linux `$XDG_STATE_HOME/syncthing` (Syncthing 1.27 and later) then `~/.config/syncthing`
    /// (earlier ones, 1.19 among them).
    pub fn default_config_paths() -> Vec<PathBuf> {
        config_xml::default_paths()
    }

    /// The first of `default_config_paths` that exists.
    pub fn default_config_path() -> Option<PathBuf> {
        Self::default_config_paths()
            .into_iter()
            .find(|p| p.is_file())
    }

    /// `http://host:port` of the API.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Whether Syncthing answers and takes the key.
    pub fn ping(&self) -> Result<(), Error> {
        self.get_json::<serde_json::Value>("GET /rest/system/ping", "/rest/system/ping", &[])
            .map(drop)
    }

    pub fn system_status(&self) -> Result<SystemStatus, Error> {
        self.get_json("GET /rest/system/status", "/rest/system/status", &[])
    }

    /// How far `folder` is in sync on this device.
    pub fn folder_status(&self, folder: &str) -> Result<FolderStatus, Error> {
        check_folder_id(folder)?;
        self.get_json(
            "GET /rest/db/status",
            "/rest/db/status",
            &[("folder", folder)],
        )
    }

    /// Asks Syncthing to undo the local changes in a receive-only `folder`. Syncthing answers at
    /// once and reverts in the background: `folder_status` shows when it is done.
    pub fn revert(&self, folder: &str) -> Result<(), Error> {
        self.post_folder("POST /rest/db/revert", "/rest/db/revert", folder)
    }

    /// Asks Syncthing to rescan `folder` now rather than at its next interval (what a publisher
    /// calls after writing a pack).
    pub fn scan(&self, folder: &str) -> Result<(), Error> {
        self.post_folder("POST /rest/db/scan", "/rest/db/scan", folder)
    }

    /// A bodiless POST to `path?folder=<folder>`, the answer ignored.
    fn post_folder(&self, endpoint: &'static str, path: &str, folder: &str) -> Result<(), Error> {
        check_folder_id(folder)?;
        self.send(
            endpoint,
            ureq::http::Method::POST,
            path,
            &[("folder", folder)],
            None,
        )
        .map(drop)
    }

    /// The events after `since` whose type is in `filter` (all but the chatty ones when empty),
    /// waiting up to `timeout` (at most `MAX_EVENTS_TIMEOUT`) for the first: an empty list means
    /// the wait ran out. Ids count up by one within one filter, so a gap means missed events; use
    /// `EventWatch`, which keeps count and notices gaps and restarts.
    pub fn events(
        &self,
        since: u64,
        timeout: Duration,
        filter: &[&str],
    ) -> Result<Vec<Event>, Error> {
        let timeout = timeout.min(MAX_EVENTS_TIMEOUT);
        self.events_query(since, timeout, filter, None)
    }

    /// The id of the newest event of `filter` that Syncthing still holds (0 if none), without
    /// waiting.
    pub fn latest_event_id(&self, filter: &[&str]) -> Result<u64, Error> {
        let events = self.events_query(0, Duration::ZERO, filter, Some(1))?;
        Ok(events.last().map_or(0, |e| e.id))
    }

    fn events_query(
        &self,
        since: u64,
        timeout: Duration,
        filter: &[&str],
        limit: Option<u32>,
    ) -> Result<Vec<Event>, Error> {
        for kind in filter {
            if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(Error::Invalid {
                    what: "Syncthing event type",
                    problem: format!("{kind:?} is not an event type name"),
                });
            }
        }
        let since = since.to_string();
        let wait = timeout.as_secs().to_string();
        let types = filter.join(",");
        // A wake after a long quiet time can bring up to Syncthing's whole buffer of a thousand
        // events; the newest ones are the ones that matter, and the gap before them says the rest
        // were missed.
        let limit = limit.unwrap_or(EVENTS_PER_CALL).to_string();
        let mut query = vec![
            ("since", since.as_str()),
            ("timeout", wait.as_str()),
            ("limit", limit.as_str()),
        ];
        if !types.is_empty() {
            query.push(("events", types.as_str()));
        }
        let body = self.request(
            "GET /rest/events",
            ureq::http::Method::GET,
            "/rest/events",
            &query,
            None,
            timeout + self.events_grace,
        )?;
        parse_json("GET /rest/events", &body)
    }

    fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        endpoint: &'static str,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, Error> {
        let body = self.send(endpoint, ureq::http::Method::GET, path, query, None)?;
        parse_json(endpoint, &body)
    }

    /// Sends `body` as JSON with `method` (POST, PUT, PATCH) and returns the answer's bytes.
    fn send_json(
        &self,
        endpoint: &'static str,
        method: ureq::http::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<Vec<u8>, Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Invalid {
            what: "request body",
            problem: e.to_string(),
        })?;
        self.send(endpoint, method, path, &[], Some(bytes))
    }

    fn send(
        &self,
        endpoint: &'static str,
        method: ureq::http::Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Result<Vec<u8>, Error> {
        self.request(endpoint, method, path, query, body, self.call_timeout)
    }

    fn request(
        &self,
        endpoint: &'static str,
        method: ureq::http::Method,
        path: &str,
        query: &[(&str, &str)],
        body: Option<Vec<u8>>,
        deadline: Duration,
    ) -> Result<Vec<u8>, Error> {
        let url = format!("{}{path}", self.base);
        let unreachable = |problem: String| Error::Unreachable {
            endpoint,
            base: self.base.clone(),
            problem: self.redact(&problem),
        };
        let transport = |e: ureq::Error| match e {
            ureq::Error::BodyExceedsLimit(_) => Error::TooLarge {
                endpoint,
                limit: MAX_RESPONSE_BYTES,
            },
            other => unreachable(describe_transport_error(&other, deadline)),
        };

        let response = if method == ureq::http::Method::GET {
            self.agent
                .get(&url)
                .header("X-API-Key", &self.key)
                .query_pairs(query.iter().copied())
                .config()
                .timeout_global(Some(deadline))
                .build()
                .call()
        } else {
            let request = match method {
                ureq::http::Method::PUT => self.agent.put(&url),
                ureq::http::Method::PATCH => self.agent.patch(&url),
                _ => self.agent.post(&url),
            }
            .header("X-API-Key", &self.key)
            .query_pairs(query.iter().copied())
            .config()
            .timeout_global(Some(deadline))
            .build();
            match body {
                Some(bytes) => request
                    .header("Content-Type", "application/json")
                    .send(&bytes[..]),
                None => request.send_empty(),
            }
        };
        let mut response = response.map_err(transport)?;

        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            if status == 401 || status == 403 {
                return Err(Error::KeyRefused { endpoint, status });
            }
            let mut quoted = Vec::new();
            // The quote is a courtesy: an answer that breaks off still gets its status reported.
            let _ = response
                .body_mut()
                .as_reader()
                .take(MAX_ERROR_BODY_BYTES)
                .read_to_end(&mut quoted);
            return Err(Error::Status {
                endpoint,
                status,
                message: self.quote(&quoted),
            });
        }
        response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()
            .map_err(transport)
    }

    /// A printable, short, key-free quote of an answer's bytes.
    fn quote(&self, bytes: &[u8]) -> String {
        let text = String::from_utf8_lossy(bytes);
        let mut quoted: String = text
            .trim()
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(MAX_QUOTED_CHARS)
            .collect();
        if text.trim().chars().count() > MAX_QUOTED_CHARS {
            quoted.push_str("...");
        }
        if quoted.is_empty() {
            quoted.push_str("(no message)");
        }
        self.redact(&quoted)
    }

    fn redact(&self, text: &str) -> String {
        if self.key.is_empty() {
            text.to_owned()
        } else {
            text.replace(&self.key, "<api key>")
        }
    }
}

/// Events one call asks for at most.
const EVENTS_PER_CALL: u32 = 200;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        // Status codes are read here, with the start of the answer quoted in the error.
        .http_status_as_error(false)
        // The engine is on this machine: a proxy from the environment must not see the key.
        .proxy(None)
        // Syncthing's API never redirects; following one would carry the key elsewhere.
        .max_redirects(0)
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .user_agent(concat!("screening-kiosk/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
}

fn describe_transport_error(error: &ureq::Error, deadline: Duration) -> String {
    match error {
        ureq::Error::Timeout(ureq::Timeout::Connect) => format!(
            "no connection within {} s (is Syncthing running?)",
            CONNECT_TIMEOUT.as_secs()
        ),
        ureq::Error::Timeout(_) => format!("no complete answer within {} s", deadline.as_secs()),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused (is Syncthing running, and is this its GUI address?)".to_owned()
        }
        ureq::Error::HostNotFound => "the host name does not resolve".to_owned(),
        other => other.to_string(),
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(
    endpoint: &'static str,
    body: &[u8],
) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| Error::Malformed {
        endpoint,
        problem: e.to_string(),
    })
}

/// `base_url` of an address given to this client (not read from `config.xml`).
fn api_base(address: &str) -> Result<String, Error> {
    base_url(address).map_err(|problem| Error::Invalid {
        what: "Syncthing API address",
        problem,
    })
}

/// `http://host:port` for an address as Syncthing writes it in `<gui><address>`.
fn base_url(address: &str) -> Result<String, String> {
    let address = address.trim();
    if address.starts_with("https://") {
        return Err(tls_problem());
    }
    if address.starts_with('/') || address.starts_with("unix") {
        return Err(format!(
            "{address:?} is a Unix socket; the kiosk talks to Syncthing over TCP on loopback: set the GUI address to 127.0.0.1:8384"
        ));
    }
    let host_port = address
        .strip_prefix("http://")
        .unwrap_or(address)
        .trim_end_matches('/');
    if host_port.is_empty() {
        return Err("it is empty".to_owned());
    }
    if !host_port
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
    {
        return Err(format!("{host_port:?} is not host:port"));
    }
    // An address Syncthing listens on for every interface is reached here through loopback.
    let host_port = if let Some(port) = host_port.strip_prefix("0.0.0.0:") {
        format!("127.0.0.1:{port}")
    } else if let Some(port) = host_port.strip_prefix("[::]:") {
        format!("[::1]:{port}")
    } else if let Some(port) = host_port.strip_prefix(':') {
        format!("127.0.0.1:{port}")
    } else {
        host_port.to_owned()
    };
    let port = host_port
        .rsplit_once(':')
        .filter(|(host, _)| !host.is_empty() && !host.ends_with('['))
        .map(|(_, port)| port);
    match port.map(str::parse::<u16>) {
        Some(Ok(port)) if port > 0 => Ok(format!("http://{host_port}")),
        _ => Err(format!(
            "{host_port:?} has no port (expected host:port, e.g. 127.0.0.1:8384)"
        )),
    }
}

fn tls_problem() -> String {
    "Syncthing's GUI uses HTTPS, but the kiosk talks plain HTTP to it on loopback: in Syncthing's \
     settings (GUI tab) untick \"Use HTTPS for GUI\", or set tls=\"false\" on <gui> in config.xml, \
     and keep the GUI address on 127.0.0.1"
        .to_owned()
}

fn check_key(key: &str) -> Result<(), String> {
    if key.is_empty() {
        return Err("it is empty".to_owned());
    }
    // It goes into a header as is, so nothing that could end or fold the header line.
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("it holds spaces or control characters".to_owned());
    }
    Ok(())
}

fn check_folder_id(folder: &str) -> Result<(), Error> {
    if folder.is_empty() || folder.len() > 256 || folder.chars().any(char::is_control) {
        return Err(Error::Invalid {
            what: "Syncthing folder id",
            problem: format!("{folder:?} is not a folder id"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
