"""The course path, written once.

Each lesson describes itself in one place, a ``lesson`` directive at its top::

    .. lesson::
       :summary: What the lesson covers, in a sentence or two (its card on the home page).
       :reason: why to read it next, a clause that follows its title in the previous
          lesson's closing "Next" line.
       :search: queries that must find it; separated by semicolons
       :minutes: 25
       :level: beginner
       :budget: 5

       1. What the page's first figure shows (its alt text).
       2. What its second figure shows.

``summary``, ``reason``, ``search`` and the figures' sentences are text, extracted into the
page's catalog and translated there; ``minutes``, ``level`` and ``budget`` are numbers and a
word that the build writes out in the page's language. On the page the directive shows the
reading time and the level; the rest it keeps for the pages that list the course.

The order of the course is the home page's: each ``lessons`` directive there lists pages, or
a gallery folder's index, which stands for its examples in the gallery's own order; the
numbers run on from one directive to the next. From that order and the lessons' fields the
build writes, in every language:

* the home page's cards, numbered 1…N (the number is text of the card's title);
* each lesson's closing **Next** line (before the gallery's download buttons);
* ``course.json`` at the root of the language's site: the path with each lesson's fields,
  which the tests (search expectations) and the benchmarks (the budget table) read;
* with ``primer.sphinxext.figures``, each figure's alt text;
* an index entry for each query of ``search`` (the site's search ranks those like headings).

A page changes when a neighbour's title or fields do: the build writes it again then (a
change to a field that it does not show may write it too), so a rebuild with nothing changed
writes no page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective

from primer.sphinxext.gallery import space_after
from primer.sphinxext.ui_catalog import keep_in_ui_catalog

LEVELS = ("beginner", "intermediate", "advanced")
#: Fields that are text, translated through the page's catalog.
TEXT_FIELDS = ("summary", "reason", "search")
#: Words the build writes; translated in the UI catalog (``sphinx.po``).
TIME_LABEL, TIME = "Time:", "about {minutes} minutes."
LEVEL_LABEL, LEVEL = "Level:", "{level}."
#: A card's last line.
CARD_META = "About {minutes} minutes · level: {level}"
NEXT_LABEL = "Next:"
#: Between the next lesson's title and its reason.
NEXT_JOINER = ", "
LAST = "this is the last lesson. Back to the {home}."
HOME = "home page"
UI_MESSAGES = (TIME_LABEL, TIME, LEVEL_LABEL, LEVEL, *LEVELS, CARD_META)
UI_MESSAGES += (NEXT_LABEL, NEXT_JOINER, LAST, HOME)
#: What the pages showed of their neighbours after the last build (beside the doctrees).
SHOWN = "primer-course-shown.json"
#: Queries in the ``search`` field are separated by semicolons (full-width ones in Chinese).
QUERY_SEPARATOR = re.compile(r"\s*[;；]\s*")


class lesson_fields(nodes.General, nodes.Element):
    """The fields of a lesson, read from its page and taken out of it (``collect_lesson``)."""


class lesson_cards(nodes.General, nodes.Element):
    """Where the home page lists lessons; replaced by their cards (``WriteCourse``)."""


def label_and_text(label: str, text: str) -> list[nodes.Node]:
    """``label`` in bold, then ``text``: a space after a Latin colon, none after a full-width
    one."""
    label = str(_(label))
    return [nodes.strong(label, label), nodes.Text(space_after(label) + str(text))]


def time_and_level(minutes: int, level: str) -> list[tuple[str, str]]:
    """The lines a lesson shows under its opening, as (label, text) in this language."""
    return [
        (TIME_LABEL, str(_(TIME)).format(minutes=minutes)),
        (LEVEL_LABEL, str(_(LEVEL)).format(level=_(level))),
    ]


def rest_label(label: str) -> str:
    """``label`` in this language as bold reST, ready for the text that follows it."""
    label = str(_(label))
    return f"**{label}**" + (space_after(label) or "\\ ")


def lesson_lines(options: dict[str, str]) -> list[str]:
    """The lesson's reading time and level as reST lines in this language (its downloads)."""
    return [
        rest_label(label) + text
        for label, text in time_and_level(int(options["minutes"]), options["level"])
    ]


