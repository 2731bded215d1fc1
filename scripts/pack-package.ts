/**
 * The `prepack` and `postpack` of the published workspaces (sdk, provider-node, requestor); npm
 * runs them in the package's folder around `npm pack` and `npm publish`.
 *
 * - `prepack` builds `dist/` (see scripts/lib/build-package.ts), then swaps in the publish
 *   manifest: the same `package.json` with `exports` pointing at `dist/` instead of `src/`
 *   (scripts/lib/publish-manifest.ts). The workspace's own manifest is kept aside.
 * - `postpack` puts the workspace's manifest back, so the repository keeps running from source.
 *
 * npm reads `package.json` again after `prepack` to pack it, which is what makes the swap work
 * (pinst and clean-publish rely on the same). A pack that died between the two leaves the
 * publish manifest in place: the next `prepack` restores the kept one first, and
 * `git checkout <pkg>/package.json` does as well.
 *
 * Usage: node ../scripts/pack-package.ts prepack [--declarations] [--public-deployments DIR]
 *        node ../scripts/pack-package.ts postpack
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildPackage } from "./lib/build-package.ts";
import { type Manifest, publishManifest } from "./lib/publish-manifest.ts";

const { values, positionals } = parseArgs({
  options: {
    declarations: { type: "boolean", default: false },
    "public-deployments": { type: "string" },
  },
  allowPositionals: true,
});
const dir = process.cwd();
const manifestFile = join(dir, "package.json");
// Inside the package's node_modules: git ignores it and npm never packs it.
const keptFile = join(dir, "node_modules", ".workspace-package.json");

/** What prepack keeps: the workspace's manifest and the publish manifest it wrote over it. */
type Kept = { workspace: string; published: string };

async function restoreWorkspaceManifest(): Promise<void> {
  if (!existsSync(keptFile)) return;
  const kept = JSON.parse(await readFile(keptFile, "utf8")) as Kept;
  // Only over the publish manifest made from it: any other content is a newer edit to keep.
  if ((await readFile(manifestFile, "utf8")) === kept.published) {
    await writeFile(manifestFile, kept.workspace);
  }
  await rm(keptFile);
}

switch (positionals[0]) {
  case "prepack": {
    await restoreWorkspaceManifest();
    const text = await readFile(manifestFile, "utf8");
    await buildPackage(dir, {
      declarations: values.declarations,
      publicDeploymentsFrom: values["public-deployments"],
    });
    const published = publishManifest(JSON.parse(text) as Manifest, {
      declarations: values.declarations,
    });
    const kept: Kept = { workspace: text, published: `${JSON.stringify(published, null, 2)}\n` };
    await mkdir(join(dir, "node_modules"), { recursive: true });
    await writeFile(keptFile, JSON.stringify(kept));
    await writeFile(manifestFile, kept.published);
    break;
  }
  case "postpack":
    await restoreWorkspaceManifest();
    break;
  default:
    console.error(
      "usage: node ../scripts/pack-package.ts prepack|postpack [--declarations] [--public-deployments DIR]",
    );
    process.exit(2);
}
