// Looks up users and groups in /etc/passwd and /etc/group (Node has no getpwnam), for `user=`.
import { readFileSync } from 'node:fs';
import { ModulusError } from '../errors/modulus-error.js';

export interface UserEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly shell: string;
}

function readTable(file: string): string[][] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(':'));
  } catch {
    return [];
  }
}

/** A user by name or numeric uid, as supervisord's `user=` accepts; throws NO_SUCH_USER. */
export function lookupUser(nameOrUid: string, passwdFile = '/etc/passwd'): UserEntry {
  const rows = readTable(passwdFile);
  const numeric = /^\d+$/.test(nameOrUid);
  const row = rows.find((r) => (numeric ? r[2] === nameOrUid : r[0] === nameOrUid));
  if (!row) {
    if (numeric) {
      const uid = Number(nameOrUid);
      return { name: nameOrUid, uid, gid: uid, home: '/', shell: '/bin/sh' };
    }
    throw new ModulusError('NO_SUCH_USER', `user "${nameOrUid}" does not exist (not in ${passwdFile})`);
  }
  return {
    name: row[0]!,
    uid: Number(row[2]),
    gid: Number(row[3]),
    home: row[5] ?? '/',
    shell: row[6] ?? '/bin/sh',
  };
}

/** A group id by name or number; undefined when the name is unknown. */
export function lookupGroupId(nameOrGid: string, groupFile = '/etc/group'): number | undefined {
  if (/^\d+$/.test(nameOrGid)) return Number(nameOrGid);
  const row = readTable(groupFile).find((r) => r[0] === nameOrGid);
  return row ? Number(row[2]) : undefined;
}

/**
 * The groups a process running as `user` gets, as supervisord sets them before setuid: the
 * primary gid first, then every group of /etc/group that lists the user as a member.
 */
export function supplementaryGroups(user: UserEntry, groupFile = '/etc/group'): number[] {
  const member = readTable(groupFile)
    .filter((r) => (r[3] ?? '').split(',').includes(user.name))
    .map((r) => Number(r[2]));
  return [user.gid, ...member];
}
