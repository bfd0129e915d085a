"""DogDB analytics foundation: the Python around the SQLMesh project."""
