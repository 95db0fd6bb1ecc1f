// Variables handed over under a prefix: `modulus config --env-prefix P` gives the app every
// variable of its own environment named P<NAME>, as NAME. A pod's init container gets the app's
// ConfigMap and Secret values this way (MODULUS_APP_ENV_NODE_ENV …), so none of them can change how
// the init container's own `modulus` runs (NODE_OPTIONS, PATH) and secrets never reach argv.
import { ModulusError } from '../errors/modulus-error.js';
import type { EnvPair } from './run-env.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The pairs named prefix+NAME in env, as [NAME, value], sorted by NAME (env has no order of its own). */
export function envFromPrefix(env: NodeJS.ProcessEnv, prefix: string): EnvPair[] {
  if (!NAME.test(prefix))
    throw new ModulusError(
      'USAGE',
      `--env-prefix: expected a variable name prefix, got ${JSON.stringify(prefix)}`,
    );
  const pairs: EnvPair[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(prefix) || key.length === prefix.length || value === undefined) continue;
    pairs.push([key.slice(prefix.length), value]);
  }
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
