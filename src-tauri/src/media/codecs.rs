//! Which operating system's webview plays which trailer codec, so that `check` can tell an
//! operator before the festival that a pack will show a poster instead of a trailer on their
//! machine. The kiosk does not decode video itself: WebView2 does on Windows, WebKit on macOS, and
//! WebKitGTK through GStreamer plugins on Linux, so the answer is a property of each platform.
//!
//! The Linux column is checked against the real webview by the end-to-end suite
//! (`codecs::the_linux_codec_table_matches_what_webkitgtk_can_play`); the Windows and macOS columns
//! come from those webviews' documented codec support and cannot be run here.

use super::probe::H264Profile;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Windows,
    MacOs,
    Linux,
}

impl Platform {
    pub const ALL: [Platform; 3] = [Platform::Windows, Platform::MacOs, Platform::Linux];

    pub fn name(self) -> &'static str {
        match self {
            Platform::Windows => "Windows",
            Platform::MacOs => "macOS",
            Platform::Linux => "Linux",
        }
    }
}

/// Whether one platform's webview plays a codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    Plays,
    /// Plays from this OS version on.
    Since(&'static str),
    /// Plays with the named package, which the kiosk's own installer depends on.
    WithPackage(&'static str),
    /// Plays only with something the installer cannot bring (an OS extension, a decoder in the GPU).
    Requires(&'static str),
    /// A codec this table does not know; the operator has to try it on the machine.
    Unknown,
}

/// A codec as a container names it (`avc1`, `mp4a`, `vp9`, `opus`, ...), with a MIME type that asks
/// a webview's `canPlayType` about exactly that codec.
pub struct Codec {
    pub name: &'static str,
    pub probe_mime: &'static str,
    support: [Support; 3],
}

const LIBAV: &str = "gstreamer1.0-libav";
const GOOD: &str = "gstreamer1.0-plugins-good";
const BAD: &str = "gstreamer1.0-plugins-bad";
const MAC_WEBM: &str = "11.3";
const HEVC_ON_WINDOWS: &str = "the HEVC Video Extensions and a GPU that decodes HEVC";

/// The codecs `probe` reports, columns in the order of `Platform`: Windows, macOS, Linux. Debian package names on
/// Linux: the .deb depends on all three, so an installed kiosk has them.
pub const CODECS: &[Codec] = &[
    Codec {
        name: "avc1",
        probe_mime: r#"video/mp4; codecs="avc1.4D401F""#,
        support: [Support::Plays, Support::Plays, Support::WithPackage(LIBAV)],
    },
    Codec {
        name: "mp4a",
        probe_mime: r#"audio/mp4; codecs="mp4a.40.2""#,
        support: [Support::Plays, Support::Plays, Support::WithPackage(LIBAV)],
    },
    // HEVC has two sample entries in MP4: `hvc1` keeps the parameter sets in the header, `hev1`
    // may carry them in the stream. Apple's decoders (Safari, WKWebView) take only `hvc1`.
    Codec {
        name: "hvc1",
        probe_mime: r#"video/mp4; codecs="hvc1.1.6.L93.B0""#,
        support: [
            Support::Requires(HEVC_ON_WINDOWS),
            Support::Plays,
            Support::WithPackage(LIBAV),
        ],
    },
    Codec {
        name: "hev1",
        probe_mime: r#"video/mp4; codecs="hev1.1.6.L93.B0""#,
        support: [
            Support::Requires(HEVC_ON_WINDOWS),
            Support::Requires("the file remuxed with the tag hvc1, the only HEVC tag macOS plays"),
            Support::WithPackage(LIBAV),
        ],
    },
    Codec {
        name: "vp8",
        probe_mime: r#"video/webm; codecs="vp8""#,
        support: [
            Support::Plays,
            Support::Since(MAC_WEBM),
            Support::WithPackage(GOOD),
        ],
    },
    Codec {
        name: "vp9",
        probe_mime: r#"video/webm; codecs="vp9""#,
        support: [
            Support::Plays,
            Support::Since(MAC_WEBM),
            Support::WithPackage(GOOD),
        ],
    },
    Codec {
        name: "vp09",
        probe_mime: r#"video/mp4; codecs="vp09.00.10.08""#,
        support: [Support::Plays, Support::Unknown, Support::WithPackage(GOOD)],
    },
    Codec {
        name: "av1",
        probe_mime: r#"video/webm; codecs="av01.0.05M.08""#,
        support: [
            Support::Plays,
            Support::Requires("a Mac with an AV1 hardware decoder (M3 or later)"),
            Support::WithPackage(BAD),
        ],
    },
    Codec {
        name: "opus",
        probe_mime: r#"audio/webm; codecs="opus""#,
        support: [Support::Plays, Support::Since(MAC_WEBM), Support::Plays],
    },
    Codec {
        name: "vorbis",
        probe_mime: r#"audio/webm; codecs="vorbis""#,
        support: [Support::Plays, Support::Unknown, Support::Plays],
    },
];

/// A codec's family, whatever name a container or an RFC 6381 `codecs` string gives it
/// (`avc1` and `avc1.4D401F` are both H.264, `hev1` and `hvc1` both HEVC). `None` for a name this
/// table does not know.
pub fn family(name: &str) -> Option<&'static str> {
    let name = name.trim().to_ascii_lowercase();
    let (tag, rest) = name.split_once('.').unwrap_or((&name, ""));
    Some(match tag {
        "avc1" | "avc3" => "H.264",
        "hev1" | "hvc1" => "HEVC",
        "av01" | "av1" => "AV1",
        "vp09" | "vp9" => "VP9",
        "vp08" | "vp8" => "VP8",
        "opus" => "Opus",
        "vorbis" => "Vorbis",
        "flac" => "FLAC",
        "mp3" => "MP3",
        "ac-3" => "AC-3",
        "ec-3" => "E-AC-3",
        // `mp4a` names the sample entry; the object type after it names the codec.
        "mp4a" => match rest.split('.').next().unwrap_or_default() {
            "" | "40" | "66" | "67" | "68" => "AAC",
            "69" | "6b" => "MP3",
            "a5" => "AC-3",
            "a6" => "E-AC-3",
            _ => return None,
        },
        _ => return None,
    })
}

/// The codecs a MIME type's `codecs` parameter declares (`video/mp4; codecs="avc1.4D401F,
/// mp4a.40.2"`), or `None` if it has none.
pub fn declared_codecs(mime: &str) -> Option<Vec<String>> {
    let value = mime.split(';').skip(1).find_map(|parameter| {
        let (key, value) = parameter.split_once('=')?;
        key.trim().eq_ignore_ascii_case("codecs").then_some(value)
    })?;
    let codecs: Vec<String> = value
        .trim()
        .trim_matches('"')
        .split(',')
        .map(|codec| codec.trim().to_string())
        .filter(|codec| !codec.is_empty())
        .collect();
    (!codecs.is_empty()).then_some(codecs)
}

/// The H.264 profile, by name, when it is one that most hardware decoders and webviews refuse
/// (more than 8 bits per sample, or chroma finer than 4:2:0): they decode Baseline, Main and High.
pub fn refused_h264_profile(profile: &H264Profile) -> Option<String> {
    let by_number = match profile.profile_idc {
        110 => Some("High 10"),
        122 => Some("High 4:2:2"),
        244 => Some("High 4:4:4 Predictive"),
        44 => Some("CAVLC 4:4:4 Intra"),
        _ => None,
    };
    let deep = profile.bit_depth.filter(|bits| *bits > 8);
    let chroma = match profile.chroma_format {
        Some(2) => Some("4:2:2"),
        Some(3) => Some("4:4:4"),
        _ => None,
    };
    if by_number.is_none() && deep.is_none() && chroma.is_none() {
        return None;
    }
    let mut name = format!(
        "{} profile",
        by_number.unwrap_or(match profile.profile_idc {
            100 => "High",
            77 => "Main",
            66 => "Baseline",
            _ => "an uncommon",
        })
    );
    let mut details = Vec::new();
    if let Some(bits) = deep {
        details.push(format!("{bits}-bit"));
    }
    if let Some(chroma) = chroma {
        details.push(chroma.to_string());
    }
    if !details.is_empty() {
        name.push_str(&format!(" ({})", details.join(", ")));
    }
    Some(name)
}

pub fn codec(name: &str) -> Option<&'static Codec> {
    CODECS.iter().find(|codec| codec.name == name)
}

