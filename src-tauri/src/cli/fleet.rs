//! `screening-kiosk fleet join|admit|id`: pairing a kiosk with the festival's anchor in two
//! commands. `fleet id` on the anchor gives the id `fleet join` takes on each kiosk; `join` sets up
//! the kiosk's Syncthing (closed to the internet, the anchor, `kiosk-packs` received and
//! `status-<kiosk>` sent), writes the kiosk's `fleet` settings beside its others, and prints the
//! `fleet admit` line to run on the anchor, which does the anchor's half. Every step goes through
//! `fleet::syncthing::setup`, whose config calls replace rather than add (`POST
//! /rest/config/devices` and `/folders` replace an entry of the same id), so running either again is
//! safe. The API key is read from Syncthing's `config.xml` and never printed.
//!
//! Exit codes: 0 done; 1 a bad value (kiosk id, device id, address, folder, name); 2 Syncthing
//! cannot be reached, refuses the key or a change, its config.xml is unusable, or the kiosk's
//! settings file cannot be read or written. clap's own usage errors (a missing or unknown option)
//! exit 2 as well.

use super::{EXIT_INVALID, EXIT_UNREADABLE, EXIT_VALID};
use crate::content::printable;
use crate::fleet::syncthing::setup::{self, DeviceAddress, DeviceId};
use crate::fleet::syncthing::{self, Api};
use crate::settings::{self, durable, is_kiosk_id, FleetSettings, Settings};
use std::io::Write;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::path::{Path, PathBuf};

/// Syncthing's own default folder, under the user's home on every OS; the fleet's folders go in it.
const SYNC_DIR: &str = "KioskSync";
/// Syncthing's sync port when an address names none (and its `default` listen address).
const SYNC_PORT: u16 = 22000;
const LONGEST_NAME: usize = 80;

#[derive(Debug, Clone, clap::Args)]
pub struct SyncthingArgs {
    /// Syncthing's config.xml, for its API address and key (default: Syncthing's own place for
    /// this user, e.g. ~/.local/state/syncthing/config.xml or ~/.config/syncthing/config.xml).
    #[arg(long, value_name = "PATH")]
    pub syncthing_config: Option<PathBuf>,
}

impl SyncthingArgs {
    /// `--syncthing-config`, made absolute against `cwd`.
    fn config_path(&self, cwd: &Path) -> Option<PathBuf> {
        self.syncthing_config.as_deref().map(|p| absolute(cwd, p))
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct JoinArgs {
    /// This kiosk's id in the fleet: 1 to 40 of a-z, 0-9 and '-' (names its status-ID folder and
    /// its rules in fleet.toml).
    #[arg(long, value_name = "ID")]
    pub kiosk_id: String,
    /// What staff call it, e.g. "Foyer, left" (at most 80 characters).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The anchor's Syncthing device id (`screening-kiosk fleet id` on the anchor).
    #[arg(long, value_name = "DEVICE_ID")]
    pub anchor: String,
    /// Where to reach the anchor: tcp://IP:22000 (or just IP, or IP:PORT), or `dynamic` to find it
    /// by local discovery (needs --local-discovery).
    #[arg(long, value_name = "ADDRESS", default_value = "dynamic")]
    pub anchor_address: String,
    /// Let Syncthing announce and find devices on the LAN by broadcast (off by default).
    #[arg(long)]
    pub local_discovery: bool,
    /// Where the packs arrive (default: ~/KioskSync/kiosk-packs).
    #[arg(long, value_name = "DIR")]
    pub packs_dir: Option<PathBuf>,
    /// Where the kiosk writes its heartbeat and proof of play (default: ~/KioskSync/status-ID).
    #[arg(long, value_name = "DIR")]
    pub status_dir: Option<PathBuf>,
    #[command(flatten)]
    pub syncthing: SyncthingArgs,
}

#[derive(Debug, Clone, clap::Args)]
pub struct AdmitArgs {
    /// The kiosk's id, as given to `fleet join` on it.
    #[arg(long, value_name = "ID")]
    pub kiosk_id: String,
    /// The kiosk's Syncthing device id (`fleet join` prints it).
    #[arg(long, value_name = "DEVICE_ID")]
    pub device: String,
    /// Where to reach the kiosk: tcp://IP:22000 (or IP, or IP:PORT), or `dynamic` (the default:
    /// the kiosk dials the anchor, or local discovery finds it).
    #[arg(long, value_name = "ADDRESS", default_value = "dynamic")]
    pub address: String,
    /// Let Syncthing announce and find devices on the LAN by broadcast (needed when kiosks join
    /// with `--anchor-address dynamic`). Applies to the whole anchor: give it to every admit or none.
    #[arg(long)]
    pub local_discovery: bool,
    /// The packs folder the anchor sends, created Send Only if this Syncthing has no kiosk-packs
    /// folder yet (default: ~/KioskSync/kiosk-packs); an existing one is kept where it is.
    #[arg(long, value_name = "DIR")]
    pub packs_dir: Option<PathBuf>,
    /// The folder holding every kiosk's status-ID folder, the one `screening-kiosk fleet DIR`
    /// reads (default: ~/KioskSync).
    #[arg(long, value_name = "DIR")]
    pub status_dir: Option<PathBuf>,
    #[command(flatten)]
    pub syncthing: SyncthingArgs,
}

#[derive(Debug, Clone, clap::Args)]
pub struct IdArgs {
    #[command(flatten)]
    pub syncthing: SyncthingArgs,
}

/// What `join` will do, every value checked and every folder absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinPlan {
    pub kiosk_id: String,
    pub name: Option<String>,
    pub anchor: DeviceId,
    pub anchor_address: DeviceAddress,
    pub local_discovery: bool,
    pub packs_dir: PathBuf,
    pub status_dir: PathBuf,
    pub syncthing_config: Option<PathBuf>,
}

/// What `admit` will do, every value checked and every folder absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdmitPlan {
    pub kiosk_id: String,
    pub device: DeviceId,
    pub address: DeviceAddress,
    pub local_discovery: bool,
    pub packs_dir: PathBuf,
    /// Whether `packs_dir` was given rather than defaulted.
    pub packs_dir_given: bool,
    /// Where this kiosk's status folder goes: `<status dir>/status-<id>`.
    pub status_folder: PathBuf,
    pub status_parent: PathBuf,
    pub syncthing_config: Option<PathBuf>,
}

