// The whole `modulus start` decision: the app dir, the entry, the Node.js version (recorded, resolved
// or installed as needed), PATH and the argv to exec. Each step logs one short line.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { appNode } from './app-node.js';
import { chooseEntry } from './entry.js';
import { splitExecArgs } from './exec-args.js';
import { nodeLayout } from './layout.js';
import type { Fetch } from './mirror.js';
import { npmStartCommand } from './npm-start.js';
import type { ExecPlan } from './plan-script.js';
import { readPackage } from './package-json.js';
import { appSubdir, listWorkspaces, workspaceRootError } from './workspaces.js';

export interface PlanDeps {
  env: NodeJS.ProcessEnv;
  fetch: Fetch;
  now: () => number;
  log: (line: string) => void;
  /** `linux-x64` etc.; defaults to this machine. */
  platform?: string;
}

const ARCH: Record<string, string> = {
  x64: 'x64',
  arm64: 'arm64',
  arm: 'armv7l',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

export function machinePlatform(): string {
  return `linux-${ARCH[process.arch] ?? process.arch}`;
}

const isFileIn = (dir: string) => (file: string) => {
  try {
    return statSync(join(dir, file)).isFile();
  } catch {
    return false;
  }
};

export async function makePlan(deps: PlanDeps): Promise<ExecPlan> {
  const layout = nodeLayout(deps.env);
  const sub = appSubdir(deps.env.MODULUS_APP_DIR);
  const pkg = await readPackage(sub ? join(layout.appRoot, sub) : layout.appRoot);
  if (sub) deps.log(`MODULUS_APP_DIR=${sub}: starting the package there`);
  const workspaces = pkg?.manifest.workspaces ?? [];
  if (!sub && pkg && workspaces.length > 0 && !pkg.manifest.scripts.start?.trim())
    throw workspaceRootError(pkg.dir, listWorkspaces(pkg.dir, workspaces));
  if (pkg) deps.log(`app: ${pkg.path}`);
  else deps.log(`warning: no package.json under ${layout.appRoot}; starting without one`);
  if (pkg?.others)
    deps.log(
      `warning: ${pkg.others.join(', ')} ${pkg.others.length === 1 ? 'is' : 'are'} as shallow; using ${pkg.path}, the first in name order (set MODULUS_APP_DIR to choose another)`,
    );
  const dir = pkg?.dir ?? layout.appRoot;

  const { entry, warnings } = chooseEntry(pkg?.manifest, isFileIn(dir), dir);
  for (const w of warnings) deps.log(`warning: ${w}`);
  deps.log(
    entry.kind === 'npm-start'
      ? `entry: npm start (${entry.script})`
      : `entry: ${entry.file} (${entry.why === 'main' ? 'package.json main' : 'first default file found'})`,
  );

  const { installed } = await appNode(deps, layout, deps.platform ?? machinePlatform(), dir, pkg);

  const path = deps.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  if (entry.kind === 'npm-start') {
    const cmd = npmStartCommand(pkg!.manifest, entry.script, entry.prestart, dir, installed.dir, path);
    return { cwd: dir, env: cmd.env, argv: cmd.argv, forwardSignals: cmd.forwardSignals };
  }
  const nodeBin = join(installed.dir, 'bin', 'node');
  const execArgs = splitExecArgs(deps.env.EXEC_ARGS ?? '');
  return {
    cwd: dir,
    env: { PATH: `${join(installed.dir, 'bin')}:${path}` },
    argv: [nodeBin, ...execArgs, entry.file],
    forwardSignals: false,
  };
}
