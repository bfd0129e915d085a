"""The semantic layer's read-only HTTP API (FastAPI): `make api` serves it on 127.0.0.1."""