impl JoinArgs {
    /// Checks the values and fills in the defaults: folders under `home`, relative paths against
    /// `cwd` (Syncthing and the kiosk run elsewhere).
    pub fn plan(&self, home: Option<&Path>, cwd: &Path) -> Result<JoinPlan, String> {
        let kiosk_id = check_kiosk_id(&self.kiosk_id)?;
        let name = match self.name.as_deref().map(str::trim) {
            None => None,
            Some("") => return Err("--name is empty; leave it out to use the kiosk id".into()),
            Some(name)
                if name.chars().count() > LONGEST_NAME || name.chars().any(char::is_control) =>
            {
                return Err(format!(
                    "--name is longer than {LONGEST_NAME} characters or has control characters"
                ))
            }
            Some(name) => Some(name.to_owned()),
        };
        let anchor = device_id("--anchor", &self.anchor)?;
        let anchor_address = device_address("--anchor-address", &self.anchor_address)?;
        if anchor_address == DeviceAddress::Dynamic && !self.local_discovery {
            return Err(
                "--anchor-address dynamic finds the anchor by local discovery: add --local-discovery, \
                 or give the anchor's address, e.g. --anchor-address tcp://192.168.1.10:22000"
                    .into(),
            );
        }
        let packs_dir = folder_option(self.packs_dir.as_deref(), home, cwd, |sync| {
            sync.join(setup::PACKS_FOLDER_ID)
        })?;
        let status_dir = folder_option(self.status_dir.as_deref(), home, cwd, |sync| {
            sync.join(setup::status_folder_id(&kiosk_id))
        })?;
        let plan = JoinPlan {
            kiosk_id,
            name,
            anchor,
            anchor_address,
            local_discovery: self.local_discovery,
            packs_dir,
            status_dir,
            syncthing_config: self.syncthing.config_path(cwd),
        };
        plan.fleet_settings(None).validate()?;
        Ok(plan)
    }
}

impl JoinPlan {
    /// The kiosk's `fleet` settings; a heartbeat interval and API address set by hand before
    /// (`earlier`) are kept.
    pub fn fleet_settings(&self, earlier: Option<&FleetSettings>) -> FleetSettings {
        FleetSettings {
            kiosk_id: self.kiosk_id.clone(),
            kiosk_name: self.name.clone(),
            packs_dir: self.packs_dir.clone(),
            packs_folder_id: settings::DEFAULT_PACKS_FOLDER_ID.into(),
            status_dir: self.status_dir.clone(),
            syncthing_config: self.syncthing_config.clone(),
            syncthing_address: earlier.and_then(|f| f.syncthing_address.clone()),
            heartbeat_secs: earlier.map_or(settings::DEFAULT_HEARTBEAT_SECS, |f| f.heartbeat_secs),
        }
    }
}

impl AdmitArgs {
    pub fn plan(&self, home: Option<&Path>, cwd: &Path) -> Result<AdmitPlan, String> {
        let kiosk_id = check_kiosk_id(&self.kiosk_id)?;
        let device = device_id("--device", &self.device)?;
        let address = device_address("--address", &self.address)?;
        let packs_dir = folder_option(self.packs_dir.as_deref(), home, cwd, |sync| {
            sync.join(setup::PACKS_FOLDER_ID)
        })?;
        let status_parent = folder_option(self.status_dir.as_deref(), home, cwd, |sync| sync)?;
        let status_folder = status_parent.join(setup::status_folder_id(&kiosk_id));
        check_apart(&packs_dir, &status_folder)?;
        Ok(AdmitPlan {
            kiosk_id,
            device,
            address,
            local_discovery: self.local_discovery,
            packs_dir,
            packs_dir_given: self.packs_dir.is_some(),
            status_folder,
            status_parent,
            syncthing_config: self.syncthing.config_path(cwd),
        })
    }
}

