/**
 * The `package.json` a workspace package is published with. The workspace's own manifest points
 * its `exports` at TypeScript sources (`./src/<path>.ts`), so the repository runs without a build;
 * the published one points them at the JavaScript and declarations `tsc` built into `dist/`.
 *
 * @example
 * publishManifest({ exports: { "./errors": "./src/entries/errors.ts" } }, { declarations: true });
 * // { exports: { "./errors": { types: "./dist/entries/errors.d.ts", default: "./dist/entries/errors.js" } } }
 */

/** The fields of a `package.json` this module reads; the others pass through unchanged. */
export type Manifest = {
  name?: string;
  exports?: Record<string, unknown>;
  scripts?: Record<string, string>;
  [field: string]: unknown;
};

/** Options of {@link publishManifest}. */
export type PublishManifestOptions = {
  /** Whether the build emits `.d.ts` files beside the JavaScript (libraries: yes; CLIs: no). */
  declarations: boolean;
};

/**
 * Maps each `exports` target `./src/<path>.ts` to `./dist/<path>.js` (with `types` from
 * `./dist/<path>.d.ts` when the package has declarations), drops the workspace-only targets
 * under `./test-support/` (never built, never packed), keeps the rest (`./package.json`), and
 * drops `scripts` (they run the repository's build, which an installed package does not have).
 * Throws on a target it cannot map, so a new kind of export is decided, not shipped broken.
 */
export function publishManifest(manifest: Manifest, options: PublishManifestOptions): Manifest {
  const { scripts: _scripts, ...published } = manifest;
  if (manifest.exports === undefined) return published;
  const exports: Record<string, unknown> = {};
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target !== "string") {
      throw new Error(
        `${manifest.name}: exports["${subpath}"] is not a path; publishManifest maps only "./src/<path>.ts" paths`,
      );
    }
    if (target.startsWith("./test-support/")) continue;
    const source = /^\.\/src\/(.+)\.ts$/.exec(target);
    if (!source) {
      exports[subpath] = target;
      continue;
    }
    const built = `./dist/${source[1]}`;
    exports[subpath] = options.declarations
      ? { types: `${built}.d.ts`, default: `${built}.js` }
      : `${built}.js`;
  }
  return { ...published, exports };
}
