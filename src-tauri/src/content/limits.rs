//! The budget one validation works within, so a hostile or broken pack is refused with a clear
//! error instead of exhausting the machine: how many entries a manifest may hold, how much text
//! its entries may bring in, how long a checksum list may be, how many findings of one kind are
//! listed, and how deep and how dense a law text's Markdown may be. Every check against these
//! costs time linear in the input. The figures, and why they are where they are, are in
//! `docs/content-pack.md` (Limits) and `docs/performance.md`.

use super::checker::Checker;
use super::manifest::{Localized, Manifest};
use super::problem::Code;
use super::MANIFEST_FILE;

/// Entries a manifest may hold, all its lists together (see `count_entries`).
pub(super) const MAX_ENTRIES: usize = 2_000;
/// Bytes of text the manifest's entries may bring in, law texts and captions together, a file
/// counted again for every entry that names it (each entry holds its own copy in the pack).
pub(super) const MAX_TEXT_TOTAL_BYTES: u64 = 32 * 1024 * 1024;
/// Non-blank lines of a checksum list: one per file a pack can use, and the manifest.
pub(super) const MAX_CHECKSUM_LINES: usize = MAX_ENTRIES + 1;
/// Findings of one code listed in a report; the rest are counted in one summary finding.
pub(super) const MAX_FINDINGS_PER_CODE: usize = 20;

impl Checker {
    /// Refuses a manifest with more entries than `MAX_ENTRIES` before any of them is looked at, so
    /// the work of the checks that follow stays bounded. Returns whether validation may go on.
    pub(super) fn check_entries(&mut self, manifest: &Manifest) -> bool {
        let counts = count_entries(manifest);
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        if total <= MAX_ENTRIES {
            return true;
        }
        let (largest, n) = counts
            .iter()
            .max_by_key(|(_, n)| *n)
            .copied()
            .unwrap_or(("entries", 0));
        self.error_in(
            MANIFEST_FILE,
            Code::TooManyEntries,
            format!(
                "the manifest holds {total} entries ({n} of them {largest}); a pack may hold at most {MAX_ENTRIES} (list items, languages, translations and labels together)"
            ),
        );
        false
    }
}

/// How many entries each of the manifest's lists holds: list items, declared languages, labels, and
/// the translations of every per-language text (each one a key to check against the languages).
pub(super) fn count_entries(manifest: &Manifest) -> Vec<(&'static str, usize)> {
    let credits = &manifest.credits;
    let translations = manifest
        .localized_fields()
        .iter()
        .map(|text| match text.get_ref() {
            Localized::Same(_) => 0,
            Localized::PerLanguage(texts) => texts.len(),
        })
        .sum();
    vec![
        ("languages", manifest.languages.get_ref().len()),
        ("[[film.facts]]", manifest.film.facts.len()),
        (
            "[[trailer.renditions]]",
            manifest.trailer.renditions.get_ref().len(),
        ),
        ("[[trailer.captions]]", manifest.trailer.captions.len()),
        (
            "[[trailer.audio_description]]",
            manifest.trailer.audio_description.len(),
        ),
        ("[[credits]]", credits.len()),
        (
            "[[credits.entries]]",
            credits.iter().map(|group| group.entries.len()).sum(),
        ),
        (
            "credited names",
            credits
                .iter()
                .flat_map(|group| &group.entries)
                .map(|entry| entry.names.len())
                .sum(),
        ),
        (
            "[[credits.logos]]",
            credits.iter().map(|group| group.logos.len()).sum(),
        ),
        ("[[legislation]]", manifest.legislation.len()),
        ("[[timeline]]", manifest.timeline.len()),
        ("[labels]", manifest.labels.len()),
        ("translations", translations),
    ]
}
