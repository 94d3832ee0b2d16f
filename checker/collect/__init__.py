"""`connfail collect`: the evidence folder, fetched read-only from AWS (boto3, the `aws` extra)."""
