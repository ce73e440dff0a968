//! The types of `manifest.toml`, format 1. They double as the source of the published JSON Schema,
//! so their doc comments are what an operator's editor shows.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toml::Spanned;

/// A content pack's `manifest.toml`: the film, its trailer, credits, legislation and timeline, in
/// one or more languages. Every path is relative to the pack folder and uses `/`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(title = "Screening Kiosk content pack manifest")]
pub struct Manifest {
    /// Version of this format. This kiosk reads format 1 and refuses any other.
    #[schemars(with = "u32", range(min = 1))]
    pub format: Spanned<u32>,
    /// A short name for the pack, for logs and reports.
    pub id: String,
    /// The languages this pack provides, as BCP 47 tags (`en`, `ru`, `pt-BR`).
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub languages: Spanned<Vec<String>>,
    /// One of `languages`: shown when a text has no version in the visitor's language.
    #[schemars(with = "String")]
    pub default_language: Spanned<String>,
    pub film: Film,
    pub trailer: Trailer,
    /// Credit groups, shown in order.
    #[serde(default)]
    pub credits: Vec<CreditGroup>,
    /// Legislation documents, shown in order. At least one.
    pub legislation: Vec<LawEntry>,
    /// Dated events of the case, in chronological order.
    #[serde(default)]
    pub timeline: Vec<TimelineEvent>,
    /// The pack's own wording for some interface labels, by key (see `LABEL_KEYS`), e.g.
    /// `touch_to_begin = { en = "Touch to watch", ru = "Коснитесь экрана" }`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Localized>")]
    pub labels: BTreeMap<String, Spanned<Localized>>,
}

/// The interface labels a pack may reword.
pub const LABEL_KEYS: [&str; 5] = [
    "touch_to_begin",
    "watch_trailer",
    "credits",
    "the_law",
    "about_the_film",
];

/// A visitor-facing text: one string for every language, or a table of translations keyed by
/// language tag that must include the pack's default language.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Localized {
    Same(String),
    PerLanguage(BTreeMap<String, String>),
}

impl Localized {
    /// The text in `language`, else in `fallback`; empty only if a pack that failed validation is
    /// asked (a valid pack always has the fallback).
    pub fn resolve<'a>(&'a self, language: &str, fallback: &str) -> &'a str {
        match self {
            Localized::Same(text) => text,
            Localized::PerLanguage(texts) => texts
                .get(language)
                .or_else(|| texts.get(fallback))
                .map_or("", String::as_str),
        }
    }

    /// The language tags a translation table uses (none for a single string).
    pub fn languages(&self) -> Vec<&str> {
        match self {
            Localized::Same(_) => Vec::new(),
            Localized::PerLanguage(texts) => texts.keys().map(String::as_str).collect(),
        }
    }
}

