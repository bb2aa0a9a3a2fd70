"""Everything that writes or reads an output folder once the shards exist: the file names
(``names``), the dataset card, the terminal summary, the HTML report, verify and publish."""
