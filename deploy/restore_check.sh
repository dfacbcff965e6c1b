#!/usr/bin/env bash
# Proves that a backup of the database restores: dumps it (pg_dump, custom format, as backup.sh
# does), restores the dump into a scratch database on the same server, and compares the exact row
# count of every table with the source's, counted in the very snapshot the dump was taken from (so
# the check holds while the app keeps writing). Drops the scratch database whatever happens.
#
#   deploy/restore_check.sh [DATABASE_URL]            default: $REFLEX_DB_URL
#   deploy/restore_check.sh --keep DIR [DATABASE_URL] also keep the checked dump in DIR
#
# DATABASE_URL is postgresql://user[:password]@host[:port]/dbname; the user must be allowed to
# CREATE DATABASE. Needs psql, pg_dump and pg_restore (same major version as the server, or newer).
# With the Compose deployment:
#   docker compose -f deploy/compose.yaml --env-file deploy/hub.env exec -T postgres \
#       bash -s -- postgresql://hub@localhost/hub < deploy/restore_check.sh
# Exit status 0 and "restore check: PASSED" only when every table has the same rows.
set -euo pipefail

keep_dir=""
if [ "${1:-}" = "--keep" ]; then
  keep_dir=${2:?--keep needs a directory}
  shift 2
fi
url=${1:-${REFLEX_DB_URL:-}}
[ -n "$url" ] || { echo "usage: $0 [--keep DIR] postgresql://user@host:port/dbname" >&2; exit 2; }
url=${url/postgresql+psycopg:/postgresql:}   # the app's SQLAlchemy spelling, for libpq
case "$url" in postgresql://*|postgres://*) ;; *) echo "restore check: not a PostgreSQL URL: ${url%%:*}" >&2; exit 2 ;; esac

# The scratch database sits beside the source: same URL, another database name.
base=${url%%\?*}
query=""
[ "$base" != "$url" ] && query="?${url#*\?}"
source_db=${base##*/}
scratch_db="hub_restore_check_$(date +%s)_$$"
scratch_url="${base%/*}/${scratch_db}${query}"
work=$(mktemp -d)
dump="$work/${source_db}.dump"

cleanup() {
  psql "$url" -XAtq -c "DROP DATABASE IF EXISTS \"$scratch_db\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# Exact row counts of every table, one "schema.table|count" line each, in name order.
count_sql="SELECT table_schema || '.' || table_name || '|' ||
  (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),
                                       false, true, '')))[1]::text
FROM information_schema.tables
WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
ORDER BY table_schema, table_name;"

# 1. Hold one repeatable-read transaction on the source: count in it, and let pg_dump take the same
#    snapshot (pg_export_snapshot), so the counts describe exactly what the dump holds.
coproc SRC { psql "$url" -XAtq --set ON_ERROR_STOP=1 2>&1; }
echo "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot();" >&"${SRC[1]}"
read -r snapshot <&"${SRC[0]}"
case "$snapshot" in *-*) ;; *) echo "restore check: could not open the source ($snapshot)" >&2; exit 1 ;; esac
printf '%s\n\\echo __counted__\n' "$count_sql" >&"${SRC[1]}"
: >"$work/source.counts"
while read -r line <&"${SRC[0]}"; do
  [ "$line" = "__counted__" ] && break
  echo "$line" >>"$work/source.counts"
done
pg_dump --format=custom --snapshot="$snapshot" --file="$dump" "$url"
echo "COMMIT;" >&"${SRC[1]}"
exec {SRC[1]}>&-
wait "$SRC_PID" 2>/dev/null || true

# 2. Restore into the scratch database, stopping at the first error.
psql "$url" -XAtq --set ON_ERROR_STOP=1 -c "CREATE DATABASE \"$scratch_db\"" >/dev/null
pg_restore --exit-on-error --no-owner --no-privileges --dbname="$scratch_url" "$dump"

# 3. Compare.
psql "$scratch_url" -XAtq --set ON_ERROR_STOP=1 -c "$count_sql" >"$work/restored.counts"
tables=$(wc -l <"$work/source.counts")
rows=$(awk -F'|' '{ s += $2 } END { print s + 0 }' "$work/source.counts")
size=$(du -h "$dump" | cut -f1)
if [ "$tables" -gt 0 ] && diff -u "$work/source.counts" "$work/restored.counts" >"$work/diff"; then
  if [ -n "$keep_dir" ]; then
    mkdir -p "$keep_dir"
    cp "$dump" "$keep_dir/${source_db}-$(date -u +%Y%m%dT%H%M%SZ).dump"
  fi
  echo "restore check: PASSED — $tables tables, $rows rows, the same in the restored copy (dump $size)"
  exit 0
fi
echo "restore check: FAILED — the restored copy differs (source vs restored):" >&2
cat "$work/diff" >&2
exit 1
