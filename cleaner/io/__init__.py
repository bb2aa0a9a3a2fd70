"""Reading corpora as they come and writing publishable shards."""
