//! Pairing a kiosk with its anchor through Syncthing's config API (`/rest/config/options`,
//! `/rest/config/devices`, `/rest/config/folders`, all there since Syncthing 1.12): a festival LAN
//! with no way out (no global discovery, relays, NAT traversal, upgrades, usage or crash
//! reports), the other side as a device, and the two kinds of folder, `kiosk-packs` (the anchor
//! sends, kiosks receive) and `status-<kiosk>` (the kiosk sends, the anchor receives).
//! `join_anchor` is the kiosk's half (`screening-kiosk fleet join`), `admit_kiosk` the anchor's;
//! the other functions are their steps, and what tests and staff use to pause or throttle.
//!
//! Each call changes one thing and Syncthing saves its config before it answers, so a step that
//! fails leaves the steps before it in place, and running the whole again is safe.

use std::path::Path;

use serde_json::{json, Value};

use super::{Api, Error};

/// The folder id of the content packs, shared by the anchor with every kiosk.
pub const PACKS_FOLDER_ID: &str = "kiosk-packs";

/// The folder id of a kiosk's status folder.
pub fn status_folder_id(kiosk_id: &str) -> String {
    format!("status-{kiosk_id}")
}

/// A Syncthing device id as Syncthing prints it: eight groups of seven base32 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeviceId(String);

