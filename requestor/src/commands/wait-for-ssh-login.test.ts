import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForSshLogin } from "./wait-for-ssh-login.ts";

// The retry loop against stand-in `ssh` programs (shell scripts that fail like ssh does until
// a given attempt); the real login over OpenSSH runs in cli-rental.e2e.test.ts and the demo's test.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ssh-login-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A stand-in ssh that fails (exit 255, ssh's last line) until attempt `okAt`, logging its argv. */
async function fakeSsh(name: string, okAt: number): Promise<string> {
  const path = join(dir, name);
  const count = join(dir, `${name}.count`);
  await writeFile(
    path,
    `#!/bin/sh
n=$(( $(cat ${count} 2>/dev/null || echo 0) + 1 )); echo $n > ${count}
echo "$@" > ${count}.args
[ $n -ge ${okAt} ] && exit 0
echo "kex_exchange_identification: Connection closed by remote host" >&2; exit 255
`,
  );
  await chmod(path, 0o755);
  return path;
}

describe("waitForSshLogin", () => {
  it("tries again until a login works, in batch mode with `true` as the command", async () => {
    const command = await fakeSsh("flaky", 3);
    const retries: string[] = [];
    const loggedIn = await waitForSshLogin({
      command,
      args: ["-p", "2222", "golem@127.0.0.1"],
      name: "web-1",
      intervalMs: 10,
      onRetry: (attempt, error) => retries.push(`${attempt} ${error}`),
    });
    expect(loggedIn).toBe(true);
    expect(retries).toEqual([
      "1 kex_exchange_identification: Connection closed by remote host",
      "2 kex_exchange_identification: Connection closed by remote host",
    ]);
    const args = (await readFile(join(dir, "flaky.count.args"), "utf8")).trim();
    expect(args).toBe("-o BatchMode=yes -o ConnectTimeout=10 -p 2222 golem@127.0.0.1 true");
  });

  it("gives up after the timeout with PROVIDER_UNREACHABLE and ssh's last error", async () => {
    const command = await fakeSsh("never", 1_000_000);
    const error = await waitForSshLogin({
      command,
      args: ["golem@127.0.0.1"],
      name: "web-1",
      timeoutMs: 200,
      intervalMs: 20,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "PROVIDER_UNREACHABLE",
      details: { name: "web-1", sshError: expect.stringMatching(/Connection closed/) },
    });
    expect((error as { hints: string[] }).hints.join("\n")).toMatch(/golem vm destroy web-1/);
  });

  it("says false without waiting when there is no ssh program", async () => {
    const loggedIn = await waitForSshLogin({
      command: join(dir, "no-such-ssh"),
      args: ["golem@127.0.0.1"],
      name: "web-1",
    });
    expect(loggedIn).toBe(false);
  });

  it("stops at once with SSH_HOST_KEY_MISMATCH when ssh refuses the server's host key", async () => {
    // What OpenSSH 9 prints (stderr, exit 255) for a pinned [host]:port whose server shows another key.
    const path = join(dir, "refused");
    await writeFile(
      path,
      `#!/bin/sh
echo x >> ${path}.count
cat >&2 <<'EOT'
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
Host key for [127.0.0.1]:2222 has changed and you have requested strict checking.
Host key verification failed.
EOT
exit 255
`,
    );
    await chmod(path, 0o755);
    const error = await waitForSshLogin({
      command: path,
      args: ["golem@127.0.0.1"],
      name: "web-1",
      intervalMs: 10,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "SSH_HOST_KEY_MISMATCH",
      details: { name: "web-1", sshError: "Host key verification failed." },
    });
    expect((await readFile(`${path}.count`, "utf8")).trim().split("\n")).toHaveLength(1);
  });
});
