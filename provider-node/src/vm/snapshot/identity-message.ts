import { VmError } from "../vm-error.ts";
import type { GuestIdentity } from "./guest-identity.ts";

/**
 * The agent protocol (host → guest), ASCII lines over the virtio-serial port:
 *
 *   ping <nonce>                          → pong <nonce>
 *   identity <nonce>
 *   hostname <name>
 *   machine-id <32 hex>
 *   mac <aa:bb:cc:dd:ee:ff>
 *   clock <unix seconds>.<9 digits>
 *   entropy <base64>
 *   authorized-key <base64 of the key line>
 *   host-key <file name> <base64 private> <base64 public>   (one per key)
 *   root-bytes <disk size in bytes>       (optional: grow the root file system to it)
 *   end                                   → done <nonce> <ipv4> | failed <nonce> <reason>
 *
 * Binary and free-form values are base64, so no value can carry a newline or a space.
 */
export function encodeIdentityMessage(
  nonce: string,
  identity: GuestIdentity,
  options: { nowMs?: number; rootBytes?: number } = {},
): string {
  const nowMs = options.nowMs ?? Date.now();
  const b64 = (text: string | Buffer) => Buffer.from(text).toString("base64");
  const seconds = Math.floor(nowMs / 1000);
  const nanos = String(Math.round((nowMs - seconds * 1000) * 1e6)).padStart(9, "0");
  return [
    `identity ${nonce}`,
    `hostname ${identity.hostname}`,
    `machine-id ${identity.machineId}`,
    `mac ${identity.macAddress}`,
    `clock ${seconds}.${nanos}`,
    `entropy ${identity.entropy.toString("base64")}`,
    `authorized-key ${b64(identity.authorizedKey)}`,
    ...identity.hostKeys.map(
      (key) => `host-key ${key.name} ${b64(key.privateKey)} ${b64(`${key.publicKey}\n`)}`,
    ),
    ...(options.rootBytes === undefined ? [] : [`root-bytes ${options.rootBytes}`]),
    "end",
    "",
  ].join("\n");
}

/**
 * The agent's answer to a message with `nonce`: done (with the guest's address after its DHCP
 * renew, for `done`), or a sanitized reason.
 */
export type AgentReply = { ok: true; address?: string } | { ok: false; reason: string };

/** An address QEMU's user network gives by DHCP (10.0.2.15 onwards; .2 and .3 are the host's). */
const userNetworkAddress = /^10\.0\.2\.(1[5-9]|[2-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-4])$/;

/**
 * Reads the agent's first line as untrusted input: only `pong <nonce>`, or `done <nonce>
 * <address>` with an address of QEMU's user network, counts as success, `failed <nonce> <reason>` carries a reason cut to 200 printable characters, and
 * anything else is a protocol error (`VM_NOT_READY`). Pure.
 *
 * @example parseAgentReply("done 0123… 10.0.2.16", "done", "0123…") // { ok: true, address: "10.0.2.16" }
 */
export function parseAgentReply(
  line: string,
  expected: "pong" | "done",
  nonce: string,
): AgentReply {
  if (expected === "pong" && line === `pong ${nonce}`) return { ok: true };
  const done = `done ${nonce} `;
  if (expected === "done" && line.startsWith(done)) {
    const address = line.slice(done.length);
    if (userNetworkAddress.test(address)) return { ok: true, address };
  }
  const failed = `failed ${nonce} `;
  if (line.startsWith(failed)) {
    return {
      ok: false,
      reason: line
        .slice(failed.length)
        .replace(/[^ -~]/g, "?")
        .slice(0, 200),
    };
  }
  throw new VmError("VM_NOT_READY", "The guest's identity agent answered out of protocol", {
    hints: ["Rebuild the VM snapshot; the guest agent in its image does not match the node."],
    details: { answer: line.replace(/[^ -~]/g, "?").slice(0, 80) },
  });
}
