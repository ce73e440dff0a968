//! `cargo xtask bench`: what the kiosk costs next to what an operator would use instead (Chromium
//! in kiosk mode on a page that loops the same clip) and the native-player floor (mpv), measured
//! in one run on this machine, interleaved, medians of several launches, printed as ratios.
//!
//! Each launch gets a fresh private HOME and session bus, starts through `setsid` so its whole
//! process tree can be found again (and killed) by session, and is timed from spawn until the
//! clip's magenta slate shows in the middle of the X screen. CPU and PSS are then read from
//! `/proc` over a fixed window once start-up is over.

mod budget;
mod frames;
mod procs;
mod screen;
mod serve;
mod trailer;

use std::collections::HashMap;
use std::env;
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::display::{SessionBus, VirtualDisplay};
use crate::{bundle, clip, identity, packages, Error};

const SCREEN: &str = "1920x1080x24";
const SCREEN_SIZE: (u32, u32) = (1920, 1080);
const CENTRE: (u32, u32) = (960, 540);
/// The default clip: 720p, as in the baseline taken before the project existed.
const DEFAULT_CLIP: (u32, u32) = (1280, 720);
const CLIP_SECONDS: f32 = 10.0;
const FIRST_FRAME_TIMEOUT: Duration = Duration::from_secs(45);
/// Start-up work (page load, decoder set-up, the kiosk's 1.4 s fade-in) kept out of the CPU window.
const SETTLE_AFTER_FIRST_FRAME: Duration = Duration::from_secs(5);
/// Between launches, so the previous tree's teardown does not land in the next one's figures.
const SETTLE_BETWEEN: Duration = Duration::from_secs(3);
const STOP_TIMEOUT: Duration = Duration::from_secs(6);
const PIN: &str = "135790";
/// A pseudo variable for `--kiosk-env`: `gtk-enable-animations=false` is written to GTK's
/// settings.ini in the private HOME rather than set in the environment.
const GTK_ANIMATIONS: &str = "gtk-enable-animations";
/// Pseudo variables for `--kiosk-env` that start with this are kiosk settings instead, saved in
/// the private HOME before the launch: `setting.attractAudio=true`.
const SETTING_PREFIX: &str = "setting.";
const CHROMIUM: &str = "/usr/bin/chromium";
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

#[derive(Debug, PartialEq)]
pub struct Options {
    pub runs: usize,
    pub window_secs: u64,
    /// Extra kiosk contenders, each with these environment variables set.
    pub kiosk_envs: Vec<Vec<(String, String)>>,
    /// Extra kiosk contenders playing a clip of another size.
    pub kiosk_clips: Vec<(u32, u32)>,

    /// Plain WebKitGTK (MiniBrowser) on test pages: the cost of the kiosk's page, piece by piece.
    pub pages: Vec<Page>,
    /// Environment for those pages, to see the pieces under a renderer setting.
    pub page_env: Vec<(String, String)>,
    /// Only `check` on hostile packs (`budget`), which needs no display.
    pub check_budget: bool,
    /// The screen measured: the attract loop, or the visitor's trailer.
    pub screen: Screen,
}

/// What each contender shows while it is measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Screen {
    /// The muted loop: the kiosk's attract screen, the others' looping video.
    Attract,
    /// The trailer with sound and English captions: the kiosk's trailer screen, reached from the
    /// attract screen as a visitor would (`trailer.rs`), Chromium's `<video controls>` with a
    /// caption track, mpv with the captions file.
    Trailer,
    /// A screen without video, reached the same way: what the kiosk costs there, in each of the
    /// WebKit renderer settings its engines use (no browser to compare with, no frames to count).
    Menu(MenuScreen),
}

/// The screens home leads to that play no video.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MenuScreen {
    Home,
    Credits,
    Law,
    About,
}

impl MenuScreen {
    const ALL: [MenuScreen; 4] = [
        MenuScreen::Home,
        MenuScreen::Credits,
        MenuScreen::Law,
        MenuScreen::About,
    ];

    fn name(self) -> &'static str {
        match self {
            MenuScreen::Home => "home",
            MenuScreen::Credits => "credits",
            MenuScreen::Law => "law",
            MenuScreen::About => "about",
        }
    }

    /// Its tile on home, counted from the trailer's (ui/js/screens/home.js); home itself has none.
    fn tile(self) -> Option<usize> {
        match self {
            MenuScreen::Home => None,
            MenuScreen::Credits => Some(1),
            MenuScreen::Law => Some(2),
            MenuScreen::About => Some(3),
        }
    }
}

impl Screen {
    /// Long enough that a trailer still plays through the settling time and the window.
    fn clip_seconds(self) -> f32 {
        match self {
            Screen::Attract | Screen::Menu(_) => CLIP_SECONDS,
            Screen::Trailer => trailer::CLIP_SECONDS,
        }
    }
}

pub fn parse_args(args: &[String]) -> Result<Options, Error> {
    let mut opts = Options {
        runs: 5,
        window_secs: 20,
        kiosk_envs: Vec::new(),
        kiosk_clips: Vec::new(),

        pages: Vec::new(),
        page_env: Vec::new(),
        check_budget: false,
        screen: Screen::Attract,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| Error(format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--runs" => {
                let v = value("--runs")?;
                opts.runs =
                    v.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                        Error(format!("--runs takes a positive number, not `{v}`"))
                    })?;
            }
            "--window" => {
                let v = value("--window")?;
                opts.window_secs = v.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                    Error(format!(
                        "--window takes a positive number of seconds, not `{v}`"
                    ))
                })?;
            }
            "--kiosk-env" => opts.kiosk_envs.push(parse_env(&value("--kiosk-env")?)?),
            "--kiosk-clip" => opts.kiosk_clips.push(parse_size(&value("--kiosk-clip")?)?),
            "--webkit-pages" => opts.pages = DEFAULT_PAGES.to_vec(),
            "--pages" => opts.pages = parse_pages(&value("--pages")?)?,

            "--check-budget" => opts.check_budget = true,
            "--screen" => {
                let name = value("--screen")?;
                opts.screen = match name.as_str() {
                    "attract" => Screen::Attract,
                    "trailer" => Screen::Trailer,
                    other => Screen::Menu(
                        MenuScreen::ALL
                            .into_iter()
                            .find(|m| m.name() == other)
                            .ok_or_else(|| {
                                Error(format!(
                                    "--screen takes attract, trailer, home, credits, law or about, not `{other}`"
                                ))
                            })?,
                    ),
                }
            }
            "--page-env" => {
                opts.page_env.extend(parse_env(&value("--page-env")?)?);
            }
            other => return Err(Error(format!("unknown option for `bench`: `{other}`"))),
        }
    }
    if !opts.page_env.is_empty() && opts.pages.is_empty() {
        opts.pages = DEFAULT_PAGES.to_vec();
    }
    Ok(opts)
}

