//! `fleet.toml`, the anchor's plan for the fleet: which pack each kiosk (or group of kiosks) shows,
//! and whether it stands on its maintenance slate or keeps other opening hours. Written by staff
//! on the anchor, arriving through Syncthing: read bounded, parsed strictly (an unknown key is a
//! typo, and a typo must not silently send a kiosk the wrong pack), every error naming the file.

use crate::settings::{is_kiosk_id, OpeningHours};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// The plan's file at the top of the packs folder.
pub const PLAN_FILE: &str = "fleet.toml";
/// The folder of packs beside it: `packs/<id>@<version>/`.
pub const PACKS_SUBDIR: &str = "packs";
/// Far larger than a plan for a thousand kiosks; a larger file is refused unread.
pub const MAX_PLAN_BYTES: u64 = 256 * 1024;
const MAX_RULES: usize = 2000;

/// What `fleet.toml` says, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    everyone: Rule,
    groups: BTreeMap<String, Group>,
    kiosks: BTreeMap<String, Rule>,
}

/// What the plan asks of one kiosk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wish {
    /// `id@version` under `packs/`.
    pub pack: Option<String>,
    pub maintenance: bool,
    pub opening_hours: Option<OpeningHours>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    pack: Option<String>,
    maintenance: Option<bool>,
    opening_hours: Option<OpeningHours>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    kiosks: Vec<String>,
    #[serde(flatten)]
    rule: Rule,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    format: u32,
    #[serde(flatten)]
    everyone: Rule,
    #[serde(default)]
    groups: BTreeMap<String, Group>,
    #[serde(default)]
    kiosks: BTreeMap<String, Rule>,
}

impl Plan {
    /// Reads and checks `fleet.toml` in the packs folder `packs_dir`; `None` when there is none.
    pub fn read(packs_dir: &Path) -> Result<Option<Plan>, String> {
        let path = packs_dir.join(PLAN_FILE);
        let named = |problem: String| format!("{}: {problem}", path.display());
        let file = match std::fs::File::open(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            opened => opened.map_err(|e| named(e.to_string()))?,
        };
        let mut text = String::new();
        file.take(MAX_PLAN_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| named(format!("not readable as UTF-8 text ({e})")))?;
        if text.len() as u64 > MAX_PLAN_BYTES {
            return Err(named(format!(
                "larger than {} KiB, more than any fleet's plan; not read",
                MAX_PLAN_BYTES / 1024
            )));
        }
        Plan::parse(&text).map(Some).map_err(named)
    }

    /// Parses and checks a plan's text.
    pub fn parse(text: &str) -> Result<Plan, String> {
        let file: PlanFile = toml::from_str(text).map_err(|e| e.to_string())?;
        if file.format != 1 {
            return Err(format!(
                "format {} is not one this kiosk reads (it reads format 1)",
                file.format
            ));
        }
        if file.groups.len() + file.kiosks.len() > MAX_RULES {
            return Err(format!("more than {MAX_RULES} groups and kiosks"));
        }
        file.everyone.validate("the top level")?;
        let mut group_of: BTreeMap<&str, &str> = BTreeMap::new();
        for (name, group) in &file.groups {
            group.rule.validate(&format!("[groups.{name}]"))?;
            for kiosk in &group.kiosks {
                if !is_kiosk_id(kiosk) {
                    return Err(format!("[groups.{name}] names {kiosk:?}, which is not a kiosk id (a-z, 0-9 and '-')"));
                }
                if let Some(other) = group_of.insert(kiosk, name) {
                    return Err(format!(
                        "kiosk {kiosk:?} is in two groups, [groups.{other}] and [groups.{name}]; a kiosk belongs to one"
                    ));
                }
            }
        }
        for (kiosk, rule) in &file.kiosks {
            if !is_kiosk_id(kiosk) {
                return Err(format!(
                    "[kiosks.{kiosk}]: {kiosk:?} is not a kiosk id (a-z, 0-9 and '-')"
                ));
            }
            rule.validate(&format!("[kiosks.{kiosk}]"))?;
        }
        Ok(Plan {
            everyone: file.everyone,
            groups: file.groups,
            kiosks: file.kiosks,
        })
    }

    /// What the plan asks of `kiosk`: its own rule, else its group's, else the top level, field by
    /// field.
    pub fn wish_for(&self, kiosk: &str) -> Wish {
        let group = self
            .groups
            .values()
            .find(|group| group.kiosks.iter().any(|k| k == kiosk))
            .map(|group| &group.rule);
        let own = self.kiosks.get(kiosk);
        let rules: Vec<&Rule> = [own, group, Some(&self.everyone)]
            .into_iter()
            .flatten()
            .collect();
        Wish {
            pack: rules.iter().find_map(|r| r.pack.clone()),
            maintenance: rules.iter().find_map(|r| r.maintenance).unwrap_or(false),
            opening_hours: rules.iter().find_map(|r| r.opening_hours.clone()),
        }
    }
}

