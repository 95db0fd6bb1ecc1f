// `user=` in [supervisord] (or -u): the supervisor itself switches to that user, as supervisord does.
import { ModulusError } from '../errors/modulus-error.js';
import { lookupUser } from '../os/users.js';

export function becomeUser(nameOrUid: string): void {
  const user = lookupUser(nameOrUid);
  if (process.geteuid?.() === user.uid) return;
  if (process.geteuid?.() !== 0) {
    throw new ModulusError(
      'NOT_ROOT_FOR_USER',
      `can't switch to user ${nameOrUid}: supervisord is not running as root`,
    );
  }
  process.setgroups?.([user.gid]);
  process.setgid?.(user.gid);
  process.setuid?.(user.uid);
}
