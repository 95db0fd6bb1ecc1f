// Sizes and CPU amounts as Kubernetes writes them: `modulus run --memory 256m` (docker's syntax,
// binary units) becomes 256Mi, `--cpu 0.5` becomes 500m, and `--storage 10Gi` stays as it is.
import { ModulusError } from '../errors/modulus-error.js';

const DOCKER_SIZE = /^(\d+(?:\.\d+)?)([bkmg]?)$/i;
const K8S_SIZE = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)$/;
const SHIFT: Record<string, number> = { '': 0, b: 0, k: 10, ki: 10, m: 20, mi: 20, g: 30, gi: 30, ti: 40 };
const UNITS: readonly [string, number][] = [
  ['Ti', 40],
  ['Gi', 30],
  ['Mi', 20],
  ['Ki', 10],
];

/** Bytes as the largest binary unit that holds them exactly (1536Mi, not 1.5Gi). */
function binaryQuantity(bytes: number): string {
  for (const [unit, shift] of UNITS) {
    const n = bytes / 2 ** shift;
    if (Number.isInteger(n) && n >= 1) return `${n}${unit}`;
  }
  return String(bytes);
}

/** A size in docker's syntax (256m, 1.5g, 1048576) or Kubernetes' binary one (256Mi), as a quantity. */
export function sizeQuantity(text: string, flag: string): string {
  const m = DOCKER_SIZE.exec(text) ?? K8S_SIZE.exec(text);
  const bytes = m ? Number(m[1]) * 2 ** SHIFT[m[2]!.toLowerCase()]! : NaN;
  // A fraction of a byte (1.5) is no size.
  if (!(bytes >= 1) || !Number.isSafeInteger(bytes))
    throw new ModulusError('USAGE', `k8s: ${flag} expects a size such as 256m, 1g or 512Mi, got "${text}"`);
  return binaryQuantity(bytes);
}

/** A CPU amount: cores (0.5, 2) or millicores (250m), as Kubernetes' canonical quantity. */
export function cpuQuantity(text: string): string {
  const milli = /^(\d+)m$/.exec(text);
  const cores = /^\d+(\.\d{1,3})?$/.test(text) ? Number(text) : NaN;
  const m = milli ? Number(milli[1]) : Math.round(cores * 1000);
  if (!(m >= 1))
    throw new ModulusError('USAGE', `k8s: --cpu expects cores (0.5, 2) or millicores (250m), got "${text}"`);
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}
