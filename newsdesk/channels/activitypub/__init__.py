"""The site on the fediverse: an ActivityPub publisher Mastodon users can follow.

Discovery (``discovery``), the actors (``actors``, ``keys``), their JSON documents and
inboxes (``views``, ``inbox``, ``remote``, ``signatures``), and the articles sent to
followers as the publication event fires (``receivers`` → ``announce`` → ``delivery``).
"""