impl Codec {
    /// This codec's column for `platform` (columns are in `Platform::ALL`'s order).
    pub fn on(&self, platform: Platform) -> Support {
        self.support[platform as usize]
    }
}

pub fn support(codec_name: &str, platform: Platform) -> Support {
    codec(codec_name).map_or(Support::Unknown, |codec| codec.on(platform))
}

/// What one file with these codecs needs on one platform: every codec must play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Plays {
        since: Option<&'static str>,
        needs: Vec<&'static str>,
        /// False when it needs something the kiosk's installer cannot bring.
        sure: bool,
    },
    Unknown,
}

pub fn verdict(codecs: &[String], platform: Platform) -> Verdict {
    let mut since = None;
    let mut needs: Vec<&'static str> = Vec::new();
    let mut sure = true;
    let mut unknown = false;
    for name in codecs {
        let here = support(name, platform);
        match here {
            Support::Plays => {}
            // The table has one version per platform, so the first one met is the only one.
            Support::Since(version) => since = since.or(Some(version)),
            Support::WithPackage(what) | Support::Requires(what) => {
                sure &= matches!(here, Support::WithPackage(_));
                if !needs.contains(&what) {
                    needs.push(what);
                }
            }
            Support::Unknown => unknown = true,
        }
    }
    if unknown {
        Verdict::Unknown
    } else {
        Verdict::Plays { since, needs, sure }
    }
}

