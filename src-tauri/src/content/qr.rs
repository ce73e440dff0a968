//! QR codes that take a legislation document's official source to a visitor's phone.
//!
//! The kiosk is offline and never opens the source itself; a phone can. The code is made here, in
//! Rust, from the manifest's `source_url`, so the page only ever names a document by id and cannot
//! have the kiosk draw a code for an address of its choosing.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// `text` as an SVG QR code, or `None` when it does not fit in one.
///
/// Dark modules on white with the standard quiet zone whatever the kiosk's palette: phone cameras
/// read that reliably, an inverted code often not. One unit per module; the page scales it.
pub fn svg_for(text: &str) -> Option<String> {
    // Level M survives a glare spot or a smudge on the glass in front of the screen.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color>()
            .quiet_zone(true)
            .module_dimensions(1, 1)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Paints the SVG the kiosk shows onto a grey pixel grid, `scale` pixels per unit, reading only
    /// what `svg_for` writes: a white background and one path of `M x y h w v h H x V y` rectangles.
    fn rasterize(svg: &str, scale: usize) -> (usize, Vec<u8>) {
        let attr = |name: &str| -> usize {
            let start = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            let len = svg[start..].find('"').unwrap();
            svg[start..start + len].parse().unwrap()
        };
        let (width, height) = (attr("width"), attr("height"));
        assert_eq!(width, height, "a QR code is square");
        let side = width * scale;
        let mut pixels = vec![255u8; side * side];
        let d_start = svg.find(" d=\"").unwrap() + 4;
        let d = &svg[d_start..d_start + svg[d_start..].find('"').unwrap()];
        for rect in d.split('M').filter(|r| !r.is_empty()) {
            let numbers: Vec<usize> = rect
                .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().unwrap())
                .collect();
            let [x, y, w, h, ..] = numbers[..] else {
                panic!("unexpected path segment {rect:?}");
            };
            for row in y * scale..(y + h) * scale {
                for col in x * scale..(x + w) * scale {
                    pixels[row * side + col] = 0;
                }
            }
        }
        (side, pixels)
    }

    /// What a phone camera reads from the code the kiosk shows.
    pub(crate) fn decode(svg: &str) -> String {
        let (side, pixels) = rasterize(svg, 6);
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code in the picture");
        grids[0].decode().expect("the code decodes").1
    }

    #[test]
    fn the_svg_decodes_back_to_the_url_it_was_made_for() {
        for url in [
            "https://uscode.house.gov/view.xhtml?path=/prelim@title22/chapter108&edition=prelim",
            "https://www.gpo.gov/fdsys/pkg/STATUTE-126/html/STATUTE-126-Pg1496.htm",
        ] {
            let svg = svg_for(url).unwrap();
            assert!(svg.contains("<svg") && svg.contains("fill=\"#000000\""));
            assert_eq!(decode(&svg), url);
        }
    }

    #[test]
    fn different_urls_give_different_codes() {
        let a = svg_for("https://example.org/a").unwrap();
        let b = svg_for("https://example.org/b").unwrap();
        assert_ne!(a, b);
        assert_eq!(decode(&b), "https://example.org/b");
    }

    #[test]
    fn text_too_long_for_any_qr_code_is_refused() {
        assert!(svg_for(&"x".repeat(5000)).is_none());
    }
}
