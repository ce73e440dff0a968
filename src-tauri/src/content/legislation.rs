//! The legislation documents: ids the UI can name them by, and Markdown texts that parse into
//! something to read.

use super::checker::Checker;
use super::law_text::{self, Block};
use super::manifest::Manifest;
use super::problem::Code;
use super::{MANIFEST_FILE, MAX_TEXT_BYTES};
use std::collections::{BTreeMap, HashSet};

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
            let Some(path) = self.referenced_file(&law.file) else {
                continue;
            };
            let Some(markdown) = self.read_text(law.file.get_ref(), &path, MAX_TEXT_BYTES) else {
                continue;
            };
            let blocks = law_text::parse_markdown(&markdown);
            if blocks.is_empty() {
                self.error_in(
                    law.file.get_ref(),
                    Code::LawEmpty,
                    "the legislation text has no readable content",
                );
            }
            laws.insert(id.clone(), blocks);
        }
        laws
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
