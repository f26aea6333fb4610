// handbok's search page: reads ?q=, asks the Pagefind index beside this
// file (merged with its shards, a large guide's) and lists the pages
// found. Only the search page loads it.
const MAX = 50;
const input = document.getElementById("sok-fraga");
const status = document.getElementById("sok-status");
const list = document.getElementById("sok-traffar");
const query = clean(new URLSearchParams(location.search).get("q") || "");
input.value = query;
if (query) search(query);

// The query as the page may repeat it: no control or bidirectional
// formatting characters (they would turn the status line around), runs
// of space as one, at most 200 characters.
function clean(raw) {
  const text = raw.replace(/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, " ");
  return [...text.replace(/\s+/g, " ").trim()].slice(0, 200).join("");
}

async function search(query) {
  status.textContent = "Söker …";
  try {
    const pagefind = await import(new URL("pagefind/pagefind.js", import.meta.url).href);
    for (const shard of (list.dataset.more || "").split(" ").filter(Boolean)) {
      await pagefind.mergeIndex(new URL(shard, import.meta.url).pathname);
    }
    const found = await pagefind.search(query);
    const hits = await Promise.all(found.results.slice(0, MAX).map((r) => r.data()));
    list.replaceChildren(...hits.map(hit));
    status.textContent = summary(query, found.results.length, hits.length);
    document.title = `${query} – ${document.title}`;
  } catch (e) {
    status.textContent =
      "Sökningen kunde inte laddas. Den fungerar när webbplatsen visas från en webbserver, inte när filerna öppnas direkt.";
  }
}

function summary(query, all, shown) {
  if (all === 0) return `Inga träffar på ”${query}”.`;
  const n = all === 1 ? "1 träff" : `${all} träffar`;
  return shown < all ? `${n} på ”${query}”. De ${shown} bästa visas.` : `${n} på ”${query}”.`;
}

function hit(data) {
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  const heading = document.createElement("h2");
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.append(...marked(data.excerpt));
  const item = document.createElement("li");
  item.append(heading, excerpt);
  return item;
}

// The excerpt is HTML with <mark> around the words found: keep the marks
// and make everything else text, so no page's words ever run as code.
function marked(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  return [...doc.body.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}
