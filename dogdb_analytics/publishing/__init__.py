"""Publishing prod: the read-only snapshot readers open, the audit results, the copy for sqlmesh ui."""
