// The client's settings from a config file: only the [supervisorctl] section, as supervisorctl
// reads it (no includes, no programs), so a broken [program:x] never locks the operator out
// of `reread`, which is where the server reports it.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';
import { emptyRawConfig, lexIni } from '../config/lexer.js';
import type { SupervisorctlConfig } from '../config/model.js';
import { SectionReader } from '../config/section-reader.js';
import { supervisorctlSection } from '../config/servers.js';

export async function readCtlConfig(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<SupervisorctlConfig> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT') throw new ModulusError('CONFIG_NOT_FOUND', `could not find config file ${file}`);
    throw new ModulusError(
      'CONFIG_UNREADABLE',
      `could not read config file ${file} (${code ?? String(err)})`,
    );
  }
  const raw = emptyRawConfig();
  lexIni(text, path, raw);
  const section = raw.sections.get('supervisorctl');
  if (section === undefined) {
    throw new ModulusError('CONFIG_SECTION', '.ini file does not include supervisorctl section', {
      hint: 'Add a [supervisorctl] section with serverurl= naming the server.',
    });
  }
  const names: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) names[`ENV_${k}`] = v;
  const reader = new SectionReader('supervisorctl', section.origin, section, raw.defaults, raw.warnings);
  return supervisorctlSection(reader, names, { cwd, home: env.HOME ?? homedir() });
}
