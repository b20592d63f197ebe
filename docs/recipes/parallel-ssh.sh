#!/bin/sh
# Build one letter library from an archive across hosts with GNU parallel (--sshlogin): each host
# checks shares of the files (imr-check --shard) into a library of its own on a folder every host
# sees, then one merge. Tested by test/distributed/engines.test.ts against one run over the archive.
#
#   ARCHIVE  the archive's folder, at the same path on every host (e.g. an NFS mount)
#   OUT      a folder every host can write, for the shard libraries
#   SHARDS   how many shares (more than hosts × jobs keeps every host busy to the end)
#   HOSTS    GNU parallel's --sshlogin list, e.g. "8/qa1,8/qa2" (8 jobs on each)
#   NODE     Node.js 22.13 or later, by its path on the hosts: commands over ssh get a plain PATH
#   CLI      imr-check's dist/cli.js, by its path on the hosts
set -eu
: "${ARCHIVE:?}" "${OUT:?}" "${SHARDS:=16}" "${HOSTS:?}" "${NODE:?}" "${CLI:?}"
seq 1 "$SHARDS" | parallel --sshlogin "$HOSTS" --halt now,fail=1 \
  "'$NODE' '$CLI' --jobs 1 --shard {}/$SHARDS --library '$OUT/shard-{}.sqlite' --format ndjson '$ARCHIVE' > /dev/null; test \$? -le 1"
"$NODE" "$CLI" merge "$OUT/library.sqlite" "$OUT"/shard-*.sqlite