/// `A=1,B=2` into pairs.
fn parse_env(spec: &str) -> Result<Vec<(String, String)>, Error> {
    spec.split(',')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(Error(format!(
                "--kiosk-env and --page-env take VAR=VALUE[,VAR=VALUE], not `{spec}`"
            ))),
        })
        .collect()
}

/// `1920x1080` into (1920, 1080); even sizes only, as H.264 4:2:0 needs.
fn parse_size(spec: &str) -> Result<(u32, u32), Error> {
    spec.split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .filter(|&(w, h): &(u32, u32)| w > 0 && h > 0 && w.is_multiple_of(2) && h.is_multiple_of(2))
        .ok_or_else(|| {
            Error(format!(
                "--kiosk-clip takes an even WIDTHxHEIGHT, not `{spec}`"
            ))
        })
}

/// A test page for the browsers. `Plain` is what an operator would put in Chromium; the others
/// rebuild the kiosk's attract screen in parts, to see which part costs what.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Page {
    Plain,
    /// A second, paused copy stacked underneath, as the attract loop's gapless hand-over has.
    TwoVideos,
    /// The attract screen's full-screen shade (two gradients) over the video.
    Shade,
    /// The attract screen's blurred poster under the video (covered, but still a layer).
    Poster,
    /// All the attract screen's still layers: blurred poster, video, shade, title, pill.
    Overlay,
    /// The same with the pill breathing (an endless opacity animation), as on the attract screen.
    Animated,
}

/// What `--webkit-pages` measures: the pieces whose cost was in question.
const DEFAULT_PAGES: [Page; 4] = [Page::Plain, Page::TwoVideos, Page::Overlay, Page::Animated];
const ALL_PAGES: [Page; 6] = [
    Page::Plain,
    Page::TwoVideos,
    Page::Shade,
    Page::Poster,
    Page::Overlay,
    Page::Animated,
];

impl Page {
    /// The name in `--pages` and in the page's URL.
    fn name(self) -> &'static str {
        match self {
            Page::Plain => "plain",
            Page::TwoVideos => "two-videos",
            Page::Shade => "shade",
            Page::Poster => "poster",
            Page::Overlay => "overlay",
            Page::Animated => "animated",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Page::Plain => "1 video",
            Page::TwoVideos => "2 videos",
            Page::Shade => "1 video+shade",
            Page::Poster => "blurred poster+1 video",
            Page::Overlay => "1 video+overlay",
            Page::Animated => "1 video+overlay+anim",
        }
    }

    fn path(self) -> String {
        format!("/{}.html", self.name())
    }

    fn html(self, clip: &str) -> String {
        let style = "html,body{margin:0;height:100%;background:#000;overflow:hidden}\
            video{position:absolute;inset:0;width:100%;height:100%;object-fit:cover;z-index:2}\
            .poster{position:absolute;inset:-8%;width:116%;height:116%;background:radial-gradient(#a08050,#201810);\
              filter:blur(28px) brightness(.6) saturate(1.1);opacity:.55}\
            .shade{position:absolute;inset:0;z-index:3;background:\
              linear-gradient(to top,rgba(11,10,9,.94) 0%,rgba(11,10,9,.7) 26%,rgba(11,10,9,.15) 58%,rgba(11,10,9,0) 72%),\
              radial-gradient(ellipse at center,rgba(0,0,0,0) 55%,rgba(0,0,0,.45) 100%)}\
            .content{position:absolute;inset:0;z-index:4;display:flex;align-items:flex-end;justify-content:space-between;\
              padding:4rem;font:4.6rem serif;color:#eee}\
            h1{margin:0;font-weight:400;text-shadow:0 .1em 1.2em rgba(0,0,0,.55)}\
            .cta{font:600 1.35rem sans-serif;padding:1rem 2rem;border-radius:999px;border:1px solid #c9a45c;\
              background:rgba(11,10,9,.62);box-shadow:0 .6rem 2rem rgba(0,0,0,.35)}\
            .breathe{animation:breathe 3.6s ease-in-out infinite}\
            @keyframes breathe{0%,100%{opacity:.82}50%{opacity:1}}";
        let video = format!("<video src=\"{clip}\" autoplay muted loop playsinline></video>");
        let poster = "<div class=\"poster\"></div>";
        let shade = "<div class=\"shade\"></div>";
        let content = |class: &str| {
            format!("<div class=\"content\"><h1>Justice for Sergei</h1><span class=\"cta {class}\">Touch to begin</span></div>")
        };
        let body = match self {
            Page::Plain => video,
            Page::TwoVideos => format!(
                "<video src=\"{clip}\" muted preload=\"auto\" playsinline style=\"opacity:0;z-index:1\"></video>{video}"
            ),
            Page::Shade => format!("{video}{shade}"),
            Page::Poster => format!("{poster}{video}"),
            Page::Overlay => format!("{poster}{video}{shade}{}", content("")),
            Page::Animated => format!("{poster}{video}{shade}{}", content("breathe")),
        };
        format!("<!doctype html><html><head><meta charset=\"utf-8\"><style>{style}</style></head><body>{body}</body></html>")
    }
}

