"""The Streamlit dashboard on the published snapshot: `make dashboard` (app.py is the entry point).

queries.py holds every SQL query; page_modules/ has one module per page (not `pages/`, which
Streamlit would also pick up as an old-style multipage app); nothing here opens the
warehouse itself.
"""
