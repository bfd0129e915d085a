"""DogDB's dashboard, the Streamlit entry point: `make dashboard`, or
`streamlit run dogdb_analytics/dashboard/app.py` with DOGDB_SNAPSHOT (or DOGDB_WAREHOUSE) set.

It reads only the published snapshot (see snapshot.py). Each page is a module of page_modules/ run by
st.navigation; its URL is the module's name (/billing, /customer_service, ...).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dogdb_analytics.dashboard.snapshot import published_at, snapshot_path

PAGES_DIR = Path(__file__).resolve().parent / "page_modules"

# (module in pages/, title, icon)
PAGES: tuple[tuple[str, str, str], ...] = (
    ("billing", "Billing", ":material/receipt_long:"),
    ("customer_service", "Customer service", ":material/support_agent:"),
    ("features", "Features", ":material/toggle_on:"),
    ("revenue", "Revenue", ":material/trending_up:"),
    ("data_quality", "Data quality", ":material/fact_check:"),
    ("forecast", "Forecast", ":material/query_stats:"),
)


def main() -> None:
    st.set_page_config(page_title="DogDB dashboard", page_icon=":material/database:", layout="wide")
    page = st.navigation(
        [
            st.Page(PAGES_DIR / f"{module}.py", title=title, icon=icon, url_path=module)
            for module, title, icon in PAGES
        ]
    )
    snapshot = snapshot_path()
    if not snapshot.is_file():
        st.error(
            f"No published snapshot at `{snapshot}`. Build and publish prod first: `make demo` "
            "(or `make run` on an existing build)."
        )
        st.stop()
    published = published_at(snapshot)
    when = f", published {published:%Y-%m-%d %H:%M} UTC" if published is not None else ""
    st.sidebar.caption(f"Data: `{snapshot.name}`{when}")
    page.run()


if __name__ == "__main__":  # Streamlit runs the entry point as __main__
    main()
