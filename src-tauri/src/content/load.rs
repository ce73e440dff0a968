//! Loading a pack: read and parse the manifest, run every subject's checks in a fixed order (so
//! reports are stable), verify the checksum list, and hand back the pack or every finding.

use super::checker::Checker;
use super::limits::MAX_FINDINGS_PER_CODE;
use super::manifest::Manifest;
use super::manifest_errors;
use super::paths::confine;
use super::problem::{Code, LoadError, Severity};
use super::{Pack, CHECKSUM_FILE, MANIFEST_FILE, SUPPORTED_FORMAT};
use crate::media::{probe, MediaId};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;

/// Loads and fully validates the pack in `dir`. A pack with warnings but no errors loads; its
/// warnings travel with it in `Pack::warnings`.
pub fn load(dir: &Path) -> Result<Pack, LoadError> {
    load_with(dir, Checksums::Verify)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Checksums {
    Verify,
    Ignore,
}

pub(super) fn load_with(dir: &Path, checksums: Checksums) -> Result<Pack, LoadError> {
    let root = fs::canonicalize(dir)
        .map_err(|e| LoadError::Unreadable(format!("{}: {e}", dir.display())))?;
    if !root.is_dir() {
        return Err(LoadError::Unreadable(format!(
            "{}: not a folder",
            dir.display()
        )));
    }
    let mut check = Checker::new(root);
    let pack = check
        .read_manifest()
        .and_then(|manifest| check.validate(manifest));
    if pack.is_some() && checksums == Checksums::Verify && check.checksum_list_is_confined() {
        check.verify_checksums();
    }
    check.finish();
    let has_errors = check.problems.iter().any(|p| p.severity == Severity::Error);
    match pack {
        Some(mut pack) if !has_errors => {
            pack.warnings = check.problems;
            pack.files = check.files;
            Ok(pack)
        }
        _ => Err(LoadError::Invalid(check.problems)),
    }
}

impl Checker {
    /// The manifest and the checksum list are confined like every file they name: a symlink to a
    /// file outside the pack is no manifest of the pack.
    fn confined(&mut self, name: &str) -> Option<PathBuf> {
        match confine(&self.root, name) {
            Ok(path) => Some(path),
            Err(why) => {
                self.error_in(name, why.code, why.message);
                None
            }
        }
    }

    /// A pack without a checksum list has nothing to verify; one whose list leads outside the pack
    /// (or is no regular file) has an error instead.
    fn checksum_list_is_confined(&mut self) -> bool {
        let list = self.root.join(CHECKSUM_FILE);
        if fs::symlink_metadata(&list).is_err() {
            return false;
        }
        self.confined(CHECKSUM_FILE).is_some()
    }

    fn read_manifest(&mut self) -> Option<Manifest> {
        let path = self.confined(MANIFEST_FILE)?;
        let text = self.read_text(MANIFEST_FILE, &path, MAX_MANIFEST_BYTES)?;
        self.manifest_text = text;
        let mut unknown = Vec::new();
        let parsed = toml::Deserializer::parse(&self.manifest_text).and_then(|deserializer| {
            serde_ignored::deserialize(deserializer, |path| unknown.push(path.to_string()))
        });
        match parsed {
            Ok(manifest) => {
                let fields: Vec<String> = unknown.iter().map(|path| field_path(path)).collect();
                let offsets = key_offsets(&self.manifest_text, &fields);
                for (index, field) in fields.into_iter().enumerate() {
                    let offset = offsets.get(index).copied().unwrap_or(0);
                    self.manifest_finding(
                        offset,
                        Severity::Warning,
                        Code::UnknownField,
                        format!("unknown field `{field}` is ignored (a typo, or written for a newer kiosk?)"),
                    );
                }
                Some(manifest)
            }
            Err(e) => {
                let (code, message) = manifest_errors::describe(e.message());
                let at = e
                    .span()
                    .map(|span| span.start)
                    .or_else(|| manifest_errors::deepest_nesting(&self.manifest_text));
                match at {
                    Some(offset) => self.error_at(offset, code, message),
                    None => self.error_in(MANIFEST_FILE, code, message),
                }
                None
            }
        }
    }

    fn validate(&mut self, manifest: Manifest) -> Option<Pack> {
        if !self.check_entries(&manifest) {
            return None;
        }
        self.check_format(&manifest);
        self.check_languages(&manifest);
        let mut media = BTreeMap::new();
        if let Some(file) = self.probed_media(&manifest.film.poster, probe::image_mime) {
            media.insert(MediaId::Poster, file);
        }

        let renditions = self.check_renditions(&manifest, &mut media);
        let laws = self.check_legislation(&manifest);
        self.check_captions(&manifest, &mut media, &renditions);
        self.check_audio_description(&manifest, &mut media);
        self.check_logos(&manifest, &mut media);
        self.check_labels(&manifest);
        self.check_timeline(&manifest);

        Some(Pack {
            root: self.root.clone(),
            manifest,
            laws,
            media,
            warnings: Vec::new(),
            files: Vec::new(),
            renditions,
        })
    }

    fn check_format(&mut self, manifest: &Manifest) {
        if *manifest.format.get_ref() != SUPPORTED_FORMAT {
            self.error_at(
                manifest.format.span().start,
                Code::UnsupportedFormat,
                format!(
                    "pack format {} is not supported by this kiosk (it reads format {SUPPORTED_FORMAT}); update the kiosk or re-export the pack",
                    manifest.format.get_ref()
                ),
            );
        }
    }
}

/// A field path as serde_ignored reports it (`trailer.renditions.$__serde_spanned_private_value.0.colour`)
/// without the segments `toml::Spanned` adds, which mean nothing to an operator.
fn field_path(reported: &str) -> String {
    reported
        .split('.')
        .filter(|segment| !segment.starts_with("$__"))
        .collect::<Vec<_>>()
        .join(".")
}

/// Byte offsets of the keys the first `MAX_FINDINGS_PER_CODE` field paths name (the ones a report
/// lists), from one parse of the document; the others are only counted, so need none.
fn key_offsets(text: &str, paths: &[String]) -> Vec<usize> {
    let listed = &paths[..paths.len().min(MAX_FINDINGS_PER_CODE)];
    if listed.is_empty() {
        return Vec::new();
    }
    let Ok(root) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    listed
        .iter()
        .map(|path| key_offset(root.get_ref(), path))
        .collect()
}

/// Byte offset of the key a dotted field path (`credits.1.entries.0.label`) names, found by walking
/// the parsed document, so a name used in several tables is located in the right one and quoted
/// keys are found too. Falls back to the start of the file.
fn key_offset(root: &toml::de::DeTable, path: &str) -> usize {
    use toml::de::{DeArray, DeTable, DeValue};
    let mut offset = 0;
    let mut table: Option<&DeTable> = Some(root);
    let mut array: Option<&DeArray> = None;
    for segment in path.split('.') {
        let next = if let Some(current) = table {
            current
                .iter()
                .find(|(key, _)| key.get_ref() == segment)
                .map(|(key, value)| (key.span().start, value.get_ref()))
        } else if let Some(items) = array {
            segment
                .parse::<usize>()
                .ok()
                .and_then(|index| items.get(index))
                .map(|item| (item.span().start, item.get_ref()))
        } else {
            None
        };
        let Some((at, value)) = next else {
            break;
        };
        offset = at;
        (table, array) = match value {
            DeValue::Table(t) => (Some(t), None),
            DeValue::Array(a) => (None, Some(a)),
            _ => (None, None),
        };
    }
    offset
}
