"""The site in a real browser: headless Chromium, pages served over HTTP on 127.0.0.1.

Every page opened here is watched: a console error, an uncaught exception, a failed or 4xx/5xx
request, or any request to a host other than 127.0.0.1 (those are blocked) fails the test.
Screenshots go to test-artifacts/screenshots/.
"""

import copy
import json
import shutil
import time
from urllib.parse import quote, urlsplit

import pytest
from helpers.browser import DESKTOP, OVERFLOW, PHONE
from helpers.pages import ids_of, main_content, title_of
from helpers.project import ARTIFACTS, OTHER, SITE_PATH, gallery_pages
from helpers.report import STATS
from helpers.tracebacks import messages_met

from primer.build.site import LANGUAGES
from primer.i18n.zh_check import CJK

pytestmark = pytest.mark.browser

SCREENSHOTS = ARTIFACTS / "screenshots"
LOCALES = {"en": "en-US", "zh_CN": "zh-CN"}
#: Which pages the search for a term must list, besides "at least one result contains it".
SEARCHES = [
    ("zh_CN", "张量"),
    ("zh_CN", "自动求导"),
    ("zh_CN", "反向传播"),
    ("en", "tensor"),
]


@pytest.fixture(scope="module")
def base(site, serve):
    """The site's address on a local server: below SITE_PATH, as GitHub Pages serves it."""
    return serve(site.root, under=SITE_PATH)


def deep_page() -> str:
    """The page the switcher and screenshot tests use: the MNIST CNN example if it exists."""
    pages = gallery_pages()
    cnn = [page for page in pages if "mnist_cnn" in page]
    return (cnn or sorted(pages, key=lambda page: (page.count("/"), page)))[-1]


@pytest.fixture(scope="module", autouse=True)
def fresh_screenshots():
    """Start every run with an empty screenshot folder, so that none is left from before."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    (SCREENSHOTS / "phone").mkdir(parents=True)


def screenshot(page, name: str, **options) -> None:
    page.screenshot(path=SCREENSHOTS / f"{name}.png", **options)
    STATS["screenshots saved (test-artifacts/screenshots)"] += 1


# -- Language -------------------------------------------------------------------------------


def prefer(tab, languages: list[str]) -> None:
    """Make the tab's browser list ``languages`` as the reader's, in that order."""
    getter = f"get: () => {json.dumps(languages)}"
    tab.context.add_init_script(f"Object.defineProperty(navigator, 'languages', {{{getter}}});")


def switch_language(page) -> None:
    page.locator("a.primer-language-switch:visible").first.click()


@pytest.mark.parametrize(
    ("languages", "language"),
    [
        (["zh-CN"], "zh_CN"),
        (["zh-TW"], "zh_CN"),
        (["zh-HK", "en-GB"], "zh_CN"),
        (["en-US"], "en"),
        (["en-US", "zh-CN"], "en"),  # the first language the site has wins
        (["fr-FR", "zh-CN", "en"], "zh_CN"),
        (["fr-FR"], "en"),
    ],
)
def test_root_page_sends_the_reader_to_their_language(tabs, base, languages, language):
    tab = tabs(locale=languages[0])
    prefer(tab, languages)
    tab.open(base)
    tab.page.wait_for_url(f"{base}{language}/index.html")
    assert tab.page.locator("html").get_attribute("lang") == language.replace("_", "-")
    tab.assert_clean()


def test_root_page_honours_the_language_chosen_with_the_switcher(tabs, base):
    tab = tabs(locale="zh-CN")
    page = tab.open(base)
    page.wait_for_url(f"{base}zh_CN/index.html")
    for chosen in ("en", "zh_CN"):
        switch_language(page)
        page.wait_for_url(f"{base}{chosen}/index.html")
        tab.open(base)
        page.wait_for_url(f"{base}{chosen}/index.html")  # the choice beats the browser's
    tab.assert_clean()


THROWING_STORAGE = """
for (const name of ["getItem", "setItem"]) {
  const original = Storage.prototype[name];
  Storage.prototype[name] = function (key, ...rest) {
    if (key === "primer-language") throw new DOMException("blocked", "SecurityError");
    return original.call(this, key, ...rest);
  };
}
"""


def test_language_choice_works_without_storage(tabs, base):
    """Storage that throws for our key (as blocked storage does for all, which the theme's own
    scripts do not survive): the root page and the switcher still work."""
    tab = tabs(locale="en-US")
    tab.context.add_init_script(THROWING_STORAGE)
    page = tab.open(base)
    page.wait_for_url(f"{base}en/index.html")
    switch_language(page)
    page.wait_for_url(f"{base}zh_CN/index.html")
    tab.assert_clean()


def test_first_visit_without_interception_logs_no_error(tabs, base):
    """A reader's first visit, with nothing intercepted: the browser also asks for a site
    icon here (it does not while requests are intercepted), so a missing one shows up."""
    tab = tabs(intercept=False, locale="en-US")
    page = tab.open(base)
    page.wait_for_url(f"{base}en/index.html")
    page.wait_for_load_state("networkidle")
    tab.open(f"{base}zh_CN/{deep_tensors_page()}")
    page.wait_for_timeout(500)
    tab.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_goes_to_the_same_page_and_back(tabs, base, language):
    page_path = deep_page()
    tab = tabs(locale=LOCALES[language])
    page = tab.open(f"{base}{language}/{page_path}")
    for target in (OTHER[language], language):
        switch_language(page)
        page.wait_for_url(f"{base}{target}/{page_path}")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == target.replace("_", "-")
    tab.assert_clean()


def shared_anchor(site, page_path: str) -> str:
    """The id of the page's last section, present in both languages."""
    sections = site.soup(f"en/{page_path}").select("article section[id]")
    assert sections, f"en/{page_path} has no section"
    anchor = sections[-1]["id"]
    assert anchor in ids_of(site.soup(f"zh_CN/{page_path}")), anchor
    return anchor


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_keeps_the_reader_s_place(tabs, base, site, language):
    page_path = deep_page()
    anchor = shared_anchor(site, page_path)
    tab = tabs()
    page = tab.open(f"{base}{language}/{page_path}#{anchor}")
    switch_language(page)
    page.wait_for_url(f"{base}{OTHER[language]}/{page_path}#{anchor}")
    tab.assert_clean()


