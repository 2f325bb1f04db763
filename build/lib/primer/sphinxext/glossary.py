"""The glossary's Chinese terms stay out of the English site's index.

Each glossary entry names its term in English and in Chinese (``docs/glossary.md``), and
Sphinx indexes every name, so the English index listed 张量, 梯度 and the rest under
headings of Chinese characters. Outside the Chinese build, this transform drops the index
entries of Chinese names; the terms still show, and link, on the glossary page itself.
"""

import re

from sphinx import addnodes
from sphinx.transforms import SphinxTransform

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class IndexOnlyThisLanguage(SphinxTransform):
    default_priority = 840  # after the translations (20), before the domains collect (850)

    def apply(self, **kwargs) -> None:
        if (self.config.language or "en").startswith("zh"):
            return
        for node in list(self.document.findall(addnodes.index)):
            node["entries"] = [entry for entry in node["entries"] if not CJK.search(entry[1])]
            if not node["entries"]:
                node.parent.remove(node)


def setup(app):
    app.add_transform(IndexOnlyThisLanguage)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