def card_meta(lesson: dict) -> str:
    return str(_(CARD_META)).format(minutes=lesson["minutes"], level=_(lesson["level"]))


class LessonDirective(SphinxDirective):
    """``.. lesson::`` with every field as an option (see the module's docstring), and as
    its content, when the lesson draws figures, a numbered list saying what each shows."""

    has_content = True

    option_spec = {
        "summary": directives.unchanged_required,
        "reason": directives.unchanged_required,
        "search": directives.unchanged_required,
        "minutes": directives.positive_int,
        "level": lambda value: directives.choice(value, LEVELS),
        "budget": directives.positive_int,
    }

    def run(self) -> list[nodes.Node]:
        missing = [name for name in self.option_spec if name not in self.options]
        if missing:
            fields = ", ".join(f":{name}:" for name in missing)
            raise self.error(
                f"{source_file(self.env, self.env.docname)}: the lesson directive lacks {fields} "
                "(CONTRIBUTING.md, 'Add a lesson', shows every field)"
            )
        fields = lesson_fields(
            minutes=self.options["minutes"],
            level=self.options["level"],
            budget=self.options["budget"],
            english={name: " ".join(self.options[name].split()) for name in TEXT_FIELDS},
        )
        messages = []
        for name in TEXT_FIELDS:
            paragraph, problems = self.translatable_paragraph(name)
            fields += paragraph
            messages += problems
        if self.content:
            figures = nodes.container(field="figures")
            self.state.nested_parse(self.content, self.content_offset, figures)
            if [type(child) for child in figures.children] != [nodes.enumerated_list]:
                raise self.error(
                    f"{source_file(self.env, self.env.docname)}: the lesson directive's "
                    "content is a numbered list that says what each figure shows"
                )
            fields += figures
        shown = [
            nodes.paragraph("", "", *label_and_text(label, text), translatable=False)
            for label, text in time_and_level(self.options["minutes"], self.options["level"])
        ]  # written in each language by the build, from the UI catalog
        return [*shown, fields, *messages]

    def translatable_paragraph(self, name: str) -> tuple[nodes.paragraph, list[nodes.Node]]:
        """The field as a paragraph with a source line, which the page's catalog extracts and
        the build translates, as it does the page's own paragraphs; and the problems its
        inline markup has."""
        text = " ".join(self.options[name].split())
        inline, messages = self.parse_inline(text, lineno=self.lineno)
        paragraph = nodes.paragraph(text, "", *inline, field=name)
        paragraph.source, paragraph.line = self.get_source_info()
        return paragraph, messages


