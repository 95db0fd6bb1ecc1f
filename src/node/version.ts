// Node.js release versions: plain major.minor.patch triples, as index.json and the cache name them.
export type Version = readonly [number, number, number];

const VERSION_RE = /^v?(\d+)\.(\d+)\.(\d+)$/;

export function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function formatVersion(v: Version): string {
  return `v${v[0]}.${v[1]}.${v[2]}`;
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
