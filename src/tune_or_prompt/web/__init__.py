"""``tune-or-prompt serve``: the questionnaire in a browser, over the same pipeline as ``advise``.

A thin layer: the form is built from the question specifications
(:mod:`tune_or_prompt.questionnaire`), answers are checked by the same specs,
the preview runs the pipeline's pricing and rules stage, and the memo and its
downloads are rendered by :mod:`tune_or_prompt.memo` from the same answers file
``advise --answers`` reads. Nothing here decides or prices anything.

* :mod:`.setup` - what the server loads once at start (rules, templates, answers).
* :mod:`.form` - question specs to form fields, submitted text to checked answers.
* :mod:`.preview` - the live preview's figures, as plain data.
* :mod:`.downloads` - the answers file and memos a user downloads.
* :mod:`.guard` - the token, host, origin, size and rate checks every request passes.
* :mod:`.app` - the Starlette application that wires them to URLs.
"""
