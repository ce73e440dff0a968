//! Following the fleet's plan: after every change the packs folder reports, one look decides
//! whether this kiosk should swap, and to what. It swaps only when (a) the synced folder is
//! complete (Syncthing has nothing left to pull, no pull errors, no local change in the
//! receive-only folder: those are reverted), (b) the wished pack has a checksum list, (c) its
//! copy in the kiosk's own store passes `check` with those checksums. A refused pack is not tried
//! again until its bytes change; the last good pack stays on show.

use super::plan::{check_pack_name, Plan, Wish, PACKS_SUBDIR};
use super::status::{FleetProgress, FleetState};
use super::store::{digest_of, fingerprint_of, PackStore};
use std::path::{Path, PathBuf};

/// What the synced packs folder says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    Complete,
    /// Still syncing, or files failed to pull: in words for staff.
    Incomplete(String),
    /// Someone changed files in the receive-only folder on this machine.
    LocalChanges(String),
    /// The sync engine cannot be asked.
    Unreachable(String),
}

/// The synced packs folder, as the follower needs it (Syncthing's in the kiosk, a fake in tests).
pub trait SyncedFolder {
    fn readiness(&mut self) -> Readiness;
    /// Puts back what the sender has, undoing local changes.
    fn revert(&mut self) -> Result<(), String>;
}

/// The outcome of one offer of a copied pack to the kiosk.
pub struct Offered {
    pub installed: bool,
    pub report: String,
}

/// The follower's memory between looks.
pub struct Follower {
    kiosk_id: String,
    packs_dir: PathBuf,
    store: PackStore,
    /// The fleet pack on show (`id@version`), if the kiosk shows one.
    shown: Option<String>,
    /// The one before it: kept in the store to fall back to.
    previous: Option<String>,
    /// A pack refused as it was then (`store::fingerprint_of`) and why.
    refused: Option<(String, Option<String>, String)>,
    /// The last plan that could be read: followed while `fleet.toml` is wrong.
    last_plan: Option<Plan>,
    /// When local changes were last reverted.
    reverted_at: Option<std::time::Instant>,
    /// `--content` names the folder to show: the fleet's packs wait for a start without it.
    command_line_wins: bool,
}

/// Local changes are reverted at most this often.
const REVERT_AT_MOST_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// What one look found, and the wish that goes with it (maintenance, opening hours).
pub struct Look {
    pub progress: FleetProgress,
    pub wish: Option<Wish>,
}

impl Follower {
    pub fn new(kiosk_id: &str, packs_dir: &Path, store: PackStore, shown: Option<String>) -> Self {
        Self {
            kiosk_id: kiosk_id.to_string(),
            packs_dir: packs_dir.to_path_buf(),
            store,
            shown,
            previous: None,
            refused: None,
            last_plan: None,
            reverted_at: None,
            command_line_wins: false,
        }
    }

    /// The kiosk was started with `--content`: nothing is copied or offered.
    pub fn with_command_line_folder(mut self, wins: bool) -> Self {
        self.command_line_wins = wins;
        self
    }

    pub fn shown(&self) -> Option<&str> {
        self.shown.as_deref()
    }

    #[cfg(test)]
    pub fn store(&self) -> &PackStore {
        &self.store
    }

    /// One look at the plan and the folder; `offer` checks and installs a copied pack.
    pub fn look(
        &mut self,
        folder: &mut dyn SyncedFolder,
        offer: &mut dyn FnMut(&Path) -> Offered,
    ) -> Look {
        let mut bad_plan = None;
        match Plan::read(&self.packs_dir) {
            Ok(Some(plan)) => self.last_plan = Some(plan),
            Ok(None) => {
                self.last_plan = None;
                let why = format!(
                    "no {} in {} yet",
                    super::plan::PLAN_FILE,
                    self.packs_dir.display()
                );
                return Look {
                    progress: self.progress(None, FleetState::NoPlan, Some(why)),
                    wish: None,
                };
            }
            Err(e) => bad_plan = Some(e),
        }
        let Some(plan) = &self.last_plan else {
            return Look {
                progress: self.progress(None, FleetState::BadPlan, bad_plan),
                wish: None,
            };
        };
        let wish = plan.wish_for(&self.kiosk_id);
        let mut progress = self.follow(&wish, folder, offer);
        if let Some(why) = bad_plan {
            // What the last good plan led to matters less than the file staff must fix.
            progress.state = FleetState::BadPlan;
            progress.detail = Some(format!("{why}; following the last plan that could be read"));
        }
        Look {
            progress: FleetProgress {
                maintenance: wish.maintenance,
                ..progress
            },
            wish: Some(wish),
        }
    }

