// `modulus start`: turns the app in $MODULUS_MNT/app into the exec of the right node. With --plan it
// writes the exec as a sh fragment to fd 3 for the image's `start` wrapper; without it, the app runs
// in place of this process where Node.js has execve, else as a child that gets every signal.
import { writeSync } from 'node:fs';
import { ModulusError } from '../errors/modulus-error.js';
import { makePlan } from '../node/plan.js';
import { renderPlan, type ExecPlan } from '../node/plan-script.js';
import { runForwardingSignals } from '../os/forward-child.js';

const USAGE = `Usage: modulus start [--plan]

Finds the app in $MODULUS_MNT/app (default /mnt/app), picks its entry and Node.js version,
installs that version if needed, and runs the app in place of this process
(or, on a Node.js without process.execve, as a child that gets every signal).
  --plan   write the resolved exec as a POSIX sh fragment to file descriptor 3 and exit;
           the image's \`start\` wrapper evals it (see images/run-node/start)
`;

const PLAN_FD = 3;

function log(line: string): void {
  process.stdout.write(`modulus start: ${line}\n`);
}

function writePlan(text: string): void {
  try {
    writeSync(PLAN_FD, text);
  } catch (err) {
    throw new ModulusError(
      'START_PLAN_OUTPUT',
      `cannot write the plan to file descriptor ${PLAN_FD} (${(err as Error).message})`,
      {
        cause: err,
      },
    );
  }
}

type Execve = (file: string, args: string[], env: NodeJS.ProcessEnv) => never;

/**
 * Becomes the app (execve) where this Node.js can and no shell has to stay in between; otherwise
 * runs it as a child, forwarding every signal and mirroring its end. The image's wrapper execs.
 */
async function runPlan(plan: ExecPlan): Promise<number> {
  const env = { ...process.env, ...plan.env };
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (execve && !plan.forwardSignals) {
    process.chdir(plan.cwd);
    return execve(plan.argv[0]!, plan.argv, env);
  }
  log(
    execve
      ? 'the start script needs its shell: running it as a child, forwarding signals'
      : `this Node.js (${process.version}) cannot exec in place: running the app as a child, forwarding signals`,
  );
  return runForwardingSignals({ file: plan.argv[0]!, args: plan.argv.slice(1), cwd: plan.cwd, env });
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = argv.find((a) => a !== '--plan');
  if (unknown !== undefined) throw new ModulusError('USAGE', `modulus start: unknown option ${unknown}`);
  const plan = await makePlan({
    env: process.env,
    fetch: (url, init) => fetch(url, init),
    now: Date.now,
    log,
  });
  log(`exec: ${plan.argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`);
  if (argv.includes('--plan')) {
    writePlan(renderPlan(plan));
    return 0;
  }
  return runPlan(plan);
}
