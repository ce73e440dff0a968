//! The pack as the UI sees it, in one language: display text resolved through the fallback chain
//! (the visitor's language, then the pack's default) plus media URLs. No file path leaves Rust.

use super::manifest::{LawEntry, LawStatus, Localized};
use super::Pack;
use crate::content::law_text::Block;
use crate::media::MediaId;
use serde::Serialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackView {
    pub id: String,
    /// Which install of a pack this is, counted by the running kiosk (0 outside it): the page
    /// compares it with the one a `pack-changed` event announces.
    pub generation: u64,
    /// The language these texts are in (the one asked for if the pack has it, else the default).
    pub language: String,
    pub languages: Vec<String>,
    pub default_language: String,
    pub film: FilmView,
    pub trailer: TrailerView,
    pub credits: Vec<CreditGroupView>,
    pub legislation: Vec<LawSummary>,
    pub timeline: Vec<TimelineEventView>,
    /// The pack's wording for interface labels it rewords, by key; the UI's own strings otherwise.
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilmView {
    pub title: String,
    pub year: u16,
    pub country: String,
    pub synopsis: String,
    pub poster_url: String,
    pub facts: Vec<FactView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrailerView {
    pub note: Option<String>,
    pub renditions: Vec<RenditionView>,
    pub captions: Vec<CaptionView>,
    pub audio_description: Vec<AudioDescriptionView>,
}

/// One caption as a page that draws captions itself shows it: seconds from the trailer's start,
/// and the words without markup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaptionCue {
    pub start: f64,
    pub end: f64,
    pub text: String,
}

/// The cues of a caption file's text, or `None` when it is not WebVTT.
pub fn caption_cues(text: &str) -> Option<Vec<CaptionCue>> {
    let report = super::webvtt::check(text).ok()?;
    Some(
        report
            .cues
            .iter()
            .map(|cue| CaptionCue {
                start: cue.start.as_secs_f64(),
                end: cue.end.as_secs_f64(),
                text: cue.plain_text(),
            })
            .collect(),
    )
}

#[derive(Debug, Clone, Serialize)]
pub struct AudioDescriptionView {
    pub language: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenditionView {
    pub url: String,
    pub mime: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaptionView {
    pub language: String,
    pub label: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CreditGroupView {
    pub heading: String,
    pub entries: Vec<CreditEntryView>,
    pub logos: Vec<LogoView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LogoView {
    pub url: String,
    pub alt: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CreditEntryView {
    pub role: String,
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LawSummary {
    pub id: String,
    pub title: String,
    pub citation: String,
    pub source_url: String,
    pub status: LawStatus,
    pub note: Option<String>,
    /// The language the document's text is in, which may differ from the visitor's.
    pub language: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LawDocument {
    #[serde(flatten)]
    pub summary: LawSummary,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEventView {
    pub date: String,
    pub text: String,
    pub source: String,
}

/// Resolves localized texts for one language with the pack's default as fallback.
struct Texts<'a> {
    language: &'a str,
    fallback: &'a str,
}

impl Texts<'_> {
    fn get(&self, text: &Spanned<Localized>) -> String {
        text.get_ref()
            .resolve(self.language, self.fallback)
            .to_string()
    }

    fn get_opt(&self, text: &Option<Spanned<Localized>>) -> Option<String> {
        text.as_ref().map(|t| self.get(t))
    }
}

impl Pack {
    /// The language actually used for a request: the one asked for when the pack provides it.
    pub fn language_for(&self, requested: Option<&str>) -> String {
        let manifest = &self.manifest;
        requested
            .filter(|tag| manifest.languages.get_ref().iter().any(|l| l == tag))
            .unwrap_or(manifest.default_language.get_ref())
            .to_string()
    }

    fn texts<'a>(&'a self, language: &'a str) -> Texts<'a> {
        Texts {
            language,
            fallback: self.manifest.default_language.get_ref(),
        }
    }

    /// The pack in `language` (else the default); `media_url` turns a media id into its URL.
    pub fn view(&self, language: Option<&str>, media_url: impl Fn(MediaId) -> String) -> PackView {
        let language = self.language_for(language);
        let t = self.texts(&language);
        let manifest = &self.manifest;
        let film = &manifest.film;
        PackView {
            id: manifest.id.clone(),
            generation: 0,
            languages: manifest.languages.get_ref().clone(),
            default_language: manifest.default_language.get_ref().clone(),
            film: FilmView {
                title: t.get(&film.title),
                year: film.year,
                country: t.get(&film.country),
                synopsis: t.get(&film.synopsis),
                poster_url: media_url(MediaId::Poster),
                facts: film
                    .facts
                    .iter()
                    .map(|fact| FactView {
                        label: t.get(&fact.label),
                        value: t.get(&fact.value),
                    })
                    .collect(),
            },
            trailer: TrailerView {
                note: t.get_opt(&manifest.trailer.note),
                renditions: manifest
                    .trailer
                    .renditions
                    .get_ref()
                    .iter()
                    .enumerate()
                    .map(|(index, rendition)| RenditionView {
                        url: media_url(MediaId::Trailer(index)),
                        mime: rendition.mime.get_ref().clone(),
                    })
                    .collect(),
                captions: manifest
                    .trailer
                    .captions
                    .iter()
                    .enumerate()
                    .map(|(index, caption)| CaptionView {
                        language: caption.language.get_ref().clone(),
                        label: caption.label.clone(),
                        url: media_url(MediaId::Captions(index)),
                    })
                    .collect(),
                audio_description: manifest
                    .trailer
                    .audio_description
                    .iter()
                    .enumerate()
                    .map(|(index, track)| AudioDescriptionView {
                        language: track.language.get_ref().clone(),
                        url: media_url(MediaId::AudioDescription(index)),
                    })
                    .collect(),
            },
            credits: manifest
                .credits
                .iter()
                .enumerate()
                .map(|(group_index, group)| CreditGroupView {
                    heading: t.get(&group.heading),
                    logos: group
                        .logos
                        .iter()
                        .enumerate()
                        .map(|(index, logo)| LogoView {
                            url: media_url(MediaId::Logo {
                                group: group_index,
                                index,
                            }),
                            alt: t.get(&logo.alt),
                        })
                        .collect(),
                    entries: group
                        .entries
                        .iter()
                        .map(|entry| CreditEntryView {
                            role: t.get(&entry.role),
                            names: entry.names.iter().map(|name| t.get(name)).collect(),
                        })
                        .collect(),
                })
                .collect(),
            legislation: manifest
                .legislation
                .iter()
                .map(|law| law_summary(law, &t))
                .collect(),
            timeline: manifest
                .timeline
                .iter()
                .map(|event| TimelineEventView {
                    date: event.date.get_ref().clone(),
                    text: t.get(&event.text),
                    source: event.source.clone(),
                })
                .collect(),
            labels: manifest
                .labels
                .iter()
                .map(|(key, text)| (key.clone(), t.get(text)))
                .collect(),
            language,
        }
    }

    /// One legislation document, its surrounding texts in `language` (else the default).
    pub fn law(&self, id: &str, language: Option<&str>) -> Option<LawDocument> {
        let entry = self
            .manifest
            .legislation
            .iter()
            .find(|l| l.id.get_ref() == id)?;
        let language = self.language_for(language);
        Some(LawDocument {
            summary: law_summary(entry, &self.texts(&language)),
            blocks: self.laws.get(id)?.clone(),
        })
    }
}

fn law_summary(entry: &LawEntry, t: &Texts) -> LawSummary {
    LawSummary {
        id: entry.id.get_ref().clone(),
        title: t.get(&entry.title),
        citation: t.get(&entry.citation),
        source_url: entry.source_url.clone(),
        status: entry.status,
        note: t.get_opt(&entry.note),
        language: entry.language.get_ref().clone(),
    }
}
