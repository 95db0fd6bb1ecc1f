// Renders a start plan as the POSIX sh fragment the image's `start` wrapper evals: every word
// single-quoted, so spaces, quotes, newlines and `$` in paths, scripts or EXEC_ARGS reach exec intact.
export interface ExecPlan {
  cwd: string;
  /** Variables to export on top of the wrapper's own environment. */
  env: Record<string, string>;
  argv: string[];
  /**
   * True when a shell must stay between the supervisor and the app (a compound `npm start` script):
   * the wrapper then runs it in its own process group and forwards every signal to that group.
   */
  forwardSignals: boolean;
}

export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function renderPlan(plan: ExecPlan): string {
  const lines = [`cd -- ${shellQuote(plan.cwd)} || exit 1`];
  for (const [name, value] of Object.entries(plan.env)) {
    if (!NAME_RE.test(name)) throw new Error(`not a variable name: ${name}`);
    lines.push(`${name}=${shellQuote(value)}; export ${name}`);
  }
  const command = plan.argv.map(shellQuote).join(' ');
  lines.push(plan.forwardSignals ? `modulus_forward ${command}` : `exec ${command}`);
  return `${lines.join('\n')}\n`;
}
