//! `screening-kiosk check` tells operators on which OS each trailer rendition plays
//! (`media::codecs`). Its Linux column is a claim about WebKitGTK and GStreamer that this machine
//! can settle: the real webview is asked about every codec in the table.

use crate::harness::*;
use screening_kiosk_lib::media::codecs::{Platform, Support, CODECS};

e2e!(the_linux_codec_table_matches_what_webkitgtk_can_play, {
    let kiosk = Kiosk::default_pack(&[]).await;
    let mut wrong = Vec::new();
    for codec in CODECS {
        let script = format!(
            "return document.createElement('video').canPlayType({:?})",
            codec.probe_mime
        );
        let answer = kiosk.js(&script).await;
        let answer = answer.as_str().unwrap_or_default().to_string();
        let claim = codec.on(Platform::Linux);
        println!(
            "{:>6}: canPlayType = {answer:?}, table says {claim:?}",
            codec.name
        );
        // `cargo xtask test` installs every package the table names (the .deb depends on them),
        // so a "needs" claim must hold here too.
        let plays = !answer.is_empty();
        let agrees = match claim {
            Support::Plays | Support::Since(_) | Support::WithPackage(_) => plays,
            // Nothing on Linux is either today; a claim this machine cannot judge is not checked.
            Support::Requires(_) | Support::Unknown => true,
        };
        if !agrees {
            wrong.push(format!(
                "{} ({}): {answer:?} vs {claim:?}",
                codec.name, codec.probe_mime
            ));
        }
    }
    kiosk.quit().await;
    assert!(
        wrong.is_empty(),
        "the Linux column of media::codecs::CODECS disagrees with WebKitGTK: {wrong:?}"
    );
});
