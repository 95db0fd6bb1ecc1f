// `modulus start`: turns the app in $MODULUS_MNT/app into the exec of the right node. With --plan it
// writes the exec as a sh fragment to fd 3 for the image's `start` wrapper (Node.js 20 has no execve).
import { writeSync } from 'node:fs';
import { ModulusError } from '../errors/modulus-error.js';
import { makePlan } from '../node/plan.js';
import { renderPlan, type ExecPlan } from '../node/plan-script.js';

const USAGE = `Usage: modulus start [--plan]

Finds the app in $MODULUS_MNT/app (default /mnt/app), picks its entry and Node.js version,
installs that version if needed, and runs the app in place of this process.
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

function execPlan(plan: ExecPlan): never {
  const execve = (process as unknown as { execve?: Execve }).execve;
  if (!execve || plan.forwardSignals) {
    throw new ModulusError(
      'START_NEEDS_WRAPPER',
      `this Node.js (${process.version}) cannot exec the app in place of modulus start`,
    );
  }
  process.chdir(plan.cwd);
  return execve(plan.argv[0]!, plan.argv, { ...process.env, ...plan.env });
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
  return execPlan(plan);
}