/// `plain,shade` into pages.
fn parse_pages(spec: &str) -> Result<Vec<Page>, Error> {
    spec.split(',')
        .map(|name| {
            ALL_PAGES
                .into_iter()
                .find(|p| p.name() == name.trim())
                .ok_or_else(|| {
                    let names: Vec<&str> = ALL_PAGES.iter().map(|p| p.name()).collect();
                    Error(format!(
                        "unknown page `{name}`; --pages takes some of {}",
                        names.join(",")
                    ))
                })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
enum Program {
    Kiosk {
        env: Vec<(String, String)>,
        /// GTK's `gtk-enable-animations=false` in the private HOME, which WebKitGTK turns into
        /// `prefers-reduced-motion: reduce`: an operator-side switch, no code change.
        reduced_motion: bool,
        /// Kiosk settings (name, JSON value) saved before the launch.
        settings: Vec<(String, String)>,
    },
    Chromium,
    Mpv,
    MiniBrowser(Page),
}

#[derive(Debug, Clone)]
struct Contender {
    name: String,
    program: Program,
    clip: (u32, u32),
}

fn contenders(opts: &Options) -> Vec<Contender> {
    let c = |name: String, program: Program, clip: (u32, u32)| Contender {
        name,
        program,
        clip,
    };
    let mut out = vec![c(
        "kiosk".into(),
        Program::Kiosk {
            env: Vec::new(),
            reduced_motion: false,
            settings: Vec::new(),
        },
        DEFAULT_CLIP,
    )];
    // A screen without video has nothing to compare with in a browser or a player.
    if !matches!(opts.screen, Screen::Menu(_)) {
        out.push(c(
            "chromium --kiosk".into(),
            Program::Chromium,
            DEFAULT_CLIP,
        ));
        out.push(c("mpv".into(), Program::Mpv, DEFAULT_CLIP));
    }
    for env in &opts.kiosk_envs {
        let label: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        out.push(c(
            format!("kiosk {}", label.join(",")),
            Program::Kiosk {
                env: env
                    .iter()
                    .filter(|(k, _)| k != GTK_ANIMATIONS && !k.starts_with(SETTING_PREFIX))
                    .cloned()
                    .collect(),
                reduced_motion: env.iter().any(|(k, v)| k == GTK_ANIMATIONS && v == "false"),
                settings: env
                    .iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix(SETTING_PREFIX)?.into(), v.clone())))
                    .collect(),
            },
            DEFAULT_CLIP,
        ));
    }
    for &(w, h) in &opts.kiosk_clips {
        out.push(c(
            format!("kiosk, {w}x{h} clip"),
            Program::Kiosk {
                env: Vec::new(),
                reduced_motion: false,
                settings: Vec::new(),
            },
            (w, h),
        ));
    }

    {
        let page_env: String = opts
            .page_env
            .iter()
            .map(|(k, v)| format!(" {k}={v}"))
            .collect();
        for &page in &opts.pages {
            out.push(c(
                format!("webkit page: {}{page_env}", page.label()),
                Program::MiniBrowser(page),
                DEFAULT_CLIP,
            ));
        }
    }
    out
}

/// One launch's figures. `first_frame` is `None` when the slate never showed.
#[derive(Debug, Clone, Copy)]
struct Sample {
    cpu_percent: f64,
    xserver_percent: f64,
    pss_mib: f64,
    first_frame_secs: Option<f64>,
    /// Frames shown per second over the window (`frames`), and for the kiosk in each phase of
    /// its attract screen: the words over the film, then the film alone.
    shown_fps: Option<f64>,
    /// The share of the window the screen sampler saw (it misses stretches now and then).
    seen_share: f64,
    words_fps: Option<f64>,
    quiet_fps: Option<f64>,
}

/// Everything a launch needs that is set up once.
struct Setup {
    work: PathBuf,
    kiosk: PathBuf,
    sampler: PathBuf,
    packs: HashMap<(u32, u32), PathBuf>,
    /// How many languages the kiosk's packs offer (the way to its trailer depends on it).
    languages: usize,
    screen: Screen,
    url: String,
    ticks_per_sec: u64,
    real_cache: Option<PathBuf>,
    page_env: Vec<(String, String)>,
}

pub fn cmd_bench(opts: &Options) -> i32 {
    crate::add_cargo_bin_to_path();
    match bench(opts) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("xtask: bench: {}", e.0);
            1
        }
    }
}

