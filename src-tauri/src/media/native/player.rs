//! Linux: a film as a GStreamer `playbin` whose video goes through one
//! `videoconvertscale` (scaled once, on several threads, to the size the window shows it at,
//! aspect kept with borders) into a `gtksink`. The sink's widget is drawn by GTK with Cairo, so it
//! never takes the GL display WebKit uses. The loop is gapless and builds nothing per pass: the
//! film plays as a segment, and when the segment is done a non-flushing seek starts the next
//! pass in the same pipeline, so the first frame of a pass follows the last one of the previous
//! pass. A film played once (the trailer) plays to its end with the visitor at the controls:
//! pause, seek, progress a few times a second. The film is read from the file validation saw,
//! already open, through `/proc/self/fd`, so the demuxer pulls it (segment seeks need that) and
//! nothing swapped in since is read.
//!
//! The GTK main thread never waits for the pipeline: the sink does its GTK work on that thread and
//! a streaming thread may be waiting for it, so a change to NULL made there could wait forever.

use super::{played_seconds, Playback, PlayerEvent, PlayerStatus, Progress};
use gstreamer as gst;
use gstreamer::prelude::*;
use std::fs::File;
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

/// What the path needs beyond playbin's own parts, with the Debian package that has it.
const ELEMENTS: [(&str, &str); 5] = [
    ("playbin", "gstreamer1.0-plugins-base"),
    ("videoconvertscale", "gstreamer1.0-plugins-base"),
    ("capsfilter", "libgstreamer1.0-0"),
    ("gtksink", "gstreamer1.0-gtk3"),
    ("filesrc", "libgstreamer1.0-0"),
];

/// Fault injection for the end-to-end tests: every loop fails this many seconds after it starts,
/// with an error on its bus as a broken decoder would post it.
const FAULT_ENV: &str = "SCREENING_KIOSK_FILM_FAULT_AFTER_SECS";

/// A film whose position stands still this long while it should play has stalled; well inside
/// the core watchdog's own limit, so the player falls back before the page is reloaded.
const STALL_LIMIT: Duration = Duration::from_secs(5);
/// From `play` to the first frame on screen; longer is a pipeline that will not start.
const START_LIMIT: Duration = Duration::from_secs(15);
const CHECK_EVERY: Duration = Duration::from_secs(1);
/// How often a film played once tells where it is: the page's progress bar and captions.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

fn init() -> Result<(), String> {
    static INIT: OnceLock<Result<(), String>> = OnceLock::new();
    INIT.get_or_init(|| gst::init().map_err(|e| format!("GStreamer did not start: {e}")))
        .clone()
}

/// Why the native path cannot play here (an element missing, GStreamer not starting), or `None`.
pub(crate) fn missing_elements() -> Option<String> {
    if let Err(e) = init() {
        return Some(e);
    }
    let missing: Vec<String> = ELEMENTS
        .iter()
        .filter(|(name, _)| gst::ElementFactory::find(name).is_none())
        .map(|(name, package)| format!("{name} (Debian: {package})"))
        .collect();
    (!missing.is_empty()).then(|| format!("GStreamer has no {}", missing.join(", ")))
}

/// Whether GStreamer's registry has a demuxer for the MIME type's container and a decoder for
/// every codec it declares: the native path's `canPlayType`.
pub(crate) fn can_decode(mime: &str) -> bool {
    if init().is_err() {
        return false;
    }
    let essence = mime.split(';').next().unwrap_or_default().trim();
    let container = match essence.to_ascii_lowercase().as_str() {
        "video/mp4" | "video/quicktime" => "video/quicktime",
        "video/webm" => "video/webm",
        "video/x-matroska" => "video/x-matroska",
        _ => return false,
    };
    if !has_factory(gst::ElementFactoryType::DEMUXER, container) {
        return false;
    }
    let Some(codecs) = crate::media::codecs::declared_codecs(mime) else {
        return true;
    };
    codecs.iter().all(|codec| {
        caps_of(codec).is_some_and(|caps| has_factory(gst::ElementFactoryType::DECODER, caps))
    })
}

fn caps_of(codec: &str) -> Option<&'static str> {
    Some(match crate::media::codecs::family(codec)? {
        "H.264" => "video/x-h264",
        "HEVC" => "video/x-h265",
        "AV1" => "video/x-av1",
        "VP9" => "video/x-vp9",
        "VP8" => "video/x-vp8",
        "Opus" => "audio/x-opus",
        "Vorbis" => "audio/x-vorbis",
        "FLAC" => "audio/x-flac",
        "AAC" => "audio/mpeg, mpegversion=(int)4",
        "MP3" => "audio/mpeg, mpegversion=(int)1",
        "AC-3" => "audio/x-ac3",
        "E-AC-3" => "audio/x-eac3",
        _ => return None,
    })
}

