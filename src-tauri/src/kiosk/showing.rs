//! The pack the kiosk is showing, and the swap to a new one.
//!
//! Every swap starts a new generation, and media URLs carry it (`/media/3-trailer-0`), so a video
//! element still playing the previous pack keeps getting the previous files until the UI reloads;
//! only the previous generation is kept, so replaced files are released after one swap.

use crate::content::qr::svg_for;
use crate::content::{caption_cues, CaptionCue, LawDocument, Pack, PackView, MAX_TEXT_BYTES};
use crate::media::redact_tokens;
use crate::media::{Catalog, CatalogKey, MediaFile, MediaId};
use crate::{Error, Result};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// A rendition that failed this often is left out of what the page is offered (the next one
/// plays, and with none left the page shows the poster), until a new pack is installed.
pub const RENDITION_FAILURE_LIMIT: u32 = 3;

/// What `report_media_error` concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaFailure {
    /// Not a media URL of the pack on show (an older generation, or nonsense): ignored.
    Unknown,
    /// Counted; the rendition is still offered.
    Counted {
        file: std::path::PathBuf,
        failures: u32,
    },
    /// This failure took the rendition out; `left` renditions are still offered.
    Dropped {
        file: std::path::PathBuf,
        left: usize,
    },
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackSummary {
    pub generation: u64,
    pub root: std::path::PathBuf,
    pub title: String,
    pub languages: Vec<String>,
    pub warnings: Vec<String>,
}

pub struct PackState {
    current: RwLock<Option<Current>>,
    /// Why the last pack offered was refused, for the operator; cleared by the next good pack.
    refusal: RwLock<Option<String>>,
    catalog: Catalog,
    media_base: String,
    /// Failures per trailer rendition of the current generation.
    failures: Mutex<HashMap<MediaId, u32>>,
    /// Until the first pack offered has been installed or refused.
    first_offer_pending: AtomicBool,
}

#[derive(Clone)]
struct Current {
    pack: Arc<Pack>,
    generation: u64,
}

impl PackState {
    pub fn new(catalog: Catalog, media_base: String) -> Self {
        Self {
            current: RwLock::new(None),
            refusal: RwLock::new(None),
            catalog,
            media_base,
            failures: Mutex::default(),
            first_offer_pending: AtomicBool::new(true),
        }
    }

    /// Makes `pack` the one shown and returns its generation.
    pub fn install(&self, pack: Pack) -> u64 {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        let generation = current.as_ref().map_or(1, |c| c.generation + 1);
        {
            let mut catalog = self.catalog.write().unwrap_or_else(PoisonError::into_inner);
            catalog.retain(|key, _| key.generation == generation - 1);
            for (&id, file) in &pack.media {
                catalog.insert(CatalogKey { generation, id }, file.clone());
            }
        }
        *current = Some(Current {
            pack: Arc::new(pack),
            generation,
        });
        *self.refusal.write().unwrap_or_else(PoisonError::into_inner) = None;
        // New files, new chances.
        self.failures
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        self.first_offer_pending.store(false, Ordering::Release);
        generation
    }

    /// The page could not play `url`; counts it against that rendition.
    pub fn media_failed(&self, url: &str) -> MediaFailure {
        let Some(Current { pack, generation }) = self.current() else {
            return MediaFailure::Unknown;
        };
        let Some(id) = self.trailer_of(url, generation) else {
            return MediaFailure::Unknown;
        };
        let Some(file) = pack.media.get(&id).map(|m| m.path.clone()) else {
            return MediaFailure::Unknown;
        };
        let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        let count = failures.entry(id).or_default();
        *count += 1;
        if *count != RENDITION_FAILURE_LIMIT {
            return MediaFailure::Counted {
                file,
                failures: *count,
            };
        }
        let total = pack.manifest.trailer.renditions.get_ref().len();
        let dropped = failures
            .values()
            .filter(|n| **n >= RENDITION_FAILURE_LIMIT)
            .count();
        MediaFailure::Dropped {
            file,
            left: total.saturating_sub(dropped),
        }
    }

    /// The trailer rendition of the pack on show that `url` names, if it names one.
    pub fn trailer_file(&self, url: &str) -> Option<MediaFile> {
        let Current { pack, generation } = self.current()?;
        let id = self.trailer_of(url, generation)?;
        pack.media.get(&id).cloned()
    }

