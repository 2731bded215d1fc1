// `golem vm create --ssh-key PATH`: an existing OpenSSH public key goes into the VM, and later
// SSH commands log in with its private key. A real Hardhat chain and the real provider daemon
// with payments on; the VM is the provider's TEST-ONLY fake process guest (it answers an SSH
// banner and records the spec it got, key included) because the key handling is the subject,
// not the hypervisor. The CLI's own login check runs `true` (fakeGuestLoginEnv).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killFakeGuests } from "../../provider-node/test/support/fake-process-driver.ts";
import { freePort } from "../../scripts/lib/free-port.ts";
import type { ProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import {
  fakeGuestLoginEnv,
  fakeVmsDir,
  type PaidChain,
  startFakeGuestProvider,
  startPaidChain,
} from "./support/paid-setup.ts";

const run = promisify(execFile);
let paid: PaidChain;
let daemon: ProviderDaemon;
let providerId: Address;
let keyDir: string;
let privateKey: string;
let env: Record<string, string>;

beforeAll(async () => {
  paid = await startPaidChain();
  daemon = await startFakeGuestProvider(paid);
  providerId = await daemon.address();
  keyDir = join(paid.dir, "my-keys");
  await mkdir(keyDir, { recursive: true, mode: 0o700 });
  privateKey = join(keyDir, "id_ed25519");
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "me@laptop", "-f", privateKey]);
  env = { ...paid.env, ...fakeGuestLoginEnv };
}, 300_000);

afterAll(async () => {
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 120_000 });
  await daemon?.stop();
  if (paid) await killFakeGuests(fakeVmsDir(paid));
  await paid?.stop();
}, 180_000);

const create = (name: string, ...extra: string[]) => [
  ...["vm", "create", name, "--provider-id", providerId, "--provider-url", daemon.apiUrl],
  ...["--cpu", "1", "--memory", "1", "--storage", "4", ...extra],
];

describe("golem vm create --ssh-key", { timeout: 180_000 }, () => {
  it("a private key, a missing file or a non-key fail with SSH_KEY_INVALID before the chain is asked", async () => {
    // Nobody answers on this RPC port: a failure after the key check would be CHAIN_UNREACHABLE.
    const offline = { ...env, GOLEM_REQUESTOR_RPC_URL: `http://127.0.0.1:${await freePort()}` };
    const slip = await runGolem(create("web-1", "--ssh-key", privateKey, "--yes"), offline);
    expect(slip.code).toBe(1);
    expect(slip.stdout).toBe("");
    expect(slip.stderr).toBe(
      `error[SSH_KEY_INVALID]: ${privateKey} is a private key; --ssh-key takes the public key, which is installed in the VM\n  hint: pass its public half: --ssh-key ${privateKey}.pub\n`,
    );
    const missing = await runGolem(
      create("web-1", "--ssh-key", join(keyDir, "nope.pub"), "--yes", "--json"),
      offline,
    );
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error).toMatchObject({
      code: "SSH_KEY_INVALID",
      details: { field: "--ssh-key", path: join(keyDir, "nope.pub"), problem: "ENOENT" },
    });
    const junk = await runGolem(create("web-1", "--ssh-key", "/etc/hostname", "--yes"), offline);
    expect(junk.stderr).toMatch(
      /^error\[SSH_KEY_INVALID\]: \/etc\/hostname is not an OpenSSH public key\n/,
    );
    // Nothing was recorded, and the home got no key of its own.
    expect(jsonOf<{ vms: unknown[] }>(await runGolem(["vm", "list", "--json"], env)).vms).toEqual(
      [],
    );
    expect(existsSync(join(env.GOLEM_REQUESTOR_HOME ?? "", "ssh", "id_ed25519"))).toBe(false);
  });

  it("installs the given public key in the VM; vm connect and ssh use the private key beside it", async () => {
    jsonOf(await runGolem(["wallet", "faucet", "--json"], env));
    const created = jsonOf<{
      status: string;
      vmId: string;
      sshKeyPath: string;
      sshCommand: string;
    }>(
      await runGolem(
        create("mine", "--ssh-key", `${privateKey}.pub`, "--hours", "2", "--yes", "--json"),
        env,
        { timeoutMs: 180_000 },
      ),
    );
    expect(created.status).toBe("running");
    expect(created.sshKeyPath).toBe(privateKey);
    expect(created.sshCommand).toContain(`-i ${privateKey} `);
    // The provider got exactly that key line for the VM.
    const records = await Promise.all(
      (await readdir(fakeVmsDir(paid)))
        .filter((file) => file.endsWith(".json"))
        .map(async (file) => JSON.parse(await readFile(join(fakeVmsDir(paid), file), "utf8"))),
    );
    const record = records.find((r) => r.spec.id === created.vmId);
    expect(record?.spec.sshPublicKey).toBe((await readFile(`${privateKey}.pub`, "utf8")).trim());
    // Later commands log in with it too, and golem made no key of its own.
    const connect = jsonOf<{ keyPath: string; command: string }>(
      await runGolem(["vm", "connect", "mine", "--json"], env),
    );
    expect(connect.keyPath).toBe(privateKey);
    expect(connect.command).toContain(`-i ${privateKey} `);
    expect(existsSync(join(env.GOLEM_REQUESTOR_HOME ?? "", "ssh", "id_ed25519"))).toBe(false);
  });
});
