import { randomBytes } from "node:crypto";
import type { HostKeyPair } from "../host-keys.ts";
import { type GuestHostKey, generateGuestHostKeys } from "./guest-host-keys.ts";

/** Everything that makes a restored clone its own machine; sent to its identity agent. */
export type GuestIdentity = {
  hostname: string;
  /** 32 lowercase hex digits (`/etc/machine-id`). */
  machineId: string;
  /** The NIC's new MAC (locally administered, QEMU's 52:54:00 prefix). */
  macAddress: string;
  /** Bytes the guest adds to its kernel RNG and reseeds from (secret). */
  entropy: Buffer;
  /** The requestor's public key: the login user's only authorized key. */
  authorizedKey: string;
  hostKeys: GuestHostKey[];
};

/**
 * A fresh identity for a clone: random machine-id, MAC and 64 bytes of entropy from the host's
 * CSPRNG, and SSH host keys: the VM's own from the node's key store when given (the keys its
 * owner pins), new ones otherwise.
 *
 * @example const identity = await newGuestIdentity({ hostname: "vm-1", authorizedKey: spec.sshPublicKey });
 */
export async function newGuestIdentity(parameters: {
  hostname: string;
  authorizedKey: string;
  hostKeys?: readonly HostKeyPair[] | undefined;
}): Promise<GuestIdentity> {
  const mac = randomBytes(3);
  return {
    hostname: parameters.hostname,
    machineId: randomBytes(16).toString("hex"),
    macAddress: ["52", "54", "00", ...[...mac].map((b) => b.toString(16).padStart(2, "0"))].join(
      ":",
    ),
    entropy: randomBytes(64),
    authorizedKey: parameters.authorizedKey.trim(),
    hostKeys:
      parameters.hostKeys && parameters.hostKeys.length > 0
        ? parameters.hostKeys.map((pair) => ({
            name: `ssh_host_${pair.type}_key`,
            privateKey: pair.privateKey,
            publicKey: pair.publicKey,
          }))
        : await generateGuestHostKeys(parameters.hostname),
  };
}
