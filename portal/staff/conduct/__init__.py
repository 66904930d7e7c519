"""Staff pages for the unacceptable-behaviour process: the conduct file and its steps."""
