"""The offline network evaluator: describe-* JSON and flow logs in, a named cause per failure out."""
