"""Headless Chromium tabs that record what a page asks for and logs."""

from __future__ import annotations

from urllib.parse import urlsplit

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class Tab:
    """A page in a fresh browser context that records whatever a reader should never get.

    Requests to any host but 127.0.0.1 are reported and, with ``intercept`` (the default),
    blocked. Chromium asks for no /favicon.ico while requests are intercepted, so a tab
    without interception is needed to see that request fail.
    """

    def __init__(self, context, intercept: bool = True):
        self.problems: list[str] = []
        self.context = context
        if intercept:
            self.context.route("**/*", self._only_this_host)
        self.page = self.context.new_page()
        self.page.on("request", self._request)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    @staticmethod
    def elsewhere(url: str) -> bool:
        parts = urlsplit(url)
        return parts.hostname != "127.0.0.1" and parts.scheme not in ("data", "blob")

    def _request(self, request):
        if self.elsewhere(request.url):
            self.problems.append(f"{self.page.url}: request to another host: {request.url}")

    def _only_this_host(self, route):
        if self.elsewhere(route.request.url):
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def _console(self, message):
        if message.type == "error" and "ERR_BLOCKED_BY_CLIENT" not in message.text:
            where = message.location.get("url", "")
            self.problems.append(f"{self.page.url}: console error: {message.text} ({where})")

    def _failed(self, request):
        failure = request.failure or ""
        # Blocked requests are reported above; a navigation cancels what is still loading.
        if "ERR_BLOCKED_BY_CLIENT" not in failure and "ERR_ABORTED" not in failure:
            self.problems.append(f"{self.page.url}: request failed: {request.url} ({failure})")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"{self.page.url}: HTTP {response.status} for {response.url}")

    def open(self, url: str, wait_until: str = "networkidle"):
        """Go to ``url``. By default wait until the network has been idle for half a second,
        so that what the page requests after its load event is watched too; the tests that
        open every page wait for the load event only (a third of the time per page), and the
        tests of single pages keep watching for late requests."""
        self.page.goto(url, wait_until=wait_until)
        return self.page

    def assert_clean(self):
        assert not self.problems, "\n".join(self.problems)


#: Nothing if the page does not scroll sideways, else the first elements that stick out.
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.scrollingElement.scrollWidth <= width) return [];
  const name = (e) => e.tagName.toLowerCase() + [...e.classList].map((c) => "." + c).join("");
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map(name);
}"""
