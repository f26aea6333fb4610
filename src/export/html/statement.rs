//! The accessibility statement (tillgänglighetsredogörelse) that the law
//! on accessible digital public services asks of a public site, in the
//! shape Digg recommends, from `[export.html]` and from what this build
//! itself checked.

use super::theme::Settings;
use super::{Site, Source};
use crate::export::xhtml::esc;

/// Where the statement is in the site.
pub const PATH: &str = "tillganglighet";

pub fn page(site: &Site, settings: &Settings) -> String {
    let mut shell = site.shell(PATH);
    let book = site.book;
    shell.title = format!("Tillgänglighet för {}", book.title);
    shell.description = Some(format!(
        "Hur webbplatsen {} uppfyller lagen om tillgänglighet till digital offentlig service.",
        book.title
    ));
    shell.crumbs = vec![super::page::Crumb::link("Start", "../".into())];
    let who = settings
        .organisation
        .as_deref()
        .unwrap_or(book.author.as_str());
    let missing: Vec<&str> = book
        .images()
        .into_iter()
        .filter_map(|i| match &i.source {
            Source::Placeholder(file) => Some(file.as_str()),
            Source::File { .. } => None,
        })
        .collect();
    let mut main = format!(
        "<h1>{}</h1>\n<p>{} står bakom den här webbplatsen. Vi vill att så många som möjligt ska kunna använda den. Här beskriver vi hur {} uppfyller lagen om tillgänglighet till digital offentlig service, vilka kända brister den har och hur du kan rapportera brister till oss så att vi kan åtgärda dem.</p>\n",
        esc(&shell.title),
        esc(who),
        esc(&book.title)
    );
    main.push_str("<h2>Hur tillgänglig är webbplatsen?</h2>\n");
    if missing.is_empty() {
        main.push_str(match settings.compliance.as_deref() {
            Some("helt") => "<p>Vi känner inte till några brister i webbplatsens tillgänglighet.</p>\n",
            _ => "<p>De automatiska kontroller som beskrivs nedan har inte hittat några brister. De hittar inte alla; vad en manuell granskning har funnit står under Teknisk information.</p>\n",
        });
    } else {
        main.push_str("<p>Vi vet att delar av webbplatsen inte är helt tillgängliga:</p>\n<ul>\n");
        for file in &missing {
            main.push_str(&format!(
                "<li>Bilden {} saknas ännu; dess plats är markerad i texten.</li>\n",
                esc(file)
            ));
        }
        main.push_str("</ul>\n");
    }
    if site.html.books.iter().any(|b| super::links_book(b)) {
        main.push_str("<h2>Vad kan du göra om du inte kan använda delar av webbplatsen?</h2>\n<p>Hela innehållet finns också som PDF och e-bok; länkarna står längst ned på varje sida.</p>\n");
    }
    main.push_str("<h2>Rapportera brister i webbplatsens tillgänglighet</h2>\n");
    match settings.contact.as_deref() {
        Some(c) => main.push_str(&format!(
            "<p>Om du upptäcker problem som inte är beskrivna på den här sidan, eller om du anser att vi inte uppfyller lagens krav, kontakta oss: {}.</p>\n",
            contact(c)
        )),
        None => main.push_str(&format!(
            "<p>Om du upptäcker problem som inte är beskrivna på den här sidan, kontakta {}.</p>\n",
            esc(who)
        )),
    }
    main.push_str("<h2>Tillsyn</h2>\n<p>Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du <a href=\"https://www.digg.se/tdosanmalan\">anmäla det till Digg</a>.</p>\n");
    main.push_str("<h2>Teknisk information om webbplatsens tillgänglighet</h2>\n");
    let law = "lagen om tillgänglighet till digital offentlig service";
    let status = match (settings.compliance.as_deref(), missing.is_empty()) {
        (Some("helt"), true) => format!("Webbplatsen är helt förenlig med {law}."),
        (Some("inte"), _) => format!(
            "Webbplatsen är inte förenlig med {law}, enligt den senaste manuella granskningen."
        ),
        (Some(_), _) => format!(
            "Webbplatsen är delvis förenlig med {law}, på grund av de brister som beskrivs ovan."
        ),
        (None, _) => format!(
            "Webbplatsens förenlighet med {law} har ännu inte bedömts vid en manuell granskning."
        ),
    };
    main.push_str(&format!("<p>{status}</p>\n"));
    main.push_str("<h2>Hur vi testat webbplatsen</h2>\n<p>Webbplatsen byggs med handbok, som vid varje bygge kontrollerar att</p>\n<ul>\n");
    for check in [
        "varje bild som säger något har ett textalternativ, och att bilder som bara är utsmyckning är markerade som sådana (annars byggs webbplatsen inte)",
        "länkfärgen har minst kontrasten 4,5:1 mot bakgrunden, också när den anpassats till en grafisk profil (en egen stilmall som läggs till granskas inte)",
        "ingen stilmall hämtar något från en annan server",
    ] {
        main.push_str(&format!("<li>{check}</li>\n"));
    }
    main.push_str("</ul>\n<p>Sidorna är byggda så att</p>\n<ul>\n");
    for built in [
        "sidans språk är angivet, varje sida har en egen titel och rubrikerna följer varandra i ordning",
        "varje sida har en länk förbi sidhuvudet till innehållet och landmärken för sidhuvud, navigering, innehåll och sidfot",
        "texten går att förstora och läsa på en smal skärm utan att sidan behöver rullas i sidled (tabeller rullas för sig)",
        "allt går att läsa utan JavaScript (bara sökningen behöver det; innehållsförteckningen på startsidan leder till alla sidor), och ingenting hämtas från någon annan server",
    ] {
        main.push_str(&format!("<li>{built}</li>\n"));
    }
    main.push_str("</ul>\n");
    let mut dates = Vec::new();
    if book.dated {
        dates.push(format!("Webbplatsen publicerades {}.", esc(&book.date)));
    }
    if let Some(day) = &settings.reviewed {
        dates.push(format!("Redogörelsen granskades senast {}.", esc(day)));
    }
    if !dates.is_empty() {
        main.push_str(&format!("<p>{}</p>\n", dates.join(" ")));
    }
    shell.main = main;
    shell.render()
}

/// A contact as a link: an e-mail address or a web address; other text
/// as it is.
fn contact(c: &str) -> String {
    let c = c.strip_prefix("mailto:").unwrap_or(c);
    let href = if c.starts_with("https://") || c.starts_with("http://") {
        Some(c.to_string())
    } else if c.contains('@') && !c.contains(char::is_whitespace) {
        Some(format!("mailto:{c}"))
    } else {
        None
    };
    match href.filter(|h| crate::text::is_safe_link(h)) {
        Some(h) => format!("<a href=\"{}\">{}</a>", esc(&h), esc(c)),
        None => esc(c),
    }
}
