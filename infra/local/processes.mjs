// Process, file and port helpers for the local servers' supervisor.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { HOST, InfraError } from './settings.mjs';

// Zombies and recycled pids have a different (or empty) cmdline; without /proc (macOS) trust kill(0).
export function isProcess(pid, marker) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!marker || !fs.existsSync('/proc/self/cmdline')) return true;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

// A killed JVM loses its cmdline (isProcess → false) and its main thread turns zombie while other
// threads still hold the listening sockets, so wait for the ports as well.
export async function gone(pid, { marker, ports }) {
  if (isProcess(pid, marker)) return false;
  const open = await Promise.all(ports.map((port) => portOpenOn(port)));
  return !open.includes(true);
}

// Children are process-group leaders (detached), so signal the whole group.
export function signal(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

export function spawnDetached(cmd, args, cwd, logFile) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `\n--- ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', out, out] });
    child.once('error', (err) => reject(new InfraError(`cannot start ${cmd}: ${err.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve(child.pid);
    });
  }).finally(() => fs.closeSync(out));
}

// Runs a build/setup command and resolves with its standard output; its output is shown only if it fails.
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (d) => {
      output += d;
      stdout += d;
    });
    child.stderr.on('data', (d) => (output += d));
    child.once('error', (err) => reject(new InfraError(`cannot run ${cmd}: ${err.message}`)));
    child.once('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new InfraError(`\`${cmd} ${args.join(' ')}\` failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

// Serializes up/down/startServer across processes (e.g. parallel test workers).
export async function withLock(runDir, fn, log) {
  const lock = path.join(runDir, 'infra.lock');
  fs.mkdirSync(runDir, { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(readFileOr(lock, ''), 10);
    // An empty lock file is normal for a moment (created, pid not yet written), stale after that.
    const stale = holder ? !isProcess(holder) : Date.now() - mtime(lock) > 5000;
    if (stale) {
      fs.rmSync(lock, { force: true });
      continue;
    }
    if (!announced && holder) {
      log(`waiting for another infra.mjs (pid ${holder})…`);
      announced = true;
    }
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

export function onPath(cmd) {
  if (path.isAbsolute(cmd)) return fs.existsSync(cmd);
  return (process.env.PATH || '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, cmd), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function portOpenOn(port, host = HOST) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 500 });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

export async function portsOpen(hostPorts) {
  const results = await Promise.all(
    hostPorts.map((hp) => {
      const i = hp.lastIndexOf(':');
      return portOpenOn(Number(hp.slice(i + 1)), hp.slice(0, i));
    }),
  );
  return results.every(Boolean);
}

const importWarned = new Set();
export async function optionalImport(name) {
  try {
    const mod = await import(name);
    return mod.default ?? mod;
  } catch (err) {
    if (err.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    if (!importWarned.has(name)) {
      importWarned.add(name);
      console.error(`[infra] ${name} is not installed (run \`npm ci\`); readiness falls back to a TCP port check`);
    }
    return null;
  }
}

// Like Promise.all, but lets every server finish starting/stopping before reporting a failure.
export async function settleAll(promises) {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => r.value);
}

export async function waitUntil(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(250);
  }
  return false;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function readFileOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

export function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export function rotate(file, maxBytes) {
  if (fs.existsSync(file) && fs.statSync(file).size > maxBytes) fs.renameSync(file, `${file}.1`);
}

export function logTails(files, lines = 20) {
  return files
    .filter((f) => fs.existsSync(f))
    .map((f) => `--- last lines of ${f}:\n${fs.readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`)
    .join('\n');
}

export function logger(quiet) {
  return quiet ? () => {} : (msg) => console.error(`[infra] ${msg}`);
}
