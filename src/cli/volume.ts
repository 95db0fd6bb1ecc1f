// `modulus volume init DIR [--uid N] [--gid N] [--layout secure|original]` prepares the folder
// mounted at /mnt; `modulus volume check [DIR] [--uid N] [--gid N]` says whether it is ready
// (the run images' /sbin/my_init runs it before the supervisor, and exits 78 when it is not).
import { ModulusError } from '../errors/modulus-error.js';
import { volumeProblemsError } from '../host/volume-check.js';
import { LAYOUT_NAMES, isId, type LayoutName } from '../host/volume-layout.js';
import { checkVolume, initVolume } from '../host/volume.js';
import { parseFlags, type Flags } from './flags.js';

const USAGE =
  'volume: usage: modulus volume init DIR [--uid N] [--gid N] [--layout secure|original]\n' +
  '       modulus volume check [DIR] [--uid N] [--gid N]';

const HELP = `Usage: modulus volume init DIR [--uid N] [--gid N] [--layout secure|original]
       modulus volume check [DIR] [--uid N] [--gid N]

init makes the folder a run image mounts at /mnt: tmp/ home/ log/ app/ notifications/
app-storage/ (supervisor.conf is written by \`modulus config\`), with owners and modes; running it
again changes only what is wrong. It never follows a symlink, never removes anything, and refuses a
non-empty folder it did not make.
  --uid N, --gid N   the app user's ids (default 441 and 444, the images' mop)
  --layout secure    (default) log/ and notifications/ belong to root and are only readable by the
                     app, so it cannot rewrite its logs or forge notifications
  --layout original  everything belongs to the app user, as in the original images

check names every missing or wrongly-owned entry at once and exits 78 (DIR defaults to
$MODULUS_MNT, else /mnt); the images run it before the supervisor.`;

export async function main(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'init') return init(rest);
  if (sub === 'check') return check(rest);
  if (sub === '-h' || sub === '--help' || sub === 'help') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  throw new ModulusError(
    'USAGE',
    sub === undefined ? USAGE : `volume: unknown subcommand ${JSON.stringify(sub)}\n${USAGE}`,
  );
}

function init(argv: string[]): number {
  const flags = parseFlags(
    argv,
    [
      { long: 'uid', value: true },
      { long: 'gid', value: true },
      { long: 'layout', value: true },
    ],
    'volume init',
  );
  if (flags.positional.length !== 1) throw new ModulusError('USAGE', USAGE);
  const layout = flags.get('layout');
  if (layout !== undefined && !LAYOUT_NAMES.includes(layout as LayoutName)) {
    throw new ModulusError(
      'USAGE',
      `volume init: --layout: expected secure or original, got ${JSON.stringify(layout)}`,
    );
  }
  const result = initVolume(flags.positional[0]!, {
    layout: layout as LayoutName | undefined,
    uid: id(flags, 'uid'),
    gid: id(flags, 'gid'),
  });
  const out = [...result.actions];
  if (out.length === 0) {
    out.push(
      `${result.dir}: nothing to do (${result.layout} layout, uid ${result.ids.uid}, gid ${result.ids.gid})`,
    );
  }
  for (const note of result.notes) out.push(`note: ${note}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

function check(argv: string[]): number {
  const flags = parseFlags(
    argv,
    [
      { long: 'uid', value: true },
      { long: 'gid', value: true },
    ],
    'volume check',
  );
  if (flags.positional.length > 1) throw new ModulusError('USAGE', USAGE);
  const dir = flags.positional[0] ?? (process.env.MODULUS_MNT || '/mnt');
  const { ids, problems } = checkVolume(dir, { uid: id(flags, 'uid'), gid: id(flags, 'gid') });
  if (problems.length > 0) throw volumeProblemsError(dir, problems, ids);
  process.stdout.write(`volume ${dir}: ready\n`);
  return 0;
}

function id(flags: Flags, name: 'uid' | 'gid'): number | undefined {
  const value = flags.get(name);
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!isId(n)) {
    throw new ModulusError(
      'USAGE',
      `volume: --${name}: expected a numeric ${name}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}