fn has_factory(kind: gst::ElementFactoryType, caps: &str) -> bool {
    let Ok(caps) = caps.parse::<gst::Caps>() else {
        return false;
    };
    gst::ElementFactory::factories_with_type(kind, gst::Rank::Marginal)
        .iter()
        .any(|factory| factory.can_sink_any_caps(&caps))
}

type Listener = Arc<dyn Fn(PlayerEvent) + Send + Sync>;

/// One running film. Stopping it (or dropping it) ends the pipeline; the sink's widget stays
/// where the caller put it until the caller removes it.
pub(crate) struct NativePlayer {
    playbin: gst::Element,
    playback: Playback,
    /// Kept open for as long as the pipeline may read it through its descriptor.
    _film: File,
    size: gst::Element,
    sink: gst::Element,
    shared: Arc<Shared>,
    _bus: gst::bus::BusWatchGuard,
    /// Handed to the position check when the loop starts.
    listener: Mutex<Option<Listener>>,
}

#[derive(Default)]
struct Shared {
    loops: Mutex<u64>,
    /// Set once the first frame is up.
    started: AtomicBool,
    /// Set once the loop has failed or been stopped: it reports nothing more.
    over: AtomicBool,
    /// Paused by the visitor: the position check waits.
    paused: AtomicBool,
}

