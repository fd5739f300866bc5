"""What is not reported: inline, file and document suppression comments (and MKL007 for the
unused ones), and baselines of known findings with their line-independent fingerprints."""