fn bench(opts: &Options) -> Result<(), Error> {
    let repo = crate::repo_root();
    if opts.check_budget {
        packages::ensure(&["time"])?;
        return check_budget(&repo);
    }
    let all: Vec<&str> = packages::RUNTIME
        .iter()
        .chain(packages::BENCH)
        .copied()
        .collect();
    packages::ensure(&all)?;
    if !opts.pages.is_empty() && !Path::new(MINIBROWSER).is_file() {
        return Err(Error(format!(
            "{MINIBROWSER} is missing (Debian package: libwebkit2gtk-4.1-0)"
        )));
    }
    crate::run_status(
        crate::cargo()
            .args(["build", "--release", "--bin", "screening-kiosk"])
            .current_dir(&repo),
    )?;
    // Apart: an example brings in the dev-dependencies, whose features would change the kiosk's.
    crate::run_status(
        crate::cargo()
            .args(["build", "--release", "--example", "screen_sampler"])
            .current_dir(&repo),
    )?;
    let target = crate::target_dir(&repo);
    let kiosk = target.join("release/screening-kiosk");
    let work = env::temp_dir().join(format!("screening-kiosk-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work)
        .map_err(|e| Error(format!("cannot create {}: {e}", work.display())))?;
    let result = bench_in(opts, &repo, &target, kiosk, &work);
    let _ = fs::remove_dir_all(&work);
    result
}

fn check_budget(repo: &Path) -> Result<(), Error> {
    crate::run_status(
        crate::cargo()
            .args(["build", "--release", "--bin", "screening-kiosk"])
            .current_dir(repo),
    )?;
    let kiosk = crate::target_dir(repo).join("release/screening-kiosk");
    let work = env::temp_dir().join(format!("screening-kiosk-budget-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work)
        .map_err(|e| Error(format!("cannot create {}: {e}", work.display())))?;
    let result = budget::run(repo, &kiosk, &work);
    let _ = fs::remove_dir_all(&work);
    result
}

fn bench_in(
    opts: &Options,
    repo: &Path,
    target: &Path,
    kiosk: PathBuf,
    work: &Path,
) -> Result<(), Error> {
    let contenders = contenders(opts);

    // The clips, one per size, and a kiosk pack for each.
    let mut sizes: Vec<(u32, u32)> = contenders.iter().map(|c| c.clip).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let mut packs = HashMap::new();
    let mut routes = HashMap::new();
    let captions = trailer::captions_vtt(opts.screen.clip_seconds());
    routes.insert(
        trailer::CAPTIONS_PATH.to_string(),
        serve::Body {
            content_type: "text/vtt; charset=utf-8",
            bytes: captions.clone().into_bytes(),
        },
    );
    for &(w, h) in &sizes {
        let file = work.join(format!("clip-{w}x{h}.mp4"));
        clip::make_clip(&file, opts.screen.clip_seconds(), w, h)?;
        let pack = clip::pack_with_clip(repo, &work.join(format!("pack-{w}x{h}")), &file)?;
        trailer::use_captions_in_pack(&pack, &captions)?;
        packs.insert((w, h), pack);
        let bytes = fs::read(&file).map_err(|e| Error(format!("cannot read the clip: {e}")))?;
        routes.insert(
            format!("/clip-{w}x{h}.mp4"),
            serve::Body {
                content_type: "video/mp4",
                bytes,
            },
        );
    }
    let (w, h) = DEFAULT_CLIP;
    for page in ALL_PAGES {
        routes.insert(
            page.path(),
            serve::Body {
                content_type: "text/html; charset=utf-8",
                bytes: page.html(&format!("/clip-{w}x{h}.mp4")).into_bytes(),
            },
        );
    }
    routes.insert(
        trailer::PAGE_PATH.to_string(),
        serve::Body {
            content_type: "text/html; charset=utf-8",
            bytes: trailer::page_html(&format!("/clip-{w}x{h}.mp4")).into_bytes(),
        },
    );
    let languages = trailer::pack_languages(&packs[&DEFAULT_CLIP])?;
    let url = serve::start(routes)?;

    let statics = static_figures(repo, target, &kiosk, work)?;

    let log_dir = target.join("xtask/bench");
    fs::create_dir_all(&log_dir)
        .map_err(|e| Error(format!("cannot create {}: {e}", log_dir.display())))?;
    let display = VirtualDisplay::start(&log_dir, SCREEN)?;
    let xserver = xserver_pid(&display.name());
    if xserver.is_none() {
        println!("xtask: bench: cannot tell the X server's pid; its CPU column will read 0");
    }
    let setup = Setup {
        work: work.to_path_buf(),
        sampler: target.join("release/examples/screen_sampler"),
        kiosk,
        packs,
        languages,
        screen: opts.screen,
        url,
        ticks_per_sec: procs::clock_ticks_per_sec(),
        page_env: opts.page_env.clone(),
        real_cache: env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache"))),
    };

    println!(
        "xtask: bench: {} contenders x {} runs, interleaved; CPU and PSS over {} s from {} s after the first frame",
        contenders.len(),
        opts.runs,
        opts.window_secs,
        SETTLE_AFTER_FIRST_FRAME.as_secs()
    );
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); contenders.len()];
    let mut notes: Vec<String> = Vec::new();
    for run in 1..=opts.runs {
        for (i, contender) in contenders.iter().enumerate() {
            let tag = format!("{}-{run}", slug(&contender.name));
            match launch(
                contender,
                &setup,
                &display.name(),
                xserver,
                opts,
                &log_dir,
                &tag,
            ) {
                Ok((sample, mut launch_notes)) => {
                    println!(
                        "xtask: bench: run {run}/{} {:<34} CPU {:>5.0}% (X {:>3.0}%)  PSS {:>4.0} MiB  first frame {}  shown {} fps ({:.0}% seen)",
                        opts.runs,
                        contender.name,
                        sample.cpu_percent,
                        sample.xserver_percent,
                        sample.pss_mib,
                        sample
                            .first_frame_secs
                            .map_or("never".to_string(), |s| format!("{s:.2} s")),
                        sample.shown_fps.map_or("-".to_string(), |f| format!("{f:.1}")),
                        sample.seen_share * 100.0
                    );
                    samples[i].push(sample);
                    notes.append(&mut launch_notes);
                }
                Err(e) => {
                    println!(
                        "xtask: bench: run {run}/{} {}: FAILED: {}",
                        opts.runs, contender.name, e.0
                    );
                    notes.push(format!("{} run {run} failed: {}", contender.name, e.0));
                }
            }
            sleep(SETTLE_BETWEEN);
        }
    }
    drop(display);

    println!();
    print!("{}", report(&contenders, &samples, opts, &statics));
    for note in &notes {
        println!("note: {note}");
    }
    println!("logs: {}", log_dir.display());
    Ok(())
}

/// The figures that need no display: `check` time, binary and package sizes.
struct Statics {
    check_secs: f64,
    check_runs: usize,
    binary_bytes: u64,
    deb: Option<bundle::Built>,
}

fn static_figures(repo: &Path, target: &Path, kiosk: &Path, work: &Path) -> Result<Statics, Error> {
    let pack = repo.join(crate::DEFAULT_PACK);
    let home = work.join("home-check");
    fs::create_dir_all(&home).map_err(|e| Error(e.to_string()))?;
    let check_runs = 5;
    let mut times = Vec::new();
    for _ in 0..check_runs {
        let started = Instant::now();
        let status = Command::new(kiosk)
            .arg("check")
            .arg(&pack)
            .env("HOME", &home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| Error(format!("cannot run {} check: {e}", kiosk.display())))?;
        times.push(started.elapsed().as_secs_f64());
        if !status.success() {
            return Err(Error(format!(
                "`screening-kiosk check {}` failed ({status})",
                pack.display()
            )));
        }
    }
    let binary_bytes = fs::metadata(kiosk).map(|m| m.len()).unwrap_or(0);
    let deb = bundle::newest_built(&target.join("release/bundle/deb"), "deb");
    Ok(Statics {
        check_secs: median(&times).unwrap_or(0.0),
        check_runs,
        binary_bytes,
        deb,
    })
}

/// One launch: start, wait for the slate, settle, measure, stop everything it started.
fn launch(
    c: &Contender,
    setup: &Setup,
    display: &str,
    xserver: Option<u32>,
    opts: &Options,
    log_dir: &Path,
    tag: &str,
) -> Result<(Sample, Vec<String>), Error> {
    let home = setup.work.join(format!("home-{tag}"));
    fs::create_dir_all(&home)
        .map_err(|e| Error(format!("cannot create {}: {e}", home.display())))?;
    if let Program::Kiosk {
        reduced_motion,
        settings,
        ..
    } = &c.program
    {
        set_pin(&setup.kiosk, &home)?;
        let mut settings = settings.clone();
        if opts.screen == Screen::Trailer {
            settings.push(("captionsDefault".into(), "true".into()));
        }
        save_settings(&home, &settings)?;
        if *reduced_motion {
            let gtk = home.join(".config/gtk-3.0");
            fs::create_dir_all(&gtk)
                .and_then(|()| {
                    fs::write(
                        gtk.join("settings.ini"),
                        "[Settings]\ngtk-enable-animations=false\n",
                    )
                })
                .map_err(|e| Error(format!("cannot write GTK settings: {e}")))?;
        }
    }
    // Wait for the previous contender's picture to be gone, or its slate would count as ours.
    let cleared = Instant::now();
    while screen::root_pixel(display, CENTRE.0, CENTRE.1).is_ok_and(screen::looks_magenta) {
        if cleared.elapsed() > STOP_TIMEOUT {
            return Err(Error(
                "the screen still shows magenta from before this launch".into(),
            ));
        }
        sleep(Duration::from_millis(100));
    }

    let bus = SessionBus::start()?;
    // As a desktop session has it; without it GTK, GStreamer and mpv complain and fall back.
    let runtime = home.join("run");
    fs::create_dir_all(&runtime).map_err(|e| Error(e.to_string()))?;
    fs::set_permissions(&runtime, fs::Permissions::from_mode(0o700))
        .map_err(|e| Error(e.to_string()))?;
    let mut cmd = command(c, setup, &home);
    cmd.env("XDG_RUNTIME_DIR", &runtime);
    cmd.env("HOME", &home)
        .env("DISPLAY", display)
        .env("GDK_BACKEND", "x11")
        .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null());
    if let Some(cache) = &setup.real_cache {
        // GStreamer's plugin registry: rebuilding it in every fresh HOME would be timed as start-up.
        cmd.env("XDG_CACHE_HOME", cache);
    }
    let log = File::create(log_dir.join(format!("{tag}.log"))).map_err(|e| Error(e.to_string()))?;
    cmd.stdout(log.try_clone().map_err(|e| Error(e.to_string()))?)
        .stderr(log);

    let spawned = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| Error(format!("cannot start {}: {e}", c.name)))?;
    let kiosk = matches!(c.program, Program::Kiosk { .. });
    let result = measure(&mut child, spawned, display, xserver, setup, opts, kiosk);
    stop_tree(&mut child);
    drop(bus);
    let mut notes = Vec::new();
    if let Ok(Sample {
        first_frame_secs: Some(secs),
        ..
    }) = result
    {
        if secs > f64::from(CLIP_SECONDS) - 1.0 {
            notes.push(format!(
                "{tag}: first frame after {secs:.1} s: the slate was probably missed and seen again at a loop"
            ));
        }
    }
    if matches!(c.program, Program::Kiosk { .. }) {
        notes.extend(kiosk_log_notes(&home, tag));
        let _ = fs::copy(
            identity::log_file(&home),
            log_dir.join(format!("{tag}.kiosk.log")),
        );
    }
    result.map(|s| (s, notes))
}

