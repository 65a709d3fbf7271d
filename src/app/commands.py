"""The command palette's entries: every section and every action, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from postmortem.widgets.host import PaletteEntry, serves_postmortem


class PostmortemCommands(Provider):
    """The app's own entries (PostmortemHost.palette_entries), then the keys of whatever had
    the focus when the palette opened."""

    def entries(self) -> list[PaletteEntry]:
        app = self.app
        if not serves_postmortem(app):
            return []
        own = app.palette_entries()
        return own + self.focused_keys(skip={name for name, _, _ in own})

    def focused_keys(self, skip: set[str] | frozenset[str] = frozenset()) -> list[PaletteEntry]:
        """The keys of whatever had the focus when the palette opened (a table, a list, a
        dialog), so that every action the footer or F1 shows can also be found by name; less
        those named in skip, which the app's own entries offer already."""
        app = self.app
        entries: list[PaletteEntry] = []
        seen: set[tuple[int, str]] = set()
        for active in self.screen.active_bindings.values():
            node, binding = active.node, active.binding
            if node is app or not binding.description or not active.enabled:
                continue
            if (binding.tooltip or binding.description) in skip:
                continue
            if (id(node), binding.action) in seen:
                continue
            seen.add((id(node), binding.action))
            group = node.BINDING_GROUP_TITLE or type(node).__name__
            shown = binding.key.split(",")[0]  # the key that runs exactly this action
            run = partial(app.call_later, app.run_action, binding.action, node)
            entries.append((f"{binding.tooltip or binding.description} ({shown})", run,
                            f"{group}: press {shown}"))
        return entries

    async def discover(self) -> Hits:
        for name, action, help_text in self.entries():
            yield DiscoveryHit(name, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self.entries():
            score = matcher.match(name)
            if score > 0:
                # the section headings are what people type: rank "Go to ..." first
                boost = 1.0 if name.startswith("Go to ") else 0.0
                yield Hit(score + boost, matcher.highlight(name), action, help=help_text)
