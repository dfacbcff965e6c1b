"""The load benchmark: simulated browser tabs speaking Reflex's own Socket.IO protocol to the
production build, against a bare Socket.IO echo server on the same transport (the ceiling).
`bench/bench_load.py` runs it; each module here has one job."""
