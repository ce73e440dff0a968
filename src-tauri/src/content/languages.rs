//! The pack's languages: declared tags are well-formed and include the default, and every
//! visitor-facing text (as the manifest's types walk them, see `Manifest::localized_fields`) is
//! translated only into declared languages and always into the default.

use super::checker::Checker;
use super::manifest::{Localized, Manifest};
use super::problem::Code;

impl Checker {
    /// The declared languages are well-formed and include the default; every translation table uses
    /// declared languages only and has the default; captions and law texts name declared languages.
    pub(super) fn check_languages(&mut self, manifest: &Manifest) {
        let declared = manifest.languages.get_ref();
        if declared.is_empty() {
            self.error_at(
                manifest.languages.span().start,
                Code::BadLanguage,
                "declare at least one language, e.g. languages = [\"en\"]",
            );
        }
        for tag in declared {
            if !is_language_tag(tag) {
                // Locating a finding past the report's limit would be a search for nothing.
                let at = if self.lists(Code::BadLanguage) {
                    self.offset_within(manifest.languages.span(), &format!("\"{tag}\""))
                } else {
                    manifest.languages.span().start
                };
                self.error_at(
                    at,
                    Code::BadLanguage,
                    format!("{tag:?} is not a language tag like \"en\", \"ru\" or \"pt-BR\""),
                );
            }
        }
        let default = manifest.default_language.get_ref();
        if !declared.contains(default) {
            self.error_at(
                manifest.default_language.span().start,
                Code::BadLanguage,
                format!(
                    "default_language {default:?} is not one of the pack's languages {declared:?}"
                ),
            );
        }
        // With an undeclared default, every table would "lack" it: that one error is the report.
        let default_declared = declared.contains(default);
        for text in manifest.localized_fields() {
            for tag in text.get_ref().languages() {
                if !declared.iter().any(|d| d == tag) {
                    let at = if self.lists(Code::BadLanguage) {
                        self.translation_offset(text.span(), tag)
                    } else {
                        text.span().start
                    };
                    self.error_at(
                        at,
                        Code::BadLanguage,
                        format!(
                            "translation {tag:?} is not one of the pack's languages {declared:?}"
                        ),
                    );
                }
            }
            if let Localized::PerLanguage(texts) = text.get_ref() {
                if default_declared && !texts.contains_key(default) {
                    self.error_at(
                        text.span().start,
                        Code::MissingTranslation,
                        format!("this text has no version in the default language {default:?}, which every visitor falls back to"),
                    );
                }
            }
        }
        let named = manifest
            .trailer
            .captions
            .iter()
            .map(|c| &c.language)
            .chain(
                manifest
                    .trailer
                    .audio_description
                    .iter()
                    .map(|a| &a.language),
            )
            .chain(manifest.legislation.iter().map(|l| &l.language));
        for language in named {
            if !declared.contains(language.get_ref()) {
                self.error_at(
                    language.span().start,
                    Code::BadLanguage,
                    format!(
                        "language {:?} is not one of the pack's languages {declared:?}",
                        language.get_ref()
                    ),
                );
            }
        }
    }

    /// The key of translation `tag` inside a localized text (`ru = ...` in an inline table, or the
    /// `synopsis.ru = ...` line of a dotted one), else the text's start.
    fn translation_offset(&self, span: std::ops::Range<usize>, tag: &str) -> usize {
        let text = self.manifest_text.as_str();
        let line_start = text[..span.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |n| n + 1);
        // A dotted table (`synopsis.en = ...`, later `synopsis.de = ...`) starts at its first key
        // and its other keys may follow many lines later: look for `synopsis.de` itself.
        let first_key = text[line_start..]
            .split(['=', '\n'])
            .next()
            .unwrap_or("")
            .trim();
        if let Some((prefix, _)) = first_key.rsplit_once('.') {
            if let Some(at) = text[line_start..].find(&format!("{prefix}.{tag}")) {
                return line_start + at + prefix.len() + 1;
            }
        }
        let line_end = text[span.end.min(text.len())..]
            .find("\n\n")
            .map_or(text.len(), |n| span.end + n);
        let region = &text[line_start..line_end];
        region
            .match_indices(tag)
            .find(|(at, _)| {
                let before = region[..*at].chars().next_back();
                let after = region[at + tag.len()..].trim_start();
                matches!(before, Some('.' | ' ' | '{' | ',' | '"'))
                    && (after.starts_with('=') || after.starts_with("\" ="))
            })
            .map_or(span.start, |(at, _)| {
                let key = line_start + at;
                if text[..key].ends_with('"') {
                    key - 1
                } else {
                    key
                }
            })
    }
}

/// A BCP 47 tag in the shape packs use: a 2-3 letter language, then optional subtags.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()));
    language_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}
