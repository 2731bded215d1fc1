import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { runtimePaths } from "./pid-file.ts";

const nodeIdPattern = /^[0-9a-f]{8}$/;

/**
 * The node's id: 8 random lowercase hex digits in `<dataDir>/node-id`, written (mode 0600) the
 * first time it is asked for and the same for the life of the data directory. Drivers put it
 * in the names of what they make on shared daemons (Multipass instances), so two nodes on one
 * host never take each other's VMs for their own. Fails with `CONFIG_INVALID` when the file
 * holds anything else.
 *
 * @example const nodeId = await readNodeId(config.dataDir); // "3f2a9c1b"
 */
export async function readNodeId(dataDir: string): Promise<string> {
  const path = runtimePaths(dataDir).nodeIdFile;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(path, `${randomBytes(4).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const id = (await readFile(path, "utf8")).trim();
  if (!nodeIdPattern.test(id)) {
    throw new GolemError("CONFIG_INVALID", `${path} does not hold a node id (8 hex digits)`, {
      hints: [
        "restore the file from a backup; deleting it gives the node a new id, and Multipass VMs named for the old one are no longer its own",
      ],
      details: { path },
    });
  }
  return id;
}
