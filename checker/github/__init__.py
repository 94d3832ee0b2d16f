"""The GitHub Action: runner context, artifacts, PR comment, check run, summary."""
