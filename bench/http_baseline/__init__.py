"""The minimal endpoints `bench/http.py` measures gigkit against (see there)."""
