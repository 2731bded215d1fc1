import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { sshCommandOf } from "@vm-on-golem/sdk/ssh";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advertPeers } from "../../scripts/lib/advert-peers.ts";
import { type ProviderDaemon, startProviderDaemon } from "../../scripts/lib/provider-daemon.ts";
import { jsonOf, runGolem } from "./run-golem.ts";
import { corePricedPayments, type PaidChain, startPaidChain } from "./support/paid-setup.ts";

// SSH host keys pinned, not trusted on first use, with nothing mocked: a Hardhat node, the real
// provider daemon with the QEMU driver (one VM boot and one restart under TCG: minutes), the
// CLI and real OpenSSH. The CLI's ssh is the system ssh behind a recorder that logs each call's
// arguments and the known_hosts file it is given, then runs ssh itself. Run VM tests one at a time.
const vmTimeout = 20 * 60_000;
const run = promisify(execFile);
let paid: PaidChain;
let daemon: ProviderDaemon | undefined;
let env: Record<string, string>;
let recorderLog: string;

type HostKey = { publicKey: string; fingerprint: string };
let created: {
  vmId: string;
  sshPort: number;
  sshHost: string;
  sshCommand: string;
  sshHostKeys: HostKey[];
};

const golem = (args: string[], timeoutMs = 120_000) =>
  runGolem([...args, "--json"], env, { timeoutMs });
const home = () => env.GOLEM_REQUESTOR_HOME as string;
const knownHostsOf = (name: string) => join(home(), "ssh", "known_hosts.d", name);

beforeAll(async () => {
  paid = await startPaidChain();
  const dataDir = join(paid.dir, "p");
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  daemon = await startProviderDaemon({ dataDir, payments: corePricedPayments(paid) });
  const bootstrap = await advertPeers(daemon.apiUrl, "tcp", 60_000);
  recorderLog = join(paid.dir, "ssh-calls.log");
  const recorder = join(paid.dir, "ssh-recorder");
  await writeFile(
    recorder,
    `#!/bin/sh
# Logs the call and the known_hosts file ssh is given as it is at this moment, then runs ssh.
for a in "$@"; do case "$a" in UserKnownHostsFile=*) kh="\${a#UserKnownHostsFile=}";; esac; done
{ echo "CALL $*"; [ -n "$kh" ] && [ -f "$kh" ] && sed 's/^/KNOWN /' "$kh"; } >> ${recorderLog}
exec ssh "$@"
`,
  );
  await chmod(recorder, 0o755);
  env = {
    ...paid.env,
    GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: bootstrap.join(","),
    GOLEM_REQUESTOR_SSH_COMMAND: recorder,
  };
}, vmTimeout);

afterAll(async () => {
  if (paid) await runGolem(["vm", "purge", "--yes"], paid.env, { timeoutMs: 300_000 });
  await daemon?.stop();
  await paid?.stop();
}, vmTimeout);

