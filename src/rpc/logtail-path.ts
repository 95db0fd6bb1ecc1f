// Reads the target of a `/logtail/NAME[/CHANNEL]` or `/mainlogtail` request, as supervisord's
// logtail_handler and mainlogtail_handler do (supervisor/http.py).

export type LogTailTarget =
  | {
      readonly kind: 'process';
      /** As requested: `name` or `group:name`. */
      readonly namespec: string;
      readonly group: string;
      readonly name: string;
      readonly channel: 'stdout' | 'stderr';
    }
  | { readonly kind: 'main' };

/** The target of a request path (query ignored), or null when the path names no log (→ 404). */
export function parseLogTailPath(url: string): LogTailTarget | null {
  let path = url.split(/[?#]/, 1)[0] ?? '';
  if (path.includes('%')) {
    try {
      path = decodeURIComponent(path);
    } catch {
      return null;
    }
  }
  path = path.replace(/^\/+/, '');
  if (path === 'mainlogtail' || path.startsWith('mainlogtail/')) return { kind: 'main' };
  const slash = path.indexOf('/');
  if (slash < 0 || path.slice(0, slash) !== 'logtail') return null;
  const rest = path.slice(slash + 1);
  const cut = rest.indexOf('/');
  const namespec = cut < 0 ? rest : rest.slice(0, cut);
  const channel = cut < 0 ? 'stdout' : rest.slice(cut + 1);
  if (channel !== 'stdout' && channel !== 'stderr') return null;
  // split_namespec: `group:name`, or a bare name that is both group and process.
  const colon = namespec.indexOf(':');
  const group = colon < 0 ? namespec : namespec.slice(0, colon);
  const name = colon < 0 ? namespec : namespec.slice(colon + 1);
  if (group === '' || name === '' || name === '*') return null;
  return { kind: 'process', namespec, group, name, channel };
}
