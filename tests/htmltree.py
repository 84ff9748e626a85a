"""HTML compared by structure, not by bytes: elements, their attributes and their text, with
the whitespace that HTML does not show (between blocks, runs of spaces outside <pre>)
left out. `outline` gives an indented text that pytest can diff line by line."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}
BLOCK = {"address", "article", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "h1", "h2",
         "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
         "th", "thead", "tr", "ul"}
_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML's whitespace: a no-break space is text
_WHITE = " \t\n\r\f"


class _Builder(HTMLParser):
    def __init__(self, keep):
        super().__init__(convert_charrefs=True)
        self.keep = keep
        self.root: list = ["#", (), []]
        self.stack = [self.root]
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        kept = tuple(sorted((name, value or "") for name, value in attrs if self.keep is None or name in self.keep))
        node = [tag, kept, []]
        self.stack[-1][2].append(node)
        if tag not in VOID:
            self.stack.append(node)
            self.pre += tag == "pre"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                self.pre -= sum(1 for node in self.stack[index:] if node[0] == "pre")
                del self.stack[index:]
                return

    def handle_data(self, data):
        children = self.stack[-1][2]
        if not self.pre:
            data = _SPACES.sub(" ", data)
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def _tidy(node, in_pre=False) -> tuple:
    tag, attrs, children = node
    in_pre = in_pre or tag == "pre"
    out = []
    for index, child in enumerate(children):
        if isinstance(child, str):
            if not in_pre:
                before = children[index - 1] if index else None
                after = children[index + 1] if index + 1 < len(children) else None
                if before is None or (isinstance(before, list) and before[0] in BLOCK) or tag in BLOCK and index == 0:
                    child = child.lstrip(_WHITE)
                if after is None or (isinstance(after, list) and after[0] in BLOCK):
                    child = child.rstrip(_WHITE)
                if before is not None and isinstance(before, list) and before[0] == "br":
                    child = child.lstrip(_WHITE)
            if child:
                out.append(child)
        else:
            out.append(_tidy(child, in_pre))
    return (tag, attrs, tuple(out))


def tree(markup: str, keep: set[str] | None = None) -> tuple:
    """The structure of `markup`: (tag, sorted attributes, children) from a root "#".
    `keep`: the attribute names compared (None: all)."""
    builder = _Builder(keep)
    builder.feed(markup)
    builder.close()
    return _tidy(builder.root)


def outline(node, depth: int = 0) -> str:
    """An indented rendering of a tree, one element or text per line."""
    tag, attrs, children = node
    pad = "  " * depth
    lines = [pad + "<" + " ".join([tag] + [f'{k}="{v}"' for k, v in attrs]) + ">"]
    for child in children:
        lines.append(outline(child, depth + 1) if isinstance(child, tuple) else pad + "  " + repr(child))
    return "\n".join(lines)