describe("SSH host keys pinned from the provider (real chain, provider daemon, QEMU, OpenSSH)", () => {
  it(
    "vm create writes the provider's host key to the VM's known_hosts before the first connection and logs in strictly",
    async () => {
      const providerId = (await daemon?.address()) as string;
      jsonOf(await golem(["wallet", "faucet"]));
      created = jsonOf(
        await golem(
          [
            ...["vm", "create", "web-1", "--provider-id", providerId],
            ...["--cpu", "2", "--memory", "1", "--storage", "4", "--hours", "1", "--yes"],
          ],
          vmTimeout,
        ),
      );
      expect(created.sshHostKeys.map((k) => k.publicKey.split(" ")[0])).toEqual([
        "ssh-ed25519",
        "ecdsa-sha2-nistp256",
      ]);
      const lines = created.sshHostKeys.map(
        (key) => `[127.0.0.1]:${created.sshPort} ${key.publicKey}`,
      );
      // The very first ssh call already had the pinned file, and checked strictly against it.
      const log = await readFile(recorderLog, "utf8");
      const firstCall = log.split("CALL ")[1] as string;
      expect(firstCall).toContain("StrictHostKeyChecking=yes");
      expect(firstCall).toContain(`UserKnownHostsFile=${knownHostsOf("web-1")}`);
      for (const line of lines) expect(firstCall).toContain(`KNOWN ${line}`);
      expect(firstCall).not.toContain("accept-new");
      // The file is the pin, as written (ssh learned nothing into it).
      expect((await readFile(knownHostsOf("web-1"), "utf8")).split("\n").slice(1)).toEqual([
        ...lines,
        "",
      ]);
      expect(created.sshCommand).toContain("StrictHostKeyChecking=yes");
    },
    vmTimeout,
  );

  it("the guest presents exactly the keys its provider made, no other", async () => {
    const { stdout } = await run("ssh-keyscan", [
      "-p",
      String(created.sshPort),
      "-t",
      "ed25519,ecdsa,rsa",
      "127.0.0.1",
    ]);
    const offered = stdout.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(offered.sort()).toEqual(
      created.sshHostKeys.map((key) => `[127.0.0.1]:${created.sshPort} ${key.publicKey}`).sort(),
    );
    const inGuest = await runGolem(
      ["vm", "ssh", "web-1", "--", "sudo cat /etc/ssh/ssh_host_ed25519_key.pub"],
      env,
    );
    expect(inGuest.code, inGuest.stderr).toBe(0);
    expect(inGuest.stdout.trim().split(" ").slice(0, 2).join(" ")).toBe(
      created.sshHostKeys[0]?.publicKey,
    );
    expect(inGuest.stderr).not.toContain("not pinned");
  });

  it("vm connect prints a pinned command, and the dapp's pinned command logs in from bash", async () => {
    const connect = jsonOf<{ hostKeysPinned: boolean; command: string }>(
      await golem(["vm", "connect", "web-1"]),
    );
    expect(connect.hostKeysPinned).toBe(true);
    expect(connect.command).toContain("StrictHostKeyChecking=yes");
    const dapp = dappCommand();
    const login = await run("bash", ["-c", `${dapp} true </dev/null`], {
      env: { ...process.env, HOME: join(paid.dir, "dapp-home") },
    });
    expect(login.stderr).not.toMatch(/warning|verification failed/i);
  });

  it(
    "a guest whose host key was swapped is refused: vm ssh, the dapp's command, and vm start's login wait",
    async () => {
      const swap = [
        "sudo rm -f /etc/ssh/ssh_host_*",
        "sudo ssh-keygen -q -t ed25519 -N '' -C '' -f /etc/ssh/ssh_host_ed25519_key",
        "sudo ssh-keygen -q -t ecdsa -N '' -C '' -f /etc/ssh/ssh_host_ecdsa_key",
        "sudo systemctl restart ssh",
      ].join(" && ");
      const swapped = await runGolem(["vm", "ssh", "web-1", "--", swap], env);
      expect(swapped.code, swapped.stderr).toBe(0);

      const refused = await runGolem(["vm", "ssh", "web-1", "--", "true"], env);
      expect(refused.code).toBe(255);
      expect(refused.stderr).toContain("REMOTE HOST IDENTIFICATION HAS CHANGED");
      expect(refused.stderr).toContain("Host key verification failed.");

      const dapp = await run("bash", ["-c", `${dappCommand()} true </dev/null`], {
        env: { ...process.env, HOME: join(paid.dir, "dapp-home") },
      }).catch((error: { code: number; stderr: string }) => error);
      expect((dapp as { code: number }).code).toBe(255);
      expect((dapp as { stderr: string }).stderr).toContain("Host key verification failed.");

      // After a restart the CLI pins the provider's key again; the guest still shows the swapped one.
      jsonOf(await golem(["vm", "stop", "web-1"], 300_000));
      const start = await golem(["vm", "start", "web-1"], vmTimeout);
      expect(start.code).not.toBe(0);
      // With --json the error is the API's envelope on stdout.
      const { error } = JSON.parse(start.stdout) as { error: { code: string; message: string } };
      expect(error.code).toBe("SSH_HOST_KEY_MISMATCH");
      expect(error.message).toContain("not the one its provider gave");
    },
    vmTimeout,
  );
});

/** What the dapp's Copy button holds for this VM, with the requestor's key for `-i`. */
function dappCommand(): string {
  return sshCommandOf({
    access: { host: created.sshHost, port: created.sshPort },
    keyFile: join(home(), "ssh", "id_ed25519"),
    pin: { vmId: created.vmId, hostKeys: created.sshHostKeys },
  });
}