class LessonsDirective(SphinxDirective):
    """``lessons`` on the home page: the pages it names, in order, become numbered cards. A
    gallery folder's index (``examples/01-fundamentals/index``) stands for its examples."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        names = self.arguments[0].split()
        return [lesson_cards(entries=[docname_join(self.env.docname, name) for name in names])]


# -- Reading: each page's fields and the home page's lists -----------------------------------


class IndexLessonQueries(SphinxTransform):
    """Each query of a lesson's ``search`` field, translated, becomes an index entry that
    points at the lesson, as a book's index names the page that explains a topic. The site's
    search ranks an index entry just below a title or heading (``_static/primer-search.js``),
    so a lesson comes before pages that only mention its topic."""

    default_priority = 500  # after the Locale transform (20); before the domains collect (850)

    def apply(self, **kwargs) -> None:
        for fields in list(self.document.findall(lesson_fields)):
            search = next(child for child in fields.children if child.get("field") == "search")
            section = fields.parent if isinstance(fields.parent, nodes.section) else None
            if section is None or not section["ids"]:
                continue  # outside the page's sections: nothing to point at
            # At the page's top section, whose text the search shows under the result; in the
            # general index, under the query, the lesson's title.
            title = section.next_node(nodes.title).astext()
            entries = [
                ("single", f"{query}; {title}", section["ids"][0], "", None)
                for query in queries(search)
            ]
            fields.parent.insert(fields.parent.index(fields), addnodes.index(entries=entries))


def course_data(env) -> dict:
    if not hasattr(env, "primer_course"):
        env.primer_course = {"lessons": {}, "lists": {}}
    return env.primer_course


def collect_lesson(app, doctree) -> None:
    """Take each lesson's fields out of its page into the environment, translated."""
    data = course_data(app.env)
    docname = app.env.docname
    found = list(doctree.findall(lesson_fields))
    if len(found) > 1:
        raise ExtensionError(f"{source_file(app.env, docname)}: more than one lesson directive")
    for node in found:
        paragraphs = {paragraph["field"]: paragraph for paragraph in node.children}
        data["lessons"][docname] = {
            "minutes": node["minutes"],
            "level": node["level"],
            "budget": node["budget"],
            "english": node["english"],
            "summary": [child.deepcopy() for child in paragraphs["summary"].children],
            "reason": [child.deepcopy() for child in paragraphs["reason"].children],
            "search": queries(paragraphs["search"]),
            "figures": [
                " ".join(item.astext().split())
                for item in paragraphs.get("figures", nodes.container()).findall(nodes.list_item)
            ],
        }
        if app.builder.name != "gettext":  # which extracts the fields from the page
            node.parent.remove(node)
    lists = [card_list["entries"] for card_list in doctree.findall(lesson_cards)]
    if lists:
        data["lists"][docname] = lists


def queries(search: nodes.paragraph) -> list[str]:
    """The queries of a ``search`` field, in the page's language."""
    return [query for query in QUERY_SEPARATOR.split(search.astext()) if query]


def purge(app, env, docname: str) -> None:
    data = course_data(env)
    data["lessons"].pop(docname, None)
    data["lists"].pop(docname, None)


def merge(app, env, docnames, other) -> None:
    data, theirs = course_data(env), course_data(other)
    for key in ("lessons", "lists"):
        data[key].update({name: value for name, value in theirs[key].items() if name in docnames})


def plain_text(inline: list[nodes.Node]) -> str:
    return "".join(node.astext() for node in inline)


# -- The course's order ------------------------------------------------------------------------


def expand(env, entry: str) -> list[str]:
    """A page, or a gallery folder's index as the examples it lists, in its order."""
    if (
        entry.endswith("/index")
        and entry in env.toctree_includes
        and entry.startswith(gallery_dir(env))
    ):
        return list(env.toctree_includes[entry])
    return [entry]


def gallery_dir(env) -> str:
    return env.config.sphinx_gallery_conf["gallery_dirs"] + "/"


def course_order(env) -> tuple[str, list[str]] | None:
    """``(home page, path)``: the lessons in the order the home page lists them; None on a
    site whose pages list no lessons."""
    lists = course_data(env)["lists"]
    if not lists:
        return None
    if len(lists) > 1:
        raise ExtensionError(f"lessons are listed on more than one page: {sorted(lists)}")
    home, groups = next(iter(lists.items()))
    return home, [docname for group in groups for entry in group for docname in expand(env, entry)]


def check_course(app, env) -> None:
    """Every listed page is a lesson, and every lesson is listed once."""
    order = course_order(env)
    if not order:
        return
    home, path = order
    lessons = course_data(env)["lessons"]
    problems = [
        f"{source_file(env, home)} lists {name!r}, which is not a page"
        for name in path
        if name not in env.found_docs
    ]
    problems += [
        f"{source_file(env, name)} has no lesson directive"
        for name in path
        if name in env.found_docs and name not in lessons
    ]
    problems += [f"{name} is listed more than once" for name in set(path) if path.count(name) > 1]
    problems += [
        f"{source_file(env, name)} is a lesson that the home page ({source_file(env, home)}) does "
        "not list" for name in lessons if name not in path
    ]  # fmt: skip
    if problems:
        raise ExtensionError("The course path is not one list:\n" + "\n".join(problems))


