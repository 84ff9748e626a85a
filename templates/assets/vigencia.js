// Stale statuses: every page says, in its footer, on which day its statuses, delays and
// deadlines were computed (data-calculado, AAAA-MM-DD). The site is rebuilt every day; when
// that date is more than two days behind the reader's clock, the rebuilds have stopped and
// the page may be out of date: this script says so at the top of the page. The text comes
// from data-aviso, written by the build in the site's language ({dias}: the days since).
// Without JavaScript the footer still gives the date.
const note = document.querySelector("[data-calculado]");
const main = document.querySelector("main");
if (note && main) {
  const [year, month, day] = note.dataset.calculado.split("-").map(Number);
  const computed = new Date(year, month - 1, day);
  const now = new Date();
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.round((today - computed) / 86400000);
  if (days > 2) {
    const warning = document.createElement("p");
    warning.className = "aviso aviso-vigencia";
    warning.id = "aviso-vigencia";
    warning.textContent = note.dataset.aviso.replaceAll("{dias}", () => days.toLocaleString(document.documentElement.lang || undefined));
    main.prepend(warning);
  }
}
