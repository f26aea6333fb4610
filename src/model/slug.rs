//! Slugs: the ASCII form of a name used in page ids and file names.

/// Lower-case ASCII slug: `Umeå` → `umea`, `Hela styrkedjan med` → `hela-styrkedjan-med`.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_swedish_letters() {
        assert_eq!(slug("Umeå"), "umea");
        assert_eq!(slug("Hela Styrkedjan med"), "hela-styrkedjan-med");
        assert_eq!(slug("Organisation och kultur"), "organisation-och-kultur");
        assert_eq!(slug("Härryda "), "harryda");
    }
}
