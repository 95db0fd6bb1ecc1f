// The Prometheus text exposition format (version 0.0.4), written directly: metric families of
// samples with escaped label values. prom-client does the same, but for the ~1100 series of 100
// programs it took 2.4 ms at best and 9 ms typically on our 2-core machine against 0.5 ms for
// this (measured side by side), and /metrics has 20 ms in all.

export type MetricType = 'gauge' | 'counter';

export interface Sample {
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The families as exposition text; a family without samples is left out. */
export function renderFamilies(families: readonly MetricFamily[]): string {
  let out = '';
  for (const family of families) {
    if (family.samples.length === 0) continue;
    if (!NAME.test(family.name)) throw new Error(`bad metric name ${JSON.stringify(family.name)}`);
    out += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples)
      out += `${family.name}${labels(sample.labels)} ${number(sample.value)}\n`;
  }
  return out;
}

function labels(set: Readonly<Record<string, string>> | undefined): string {
  if (set === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(set)) {
    if (!LABEL.test(key)) throw new Error(`bad label name ${JSON.stringify(key)}`);
    parts.push(`${key}="${escapeLabel(value)}"`);
  }
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** Label values escape backslash, double quote and line feed; everything else is literal UTF-8. */
export function escapeLabel(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** HELP text escapes backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
