# Build one letter library from an archive on a Dask cluster: each task checks one share of the
# files (imr-check --shard) into a library of its own, then one merge. Tested by
# test/distributed/engines.test.ts with a LocalCluster of worker processes against one run.
#
#   python3 dask-shards.py NODE CLI ARCHIVE OUT SHARDS [SCHEDULER]
#
# NODE and CLI: Node.js 22.13 or later and imr-check's dist/cli.js, by their paths on the workers.
# OUT: a folder the workers and this machine share. SCHEDULER: a running cluster's address
# (tcp://host:8786); without it a LocalCluster of worker processes on this machine.
import subprocess
import sys

from dask.distributed import Client, LocalCluster


def check_share(node, cli, archive, out, shard, shards):
    library = f"{out}/shard-{shard}.sqlite"
    r = subprocess.run(
        [node, cli, "--jobs", "1", "--shard", f"{shard}/{shards}", "--library", library, "--format", "ndjson", archive],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    # 1 means letters with error-level problems, which is a result; 2 is a failure.
    if r.returncode > 1:
        raise RuntimeError(f"shard {shard}/{shards}: imr-check exited {r.returncode}: {r.stderr.strip()}")
    return library


def main(node, cli, archive, out, shards, scheduler=None):
    shards = int(shards)
    cluster = None if scheduler else LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with Client(scheduler or cluster) as client:
        futures = [client.submit(check_share, node, cli, archive, out, s, shards, pure=False) for s in range(1, shards + 1)]
        libraries = client.gather(futures)
    if cluster:
        cluster.close()
    subprocess.run([node, cli, "merge", f"{out}/library.sqlite", *libraries], check=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
