// A dataset's previews, once the page has loaded: each column can be sorted (a button in its
// header, which says its order with aria-sort), and the columns whose dictionary lists their
// values (data-filtro) get a list to show only the rows with one of them. The previews are
// complete without it. Every word comes from the data-* attributes of the page's
// [data-tabla-todas] element, written by the build in the site's language ({columna}: a
// column's title, {n} and {total}: counts).
const words = document.querySelector("[data-tabla-todas]")?.dataset;
const language = document.documentElement.lang || undefined;

function sortKey(cell) {
  const time = cell.querySelector("time");
  if (time) return time.dateTime;
  const text = cell.textContent.trim();
  if (cell.classList.contains("num")) {
    const number = parseFloat(text.replace(/[^\d.-]/g, ""));
    return Number.isNaN(number) ? -Infinity : number;
  }
  return text;
}

function compare(a, b) {
  return typeof a === "number" && typeof b === "number" ? a - b
    : String(a).localeCompare(String(b), language, { numeric: true, sensitivity: "base" });
}

for (const table of words ? document.querySelectorAll("table.vista-previa") : []) {
  const body = table.tBodies[0];
  const rows = [...body.rows];
  const heads = [...table.tHead.rows[0].cells];
  heads.forEach((head, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.append(...head.childNodes);
    head.append(button);
    button.addEventListener("click", () => {
      const ascending = head.getAttribute("aria-sort") !== "ascending";
      heads.forEach((other) => other.removeAttribute("aria-sort"));
      head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const keyed = rows.map((row) => [sortKey(row.cells[column]), row]);
      keyed.sort((x, y) => (ascending ? 1 : -1) * compare(x[0], y[0]));
      body.append(...keyed.map(([, row]) => row));
    });
  });

  const filters = [];
  const bar = document.createElement("p");
  bar.className = "filtros-tabla";
  bar.dataset.mejora = "";  // an enhancement the script adds, not part of the page's content
  const count = document.createElement("span");
  count.setAttribute("role", "status");
  const apply = () => {
    let shown = 0;
    for (const row of rows) {
      row.hidden = !filters.every(([list, column]) => !list.value || row.cells[column].textContent.trim() === list.value);
      shown += row.hidden ? 0 : 1;
    }
    count.textContent = filters.some(([list]) => list.value)
      ? words.tablaFilas.replace("{n}", shown.toLocaleString(language)).replace("{total}", rows.length.toLocaleString(language))
      : "";
  };
  heads.forEach((head, column) => {
    if (!head.hasAttribute("data-filtro")) return;
    const values = [...new Set(rows.map((row) => row.cells[column].textContent.trim()))].filter(Boolean).sort(compare);
    if (values.length < 2) return;
    const list = document.createElement("select");
    list.append(new Option(words.tablaTodas, ""), ...values.map((value) => new Option(value, value)));
    list.addEventListener("change", apply);
    const label = document.createElement("label");
    label.append(words.tablaFiltrar.replace("{columna}", head.textContent.trim()) + " ", list);
    bar.append(label, " ");
    filters.push([list, column]);
  });
  if (filters.length) {
    bar.append(count);
    table.closest(".tabla-desplazable").before(bar);
  }
}