impl DeviceId {
    /// Accepts Syncthing's form (`ABCDEFG-HIJKLMN-...`), in either case, with dashes, spaces or
    /// neither between the groups; keeps the canonical upper-case, dashed form.
    pub fn parse(text: &str) -> Result<DeviceId, Error> {
        let chars: String = text
            .chars()
            .filter(|c| *c != '-' && *c != ' ')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let base32 = |c: char| c.is_ascii_uppercase() || ('2'..='7').contains(&c);
        if chars.len() != 56 || !chars.chars().all(base32) {
            return Err(Error::Invalid {
                what: "Syncthing device id",
                problem: format!(
                    "{text:?} is not a device id (eight groups of seven letters and digits 2-7, as Syncthing shows under Actions > Show ID)"
                ),
            });
        }
        let groups: Vec<&str> = (0..8).map(|i| &chars[i * 7..i * 7 + 7]).collect();
        Ok(DeviceId(groups.join("-")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DeviceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where Syncthing dials a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceAddress {
    /// Found by local discovery (needs `ClosedLan::local_discovery`).
    Dynamic,
    /// A fixed address, `tcp://192.168.1.10:22000`.
    Fixed(String),
}

impl DeviceAddress {
    /// `dynamic`, or a Syncthing address such as `tcp://192.168.1.10:22000`, checked.
    pub fn parse(text: &str) -> Result<DeviceAddress, Error> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("dynamic") {
            return Ok(DeviceAddress::Dynamic);
        }
        let address = DeviceAddress::Fixed(text.to_owned());
        address.as_config()?;
        Ok(address)
    }

    fn as_config(&self) -> Result<String, Error> {
        match self {
            DeviceAddress::Dynamic => Ok("dynamic".to_owned()),
            DeviceAddress::Fixed(address) => {
                let ok = [
                    "tcp://", "tcp4://", "tcp6://", "quic://", "quic4://", "quic6://",
                ]
                .iter()
                .any(|scheme| address.starts_with(scheme))
                    && address
                        .rsplit_once(':')
                        .is_some_and(|(_, port)| port.parse::<u16>().is_ok());
                if !ok {
                    return Err(Error::Invalid {
                        what: "device address",
                        problem: format!(
                            "{address:?} is not a Syncthing address such as tcp://192.168.1.10:22000"
                        ),
                    });
                }
                Ok(address.clone())
            }
        }
    }
}

/// The options of a Syncthing on a closed festival LAN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedLan {
    /// Local discovery (broadcast on the LAN): needed for `DeviceAddress::Dynamic`, useless with
    /// fixed addresses.
    pub local_discovery: bool,
    /// Where Syncthing listens for other devices (`tcp://0.0.0.0:22000`); `None` keeps its setting.
    pub listen_addresses: Option<Vec<String>>,
}

/// Turns off everything that reaches beyond the LAN: global discovery, relays, NAT traversal,
/// automatic upgrades, usage reporting (declined, so the GUI stops asking) and crash reporting;
/// and the browser at start.
pub fn close_to_the_internet(api: &Api, lan: &ClosedLan) -> Result<(), Error> {
    let mut options = json!({
        "globalAnnounceEnabled": false,
        "relaysEnabled": false,
        "natEnabled": false,
        "urAccepted": -1,
        "autoUpgradeIntervalH": 0,
        "crashReportingEnabled": false,
        "startBrowser": false,
        "localAnnounceEnabled": lan.local_discovery,
    });
    if let Some(addresses) = &lan.listen_addresses {
        options["listenAddresses"] = json!(addresses);
    }
    patch_options(api, options)
}

/// Syncthing's bandwidth limits, in KiB/s (0: none). Syncthing does not limit LAN connections
/// (loopback among them) unless `on_lan_too`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bandwidth {
    pub send_kib_per_s: u32,
    pub recv_kib_per_s: u32,
    pub on_lan_too: bool,
}

pub fn limit_bandwidth(api: &Api, limit: &Bandwidth) -> Result<(), Error> {
    patch_options(
        api,
        json!({
            "maxSendKbps": limit.send_kib_per_s,
            "maxRecvKbps": limit.recv_kib_per_s,
            "limitBandwidthInLan": limit.on_lan_too,
        }),
    )
}

/// The engine's options as it holds them (`GET /rest/config/options`): what `close_to_the_internet`
/// set can be read back here.
pub fn options(api: &Api) -> Result<Value, Error> {
    api.get_json("GET /rest/config/options", "/rest/config/options", &[])
}

/// The ids of the devices this engine knows (`GET /rest/config/devices`), itself among them.
pub fn device_ids(api: &Api) -> Result<Vec<String>, Error> {
    let devices: Vec<Value> =
        api.get_json("GET /rest/config/devices", "/rest/config/devices", &[])?;
    Ok(devices
        .iter()
        .filter_map(|d| d.get("deviceID").and_then(Value::as_str).map(str::to_owned))
        .collect())
}

/// The ids of the folders this engine has (`GET /rest/config/folders`).
pub fn folder_ids(api: &Api) -> Result<Vec<String>, Error> {
    let folders: Vec<Value> =
        api.get_json("GET /rest/config/folders", "/rest/config/folders", &[])?;
    Ok(folders
        .iter()
        .filter_map(|f| f.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect())
}

fn patch_options(api: &Api, options: Value) -> Result<(), Error> {
    api.send_json(
        "PATCH /rest/config/options",
        ureq::http::Method::PATCH,
        "/rest/config/options",
        &options,
    )
    .map(drop)
}

/// Adds (or replaces) the device `id`, dialled at `address`. Folders are shared with a device
/// only once it is known, so this comes first.
pub fn add_device(
    api: &Api,
    id: &DeviceId,
    name: &str,
    address: &DeviceAddress,
) -> Result<(), Error> {
    let device = json!({
        "deviceID": id.as_str(),
        "name": name,
        "addresses": [address.as_config()?],
        "compression": "metadata",
        // Only the setup decides what is shared: nothing offered by the other side is taken.
        "introducer": false,
        "autoAcceptFolders": false,
        "paused": false,
    });
    api.send_json(
        "POST /rest/config/devices",
        ureq::http::Method::POST,
        "/rest/config/devices",
        &device,
    )
    .map(drop)
}

/// Pauses (or resumes) the connection to device `id`.
pub fn set_device_paused(api: &Api, id: &DeviceId, paused: bool) -> Result<(), Error> {
    let (endpoint, path) = if paused {
        ("POST /rest/system/pause", "/rest/system/pause")
    } else {
        ("POST /rest/system/resume", "/rest/system/resume")
    };
    api.send(
        endpoint,
        ureq::http::Method::POST,
        path,
        &[("device", id.as_str())],
        None,
    )
    .map(drop)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderType {
    SendOnly,
    ReceiveOnly,
    SendReceive,
}

impl FolderType {
    fn as_config(self) -> &'static str {
        match self {
            FolderType::SendOnly => "sendonly",
            FolderType::ReceiveOnly => "receiveonly",
            FolderType::SendReceive => "sendreceive",
        }
    }
}

/// How Syncthing notices local changes in a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rescan {
    /// A full rescan every this many seconds (0: never).
    pub interval_secs: u32,
    /// Watch the file system for changes between rescans.
    pub watch: bool,
    /// Changes seen by the watcher are gathered for this long before they are scanned.
    pub watch_delay_secs: u32,
}

impl Default for Rescan {
    /// Syncthing's own defaults.
    fn default() -> Rescan {
        Rescan {
            interval_secs: 3600,
            watch: true,
            watch_delay_secs: 10,
        }
    }
}

/// A folder as this device keeps it.
#[derive(Debug, Clone)]
pub struct Folder<'a> {
    pub id: &'a str,
    pub label: &'a str,
    /// Created, with Syncthing's `.stfolder` marker in it, if it does not exist.
    pub path: &'a Path,
    pub kind: FolderType,
    /// The other devices it is shared with; each must have been added first (Syncthing drops
    /// unknown ones without a word).
    pub devices: &'a [DeviceId],
    pub rescan: Rescan,
}

