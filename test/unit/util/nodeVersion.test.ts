import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { isOlderThanFloor, NODE_FLOOR, oldNodeMessage } from '../../../server/src/util/nodeVersion';
import { CLI } from '../../helpers/cli';
import { REPO_ROOT } from '../../helpers/corpus';
import { BELOW_FLOOR, installedNode } from '../../helpers/nodes';

describe('the oldest Node we run on', () => {
  test('is the floor package.json declares', () => {
    const engines = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).engines as { node: string };
    assert.equal(engines.node, `>=${NODE_FLOOR.replace(/\.0$/, '')}`);
  });

  test('versions are compared part by part, not as text', () => {
    assert.equal(isOlderThanFloor('22.12.0'), true);
    assert.equal(isOlderThanFloor('v20.20.2'), true);
    assert.equal(isOlderThanFloor('9.11.0'), true);
    assert.equal(isOlderThanFloor('22.13.0'), false);
    assert.equal(isOlderThanFloor('22.100.0'), false);
    assert.equal(isOlderThanFloor('100.0.0'), false);
    assert.equal(isOlderThanFloor('24.21.0'), false);
  });

  test('the refusal is one sentence naming the version found and the one needed', () => {
    assert.equal(oldNodeMessage('imr-check', '20.20.2'), 'imr-check needs Node.js 22.13 or later, but this is Node.js 20.20.2.');
    assert.equal(oldNodeMessage('imr-check', '24.21.0'), undefined);
  });

  test(`the built imr-check on Node ${BELOW_FLOOR} exits 2 with that sentence and nothing else`, () => {
    const r = spawnSync(installedNode(BELOW_FLOOR), [CLI, '--format', 'json', path.join(REPO_ROOT, 'samples')], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `imr-check needs Node.js 22.13 or later, but this is Node.js ${BELOW_FLOOR}.\n`);
  });
});
