"""The dashboard pages (one module each, run by st.navigation) and their query modules."""
