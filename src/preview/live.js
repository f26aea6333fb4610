// handbok serve: the preview's only script, never in an exported site.
// When the guide changes, the page is fetched again and swapped in
// without navigating: the scroll position and the tab's history stay.
(() => {
  if (window.handbokLive) return;
  window.handbokLive = true;
  const meta = document.querySelector('meta[name="handbok-generation"]');
  let shown = meta ? meta.content : "";
  let queue = Promise.resolve();
  const events = new EventSource("/_handbok/events");
  events.addEventListener("change", (e) => {
    if (e.data === shown) return;
    shown = e.data;
    queue = queue.then(() => swap(e.data)).catch(() => {});
  });

  async function swap(generation) {
    const answer = await fetch(location.href, { cache: "no-store" });
    const doc = new DOMParser().parseFromString(await answer.text(), "text/html");
    const x = window.scrollX;
    const y = window.scrollY;
    document.title = doc.title;
    // A changed accent or extra CSS: the stylesheets are fetched again.
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("v", generation);
      link.href = url.href;
    }
    // Scripts parsed here never run: the new body's copy of this one is inert.
    document.body.replaceWith(document.adoptNode(doc.body));
    window.scrollTo(x, y);
    document.documentElement.dataset.handbokShown = generation;
  }
})();
