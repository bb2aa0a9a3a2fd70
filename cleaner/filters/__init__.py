"""Document-level quality filters: which cleaned documents are not worth training on.

``table.py`` is the filters as data (it imports nothing, so the configuration reads it cheaply),
``measures.py`` what each measures, ``spam.py`` the spam lexicon, and ``check.py`` applies the
configured filters to a text.
"""
