import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, mirrorFrom, redactUrl } from '../../../src/node/mirror.js';

test('redactUrl masks credentials and token-like query parameters', () => {
  const rows: [string, string][] = [
    ['https://user:secret@mirror.example/dist', 'https://***@mirror.example/dist'],
    ['https://mirror.example/dist?token=abc&x=1', 'https://mirror.example/dist?token=***&x=1'],
    ['https://nodejs.org/dist', 'https://nodejs.org/dist'],
  ];
  for (const [url, shown] of rows) assert.equal(redactUrl(url), shown);
});

test('mirrorFrom defaults to nodejs.org and builds file URLs', () => {
  assert.equal(mirrorFrom({}).url('index.json'), 'https://nodejs.org/dist/index.json');
  assert.equal(
    mirrorFrom({ NODEJS_ORG_MIRROR: 'http://127.0.0.1:9/x/' }).url('/v1.0.0/a'),
    'http://127.0.0.1:9/x/v1.0.0/a',
  );
  assert.throws(
    () => mirrorFrom({ NODEJS_ORG_MIRROR: 'not a url' }),
    (err: { code?: string }) => err.code === 'NODE_DOWNLOAD_FAILED',
  );
});

test('a failing fetch becomes NODE_DOWNLOAD_FAILED without the password', async () => {
  const mirror = mirrorFrom({ NODEJS_ORG_MIRROR: 'https://u:hunter2@mirror.example/dist' });
  const failing = async (url: string): Promise<Response> => {
    throw new TypeError('fetch failed', { cause: new Error(`connect ECONNREFUSED for ${url}`) });
  };
  await assert.rejects(get(failing, mirror, 'index.json'), (err: { code?: string; message: string }) => {
    assert.equal(err.code, 'NODE_DOWNLOAD_FAILED');
    assert.doesNotMatch(err.message, /hunter2/);
    return true;
  });
  const notFound = async (): Promise<Response> => new Response('no', { status: 404 });
  await assert.rejects(get(notFound, mirror, 'index.json'), /HTTP 404/);
});

test('credentials in the mirror URL travel as a basic Authorization header, not in the URL', async () => {
  const mirror = mirrorFrom({ NODEJS_ORG_MIRROR: 'https://deploy:p%40ss@mirror.example/dist' });
  let seen: { url: string; headers?: Record<string, string> } | undefined;
  const recording = async (url: string, init?: { headers?: Record<string, string> }): Promise<Response> => {
    seen = { url, headers: init?.headers };
    return new Response('ok');
  };
  await get(recording, mirror, 'index.json');
  assert.equal(seen?.url, 'https://mirror.example/dist/index.json');
  assert.equal(seen?.headers?.authorization, `Basic ${Buffer.from('deploy:p@ss').toString('base64')}`);
});
