"""ContactUserAgent add-on: folds ARCHIVER_CONTACT into the User-Agent, so sites can reach us."""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings


class ContactUserAgent:
    """Appends ``ARCHIVER_CONTACT`` (an e-mail address or URL) to ``USER_AGENT``.

    "news-archiver/0.1 (archiving for research)" becomes
    "news-archiver/0.1 (archiving for research; contact: jane@example.org)".
    A ``USER_AGENT`` set on the command line or by a spider is left as it is.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        contact = (settings.get("ARCHIVER_CONTACT") or "").strip()
        project = SETTINGS_PRIORITIES["project"]
        if not contact or (settings.getpriority("USER_AGENT") or 0) > project:
            return
        agent = settings.get("USER_AGENT")
        if agent.endswith(")"):
            agent = f"{agent[:-1]}; contact: {contact})"
        else:
            agent = f"{agent} (contact: {contact})"
        # At project priority: the "addon" priority is below the project's own USER_AGENT.
        settings.set("USER_AGENT", agent, priority="project")
