//! The legislation documents: ids the UI can name them by, and Markdown texts that parse into
//! something to read.

use super::checker::Checker;
use super::law_text::{self, Block};
use super::manifest::Manifest;
use super::problem::{Code, Severity};
use super::{MANIFEST_FILE, MAX_TEXT_BYTES};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

impl Checker {
    pub(super) fn check_legislation(
        &mut self,
        manifest: &Manifest,
    ) -> BTreeMap<String, Vec<Block>> {
        if manifest.legislation.is_empty() {
            self.error_in(
                MANIFEST_FILE,
                Code::NoLegislation,
                "the pack needs at least one [[legislation]] document",
            );
        }
        let mut laws = BTreeMap::new();
        let mut seen_ids = HashSet::new();
        for law in &manifest.legislation {
            let id = law.id.get_ref();
            if !is_valid_id(id) {
                self.error_at(
                    law.id.span().start,
                    Code::BadId,
                    format!("legislation id {id:?} may only contain a-z, 0-9 and '-'"),
                );
            } else if !seen_ids.insert(id.clone()) {
                self.error_at(
                    law.id.span().start,
                    Code::DuplicateId,
                    format!("legislation id {id:?} is used twice"),
                );
            }
            let Some((key, path)) = self.referenced_text(&law.file) else {
                continue;
            };
            let blocks = match self.law_texts.get(&key) {
                Some(parsed) => parsed.clone(),
                None => {
                    let parsed = self.law_blocks(&key, &path);
                    self.law_texts.insert(key, parsed.clone());
                    parsed
                }
            };
            let Some(blocks) = blocks else {
                continue;
            };
            laws.insert(id.clone(), blocks);
        }
        laws
    }

    /// Reads and parses one law text, or records why it cannot be shown.
    fn law_blocks(&mut self, file: &str, path: &Path) -> Option<Vec<Block>> {
        let markdown = self.read_text(file, path, MAX_TEXT_BYTES)?;
        let blocks = match law_text::parse_markdown(&markdown) {
            Ok(blocks) => blocks,
            Err(refused) => {
                self.push(
                    file,
                    Some((refused.line, 1)),
                    Severity::Error,
                    refused.code,
                    refused.message,
                );
                return None;
            }
        };
        if blocks.is_empty() {
            self.error_in(
                file,
                Code::LawEmpty,
                "the legislation text has no readable content",
            );
        }
        Some(blocks)
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