    /// The cues of the caption file of the pack on show that `url` names (read as validation
    /// read it, through the identity it recorded).
    pub fn captions(&self, url: &str) -> Result<Vec<CaptionCue>> {
        let not_found = || Error::NotFound {
            kind: "caption file",
            id: redact_tokens(url).into_owned(),
        };
        let Current { pack, generation } = self.current().ok_or_else(not_found)?;
        let id = self
            .media_of(url, generation)
            .filter(|id| matches!(id, MediaId::Captions(_)))
            .ok_or_else(not_found)?;
        let file = pack.media.get(&id).ok_or_else(not_found)?;
        let unreadable =
            |why: String| Error::PackUnreadable(format!("{}: {why}", file.path.display()));
        let mut text = String::new();
        file.open()?
            .take(MAX_TEXT_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| unreadable(e.to_string()))?;
        if text.len() as u64 > MAX_TEXT_BYTES {
            return Err(unreadable("larger than a caption file may be".into()));
        }
        caption_cues(&text).ok_or_else(|| unreadable("not a WebVTT file".into()))
    }

    /// The trailer rendition of `generation` that `url` names, if it names one.
    fn trailer_of(&self, url: &str, generation: u64) -> Option<MediaId> {
        self.media_of(url, generation)
            .filter(|id| matches!(id, MediaId::Trailer(_)))
    }

    /// The file of `generation` that `url` (a media server URL as the page has it) names.
    fn media_of(&self, url: &str, generation: u64) -> Option<MediaId> {
        let key: CatalogKey = url
            .strip_prefix(&format!("{}/media/", self.media_base))?
            .parse()
            .ok()?;
        (key.generation == generation).then_some(key.id)
    }

    /// Records why a pack was refused; the current pack, if any, stays.
    pub fn refuse(&self, report: String) {
        *self.refusal.write().unwrap_or_else(PoisonError::into_inner) = Some(report);
        self.first_offer_pending.store(false, Ordering::Release);
    }

