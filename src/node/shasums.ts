// Reads the mirror's SHASUMS256.txt (`<64 hex>  <file name>` per line) and finds the digest for one file.
// A damaged line is an error of its own, never skipped: a checksum we cannot read verifies nothing.
import { ModulusError } from '../errors/modulus-error.js';

export interface ShasumLine {
  digest: string;
  file: string;
}

const LINE_RE = /^([0-9a-fA-F]{64}) [ *](\S.*)$/;

export function parseShasums(text: string, source: string): ShasumLine[] {
  const lines: ShasumLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const m = LINE_RE.exec(line);
    if (!m) {
      const shown = line.length > 80 ? `${line.slice(0, 80)}…` : line;
      throw new ModulusError(
        'NODE_SHASUMS_MALFORMED',
        `${source}:${i + 1}: expected "<sha256 hex>  <file>", got "${shown}"`,
      );
    }
    lines.push({ digest: m[1]!.toLowerCase(), file: m[2]! });
  });
  return lines;
}

export function digestFor(lines: readonly ShasumLine[], file: string, source: string): string {
  const found = lines.filter((l) => l.file === file);
  if (found.length === 0)
    throw new ModulusError('NODE_CHECKSUM_MISSING', `${source} has no line for ${file}`);
  if (new Set(found.map((l) => l.digest)).size > 1) {
    throw new ModulusError('NODE_SHASUMS_MALFORMED', `${source} lists ${file} twice with different digests`);
  }
  return found[0]!.digest;
}
