// Follow the language switcher to the same page in the other language, at the same place
// (#anchor) and with the same query (?q= on the search page); if that page does not exist
// there, go to that language's home page instead (see src/primer/sphinxext/language_switch.py). The choice
// is remembered: the site's root page (docs/_root/index.html) honours it on the next visit.
const PRIMER_LANGUAGE_KEY = "primer-language";

function rememberLanguage(language) {
  try {
    localStorage.setItem(PRIMER_LANGUAGE_KEY, language);
  } catch (error) {
    // Storage disabled (private mode, blocked cookies): the switch still works.
  }
}

function atTheSamePlace(href) {
  const target = new URL(href, location.href);
  target.search = location.search;
  target.hash = location.hash;
  return target.href;
}

async function pageExists(url) {
  if (!location.protocol.startsWith("http")) return true; // file:// cannot be probed
  try {
    return (await fetch(url, { method: "HEAD" })).ok;
  } catch (error) {
    return true; // offline or blocked: the plain link is still the best guess
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const link of document.querySelectorAll("a.primer-language-switch")) {
    link.addEventListener("click", async (event) => {
      rememberLanguage(link.dataset.language);
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return; // new tab
      event.preventDefault();
      const fallback = new URL(link.dataset.fallback, location.href).href;
      location.href = (await pageExists(link.href)) ? atTheSamePlace(link.href) : fallback;
    });
  }
});
