// hearth serve: reloads this page when its file changed, swaps changed stylesheets in place,
// and shows the build's problems over the page until they are fixed. Served only by
// `hearth serve`, never part of the built site.
(() => {
  "use strict";
  const script = document.currentScript;
  const normalize = (path) => {
    let clean = decodeURI(path).replace(/index\.html$/, "");
    const last = clean.split("/").pop();
    if (last && !last.includes(".")) clean += "/";
    return clean;
  };
  const here = new Set([normalize(location.pathname)]);
  if (script && script.dataset.page) here.add(normalize(script.dataset.page));

  const overlayId = "hearth-problems";
  const hideProblems = () => {
    const overlay = document.getElementById(overlayId);
    if (overlay) overlay.remove();
  };
  const showProblems = (problems) => {
    hideProblems();
    const overlay = document.createElement("div");
    overlay.id = overlayId;
    overlay.setAttribute("role", "alert");
    Object.assign(overlay.style, {
      position: "fixed", inset: "auto 0 0 0", zIndex: "2147483647", maxHeight: "60vh",
      overflow: "auto", margin: "0", padding: "1rem 1.25rem", background: "#2b1512",
      color: "#fbe9e4", borderTop: "4px solid #e0644f", font: "14px/1.5 ui-monospace, monospace",
      boxShadow: "0 -4px 24px rgba(0,0,0,.35)",
    });
    const title = document.createElement("p");
    title.style.cssText = "margin:0 0 .5rem;font-weight:bold";
    const noun = problems.length === 1 ? "problem" : "problems";
    title.textContent =
      `The site was not rebuilt: ${problems.length} ${noun}. The last good version is shown until they are fixed.`;
    const list = document.createElement("pre");
    list.style.cssText = "margin:0;white-space:pre-wrap";
    list.textContent = problems.join("\n");
    overlay.append(title, list);
    document.body.append(overlay);
  };

  const swapStyles = (changed) => {
    const wanted = new Set(changed.map(normalize));
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || !wanted.has(normalize(url.pathname))) continue;
      url.searchParams.set("hearth-reload", Date.now().toString());
      const fresh = link.cloneNode();
      fresh.href = url.pathname + url.search;
      fresh.addEventListener("load", () => link.remove(), { once: true });
      fresh.addEventListener("error", () => link.remove(), { once: true });
      link.after(fresh);
    }
  };

  const events = new EventSource("/__hearth/events");
  events.addEventListener("change", (event) => {
    const change = JSON.parse(event.data);
    hideProblems();
    if (change.paths.some((path) => path === "*" || here.has(normalize(path)))) {
      location.reload();
      return;
    }
    swapStyles(change.paths.filter((path) => path.endsWith(".css")));
  });
  events.addEventListener("problems", (event) => showProblems(JSON.parse(event.data).problems));
  events.addEventListener("clear", hideProblems);
})();
