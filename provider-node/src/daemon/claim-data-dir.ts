import { chmod, mkdir } from "node:fs/promises";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { readLivePid, runtimePaths } from "./pid-file.ts";

/**
 * Creates the node's data directory (mode 0700, tightened when it exists) and checks that no
 * other live node runs from it (`DAEMON_ALREADY_RUNNING`). Returns the node's runtime paths;
 * the pid file itself is written later, once the driver and ports passed their checks.
 *
 * @example const paths = await claimDataDir(config.dataDir);
 */
export async function claimDataDir(dataDir: string): Promise<ReturnType<typeof runtimePaths>> {
  const paths = runtimePaths(dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  const running = await readLivePid(paths.pidFile);
  if (running !== undefined && running !== process.pid) {
    throw new GolemError(
      "DAEMON_ALREADY_RUNNING",
      `a provider node already runs from ${dataDir} (pid ${running})`,
      {
        details: { pid: running, dataDir },
      },
    );
  }
  return paths;
}