fn check_kiosk_id(id: &str) -> Result<String, String> {
    if is_kiosk_id(id) {
        Ok(id.to_owned())
    } else {
        Err(format!(
            "--kiosk-id {:?} is not a kiosk id: 1 to 40 of a-z, 0-9 and '-', not starting with '-'",
            printable(id)
        ))
    }
}

fn device_id(option: &str, text: &str) -> Result<DeviceId, String> {
    DeviceId::parse(text).map_err(|e| format!("{option}: {e}"))
}

/// `dynamic`, a Syncthing address (`tcp://192.168.1.10:22000`), or what staff are likely to type
/// for one: `192.168.1.10`, `192.168.1.10:22000`, `anchor.local`, `[fe80::1]:22000`.
pub fn device_address(option: &str, text: &str) -> Result<DeviceAddress, String> {
    let text = text.trim();
    let bad = || {
        format!(
            "{option} {:?} is not an address: give tcp://IP:22000 (or IP, or IP:PORT), or dynamic",
            printable(text)
        )
    };
    if text.contains("://") || text.eq_ignore_ascii_case("dynamic") {
        return DeviceAddress::parse(text).map_err(|_| bad());
    }
    let url = if let Ok(socket) = text.parse::<SocketAddr>() {
        format!("tcp://{socket}")
    } else if let Ok(ip) = text.parse::<IpAddr>() {
        format!("tcp://{}", SocketAddr::new(ip, SYNC_PORT))
    } else {
        let (host, port) = match text.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<u16>().map_err(|_| bad())?),
            None => (text, SYNC_PORT),
        };
        let host_name = !host.is_empty()
            && !host.starts_with(['-', '.'])
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if !host_name || port == 0 {
            return Err(bad());
        }
        format!("tcp://{host}:{port}")
    };
    DeviceAddress::parse(&url).map_err(|_| bad())
}

/// `--packs-dir` or `--status-dir` as given, made absolute against `cwd`; left out, `default` of
/// the fleet's folder under `home`.
fn folder_option(
    given: Option<&Path>,
    home: Option<&Path>,
    cwd: &Path,
    default: impl FnOnce(PathBuf) -> PathBuf,
) -> Result<PathBuf, String> {
    match given {
        Some(dir) => Ok(absolute(cwd, dir)),
        None => home.map(|h| default(h.join(SYNC_DIR))).ok_or_else(|| {
            "no home folder for this user (is HOME set?): give --packs-dir and --status-dir".into()
        }),
    }
}

fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_owned()
    } else {
        cwd.join(path)
    }
}

/// A status folder inside the packs folder would go to every kiosk, and the other way round.
fn check_apart(packs: &Path, status: &Path) -> Result<(), String> {
    if packs.starts_with(status) || status.starts_with(packs) {
        return Err(format!(
            "the packs folder {} and the status folder {} must be two separate folders, neither inside the other",
            printable(&packs.display().to_string()),
            printable(&status.display().to_string())
        ));
    }
    Ok(())
}

/// A failure with its exit code, said once on stderr.
struct Failed(i32, String);

impl Failed {
    fn bad(message: impl Into<String>) -> Failed {
        Failed(EXIT_INVALID, message.into())
    }
    fn unreachable(message: impl Into<String>) -> Failed {
        Failed(EXIT_UNREADABLE, message.into())
    }
}

impl From<syncthing::Error> for Failed {
    fn from(e: syncthing::Error) -> Failed {
        let code = match e {
            syncthing::Error::Invalid { .. } => EXIT_INVALID,
            _ => EXIT_UNREADABLE,
        };
        Failed(code, printable(&e.to_string()).into_owned())
    }
}

fn finish(command: &str, result: Result<(), Failed>, err: &mut impl Write) -> i32 {
    match result {
        Ok(()) => EXIT_VALID,
        Err(Failed(code, message)) => {
            let _ = writeln!(err, "screening-kiosk: fleet {command}: {message}");
            code
        }
    }
}

/// The local Syncthing's API, from `config` or Syncthing's default place for this user.
fn open_api(config: Option<&Path>) -> Result<(Api, PathBuf), Failed> {
    let path = match config {
        Some(path) => path.to_owned(),
        None => Api::default_config_path().ok_or_else(|| {
            let looked: Vec<String> = Api::default_config_paths()
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            Failed::unreachable(format!(
                "no Syncthing config.xml for this user (looked at {}): is Syncthing installed and has it run once as this user? Or give --syncthing-config PATH",
                printable(&looked.join(", "))
            ))
        })?,
    };
    Ok((Api::from_config_xml(&path)?, path))
}

