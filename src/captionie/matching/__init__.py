"""Finding names and shapes in text: gazetteers through spaCy's PhraseMatcher (``gazetteer``),
named regex rules (``regex_rules``) and NASA image-id shapes (``image_id_shapes``)."""
