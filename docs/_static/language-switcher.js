// Follow the language switcher to the same page in the other language; if that page does
// not exist there, go to that language's home page instead (see docs/_ext/primer_i18n.py).
document.addEventListener("DOMContentLoaded", () => {
  for (const link of document.querySelectorAll("a.primer-language-switch")) {
    link.addEventListener("click", async (event) => {
      if (!location.protocol.startsWith("http")) return; // file:// cannot be probed
      event.preventDefault();
      let target = link.href;
      try {
        const response = await fetch(target, { method: "HEAD" });
        if (!response.ok) target = new URL(link.dataset.fallback, location.href).href;
      } catch (error) {
        // Offline or blocked: the plain link is still the best guess.
      }
      location.href = target;
    });
  }
});
