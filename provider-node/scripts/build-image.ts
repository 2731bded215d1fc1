// Builds (or finds in the cache) the VM base image, or downloads and verifies an official
// cloud image. Usage:
//   node provider-node/scripts/build-image.ts [--cache-dir DIR]
//   node provider-node/scripts/build-image.ts --url URL --sha256 HEX [--cache-dir DIR]
import { parseArgs } from "node:util";
import { defaultCacheDir, ensureBaseImage } from "../src/image/ensure-base-image.ts";
import { ensureCloudImage } from "../src/image/ensure-cloud-image.ts";
import { VmError } from "../src/vm/vm-error.ts";

const { values } = parseArgs({
  options: {
    "cache-dir": { type: "string" },
    url: { type: "string" },
    sha256: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(
    "usage: build-image.ts [--cache-dir DIR] [--url URL --sha256 HEX]\n" +
      "  without --url: build the Debian base image from packages (needs root, 2–4 min)\n" +
      "  with --url:    download an official cloud image and verify its SHA-256",
  );
  process.exit(0);
}
const cacheDir = values["cache-dir"] ?? process.env.GOLEM_PROVIDER_CACHE_DIR ?? defaultCacheDir();
const log = (line: string) => console.error(`[image] ${line}`);

try {
  const started = performance.now();
  const result =
    values.url === undefined
      ? await ensureBaseImage({ cacheDir, log })
      : await ensureCloudImage({ cacheDir, url: values.url, sha256: values.sha256 ?? "", log });
  console.log(
    JSON.stringify(
      { ...result, seconds: Math.round((performance.now() - started) / 1000) },
      null,
      2,
    ),
  );
} catch (error) {
  if (error instanceof VmError) {
    console.error(`error[${error.code}]: ${error.message}`);
    for (const hint of error.hints) console.error(`  hint: ${hint}`);
    if (error.details.stderr) console.error(String(error.details.stderr));
    process.exit(1);
  }
  throw error;
}
