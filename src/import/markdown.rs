//! Turning runs of scraped lines into CommonMark: one paragraph a line,
//! `•`/`1.` items as nested lists, image lines as images.

use super::lines::{Kind, Line};

#[derive(Default)]
pub struct Markdown {
    out: String,
    /// Raw indent and marker width of each open list level.
    levels: Vec<(usize, usize)>,
}

impl Markdown {
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    pub fn push(&mut self, line: &Line) {
        match line.kind {
            Kind::Blank | Kind::Chrome => {}
            Kind::Item { indent, number } => self.item(indent, number, line.text),
            Kind::Image => self.paragraph(&format!("![](<{}>)", line.text)),
            Kind::Text | Kind::ReadMore => self.paragraph(line.text),
        }
    }

    fn paragraph(&mut self, text: &str) {
        self.levels.clear();
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn item(&mut self, indent: usize, number: Option<u32>, text: &str) {
        while self.levels.last().is_some_and(|&(i, _)| i > indent) {
            self.levels.pop();
        }
        if self.levels.is_empty() && !self.out.is_empty() {
            self.out.push('\n');
        }
        let nested_under: usize = match self.levels.last() {
            Some(&(i, _)) if i == indent => {
                self.levels.pop();
                self.levels.iter().map(|&(_, w)| w).sum()
            }
            _ => self.levels.iter().map(|&(_, w)| w).sum(),
        };
        let marker = number.map_or_else(|| "- ".to_string(), |n| format!("{n}. "));
        self.out.extend(std::iter::repeat_n(' ', nested_under));
        self.out.push_str(&marker);
        self.out.push_str(text);
        self.out.push('\n');
        self.levels.push((indent, marker.len()));
    }

    pub fn finish(self) -> Option<String> {
        (!self.out.is_empty()).then_some(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::classify;

    fn md(text: &str) -> String {
        let mut m = Markdown::default();
        classify(text).iter().for_each(|l| m.push(l));
        m.finish().unwrap_or_default()
    }

    #[test]
    fn nested_numbered_lists_keep_their_numbers() {
        assert_eq!(
            md("  1. Testat\n    1. personal\n    2. brukare\n\nNågra provar\n\n3. Rutiner."),
            "1. Testat\n   1. personal\n   2. brukare\n\nNågra provar\n\n3. Rutiner.\n"
        );
    }

    #[test]
    fn bullets_nest_by_indent() {
        assert_eq!(
            md("Intro\n  • Ingå\n      • Fokus\n      • Intervjuer\n  • Support"),
            "Intro\n\n- Ingå\n  - Fokus\n  - Intervjuer\n- Support\n"
        );
    }
}
