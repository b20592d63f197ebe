// An sshd of the test's own, for running commands "on another host" through GNU parallel's
// --sshlogin: Debian's openssh-server with a config, host key and user key made for the test,
// listening on the loopback address only, never the system's service. Stopped by its process id.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const SSHD = '/usr/sbin/sshd';
export const SSHD_ABSENT = `${SSHD} not found (Debian's openssh-server; .ci/run installs it): the ssh cases did not run`;

export interface TestSshd {
  port: number;
  /** `ssh` with the options that reach this server (for parallel's --sshlogin, before user@host). */
  ssh: string;
  /** `user@127.0.0.1` */
  login: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts an sshd in `dir` (keys, config, log there) that lets the current user in with a key of its own. */
export async function startSshd(dir: string): Promise<TestSshd> {
  mkdirSync(dir, { recursive: true });
  const hostKey = path.join(dir, 'host_ed25519');
  const userKey = path.join(dir, 'user_ed25519');
  for (const key of [hostKey, userKey]) if (!existsSync(key)) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  const authorized = path.join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${userKey}.pub`), { mode: 0o600 });
  // sshd refuses to start without its privilege separation folder (made by the service's unit).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  const user = os.userInfo().username;
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorized}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      `PermitRootLogin ${user === 'root' ? 'prohibit-password' : 'no'}`,
      `AllowUsers ${user}`,
      'UsePAM no',
      'StrictModes no',
      'X11Forwarding no',
      'AllowTcpForwarding no',
      'PrintMotd no',
      'MaxStartups 50',
      'MaxSessions 50',
      '',
    ].join('\n'),
  );
  const log = path.join(dir, 'sshd.log');
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config, '-E', log], { stdio: 'ignore' });
  const ssh = `ssh -i ${userKey} -p ${port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes`;
  const login = `${user}@127.0.0.1`;
  // Ready when a command goes through (a few tries: it has just been started).
  for (let tries = 0; ; tries++) {
    try {
      execFileSync('sh', ['-c', `${ssh} ${login} true`], { stdio: 'ignore', timeout: 10_000 });
      break;
    } catch (e) {
      if (tries >= 50 || child.exitCode !== null) {
        child.kill();
        const why = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : String(e);
        throw new Error(`the test's sshd did not answer on 127.0.0.1:${port}: ${why}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    port,
    ssh,
    login,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.pid === undefined) return resolve();
        child.once('exit', () => resolve());
        process.kill(child.pid, 'SIGTERM');
      }),
  };
}