def wait_for_search_summary(page) -> str:
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.textContent.trim()",
        timeout=30_000,
    )
    return page.locator("#search-results .search-summary").inner_text()


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_keeps_the_search_query(tabs, base, language):
    tab = tabs()
    page = tab.open(f"{base}{language}/search.html?q=PyTorch")
    wait_for_search_summary(page)
    switch_language(page)
    page.wait_for_url(f"{base}{OTHER[language]}/search.html?q=PyTorch")
    wait_for_search_summary(page)
    assert page.locator("#search-results ul.search li").count() > 0
    tab.assert_clean()


def problems_besides(tab, missing: str) -> list[str]:
    """The tab's problems, less the expected 404 of ``missing`` (response and console line)."""
    expected = (f"HTTP 404 for {missing}", f"(Not Found) ({missing})")
    return [problem for problem in tab.problems if not problem.endswith(expected)]


def test_switcher_falls_back_to_the_home_page_of_a_missing_translation(tabs, base, site):
    """A page missing in the other language: its home page, without the (meaningless there)
    anchor and query."""
    page_path = deep_page()
    missing = f"{base}zh_CN/{page_path}"
    tab = tabs()
    tab.context.route(missing, lambda route: route.fulfill(status=404, body="missing"))
    page = tab.open(f"{base}en/{page_path}?from=test#{shared_anchor(site, page_path)}")
    switch_language(page)
    page.wait_for_url(f"{base}zh_CN/index.html")
    page.wait_for_load_state("networkidle")
    assert not problems_besides(tab, missing), "\n".join(tab.problems)


# -- Search ---------------------------------------------------------------------------------


def expected_hits(site, language, term):
    """Pages whose title names the term: search must list them."""
    return {
        page
        for page in site.pages(language)
        if term.casefold() in title_of(site.soup(f"{language}/{page}")).casefold()
    }


@pytest.mark.parametrize(("language", "term"), SEARCHES)
def test_search_lists_the_pages_about_a_term(tabs, base, site, language, term):
    tab = tabs(locale=LOCALES[language])
    page = tab.open(f"{base}{language}/search.html?q={quote(term)}")
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.textContent.trim()",
        timeout=30_000,
    )
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search li > a", "links => links.map(a => a.getAttribute('href'))"
    )
    found = {href.split("#")[0] for href in hrefs}
    assert found, f"searching {term!r} on the {language} site lists nothing"
    missing = expected_hits(site, language, term) - found
    assert not missing, f"searching {term!r} misses {sorted(missing)}; found {sorted(found)}"
    containing = [
        hit
        for hit in found
        if term.casefold() in main_content(site.soup(f"{language}/{hit}")).get_text().casefold()
    ]
    assert containing, f"no page found for {term!r} contains it: {sorted(found)}"
    if term in ("张量", "tensor"):
        assert deep_tensors_page() in found, f"the tensors page is not among {sorted(found)}"
        screenshot(page, f"{language}-search", full_page=True)
    tab.assert_clean()


TOP = 3
BOILERPLATE = ("Go to the end", "跳到页尾", "Download")


def first_results(page, count: int) -> list[tuple[str, str]]:
    """The first ``count`` results of a finished search: link and excerpt, once loaded."""
    wait_for_search_summary(page)
    page.wait_for_function(
        """count => [...document.querySelectorAll('#search-results ul.search > li')]
            .slice(0, count).every(li => li.querySelector('p.context'))""",
        arg=count,
        timeout=30_000,
    )
    return page.eval_on_selector_all(
        "#search-results ul.search > li",
        "items => items.map(li => [li.querySelector('a').getAttribute('href'),"
        " li.querySelector('p.context').textContent])",
    )[:count]


def words(text: str) -> str:
    return " ".join(text.split())


def text_as_search_reads_it(soup) -> str:
    """A page's article text, without the headings' "#" links, spaces collapsed."""
    article = copy.copy(main_content(soup))
    for link in article.select(".headerlink"):
        link.decompose()
    return words(article.get_text())


