// The host's extra CA certificates (NODE_EXTRA_CA_CERTS: how npm trusts a TLS-intercepting proxy)
// for an image build, which cannot mount the file: as text in a build argument, cut down to the
// certificates the image's Node.js does not already trust, because an argument holds at most
// 128 KiB and the file is often a whole system bundle (220 KB here), of which the proxy's CA is one.
import { existsSync, readFileSync } from 'node:fs';
import { runCommand } from '../os/run-command.js';

/** Over this, the text does not fit in one argument (Linux's MAX_ARG_STRLEN is 128 KiB). */
export const MAX_CA_ARG = 120_000;

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const body = (pem: string): string => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');

/** The certificates of `pemText` that are not among `trusted` (pure), as PEM text. */
export function untrustedCertificates(pemText: string, trusted: readonly string[]): string {
  const known = new Set(trusted.map(body));
  return (pemText.match(PEM) ?? []).filter((c) => !known.has(body(c))).join('\n');
}

/** The supervisor's Node.js, in every image FROM run-base: its root store stands for the app's. */
const IMAGE_NODE = '/opt/modulus/runtime/bin/node';

/**
 * The CA text to hand to a build in `image`; undefined when the host sets none, or when even the
 * cut-down text would not fit (then `warn` says so).
 */
export async function extraCaFor(
  image: string,
  warn: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file || !existsSync(file)) return undefined;
  const script = "process.stdout.write(JSON.stringify(require('tls').rootCertificates))";
  const r = await runCommand('docker', ['run', '--rm', '--network', 'none', image, IMAGE_NODE, '-e', script]);
  const trusted = r.code === 0 ? (JSON.parse(r.stdout) as string[]) : [];
  const text = untrustedCertificates(readFileSync(file, 'utf8'), trusted);
  if (text.length <= MAX_CA_ARG) return text || undefined;
  warn(
    `warning: the certificates of ${file} that ${image} does not trust are too many to hand to the build; it goes without them`,
  );
  return undefined;
}
