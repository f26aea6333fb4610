//! The site's look, as a municipality adapts it to its graphic profile:
//! an accent colour (checked for contrast), a logo, extra CSS. Nothing in
//! it may fetch from elsewhere.

use crate::files::read;
pub use crate::workspace::config::Site as Settings;
use crate::Error;

const CSS: &str = include_str!("site.css");
/// The accent in the stylesheet, replaced by a chosen one.
const ACCENT: &str = "--accent: #1f4e79;";

/// The stylesheet and the logo file, as the settings make them.
pub struct Theme {
    pub css: String,
    pub logo: Option<(String, Vec<u8>)>,
}

impl Theme {
    pub fn of(settings: &Settings) -> Result<Theme, Error> {
        let mut css = match &settings.accent {
            Some(a) => CSS.replacen(ACCENT, &format!("--accent: {a};"), 1),
            None => CSS.to_string(),
        };
        if let Some(rel) = &settings.css {
            let path = settings.dir.join(rel);
            let extra = read::bytes_in(&settings.dir, rel, read::Kind::Settings)
                .map_err(|e| e.to_string())
                .and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8 text".to_string()))
                .map_err(|e| Error::new(format!("[export.html] css: {}: {e}", path.display())))?;
            if let Some(why) = fetches(&extra) {
                return Err(Error::new(format!(
                    "[export.html] css: {}: {why}; the site fetches nothing from elsewhere",
                    path.display()
                )));
            }
            css.push_str("\n/* [export.html] css */\n");
            css.push_str(&extra);
        }
        let logo = match (&settings.logo, logo_name(settings)) {
            (Some(rel), Some(name)) => {
                let path = settings.dir.join(rel);
                let bytes = read::bytes_in(&settings.dir, rel, read::Kind::Media).map_err(|e| {
                    Error::new(format!("[export.html] logo: {}: {e}", path.display()))
                })?;
                let bytes = crate::media::stripped(&bytes).map_err(|p| {
                    let file = path.display().to_string();
                    Error::new(format!("[export.html] logo: {file}: {}", p.describe(&file)))
                })?;
                Some((name, bytes))
            }
            (Some(rel), None) => {
                let path = settings.dir.join(rel);
                let why = match read::bytes_in(&settings.dir, rel, read::Kind::Media) {
                    Err(e) => e.to_string(),
                    Ok(_) => "not a PNG or JPEG file".into(),
                };
                return Err(Error::new(format!(
                    "[export.html] logo: {}: {why}",
                    path.display()
                )));
            }
            _ => None,
        };
        Ok(Theme { css, logo })
    }
}

/// The logo's name in the site: `logo.png` or `logo.jpg`, by what the
/// file is; none without a logo or for another kind of file.
pub fn logo_name(settings: &Settings) -> Option<String> {
    let rel = settings.logo.as_ref()?;
    let head = read::head_in(&settings.dir, rel, 8, read::Kind::Media).ok()?;
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("logo.png".into())
    } else if head.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("logo.jpg".into())
    } else {
        None
    }
}

/// A web address in CSS, after comments, escapes and `data:` URLs are
/// taken out: a scheme with `//`, or `//` where a URL starts.
static REMOTE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r#"(?i)[a-z][a-z0-9+.-]*:\s*//|(?:^|[\s("',=])//"#).expect("valid regex")
});
static DATA_URL: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r#"(?i)data:[^)"']*"#).expect("valid regex"));

/// What in a stylesheet would make a request elsewhere: an `@import`,
/// or a web address anywhere (in `url()`, `image-set()`, `src`), however
/// it is escaped.
fn fetches(css: &str) -> Option<&'static str> {
    let plain = unescape(&without_comments(css)).to_lowercase();
    if plain.contains("@import") {
        return Some("it has an @import");
    }
    let plain = DATA_URL.replace_all(&plain, "data:");
    REMOTE
        .is_match(&plain)
        .then_some("it names a web address to load from")
}

fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// CSS escapes (`\72`, `\72 `, `\r`) as the characters they stand for.
fn unescape(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.extend(chars.next());
        }
        if hex.is_empty() {
            out.extend(chars.next());
            continue;
        }
        if chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stylesheet_that_fetches_is_found() {
        assert!(fetches("@import url(x.css);").is_some());
        assert!(fetches("body { background: url( 'https://cdn.example/x.png') }").is_some());
        assert!(fetches("body { background: url(//cdn.example/x.png) }").is_some());
        assert!(
            fetches("body { color: #123; } .x { background: url(data:image/png;base64,AA) }")
                .is_none()
        );
    }

    #[test]
    fn the_stylesheet_has_the_accent_to_replace() {
        assert!(CSS.contains(ACCENT));
        let theme = Theme::of(&Settings {
            accent: Some("#0b5394".into()),
            ..Settings::default()
        })
        .unwrap();
        assert!(theme.css.contains("--accent: #0b5394;"));
    }
}
