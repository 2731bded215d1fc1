import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRequestorDb } from "../src/state/requestor-db.ts";
import { jsonOf, runGolem } from "./run-golem.ts";

// `vm list|info|connect|ssh` over the local db, through the real CLI. ssh is a fake client
// script that records its arguments (no sshd to rent here); the key is made by real ssh-keygen.
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "golem-cli-vms-"));
  const home = join(dir, "home");
  const fakeSsh = join(dir, "fake-ssh");
  await writeFile(fakeSsh, `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, "ssh-args")}"\nexit 7\n`);
  await chmod(fakeSsh, 0o755);
  env = { GOLEM_REQUESTOR_HOME: home, GOLEM_REQUESTOR_SSH_COMMAND: fakeSsh };
  await runGolem(["vm", "list"], env); // creates the home and the db
  const db = openRequestorDb(home);
  db.upsertVm({
    name: "web-1",
    providerId: "0x00000000000000000000000000000000000000aa",
    providerApiUrl: "http://127.0.0.1:7466",
    vmId: "vm-3f2a",
    streamId: "4",
    sshHost: "127.0.0.1",
    sshPort: 50800,
    status: "running",
    cpu: 2,
    memoryGiB: 4,
    storageGiB: 20,
    createdAt: Date.UTC(2026, 0, 1),
  });
  db.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("golem vm over the local db", () => {
  it("lists VMs as a table and as JSON", async () => {
    const text = await runGolem(["vm", "list"], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("web-1");
    expect(text.stdout).toContain("127.0.0.1:50800");
    expect(text.stdout).toContain("2 CPU, 4 GiB RAM, 20 GiB disk");
    const json = jsonOf<{ vms: { name: string; streamId: string }[] }>(
      await runGolem(["vm", "list", "--json"], env),
    );
    expect(json.vms).toMatchObject([{ name: "web-1", streamId: "4" }]);
  });

  it("shows one VM as recorded when its provider does not answer", async () => {
    const info = jsonOf<{
      vmId: string;
      status: string;
      refreshed: boolean;
      providerError: string;
    }>(
      await runGolem(["vm", "info", "web-1", "--json"], {
        ...env,
        GOLEM_REQUESTOR_PRIVATE_KEY: `0x${"11".repeat(32)}`,
      }),
    );
    expect(info).toMatchObject({ vmId: "vm-3f2a", status: "running", refreshed: false });
    expect(info.providerError).toMatch(/^PROVIDER_UNREACHABLE: /);
  });

  it("prints the ssh command with the generated key", async () => {
    const run = await runGolem(["vm", "connect", "web-1"], env);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(
      /fake-ssh -i \S+\/ssh\/id_ed25519 -p 50800 -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new -o ServerAliveInterval=60 -o UserKnownHostsFile=\S+\/ssh\/known_hosts\.d\/web-1 golem@127\.0\.0\.1$/,
    );
  });

  it("runs ssh with the key, port and user, passes a trailing command and its exit code", async () => {
    const run = await runGolem(["vm", "ssh", "web-1", "--", "uname", "-a"], env);
    expect(run.code).toBe(7);
    const args = (await readFile(join(dir, "ssh-args"), "utf8")).trim().split("\n");
    expect(args.slice(0, 2)).toEqual([
      "-i",
      join(env.GOLEM_REQUESTOR_HOME ?? "", "ssh", "id_ed25519"),
    ]);
    expect(args.slice(2, 4)).toEqual(["-p", "50800"]);
    expect(args.slice(-3)).toEqual(["golem@127.0.0.1", "uname", "-a"]);
  });

  it("names a missing VM with VM_NOT_FOUND", async () => {
    const run = await runGolem(["vm", "ssh", "nope"], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error\[VM_NOT_FOUND\]/);
  });
});