/// "plays on Windows, macOS, Linux with gstreamer1.0-libav" for one rendition's codecs.
pub struct PlaysOn<'a>(pub &'a [String]);

impl fmt::Display for PlaysOn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut plays = Vec::new();
        let mut unknown = Vec::new();
        for platform in Platform::ALL {
            match verdict(self.0, platform) {
                Verdict::Plays { since, needs, .. } => {
                    let mut part = platform.name().to_string();
                    if let Some(version) = since {
                        part.push_str(&format!(" {version} or later"));
                    }
                    if !needs.is_empty() {
                        part.push_str(&format!(" with {}", needs.join(" and ")));
                    }
                    plays.push(part);
                }
                Verdict::Unknown => unknown.push(platform.name()),
            }
        }
        let mut sentences = Vec::new();
        if !plays.is_empty() {
            sentences.push(format!("plays on {}", plays.join(", ")));
        }
        if !unknown.is_empty() {
            sentences.push(format!("untested on {}", unknown.join(" or ")));
        }
        write!(f, "{}", sentences.join("; "))
    }
}

/// The platforms on which no rendition is sure to play once the kiosk is installed: visitors there
/// may get the poster instead of the trailer.
pub fn platforms_without_a_sure_trailer<'a>(
    renditions: impl IntoIterator<Item = &'a [String]> + Clone,
) -> Vec<Platform> {
    Platform::ALL
        .into_iter()
        .filter(|platform| {
            !renditions.clone().into_iter().any(|codecs| {
                matches!(
                    verdict(codecs, *platform),
                    Verdict::Plays { sure: true, .. }
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codecs(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn h264_and_aac_play_everywhere_and_need_libav_on_linux() {
        let mp4 = codecs(&["avc1", "mp4a"]);
        assert_eq!(
            PlaysOn(&mp4).to_string(),
            "plays on Windows, macOS, Linux with gstreamer1.0-libav"
        );
    }

    #[test]
    fn vp9_and_opus_name_the_macos_version_and_the_linux_package() {
        let webm = codecs(&["vp9", "opus"]);
        assert_eq!(
            PlaysOn(&webm).to_string(),
            "plays on Windows, macOS 11.3 or later, Linux with gstreamer1.0-plugins-good"
        );
    }

    #[test]
    fn extras_a_platform_needs_are_named_once_per_platform() {
        let hevc = codecs(&["hvc1", "mp4a"]);
        assert_eq!(
            PlaysOn(&hevc).to_string(),
            "plays on Windows with the HEVC Video Extensions and a GPU that decodes HEVC, macOS, Linux with gstreamer1.0-libav"
        );
        assert_eq!(
            verdict(&hevc, Platform::Linux),
            Verdict::Plays {
                since: None,
                needs: vec!["gstreamer1.0-libav"],
                sure: true
            }
        );
        assert_eq!(
            verdict(&hevc, Platform::Windows),
            Verdict::Plays {
                since: None,
                needs: vec!["the HEVC Video Extensions and a GPU that decodes HEVC"],
                sure: false
            }
        );
    }

    #[test]
    fn an_unknown_codec_is_untested_rather_than_promised() {
        let odd = codecs(&["avc1", "unknown"]);
        assert_eq!(verdict(&odd, Platform::Windows), Verdict::Unknown);
        assert_eq!(
            PlaysOn(&odd).to_string(),
            "untested on Windows or macOS or Linux"
        );
    }

    #[test]
    fn a_platform_without_a_sure_rendition_is_named() {
        let hevc = codecs(&["hvc1", "mp4a"]);
        let av1 = codecs(&["av1", "opus"]);
        let mp4 = codecs(&["avc1", "mp4a"]);
        assert_eq!(
            platforms_without_a_sure_trailer([hevc.as_slice()]),
            [Platform::Windows]
        );
        assert_eq!(
            platforms_without_a_sure_trailer([hevc.as_slice(), av1.as_slice()]),
            []
        );
        assert_eq!(
            platforms_without_a_sure_trailer([av1.as_slice()]),
            [Platform::MacOs]
        );
        assert!(platforms_without_a_sure_trailer([hevc.as_slice(), mp4.as_slice()]).is_empty());
    }

    #[test]
    fn every_codec_the_prober_accepts_as_video_is_in_the_table() {
        for name in ["avc1", "hev1", "hvc1", "vp09", "vp8", "vp9", "av1"] {
            assert!(codec(name).is_some(), "{name} is missing from CODECS");
        }
    }

    #[test]
    fn hevc_tagged_hev1_is_not_sure_on_macos_and_hvc1_is() {
        let hev1 = codecs(&["hev1", "mp4a"]);
        let hvc1 = codecs(&["hvc1", "mp4a"]);
        assert_eq!(
            platforms_without_a_sure_trailer([hev1.as_slice()]),
            [Platform::Windows, Platform::MacOs]
        );
        assert!(PlaysOn(&hev1)
            .to_string()
            .contains("macOS with the file remuxed with the tag hvc1"));
        assert_eq!(
            platforms_without_a_sure_trailer([hvc1.as_slice()]),
            [Platform::Windows]
        );
    }

    #[test]
    fn declared_codec_strings_and_probed_names_share_families() {
        assert_eq!(
            declared_codecs(r#"video/mp4; codecs="avc1.4D401F, mp4a.40.2""#),
            Some(vec!["avc1.4D401F".to_string(), "mp4a.40.2".to_string()])
        );
        assert_eq!(
            declared_codecs("video/webm;CODECS=vp9,opus"),
            Some(vec!["vp9".to_string(), "opus".to_string()])
        );
        assert_eq!(declared_codecs("video/mp4"), None);
        assert_eq!(declared_codecs(r#"video/mp4; codecs="""#), None);
        for (declared, probed) in [
            ("avc1.4D401F", "avc1"),
            ("avc3.640028", "avc1"),
            ("hvc1.1.6.L93.B0", "hev1"),
            ("hev1.1.6.L93.B0", "hvc1"),
            ("av01.0.05M.08", "av1"),
            ("vp09.00.10.08", "vp9"),
            ("vp8", "vp8"),
            ("Opus", "opus"),
            ("mp4a.40.2", "mp4a"),
        ] {
            assert_eq!(family(declared), family(probed), "{declared} vs {probed}");
            assert!(family(declared).is_some(), "{declared}");
        }
        assert_ne!(family("avc1.4D401F"), family("hvc1"));
        assert_eq!(family("mp4a.6B"), Some("MP3"));
        assert_eq!(family("theora"), None);
    }

    #[test]
    fn h264_profiles_beyond_high_are_named_and_baseline_main_high_are_not() {
        let profile = |profile_idc, chroma_format, bit_depth| H264Profile {
            profile_idc,
            chroma_format,
            bit_depth,
        };
        for ordinary in [
            profile(66, None, None),
            profile(77, None, None),
            profile(100, Some(1), Some(8)),
        ] {
            assert_eq!(refused_h264_profile(&ordinary), None, "{ordinary:?}");
        }
        assert_eq!(
            refused_h264_profile(&profile(110, Some(1), Some(10))).as_deref(),
            Some("High 10 profile (10-bit)")
        );
        assert_eq!(
            refused_h264_profile(&profile(122, None, None)).as_deref(),
            Some("High 4:2:2 profile")
        );
        assert_eq!(
            refused_h264_profile(&profile(244, Some(3), Some(8))).as_deref(),
            Some("High 4:4:4 Predictive profile (4:4:4)")
        );
    }
}