impl NativePlayer {
    /// Builds the pipeline for the film in `film`; returns it with the widget that shows the film, which the
    /// caller puts in the window before `play` (a sink whose widget has no window opens one of
    /// its own). Runs on the GTK main thread (the sink makes its widget there) and reports
    /// through `listener` on the same thread.
    pub fn new(
        film: File,
        playback: Playback,
        with_sound: Option<f64>,
        size: (i32, i32),
        listener: impl Fn(PlayerEvent) + Send + Sync + 'static,
    ) -> Result<(NativePlayer, gtk::Widget), String> {
        init()?;
        let listener: Listener = Arc::new(listener);
        let make = |factory: &str| {
            gst::ElementFactory::make(factory)
                .build()
                .map_err(|e| format!("GStreamer could not make {factory}: {e}"))
        };
        let playbin = make("playbin")?;
        let scale = make("videoconvertscale")?;
        let size_filter = make("capsfilter")?;
        let sink = make("gtksink")?;
        scale.set_property("n-threads", 2u32);
        // The sink draws every frame with Cairo at the widget's size: already that size, the draw
        // is a copy, not a second scale.
        let video_sink = gst::Bin::new();
        video_sink
            .add_many([&scale, &size_filter, &sink])
            .and_then(|()| gst::Element::link_many([&scale, &size_filter, &sink]))
            .map_err(|e| format!("GStreamer could not link the video sink: {e}"))?;
        let pad = scale
            .static_pad("sink")
            .ok_or("videoconvertscale has no sink pad")?;
        let ghost = gst::GhostPad::with_target(&pad)
            .map_err(|e| format!("GStreamer could not expose the video sink: {e}"))?;
        video_sink
            .add_pad(&ghost)
            .map_err(|e| format!("GStreamer could not expose the video sink: {e}"))?;

        let uri = format!("file:///proc/self/fd/{}", film.as_raw_fd());
        playbin.set_property("uri", &uri);
        playbin.set_property("video-sink", &video_sink);
        // Without sound, nothing decodes the audio; subtitles are the page's.
        let flags = match with_sound {
            Some(_) => "video+audio+soft-volume",
            None => "video",
        };
        playbin.set_property_from_str("flags", flags);
        if let Some(volume) = with_sound {
            playbin.set_property("volume", volume.clamp(0.0, 1.0));
        }

        let widget: gtk::Widget = sink.property("widget");
        let shared = Arc::new(Shared::default());
        let bus = playbin.bus().ok_or("playbin has no bus")?;
        // The pass is over: the next starts where this one began, without a flush, so the sink
        // goes on from the last frame to the first. Asked for at once, on GStreamer's own thread
        // pool rather than the busy GTK main thread: a pass asked for late starts behind the
        // clock, and its frames are dropped as late.
        {
            let playbin_ref = playbin.downgrade();
            bus.set_sync_handler(move |_, message| {
                if let (gst::MessageView::SegmentDone(_), Some(playbin)) =
                    (message.view(), playbin_ref.upgrade())
                {
                    if posted_by(message, &playbin) {
                        playbin.call_async(|playbin| {
                            let seeked =
                                playbin.seek_simple(gst::SeekFlags::SEGMENT, gst::ClockTime::ZERO);
                            if let Err(e) = seeked {
                                let error = gst::message::Error::builder(
                                    gst::CoreError::Seek,
                                    &format!("the film would not go back to its start: {e}"),
                                )
                                .src(playbin)
                                .build();
                                let _ = playbin.post_message(error);
                            }
                        });
                    }
                }
                gst::BusSyncReply::Pass
            });
        }
        let watch = {
            let shared = shared.clone();
            let listener = listener.clone();
            let playbin_ref = playbin.downgrade();
            let (mut segmented, mut started) = (false, false);
            bus.add_watch(move |_, message| {
                use gst::MessageView;
                if shared.over.load(Ordering::SeqCst) {
                    return gtk::glib::ControlFlow::Continue;
                }
                let Some(playbin) = playbin_ref.upgrade() else {
                    return gtk::glib::ControlFlow::Continue;
                };
                let from_playbin = posted_by(message, &playbin);
                match message.view() {
                    // Prerolled: from here the film plays as one segment, so that its end is
                    // announced instead of ending the stream.
                    MessageView::AsyncDone(_) if from_playbin && !segmented => {
                        segmented = true;
                        let seeked = match playback {
                            Playback::Loop => playbin.seek_simple(
                                gst::SeekFlags::FLUSH | gst::SeekFlags::SEGMENT,
                                gst::ClockTime::ZERO,
                            ),
                            Playback::Once => Ok(()),
                        };
                        let seeked = seeked.map_err(|e| e.to_string()).and_then(|()| {
                            playbin
                                .set_state(gst::State::Playing)
                                .map(drop)
                                .map_err(|e| e.to_string())
                        });
                        if let Err(e) = seeked {
                            let reason = format!("the film would not start its loop: {e}");
                            fail(&shared, &listener, Some(playbin), reason, false);
                        }
                    }
                    MessageView::StateChanged(change)
                        if from_playbin && change.current() == gst::State::Playing && !started =>
                    {
                        started = true;
                        shared.started.store(true, Ordering::SeqCst);
                        listener(PlayerEvent::Playing);
                    }
                    // The next pass was asked for as this one ended (the sync handler below).
                    MessageView::SegmentDone(_) if from_playbin => {
                        let mut loops = shared.loops.lock().unwrap_or_else(PoisonError::into_inner);
                        *loops += 1;
                        listener(PlayerEvent::Looped { loops: *loops });
                    }
                    MessageView::Error(error) => {
                        let source = error
                            .src()
                            .map(|s| s.path_string().to_string())
                            .unwrap_or_default();
                        let reason = format!("{} (from {source})", error.error());
                        fail(&shared, &listener, Some(playbin), reason, false);
                    }
                    MessageView::Eos(_)
                        if playback == Playback::Once
                            && !shared.over.swap(true, Ordering::SeqCst) =>
                    {
                        end(playbin);
                        listener(PlayerEvent::Ended);
                    }
                    MessageView::Eos(_) => {
                        // A segment that loops never reaches the end of the stream.
                        let reason = "the film ended instead of looping".to_string();
                        fail(&shared, &listener, Some(playbin), reason, false);
                    }
                    _ => {}
                }
                gtk::glib::ControlFlow::Continue
            })
            .map_err(|e| format!("GStreamer could not watch the pipeline: {e}"))?
        };

        let native = NativePlayer {
            playbin,
            playback,
            _film: film,
            size: size_filter,
            sink,
            shared,
            _bus: watch,
            listener: Mutex::new(None),
        };
        native.resize(size.0, size.1);
        *native
            .listener
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(listener);
        Ok((native, widget))
    }