def listed_pages(page) -> list[str]:
    """The pages a finished search lists, in order (without their anchors)."""
    wait_for_search_summary(page)
    hrefs = page.eval_on_selector_all(
        "#search-results ul.search > li > a", "links => links.map(a => a.getAttribute('href'))"
    )
    return [href.split("#")[0] for href in hrefs]


def ranked_searches(site, language: str) -> list[tuple[str, str]]:
    """Each query a lesson's ``search`` field names, and the lesson's page (``course.json``)."""
    lessons = site.course(language)["lessons"]
    return [(query, lesson["page"]) for lesson in lessons for query in lesson["search"]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_lists_the_lesson_first(tabs, base, site, language):
    """Every lesson's queries list it in the top three; titles weigh most, each page is listed
    once (the glossary too), and a result's excerpt is the page's own text, not its
    breadcrumbs or the gallery's download note."""
    tab = tabs(locale=LOCALES[language])
    problems = []
    searches = ranked_searches(site, language)
    for query, lesson in searches:
        page = tab.open(f"{base}{language}/search.html?q={quote(query)}")
        listed = listed_pages(page)
        if len(listed) != len(set(listed)):
            problems.append(f"{query!r}: a page is listed twice: {listed}")
        rank = next((i + 1 for i, href in enumerate(listed) if href.endswith(lesson)), 0)
        STATS[f"search rank of {lesson} for {language} {query!r}"] = rank or "not listed"
        if not 0 < rank <= TOP:
            problems.append(f"{language} {query!r}: {lesson} is not in the top {TOP}: {listed}")
        for href, excerpt in first_results(page, min(TOP, len(listed))):
            own_text = text_as_search_reads_it(site.soup(f"{language}/{href.split('#')[0]}"))
            start = words(excerpt).removeprefix("...")[:40]
            if start not in own_text or start.startswith(BOILERPLATE):
                problems.append(f"{query!r}: the excerpt of {href} is not its text: {excerpt!r}")
    STATS[f"lesson searches checked ({language})"] = len(searches)
    assert searches, "course.json names no search"
    assert not problems, "\n".join(problems)
    tab.assert_clean()


@pytest.fixture(scope="module")
def pasted_errors() -> list[str]:
    """The last lines of the tracebacks beginners meet most, from running mistaken code."""
    return messages_met()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pasted_error_finds_the_page_that_explains_it(tabs, base, site, language, pasted_errors):
    """A traceback's last line, with the reader's own shapes and names, pasted into the search
    lists the common-mistakes page in the top three, in either language."""
    lessons = site.course(language)["lessons"]
    mistakes = [lesson["page"] for lesson in lessons if "mistakes" in lesson["page"]]
    assert len(mistakes) == 1, f"course.json names no single common-mistakes page: {mistakes}"
    tab = tabs(locale=LOCALES[language])
    problems = []
    for message in pasted_errors:
        listed = listed_pages(tab.open(f"{base}{language}/search.html?q={quote(message)}"))
        rank = next((i + 1 for i, href in enumerate(listed) if href.endswith(mistakes[0])), 0)
        STATS[f"search rank of the mistakes page, {language} {message[:70]!r}"] = rank or "none"
        if not 0 < rank <= TOP:
            problems.append(f"{language} {message!r}: rank {rank or 'none'} in {listed[:5]}")
    assert not problems, "\n".join(problems)
    tab.assert_clean()


def test_zh_cn_search_summary_is_in_chinese(tabs, base):
    tab = tabs(locale="zh-CN")
    page = tab.open(f"{base}zh_CN/search.html?q={quote('张量')}")
    summary = page.locator("#search-results .search-summary")
    page.wait_for_function(
        "document.querySelector('#search-results .search-summary')?.textContent.trim()"
    )
    assert CJK.search(summary.inner_text()), summary.inner_text()


def deep_tensors_page() -> str:
    return next(page for page in gallery_pages() if page.endswith("_tensors.html"))


# -- Downloads and the 404 page below the site's path ----------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_downloads_work_below_the_site_path(tabs, base, language):
    tab = tabs()
    page = tab.open(f"{base}{language}/{gallery_pages()[0]}")
    links = page.locator("a.reference.download")
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) >= 2, "no .py and .ipynb downloads"
    for href in hrefs:
        assert href.startswith(f"{base}{language}/_downloads/"), href
        response = page.request.get(href)
        assert response.ok and len(response.body()) > 100, f"{href}: {response.status}"
    with page.expect_download() as download:
        links.first.click()
    assert download.value.suggested_filename == hrefs[0].rsplit("/", 1)[-1]
    tab.assert_clean()


MISSING = [
    ("en/examples/01-fundamentals/no/such/page.html", "en"),
    ("zh_CN/examples/02-training/no-such-page.html", "zh_CN"),
    ("no/such/folder/", None),
]


def open_missing(tab, base: str, missing: str):
    response = tab.page.goto(f"{base}{missing}", wait_until="networkidle")
    assert response.status == 404
    assert "Page not found" in tab.page.locator("h1").inner_text()
    return tab.page