fn measure(
    child: &mut Child,
    spawned: Instant,
    display: &str,
    xserver: Option<u32>,
    setup: &Setup,
    opts: &Options,
    kiosk: bool,
) -> Result<Sample, Error> {
    let root = child.id();
    let mut failures = 0;
    let mut first_frame_at = None;
    let first_frame_secs = loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(Error(format!("exited during start-up ({status})")));
        }
        // xwd fails now and then while a player is still trying out its video outputs (mpv
        // creates and destroys windows); only a display that keeps failing is an error.
        match screen::root_pixel(display, CENTRE.0, CENTRE.1) {
            Ok(pixel) if screen::looks_magenta(pixel) => {
                first_frame_at = Some(Instant::now());
                break Some(spawned.elapsed().as_secs_f64());
            }
            Ok(_) => failures = 0,
            Err(e) => {
                failures += 1;
                if failures >= 20 {
                    return Err(e);
                }
            }
        }
        if spawned.elapsed() > FIRST_FRAME_TIMEOUT {
            break None;
        }
        sleep(Duration::from_millis(10));
    };
    // The kiosk's trailer is a visitor's: from the attract loop's first frame, through home, to
    // the trailer's own first frame, timed from the touch that asks for it.
    let first_frame_secs = match (opts.screen, kiosk, first_frame_secs) {
        (Screen::Menu(menu), true, Some(secs)) => {
            trailer::open_from_home(display, setup.languages, menu.tile())?;
            first_frame_at = None;
            Some(secs)
        }
        (Screen::Trailer, true, Some(_)) => {
            let asked = trailer::open_from_home(display, setup.languages, Some(0))?;
            let shown = screen::wait_for(
                display,
                CENTRE,
                trailer::START_TIMEOUT,
                screen::looks_magenta,
            )?;
            first_frame_at = shown.then(Instant::now);
            shown.then(|| asked.elapsed().as_secs_f64())
        }
        (_, _, secs) => secs,
    };
    // Where the frame marker is: the slate fills the picture, so its extent is the picture's.
    let marker = screen::picture_column(display, CENTRE)
        .ok()
        .flatten()
        .map_or(
            (
                (SCREEN_SIZE.0 as f32 * clip::FRAME_MARKER.0) as u32,
                (SCREEN_SIZE.1 as f32 * clip::FRAME_MARKER.1) as u32,
            ),
            |(top, bottom)| {
                let y = top as f32 + (bottom - top) as f32 * clip::FRAME_MARKER.1;
                (CENTRE.0, y as u32)
            },
        );
    sleep(SETTLE_AFTER_FIRST_FRAME);
    let window = Duration::from_secs(opts.window_secs);
    let (ticks0, x0, t0) = (
        procs::tree_ticks(root),
        xserver.map_or(0, procs::process_ticks),
        Instant::now(),
    );
    // Without video, no frames to count, and the sampler's own cost would be most of the X
    // server's.
    let sampler = match opts.screen {
        Screen::Menu(_) => None,
        _ => Some(frames::start(&setup.sampler, display, window, marker)?),
    };
    sleep(window);
    let (ticks1, x1) = (
        procs::tree_ticks(root),
        xserver.map_or(0, procs::process_ticks),
    );
    let elapsed = t0.elapsed().as_secs_f64();
    let pss_kib = procs::tree_pss_kib(root);
    let seen = match sampler {
        Some(sampler) => {
            let sampled = sampler
                .wait_with_output()
                .map_err(|e| Error(format!("the screen sampler: {e}")))?;
            frames::sampled(&String::from_utf8_lossy(&sampled.stdout))
        }
        None => frames::Sampled::default(),
    };
    let (shown_fps, seen_share) = seen.rate(window.as_millis() as u64);
    let offset_ms = first_frame_at.map(|at| t0.duration_since(at).as_millis() as u64);
    let (words_fps, quiet_fps) = match offset_ms {
        Some(offset) if kiosk && opts.screen == Screen::Attract => seen.rates_by_phase(offset),
        _ => (None, None),
    };
    if let Ok(Some(status)) = child.try_wait() {
        return Err(Error(format!("exited during the measurement ({status})")));
    }
    let percent = |ticks: u64| ticks as f64 / setup.ticks_per_sec as f64 / elapsed * 100.0;
    Ok(Sample {
        cpu_percent: percent(ticks1.saturating_sub(ticks0)),
        xserver_percent: percent(x1.saturating_sub(x0)),
        pss_mib: pss_kib as f64 / 1024.0,
        first_frame_secs,
        shown_fps,
        seen_share,
        words_fps,
        quiet_fps,
    })
}

