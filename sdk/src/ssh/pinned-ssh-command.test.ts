import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { golemRejection } from "../errors/golem-rejection.ts";
import { sshCommandOf } from "./ssh-command-of.ts";

// The dapp's pinned command, run by real shells (bash and dash) with a stand-in `ssh` that
// prints its arguments; the command against a real VM's sshd runs in cli-host-keys.e2e.test.ts.
const run = promisify(execFile);
let dir: string;
let hostKey: string;
const access = { host: "203.0.113.7", port: 22800 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pinned-command-"));
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "", "-f", join(dir, "host")]);
  hostKey = (await readFile(join(dir, "host.pub"), "utf8")).trim();
  await mkdir(join(dir, "bin"));
  await writeFile(join(dir, "bin", "ssh"), '#!/bin/sh\nprintf "%s\\n" "$@"\n');
  await chmod(join(dir, "bin", "ssh"), 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("sshCommandOf with pinned host keys", () => {
  it("writes the VM's known_hosts file first, then connects with strict checking against it", () => {
    const command = sshCommandOf({
      access,
      keyFile: "~/.ssh/golem-vm",
      pin: { vmId: "vm-1", hostKeys: [{ publicKey: hostKey }] },
    });
    expect(command).toBe(
      `mkdir -p ~/.ssh && printf '%s\\n' '[203.0.113.7]:22800 ${hostKey}' > ~/.ssh/golem-vm-1.known_hosts && ` +
        "ssh -i ~/.ssh/golem-vm -p 22800 -o ServerAliveInterval=60 -o StrictHostKeyChecking=yes " +
        "-o UserKnownHostsFile=~/.ssh/golem-vm-1.known_hosts golem@203.0.113.7",
    );
  });

  it.each(["bash", "dash"])(
    "runs as meant in %s: the file holds the key OpenSSH finds for [host]:port",
    async (shell) => {
      const home = join(dir, shell);
      await mkdir(home);
      const command = sshCommandOf({
        access,
        pin: { vmId: "vm-1", hostKeys: [{ publicKey: hostKey }] },
      });
      const { stdout } = await run(shell, ["-c", command], {
        env: { HOME: home, PATH: `${join(dir, "bin")}:/usr/bin:/bin` },
      });
      // bash expands the `~` after `=` itself, dash leaves it to ssh: the same file either way.
      expect(stdout.replaceAll(home, "~").trim().split("\n")).toEqual([
        ...["-p", "22800", "-o", "ServerAliveInterval=60", "-o", "StrictHostKeyChecking=yes"],
        ...["-o", "UserKnownHostsFile=~/.ssh/golem-vm-1.known_hosts", "golem@203.0.113.7"],
      ]);
      const file = join(home, ".ssh", "golem-vm-1.known_hosts");
      expect(await readFile(file, "utf8")).toBe(`[203.0.113.7]:22800 ${hostKey}\n`);
      const found = await run("ssh-keygen", ["-F", "[203.0.113.7]:22800", "-f", file]);
      expect(found.stdout).toContain(hostKey);
    },
  );

  it.each([
    [
      "a key line with a command after it",
      { vmId: "vm-1", hostKeys: [{ publicKey: "ssh-ed25519 AAAA'; rm -rf ~; '" }] },
    ],
    ["a key with a comment", { vmId: "vm-1", hostKeys: [{ publicKey: "KEY root@evil" }] }],
    ["no keys", { vmId: "vm-1", hostKeys: [] }],
    ["a VM id that is a path", { vmId: "../../.bashrc", hostKeys: [{ publicKey: "KEY" }] }],
  ])("refuses %s and builds nothing", async (_name, pin) => {
    const withKey = {
      ...pin,
      hostKeys: pin.hostKeys.map((k) => ({ publicKey: k.publicKey.replace("KEY", hostKey) })),
    };
    const error = await golemRejection(
      Promise.resolve().then(() => sshCommandOf({ access, pin: withKey })),
    );
    expect(error.code).toBe("SSH_ACCESS_INVALID");
  });
});
