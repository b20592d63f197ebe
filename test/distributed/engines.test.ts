// The archive across machines, on engines people run: GNU parallel over ssh, a Dask cluster,
// a Kubernetes Indexed Job. Each runs the recipe docs/cli.md gives (docs/recipes/), sharding an
// archive with imr-check --shard … --library … and merging, and must give the same library as
// one run over the archive. The sshd is the test's own (loopback only, stopped by its pid).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, sampleLetters } from '../helpers/corpus';
import { CLI, syntheticLetter } from '../helpers/cli';
import { libraryRows } from '../helpers/libraryRows';
import { SSHD, SSHD_ABSENT, startSshd, type TestSshd } from '../helpers/sshd';

const RECIPES = path.join(REPO_ROOT, 'docs', 'recipes');
const PYTHON = '/usr/bin/python3';
const NODE = process.execPath;
const NOT_BUILT = existsSync(CLI) ? false : 'dist/cli.js not built (npm test builds first): the engines were not tried';
const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const PARALLEL = has('parallel', ['--version']) ? false : "GNU parallel not found (Debian's parallel; .ci/run installs it)";
const DASK = has(PYTHON, ['-c', 'import distributed, yaml'])
  ? false
  : "Dask not found for /usr/bin/python3 (Debian's python3-distributed; .ci/run installs it)";

const dir = mkdtempSync(path.join(tmpdir(), 'imr-engines-'));
const archive = path.join(dir, 'archive');
const SHARDS = 4;
let one: ReturnType<typeof libraryRows>;

before(() => {
  for (const [k, l] of sampleLetters().entries()) {
    mkdirSync(path.join(archive, 'seeds'), { recursive: true });
    writeFileSync(path.join(archive, 'seeds', `seed-${k}.txt`), l.text);
  }
  for (let k = 0; k < 30; k++) {
    const year = `${2016 + (k % 3)}`;
    mkdirSync(path.join(archive, year), { recursive: true });
    const items = k % 4 === 0 ? ['Acupuncture 6 visits, cervical spine', 'Norco 10/325mg #60'] : undefined;
    writeFileSync(path.join(archive, year, `CM99-${String(k).padStart(7, '0')}.txt`), syntheticLetter(`CM99-${String(k).padStart(7, '0')}`, items));
  }
  const r = spawnSync(NODE, [CLI, '--library', path.join(dir, 'one.sqlite'), '--format', 'ndjson', archive], { encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  one = libraryRows(path.join(dir, 'one.sqlite'));
  assert.equal(one.letters.length, 35);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh output folder for one engine. */
function outFolder(name: string): string {
  const out = path.join(dir, name);
  mkdirSync(out, { recursive: true });
  return out;
}

describe('the archive across machines', { skip: NOT_BUILT }, () => {
  describe('GNU parallel over ssh (--sshlogin)', { skip: PARALLEL || (existsSync(SSHD) ? false : SSHD_ABSENT) }, () => {
    let sshd: TestSshd;
    before(async () => {
      sshd = await startSshd(path.join(dir, 'sshd'));
    });
    after(() => sshd?.stop());

    test('the recipe builds, over ssh and locally, the library of one run', () => {
      const out = outFolder('parallel');
      // Two "hosts": the test's sshd (2 jobs) and this machine (':', 1 job).
      const env = {
        PATH: process.env.PATH,
        ARCHIVE: archive,
        OUT: out,
        SHARDS: String(SHARDS),
        HOSTS: `2/${sshd.ssh} ${sshd.login},1/:`,
        NODE,
        CLI,
        HOME: process.env.HOME,
      };
      const r = spawnSync('sh', [path.join(RECIPES, 'parallel-ssh.sh')], { env, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(libraryRows(path.join(out, 'library.sqlite')), one);
      const shards = readdirSync(out).filter((f) => /^shard-\d+\.sqlite$/.test(f));
      assert.equal(shards.length, SHARDS);
      const log = readFileSync(path.join(dir, 'sshd', 'sshd.log'), 'utf8');
      assert.ok((log.match(/Accepted publickey/g) ?? []).length >= 2, 'shards ran over ssh');
    });
  });

  test('Dask: a LocalCluster of worker processes maps shards to imr-check, then one merge', { skip: DASK }, () => {
    const out = outFolder('dask');
    const r = spawnSync(PYTHON, [path.join(RECIPES, 'dask-shards.py'), NODE, CLI, archive, out, String(SHARDS)], { encoding: 'utf8', timeout: 180_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(libraryRows(path.join(out, 'library.sqlite')), one);
  });

  test('Kubernetes Indexed Job: each JOB_COMPLETION_INDEX runs share index+1, the merge Job merges', { skip: DASK }, () => {
    const out = outFolder('k8s');
    const docs = JSON.parse(
      execFileSync(
        PYTHON,
        ['-c', 'import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))', path.join(RECIPES, 'k8s-indexed-job.yaml')],
        {
          encoding: 'utf8',
        },
      ),
    );
    const [shardsJob, mergeJob] = docs;
    assert.equal(shardsJob.spec.completionMode, 'Indexed');
    const container = (job: {
      spec: { template: { spec: { containers: { command: string[]; args: string[]; env?: { name: string; value: string }[] }[] } } };
    }) => job.spec.template.spec.containers[0];
    // The image's paths and its Node mapped to this machine's; the command itself as the Job runs it.
    const paths: Record<string, string> = { 'node ': `${NODE} `, '/opt/imr-check/dist/cli.js': CLI, '/archive': archive, '/out/': `${out}/` };
    const local = (s: string) => s.replace(/^node |\/opt\/imr-check\/dist\/cli\.js|\/archive\b|\/out\//g, (m) => paths[m]);
    const shards = Number(shardsJob.spec.completions);
    const jobEnv = Object.fromEntries((container(shardsJob).env ?? []).map((e) => [e.name, e.value]));
    for (let index = 0; index < shards; index++) {
      const [shell, flag] = container(shardsJob).command;
      const r = spawnSync(shell, [flag, local(container(shardsJob).args[0])], {
        env: { PATH: process.env.PATH, ...jobEnv, JOB_COMPLETION_INDEX: String(index) },
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, `index ${index}: ${r.stderr}`);
      assert.ok(existsSync(path.join(out, `shard-${index + 1}.sqlite`)), `index ${index} wrote shard ${index + 1} of ${shards}`);
    }
    const [shell, flag] = container(mergeJob).command;
    const r = spawnSync(shell, [flag, local(container(mergeJob).args[0])], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(libraryRows(path.join(out, 'library.sqlite')), one);
  });
});