fn this_device(api: &Api) -> Result<DeviceId, Failed> {
    let status = api.system_status()?;
    Ok(DeviceId::parse(&status.my_id)?)
}

/// Refuses to pair this machine (`me`) with itself: `option` gave its own id, not `whose`.
fn not_this_device(
    me: &DeviceId,
    option: &str,
    given: &DeviceId,
    whose: &str,
) -> Result<(), Failed> {
    if me == given {
        return Err(Failed::bad(format!(
            "{option} {given} is this machine's own device id: give {whose}"
        )));
    }
    Ok(())
}

/// The first line `join` and `admit` print: which Syncthing they set up, and that it is closed.
fn syncthing_line(api: &Api, config_path: &Path, local_discovery: bool) -> String {
    format!(
        "Syncthing at {} ({}): closed to the internet (no global discovery, relays, NAT traversal, upgrades, usage or crash reports; local discovery {})",
        api.base(),
        shown(config_path),
        if local_discovery { "on" } else { "off" }
    )
}

fn address_text(address: &DeviceAddress) -> &str {
    match address {
        DeviceAddress::Dynamic => "dynamic",
        DeviceAddress::Fixed(url) => url,
    }
}

fn shown(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

/// `fleet id`: this machine's Syncthing device id, alone on its line.
pub fn id(args: &IdArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let result = (|| {
        let (api, _) = open_api(args.syncthing.syncthing_config.as_deref())?;
        let id = this_device(&api)?;
        let _ = writeln!(out, "{id}");
        Ok(())
    })();
    finish("id", result, err)
}

/// `fleet join` on a kiosk: Syncthing first, then the settings, so the settings never name folders
/// Syncthing does not have.
pub fn join(args: &JoinArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let result = args
        .plan(dirs::home_dir().as_deref(), &cwd)
        .map_err(Failed::bad)
        .and_then(|plan| {
            let data_dir = crate::settings::data_dir().ok_or_else(|| {
                Failed::unreachable("no data folder for this user (is HOME set?)")
            })?;
            run_join(&plan, &data_dir.join(settings::STORE_FILE), out, err)
        });
    finish("join", result, err)
}

fn run_join(
    plan: &JoinPlan,
    settings_path: &Path,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), Failed> {
    // Read and checked before Syncthing is touched: a settings file that cannot take the fleet
    // stops the join with nothing changed.
    let settings = settings_with_fleet(settings_path, plan, err)?;
    let (api, config_path) = open_api(plan.syncthing_config.as_deref())?;
    let me = this_device(&api)?;
    not_this_device(
        &me,
        "--anchor",
        &plan.anchor,
        "the anchor's (`screening-kiosk fleet id` on the anchor)",
    )?;
    setup::join_anchor(
        &api,
        &setup::Join {
            kiosk_id: &plan.kiosk_id,
            anchor: &plan.anchor,
            anchor_address: &plan.anchor_address,
            packs_dir: &plan.packs_dir,
            status_dir: &plan.status_dir,
            local_discovery: plan.local_discovery,
            rescan: setup::Rescan::default(),
        },
    )?;
    let status_id = setup::status_folder_id(&plan.kiosk_id);
    durable::save(settings_path, &settings).map_err(|e| {
        Failed::unreachable(format!(
            "Syncthing is set up, but the settings could not be saved to {}: {e}; run this again once it is writable",
            shown(settings_path)
        ))
    })?;
    // Advice, not a step: a failure here costs the admit line its --address, nothing else.
    let listen = setup::options(&api)
        .ok()
        .map(|o| listen_addresses(&o))
        .unwrap_or_default();
    let my_address = kiosk_address_for_anchor(&plan.anchor_address, &listen);
    let leftovers: Vec<String> = setup::folder_ids(&api)
        .unwrap_or_default()
        .into_iter()
        .filter(|id| id.starts_with("status-") && *id != status_id)
        .collect();

    let _ = writeln!(
        out,
        "{}",
        syncthing_line(&api, &config_path, plan.local_discovery)
    );
    let _ = writeln!(
        out,
        "anchor {}, dialled at {}",
        plan.anchor,
        address_text(&plan.anchor_address)
    );
    let _ = writeln!(
        out,
        "{}: Receive Only from the anchor, into {}",
        setup::PACKS_FOLDER_ID,
        shown(&plan.packs_dir)
    );
    let _ = writeln!(
        out,
        "{status_id}: Send Only to the anchor, from {}",
        shown(&plan.status_dir)
    );
    let _ = writeln!(
        out,
        "settings: kiosk {} ({}) written to {}; the kiosk joins the fleet at its next start: restart it now if it is running (its operator panel, saved before then, would put back the settings it started with)",
        plan.kiosk_id,
        printable(plan.name.as_deref().unwrap_or(&plan.kiosk_id)),
        shown(settings_path)
    );
    for id in &leftovers {
        let _ = writeln!(
            err,
            "screening-kiosk: fleet join: note: this Syncthing also has the folder {} from an earlier join; remove it in Syncthing's GUI if that kiosk id is no longer used",
            printable(id)
        );
    }
    let _ = writeln!(out, "\nThis kiosk's device id: {me}");
    let _ = writeln!(out, "\nNow, on the anchor:");
    let _ = writeln!(out, "  {}", admit_command(plan, &me, my_address.as_deref()));
    Ok(())
}

/// The stored settings with the fleet's set, every other setting kept. A damaged file falls back
/// to its last good copy (said on `err`); with both damaged nothing is written, so a join never
/// silently resets a kiosk's other settings to their defaults.
fn settings_with_fleet(
    path: &Path,
    plan: &JoinPlan,
    err: &mut impl Write,
) -> Result<Settings, Failed> {
    let (mut settings, source) = durable::load::<Settings>(path);
    match source {
        durable::Source::Saved | durable::Source::FirstRun => {}
        durable::Source::LastGood { problem } => {
            let _ = writeln!(
                err,
                "screening-kiosk: fleet join: {}; keeping the other settings of its last good copy",
                printable(&problem)
            );
        }
        durable::Source::Defaults { problem } => {
            return Err(Failed::unreachable(format!(
                "cannot keep the kiosk's other settings: {}; nothing changed (fix or remove the file, then run this again)",
                printable(&problem)
            )))
        }
    }
    settings.fleet = Some(plan.fleet_settings(settings.fleet.as_ref()));
    settings.validate().map_err(|e| {
        Failed::bad(format!(
            "the settings in {} would not be valid: {e}",
            shown(path)
        ))
    })?;
    Ok(settings)
}

/// The line to run on the anchor. Every value in it is plain ASCII without spaces (a kiosk id, a
/// device id, a checked address), so it pastes into any shell as it is.
fn admit_command(plan: &JoinPlan, me: &DeviceId, my_address: Option<&str>) -> String {
    let mut line = format!(
        "screening-kiosk fleet admit --kiosk-id {} --device {me}",
        plan.kiosk_id
    );
    if let Some(address) = my_address {
        line.push_str(&format!(" --address {address}"));
    }
    if plan.local_discovery {
        line.push_str(" --local-discovery");
    }
    line
}

/// The `listenAddresses` of `GET /rest/config/options`.
fn listen_addresses(options: &serde_json::Value) -> Vec<String> {
    options
        .get("listenAddresses")
        .and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Where this engine takes TCP connections, as `listenAddresses` says: `(host, port)`, the host
/// `None` when it listens on every interface.
fn tcp_listen(listen: &[String]) -> Option<(Option<String>, u16)> {
    listen.iter().find_map(|address| {
        if address == "default" {
            return Some((None, SYNC_PORT));
        }
        let rest = ["tcp://", "tcp4://", "tcp6://"]
            .iter()
            .find_map(|scheme| address.strip_prefix(scheme))?;
        let (host, port) = rest.rsplit_once(':')?;
        let port = port.parse::<u16>().ok().filter(|p| *p > 0)?;
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let everywhere =
            bare.is_empty() || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_unspecified());
        Some(((!everywhere).then(|| host.to_owned()), port))
    })
}

/// The address the anchor can dial this kiosk at, so it connects the moment it admits the kiosk
/// rather than at the kiosk's next reconnection attempt (up to a minute later): the IP this machine
/// reaches the anchor from (a UDP socket's route, no packet sent) and its sync port. `None` when
/// the anchor is found by discovery or the route is unknown; the anchor then waits to be dialled.
fn kiosk_address_for_anchor(anchor: &DeviceAddress, listen: &[String]) -> Option<String> {
    let DeviceAddress::Fixed(url) = anchor else {
        return None;
    };
    let (host, port) = tcp_listen(listen)?;
    let host = match host {
        Some(host) => host,
        None => {
            let (_, authority) = url.split_once("://")?;
            let anchor = authority.to_socket_addrs().ok()?.next()?;
            let unspecified: SocketAddr = if anchor.is_ipv4() {
                "0.0.0.0:0".parse().ok()?
            } else {
                "[::]:0".parse().ok()?
            };
            let socket = UdpSocket::bind(unspecified).ok()?;
            socket.connect(anchor).ok()?;
            socket.local_addr().ok()?.ip().to_string()
        }
    };
    let url = match host.parse::<IpAddr>() {
        Ok(ip) => format!("tcp://{}", SocketAddr::new(ip, port)),
        Err(_) => format!("tcp://{host}:{port}"),
    };
    DeviceAddress::parse(&url).ok().map(|_| url)
}

/// `fleet admit` on the anchor.
pub fn admit(args: &AdmitArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let result = args
        .plan(dirs::home_dir().as_deref(), &cwd)
        .map_err(Failed::bad)
        .and_then(|plan| run_admit(&plan, out, err));
    finish("admit", result, err)
}

fn run_admit(plan: &AdmitPlan, out: &mut impl Write, err: &mut impl Write) -> Result<(), Failed> {
    let (api, config_path) = open_api(plan.syncthing_config.as_deref())?;
    let me = this_device(&api)?;
    not_this_device(
        &me,
        "--device",
        &plan.device,
        "the kiosk's (`fleet join` on the kiosk prints it)",
    )?;
    // An existing packs folder stays where it is; the status folder must be apart from it.
    let existing = setup::folder_config(&api, setup::PACKS_FOLDER_ID)?;
    let existing_path = existing
        .as_ref()
        .and_then(|f| f.get("path"))
        .and_then(serde_json::Value::as_str)
        .map(PathBuf::from);
    let packs_dir = existing_path
        .clone()
        .unwrap_or_else(|| plan.packs_dir.clone());
    check_apart(&packs_dir, &plan.status_folder).map_err(Failed::bad)?;
    if plan.packs_dir_given && existing_path.is_some() && packs_dir != plan.packs_dir {
        let _ = writeln!(
            err,
            "screening-kiosk: fleet admit: note: this Syncthing already sends {} from {}; --packs-dir {} is not used",
            setup::PACKS_FOLDER_ID,
            shown(&packs_dir),
            shown(&plan.packs_dir)
        );
    }
    setup::close_to_the_internet(
        &api,
        &setup::ClosedLan {
            local_discovery: plan.local_discovery,
            listen_addresses: None,
        },
    )?;
    setup::admit_kiosk(
        &api,
        &setup::Admit {
            kiosk_id: &plan.kiosk_id,
            kiosk: &plan.device,
            kiosk_address: &plan.address,
            packs_dir: &packs_dir,
            status_dir: &plan.status_folder,
            rescan: setup::Rescan::default(),
        },
    )?;
    let kiosks = setup::folder_config(&api, setup::PACKS_FOLDER_ID)?
        .and_then(|f| {
            f.get("devices")
                .and_then(serde_json::Value::as_array)
                .cloned()
        })
        .map_or(0, |devices| {
            devices
                .iter()
                .filter(|d| {
                    d.get("deviceID").and_then(serde_json::Value::as_str) != Some(me.as_str())
                })
                .count()
        });
    let status_id = setup::status_folder_id(&plan.kiosk_id);
    let _ = writeln!(
        out,
        "{}",
        syncthing_line(&api, &config_path, plan.local_discovery)
    );
    let _ = writeln!(
        out,
        "kiosk {} ({}), dialled at {}",
        plan.kiosk_id,
        plan.device,
        address_text(&plan.address)
    );
    let _ = writeln!(
        out,
        "{}: Send Only from {}, {}, shared with {kiosks} kiosk(s)",
        setup::PACKS_FOLDER_ID,
        shown(&packs_dir),
        if existing.is_some() {
            "kept"
        } else {
            "created"
        }
    );
    let _ = writeln!(
        out,
        "{status_id}: Receive Only from the kiosk, into {}",
        shown(&plan.status_folder)
    );
    let _ = writeln!(out, "\nThis anchor's device id: {me}");
    let packs = shown(&packs_dir);
    let _ = writeln!(
        out,
        "\nNext:\n  \
         1. Publish a pack: `screening-kiosk pack DIR` (it checks the pack and writes its checksums), then copy DIR to {packs}/{}/<id>@<version>/\n  \
         2. Say which pack each kiosk shows in {packs}/{}, e.g.\n       format = 1\n       pack = \"<id>@<version>\"\n  \
         3. Watch the kiosks: screening-kiosk fleet {}",
        crate::fleet::plan::PACKS_SUBDIR,
        crate::fleet::plan::PLAN_FILE,
        shown(&plan.status_parent)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command, FleetArgs, FleetCommand};
    use clap::Parser;

    const ANCHOR: &str = "PZZ5D3E-NNXI4LK-CJT6ULR-TXSCUQD-TJYIVXH-ZLONRPP-U6AHYOJ-3K7AEA4";

    fn join_args(extra: &[&str]) -> JoinArgs {
        let cli = Cli::try_parse_from(
            ["screening-kiosk", "fleet", "join"]
                .iter()
                .chain(extra)
                .copied(),
        )
        .unwrap();
        match cli.command {
            Some(Command::Fleet(FleetArgs {
                command: Some(FleetCommand::Join(args)),
                ..
            })) => *args,
            other => panic!("not a join: {other:?}"),
        }
    }

    fn plan(extra: &[&str]) -> Result<JoinPlan, String> {
        join_args(extra).plan(Some(Path::new("/home/k")), Path::new("/cwd"))
    }

    #[test]
    fn join_fills_in_the_sync_folders_under_home() {
        let plan = plan(&[
            "--kiosk-id",
            "foyer-1",
            "--name",
            "Foyer, left",
            "--anchor",
            &ANCHOR.to_lowercase().replace('-', ""),
            "--anchor-address",
            "192.168.1.10",
        ])
        .unwrap();
        assert_eq!(plan.anchor.as_str(), ANCHOR);
        assert_eq!(
            plan.anchor_address,
            DeviceAddress::Fixed("tcp://192.168.1.10:22000".into())
        );
        assert_eq!(plan.packs_dir, Path::new("/home/k/KioskSync/kiosk-packs"));
        assert_eq!(
            plan.status_dir,
            Path::new("/home/k/KioskSync/status-foyer-1")
        );
        assert_eq!(plan.name.as_deref(), Some("Foyer, left"));
        assert_eq!(plan.syncthing_config, None);
        let fleet = plan.fleet_settings(None);
        assert_eq!(fleet.heartbeat_secs, settings::DEFAULT_HEARTBEAT_SECS);
        assert_eq!(fleet.packs_folder_id, setup::PACKS_FOLDER_ID);
    }

    #[test]
    fn join_makes_relative_folders_absolute() {
        let plan = plan(&[
            "--kiosk-id",
            "k",
            "--anchor",
            ANCHOR,
            "--anchor-address",
            "dynamic",
            "--local-discovery",
            "--packs-dir",
            "p",
            "--status-dir",
            "/s",
            "--syncthing-config",
            "st/config.xml",
        ])
        .unwrap();
        assert_eq!(plan.packs_dir, Path::new("/cwd/p"));
        assert_eq!(plan.status_dir, Path::new("/s"));
        assert_eq!(
            plan.syncthing_config.as_deref(),
            Some(Path::new("/cwd/st/config.xml"))
        );
        assert_eq!(plan.anchor_address, DeviceAddress::Dynamic);
    }

    #[test]
    fn join_names_the_wrong_value() {
        let base = [
            "--anchor",
            ANCHOR,
            "--anchor-address",
            "tcp://10.0.0.1:22000",
        ];
        for (extra, expected) in [
            (vec!["--kiosk-id", "Foyer 1"], "--kiosk-id"),
            (vec!["--kiosk-id=-x"], "--kiosk-id"),
            (vec!["--kiosk-id", "k", "--name", ""], "--name"),
            (vec!["--kiosk-id", "k", "--name", "a\u{1b}[2J"], "--name"),
            (
                vec![
                    "--kiosk-id",
                    "k",
                    "--packs-dir",
                    "/a",
                    "--status-dir",
                    "/a/b",
                ],
                "separate",
            ),
        ] {
            let args: Vec<&str> = base.iter().copied().chain(extra).collect();
            let error = plan(&args).unwrap_err();
            assert!(error.contains(expected), "{args:?}: {error}");
        }
        let error = plan(&["--kiosk-id", "k", "--anchor", "ABC"]).unwrap_err();
        assert!(error.starts_with("--anchor:"), "{error}");
        let error = plan(&["--kiosk-id", "k", "--anchor", ANCHOR]).unwrap_err();
        assert!(error.contains("--local-discovery"), "{error}");
        let error = plan(&[
            "--kiosk-id",
            "k",
            "--anchor",
            ANCHOR,
            "--anchor-address",
            "http://10.0.0.1",
        ])
        .unwrap_err();
        assert!(error.starts_with("--anchor-address"), "{error}");
        let no_home = join_args(&["--kiosk-id", "k", "--anchor", ANCHOR, "--local-discovery"])
            .plan(None, Path::new("/cwd"))
            .unwrap_err();
        assert!(no_home.contains("HOME"), "{no_home}");
    }

    #[test]
    fn addresses_take_what_staff_type() {
        let parse = |text: &str| device_address("--address", text);
        for (typed, url) in [
            ("192.168.1.10", "tcp://192.168.1.10:22000"),
            ("192.168.1.10:22001", "tcp://192.168.1.10:22001"),
            ("tcp://192.168.1.10:22000", "tcp://192.168.1.10:22000"),
            ("quic://192.168.1.10:22000", "quic://192.168.1.10:22000"),
            ("anchor.local", "tcp://anchor.local:22000"),
            ("anchor.local:23000", "tcp://anchor.local:23000"),
            ("fe80::1", "tcp://[fe80::1]:22000"),
            ("[fe80::1]:22000", "tcp://[fe80::1]:22000"),
        ] {
            assert_eq!(
                parse(typed),
                Ok(DeviceAddress::Fixed(url.into())),
                "{typed}"
            );
        }
        assert_eq!(parse("DYNAMIC"), Ok(DeviceAddress::Dynamic));
        for bad in [
            "",
            "a b",
            "host:port",
            "tcp://10.0.0.1",
            "-x",
            "h:0",
            "10.0.0.1:99999",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn admit_puts_the_status_folder_under_the_status_dir() {
        let args = AdmitArgs {
            kiosk_id: "foyer-1".into(),
            device: ANCHOR.into(),
            address: "dynamic".into(),
            local_discovery: false,
            packs_dir: None,
            status_dir: None,
            syncthing: SyncthingArgs {
                syncthing_config: None,
            },
        };
        let plan = args
            .plan(Some(Path::new("/home/a")), Path::new("/cwd"))
            .unwrap();
        assert_eq!(plan.packs_dir, Path::new("/home/a/KioskSync/kiosk-packs"));
        assert_eq!(
            plan.status_folder,
            Path::new("/home/a/KioskSync/status-foyer-1")
        );
        assert_eq!(plan.status_parent, Path::new("/home/a/KioskSync"));
        assert!(!plan.packs_dir_given);
        let inside = AdmitArgs {
            status_dir: Some("/home/a/KioskSync/kiosk-packs".into()),
            ..args.clone()
        };
        let error = inside
            .plan(Some(Path::new("/home/a")), Path::new("/"))
            .unwrap_err();
        assert!(error.contains("separate"), "{error}");
        let bad_device = AdmitArgs {
            device: "nope".into(),
            ..args
        };
        let error = bad_device
            .plan(Some(Path::new("/h")), Path::new("/"))
            .unwrap_err();
        assert!(error.starts_with("--device:"), "{error}");
    }

    #[test]
    fn the_admit_line_dials_the_kiosk_where_it_listens() {
        let listen = |l: &[&str]| tcp_listen(&l.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(listen(&["default"]), Some((None, 22000)));
        assert_eq!(
            listen(&["quic://0.0.0.0:22000", "tcp://0.0.0.0:22001"]),
            Some((None, 22001))
        );
        assert_eq!(
            listen(&["tcp://10.1.1.5:22000"]),
            Some((Some("10.1.1.5".into()), 22000))
        );
        assert_eq!(listen(&["tcp://:22002"]), Some((None, 22002)));
        assert_eq!(listen(&["quic://0.0.0.0:22000"]), None);
        let anchor = DeviceAddress::Fixed("tcp://127.0.0.1:22000".into());
        assert_eq!(
            kiosk_address_for_anchor(&anchor, &["tcp://0.0.0.0:23456".into()]).as_deref(),
            Some("tcp://127.0.0.1:23456")
        );
        assert_eq!(
            kiosk_address_for_anchor(&DeviceAddress::Dynamic, &["default".into()]),
            None
        );
        let plan = plan(&["--kiosk-id", "k", "--anchor", ANCHOR, "--local-discovery"]).unwrap();
        let me = DeviceId::parse(&ANCHOR.replace('P', "Q")).unwrap();
        assert_eq!(
            admit_command(&plan, &me, None),
            format!("screening-kiosk fleet admit --kiosk-id k --device {me} --local-discovery")
        );
    }

    fn settings_file(dir: &Path, settings: &Settings) -> PathBuf {
        let path = dir.join(settings::STORE_FILE);
        durable::save(&path, settings).unwrap();
        path
    }

    fn a_plan() -> JoinPlan {
        plan(&[
            "--kiosk-id",
            "foyer-1",
            "--anchor",
            ANCHOR,
            "--anchor-address",
            "10.0.0.1",
        ])
        .unwrap()
    }

    #[test]
    fn joining_keeps_every_other_setting() {
        let dir = tempfile::tempdir().unwrap();
        let before = Settings {
            volume: 55,
            idle_timeout_secs: 120,
            default_language: Some("ru".into()),
            ..Settings::default()
        };
        let path = settings_file(dir.path(), &before);
        let mut err = Vec::new();
        let after = settings_with_fleet(&path, &a_plan(), &mut err).unwrap_or_else(|_| panic!());
        assert_eq!(
            Settings {
                fleet: None,
                ..after.clone()
            },
            before
        );
        assert_eq!(after.fleet.unwrap().kiosk_id, "foyer-1");
        assert!(err.is_empty());
    }

    #[test]
    fn joining_again_keeps_a_heartbeat_set_by_hand() {
        let dir = tempfile::tempdir().unwrap();
        let mut earlier = a_plan().fleet_settings(None);
        earlier.heartbeat_secs = 15;
        earlier.syncthing_address = Some("127.0.0.1:9000".into());
        let path = settings_file(
            dir.path(),
            &Settings {
                fleet: Some(earlier),
                ..Settings::default()
            },
        );
        let Ok(after) = settings_with_fleet(&path, &a_plan(), &mut Vec::new()) else {
            panic!("refused");
        };
        let fleet = after.fleet.unwrap();
        assert_eq!(fleet.heartbeat_secs, 15);
        assert_eq!(fleet.syncthing_address.as_deref(), Some("127.0.0.1:9000"));
    }

    #[test]
    fn a_damaged_settings_file_is_not_replaced_by_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(settings::STORE_FILE);
        std::fs::write(&path, "{ not json").unwrap();
        let Err(Failed(code, message)) = settings_with_fleet(&path, &a_plan(), &mut Vec::new())
        else {
            panic!("a damaged file was taken");
        };
        assert_eq!(code, EXIT_UNREADABLE);
        assert!(message.contains("nothing changed"), "{message}");
        assert!(message.contains(&path.display().to_string()), "{message}");
    }
}
