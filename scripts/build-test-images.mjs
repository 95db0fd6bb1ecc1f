// Builds the Docker e2e suite's images (modulus-test/run-base, run-node, build-node) from the
// current bundle, against the local Node.js mirror, before the tests start, so that the build
// does not compete for the CPU with timing-sensitive tests. The suite skips the build when the
// bundle and images/ are unchanged. Needs `npm run build` first.
import { closeMirror, ensureTestImages } from '../build/test/helpers/docker.js';

const started = Date.now();
await ensureTestImages();
await closeMirror();
console.log(`test images ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
