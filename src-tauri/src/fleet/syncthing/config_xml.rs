//! Reading the API address and key from Syncthing's own `config.xml` (its `<gui>` element), so a
//! kiosk set up by hand needs no copy of the key in its settings. The file is read whole but
//! bounded, and parsed without DTDs (roxmltree refuses them), so no entity expansion.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::Error;

/// A real `config.xml` is a few KiB, even with hundreds of devices and folders well under this.
pub(super) const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// What `<gui>` says, as written: `address` is not yet an URL.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Gui {
    pub address: String,
    pub key: String,
}

pub(super) fn read_gui(path: &Path) -> Result<Gui, Error> {
    let problem = |problem: String| Error::Config {
        path: path.to_owned(),
        problem,
    };
    let file = std::fs::File::open(path).map_err(|e| {
        problem(if e.kind() == std::io::ErrorKind::NotFound {
            "the file does not exist (is Syncthing installed and has it run once as this user?)"
                .to_owned()
        } else {
            format!("cannot open it: {e}")
        })
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| problem(format!("cannot read it: {e}")))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(problem(format!(
            "it is larger than {MAX_CONFIG_BYTES} bytes, which no Syncthing config is"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| problem("it is not UTF-8 text".to_owned()))?;
    parse_gui(&text).map_err(problem)
}

fn parse_gui(text: &str) -> Result<Gui, String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("it is not valid XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "configuration" {
        return Err(format!(
            "its root element is <{}>, not Syncthing's <configuration>",
            root.tag_name().name()
        ));
    }
    let gui = child(root, "gui").ok_or("it has no <gui> element")?;
    if gui.attribute("enabled") == Some("false") {
        return Err("its GUI and REST API are disabled (<gui enabled=\"false\">): enable the GUI, on 127.0.0.1".to_owned());
    }
    if gui.attribute("tls") == Some("true") {
        return Err(super::tls_problem());
    }
    let text_of = |name: &str| {
        child(gui, name)
            .and_then(|n| n.text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let address = text_of("address").ok_or("its <gui> has no <address>")?;
    let key = text_of("apikey").ok_or(
        "its <gui> has no <apikey>: generate one in Syncthing's settings (GUI tab); the kiosk reads it from this file",
    )?;
    Ok(Gui { address, key })
}

fn child<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Option<roxmltree::Node<'a, 'input>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

/// Syncthing's default config locations on this OS, the newer first.
pub(super) fn default_paths() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if cfg!(target_os = "linux") {
        // 1.27 moved it to the XDG state directory; earlier versions (Debian bookworm's 1.19)
        // keep it in the config directory, where newer ones still look first if it is there.
        dirs.extend(dirs::state_dir().map(|d| d.join("syncthing")));
        dirs.extend(dirs::config_dir().map(|d| d.join("syncthing")));
    } else if cfg!(target_os = "macos") {
        dirs.extend(dirs::home_dir().map(|d| d.join("Library/Application Support/Syncthing")));
    } else if cfg!(windows) {
        dirs.extend(dirs::data_local_dir().map(|d| d.join("Syncthing")));
    } else {
        dirs.extend(dirs::config_dir().map(|d| d.join("syncthing")));
    }
    dirs.into_iter().map(|d| d.join("config.xml")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::syncthing::Api;

    /// The `<gui>` of a config written by `syncthing generate` 1.19.2, with its neighbours.
    const GENERATED: &str = r#"<configuration version="36">
    <device id="PZZ5D3E-NNXI4LK-CJT6ULR-TXSCUQD-TJYIVXH-ZLONRPP-U6AHYOJ-3K7AEA4" name="vm" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>dynamic</address>
    </device>
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:8384</address>
        <apikey>A3HvreJkWG23sPGRjCvshiKaT5Z7vb5i</apikey>
        <theme>default</theme>
    </gui>
    <ldap></ldap>
    <options><listenAddress>default</listenAddress></options>
</configuration>"#;

    fn gui_of(text: &str) -> Result<Gui, String> {
        parse_gui(text)
    }

    #[test]
    fn a_generated_config_gives_its_address_and_key() {
        assert_eq!(
            gui_of(GENERATED).unwrap(),
            Gui {
                address: "127.0.0.1:8384".into(),
                key: "A3HvreJkWG23sPGRjCvshiKaT5Z7vb5i".into()
            }
        );
    }

    #[test]
    fn an_api_on_every_interface_is_reached_on_loopback() {
        for (written, base) in [
            ("0.0.0.0:8384", "http://127.0.0.1:8384"),
            ("[::]:8384", "http://[::1]:8384"),
            (":8384", "http://127.0.0.1:8384"),
            ("127.0.0.1:8384", "http://127.0.0.1:8384"),
            ("http://localhost:9000/", "http://localhost:9000"),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("config.xml");
            std::fs::write(&path, GENERATED.replace("127.0.0.1:8384", written)).unwrap();
            assert_eq!(Api::from_config_xml(&path).unwrap().base(), base);
        }
    }

    #[test]
    fn tls_is_refused_with_how_to_fix_it() {
        let problem = gui_of(&GENERATED.replace(r#"tls="false""#, r#"tls="true""#)).unwrap_err();
        assert!(
            problem.contains("HTTPS") && problem.contains("plain HTTP"),
            "{problem}"
        );
        assert!(problem.contains("Use HTTPS for GUI"), "{problem}");
    }

    #[test]
    fn a_config_without_key_or_address_says_which() {
        let no_key = gui_of(&GENERATED.replace(
            "<apikey>A3HvreJkWG23sPGRjCvshiKaT5Z7vb5i</apikey>",
            "<apikey>  </apikey>",
        ))
        .unwrap_err();
        assert!(no_key.contains("no <apikey>"), "{no_key}");
        let no_address =
            gui_of(&GENERATED.replace("<address>127.0.0.1:8384</address>", "")).unwrap_err();
        assert!(no_address.contains("no <address>"), "{no_address}");
        let no_gui =
            gui_of("<configuration version=\"36\"><options/></configuration>").unwrap_err();
        assert!(no_gui.contains("no <gui>"), "{no_gui}");
        let disabled =
            gui_of(&GENERATED.replace(r#"enabled="true""#, r#"enabled="false""#)).unwrap_err();
        assert!(disabled.contains("disabled"), "{disabled}");
    }

    #[test]
    fn the_device_address_is_not_taken_for_the_gui_address() {
        // <device> comes first and has an <address> of its own.
        let gui = gui_of(GENERATED).unwrap();
        assert_ne!(gui.address, "dynamic");
    }

    #[test]
    fn hostile_and_broken_files_are_refused_with_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("truncated", GENERATED.as_bytes()[..200].to_vec(), "not valid XML"),
            ("not-utf8", b"<configuration>\xff\xfe</configuration>".to_vec(), "UTF-8"),
            (
                "entities",
                br#"<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><configuration><gui><address>&b;</address><apikey>k</apikey></gui></configuration>"#.to_vec(),
                "not valid XML",
            ),
            ("other-root", b"<html><gui><address>a:1</address></gui></html>".to_vec(), "<html>"),
            (
                "huge",
                {
                    let mut big = b"<configuration><!--".to_vec();
                    big.resize(MAX_CONFIG_BYTES as usize + 10, b'x');
                    big
                },
                "larger than",
            ),
        ];
        for (name, bytes, expected) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            let error = Api::from_config_xml(&path).unwrap_err().to_string();
            assert!(error.contains(expected), "{name}: {error}");
            assert!(
                error.contains(&path.display().to_string()),
                "{name}: {error}"
            );
        }
        let missing = dir.path().join("absent.xml");
        let error = Api::from_config_xml(&missing).unwrap_err().to_string();
        assert!(
            error.contains("does not exist") && error.contains("absent.xml"),
            "{error}"
        );
    }

    #[test]
    fn a_key_that_would_break_the_header_is_refused_without_quoting_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.xml");
        std::fs::write(
            &path,
            GENERATED.replace("A3HvreJkWG23sPGRjCvshiKaT5Z7vb5i", "abc&#13;&#10;X-Evil: 1"),
        )
        .unwrap();
        let error = Api::from_config_xml(&path).unwrap_err().to_string();
        assert!(error.contains("control characters"), "{error}");
        assert!(!error.contains("X-Evil"), "{error}");
    }

    #[test]
    fn the_newer_linux_location_comes_first() {
        if cfg!(target_os = "linux") {
            let paths = default_paths();
            assert_eq!(paths.len(), 2, "{paths:?}");
            assert!(
                paths[0].ends_with(".local/state/syncthing/config.xml")
                    || std::env::var_os("XDG_STATE_HOME").is_some(),
                "{paths:?}"
            );
            assert!(paths[1].ends_with("syncthing/config.xml"), "{paths:?}");
        }
    }
}