    /// Starts the loop (prerolled, it plays on as a segment), and the check that its position
    /// moves. On the GTK main thread, where the sink makes ready without waiting for it.
    pub fn play(&self) -> Result<(), String> {
        self.playbin
            .set_state(gst::State::Paused)
            .map_err(|e| format!("the pipeline would not start: {e}"))?;
        let Some(listener) = self
            .listener
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        else {
            return Ok(());
        };
        {
            let playbin = self.playbin.downgrade();
            let shared = self.shared.clone();
            let listener = listener.clone();
            let mut progress = Progress::new(STALL_LIMIT);
            let asked = Instant::now();
            gtk::glib::timeout_add(CHECK_EVERY, move || {
                let Some(playbin) = playbin.upgrade() else {
                    return gtk::glib::ControlFlow::Break;
                };
                if shared.over.load(Ordering::SeqCst) {
                    return gtk::glib::ControlFlow::Break;
                }
                if !shared.started.load(Ordering::SeqCst) {
                    if asked.elapsed() > START_LIMIT {
                        let reason = format!(
                            "the film showed no frame within {} s",
                            START_LIMIT.as_secs()
                        );
                        fail(&shared, &listener, Some(playbin), reason, true);
                        return gtk::glib::ControlFlow::Break;
                    }
                    return gtk::glib::ControlFlow::Continue;
                }
                if shared.paused.load(Ordering::SeqCst) {
                    // Stood still on purpose: the clock starts again when the visitor plays on.
                    progress = Progress::new(STALL_LIMIT);
                    return gtk::glib::ControlFlow::Continue;
                }
                // Whatever state the pipeline says it is in: the loop never pauses on purpose, and
                // a pipeline stuck between two passes answers no position at all.
                let position = position_of(&playbin);
                if let Some(still) = progress.observe(position, Instant::now()) {
                    let reason = match position {
                        Some(at) => format!(
                            "the film stood still at {at:.1} s for {} s",
                            still.as_secs()
                        ),
                        None => format!("the film gave no position for {} s", still.as_secs()),
                    };
                    let (_, current, pending) = playbin.state(gst::ClockTime::ZERO);
                    let loops = *shared.loops.lock().unwrap_or_else(PoisonError::into_inner);
                    let reason = format!(
                        "{reason} (pipeline {current:?}, pending {pending:?}, after {loops} loops)"
                    );
                    // Written only where GST_DEBUG_DUMP_DOT_DIR names a folder: the graph of
                    // every element's state, for whoever looks into the stall.
                    if let Ok(bin) = playbin.clone().downcast::<gst::Bin>() {
                        bin.debug_to_dot_file_with_ts(gst::DebugGraphDetails::all(), "film-stall");
                    }
                    fail(&shared, &listener, Some(playbin), reason, true);
                    return gtk::glib::ControlFlow::Break;
                }
                gtk::glib::ControlFlow::Continue
            });
        }
        if self.playback == Playback::Once {
            let playbin = self.playbin.downgrade();
            let shared = self.shared.clone();
            let listener = listener.clone();
            gtk::glib::timeout_add(PROGRESS_EVERY, move || {
                let Some(playbin) = playbin.upgrade() else {
                    return gtk::glib::ControlFlow::Break;
                };
                if shared.over.load(Ordering::SeqCst) {
                    return gtk::glib::ControlFlow::Break;
                }
                if let (true, Some(position)) =
                    (shared.started.load(Ordering::SeqCst), position_of(&playbin))
                {
                    listener(PlayerEvent::Progress {
                        position,
                        duration: duration_of(&playbin),
                        paused: shared.paused.load(Ordering::SeqCst),
                    });
                }
                gtk::glib::ControlFlow::Continue
            });
        }
        if let Some(secs) = std::env::var(FAULT_ENV).ok().and_then(|v| v.parse().ok()) {
            let playbin = self.playbin.downgrade();
            gtk::glib::timeout_add_once(Duration::from_secs(secs), move || {
                if let Some(playbin) = playbin.upgrade() {
                    let error = gst::message::Error::builder(
                        gst::CoreError::Failed,
                        &format!("a fault injected by {FAULT_ENV}"),
                    )
                    .src(&playbin)
                    .build();
                    let _ = playbin.post_message(error);
                }
            });
        }
        Ok(())
    }

    /// Holds the picture (a film played once); nothing is reported as a stall while it is held.
    pub fn pause(&self) {
        self.shared.paused.store(true, Ordering::SeqCst);
        self.change_state(gst::State::Paused);
    }

    pub fn resume(&self) {
        self.shared.paused.store(false, Ordering::SeqCst);
        self.change_state(gst::State::Playing);
    }

    /// Off the GTK main thread, for the same reason as `end`: a streaming thread may be waiting
    /// for that thread while the change waits for the streaming thread.
    fn change_state(&self, state: gst::State) {
        if self.shared.over.load(Ordering::SeqCst) || !self.shared.started.load(Ordering::SeqCst) {
            return;
        }
        self.playbin.call_async(move |playbin| {
            if let Err(e) = playbin.set_state(state) {
                log::warn!("native film: the pipeline would not go to {state:?}: {e}");
            }
        });
    }