@pytest.mark.parametrize(("missing", "language"), MISSING)
def test_404_page_offers_both_home_pages_and_the_search_of_its_language(
    tabs, base, missing, language
):
    tab = tabs()
    page = open_missing(tab, base, missing)
    homes = page.locator("main a").evaluate_all("links => links.map(a => a.href)")
    assert sorted(homes) == [f"{base}{lang}/index.html" for lang in LANGUAGES]
    forms = page.locator("form:visible")
    shown = forms.evaluate_all("forms => forms.map(f => f.dataset.language)")
    assert shown == ([language] if language else list(LANGUAGES))
    forms.first.locator("input").fill("PyTorch")
    forms.first.locator("input").press("Enter")
    page.wait_for_url(f"{base}{language or 'en'}/search.html?q=PyTorch")
    assert wait_for_search_summary(page)
    assert not problems_besides(tab, f"{base}{missing}"), "\n".join(tab.problems)


def test_404_page_links_work_when_the_site_is_served_from_the_root(tabs, serve, site):
    """A preview (or these tests) serving the site at "/": the 404 page's links follow."""
    root = serve(site.root)
    tab = tabs()
    page = open_missing(tab, root, "en/deep/er/missing.html")
    page.locator("main a[hreflang=en]").click()
    page.wait_for_url(f"{root}en/index.html")
    assert not problems_besides(tab, f"{root}en/deep/er/missing.html"), "\n".join(tab.problems)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("mode", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_hosting_screenshots(tabs, base, language, mode, viewport):
    """The 404 page, and the foot of a page with its edit and report links."""
    tab = tabs(viewport=viewport, is_mobile=viewport is PHONE, locale=LOCALES[language])
    screenshot(open_missing(tab, base, f"{language}/no/such/page.html"), f"{language}-404-{mode}")
    page = tab.open(f"{base}{language}/{deep_page()}")
    links = page.locator(".primer-page-links a")
    assert links.count() == 2 and all(link.is_visible() for link in links.all())
    links.first.scroll_into_view_if_needed()
    screenshot(page, f"{language}-page-links-{mode}")
    assert page.evaluate(OVERFLOW) == []


# -- Rendering ------------------------------------------------------------------------------


#: Each formula's box and how it sits: the SVG that the build typeset, drawn at a size, a
#: display formula that does not need to scroll, and an inline one inside the viewport whose
#: SVG keeps its own vertical-align (a flex container around it would ignore it).
FORMULAS = """() => [...document.querySelectorAll('span.math, div.math')].map(math => {
  const svg = math.querySelector(':scope > svg');
  const box = svg ? svg.getBoundingClientRect() : null;
  return {formula: math.textContent.slice(0, 40),
          drawn: Boolean(box && box.width > 0 && box.height > 0
                         && svg.querySelectorAll('path').length > 0),
          scrolls: math.tagName === 'DIV' && math.scrollWidth > math.clientWidth + 1,
          outside: math.tagName === 'SPAN' && box !== null && box.right > innerWidth,
          aligned: math.tagName === 'DIV' || getComputedStyle(math).display === 'inline'};
})"""


def misplaced_formulas(page) -> tuple[int, list[dict]]:
    """How many formulas the page has, and those not drawn, or not fitting, as they should."""
    formulas = page.evaluate(FORMULAS)
    fits = lambda formula: not (formula["scrolls"] or formula["outside"])  # noqa: E731
    wrong = [f for f in formulas if not (f["drawn"] and f["aligned"] and fits(f))]
    return len(formulas), wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_math_typeset_by_the_build_shows_without_scripts(tabs, serve, tiny_built, language):
    """The fixture site's display equation is an SVG in the page: it shows with JavaScript
    switched off and every other host blocked."""
    _, html, _ = tiny_built
    tab = tabs(java_script_enabled=False)
    page = tab.open(f"{serve(html)}{language}/page.html")
    count, wrong = misplaced_formulas(page)
    assert count >= 1 and not wrong, wrong
    tab.assert_clean()


def test_every_formula_of_the_site_fits_a_phone(tabs, base, site):
    """Every page with math, both languages, on a phone: each formula is drawn, none needs to
    scroll or runs past the screen, and inline formulas sit on the line as MathJax set them."""
    pages = [
        f"{language}/{page}"
        for language in LANGUAGES
        for page in site.pages(language)
        if 'class="math' in site.text(f"{language}/{page}")
    ]
    assert len(pages) >= 2, "no page of the site has math: is the math extension loaded?"
    tab = tabs(viewport=PHONE)
    for path in pages:
        count, wrong = misplaced_formulas(tab.open(f"{base}{path}", wait_until="load"))
        assert count >= 1 and not wrong, (path, wrong)
    tab.assert_clean()


#: The page's layout shifts (what Lighthouse's CLS adds up), from the start of its load.
LAYOUT_SHIFTS = """window.primerShift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.primerShift += entry.value;
  }
}).observe({type: 'layout-shift', buffered: true});"""
FONT_DELAY_S = 0.8  # 0.3 s is too little: Chromium holds the first paint a moment for them
#: The phone Lighthouse emulates (a Moto G Power): a few pixels decide whether a line wraps.
LIGHTHOUSE_PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75}