fn command(c: &Contender, setup: &Setup, home: &Path) -> Command {
    // setsid: a new session led by the launched process itself (it is not a group leader, so
    // setsid execs rather than forks), so helpers that get re-parented can still be found.
    let mut cmd = Command::new("setsid");
    let (w, h) = c.clip;
    match &c.program {
        Program::Kiosk { env, .. } => {
            cmd.arg(&setup.kiosk)
                .arg("--content")
                .arg(&setup.packs[&c.clip]);
            cmd.envs(env.iter().map(|(k, v)| (k, v)));
        }
        Program::Chromium => {
            cmd.arg(CHROMIUM).args([
                "--kiosk",
                "--no-first-run",
                "--no-default-browser-check",
                "--autoplay-policy=no-user-gesture-required",
                "--password-store=basic",
            ]);
            // Chromium refuses to run as root with its sandbox on.
            if is_root() {
                cmd.arg("--no-sandbox");
            }
            let page = match setup.screen {
                Screen::Attract | Screen::Menu(_) => Page::Plain.path(),
                Screen::Trailer => trailer::PAGE_PATH.to_string(),
            };
            cmd.arg(format!(
                "--user-data-dir={}",
                home.join("chromium").display()
            ))
            .arg(format!("{}{page}", setup.url));
        }
        Program::Mpv => {
            // Audio as in the browsers, which decode it and play it muted: decoded, then dropped.
            cmd.args(["mpv", "--no-config", "--fs", "--loop-file=inf", "--ao=null"])
                .args(["--no-terminal", "--no-input-default-bindings"]);
            match setup.screen {
                Screen::Attract | Screen::Menu(_) => cmd.arg("--mute=yes"),
                Screen::Trailer => cmd.arg(format!(
                    "--sub-file={}{}",
                    setup.url,
                    trailer::CAPTIONS_PATH
                )),
            }
            .arg(format!("{}/clip-{w}x{h}.mp4", setup.url));
        }
        Program::MiniBrowser(page) => {
            cmd.envs(setup.page_env.iter().map(|(k, v)| (k, v)));
            cmd.arg(MINIBROWSER)
                .args(["--full-screen", "--autoplay-policy=allow"])
                .arg(format!("{}{}", setup.url, page.path()));
        }
    }
    cmd
}

/// The kiosk's settings file under `home` with these settings; values that are not JSON literals
/// are saved as strings.
fn save_settings(home: &Path, settings: &[(String, String)]) -> Result<(), Error> {
    if settings.is_empty() {
        return Ok(());
    }
    let fields: Vec<String> = settings
        .iter()
        .map(|(name, value)| {
            let literal =
                matches!(value.as_str(), "true" | "false" | "null") || value.parse::<f64>().is_ok();
            let value = if literal {
                value.clone()
            } else {
                format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
            };
            format!("\"{name}\":{value}")
        })
        .collect();
    let dir = identity::data_dir(home);
    fs::create_dir_all(&dir)
        .and_then(|()| {
            fs::write(
                dir.join("settings.json"),
                format!("{{\"settings\":{{{}}}}}", fields.join(",")),
            )
        })
        .map_err(|e| Error(format!("cannot write the kiosk's settings: {e}")))
}

