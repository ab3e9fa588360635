#!/bin/sh
# Run the compiled server (app/build.mjs wrote it; default dist/, or the folder given) with plain
# Node, in this process: `exec`, so signals reach the server and its pid is this script's.
# `npm start` builds, then runs this; the crash tests and the load bench start servers with it too.
set -e
root="$(cd "$(dirname "$0")/.." && pwd)"
built="${1:-$root/dist}"
# glibc's malloc gives each thread that allocates an arena of its own (up to 8 per core) and keeps
# what each frees. The server runs a dozen threads (HTTP, the database, the embedding model,
# libuv's pool, LanceDB's runtime, V8's helpers): with two arenas it held about 40 MB less at rest
# and about 90 MB less after a first start, for about 5% more CPU per chat message under load
# (eval/HISTORY.md). Memory is what a small host runs out of first. An operator's own setting
# wins (MALLOC_ARENA_MAX=16: glibc's default on 2 cores).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec node "$built/app/main.js"
