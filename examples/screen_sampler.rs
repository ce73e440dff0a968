//! What the middle of the X screen shows, sampled every few milliseconds: for the end-to-end
//! tests of the attract film (a black or held frame at a loop point) and for `cargo xtask bench`
//! (frames a visitor really sees each second, whichever program draws them).
//!
//! Usage: `screen_sampler SECONDS [X Y]` on `DISPLAY`. Prints one line per sample of the 64x64
//! square around (X, Y), by default the middle of the root window: milliseconds since the start,
//! the square's mean grey level (0-255) and a digest that changes whenever any of its pixels does;
//! or `MS gap` when the X server gave no picture (GDK now and then cannot read the root window for
//! a while), so a reader can tell time it did not see from a picture that stood still.

#[cfg(target_os = "linux")]
fn main() {
    linux::main()
}

/// X11 and GTK, like the end-to-end layer that uses it.
#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("screen_sampler is a Linux test helper (X11, GTK)");
    std::process::exit(2);
}

#[cfg(target_os = "linux")]
mod linux {
    use gtk::prelude::*;
    use std::io::Write;
    use std::time::{Duration, Instant};

    const SIDE: i32 = 64;

    pub fn main() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let numbers: Option<Vec<f64>> = args.iter().map(|a| a.parse().ok()).collect();
        let (seconds, centre) = match numbers.as_deref() {
            Some(&[seconds]) if seconds > 0.0 => (seconds, None),
            Some(&[seconds, x, y]) if seconds > 0.0 => (seconds, Some((x as i32, y as i32))),
            _ => {
                eprintln!("usage: screen_sampler SECONDS [X Y]");
                std::process::exit(2);
            }
        };
        gtk::init().expect("GTK initialises (is DISPLAY set?)");
        let root_window = || {
            gtk::gdk::Screen::default()
                .and_then(|screen| screen.root_window())
                .expect("the display has a root window")
        };
        let mut root = root_window();
        let (cx, cy) = centre.unwrap_or((root.width() / 2, root.height() / 2));
        let (x, y) = (cx - SIDE / 2, cy - SIDE / 2);
        let span = Duration::from_secs_f64(seconds);
        let started = Instant::now();
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        while started.elapsed() < span {
            let at = started.elapsed().as_millis();
            match root.pixbuf(x, y, SIDE, SIDE) {
                Some(pixbuf) => {
                    let (brightness, digest) = summary(&pixbuf);
                    writeln!(out, "{at} {brightness:.1} {digest:016x}").unwrap();
                }
                None => {
                    writeln!(out, "{at} gap").unwrap();
                    root = root_window();
                }
            }
            std::thread::sleep(Duration::from_millis(3));
        }
        out.flush().unwrap();
    }

    /// The mean grey level and an FNV-1a digest of the square's RGB bytes.
    fn summary(pixbuf: &gtk::gdk_pixbuf::Pixbuf) -> (f64, u64) {
        let bytes = pixbuf.read_pixel_bytes();
        let channels = pixbuf.n_channels() as usize;
        let stride = pixbuf.rowstride() as usize;
        let mut sum = 0u64;
        let mut digest = 0xcbf2_9ce4_8422_2325_u64;
        for row in 0..pixbuf.height() as usize {
            for column in 0..pixbuf.width() as usize {
                let at = row * stride + column * channels;
                for &value in &bytes[at..at + 3] {
                    sum += u64::from(value);
                    digest = (digest ^ u64::from(value)).wrapping_mul(0x100_0000_01b3);
                }
            }
        }
        let values = (pixbuf.width() * pixbuf.height() * 3) as f64;
        (sum as f64 / values, digest)
    }
}
