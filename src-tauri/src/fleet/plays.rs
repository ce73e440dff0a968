//! Proof of play for the fleet: the page's play events (`record_play`) turned into one line per
//! play of `status-<kiosk>/plays/YYYY-MM-DD.jsonl` (the UTC day it ended). A line is appended in
//! one write, so a power cut leaves at most one torn last line, which readers skip.

use super::status::{PlayItem, PlayRecord, PlayTrigger, PLAYS_DIR};
use crate::unattended::stats::PlayEvent;
use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// What the log knows between two events: when the attract pass on screen began and the trailer
/// play still open.
#[derive(Debug, Default)]
struct Open {
    attract: Option<AttractPass>,
    trailer: Option<OpenTrailer>,
    count: u64,
}

/// The attract pass on screen: when it began, and the pack installed then. The page changes packs
/// only at a loop point, so that is the pack of the whole pass, even when a new one is installed
/// during it; `None` where the pack was not known when it began.
#[derive(Debug)]
struct AttractPass {
    since: DateTime<Utc>,
    pack: Option<String>,
}

#[derive(Debug)]
struct OpenTrailer {
    started: DateTime<Utc>,
    language: Option<String>,
    captions: bool,
    pack: String,
}

pub struct PlayLog {
    kiosk_id: String,
    /// Names this start in play ids: with the kiosk id and a count, unique across the fleet.
    start_tag: String,
    dir: PathBuf,
    open: Mutex<Open>,
}

impl PlayLog {
    pub fn new(kiosk_id: &str, status_dir: &Path, started: DateTime<Utc>) -> Self {
        Self {
            kiosk_id: kiosk_id.to_string(),
            start_tag: started.format("%Y%m%dT%H%M%SZ").to_string(),
            dir: status_dir.join(PLAYS_DIR),
            open: Mutex::new(Open::default()),
        }
    }

    /// The attract film began on screen (the page asked for it): a pass begins now. A pass the
    /// film never finished (the kiosk closed, a visitor came) is not a play.
    pub fn attract_began(&self, pack: &str, now: DateTime<Utc>) {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .attract = Some(AttractPass {
            since: now,
            pack: Some(pack.to_string()),
        });
    }

    /// The attract film left the screen.
    pub fn attract_ended(&self) {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .attract = None;
    }

    /// Notes one play event of the pack `pack`, and appends the plays it ended.
    pub fn note(&self, event: &PlayEvent, pack: &str, now: DateTime<Utc>) {
        for record in self.plays_ended_by(event, pack, now) {
            if let Err(e) = self.append(&record) {
                log::warn!(
                    "fleet: proof of play not written to {}: {e}",
                    self.dir.display()
                );
            }
        }
    }

    fn plays_ended_by(&self, event: &PlayEvent, pack: &str, now: DateTime<Utc>) -> Vec<PlayRecord> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let mut ended = Vec::new();
        match event {
            PlayEvent::AttractLoop => {
                let next = AttractPass {
                    since: now,
                    pack: Some(pack.to_string()),
                };
                if let Some(pass) = open.attract.replace(next) {
                    ended.push(self.record(
                        &mut open,
                        Played {
                            pack: pass.pack.unwrap_or_else(|| pack.to_string()),
                            item: PlayItem::Attract,
                            language: None,
                            captions: false,
                            started: pass.since,
                            completed: true,
                            trigger: PlayTrigger::Loop,
                        },
                        now,
                    ));
                }
            }
            PlayEvent::TrailerStart { language, captions } => {
                ended.extend(self.close_trailer(&mut open, false, now));
                open.attract = None;
                open.trailer = Some(OpenTrailer {
                    started: now,
                    language: language.clone(),
                    captions: *captions,
                    pack: pack.to_string(),
                });
            }
            PlayEvent::TrailerComplete => ended.extend(self.close_trailer(&mut open, true, now)),
            PlayEvent::SessionEnd { .. } => {
                ended.extend(self.close_trailer(&mut open, false, now));
                // Back at rest: the attract loop starts a pass now.
                open.attract = Some(AttractPass {
                    since: now,
                    pack: Some(pack.to_string()),
                });
            }
            PlayEvent::ScreenVisit { .. } | PlayEvent::LanguageChosen { .. } => {}
        }
        ended
    }

    fn close_trailer(
        &self,
        open: &mut Open,
        completed: bool,
        now: DateTime<Utc>,
    ) -> Option<PlayRecord> {
        let trailer = open.trailer.take()?;
        Some(self.record(
            open,
            Played {
                pack: trailer.pack,
                item: PlayItem::Trailer,
                language: trailer.language,
                captions: trailer.captions,
                started: trailer.started,
                completed,
                trigger: PlayTrigger::Visitor,
            },
            now,
        ))
    }

    fn record(&self, open: &mut Open, played: Played, ended: DateTime<Utc>) -> PlayRecord {
        open.count += 1;
        PlayRecord {
            play_id: format!("{}-{}-{}", self.kiosk_id, self.start_tag, open.count),
            kiosk_id: self.kiosk_id.clone(),
            pack: played.pack,
            item: played.item,
            language: played.language,
            captions: played.captions,
            started: played.started,
            ended,
            duration_secs: ((ended - played.started).num_milliseconds().max(0) as f64) / 1000.0,
            completed: played.completed,
            trigger: played.trigger,
        }
    }

    fn append(&self, record: &PlayRecord) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let file = self
            .dir
            .join(format!("{}.jsonl", record.ended.format("%Y-%m-%d")));
        let mut line = serde_json::to_vec(record)?;
        line.push(b'\n');
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)?
            .write_all(&line)
    }
}

