"""Input and output: reading every input form (``readers``), one record as one JSON line
(``json_lines``) and output files that survive an interruption (``resumable``)."""
