import { describe, expect, it } from "vitest";
import { isVmError } from "../vm-error.ts";
import type { GuestIdentity } from "./guest-identity.ts";
import { encodeIdentityMessage, parseAgentReply } from "./identity-message.ts";

const nonce = "0123456789abcdef0123456789abcdef";
const identity: GuestIdentity = {
  hostname: "vm-1",
  machineId: "ab".repeat(16),
  macAddress: "52:54:00:01:02:03",
  entropy: Buffer.alloc(64, 7),
  authorizedKey: "ssh-ed25519 AAAAC3Nza requestor with spaces",
  hostKeys: [
    {
      name: "ssh_host_ed25519_key",
      privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n",
      publicKey: "ssh-ed25519 AAAA root@vm-1",
    },
  ],
};

describe("encodeIdentityMessage", () => {
  it("writes one field per line, free-form and binary values in base64, ending with `end`", () => {
    const lines = encodeIdentityMessage(nonce, identity, { nowMs: 1_700_000_000_123 }).split("\n");
    expect(lines[0]).toBe(`identity ${nonce}`);
    expect(lines).toContain("hostname vm-1");
    expect(lines).toContain(`machine-id ${"ab".repeat(16)}`);
    expect(lines).toContain("mac 52:54:00:01:02:03");
    expect(lines).toContain("clock 1700000000.123000000");
    expect(lines).toContain(`entropy ${Buffer.alloc(64, 7).toString("base64")}`);
    const key = lines.find((l) => l.startsWith("authorized-key "))?.split(" ")[1] ?? "";
    expect(Buffer.from(key, "base64").toString()).toBe(identity.authorizedKey);
    const hostKey = lines.find((l) => l.startsWith("host-key "))?.split(" ") ?? [];
    expect(hostKey).toHaveLength(4);
    expect(Buffer.from(hostKey[2] ?? "", "base64").toString()).toBe(
      identity.hostKeys[0]?.privateKey,
    );
    expect(lines.slice(-2)).toEqual(["end", ""]);
    expect(lines.some((l) => l.startsWith("root-bytes"))).toBe(false);
    expect(encodeIdentityMessage(nonce, identity, { rootBytes: 10 * 2 ** 30 })).toContain(
      "\nroot-bytes 10737418240\nend\n",
    );
    // No value can break the line structure.
    expect(lines.every((l) => l.split(" ").length <= 4)).toBe(true);
  });
});

describe("parseAgentReply (the guest is untrusted)", () => {
  it("accepts only the expected word with this nonce (and for done, a user-network address)", () => {
    expect(parseAgentReply(`done ${nonce} 10.0.2.16`, "done", nonce)).toEqual({
      ok: true,
      address: "10.0.2.16",
    });
    expect(parseAgentReply(`pong ${nonce}`, "pong", nonce)).toEqual({ ok: true });
  });

  it("refuses another nonce, another word, trailing bytes and garbage", () => {
    for (const line of [
      `done ${"f".repeat(32)} 10.0.2.15`,
      `pong ${nonce}`,
      `done ${nonce}`,
      `done ${nonce} extra`,
      `done ${nonce} 10.0.2.2`,
      `done ${nonce} 10.0.2.255`,
      `done ${nonce} 127.0.0.1`,
      `done ${nonce} 10.0.2.15 `,
      `done ${nonce} 10.0.2.15\r`,
      "",
      "\u0000".repeat(100),
    ]) {
      const error = (() => {
        try {
          return parseAgentReply(line, "done", nonce);
        } catch (e) {
          return e;
        }
      })();
      expect(isVmError(error, "VM_NOT_READY"), JSON.stringify(line)).toBe(true);
    }
  });

  it("cuts a failure's reason to 200 printable characters", () => {
    const reply = parseAgentReply(`failed ${nonce} ${"\u001b[2J".repeat(100)}`, "done", nonce);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.reason.length).toBeLessThanOrEqual(200);
    expect(reply.reason).toMatch(/^[ -~]*$/);
  });
});
