"""sphinx-design's tabs, as valid HTML.

sphinx-design 0.8 points each tab's ``<label>`` at its panel with ``aria-controls``
(added by executablebooks/sphinx-design#283), an attribute HTML does not allow on a label
(W3C checker: "must not be used on any label element"). The label already names its radio
button (``for``), and the radio button is what a keyboard or a screen reader operates, so the
relation to the panel moves onto the radio button. Upstream: no sphinx-design issue about the
invalid attribute was found.
"""

from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design import tabs


class MoveTabControlsToInput(SphinxPostTransform):
    """Move each tab label's ``aria_controls`` onto the radio button the label is for."""

    default_priority = 201  # after sphinx-design's TabSetHtmlTransform (200) makes the labels
    formats = ("html",)

    def run(self, **kwargs) -> None:
        inputs = {node["id"]: node for node in self.document.findall(tabs.sd_tab_input)}
        for label in self.document.findall(tabs.sd_tab_label):
            controls = label.attributes.pop("aria_controls", None)
            if controls and label["input_id"] in inputs:
                inputs[label["input_id"]]["aria_controls"] = controls


def visit_tab_input(self, node) -> None:
    """sphinx-design's radio button, with the ``aria-controls`` its label had."""
    tabs.visit_tab_input(self, node)
    controls = node.get("aria_controls")
    if controls:
        tag = self.body[-1]
        self.body[-1] = tag.replace("<input ", f'<input aria-controls="{controls}" ', 1)


def setup(app):
    app.setup_extension("sphinx_design")
    app.add_post_transform(MoveTabControlsToInput)
    app.add_node(tabs.sd_tab_input, override=True, html=(visit_tab_input, tabs.depart_tab_input))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
