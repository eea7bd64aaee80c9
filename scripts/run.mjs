import { spawn } from 'node:child_process';

/** Runs a command inheriting the terminal; rejects with its exit code. */
export function run(command, args, { env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(Object.assign(new Error(`${command} ${args.join(' ')} failed`), { code: code ?? 1, signal })),
    );
  });
}
