#!/usr/bin/env bash
# A nightly backup of the database: pg_dump in custom format (compressed; pg_restore can restore all
# of it or single tables), written under a temporary name and renamed when complete, then dumps
# older than KEEP_DAYS removed. docs/OPERATIONS.md has the schedule and the restore.
#
#   deploy/backup.sh [DATABASE_URL] [DIR]     defaults: $REFLEX_DB_URL, ./backups; KEEP_DAYS=14
#
# With the Compose deployment (the postgres container mounts deploy/backups at /backups), from cron:
#   15 3 * * *  cd <checkout> && docker compose -f deploy/compose.yaml --env-file deploy/hub.env exec -T postgres bash -s -- postgresql://hub@localhost/hub /backups < deploy/backup.sh
set -euo pipefail
url=${1:-${REFLEX_DB_URL:?give a DATABASE_URL or set REFLEX_DB_URL}}
url=${url/postgresql+psycopg:/postgresql:}
dir=${2:-backups}
keep_days=${KEEP_DAYS:-14}
mkdir -p "$dir"
name="hub-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --file="$dir/.$name.partial" "$url"
mv "$dir/.$name.partial" "$dir/$name"
find "$dir" -maxdepth 1 -name 'hub-*.dump' -mtime +"$keep_days" -delete
echo "backup: $dir/$name ($(du -h "$dir/$name" | cut -f1)); dumps older than $keep_days days removed"
