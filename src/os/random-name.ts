// Random characters for file names that must not be guessed in advance (AUTO log files, the
// notifier's temporary files), read from /dev/urandom. node:crypto would do it too, but loading it
// starts OpenSSL and costs the supervisor ~0.8 MB of resident memory for a few bytes a run.
import fs from 'node:fs';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `length` characters of [A-Za-z0-9_-], each from one random byte (6 bits of it). */
export function randomName(length: number): string {
  const bytes = Buffer.alloc(length);
  let fd: number | null = null;
  try {
    fd = fs.openSync('/dev/urandom', 'r');
    for (let got = 0; got < length;) got += fs.readSync(fd, bytes, got, length - got, null);
  } catch {
    // No /dev/urandom (a bare chroot): names stay unique, only easier to guess.
    for (let i = 0; i < length; i++) bytes[i] = Math.floor(Math.random() * 256);
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  let name = '';
  for (const byte of bytes) name += ALPHABET[byte & 63];
  return name;
}
