//! One pixel of the X root window, from `xwd -root`: what is really on screen, whichever program
//! put it there, rather than a page event that says a frame was decoded.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::Error;

/// The pixel at (`x`, `y`) of `display`'s root window.
pub fn root_pixel(display: &str, x: u32, y: u32) -> Result<(u8, u8, u8), Error> {
    xwd_pixel(&root_dump(display)?, x, y)
}

/// Polls the pixel at `point` until it passes `test` (true) or `timeout` is over (false).
pub fn wait_for(
    display: &str,
    (x, y): (u32, u32),
    timeout: Duration,
    test: fn((u8, u8, u8)) -> bool,
) -> Result<bool, Error> {
    let start = Instant::now();
    let mut failures = 0;
    while start.elapsed() < timeout {
        match root_pixel(display, x, y) {
            Ok(pixel) if test(pixel) => return Ok(true),
            Ok(_) => failures = 0,
            Err(e) => {
                failures += 1;
                if failures >= 20 {
                    return Err(e);
                }
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(false)
}

/// While the slate is up at `point`: the top and bottom rows of the picture in that column, the
/// first and last magenta pixels there (the frame marker sits inside, between them).
pub fn picture_column(display: &str, point: (u32, u32)) -> Result<Option<(u32, u32)>, Error> {
    picture_in(&root_dump(display)?, point)
}

fn picture_in(dump: &[u8], (x, y): (u32, u32)) -> Result<Option<(u32, u32)>, Error> {
    if !looks_magenta(xwd_pixel(dump, x, y)?) {
        return Ok(None);
    }
    let magenta: Vec<u32> = (0..)
        .map_while(|row| xwd_pixel(dump, x, row).ok().map(|p| (row, p)))
        .filter(|&(_, p)| looks_magenta(p))
        .map(|(row, _)| row)
        .collect();
    Ok(match (magenta.first(), magenta.last()) {
        (Some(&top), Some(&bottom)) if bottom - top >= MIN_PICTURE_ROWS => Some((top, bottom)),
        _ => None,
    })
}

/// Fewer rows than this is not a picture but a stray pixel or a fade.
const MIN_PICTURE_ROWS: u32 = 100;

fn root_dump(display: &str) -> Result<Vec<u8>, Error> {
    let out = Command::new("xwd")
        .args(["-root", "-silent", "-display", display])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .map_err(|e| Error(format!("cannot run xwd (Debian package: x11-apps): {e}")))?;
    if !out.status.success() {
        return Err(Error(format!("xwd -root on {display} failed")));
    }
    Ok(out.stdout)
}

/// Reads one pixel from an XWD dump (X11 `XWDFileHeader`: 25 big-endian 32-bit fields, the window
/// name, `ncolors` 12-byte colour entries, then the image). Only true-colour images of 24 or 32
/// bits per pixel, which is what Xvfb at depth 24 gives.
pub fn xwd_pixel(dump: &[u8], x: u32, y: u32) -> Result<(u8, u8, u8), Error> {
    let field = |n: usize| -> Result<u32, Error> {
        dump.get(n * 4..n * 4 + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(|| Error("xwd output is shorter than its header".into()))
    };
    let header_size = field(0)? as usize;
    let (width, height) = (field(4)?, field(5)?);
    let byte_order_lsb = field(7)? == 0;
    let bits_per_pixel = field(11)?;
    let bytes_per_line = field(12)? as usize;
    let masks = (field(14)?, field(15)?, field(16)?);
    let ncolors = field(19)? as usize;
    if x >= width || y >= height {
        return Err(Error(format!(
            "pixel {x},{y} is outside the {width}x{height} screen"
        )));
    }
    if bits_per_pixel != 32 && bits_per_pixel != 24 {
        return Err(Error(format!(
            "xwd: {bits_per_pixel} bits per pixel is not supported"
        )));
    }
    let bytes = (bits_per_pixel / 8) as usize;
    let at = header_size + ncolors * 12 + y as usize * bytes_per_line + x as usize * bytes;
    let raw = dump
        .get(at..at + bytes)
        .ok_or_else(|| Error("xwd output is shorter than its image".into()))?;
    let pixel = raw.iter().enumerate().fold(0u32, |acc, (i, &b)| {
        let shift = if byte_order_lsb { i } else { bytes - 1 - i } * 8;
        acc | u32::from(b) << shift
    });
    Ok((
        channel(pixel, masks.0),
        channel(pixel, masks.1),
        channel(pixel, masks.2),
    ))
}

/// A colour channel scaled to 8 bits, whatever its mask's width.
fn channel(pixel: u32, mask: u32) -> u8 {
    if mask == 0 {
        return 0;
    }
    let value = (pixel & mask) >> mask.trailing_zeros();
    let max = mask >> mask.trailing_zeros();
    (u64::from(value) * 255 / u64::from(max)) as u8
}

/// Whether a pixel shows the clip's magenta slate. Loosely: the kiosk fades the video in over
/// 1.4 s under a shade, so during the slate's 0.5 s the centre is at best a dark magenta; a
/// strict test misses the slate and then fires only at the next loop, 10 s late. The bar is a
/// magenta tint that neither black, grey nor the default pack's brown poster reaches.
pub fn looks_magenta((r, g, b): (u8, u8, u8)) -> bool {
    let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
    r - g > 25 && b - g > 25 && (r - b).abs() < 50
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dump(width: u32, height: u32, lsb: bool, name: &[u8], ncolors: u32) -> Vec<u8> {
        image(width, height, lsb, name, ncolors, |x, y| {
            (x * 40) << 16 | (y * 40) << 8 | 0x07
        })
    }

    fn image(
        width: u32,
        height: u32,
        lsb: bool,
        name: &[u8],
        ncolors: u32,
        pixel_at: impl Fn(u32, u32) -> u32,
    ) -> Vec<u8> {
        let header_size = 100 + name.len() as u32;
        let fields = [
            header_size,
            7,
            2,
            24,
            width,
            height,
            0,
            u32::from(!lsb),
            32,
            0,
            32,
            32,
            width * 4,
            4,
            0xff0000,
            0x00ff00,
            0x0000ff,
            8,
            256,
            ncolors,
            width,
            height,
            0,
            0,
            0,
        ];
        let mut out: Vec<u8> = fields.iter().flat_map(|f| f.to_be_bytes()).collect();
        out.extend_from_slice(name);
        out.extend(std::iter::repeat_n(0u8, ncolors as usize * 12));
        for y in 0..height {
            for x in 0..width {
                let pixel = pixel_at(x, y);
                if lsb {
                    out.extend(pixel.to_le_bytes());
                } else {
                    out.extend(pixel.to_be_bytes());
                }
            }
        }
        out
    }

    #[test]
    fn reads_the_pixel_past_the_header_name_and_colour_map() {
        let d = dump(4, 3, true, b"xwdump\0", 2);
        assert_eq!(xwd_pixel(&d, 2, 1).unwrap(), (80, 40, 7));
        let d = dump(4, 3, false, b"\0", 0);
        assert_eq!(xwd_pixel(&d, 3, 2).unwrap(), (120, 80, 7));
        assert!(xwd_pixel(&d, 4, 0).is_err());
        assert!(xwd_pixel(&d[..50], 0, 0).is_err());
    }

    #[test]
    fn the_picture_is_where_the_slate_is_in_the_column_marker_and_all() {
        // A picture from row 100 to 399 of a 500-row screen, the marker over rows 150-199.
        let screen = image(8, 500, true, b"\0", 0, |_, y| match y {
            150..=199 => 0x30c040,
            100..=399 => 0xff00ff,
            _ => 0x101010,
        });
        assert_eq!(picture_in(&screen, (4, 300)).unwrap(), Some((100, 399)));
        // Not on the slate: no picture to measure.
        assert_eq!(picture_in(&screen, (4, 170)).unwrap(), None);
        let sliver = image(8, 500, true, b"\0", 0, |_, y| {
            if (240..260).contains(&y) {
                0xff00ff
            } else {
                0
            }
        });
        assert_eq!(picture_in(&sliver, (4, 250)).unwrap(), None);
    }

    #[test]
    fn magenta_is_a_hue_not_an_exact_colour() {
        assert!(looks_magenta((255, 0, 255)));
        assert!(looks_magenta((184, 3, 180))); // under the kiosk's shade
        assert!(looks_magenta((90, 20, 95))); // fading in over the dark poster
        assert!(looks_magenta((48, 20, 46))); // the first sixth of the kiosk's fade-in
        assert!(!looks_magenta((59, 52, 44))); // the default pack's poster, before the video
        assert!(!looks_magenta((0, 0, 0)));
        assert!(!looks_magenta((255, 255, 255)));
        assert!(!looks_magenta((255, 0, 0)));
        assert!(!looks_magenta((120, 100, 110)));
    }
}
