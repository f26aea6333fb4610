//! Colours of the settings: a theme colour must be readable, by WCAG's
//! contrast ratio, on the backgrounds it is used on.

/// The light backgrounds links stand on: the page and the tinted boxes.
const BACKGROUNDS: [(&str, [u8; 3]); 2] =
    [("#ffffff", [255, 255, 255]), ("#eef4fb", [238, 244, 251])];
/// WCAG 2.1 AA, 1.4.3: text against its background.
const MIN_CONTRAST: f64 = 4.5;

/// Whether `accent` is a colour links can be read in: `#rgb` or
/// `#rrggbb`, at least 4.5:1 against the page and the tinted boxes.
pub fn check_accent(accent: &str) -> Result<(), String> {
    let rgb = parse(accent).ok_or_else(|| format!("`{accent}` is not a colour (#rrggbb)"))?;
    for (name, bg) in BACKGROUNDS {
        let ratio = contrast(rgb, bg);
        if ratio < MIN_CONTRAST {
            return Err(format!(
                "`{accent}` has a contrast of {ratio:.2}:1 against the background {name}; links need at least {MIN_CONTRAST}:1 (WCAG 2.1, 1.4.3): choose a darker shade"
            ));
        }
    }
    Ok(())
}

fn parse(colour: &str) -> Option<[u8; 3]> {
    let hex = colour.strip_prefix('#')?;
    let digit = |i: usize, len: usize| u8::from_str_radix(hex.get(i..i + len)?, 16).ok();
    match hex.len() {
        6 => Some([digit(0, 2)?, digit(2, 2)?, digit(4, 2)?]),
        3 => Some([digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17]),
        _ => None,
    }
}

/// WCAG's contrast ratio of two colours.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn luminance(rgb: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_is_wcags() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!(check_accent("#1f4e79").is_ok());
        assert!(check_accent("#000").is_ok());
        let light = check_accent("#ffcc00").unwrap_err();
        assert!(
            light.contains("1.") && light.contains(":1 against the background #ffffff"),
            "{light}"
        );
        // Passes on white (4.54:1), fails on the tinted boxes.
        assert!(check_accent("#757575").is_err());
        assert!(check_accent("blue").is_err() && check_accent("#12345").is_err());
    }
}
