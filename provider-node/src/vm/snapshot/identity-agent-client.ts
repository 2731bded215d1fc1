import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { VmError } from "../vm-error.ts";
import type { GuestIdentity } from "./guest-identity.ts";
import { encodeIdentityMessage, parseAgentReply } from "./identity-message.ts";

/** The most a reply may hold before its newline: the guest is untrusted. */
const maxReplyBytes = 1024;

/**
 * Checks that the guest's identity agent runs (`ping` → `pong`), before its machine is saved.
 * Fails with `VM_NOT_READY`.
 *
 * @example await pingIdentityAgent(agentSocket, 60_000);
 */
export async function pingIdentityAgent(socketPath: string, timeoutMs: number): Promise<void> {
  const nonce = randomBytes(16).toString("hex");
  const reply = parseAgentReply(
    await exchange(socketPath, `ping ${nonce}\n`, timeoutMs),
    "pong",
    nonce,
  );
  if (!reply.ok) {
    throw new VmError("VM_NOT_READY", `The guest's identity agent failed a ping: ${reply.reason}`);
  }
}

/**
 * Sends a clone its identity and waits for the agent's `done` with the guest's new address
 * (its new MAC got a new DHCP lease from QEMU's user network). The answer is untrusted and
 * bounded (one line of at most 1 KiB, within `timeoutMs`); `done` only lets the node go on to
 * its own check (an SSH login with the requestor's key against the host key it made). Fails
 * with `VM_NOT_READY` (no or a garbled answer) or `VM_START_FAILED` (the agent reported a failure).
 *
 * @example await sendGuestIdentity(agentSocket, identity, { timeoutMs: 60_000 });
 */
export async function sendGuestIdentity(
  socketPath: string,
  identity: GuestIdentity,
  options: { timeoutMs: number; rootBytes?: number },
): Promise<{ address: string }> {
  const nonce = randomBytes(16).toString("hex");
  const message = encodeIdentityMessage(nonce, identity, { rootBytes: options.rootBytes });
  const line = await exchange(socketPath, message, options.timeoutMs);
  const reply = parseAgentReply(line, "done", nonce);
  if (!reply.ok) {
    throw new VmError(
      "VM_START_FAILED",
      `The guest's identity agent could not apply the new identity: ${reply.reason}`,
      { hints: ["The clone is discarded; the VM is booted cold instead."] },
    );
  }
  return { address: reply.address ?? "" };
}

/** Writes `message` to the agent's socket and returns its first answer line. */
async function exchange(socketPath: string, message: string, timeoutMs: number): Promise<string> {
  const socket: Socket = connect(socketPath);
  try {
    return await new Promise<string>((resolve, reject) => {
      let received = Buffer.alloc(0);
      const fail = (message: string, cause?: unknown) =>
        reject(
          new VmError("VM_NOT_READY", message, {
            hints: ["Check the clone's console; its identity agent may not run."],
            ...(cause === undefined ? {} : { cause }),
          }),
        );
      const timer = setTimeout(
        () => fail(`The guest's identity agent did not answer within ${timeoutMs} ms`),
        timeoutMs,
      );
      socket.once("error", (error) => {
        clearTimeout(timer);
        fail("The identity agent's socket failed", error);
      });
      socket.once("close", () => {
        clearTimeout(timer);
        fail("The identity agent's socket closed before an answer");
      });
      socket.on("data", (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf(0x0a);
        if (end >= 0 && end <= maxReplyBytes) {
          clearTimeout(timer);
          resolve(received.subarray(0, end).toString("latin1"));
        } else if (received.length > maxReplyBytes) {
          clearTimeout(timer);
          fail(
            `The guest's identity agent sent more than ${maxReplyBytes} bytes without a newline`,
          );
        }
      });
      socket.write(message);
    });
  } finally {
    socket.destroy();
  }
}