    fn follow(
        &mut self,
        wish: &Wish,
        folder: &mut dyn SyncedFolder,
        offer: &mut dyn FnMut(&Path) -> Offered,
    ) -> FleetProgress {
        let Some(desired) = wish.pack.clone() else {
            let why = format!("fleet.toml names no pack for kiosk {:?}", self.kiosk_id);
            return self.progress(None, FleetState::NoPlan, Some(why));
        };
        let waiting = |this: &Self, why: String| {
            this.progress(Some(desired.clone()), FleetState::Waiting, Some(why))
        };
        match folder.readiness() {
            Readiness::Complete => {}
            Readiness::Incomplete(why) => return waiting(self, why),
            Readiness::Unreachable(why) => {
                return waiting(self, format!("cannot ask Syncthing: {why}"))
            }
            Readiness::LocalChanges(why) => {
                // Syncthing reverts in the background and reports the changes until it is done:
                // asked again at once, it would be asked at every event it sends meanwhile.
                let recently = self
                    .reverted_at
                    .is_some_and(|at| at.elapsed() < REVERT_AT_MOST_EVERY);
                if recently {
                    return waiting(self, format!("{why}; reverting them"));
                }
                self.reverted_at = Some(std::time::Instant::now());
                let done = match folder.revert() {
                    Ok(()) => "reverted them".to_string(),
                    Err(e) => format!("could not revert them: {e}"),
                };
                log::warn!("fleet: {why} in the packs folder; {done}");
                return waiting(
                    self,
                    format!("{why}; {done}, waiting for the sender's files again"),
                );
            }
        }
        if self.shown.as_deref() == Some(desired.as_str()) {
            return self.progress(Some(desired), FleetState::Current, None);
        }
        if let Err(e) = check_pack_name(&desired) {
            return self.refuse(desired, None, e);
        }
        if self.command_line_wins {
            let why =
                "--content names the folder to show; the fleet's pack waits for a start without it";
            return waiting(self, why.to_string());
        }
        let source = self.packs_dir.join(PACKS_SUBDIR).join(&desired);
        if !source.is_dir() {
            let why = format!(
                "{} is not in the packs folder; the anchor has not published it",
                Path::new(PACKS_SUBDIR).join(&desired).display()
            );
            return waiting(self, why);
        }
        let digest = digest_of(&source);
        let fingerprint = fingerprint_of(&source);
        if let Some((name, refused_as, why)) = &self.refused {
            if *name == desired && *refused_as == fingerprint {
                let why = why.clone();
                return self.progress(Some(desired), FleetState::Refused, Some(why));
            }
        }
        if digest.is_none() {
            let why = format!(
                "{}: no {}; run `screening-kiosk pack` on the pack before publishing it",
                source.display(),
                crate::content::CHECKSUM_FILE
            );
            return self.refuse(desired, fingerprint, why);
        }
        let copy = match self.store.copy_in(&source, &desired) {
            Ok(copy) => copy,
            // Not remembered: a full disk or a file that vanished mid-copy is tried again at the
            // next look, unlike a pack whose own bytes are wrong.
            Err(e) => {
                let progress = self.refuse(desired, None, e);
                self.refused = None;
                return progress;
            }
        };
        if digest_of(&copy) != digest {
            self.store.discard(&desired);
            return waiting(
                self,
                format!("{} changed while it was copied", source.display()),
            );
        }
        let offered = offer(&copy);
        if !offered.installed {
            self.store.discard(&desired);
            return self.refuse(desired, fingerprint, offered.report);
        }
        log::info!("fleet: now showing {desired}");
        if let Some(old) = self.shown.replace(desired.clone()) {
            self.previous = Some(old);
        }
        let keep: Vec<&str> = [self.shown.as_deref(), self.previous.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        self.store.prune(&keep);
        self.refused = None;
        self.progress(Some(desired), FleetState::Current, None)
    }

    fn refuse(
        &mut self,
        desired: String,
        refused_as: Option<String>,
        why: String,
    ) -> FleetProgress {
        log::error!("fleet: pack {desired} refused; the last good pack stays: {why}");
        self.refused = Some((desired.clone(), refused_as, why.clone()));
        self.progress(Some(desired), FleetState::Refused, Some(why))
    }

    fn progress(
        &self,
        desired: Option<String>,
        state: FleetState,
        detail: Option<String>,
    ) -> FleetProgress {
        FleetProgress {
            desired,
            state,
            detail,
            maintenance: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    struct FakeFolder {
        readiness: Readiness,
        reverted: u32,
    }

    impl SyncedFolder for FakeFolder {
        fn readiness(&mut self) -> Readiness {
            self.readiness.clone()
        }
        fn revert(&mut self) -> Result<(), String> {
            self.reverted += 1;
            Ok(())
        }
    }

    fn publish(packs: &Path, name: &str, valid: bool) {
        let dir = packs.join(PACKS_SUBDIR).join(name);
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("manifest.toml"),
            if valid { "ok" } else { "broken" },
        )
        .unwrap();
        fs::write(
            dir.join(crate::content::CHECKSUM_FILE),
            format!("{name} {valid}\n"),
        )
        .unwrap();
    }

    fn plan(packs: &Path, pack: &str) {
        fs::write(
            packs.join("fleet.toml"),
            format!("format = 1\npack = \"{pack}\"\n"),
        )
        .unwrap();
    }

    /// A follower for kiosk foyer-1, with a packs folder and a data folder of its own, and a synced
    /// folder that is complete until a test says otherwise.
    struct Kiosk {
        packs: tempfile::TempDir,
        _data: tempfile::TempDir,
        follower: Follower,
        folder: FakeFolder,
    }

    fn kiosk() -> Kiosk {
        let packs = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let follower = Follower::new(
            "foyer-1",
            packs.path(),
            PackStore::new(data.path().join("packs")),
            None,
        );
        Kiosk {
            packs,
            _data: data,
            follower,
            folder: FakeFolder {
                readiness: Readiness::Complete,
                reverted: 0,
            },
        }
    }

    /// The look ended in `state`, and its detail says `says`.
    fn assert_says(look: &Look, state: FleetState, says: &str) {
        assert_eq!(look.progress.state, state, "{:?}", look.progress);
        let detail = look.progress.detail.as_deref().unwrap_or_default();
        assert!(detail.contains(says), "{detail:?} does not say {says:?}");
    }

    /// Installs what says "ok", like a check of the real pack would.
    fn offer(dir: &Path) -> Offered {
        let installed = fs::read_to_string(dir.join("manifest.toml")).unwrap() == "ok";
        Offered {
            installed,
            report: format!("{}: invalid content pack", dir.display()),
        }
    }

    #[test]
    fn the_kiosk_swaps_only_to_a_complete_valid_pack_and_keeps_the_last_good_one() {
        let mut kiosk = kiosk();
        let offers = std::cell::Cell::new(0);
        let mut counting = |dir: &Path| {
            offers.set(offers.get() + 1);
            offer(dir)
        };

        assert_eq!(
            kiosk
                .follower
                .look(&mut kiosk.folder, &mut counting)
                .progress
                .state,
            FleetState::NoPlan
        );

        publish(kiosk.packs.path(), "jfs@2", true);
        plan(kiosk.packs.path(), "jfs@2");
        kiosk.folder.readiness = Readiness::Incomplete("syncing: 3 files still to come".into());
        let look = kiosk.follower.look(&mut kiosk.folder, &mut counting);
        assert_says(&look, FleetState::Waiting, "3 files");
        assert_eq!(
            kiosk.follower.shown(),
            None,
            "no swap while the folder syncs"
        );

        kiosk.folder.readiness = Readiness::Complete;
        assert_eq!(
            kiosk
                .follower
                .look(&mut kiosk.folder, &mut counting)
                .progress
                .state,
            FleetState::Current
        );
        assert_eq!(kiosk.follower.shown(), Some("jfs@2"));
        assert!(kiosk
            .follower
            .store()
            .folder_of("jfs@2")
            .join("manifest.toml")
            .is_file());

        publish(kiosk.packs.path(), "jfs@4", false);
        plan(kiosk.packs.path(), "jfs@4");
        let look = kiosk.follower.look(&mut kiosk.folder, &mut counting);
        assert_says(&look, FleetState::Refused, "invalid content pack");
        assert_eq!(
            kiosk.follower.shown(),
            Some("jfs@2"),
            "the last good pack stays"
        );
        assert!(
            !kiosk.follower.store().folder_of("jfs@4").exists(),
            "the refused copy is gone"
        );
        kiosk.follower.look(&mut kiosk.folder, &mut counting);
        assert_eq!(
            offers.get(),
            2,
            "a refused pack is not checked again while its bytes are the same"
        );

        kiosk.folder.readiness = Readiness::LocalChanges("2 local changes".into());
        let look = kiosk.follower.look(&mut kiosk.folder, &mut offer);
        assert_eq!(look.progress.state, FleetState::Waiting);
        assert_eq!(kiosk.folder.reverted, 1);
    }

    #[test]
    fn regression_a_refused_pack_stayed_refused_after_the_anchor_repaired_it_under_the_same_checksums(
    ) {
        let mut kiosk = kiosk();
        publish(kiosk.packs.path(), "jfs@5", false);
        plan(kiosk.packs.path(), "jfs@5");
        assert_eq!(
            kiosk
                .follower
                .look(&mut kiosk.folder, &mut offer)
                .progress
                .state,
            FleetState::Refused
        );
        // The file the check missed arrives; the checksum list is the same.
        let manifest = kiosk.packs.path().join("packs/jfs@5/manifest.toml");
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&manifest, "ok").unwrap();
        assert_eq!(
            kiosk
                .follower
                .look(&mut kiosk.folder, &mut offer)
                .progress
                .state,
            FleetState::Current
        );
    }

    #[test]
    fn a_broken_plan_is_reported_and_the_last_good_one_is_followed() {
        let mut kiosk = kiosk();
        publish(kiosk.packs.path(), "jfs@2", true);
        fs::write(
            kiosk.packs.path().join("fleet.toml"),
            "format = 1\npack = \"jfs@2\"\nmaintenance = true\n",
        )
        .unwrap();
        assert!(
            kiosk
                .follower
                .look(&mut kiosk.folder, &mut offer)
                .progress
                .maintenance
        );
        fs::write(
            kiosk.packs.path().join("fleet.toml"),
            "format = 1\npack = \"jfs@3\"\nmaintenanse = false\n",
        )
        .unwrap();
        let look = kiosk.follower.look(&mut kiosk.folder, &mut offer);
        assert_eq!(look.progress.state, FleetState::BadPlan);
        let detail = look.progress.detail.unwrap();
        assert!(
            detail.contains("fleet.toml") && detail.contains("maintenanse"),
            "{detail}"
        );
        assert!(look.progress.maintenance, "the last good plan still holds");
        assert_eq!(look.progress.desired.as_deref(), Some("jfs@2"));
        assert_eq!(kiosk.follower.shown(), Some("jfs@2"));
    }

    #[test]
    fn a_pack_without_checksums_or_missing_from_the_folder_is_not_shown() {
        let mut kiosk = kiosk();
        plan(kiosk.packs.path(), "jfs@3");
        let look = kiosk.follower.look(&mut kiosk.folder, &mut offer);
        assert_says(&look, FleetState::Waiting, "not in the packs folder");
        publish(kiosk.packs.path(), "jfs@3", true);
        fs::remove_file(
            kiosk
                .packs
                .path()
                .join("packs/jfs@3")
                .join(crate::content::CHECKSUM_FILE),
        )
        .unwrap();
        let look = kiosk.follower.look(&mut kiosk.folder, &mut offer);
        assert_says(&look, FleetState::Refused, "screening-kiosk pack");
    }
}