struct Played {
    pack: String,
    item: PlayItem,
    language: Option<String>,
    captions: bool,
    started: DateTime<Utc>,
    completed: bool,
    trigger: PlayTrigger,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn attract_passes_and_trailer_plays_become_one_line_each_with_their_language_and_end() {
        let status = tempfile::tempdir().unwrap();
        let log = PlayLog::new("foyer-1", status.path(), at(0));
        log.attract_began("jfs@2", at(0));
        let start = |language: &str| PlayEvent::TrailerStart {
            language: Some(language.into()),
            captions: true,
        };
        for (secs, event) in [
            (60, PlayEvent::AttractLoop),
            (120, PlayEvent::AttractLoop),
            (130, start("ru")),
            (190, PlayEvent::TrailerComplete),
            (200, start("en")),
            (215, PlayEvent::SessionEnd { secs: 90 }),
            (275, PlayEvent::AttractLoop),
        ] {
            log.note(&event, "jfs@2", at(secs));
        }
        let day = at(0).format("%Y-%m-%d").to_string();
        let text =
            std::fs::read_to_string(status.path().join(format!("plays/{day}.jsonl"))).unwrap();
        let plays: Vec<PlayRecord> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let summary: Vec<_> = plays
            .iter()
            .map(|p| (p.item, p.language.as_deref(), p.duration_secs, p.completed))
            .collect();
        assert_eq!(
            summary,
            [
                (PlayItem::Attract, None, 60.0, true),
                (PlayItem::Attract, None, 60.0, true),
                (PlayItem::Trailer, Some("ru"), 60.0, true),
                (PlayItem::Trailer, Some("en"), 15.0, false),
                (PlayItem::Attract, None, 60.0, true),
            ]
        );
        let ids: std::collections::BTreeSet<_> = plays.iter().map(|p| p.play_id.as_str()).collect();
        assert_eq!(ids.len(), plays.len(), "play ids are unique");
        assert!(plays
            .iter()
            .all(|p| p.kiosk_id == "foyer-1" && p.pack == "jfs@2"));
        assert_eq!(plays[2].trigger, PlayTrigger::Visitor);
    }

    #[test]
    fn regression_an_attract_pass_was_credited_to_a_pack_installed_during_it() {
        let status = tempfile::tempdir().unwrap();
        let log = PlayLog::new("foyer-1", status.path(), at(0));
        log.attract_began("jfs@2", at(0));
        // jfs@3 is installed 100 s in; the page changes to it at the loop point, 120 s in.
        let ended: Vec<_> = [(60, "jfs@2"), (120, "jfs@3"), (180, "jfs@3")]
            .into_iter()
            .flat_map(|(secs, pack)| log.plays_ended_by(&PlayEvent::AttractLoop, pack, at(secs)))
            .map(|play| (play.started, play.pack))
            .collect();
        assert_eq!(
            ended,
            [
                (at(0), "jfs@2".to_string()),
                (at(60), "jfs@2".to_string()),
                (at(120), "jfs@3".to_string()),
            ]
        );
    }

    #[test]
    fn regression_the_first_pass_after_closed_hours_was_recorded_as_lasting_all_night() {
        let status = tempfile::tempdir().unwrap();
        let log = PlayLog::new("foyer-1", status.path(), at(0));
        log.attract_began("jfs@2", at(0));
        let mut ended = log.plays_ended_by(&PlayEvent::AttractLoop, "jfs@2", at(60));
        // Closing time: the film leaves the screen mid-pass; the next morning it begins again.
        log.attract_ended();
        log.attract_began("jfs@2", at(36_000));
        ended.extend(log.plays_ended_by(&PlayEvent::AttractLoop, "jfs@2", at(36_060)));
        let spans: Vec<_> = ended.iter().map(|p| (p.started, p.duration_secs)).collect();
        assert_eq!(spans, [(at(0), 60.0), (at(36_000), 60.0)]);
    }
}