/// The film the kiosk presents.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct Film {
    #[schemars(with = "Localized")]
    pub title: Spanned<Localized>,
    pub year: u16,
    #[schemars(with = "Localized")]
    pub country: Spanned<Localized>,
    /// Plain text; a blank line separates paragraphs.
    #[schemars(with = "Localized")]
    pub synopsis: Spanned<Localized>,
    /// Poster image (JPEG, PNG or WebP).
    #[schemars(with = "String")]
    pub poster: Spanned<String>,
    /// Key facts shown on the About screen, in order.
    #[serde(default)]
    pub facts: Vec<Fact>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct Fact {
    #[schemars(with = "Localized")]
    pub label: Spanned<Localized>,
    #[schemars(with = "Localized")]
    pub value: Spanned<Localized>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct Trailer {
    /// A line shown under the player, e.g. that the trailer is a placeholder.
    #[schemars(with = "Option<Localized>")]
    pub note: Option<Spanned<Localized>>,
    /// Encodings of the same trailer in order of preference; the kiosk plays the first one the
    /// webview can decode.
    #[schemars(with = "Vec<Rendition>")]
    pub renditions: Spanned<Vec<Rendition>>,
    /// Caption tracks (WebVTT), one per language at most.
    #[serde(default)]
    pub captions: Vec<Caption>,
    /// Optional audio-description tracks (an audio file per language) for blind and partially
    /// sighted visitors.
    #[serde(default)]
    pub audio_description: Vec<AudioDescription>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct AudioDescription {
    /// One of the pack's `languages`.
    #[schemars(with = "String")]
    pub language: Spanned<String>,
    /// An audio file (M4A/AAC, Opus/WebM, MP3 or OGG) as long as the trailer.
    #[schemars(with = "String")]
    pub file: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct Rendition {
    /// The video file, e.g. `trailer/trailer.mp4`.
    #[schemars(with = "String")]
    pub file: Spanned<String>,
    /// MIME type with codecs, as `canPlayType` expects, e.g. `video/mp4; codecs="avc1.4D401F, mp4a.40.2"`.
    #[schemars(with = "String", regex(pattern = r"^video/"))]
    pub mime: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct Caption {
    /// One of the pack's `languages`.
    #[schemars(with = "String")]
    pub language: Spanned<String>,
    /// Shown in the caption menu; defaults to the language's own name.
    pub label: Option<String>,
    /// A WebVTT file, e.g. `captions/trailer.en.vtt`.
    #[schemars(with = "String")]
    pub file: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct CreditGroup {
    #[schemars(with = "Localized")]
    pub heading: Spanned<Localized>,
    pub entries: Vec<CreditEntry>,
    /// Optional logos shown with the group (festival, funder, distributor).
    #[serde(default)]
    pub logos: Vec<Logo>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct Logo {
    /// An image (JPEG, PNG or WebP).
    #[schemars(with = "String")]
    pub file: Spanned<String>,
    /// What the logo says, for screen readers.
    #[schemars(with = "Localized")]
    pub alt: Spanned<Localized>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct CreditEntry {
    #[schemars(with = "Localized")]
    pub role: Spanned<Localized>,
    /// Names as credited; a name may have a transliteration per language.
    #[schemars(with = "Vec<Localized>")]
    pub names: Vec<Spanned<Localized>>,
}

/// Whether a legislation document is the complete text or a labelled excerpt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LawStatus {
    Full,
    Excerpt,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct LawEntry {
    /// Unique within the pack: a-z, 0-9 and '-'.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: Spanned<String>,
    #[schemars(with = "Localized")]
    pub title: Spanned<Localized>,
    /// The official citation, e.g. `Public Law 112-208, 126 Stat. 1496`.
    #[schemars(with = "Localized")]
    pub citation: Spanned<Localized>,
    /// Where the official text is published; shown as text, never opened by the kiosk.
    pub source_url: String,
    pub status: LawStatus,
    #[schemars(with = "Option<Localized>")]
    pub note: Option<Spanned<Localized>>,
    /// The language the text is written in (legislation is shown in its original language).
    #[schemars(with = "String")]
    pub language: Spanned<String>,
    /// The text in Markdown: headings become sections; raw HTML is dropped.
    #[schemars(with = "String")]
    pub file: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct TimelineEvent {
    /// ISO 8601, as precise as the source allows: `2009`, `2009-11` or `2009-11-16`.
    #[schemars(with = "String", regex(pattern = r"^\d{4}(-\d{2}(-\d{2})?)?$"))]
    pub date: Spanned<String>,
    #[schemars(with = "Localized")]
    pub text: Spanned<Localized>,
    /// Where the event is documented.
    pub source: String,
}

/// The visitor-facing texts of a manifest, for the translation checks (`languages`). Each type walks
/// its own fields, so a new `Localized` field is walked where it is declared; a test fails when one
/// in the published schema is not.
type Texts<'a> = Vec<&'a Spanned<Localized>>;

impl Manifest {
    /// Every visitor-facing text. Logo texts come after the timeline: the order reports have
    /// always listed them in.
    pub fn localized_fields(&self) -> Texts<'_> {
        let mut texts = Vec::new();
        self.film.walk_texts(&mut texts);
        self.trailer.walk_texts(&mut texts);
        for group in &self.credits {
            group.walk_texts(&mut texts);
        }
        for law in &self.legislation {
            law.walk_texts(&mut texts);
        }
        for event in &self.timeline {
            event.walk_texts(&mut texts);
        }
        for logo in self.credits.iter().flat_map(|group| &group.logos) {
            logo.walk_texts(&mut texts);
        }
        texts.extend(self.labels.values());
        texts
    }
}

impl Film {
    fn walk_texts<'a>(&'a self, texts: &mut Texts<'a>) {
        texts.extend([&self.title, &self.country, &self.synopsis]);
        for fact in &self.facts {
            fact.walk_texts(texts);
        }
    }
}

impl Fact {
    fn walk_texts<'a>(&'a self, texts: &mut Texts<'a>) {
        texts.extend([&self.label, &self.value]);
    }
}

impl Trailer {
    fn walk_texts<'a>(&'a self, texts: &mut Texts<'a>) {
        texts.extend(self.note.as_ref());
    }
}

impl CreditGroup {
    /// The heading and entries; the logos are walked on their own (see `Manifest::localized_fields`).
    fn walk_texts<'a>(&'a self, texts: &mut Texts<'a>) {
        texts.push(&self.heading);
        for entry in &self.entries {
            entry.walk_texts(texts);
        }
    }
}

impl CreditEntry {
    fn walk_texts<'a>(&'a self, texts: &mut Texts<'a>) {
        texts.push(&self.role);
        texts.extend(&self.names);
    }
}

impl Logo {
    fn walk_texts<'a>(&'a self, texts: &mut Texts<'a>) {
        texts.push(&self.alt);
    }
}

impl LawEntry {
    fn walk_texts<'a>(&'a self, texts: &mut Texts<'a>) {
        texts.extend([&self.title, &self.citation]);
        texts.extend(self.note.as_ref());
    }
}

impl TimelineEvent {
    fn walk_texts<'a>(&'a self, texts: &mut Texts<'a>) {
        texts.push(&self.text);
    }
}

/// The JSON Schema of `manifest.toml`, for editors and tools; `docs/content-pack.schema.json` holds
/// the published copy (`screening-kiosk schema` prints it).
pub fn manifest_schema() -> String {
    let schema = schemars::schema_for!(Manifest);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}