def source_file(env, docname: str) -> str:
    """The file a contributor edits for ``docname``: a gallery script, or the page."""
    if docname.startswith(gallery_dir(env)):
        gallery = Path(env.srcdir, env.config.sphinx_gallery_conf["examples_dirs"]).resolve()
        relative = docname.removeprefix(gallery_dir(env))
        return str(gallery.relative_to(Path(env.srcdir).parent) / f"{relative}.py")
    return str(env.doc2path(docname).relative_to(Path(env.srcdir).parent))


# -- Writing: what a page shows depends on its neighbours ---------------------------------------


def shown_on(env) -> dict[str, str]:
    """For each page that shows generated course content, a text of everything it shows:
    when it differs from the last build's, the page is written again."""
    order = course_order(env)
    if not order:
        return {}
    home, path = order
    lessons = course_data(env)["lessons"]

    def described(name: str) -> list:
        lesson = lessons.get(name, {})
        title = env.titles[name].astext() if name in env.titles else ""
        fields = [lesson.get(key) for key in ("minutes", "level")]
        # The fields as nodes, markup and link targets included, not only their text.
        text = ["".join(map(str, lesson.get(key, []))) for key in ("summary", "reason")]
        return [name, title, *fields, *text]

    shown = {home: json.dumps([described(name) for name in path])}
    for position, name in enumerate(path):
        following = path[position + 1] if position + 1 < len(path) else None
        shown[name] = json.dumps(described(following) if following else home)
    return shown


def pages_to_write(app, env) -> list[str]:
    """The pages whose generated course content changed since the last build that wrote
    its pages (``record_shown`` keeps what they showed once the build succeeded)."""
    check_course(app, env)
    before = shown_record(app)
    now = shown_on(env)
    return [name for name, text in now.items() if before.get(name) != text and name in env.all_docs]