    pub fn refusal(&self) -> Option<String> {
        self.refusal
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// What the operator panel says about the pack on show.
    pub fn summary(&self) -> Option<PackSummary> {
        let Current { pack, generation } = self.current()?;
        let manifest = &pack.manifest;
        let default_language = manifest.default_language.get_ref();
        Some(PackSummary {
            generation,
            root: pack.root.clone(),
            title: manifest
                .film
                .title
                .get_ref()
                .resolve(default_language, default_language)
                .to_string(),
            languages: manifest.languages.get_ref().clone(),
            warnings: pack.warnings.iter().map(ToString::to_string).collect(),
        })
    }

    /// Whether the first pack offered has been installed or refused.
    pub fn first_offer_settled(&self) -> bool {
        !self.first_offer_pending.load(Ordering::Acquire)
    }

    /// The manifest's id of the pack on show.
    pub fn shown_id(&self) -> Option<String> {
        self.current().map(|c| c.pack.manifest.id.clone())
    }

    pub fn generation(&self) -> Option<u64> {
        self.current().map(|c| c.generation)
    }

    fn current(&self) -> Option<Current> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn shown(&self) -> Result<Current> {
        self.current().ok_or_else(|| {
            if self.first_offer_pending.load(Ordering::Acquire) {
                return Error::PackLoading;
            }
            Error::PackInvalid(
                self.refusal()
                    .unwrap_or_else(|| "no content pack is loaded".into()),
            )
        })
    }

    /// The shown pack in `language` (else the pack's default).
    pub fn view(&self, language: Option<&str>) -> Result<PackView> {
        let Current { pack, generation } = self.shown()?;
        let mut view = pack.view(language, |id| {
            format!(
                "{}/media/{}",
                self.media_base,
                CatalogKey { generation, id }
            )
        });
        view.generation = generation;
        let failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        // The view lists the renditions in manifest order, so the index is the media id.
        let mut index = 0;
        view.trailer.renditions.retain(|_| {
            let failed = failures.get(&MediaId::Trailer(index));
            index += 1;
            failed.is_none_or(|n| *n < RENDITION_FAILURE_LIMIT)
        });
        Ok(view)
    }

    pub fn law(&self, id: &str, language: Option<&str>) -> Result<LawDocument> {
        self.shown()?
            .pack
            .law(id, language)
            .ok_or_else(|| Error::NotFound {
                kind: "legislation document",
                id: id.to_string(),
            })
    }
}

/// What `get_law_qr` answers: the picture, and the address it holds for the caption.
#[derive(Debug, Clone, Serialize)]
pub struct LawQr {
    pub svg: String,
    pub url: String,
}

/// The QR code for the document `id` of the pack on show.
pub fn law_qr(packs: &PackState, id: &str) -> Result<LawQr> {
    let url = packs.law(id, None)?.summary.source_url;
    if url.trim().is_empty() {
        return Err(Error::NotFound {
            kind: "source URL for legislation document",
            id: id.to_string(),
        });
    }
    let svg = svg_for(&url).ok_or_else(|| {
        Error::PackInvalid(format!(
            "the source URL of legislation document {id:?} is too long for a QR code"
        ))
    })?;
    Ok(LawQr { svg, url })
}

/// Logs a media error the page reported and what the kiosk does about it.
pub fn media_failed(packs: &PackState, url: &str, code: u16, message: &str) {
    // The page's own words, bounded: they go into the log file.
    let message: String = message.chars().take(200).collect();
    match packs.media_failed(url) {
        MediaFailure::Unknown => log::info!("media error on {url} (not the pack on show): {message}"),
        MediaFailure::Counted { file, failures } => log::warn!(
            "media error playing {} (code {code}: {message}); failure {failures} of {RENDITION_FAILURE_LIMIT}",
            file.display()
        ),
        MediaFailure::Dropped { file, left: 0 } => log::error!(
            "{} failed {RENDITION_FAILURE_LIMIT} times (code {code}: {message}) and no other trailer rendition is left: visitors see the poster until the pack is fixed or reloaded",
            file.display()
        ),
        MediaFailure::Dropped { file, left } => log::error!(
            "{} failed {RENDITION_FAILURE_LIMIT} times (code {code}: {message}): falling back to the next trailer rendition ({left} left)",
            file.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::MediaFile;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn pack_with_trailer(path: &str) -> Pack {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/justice-for-sergei");
        let mut pack = crate::content::load(&dir).unwrap();
        let mut file: MediaFile = pack.media[&MediaId::Trailer(0)].clone();
        file.path = PathBuf::from(path);
        file.mime = "video/mp4".into();
        pack.media = BTreeMap::from([(MediaId::Trailer(0), file)]);
        pack
    }

    use std::path::Path;

    #[test]
    fn a_swap_keeps_the_previous_generation_serving_and_drops_older_ones() {
        let catalog: Catalog = Arc::default();
        let state = PackState::new(catalog.clone(), "http://127.0.0.1:1/t".into());
        assert!(state.view(None).is_err());

        assert_eq!(state.install(pack_with_trailer("/a.mp4")), 1);
        assert_eq!(state.install(pack_with_trailer("/b.mp4")), 2);
        let ids: Vec<String> = catalog
            .read()
            .unwrap()
            .keys()
            .map(|k| k.to_string())
            .collect();
        assert_eq!(ids, ["1-trailer-0", "2-trailer-0"]);

        assert_eq!(state.install(pack_with_trailer("/c.mp4")), 3);
        let catalog = catalog.read().unwrap();
        assert_eq!(
            catalog.keys().map(|k| k.to_string()).collect::<Vec<_>>(),
            ["2-trailer-0", "3-trailer-0"]
        );
        assert_eq!(
            catalog[&"3-trailer-0".parse().unwrap()].path,
            PathBuf::from("/c.mp4")
        );
        let view = state.view(None).unwrap();
        assert_eq!(
            view.trailer.renditions[0].url,
            "http://127.0.0.1:1/t/media/3-trailer-0"
        );
    }

    #[test]
    fn a_rendition_that_keeps_failing_is_no_longer_offered_until_a_new_pack() {
        let state = PackState::new(Arc::default(), "http://127.0.0.1:1/t".into());
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/justice-for-sergei");
        state.install(crate::content::load(&dir).unwrap());
        let urls: Vec<String> = state
            .view(None)
            .unwrap()
            .trailer
            .renditions
            .iter()
            .map(|r| r.url.clone())
            .collect();
        assert_eq!(urls.len(), 2, "MP4 and WebM");

        assert_eq!(
            state.media_failed("http://elsewhere/media/1-trailer-0"),
            MediaFailure::Unknown
        );
        assert_eq!(
            state.media_failed("http://127.0.0.1:1/t/media/1-poster"),
            MediaFailure::Unknown
        );
        for n in 1..RENDITION_FAILURE_LIMIT {
            assert!(
                matches!(state.media_failed(&urls[0]), MediaFailure::Counted { failures, .. } if failures == n)
            );
        }
        assert!(matches!(
            state.media_failed(&urls[0]),
            MediaFailure::Dropped { left: 1, .. }
        ));
        assert_eq!(
            state.view(None).unwrap().trailer.renditions[0].url,
            urls[1],
            "the next one"
        );
        for _ in 0..RENDITION_FAILURE_LIMIT {
            state.media_failed(&urls[1]);
        }
        assert!(
            state.view(None).unwrap().trailer.renditions.is_empty(),
            "the poster only"
        );

        state.install(crate::content::load(&dir).unwrap());
        assert_eq!(
            state.view(None).unwrap().trailer.renditions.len(),
            2,
            "a new pack starts afresh"
        );
        assert_eq!(
            state.media_failed(&urls[0]),
            MediaFailure::Unknown,
            "an old generation's URL"
        );
    }

    #[test]
    fn a_refused_pack_keeps_the_last_good_one_and_explains_itself() {
        let state = PackState::new(Arc::default(), "http://x".into());
        state.refuse("manifest.toml:1:1: error: broken".into());
        let err = state.view(None).unwrap_err();
        assert_eq!(err.code(), "pack_invalid");
        assert!(err.to_string().contains("broken"));

        state.install(pack_with_trailer("/a.mp4"));
        assert!(state.refusal().is_none());
        state.refuse("later breakage".into());
        assert_eq!(state.view(None).unwrap().film.title, "Justice for Sergei");
        assert_eq!(state.refusal().as_deref(), Some("later breakage"));
        assert_eq!(state.generation(), Some(1));
    }

    #[test]
    fn the_document_id_picks_the_manifests_source_url() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/justice-for-sergei");
        let packs = PackState::new(Default::default(), "http://127.0.0.1:1/t".into());
        packs.install(crate::content::load(&dir).unwrap());
        let qr = law_qr(&packs, "public-law-112-208").unwrap();
        assert_eq!(
            qr.url,
            "https://www.gpo.gov/fdsys/pkg/STATUTE-126/html/STATUTE-126-Pg1496.htm"
        );
        assert_eq!(crate::content::qr::tests::decode(&qr.svg), qr.url);
        let err = law_qr(&packs, "no-such-law").unwrap_err();
        assert_eq!(err.code(), "not_found");
    }

    /// A copy of the default pack that also has what it lacks: a logo, an audio-description track
    /// and a label of its own.
    fn with_every_optional_field(default_pack: &Path) -> tempfile::TempDir {
        fn copy(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let entry = entry.unwrap();
                if entry.file_type().unwrap().is_dir() {
                    copy(&entry.path(), &to.join(entry.file_name()));
                } else {
                    std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
                }
            }
        }
        let dir = tempfile::tempdir().unwrap();
        copy(default_pack, dir.path());
        let manifest = dir.path().join(crate::content::MANIFEST_FILE);
        let text = std::fs::read_to_string(&manifest).unwrap();
        let text = text
            .replacen(
                "[[credits.entries]]",
                "[[credits.logos]]\nfile = \"images/poster.jpg\"\nalt = \"Poster\"\n\n[[credits.entries]]",
                1,
            )
            .replacen(
                "[[credits]]",
                "[[trailer.audio_description]]\nlanguage = \"en\"\nfile = \"trailer/trailer.mp4\"\n\n[[credits]]",
                1,
            )
            + "\n[labels]\ntouch_to_begin = \"Touch to watch\"\n";
        std::fs::write(&manifest, text).unwrap();
        dir
    }

    /// `ui/js/pack.test.js` checks the UI keeps every field of this fixture; this keeps the fixture
    /// what `get_pack` really sends. `SCREENING_KIOSK_UPDATE_FIXTURES=1` rewrites it after a change.
    #[test]
    fn the_pack_view_fixture_of_the_ui_tests_is_what_get_pack_sends() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let pack = with_every_optional_field(&root.join("assets/justice-for-sergei"));
        let state = PackState::new(Arc::default(), "http://127.0.0.1:40000/TOKEN".into());
        state.install(crate::content::load(pack.path()).unwrap());
        let sent = serde_json::to_value(state.view(Some("en")).unwrap()).unwrap();
        let fixture = root.join("tests/fixtures/pack-view.json");
        if std::env::var_os("SCREENING_KIOSK_UPDATE_FIXTURES").is_some() {
            let text = serde_json::to_string_pretty(&sent).unwrap() + "\n";
            std::fs::write(&fixture, text).unwrap();
        }
        let kept: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&fixture).unwrap()).unwrap();
        assert!(
            kept == sent,
            "{} differs from get_pack's answer; run with SCREENING_KIOSK_UPDATE_FIXTURES=1 and review the diff",
            fixture.display()
        );
    }
}
