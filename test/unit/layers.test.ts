// The domains of src/ form layers, and imports only run down them: a domain may import its own
// files and those of lower layers, never a peer's or a higher one's. The composition root that
// wires a supervisor to its control servers (src/daemon/) sits above rpc/, so nothing below it
// needs to know that a control API exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

const LAYERS: Record<string, number> = {
  errors: 0,
  os: 1,
  events: 2,
  config: 3,
  logs: 3,
  node: 3,
  notify: 4,
  build: 4,
  supervisor: 5,
  rpc: 6,
  ctl: 7,
  host: 7,
  web: 7,
  k8s: 8,
  daemon: 8,
  cli: 9,
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function domainOf(path: string): string {
  return relative(SRC, path).split('/')[0]!;
}

test('every domain of src/ has a layer', () => {
  const domains = readdirSync(SRC).filter((d) => statSync(join(SRC, d)).isDirectory());
  assert.deepEqual(
    domains.filter((d) => LAYERS[d] === undefined),
    [],
  );
});

test('imports between domains only go down the layers', () => {
  const upward: string[] = [];
  for (const file of sources(SRC)) {
    const from = domainOf(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
      const to = domainOf(resolve(dirname(file), spec!));
      if (to !== from && !(LAYERS[to]! < LAYERS[from]!)) upward.push(`${relative(SRC, file)} -> ${spec}`);
    }
  }
  assert.deepEqual(upward, []);
});
