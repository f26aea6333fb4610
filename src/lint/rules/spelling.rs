use super::prelude::*;
use crate::diag::Diagnostic;
use crate::lang;

pub const RULE: Rule = Rule {
    id: RuleId::Spelling,
    summary: "a word that is not in the Swedish dictionary, or a common confusion (\"in sin tur\")",
    fixable: false,
    check: Check::Field(check),
    doc: r#"## What it finds
Words of titles, headings, prose, link texts and image texts that the
Swedish Hunspell dictionary does not know, with the dictionary's
suggestions ("succesivt": did you mean successivt?), and a few phrases that
are real words put together wrongly ("in sin tur" for "i sin tur").

Not checked: URLs, e-mail addresses, file names and paths, code, link
destinations, numbers, abbreviations with full stops, acronyms in capitals
(GDPR, SKR:s). Accepted: compounds the dictionary's rules build
(kommunövergripande), Sweden's 290 municipalities and their genitives
(Umeås, Skellefteås), the guide's title and the names in page titles, the
guide's word list, and the first parts of suspended compounds ("hälso- och
sjukvården", "för- och nackdelar", "kultur-, fritids- och idrottsnämnden").

The dictionary is read at run time, never built into handbok: the
repository's `dictionaries/sv_SE/` (LGPL-3.0, from Debian's hunspell-sv),
found beside the binary, in a `dictionaries/` folder above the content, or
named with `--dictionary PATH` or `[language] dictionary` in handbok.toml;
else the system's `/usr/share/hunspell/sv_SE.*`. Without one, spelling is
not checked and a note says so.

## Why it matters
A handbook from a public body is read as a model of careful Swedish; a
misspelling in it is copied into plans and reports.

## Example
```yaml
vad: |
  Arbetet införs succesivt. Det in sin tur kräver stöd.
```

## Use instead
```yaml
vad: |
  Arbetet införs successivt. Det i sin tur kräver stöd.
```
A word that is right but unknown (a name, a term of the trade) goes into
`ordlista.txt` in the content folder, one word a line (`#` starts a
comment): written in lower case it is accepted in both cases. There is no
`--fix`: which suggestion is meant is for a person to say."#,
};

/// Real words in a wrong combination: (written, meant).
const CONFUSIONS: &[(&str, &str)] = &[
    ("in sin tur", "i sin tur"),
    ("på grund utav", "på grund av"),
    ("i utav", "i av"),
    ("till exempelvis", "till exempel"),
];

static CONFUSION: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = CONFUSIONS.iter().map(|(w, _)| regex::escape(w)).collect();
    // Word boundaries are checked by hand: a Unicode `\b` keeps the regex
    // off its fast engine on Swedish text.
    re(&format!(r"(?i)(?:{})", alternatives.join("|")))
});

fn check(rule: &Rule, field: &Field, ctx: &Ctx, sink: &mut Sink) {
    if !matches!(
        field.kind,
        FieldKind::Title
            | FieldKind::Heading
            | FieldKind::Prose
            | FieldKind::LinkText
            | FieldKind::Line
            | FieldKind::ImageText
    ) {
        return;
    }
    confusions(rule, field, sink);
    let Some(speller) = ctx.speller() else {
        return;
    };
    // "dvs", "bl a": abbreviation-style's to report, with a fix. Looked
    // up only for a text with an unknown word, which most texts are not.
    let abbreviations = std::cell::OnceCell::new();
    let in_abbreviation = |w: &lang::Word| {
        abbreviations
            .get_or_init(|| lang::abbrev::find(field.value))
            .iter()
            .any(|a| a.start <= w.start && w.end <= a.end)
    };
    for w in lang::words(field.value) {
        if suspended(field.value, w.end)
            || speller.is_correct(w.text)
            || lang::abbrev::is_abbreviation(w.text)
            || in_abbreviation(&w)
        {
            continue;
        }
        speller.ask_suggestions(w.text);
        sink.at(rule, field, w.start, w.end, unknown(w.text)).help = Some(add_it(ctx, None));
    }
}

/// The hyphen of a suspended compound and what follows it: "hälso- och
/// sjukvården", "för- eller nackdelar", "kultur-, fritids- och
/// idrottsnämnden".
static SUSPENDED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^[-‐],?\s+(?:och|eller|samt|respektive|resp\.|liksom|som|till|\pL+[-‐][,\s])")
});

/// The word ending at `end` is the first part of a suspended compound:
/// only a part of a word, written so on purpose.
fn suspended(text: &str, end: usize) -> bool {
    SUSPENDED.is_match(&text[end..])
}

const UNKNOWN: &str = "is not in the Swedish dictionary";

fn unknown(word: &str) -> String {
    format!("`{word}` {UNKNOWN}")
}

/// The help of an unknown word: the dictionary's suggestions, if any, and
/// the word list it may go into.
fn add_it(ctx: &Ctx, suggestions: Option<&[String]>) -> String {
    let list = ctx
        .language
        .word_list
        .as_ref()
        .and_then(|p| p.file_name())
        .map_or(crate::lang::speller::WORD_LIST.into(), |n| {
            n.to_string_lossy()
        });
    match suggestions {
        Some(s) if !s.is_empty() => format!(
            "did you mean {}? If the word is right, add it to {list}",
            s.join(", ")
        ),
        _ => format!("if the word is right, add it to {list}"),
    }
}

/// Give the unknown words of `found` (sorted) the dictionary's suggestions.
/// Worked out once per distinct word, mostly in the background while pages
/// were checked (see `lang::suggest`); which words get them follows the
/// sorted findings, so output stays the same run after run.
pub fn add_suggestions(ctx: &Ctx, found: &mut [Diagnostic]) {
    let Some(speller) = ctx.speller() else {
        return;
    };
    let is_unknown = |d: &Diagnostic| d.rule == RULE.id && d.message.ends_with(UNKNOWN);
    let mut seen = std::collections::HashSet::new();
    let words: Vec<&str> = found
        .iter()
        .filter(|d| is_unknown(d))
        .filter_map(|d| d.text.as_deref())
        .filter(|w| seen.insert(*w))
        .collect();
    let suggested: std::collections::HashMap<String, Vec<String>> = words
        .iter()
        .map(|w| w.to_string())
        .zip(speller.suggest_all(&words))
        .collect();
    for d in found.iter_mut().filter(|d| is_unknown(d)) {
        let s = d.text.as_ref().and_then(|w| suggested.get(w));
        d.help = Some(add_it(ctx, s.map(Vec::as_slice)));
    }
}

fn confusions(rule: &Rule, field: &Field, sink: &mut Sink) {
    let protected = crate::text::protected(field.value);
    for m in CONFUSION.find_iter(field.value) {
        let value: &str = field.value;
        let glued = value[..m.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            || value[m.end()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if glued || crate::text::touches(&protected, m.start(), m.end()) {
            continue;
        }
        let written = m.as_str().to_lowercase();
        let Some((_, meant)) = CONFUSIONS.iter().find(|(w, _)| *w == written) else {
            continue;
        };
        sink.at(
            rule,
            field,
            m.start(),
            m.end(),
            format!("`{}` is a common slip for `{meant}`", m.as_str()),
        )
        .help = Some(format!("write `{meant}`"));
    }
}