/// Adds the folder, or replaces its config if this device has it already.
pub fn add_folder(api: &Api, folder: &Folder) -> Result<(), Error> {
    let path = folder.path.to_str().ok_or_else(|| Error::Invalid {
        what: "folder path",
        problem: format!("{} is not UTF-8", folder.path.display()),
    })?;
    let devices: Vec<Value> = folder
        .devices
        .iter()
        .map(|d| json!({ "deviceID": d.as_str() }))
        .collect();
    let config = json!({
        "id": folder.id,
        "label": folder.label,
        "path": path,
        "type": folder.kind.as_config(),
        "devices": devices,
        "rescanIntervalS": folder.rescan.interval_secs,
        "fsWatcherEnabled": folder.rescan.watch,
        "fsWatcherDelayS": folder.rescan.watch_delay_secs.max(1),
        "paused": false,
    });
    api.send_json(
        "POST /rest/config/folders",
        ureq::http::Method::POST,
        "/rest/config/folders",
        &config,
    )
    .map(drop)
}

/// The folder's config as Syncthing holds it, `None` if this device has no such folder.
pub fn folder_config(api: &Api, folder_id: &str) -> Result<Option<Value>, Error> {
    match api.get_json::<Value>(
        "GET /rest/config/folders/{id}",
        &folder_path(folder_id),
        &[],
    ) {
        Ok(config) => Ok(Some(config)),
        Err(Error::Status { status: 404, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Shares an existing folder with one more device, keeping those it has.
pub fn share_folder_with(api: &Api, folder_id: &str, device: &DeviceId) -> Result<(), Error> {
    let config = folder_config(api, folder_id)?.ok_or_else(|| Error::Invalid {
        what: "folder",
        problem: format!("this Syncthing has no folder {folder_id:?} to share"),
    })?;
    let mut devices = config
        .get("devices")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let shared = devices
        .iter()
        .any(|d| d.get("deviceID").and_then(Value::as_str) == Some(device.as_str()));
    if shared {
        return Ok(());
    }
    devices.push(json!({ "deviceID": device.as_str() }));
    api.send_json(
        "PATCH /rest/config/folders/{id}",
        ureq::http::Method::PATCH,
        &folder_path(folder_id),
        &json!({ "devices": devices }),
    )
    .map(drop)
}

/// Pauses (or resumes) a folder on this device.
pub fn set_folder_paused(api: &Api, folder_id: &str, paused: bool) -> Result<(), Error> {
    api.send_json(
        "PATCH /rest/config/folders/{id}",
        ureq::http::Method::PATCH,
        &folder_path(folder_id),
        &json!({ "paused": paused }),
    )
    .map(drop)
}

fn folder_path(folder_id: &str) -> String {
    let mut path = String::from("/rest/config/folders/");
    for b in folder_id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            path.push(b as char);
        } else {
            path.push_str(&format!("%{b:02X}"));
        }
    }
    path
}

/// The kiosk's half of joining a fleet.
#[derive(Debug, Clone)]
pub struct Join<'a> {
    /// This kiosk's id in the fleet (`fleet::status::is_kiosk_id`), naming its status folder.
    pub kiosk_id: &'a str,
    pub anchor: &'a DeviceId,
    pub anchor_address: &'a DeviceAddress,
    /// Where the packs arrive.
    pub packs_dir: &'a Path,
    /// Where the kiosk writes its heartbeat and proof of play.
    pub status_dir: &'a Path,
    pub local_discovery: bool,
    pub rescan: Rescan,
}

/// On the kiosk: closes its Syncthing to the internet, adds the anchor, receives `kiosk-packs`
/// from it and sends it `status-<kiosk>`.
pub fn join_anchor(api: &Api, join: &Join) -> Result<(), Error> {
    close_to_the_internet(
        api,
        &ClosedLan {
            local_discovery: join.local_discovery,
            listen_addresses: None,
        },
    )?;
    add_device(api, join.anchor, "anchor", join.anchor_address)?;
    let anchor = std::slice::from_ref(join.anchor);
    add_packs_folder(
        api,
        join.packs_dir,
        FolderType::ReceiveOnly,
        anchor,
        join.rescan,
    )?;
    add_status_folder(
        api,
        join.kiosk_id,
        join.status_dir,
        FolderType::SendOnly,
        anchor,
        join.rescan,
    )
}

/// The anchor's half of a kiosk joining.
#[derive(Debug, Clone)]
pub struct Admit<'a> {
    pub kiosk_id: &'a str,
    pub kiosk: &'a DeviceId,
    pub kiosk_address: &'a DeviceAddress,
    /// The anchor's packs folder: created, shared with this kiosk alone, if the anchor has none
    /// yet; otherwise kept, with this kiosk added to it.
    pub packs_dir: &'a Path,
    /// Where this kiosk's status arrives on the anchor.
    pub status_dir: &'a Path,
    pub rescan: Rescan,
}