fn set_pin(kiosk: &Path, home: &Path) -> Result<(), Error> {
    let mut child = Command::new(kiosk)
        .arg("set-pin")
        .env("HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error(format!("cannot run {} set-pin: {e}", kiosk.display())))?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = writeln!(stdin, "{PIN}");
    }
    let out = child.wait_with_output().map_err(|e| Error(e.to_string()))?;
    if !out.status.success() {
        return Err(Error(format!(
            "screening-kiosk set-pin failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(())
}

/// SIGTERM to the launched process (the kiosk saves its statistics, Chromium closes its helpers),
/// then SIGKILL to whatever is left of its tree.
fn stop_tree(child: &mut Child) {
    let root = child.id();
    signal("TERM", &[root]);
    let asked = Instant::now();
    loop {
        let _ = child.try_wait();
        let left = procs::tree(&procs::all_processes(), root);
        if left.is_empty() {
            break;
        }
        if asked.elapsed() > STOP_TIMEOUT {
            signal("KILL", &left);
            sleep(Duration::from_millis(300));
            break;
        }
        sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn signal(name: &str, pids: &[u32]) {
    if pids.is_empty() {
        return;
    }
    let list: Vec<String> = pids.iter().map(u32::to_string).collect();
    let _ = Command::new("sh")
        .args([
            "-c",
            &format!("kill -{name} {} 2>/dev/null", list.join(" ")),
        ])
        .stdin(Stdio::null())
        .status();
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The pid of the `Xvfb <display>` process, so the X server's CPU (where part of the drawing
/// lands) can be shown beside each contender's own.
fn xserver_pid(display: &str) -> Option<u32> {
    procs::all_processes()
        .into_iter()
        .map(|p| p.pid)
        .find(|pid| {
            fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|cmdline| {
                let args: Vec<&[u8]> = cmdline.split(|&b| b == 0).collect();
                args.first().is_some_and(|a| a.ends_with(b"Xvfb"))
                    && args.get(1) == Some(&display.as_bytes())
            })
        })
}

/// Watchdog interventions and media errors in a kiosk launch's log: a launch that needed them
/// did not measure a healthy loop.
fn kiosk_log_notes(home: &Path, tag: &str) -> Vec<String> {
    let log = identity::log_file(home);
    let Ok(text) = fs::read_to_string(&log) else {
        return vec![format!("{tag}: no kiosk log at {}", log.display())];
    };
    notable_log_lines(&text)
        .map(|l| format!("{tag}: {}", l.trim()))
        .collect()
}

/// The lines that say a launch did not measure a healthy loop: the core's watchdog stepping in, a
/// media error, or the attract screen nudging a start that stood still.
fn notable_log_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|l| {
        l.contains("watchdog: ")
            || l.contains("media error playing")
            || l.contains("attract: the trailer stood still")
    })
}

fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    s.split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

// ----------------------------------------------------------------------------------- figures --

/// The median; the mean of the middle two for an even count. `None` for no values.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

/// `a / b` as `x1.23`, or `-` when either is missing or `b` is zero.
fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("x{:.2}", a / b),
        _ => "-".into(),
    }
}

struct Medians {
    cpu: Option<f64>,
    xserver: Option<f64>,
    pss: Option<f64>,
    first_frame: Option<f64>,
    shown: Option<f64>,
    words: Option<f64>,
    quiet: Option<f64>,
    launches: usize,
    no_frame: usize,
}

fn medians(samples: &[Sample]) -> Medians {
    let pick =
        |f: fn(&Sample) -> Option<f64>| -> Vec<f64> { samples.iter().filter_map(f).collect() };
    Medians {
        cpu: median(&pick(|s| Some(s.cpu_percent))),
        xserver: median(&pick(|s| Some(s.xserver_percent))),
        pss: median(&pick(|s| Some(s.pss_mib))),
        first_frame: median(&pick(|s| s.first_frame_secs)),
        shown: median(&pick(|s| s.shown_fps)),
        words: median(&pick(|s| s.words_fps)),
        quiet: median(&pick(|s| s.quiet_fps)),
        launches: samples.len(),
        no_frame: samples
            .iter()
            .filter(|s| s.first_frame_secs.is_none())
            .count(),
    }
}

fn report(
    contenders: &[Contender],
    samples: &[Vec<Sample>],
    opts: &Options,
    statics: &Statics,
) -> String {
    let m: Vec<Medians> = samples.iter().map(|s| medians(s)).collect();
    let find = |p: &Program| contenders.iter().position(|c| &c.program == p);
    let chromium = find(&Program::Chromium).map(|i| &m[i]);
    let mpv = find(&Program::Mpv).map(|i| &m[i]);
    let fmt = |v: Option<f64>, prec: usize| v.map_or("-".to_string(), |v| format!("{v:.prec$}"));

    let width = contenders
        .iter()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(0)
        .max("contender".len());
    let mut out = String::new();
    out.push_str(&format!(
        "Screening Kiosk bench: Xvfb {SCREEN}, clip H.264 30 fps {} s {}; medians of {} interleaved launches;\n\
         CPU % of one core over {} s, {} s after the first frame (tree = process, descendants, session;
X % = the X server's own); PSS at the end\n\n",
        opts.screen.clip_seconds(),
        match opts.screen {
            Screen::Attract => "muted, looping",
            Screen::Menu(_) => "looping on the attract screen, then a screen without video (no frames to count)",
            Screen::Trailer => "with sound and captions, once (the kiosk's first frame: from the trailer tile's press)",
        },
        opts.runs,
        opts.window_secs,
        SETTLE_AFTER_FIRST_FRAME.as_secs()
    ));
    out.push_str(
        "fps: frames shown per second (of the clip's 30), read from the X screen; the kiosk's also while\n\
         its words are over the film and while the film is alone\n\n",
    );
    out.push_str(&format!(
        "{:<width$} {:>6} {:>6} {:>8} {:>8} {:>6} {:>6} {:>6} | {:>8} {:>8} {:>8} | {:>8} {:>5}\n",
        "contender",
        "CPU %",
        "X %",
        "PSS MiB",
        "1st fr s",
        "fps",
        "words",
        "quiet",
        "CPU/chr",
        "PSS/chr",
        "1st/chr",
        "CPU/mpv",
        "n"
    ));
    for (c, m) in contenders.iter().zip(&m) {
        let n = if m.no_frame > 0 {
            format!("{}({}!)", m.launches, m.no_frame)
        } else {
            m.launches.to_string()
        };
        out.push_str(&format!(
            "{:<width$} {:>6} {:>6} {:>8} {:>8} {:>6} {:>6} {:>6} | {:>8} {:>8} {:>8} | {:>8} {:>5}\n",
            c.name,
            fmt(m.cpu, 0),
            fmt(m.xserver, 1),
            fmt(m.pss, 0),
            fmt(m.first_frame, 2),
            fmt(m.shown, 1),
            fmt(m.words, 1),
            fmt(m.quiet, 1),
            ratio(m.cpu, chromium.and_then(|c| c.cpu)),
            ratio(m.pss, chromium.and_then(|c| c.pss)),
            ratio(m.first_frame, chromium.and_then(|c| c.first_frame)),
            ratio(m.cpu, mpv.and_then(|c| c.cpu)),
            n,
        ));
    }
    out.push('\n');
    out.push_str(&format!(
        "check (default pack)   {:.2} s (median of {})\n",
        statics.check_secs, statics.check_runs
    ));
    out.push_str(&format!(
        "release binary         {:.1} MiB\n",
        statics.binary_bytes as f64 / 1024.0 / 1024.0
    ));
    match &statics.deb {
        Some(deb) => out.push_str(&format!(
            ".deb                   {:.1} MiB ({})\n",
            deb.bytes as f64 / 1024.0 / 1024.0,
            deb.path.file_name().unwrap_or_default().to_string_lossy()
        )),
        None => out.push_str(".deb                   not built\n"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[f64::NAN, 2.0]), Some(2.0));
    }

    #[test]
    fn ratios_need_both_sides() {
        assert_eq!(ratio(Some(120.0), Some(60.0)), "x2.00");
        assert_eq!(ratio(Some(1.0), None), "-");
        assert_eq!(ratio(Some(1.0), Some(0.0)), "-");
    }

    #[test]
    fn options() {
        let o = parse_args(&[]).unwrap();
        assert_eq!((o.runs, o.window_secs, o.pages.len()), (5, 20, 0));
        let o = parse_args(&strings(&[
            "--runs",
            "3",
            "--window",
            "10",
            "--kiosk-env",
            "WEBKIT_DISABLE_DMABUF_RENDERER=1",
            "--kiosk-env",
            "A=1,B=",
            "--kiosk-clip",
            "1920x1080",
            "--webkit-pages",
            "--kiosk-env",
            "gtk-enable-animations=false",
        ]))
        .unwrap();
        assert_eq!((o.runs, o.window_secs, o.pages.len()), (3, 10, 4));
        assert_eq!(
            o.kiosk_envs,
            vec![
                vec![(
                    "WEBKIT_DISABLE_DMABUF_RENDERER".to_string(),
                    "1".to_string()
                )],
                vec![("A".into(), "1".into()), ("B".into(), String::new())],
                vec![("gtk-enable-animations".into(), "false".into())],
            ]
        );
        assert_eq!(o.kiosk_clips, vec![(1920, 1080)]);
        assert_eq!(contenders(&o).len(), 3 + 3 + 1 + 4);
        assert_eq!(
            contenders(&o)[5].program,
            Program::Kiosk {
                env: Vec::new(),
                reduced_motion: true,
                settings: Vec::new(),
            }
        );
        let o = parse_args(&strings(&[
            "--screen",
            "trailer",
            "--kiosk-env",
            "setting.attractAudio=true,A=1",
        ]))
        .unwrap();
        assert_eq!(o.screen, Screen::Trailer);
        assert_eq!(
            contenders(&o)[3].program,
            Program::Kiosk {
                env: vec![("A".into(), "1".into())],
                reduced_motion: false,
                settings: vec![("attractAudio".into(), "true".into())],
            }
        );
        assert!(parse_args(&strings(&["--screen", "lobby"])).is_err());
        let o = parse_args(&strings(&["--screen", "credits"])).unwrap();
        assert_eq!(o.screen, Screen::Menu(MenuScreen::Credits));
        let names: Vec<String> = contenders(&o).into_iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            ["kiosk"],
            "nothing to compare a screen without video with"
        );
        let o = parse_args(&strings(&["--pages", "shade,poster", "--page-env", "X=1"])).unwrap();
        assert_eq!(o.pages, vec![Page::Shade, Page::Poster]);
        assert!(parse_args(&strings(&["--pages", "shade,nope"])).is_err());
        assert_eq!(o.page_env, vec![("X".to_string(), "1".to_string())]);
        for bad in [
            &["--runs", "0"][..],
            &["--runs"],
            &["--window", "x"],
            &["--kiosk-env", "=1"],
            &["--kiosk-clip", "1921x1080"],
            &["--nope"],
        ] {
            assert!(parse_args(&strings(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_report_gives_medians_and_ratios_to_chromium_and_mpv() {
        let opts = parse_args(&[]).unwrap();
        let contenders = contenders(&opts);
        let sample = |cpu: f64, pss: f64, ff: Option<f64>| Sample {
            cpu_percent: cpu,
            xserver_percent: 1.0,
            pss_mib: pss,
            first_frame_secs: ff,
            shown_fps: Some(29.0),
            seen_share: 1.0,
            words_fps: None,
            quiet_fps: None,
        };
        let samples = vec![
            vec![
                sample(180.0, 500.0, Some(2.0)),
                sample(200.0, 520.0, None),
                sample(170.0, 540.0, Some(3.0)),
            ],
            vec![sample(45.0, 460.0, Some(1.0)); 3],
            vec![sample(90.0, 160.0, Some(0.5)); 3],
        ];
        let statics = Statics {
            check_secs: 0.07,
            check_runs: 5,
            binary_bytes: 20 * 1024 * 1024,
            deb: None,
        };
        let out = report(&contenders, &samples, &opts, &statics);
        let kiosk = out.lines().find(|l| l.starts_with("kiosk ")).unwrap();
        let cols: Vec<&str> = kiosk.split_whitespace().collect();
        // CPU 180 (median), PSS 520, first frame 2.50 (the launch without one left out),
        // 29 frames shown a second (no phases), then ratios to Chromium: 4.00, 1.13, 2.50; to
        // mpv: 2.00; 3 launches, 1 without a frame.
        assert_eq!(
            cols,
            [
                "kiosk", "180", "1.0", "520", "2.50", "29.0", "-", "-", "|", "x4.00", "x1.13",
                "x2.50", "|", "x2.00", "3(1!)"
            ]
        );
        assert!(out.contains(".deb                   not built"));
        assert!(out.contains("release binary         20.0 MiB"));
    }

    #[test]
    fn watchdog_media_and_nudge_lines_are_notes() {
        let log = "[INFO] kiosk open\n\
            [WARN][webview::page] attract: the trailer stood still at 0.01 s (readyState 2) while playing; pausing and playing it again\n\
            [WARN] watchdog: the video stalled at 0.0 s for 10 s; reloading the page\n\
            [INFO] page loaded: tauri://localhost (main)\n";
        let notes: Vec<&str> = notable_log_lines(log).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("stood still") && notes[1].contains("watchdog"));
    }

    #[test]
    fn settings_are_saved_as_the_kiosk_reads_them() {
        let home = env::temp_dir().join(format!("bench-settings-{}", std::process::id()));
        let settings = [
            ("captionsDefault".to_string(), "true".to_string()),
            ("volume".to_string(), "40".to_string()),
            ("dailyRestart".to_string(), "04:\"30".to_string()),
        ];
        save_settings(&home, &settings).unwrap();
        let saved = fs::read_to_string(identity::data_dir(&home).join("settings.json")).unwrap();
        let _ = fs::remove_dir_all(&home);
        assert_eq!(
            saved,
            r#"{"settings":{"captionsDefault":true,"volume":40,"dailyRestart":"04:\"30"}}"#
        );
    }

    #[test]
    fn slugs_name_log_files() {
        assert_eq!(slug("kiosk WEBKIT_X=1"), "kiosk-webkit-x-1");
        assert_eq!(
            slug("webkit page: 1 video+overlay"),
            "webkit-page-1-video-overlay"
        );
    }
}
