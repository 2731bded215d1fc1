import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { GolemError } from "@vm-on-golem/sdk/errors";

/** File name of the node's libp2p identity key inside its data directory. */
export const peerKeyFile = "libp2p.key";

/**
 * The node's libp2p identity (Ed25519): read from `<dataDir>/libp2p.key`, generated there
 * (mode 0600) on first start, so the peer id, and bootstrap addresses naming it, survive restarts.
 *
 * @example const privateKey = await loadPeerKey(config.dataDir);
 */
export async function loadPeerKey(dataDir: string): Promise<PrivateKey> {
  const path = join(dataDir, peerKeyFile);
  let bytes: Buffer | undefined;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (bytes !== undefined) {
    try {
      return privateKeyFromProtobuf(bytes);
    } catch (cause) {
      throw new GolemError("CONFIG_INVALID", `${path} is not a libp2p private key`, {
        cause,
        hints: [`remove ${path} to generate a new identity (the node gets a new peer id)`],
      });
    }
  }
  const key = await generateKeyPair("Ed25519");
  // `wx`: two nodes starting at once must not overwrite each other's fresh key.
  await writeFile(path, privateKeyToProtobuf(key), { mode: 0o600, flag: "wx" });
  return key;
}
