import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_IMAGE_DIR, appDockerfile, appImageTag, buildAppArgs } from '../../../src/host/app-image.js';

test('the tag keeps apps apart from the run images', () => {
  assert.equal(appImageTag('modulus', 'run-node'), 'modulus/app-run-node:latest');
  assert.equal(appImageTag('registry.example/team', 'Web'), 'registry.example/team/app-web:latest');
});

test('docker build: Dockerfile on stdin, the app folder as the context, FROM <prefix>/run-node', () => {
  const args = buildAppArgs({ appDir: '/srv/web', name: 'web', prefix: 'p', log: () => {} });
  assert.deepEqual(args.slice(0, 5), ['build', '--network', 'host', '-f', '-']);
  assert.ok(args.includes('RUN_NODE=p/run-node'));
  assert.ok(args.includes('BUILD_NODE=p/build-node'));
  assert.deepEqual(args.slice(-3), ['-t', 'p/app-web:latest', '/srv/web']);
  assert.deepEqual(
    buildAppArgs({ appDir: '/a', name: 'a', prefix: 'p', tag: 'r/x:1', log: () => {} }).slice(-3),
    ['-t', 'r/x:1', '/a'],
  );
});

test("the host's extra CA reaches the build stage as text, only when there is one", () => {
  const o = { appDir: '/a', name: 'a', prefix: 'p', log: () => {} };
  assert.ok(!buildAppArgs(o).some((a) => a.startsWith('EXTRA_CA_PEM=')));
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  assert.ok(buildAppArgs(o, pem).includes(`EXTRA_CA_PEM=${pem.trim()}`));
});

test('the Dockerfile builds the app with modulus build in a throw-away stage of the build image', () => {
  const text = appDockerfile();
  assert.match(text, /^FROM \$\{BUILD_NODE\} AS build$/m);
  assert.match(text, new RegExp(`^ +modulus build \\S+ --out ${APP_IMAGE_DIR} --cache \\S+$`, 'm'));
  assert.match(text, /^RUN if \[ -n "\$EXTRA_CA_PEM" \]; then .* export NODE_EXTRA_CA_CERTS=\S+; fi; \\$/m);
  assert.match(text, new RegExp(`^COPY --from=build --chown=0:0 ${APP_IMAGE_DIR} ${APP_IMAGE_DIR}$`, 'm'));
});

test('the Dockerfile puts the app read-only, owned by root, where the pod copies it from', () => {
  const text = appDockerfile();
  assert.match(text, /^FROM \$\{RUN_NODE\}$/m);
  assert.match(text, new RegExp(`--chown=0:0 .* ${APP_IMAGE_DIR}$`, 'm'));
  assert.match(text, new RegExp(`chmod -R u=rwX,go=rX ${APP_IMAGE_DIR}`));
  assert.equal(APP_IMAGE_DIR, '/opt/modulus/app');
});
