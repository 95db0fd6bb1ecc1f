// Who the app runs as under `modulus run`: the `mop` user when we are root and the host has one
// (as in the images), otherwise the current user, with a reason the run prints as a warning.
import { userInfo } from 'node:os';
import { lookupUser, type UserEntry } from '../os/users.js';
import { APP_USER, DEFAULT_IDS } from './volume-layout.js';

export type Isolation =
  | { readonly isolated: true; readonly user: string; readonly uid: number; readonly gid: number }
  | {
      readonly isolated: false;
      readonly user: null;
      readonly uid: number;
      readonly gid: number;
      /** The current user's name, for messages. */
      readonly runsAs: string;
      readonly reason: string;
    };

export interface IsolationFacts {
  readonly uid: number;
  readonly gid: number;
  readonly userName: string;
  /** The host's `mop` user, if it has one. */
  readonly mop: UserEntry | undefined;
}

export function chooseIsolation(facts: IsolationFacts): Isolation {
  if (facts.uid === 0 && facts.mop)
    return { isolated: true, user: APP_USER, uid: facts.mop.uid, gid: facts.mop.gid };
  const reason =
    facts.uid !== 0
      ? `modulus run is not running as root, so it cannot switch the app to the "${APP_USER}" user`
      : `this host has no "${APP_USER}" user`;
  return { isolated: false, user: null, uid: facts.uid, gid: facts.gid, runsAs: facts.userName, reason };
}

export function hostIsolation(): Isolation {
  let mop: UserEntry | undefined;
  try {
    mop = lookupUser(APP_USER);
  } catch {
    mop = undefined;
  }
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  let userName = String(uid);
  try {
    userName = userInfo().username;
  } catch {
    // no passwd entry for this uid: the number will do
  }
  return chooseIsolation({ uid, gid, userName, mop });
}

/** The warning `modulus run` prints when the app is not isolated. */
export function isolationWarning(isolation: Isolation): string | undefined {
  if (isolation.isolated) return undefined;
  const fix =
    isolation.uid === 0
      ? `create it (groupadd -g ${DEFAULT_IDS.gid} ${APP_USER} && useradd -u ${DEFAULT_IDS.uid} -g ${APP_USER} ${APP_USER}) to isolate the app`
      : `run as root on a host with a ${APP_USER} user, or use --docker, to isolate the app`;
  return (
    `warning: the app is not isolated: it runs as ${isolation.runsAs} (uid ${isolation.uid}) ` +
    `and can read and write whatever that user can, because ${isolation.reason}; ${fix}`
  );
}
