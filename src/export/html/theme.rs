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
        if let Some(path) = &settings.css {
            let extra = read::text(path, read::Kind::Settings)
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
            (Some(path), Some(name)) => {
                let bytes = read::bytes(path, read::Kind::Media).map_err(|e| {
                    Error::new(format!("[export.html] logo: {}: {e}", path.display()))
                })?;
                let bytes = crate::media::stripped(&bytes).map_err(|p| {
                    let file = path.display().to_string();
                    Error::new(format!("[export.html] logo: {file}: {}", p.describe(&file)))
                })?;
                Some((name, bytes))
            }
            (Some(path), None) => {
                return Err(Error::new(format!(
                    "[export.html] logo: {}: not a PNG or JPEG file",
                    path.display()
                )))
            }
            _ => None,
        };
        Ok(Theme { css, logo })
    }
}

/// The logo's name in the site: `logo.png` or `logo.jpg`, by what the
/// file is; none without a logo or for another kind of file.
pub fn logo_name(settings: &Settings) -> Option<String> {
    let path = settings.logo.as_ref()?;
    let head = read::head_in(
        path.parent()?,
        path.file_name()?.as_ref(),
        8,
        read::Kind::Media,
    )
    .ok()?;
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("logo.png".into())
    } else if head.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("logo.jpg".into())
    } else {
        None
    }
}

/// What in a stylesheet would make a request elsewhere.
fn fetches(css: &str) -> Option<&'static str> {
    let lower = css.to_lowercase();
    if lower.contains("@import") {
        return Some("it has an @import");
    }
    let remote = lower.match_indices("url(").any(|(i, _)| {
        let arg = lower[i + 4..].trim_start().trim_start_matches(['"', '\'']);
        arg.starts_with("http:") || arg.starts_with("https:") || arg.starts_with("//")
    });
    remote.then_some("it loads a url() from another server")
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
