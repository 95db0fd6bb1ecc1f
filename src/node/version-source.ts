// Where the Node.js version request comes from, first match wins: MODULUS_CONFIG_ENGINES_NODE,
// app.json engines.node, package.json engines.node, .nvmrc, .node-version; none means newest LTS.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface VersionRequest {
  /** The specifier text as written. */
  text: string;
  /** What asked for it: the variable name or the file path. */
  source: string;
}

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

/** The first meaningful line of .nvmrc / .node-version: comments (`#`) and blank lines skipped. */
export function versionFileSpec(text: string): string | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line !== '') return line;
  }
  return undefined;
}

function appJsonSpec(text: string): string | undefined {
  try {
    const node = (JSON.parse(text) as { engines?: { node?: unknown } } | null)?.engines?.node;
    return typeof node === 'string' && node.trim() !== '' ? node : undefined;
  } catch {
    return undefined; // app.json belongs to other tools too; a broken one is not ours to reject
  }
}

export async function findVersionRequest(
  env: NodeJS.ProcessEnv,
  appDir: string,
  enginesNode: string | undefined,
  packagePath: string | undefined,
): Promise<VersionRequest | undefined> {
  const fromEnv = env.MODULUS_CONFIG_ENGINES_NODE?.trim();
  if (fromEnv) return { text: fromEnv, source: 'MODULUS_CONFIG_ENGINES_NODE' };
  const appJson = join(appDir, 'app.json');
  const fromAppJson = appJsonSpec((await readText(appJson)) ?? '');
  if (fromAppJson) return { text: fromAppJson, source: `${appJson} engines.node` };
  if (enginesNode && enginesNode.trim() !== '' && packagePath)
    return { text: enginesNode, source: `${packagePath} engines.node` };
  for (const name of ['.nvmrc', '.node-version']) {
    const path = join(appDir, name);
    const spec = versionFileSpec((await readText(path)) ?? '');
    if (spec) return { text: spec, source: path };
  }
  return undefined;
}