/// On the anchor: adds the kiosk, shares `kiosk-packs` with it and receives its status folder.
pub fn admit_kiosk(api: &Api, admit: &Admit) -> Result<(), Error> {
    add_device(api, admit.kiosk, admit.kiosk_id, admit.kiosk_address)?;
    let kiosk = std::slice::from_ref(admit.kiosk);
    if folder_config(api, PACKS_FOLDER_ID)?.is_some() {
        share_folder_with(api, PACKS_FOLDER_ID, admit.kiosk)?;
    } else {
        add_packs_folder(
            api,
            admit.packs_dir,
            FolderType::SendOnly,
            kiosk,
            admit.rescan,
        )?;
    }
    add_status_folder(
        api,
        admit.kiosk_id,
        admit.status_dir,
        FolderType::ReceiveOnly,
        kiosk,
        admit.rescan,
    )
}

/// Adds the `kiosk-packs` folder at `path`, shared with `devices`.
fn add_packs_folder(
    api: &Api,
    path: &Path,
    kind: FolderType,
    devices: &[DeviceId],
    rescan: Rescan,
) -> Result<(), Error> {
    add_folder(
        api,
        &Folder {
            id: PACKS_FOLDER_ID,
            label: "Kiosk packs",
            path,
            kind,
            devices,
            rescan,
        },
    )
}

/// Adds the status folder of `kiosk_id` at `path`, shared with `devices`.
fn add_status_folder(
    api: &Api,
    kiosk_id: &str,
    path: &Path,
    kind: FolderType,
    devices: &[DeviceId],
    rescan: Rescan,
) -> Result<(), Error> {
    add_folder(
        api,
        &Folder {
            id: &status_folder_id(kiosk_id),
            label: &format!("Status of {kiosk_id}"),
            path,
            kind,
            devices,
            rescan,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "PZZ5D3E-NNXI4LK-CJT6ULR-TXSCUQD-TJYIVXH-ZLONRPP-U6AHYOJ-3K7AEA4";

    #[test]
    fn device_ids_are_read_as_syncthing_prints_them() {
        assert_eq!(DeviceId::parse(ID).unwrap().as_str(), ID);
        let squashed = ID.replace('-', "").to_lowercase();
        assert_eq!(DeviceId::parse(&squashed).unwrap().as_str(), ID);
        for bad in [
            "",
            "PZZ5D3E",
            &ID.replace('P', "1"),
            &format!("{ID}-AAAAAAA"),
        ] {
            assert!(DeviceId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn device_addresses_are_syncthing_urls() {
        assert_eq!(
            DeviceAddress::Fixed("tcp://192.168.1.10:22000".into())
                .as_config()
                .unwrap(),
            "tcp://192.168.1.10:22000"
        );
        assert_eq!(DeviceAddress::Dynamic.as_config().unwrap(), "dynamic");
        assert_eq!(
            DeviceAddress::parse(" Dynamic ").unwrap(),
            DeviceAddress::Dynamic
        );
        assert_eq!(
            DeviceAddress::parse("tcp://10.0.0.2:22000").unwrap(),
            DeviceAddress::Fixed("tcp://10.0.0.2:22000".into())
        );
        assert!(DeviceAddress::parse("10.0.0.2:22000").is_err());
        for bad in ["192.168.1.10:22000", "tcp://192.168.1.10", "http://a:1"] {
            assert!(
                DeviceAddress::Fixed(bad.into()).as_config().is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn folder_ids_are_escaped_in_the_path() {
        assert_eq!(
            folder_path("kiosk-packs"),
            "/rest/config/folders/kiosk-packs"
        );
        assert_eq!(folder_path("a/b c"), "/rest/config/folders/a%2Fb%20c");
    }
}