    /// Moves a film played once to `seconds` from its start, to the frame, paused or playing.
    pub fn seek(&self, seconds: f64) {
        if self.playback != Playback::Once || !seconds.is_finite() {
            return;
        }
        let to = gst::ClockTime::from_nseconds((seconds.max(0.0) * 1e9) as u64);
        self.playbin.call_async(move |playbin| {
            let flags = gst::SeekFlags::FLUSH | gst::SeekFlags::ACCURATE;
            if let Err(e) = playbin.seek_simple(flags, to) {
                log::warn!("native film: the seek to {to} failed: {e}");
            }
        });
    }

    /// Frames leave the scaler at this size (device pixels); the borders keep the film's aspect.
    pub fn resize(&self, width: i32, height: i32) {
        if width <= 0 || height <= 0 {
            return;
        }
        let caps = gst::Caps::builder("video/x-raw")
            .field("width", width)
            .field("height", height)
            .field("pixel-aspect-ratio", gst::Fraction::new(1, 1))
            .build();
        self.size.set_property("caps", &caps);
    }

    pub fn status(&self) -> PlayerStatus {
        let stats: Option<gst::Structure> = self.sink.property("stats");
        let count = |field: &str| {
            stats
                .as_ref()
                .and_then(|s| s.get::<u64>(field).ok())
                .unwrap_or(0)
        };
        let position = position_of(&self.playbin).unwrap_or(0.0);
        let loops = *self
            .shared
            .loops
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let pass_length = duration_of(&self.playbin);
        let paused = self.shared.paused.load(Ordering::SeqCst);
        PlayerStatus {
            position,
            played: played_seconds(loops, pass_length, position),
            playing: !self.shared.over.load(Ordering::SeqCst)
                && !paused
                && self.playbin.current_state() == gst::State::Playing,
            paused,
            duration: pass_length,
            loops,
            rendered: count("rendered"),
            dropped: count("dropped"),
        }
    }

    /// Ends the pipeline (soon, off this thread); nothing more is reported, and the position
    /// check ends at its next turn.
    pub fn stop(&self) {
        if !self.shared.over.swap(true, Ordering::SeqCst) {
            end(self.playbin.clone());
        }
    }
}

impl Drop for NativePlayer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Seconds into the current pass, if the pipeline answers.
fn position_of(playbin: &gst::Element) -> Option<f64> {
    playbin
        .query_position::<gst::ClockTime>()
        .map(gst::ClockTime::seconds_f64)
}

fn duration_of(playbin: &gst::Element) -> Option<f64> {
    playbin
        .query_duration::<gst::ClockTime>()
        .map(gst::ClockTime::seconds_f64)
}

fn posted_by(message: &gst::Message, element: &gst::Element) -> bool {
    message
        .src()
        .is_some_and(|src| src == element.upcast_ref::<gst::Object>())
}

/// Reports a failure once and stops the pipeline, so a broken loop never spins.
fn fail(
    shared: &Shared,
    listener: &Listener,
    playbin: Option<gst::Element>,
    reason: String,
    stalled: bool,
) {
    if shared.over.swap(true, Ordering::SeqCst) {
        return;
    }
    if let Some(playbin) = playbin {
        end(playbin);
    }
    listener(PlayerEvent::Failed { reason, stalled });
}

/// Takes `playbin` to NULL on a thread of its own, and hands it back to the GTK main thread
/// (where the sink's widget may be released) once it is there.
fn end(playbin: gst::Element) {
    let ending = std::thread::Builder::new()
        .name("film-end".into())
        .spawn(move || {
            let _ = playbin.set_state(gst::State::Null);
            gtk::glib::MainContext::default().invoke(move || drop(playbin));
        });
    if let Err(e) = ending {
        log::warn!("native film: no thread to end the pipeline on: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_is_asked_about_the_container_and_every_declared_codec() {
        // The Debian packages in xtask/src/packages.rs (RUNTIME) provide every element.
        assert_eq!(missing_elements(), None);
        assert!(can_decode(r#"video/mp4; codecs="avc1.4D401F, mp4a.40.2""#));
        assert!(can_decode(r#"video/webm; codecs="vp9, opus""#));
        assert!(!can_decode(r#"video/mp4; codecs="avc1.4D401F, nonsense""#));
        assert!(!can_decode("image/png"));
    }
}
