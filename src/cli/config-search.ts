// Where supervisord and supervisorctl look for their config when -c is not given. Its own module so
// that supervisorctl can search without loading the supervisor core that `supervisord.ts` imports.
import { dirname, resolve } from 'node:path';

/** Where supervisord looks for its config when -c is not given, then ours. */
export function defaultConfigCandidates(executable: string, cwd: string): string[] {
  const here = dirname(executable);
  return [
    resolve(here, '../etc/supervisord.conf'),
    resolve(here, '../supervisord.conf'),
    resolve(cwd, 'supervisord.conf'),
    resolve(cwd, 'etc/supervisord.conf'),
    '/etc/supervisord.conf',
    '/etc/supervisor/supervisord.conf',
    '/etc/modulus/supervisord.conf',
  ];
}
