"""JSON Schemas shipped with the package (the season file's is also in docs/)."""
