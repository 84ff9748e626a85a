// The search page: reads ?q= from the address, asks Pagefind's index (written by the build
// beside the pages) and lists the results. A big site's index is in shards, listed in the
// form's data-indices (folders relative to the site's root, with a trailing slash): the
// first is loaded and the others merged into it. Without JavaScript, or without the index,
// the page still offers the sections and filters below the form. Every message comes
// from the form's data-* attributes, written by the build in the site's language ({q}: the
// words searched, {n}: a count); the script holds no text of its own.
const PAGE = 20;

const form = document.querySelector("form.busqueda");
const box = document.getElementById("resultados");
const input = document.getElementById("q");
const notice = document.getElementById("aviso-js");
const base = form.dataset.base;
const indices = (form.dataset.indices || "").split(" ").filter(Boolean);
const language = document.documentElement.lang || undefined;
const query = (new URLSearchParams(location.search).get("q") || "").trim();
input.value = query;

function element(tag, props, children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children || []) node.append(child);
  return node;
}

// Pagefind's excerpt is text with <mark> around the words found: keep only those two.
function excerpt(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const paragraph = element("p");
  for (const node of template.content.childNodes) {
    paragraph.append(node.nodeName === "MARK" ? element("mark", { textContent: node.textContent })
                                              : node.textContent);
  }
  return paragraph;
}

function message(name, count) {
  const number = count === undefined ? "" : count.toLocaleString(language);
  return (form.dataset[name] || "").replaceAll("{q}", () => query).replaceAll("{n}", () => number);
}

function say(text) {
  box.replaceChildren(element("p", { textContent: text }));
}

function found(count) {
  return count === 1 ? message("unResultado") : message("resultados", count);
}

async function show(results, list, from) {
  const batch = await Promise.all(results.slice(from, from + PAGE).map((result) => result.data()));
  for (const data of batch) {
    const title = data.meta.title || data.url;
    list.append(element("li", {}, [
      element("h3", {}, [element("a", { href: data.url, textContent: title })]),
      element("span", { className: "resultado-tipo", textContent: data.meta.tipo || "" }),
      excerpt(data.excerpt),
    ]));
  }
  return from + batch.length;
}

async function run() {
  if (!query) return;
  say(message("buscando"));
  let pagefind;
  try {
    if (!indices.length) throw new RangeError();
    pagefind = await import(`${base}${indices[0]}pagefind.js`);
    await pagefind.options({ baseUrl: base, excerptLength: 24 });
    await pagefind.init();
    await Promise.all(indices.slice(1).map((folder) => pagefind.mergeIndex(`${base}${folder}`, { baseUrl: base })));
  } catch (error) {
    say(message("noDisponible"));
    return;
  }
  if (notice) notice.hidden = true;
  const search = await pagefind.search(query);
  const results = search.results;
  if (!results.length) {
    say(message("sinResultados"));
    return;
  }
  const heading = element("h2", { textContent: found(results.length) });
  const list = element("ol");
  let shown = await show(results, list, 0);
  box.replaceChildren(heading, list);
  if (shown < results.length) {
    const more = element("button", { type: "button", className: "boton", textContent: message("verMas") });
    more.addEventListener("click", async () => {
      const first = shown;
      shown = await show(results, list, shown);
      list.children[first]?.querySelector("a")?.focus();
      if (shown >= results.length) more.remove();
    });
    box.append(more);
  }
  document.title = `${found(results.length)} · ${document.title}`;
}

run();