impl Rule {
    fn validate(&self, place: &str) -> Result<(), String> {
        if let Some(pack) = &self.pack {
            check_pack_name(pack).map_err(|e| format!("{place}: pack {e}"))?;
        }
        if let Some(hours) = &self.opening_hours {
            hours
                .validate()
                .map_err(|e| format!("{place}: opening_hours {e}"))?;
        }
        Ok(())
    }
}

/// A pack's name in the fleet: `<id>@<version>`, the folder under `packs/` that holds it. Plain
/// characters only, so a name can never climb out of `packs/` or mean something to a shell.
pub fn check_pack_name(name: &str) -> Result<(&str, &str), String> {
    let plain = |part: &str| {
        !part.is_empty()
            && part.len() <= 64
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            && !part.starts_with('.')
    };
    match name.split_once('@') {
        Some((id, version)) if plain(id) && plain(version) => Ok((id, version)),
        _ => Err(format!(
            "{name:?} is not a pack name as id@version (letters, digits, '-', '_' and '.', e.g. \"justice-for-sergei@2\")"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"
format = 1
pack = "justice-for-sergei@2"

[groups.cinema]
kiosks = ["foyer-1", "foyer-2"]
pack = "justice-for-sergei@3"
opening_hours = { opens = "10:00", closes = "23:00" }

[kiosks.foyer-2]
maintenance = true
"#;

    #[test]
    fn a_kiosk_gets_its_own_rule_then_its_groups_then_the_top_level() {
        let plan = Plan::parse(PLAN).unwrap();
        let hours = Some(OpeningHours {
            opens: "10:00".into(),
            closes: "23:00".into(),
        });
        assert_eq!(
            plan.wish_for("foyer-1"),
            Wish {
                pack: Some("justice-for-sergei@3".into()),
                maintenance: false,
                opening_hours: hours.clone(),
            }
        );
        assert_eq!(
            plan.wish_for("foyer-2"),
            Wish {
                pack: Some("justice-for-sergei@3".into()),
                maintenance: true,
                opening_hours: hours,
            }
        );
        assert_eq!(
            plan.wish_for("lobby"),
            Wish {
                pack: Some("justice-for-sergei@2".into()),
                ..Wish::default()
            }
        );
        assert_eq!(
            Plan::parse("format = 1").unwrap().wish_for("x"),
            Wish::default()
        );
    }

    #[test]
    fn the_documented_example_plan_is_a_valid_plan() {
        let example = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/deploy/fleet/fleet.example.toml"
        ))
        .unwrap();
        let plan = Plan::parse(&example).unwrap();
        assert!(plan.wish_for("foyer-2").maintenance);
    }

    #[test]
    fn a_bad_plan_says_what_is_wrong_and_where() {
        for (text, expected) in [
            ("format = 2", "format 2"),
            ("format = 1\npackk = \"a@1\"", "packk"),
            ("format = 1\npack = \"../../etc@1\"", "not a pack name"),
            ("format = 1\npack = \"a\"", "not a pack name"),
            ("format = 1\npack = \"a@.hidden\"", "not a pack name"),
            (
                "format = 1\n[kiosks.Foyer]\npack = \"a@1\"",
                "not a kiosk id",
            ),
            (
                "format = 1\n[groups.a]\nkiosks = [\"k\"]\n[groups.b]\nkiosks = [\"k\"]",
                "two groups",
            ),
            (
                "format = 1\nopening_hours = { opens = \"10:00\", closes = \"10:00\" }",
                "opening_hours",
            ),
            ("format = 1\n[groups.a]\npack = \"a@1\"", "kiosks"),
            (
                "format = 1\n[groups.a]\nkiosks = []\nmaintenace = true",
                "maintenace",
            ),
            ("format = 1\n[kiosks.k]\nmaintenace = true", "maintenace"),
            ("pack = [", "line 1"),
        ] {
            let error = Plan::parse(text).unwrap_err();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
    }

    #[test]
    fn an_oversized_plan_is_refused_unread_and_the_error_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Plan::read(dir.path()), Ok(None), "no plan yet");
        let huge = format!("format = 1\n#{}\n", "x".repeat(MAX_PLAN_BYTES as usize));
        std::fs::write(dir.path().join(PLAN_FILE), huge).unwrap();
        let error = Plan::read(dir.path()).unwrap_err();
        assert!(
            error.contains("fleet.toml") && error.contains("not read"),
            "{error}"
        );
        std::fs::write(dir.path().join(PLAN_FILE), [0xff, 0xfe]).unwrap();
        assert!(Plan::read(dir.path()).unwrap_err().contains("UTF-8"));
    }
}