def shown_record(app) -> dict[str, str]:
    try:
        return json.loads((Path(app.doctreedir) / SHOWN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def record_shown(app, exception) -> None:
    """After a build that succeeded, what its pages show; a failed build records nothing,
    so the next build writes the pages it was due to write."""
    if exception is None and app.builder.format == "html":
        now = shown_on(app.env)
        if now != shown_record(app):
            (Path(app.doctreedir) / SHOWN).write_text(json.dumps(now), encoding="utf-8")


class WriteCourse(SphinxPostTransform):
    """The home page's cards and each lesson's Next line. It runs before cross-references
    are resolved, so that a glossary term in a summary or a reason links from this page."""

    default_priority = 5  # before ReferencesResolver (10)

    def run(self, **kwargs) -> None:
        order = course_order(self.env)
        if not order:
            return
        home, path = order
        docname = self.env.docname
        for cards in list(self.document.findall(lesson_cards)):
            cards.replace_self(card_list(self.app, docname, path, cards["entries"]))
        if docname in path:
            add_next_line(self.app, self.document, docname)


def card_list(app, docname: str, path: list[str], entries: list[str]) -> nodes.enumerated_list:
    """The cards of the lessons that ``entries`` stand for, numbered by their place in the
    path."""
    env = app.env
    names = [name for entry in entries for name in expand(env, entry)]
    first = path.index(names[0]) + 1 if names else 1
    cards = nodes.enumerated_list(enumtype="arabic", start=first, classes=["primer-lessons"])
    for name in names:
        lesson = course_data(env)["lessons"][name]
        number = path.index(name) + 1
        title = env.titles[name].astext()
        link = nodes.reference(
            "", "", nodes.Text(title), refuri=app.builder.get_relative_uri(docname, name),
            internal=True, classes=["primer-lesson-link"]
        )  # fmt: skip
        heading = nodes.paragraph(
            "", "", nodes.inline("", f"{number} · ", classes=["primer-lesson-number"]), link,
            classes=["primer-lesson-title"],
        )  # fmt: skip
        summary = nodes.paragraph("", "", *[child.deepcopy() for child in lesson["summary"]])
        meta = nodes.paragraph("", card_meta(lesson), classes=["primer-lesson-meta"])
        cards += nodes.list_item("", heading, summary, meta, classes=["primer-lesson"])
    return cards


def next_lesson(env, docname: str) -> tuple[str | None, str | None]:
    """``(the lesson after docname, the home page)``; the lesson is None after the last one,
    and both are None for a page that is not on the course."""
    order = course_order(env)
    if not order or docname not in order[1]:
        return None, None
    home, path = order
    position = path.index(docname)
    return (path[position + 1] if position + 1 < len(path) else None), home


def next_line(app, docname: str) -> nodes.paragraph:
    env = app.env
    following, home = next_lesson(env, docname)
    line = nodes.paragraph("", "", classes=["primer-next"])
    if following is None:
        link = nodes.reference(
            "", str(_(HOME)), refuri=app.builder.get_relative_uri(docname, home), internal=True
        )
        before, _marker, after = str(_(LAST)).partition("{home}")
        line += label_and_text(NEXT_LABEL, before)
        line += [link, nodes.Text(after)]
        return line
    title = env.titles[following].astext()
    link = nodes.reference(
        "", title, refuri=app.builder.get_relative_uri(docname, following), internal=True
    )
    reason = [child.deepcopy() for child in course_data(env)["lessons"][following]["reason"]]
    line += label_and_text(NEXT_LABEL, "")
    line += [link, nodes.Text(str(_(NEXT_JOINER))), *reason]
    return line


def add_next_line(app, doctree, docname: str) -> None:
    """The Next line closes the lesson's text: before the gallery's run time and download
    buttons on an example, at the end of the page otherwise."""
    line = next_line(app, docname)
    for node in doctree.findall(nodes.Element):
        if "sphx-glr-timing" in node.get("classes", ()):
            node.parent.insert(node.parent.index(node), line)
            return
    sections = list(doctree.findall(nodes.section))
    (sections[0] if sections else doctree).append(line)


def write_course_json(app, exception) -> None:
    """``course.json``: the path, with each lesson's fields in this language."""
    if exception is not None or app.builder.format != "html":
        return
    order = course_order(app.env)
    if not order:
        return
    home, path = order
    lessons = course_data(app.env)["lessons"]
    record = [
        {
            "number": number,
            "page": app.builder.get_target_uri(name),
            "source": source_file(app.env, name),
            "title": app.env.titles[name].astext(),
            "summary": plain_text(lessons[name]["summary"]),
            "reason": plain_text(lessons[name]["reason"]),
            "search": lessons[name]["search"],
            "minutes": lessons[name]["minutes"],
            "level": lessons[name]["level"],
            "budget_s": lessons[name]["budget"],
            "figures": lessons[name]["figures"],
        }
        for number, name in enumerate(path, start=1)
    ]
    text = json.dumps(
        {"home": app.builder.get_target_uri(home), "lessons": record}, ensure_ascii=False, indent=1
    )
    target = Path(app.outdir) / "course.json"
    if not target.is_file() or target.read_text(encoding="utf-8") != text + "\n":
        target.write_text(text + "\n", encoding="utf-8")


def setup(app):
    app.add_node(lesson_fields)
    app.add_node(lesson_cards)
    app.add_directive("lesson", LessonDirective)
    app.add_directive("lessons", LessonsDirective)
    app.connect("builder-inited", lambda app: keep_in_ui_catalog(app, UI_MESSAGES))
    app.connect("doctree-read", collect_lesson)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-updated", pages_to_write)
    app.add_transform(IndexLessonQueries)
    app.add_post_transform(WriteCourse)
    app.connect("build-finished", write_course_json)
    app.connect("build-finished", record_shown)
    # env_version: raise it when the fields kept in the environment change, so that an old
    # environment is read afresh.
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 6}