def test_no_page_moves_when_its_icon_fonts_arrive(tabs, base, site):
    """On a phone on a slow network the icon fonts arrive after the first paint: no page may
    move when they do (on the common-mistakes lesson the last breadcrumb wrapped to a second
    line when they came, pushing the lesson down: Lighthouse counted a layout shift of 0.19).
    Each page gets a tab of its own, so that no font comes from an earlier page's memory."""

    def late(route):
        time.sleep(FONT_DELAY_S)
        route.fallback()

    moved = {}
    for path in site.all_pages():
        tab = tabs(**LIGHTHOUSE_PHONE, is_mobile=True)
        tab.page.route("**/*.woff2", late)
        tab.page.add_init_script(LAYOUT_SHIFTS)
        page = tab.open(base + path, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        if (shift := page.evaluate("window.primerShift")) > 0.01:
            moved[path] = round(shift, 3)
        tab.assert_clean()
        tab.context.close()
    assert not moved, f"pages that moved when their icon fonts came: {moved}"


def copy_with_button(tab, block):
    """Click the copy button of ``block`` (a ``div.highlight``) and return the clipboard."""
    block.scroll_into_view_if_needed()
    block.hover()
    block.locator(".copybtn").click()
    tab.page.wait_for_timeout(200)
    return tab.page.evaluate("navigator.clipboard.readText()")


CLIPBOARD = {"permissions": ["clipboard-read", "clipboard-write"]}


def test_copy_button_leaves_out_prompts_and_output(tabs, serve, tiny_built):
    _, html, _ = tiny_built
    tab = tabs(**CLIPBOARD)
    tab.open(f"{serve(html)}en/page.html")
    copied = copy_with_button(tab, tab.page.locator("div.highlight-pycon div.highlight").first)
    assert copied.strip() == "answer = 6 * 7\nprint(answer)"
    tab.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_copy_button_copies_the_code_of_an_example(tabs, base, language):
    tab = tabs(**CLIPBOARD)
    page = tab.open(f"{base}{language}/{gallery_pages()[0]}")
    block = page.locator("div.highlight-Python div.highlight").first
    code = block.locator("pre").inner_text()
    output = page.locator(".sphx-glr-script-out").first.inner_text().strip().splitlines()[0]
    copied = copy_with_button(tab, block)
    assert copied.strip() == code.strip()
    assert output not in copied
    tab.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_copy_button_copies_a_notebook_cell_without_its_output(tabs, base, language):
    tab = tabs(**CLIPBOARD)
    page = tab.open(f"{base}{language}/install.html")
    cells = page.locator("div.cell").filter(has=page.locator(".cell_output"))
    cell = cells.filter(has=page.locator(".cell_input")).first  # its code shown
    code = cell.locator(".cell_input pre").inner_text()
    output = cell.locator(".cell_output").inner_text().strip()
    copied = copy_with_button(tab, cell.locator(".cell_input div.highlight"))
    assert copied.strip() == code.strip()
    assert output.splitlines()[0] not in copied
    tab.assert_clean()


#: The visible sidebars of the page that show no link (the theme's empty left column; its
#: links for phones are there but hidden).
EMPTY_SIDEBARS = """() => [
  ...document.querySelectorAll(".bd-sidebar-primary, .bd-sidebar-secondary"),
]
  .filter((e) => e.getBoundingClientRect().width > 0)
  .filter((e) => ![...e.querySelectorAll("a[href]")].some((a) => a.getClientRects().length))
  .map((e) => e.className)"""


@pytest.mark.parametrize(
    ("mode", "viewport", "scheme"),
    [("desktop-light", DESKTOP, "light"), ("phone-dark", PHONE, "dark")],
)
def test_every_page_renders_cleanly(tabs, base, site, mode, viewport, scheme):
    """Every page of both languages: no console error, no request elsewhere, no sideways
    scrolling, on a desktop no sidebar without a link; in dark mode the theme is dark."""
    tab = tabs(viewport=viewport, color_scheme=scheme, is_mobile=viewport is PHONE)
    problems = []
    pages = [f"{language}/{page}" for language in LANGUAGES for page in site.pages(language)]
    for path in pages:
        page = tab.open(f"{base}{path}", wait_until="load")
        empty = page.evaluate(EMPTY_SIDEBARS) if viewport is DESKTOP else []
        if empty:
            problems.append(f"{path}: a sidebar without a link: {empty}")
        if page.evaluate("document.documentElement.dataset.theme") != scheme:
            problems.append(f"{path}: not rendered in the {scheme} theme")
        wide = page.evaluate(OVERFLOW)
        if wide:
            problems.append(f"{path}: wider than {viewport['width']} px because of {wide}")
        if path.endswith("/index.html") and path.count("/") == 1 and viewport is PHONE:
            screenshot(page, f"{path.split('/')[0]}-home-{mode}")
    STATS[f"pages opened in the browser ({mode})"] = len(pages)
    assert not problems + tab.problems, "\n".join(problems + tab.problems)


#: Each figure of an example page as a 2x phone shows it: its width, the image it chose.
FIGURES = """() => [...document.querySelectorAll("img.sphx-glr-single-img, img.sphx-glr-multi-img")]
  .map((img) => ({
    file: img.currentSrc.split("/").pop(),
    width: img.getBoundingClientRect().width,
    right: img.getBoundingClientRect().right,
  }))"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_lesson_pages_and_their_figures_fit_a_phone(tabs, base, language):
    """Every example page on a 390 px phone with a 2x screen: no sideways scrolling, each figure
    within the screen and shown from its 2x (or SVG) image. A screenshot of every page, and of
    each figure, goes to test-artifacts/screenshots/phone/."""
    tab = tabs(viewport=PHONE, is_mobile=True, device_scale_factor=2, locale=LOCALES[language])
    problems, figures = [], 0
    for path in gallery_pages():
        page = tab.open(f"{base}{language}/{path}", wait_until="load")
        width = page.evaluate("window.innerWidth")
        if page.evaluate("document.scrollingElement.scrollWidth") > width:
            problems.append(f"{path}: scrolls sideways because of {page.evaluate(OVERFLOW)}")
        name = path.removeprefix("examples/").removesuffix(".html").replace("/", "-")
        screenshot(page, f"phone/{language}-{name}", full_page=True, scale="css")
        for number, figure in enumerate(page.evaluate(FIGURES), start=1):
            figures += 1
            if figure["width"] > width or figure["right"] > width:
                problems.append(f"{path}: figure {number} is wider than the screen: {figure}")
            if not figure["file"].endswith(("_2_00x.png", ".svg")):
                problems.append(f"{path}: figure {number} shows {figure['file']}, not 2x")
            image = page.locator("img.sphx-glr-single-img, img.sphx-glr-multi-img").nth(number - 1)
            image.scroll_into_view_if_needed()
            image.screenshot(path=SCREENSHOTS / "phone" / f"{language}-{name}-figure-{number}.png")
    STATS[f"figures seen on a phone ({language})"] = figures
    assert figures, "no figures on the example pages"
    assert not problems + tab.problems, "\n".join(problems + tab.problems)


#: The why-PyTorch comparison table: its box, and how far its content reaches.
TABLE = """() => {
  const table = document.querySelector("article table");
  const box = table.closest(".pst-scrollable-table-container") ?? table.parentElement;
  const cells = [...table.querySelectorAll("th, td")].map((c) => c.getBoundingClientRect().width);
  return {boxRight: box.getBoundingClientRect().right, boxWidth: box.clientWidth,
          contentWidth: box.scrollWidth, overflowX: getComputedStyle(box).overflowX,
          narrowestCell: Math.min(...cells)};
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_wide_table_scrolls_inside_its_box_on_a_phone(tabs, base, language):
    tab = tabs(viewport=PHONE, is_mobile=True, locale=LOCALES[language])
    page = tab.open(f"{base}{language}/why-pytorch.html")
    table = page.evaluate(TABLE)
    assert page.evaluate(OVERFLOW) == []
    assert table["boxRight"] <= PHONE["width"], table
    assert table["contentWidth"] > table["boxWidth"], f"the table does not need to scroll: {table}"
    assert table["overflowX"] in ("auto", "scroll"), table
    assert table["narrowestCell"] >= 100, f"a column is squeezed: {table}"
    page.locator("article table").first.scroll_into_view_if_needed()
    screenshot(page, f"phone/{language}-why-pytorch-table")
    tab.assert_clean()


#: What the browser makes of a Chinese page's type: the output label, the fonts, emphasis.
TYPE = """() => {
  const out = document.querySelector(".sphx-glr-script-out");
  const em = document.querySelector("article em");
  return {
    label: out ? getComputedStyle(out, "::before").content : null,
    font: getComputedStyle(document.querySelector("article p")).fontFamily,
    emphasis: em ? getComputedStyle(em).fontStyle : null,
  };
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_output_label_fonts_and_emphasis_suit_the_language(tabs, base, language):
    tab = tabs(locale=LOCALES[language])
    page = tab.open(f"{base}{language}/{deep_page()}")
    found = page.evaluate(TYPE)
    if language == "zh_CN":
        assert found["label"] == '"输出："', found
        assert "Noto Sans CJK SC" in found["font"], found
        assert found["emphasis"] == "normal", found  # no slanted (faux italic) Chinese
    else:
        assert found["label"] == '"Out:"', found
        assert "CJK" not in found["font"], found
    tab.assert_clean()


# -- Screenshots and accessibility ----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots(tabs, base, language):
    tab = tabs(locale=LOCALES[language])
    screenshot(tab.open(f"{base}{language}/index.html"), f"{language}-home", full_page=True)
    example = deep_page()
    name = example.rsplit("/", 1)[-1].removesuffix(".html")
    page = tab.open(f"{base}{language}/{example}")
    screenshot(page, f"{language}-{name}")
    figures = page.locator("img.sphx-glr-single-img, img.sphx-glr-multi-img")
    if figures.count():
        figures.last.scroll_into_view_if_needed()
        screenshot(page, f"{language}-{name}-figure")
    tab.assert_clean()


SERIOUS = ("serious", "critical")


def serious_violations(page, axe, name: str) -> list[str]:
    """Run axe-core on ``page``: its serious and critical violations (the rest are printed)."""
    for impact in ("critical", "serious", "moderate", "minor"):
        STATS.setdefault(f"axe violations: {impact}", 0)
    page.add_script_tag(path=str(axe))
    # target-size (WCAG 2.2: a tap target of at least 24 by 24 CSS pixels) explicitly on
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})"
    )
    problems = []
    for violation in result["violations"]:
        STATS[f"axe violations: {violation['impact']}"] += 1
        targets = [node["target"] for node in violation["nodes"]][:3]
        line = f"{name}: {violation['impact']} {violation['id']}: {violation['help']} {targets}"
        if violation["impact"] in SERIOUS:
            problems.append(line)
        else:
            print(line)
    STATS["pages checked with axe-core"] += 1
    return problems


#: Where axe looks, by screen: on a phone the theme shows the search button as an icon only,
#: and links must be large enough to tap.
AXE_SCREENS = {
    "desktop": ({}, ("index.html", "DEEP", "install.html")),
    "phone": ({"viewport": PHONE, "is_mobile": True, "has_touch": True},
              ("index.html", "DEEP", "search.html")),
}  # fmt: skip


@pytest.mark.parametrize("screen", AXE_SCREENS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_serious_accessibility_violations(tabs, base, node_tools, language, screen):
    axe = node_tools / "axe-core" / "axe.min.js"
    options, paths = AXE_SCREENS[screen]
    tab = tabs(locale=LOCALES[language], **options)
    problems = []
    for path in (deep_page() if path == "DEEP" else path for path in paths):
        page = tab.open(f"{base}{language}/{path}")
        problems += serious_violations(page, axe, f"{language}/{path} ({screen})")
    assert not problems, "\n".join(problems)
    tab.assert_clean()


@pytest.mark.parametrize(("missing", "language"), MISSING[:2])
def test_404_page_has_no_serious_accessibility_violations(
    tabs, base, node_tools, missing, language
):
    tab = tabs(locale=LOCALES[language])
    page = open_missing(tab, base, missing)
    problems = serious_violations(page, node_tools / "axe-core" / "axe.min.js", missing)
    assert not problems, "\n".join(problems)


# -- The digit demo (primer.sphinxext.demo, docs/_static/primer-demo.js) -------------------

DEMO_FILES = ("primer-demo.js", ".demo.json", ".demo.bin")
#: How close the browser's probabilities must come to those torch gave at build time.
TOLERANCE = 1e-4


def demo_pages(site, language: str) -> list[str]:
    return [page for page in site.pages(language) if site.soup(f"{language}/{page}").select(
        ".primer-demo")]  # fmt: skip


def open_demo(tab, base: str, language: str, page: str, seen: list[str]):
    """Open ``page``, record what it requests, then open its demo and wait until it is ready."""
    tab.page.on("request", lambda request: seen.append(urlsplit(request.url).path))
    page = tab.open(f"{base}{language}/{page}")
    before = [path for path in seen if path.endswith(DEMO_FILES)]
    page.locator(".primer-demo summary").click()
    page.wait_for_selector(".primer-demo[data-ready]", timeout=30_000)
    return page, before


#: What the demo may add to its page's HTML (the closed frame, its strings and the loader);
#: the script and the network (about 0.8 MB) come only when the reader opens it.
DEMO_FRAME_BYTES = 3000


def frame_bytes(soup) -> int:
    """The bytes of the demo's frame and of the loader script after it."""
    frame = soup.select_one(".primer-demo")
    return len(str(frame).encode()) + len(str(frame.find_next_sibling("script")).encode())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_gives_torchs_answers_loading_only_when_opened(
    tabs, base, site, node_tools, language
):
    """The network exported at build time, run in the page: for the twenty held-out digits
    the browser's ten probabilities are torch's (within TOLERANCE); nothing of the demo is
    requested before the reader opens it; the open demo has no serious axe violation."""
    pages = demo_pages(site, language)
    assert pages, f"no {language} page has a digit demo"
    for path in pages:
        added = frame_bytes(site.soup(f"{language}/{path}"))
        STATS[f"demo: bytes added to {language}/{path}"] = added
        assert added <= DEMO_FRAME_BYTES, f"{language}/{path}: the demo adds {added} bytes"
        tab, seen = tabs(locale=LOCALES[language]), []
        page, before = open_demo(tab, base, language, path, seen)
        assert not before, f"{language}/{path} loads the demo before it is opened: {before}"
        assert sum(path.endswith(DEMO_FILES) for path in seen) == len(DEMO_FILES), seen
        compared = page.evaluate(
            """async (url) => {
              const model = await primerDemo.loadModel(url);
              const found = model.digits.map((digit) => primerDemo.probabilities(model, digit));
              const gaps = found.flatMap((row, i) =>
                row.map((p, j) => Math.abs(p - model.probabilities[i][j])));
              const tensors = model.weights.flatMap((layer) => Object.values(layer));
              const bytes = tensors.reduce((total, tensor) => total + 4 * tensor.length, 0);
              return {count: found.length, gap: Math.max(...gaps), bytes};
            }""",
            page.locator(".primer-demo").get_attribute("data-model"),
        )
        STATS[f"demo: largest probability gap to torch, {language}/{path}"] = compared["gap"]
        STATS[f"demo: weight bytes, {path}"] = compared["bytes"]
        assert compared["count"] == 20, compared
        assert compared["gap"] < TOLERANCE, f"{language}/{path}: {compared}"
        problems = serious_violations(page, node_tools / "axe-core" / "axe.min.js", path)
        assert not problems, "\n".join(problems)
        tab.assert_clean()


def test_the_demo_prepares_a_drawing_as_mnist_prepared_its_digits(tabs, base, site):
    """The preprocessing alone: each held-out digit, enlarged 8 and 5 times and placed off
    centre on the 280×280 canvas, comes back as MNIST's own 28×28 image (the digits were
    fitted into 20×20 and centred by their mass, as the script does); a digit drawn at a
    scale that does not divide evenly still fits 20×20 with its mass at the centre."""
    tab = tabs()
    page, _ = open_demo(tab, base, "en", demo_pages(site, "en")[0], [])
    result = page.evaluate(
        """async (url) => {
          const model = await primerDemo.loadModel(url);
          const enlarged = (digit, factor, top, left) => {
            const ink = new Uint8ClampedArray(280 * 280);
            digit.forEach((level, i) => {
              for (let dy = 0; dy < factor; dy++) for (let dx = 0; dx < factor; dx++) {
                const [row, column] = [top + Math.floor(i / 28) * factor, left + (i % 28) * factor];
                ink[(row + dy) * 280 + column + dx] = level;
              }
            });
            return ink;
          };
          const gap = (a, b) => Math.max(...Array.from(a, (value, i) => Math.abs(value - b[i])));
          const geometry = (image) => {
            let [mass, x, y, rows, columns] = [0, 0, 0, new Set(), new Set()];
            image.forEach((value, i) => {
              mass += value; x += (i % 28) * value; y += Math.floor(i / 28) * value;
              if (value > 0) { rows.add(Math.floor(i / 28)); columns.add(i % 28); }
            });
            return {side: Math.max(rows.size, columns.size), x: x / mass, y: y / mass};
          };
          const exact = model.digits.flatMap((digit) => [
            gap(primerDemo.preprocess(enlarged(digit, 8, 40, 10), 280, 280), digit),
            gap(primerDemo.preprocess(enlarged(digit, 5, 120, 130), 280, 280), digit),
          ]);
          const uneven = model.digits.map((digit) =>
            geometry(primerDemo.preprocess(enlarged(digit, 7, 3, 50), 280, 280)));
          const empty = primerDemo.preprocess(new Uint8ClampedArray(280 * 280), 280, 280);
          return {exact: Math.max(...exact), uneven, empty};
        }""",
        page.locator(".primer-demo").get_attribute("data-model"),
    )
    assert result["exact"] < 1e-9, result["exact"]
    assert result["empty"] is None
    for geometry in result["uneven"]:
        assert geometry["side"] in (20, 21), geometry  # the box's edge may cover part of a pixel
        assert abs(geometry["x"] - 14) <= 0.5 and abs(geometry["y"] - 14) <= 0.5, geometry
    tab.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_reads_a_finger_and_a_keyboard(tabs, base, site, language):
    """On a phone, a digit drawn with a finger gets an answer and ten bars; from the keyboard
    alone, a held-out digit picked in the list gets its answer, in the page's language."""
    tab = tabs(locale=LOCALES[language], viewport=PHONE, has_touch=True, is_mobile=True)
    path = demo_pages(site, language)[0]
    page, _ = open_demo(tab, base, language, path, [])
    canvas = page.locator(".primer-demo-canvas")
    canvas.scroll_into_view_if_needed()
    status = page.locator(".primer-demo-status")
    ready = status.inner_text()
    box = canvas.bounding_box()
    stroke = [(0.3, 0.2), (0.7, 0.2), (0.6, 0.45), (0.5, 0.7), (0.45, 0.85)]  # a seven
    points = [
        {"x": box["x"] + box["width"] * x, "y": box["y"] + box["height"] * y} for x, y in stroke
    ]
    touch = page.context.new_cdp_session(page)  # a finger, as Chromium's touch input
    for kind, point in [("touchStart", points[0])] + [("touchMove", p) for p in points[1:]]:
        touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [point]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    assert status.inner_text() != ready, "drawing gave no answer"
    assert page.locator(".primer-demo-bars li").count() == 10
    page.locator(".primer-demo").screenshot(path=SCREENSHOTS / f"phone/{language}-digit-demo.png")
    STATS["screenshots saved (test-artifacts/screenshots)"] += 1
    picker = page.locator(".primer-demo-picker")
    picker.focus()
    page.keyboard.press("ArrowDown")
    label = picker.evaluate("select => select.selectedOptions[0].textContent")
    answer = status.inner_text()
    expected = {"en": "The network reads", "zh_CN": "网络认为是"}[language]
    assert answer.startswith(expected), answer
    assert label.endswith((")", "）")), label
    tab.assert_clean()


def test_the_demo_says_so_when_its_network_cannot_be_loaded(tabs, base, site):
    tab = tabs()
    tab.context.route("**/*.demo.bin", lambda route: route.fulfill(status=404, body=""))
    page = tab.open(f"{base}en/{demo_pages(site, 'en')[0]}")
    page.locator(".primer-demo summary").click()
    page.wait_for_selector(".primer-demo[data-state=failed]", timeout=30_000)
    strings = json.loads(page.locator(".primer-demo").get_attribute("data-strings"))
    assert page.locator(".primer-demo-status").inner_text() == strings["missing"]
    assert tab.problems and all(".demo.bin" in problem for problem in tab.problems), tab.problems
