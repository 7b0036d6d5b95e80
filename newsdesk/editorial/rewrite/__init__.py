"""Rewrites: what a model is asked (``prompt``), what counts as a usable reply (``parser``),
how failures are handled (``policy``: one repair, patient retries, the fallback), and the
one verdict over headline and body (``checks``: house style in ``headline``, then the
guard). ``written`` runs all of it in one call for the pipeline and ``newsdesk rewrite``.
"""
