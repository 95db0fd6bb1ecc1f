// The build image of a run image: `<prefix>/build-node` beside `<prefix>/run-node` (a compiler and
// Node.js headers, so native modules build), where `modulus run --docker` and `images build-app` run
// `modulus build`; the app itself runs on run-node. It is (re)built when missing, when it holds
// another bundle, or when it was built FROM another run-node than the current one, whose Node.js
// may differ: a module built for one Node.js does not load in another.
import {
  bundleSha256,
  buildImages,
  DEFAULT_BASE_IMAGE,
  DEFAULT_NODE_MIRROR,
  imageId,
  imageLabels,
  LABELS,
} from './images.js';

/** `<prefix>/build-node` for `<prefix>/run-node[:latest]`; undefined for any other image. */
export function buildImageFor(runTag: string): string | undefined {
  const prefix = /^(.+)\/run-node(:latest)?$/.exec(runTag)?.[1];
  return prefix === undefined ? undefined : `${prefix}/build-node`;
}

export type BuildImageAction =
  | { readonly kind: 'use' }
  | { readonly kind: 'build'; readonly why: 'missing' | 'stale' | 'other-run-image' };

/** What ensureBuildImage does (pure), from build-node's labels (null: missing) and run-node's id. */
export function buildImageAction(
  labels: Record<string, string> | null,
  runImageId: string,
  bundle: string,
): BuildImageAction {
  if (labels === null) return { kind: 'build', why: 'missing' };
  if (labels[LABELS.bundle] !== bundle) return { kind: 'build', why: 'stale' };
  if (labels[LABELS.runImage] !== runImageId) return { kind: 'build', why: 'other-run-image' };
  return { kind: 'use' };
}

const WHY: Record<Exclude<BuildImageAction, { kind: 'use' }>['why'], string> = {
  missing: 'is missing: building it (once)',
  stale: 'holds another build of modulus: rebuilding it',
  'other-run-image': 'was built from another run-node: rebuilding it on the current one',
};

/**
 * The image `modulus build` runs in for an app that runs on `runTag` (which must exist): its build
 * image, made current first; for an image not named `<prefix>/run-node`, that image itself.
 */
export async function ensureBuildImage(
  runTag: string,
  options: { log: (line: string) => void },
): Promise<string> {
  const tag = buildImageFor(runTag);
  const runId = await imageId(runTag);
  if (tag === undefined || runId === undefined) {
    options.log(
      `building in ${runTag} itself: only a <prefix>/run-node image has a build image (<prefix>/build-node)`,
    );
    return runTag;
  }
  const action = buildImageAction(await imageLabels(tag), runId, bundleSha256());
  if (action.kind === 'use') return tag;
  options.log(
    `the build image ${tag} ${WHY[action.why]} (python3, make, g++ and Node.js headers on ${runTag})`,
  );
  const runLabels = (await imageLabels(runTag)) ?? {};
  await buildImages(
    {
      baseImage: runLabels[LABELS.baseImage] || DEFAULT_BASE_IMAGE,
      nodeMirror: process.env.NODEJS_ORG_MIRROR || runLabels[LABELS.nodeMirror] || DEFAULT_NODE_MIRROR,
      prefix: tag.slice(0, -'/build-node'.length),
      noCache: false,
      log: options.log,
    },
    ['build-node'],
  );
  return tag;
}
