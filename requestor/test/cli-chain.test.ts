import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signedAdvertToJson } from "@vm-on-golem/sdk/advert";
import { getGlmBalance, getStreamState } from "@vm-on-golem/sdk/contract";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { testProvider, testSignedAdvert } from "@vm-on-golem/sdk/test-support/test-adverts";
import { network } from "hardhat";
import { type Address, createPublicClient, createTestClient, http, parseEther } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployContracts, writeDeployment } from "../../scripts/deploy.ts";
import { type LocalChain, startLocalChain } from "../../scripts/lib/local-chain.ts";
import { jsonOf, runGolem } from "./run-golem.ts";

// The real CLI in a child process against a real Hardhat node with the contracts deployed.
let chain: LocalChain;
let deployment: Awaited<ReturnType<typeof deployContracts>>;
let home: string;
let env: Record<string, string>;
let publicClient: ReturnType<typeof createPublicClient>;
const golem = (...args: string[]) => runGolem([...args, "--json"], env);

beforeAll(async () => {
  chain = await startLocalChain({ port: 0 });
  const connection = await network.create({
    network: "localhost",
    override: { url: chain.rpcUrl },
  });
  deployment = await deployContracts(connection);
  home = await mkdtemp(join(tmpdir(), "golem-cli-chain-"));
  await writeDeployment(deployment, join(home, "deployments"));
  env = {
    GOLEM_REQUESTOR_HOME: join(home, "golem"),
    GOLEM_REQUESTOR_RPC_URL: chain.rpcUrl,
    GOLEM_REQUESTOR_DEPLOYMENTS_DIR: join(home, "deployments"),
  };
  publicClient = createPublicClient({ chain: hardhat, transport: http(chain.rpcUrl) });
});

afterAll(async () => {
  await chain?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe("golem against a local chain", () => {
  let me: Address;
  let faucetAmount: bigint;
  let streamId: string;
  const provider = testProvider().address;

  it("wallet address creates a payment key only the user can read", async () => {
    const first = jsonOf<{ address: Address; keySource: string }>(await golem("wallet", "address"));
    expect(first.keySource).toBe("generated");
    const again = jsonOf<{ address: Address; keySource: string }>(await golem("wallet", "address"));
    expect(again).toEqual({ address: first.address, keySource: "file" });
    const { stat } = await import("node:fs/promises");
    expect((await stat(join(env.GOLEM_REQUESTOR_HOME ?? "", "wallet.key"))).mode & 0o777).toBe(
      0o600,
    );
    expect((await stat(env.GOLEM_REQUESTOR_HOME ?? "")).mode & 0o777).toBe(0o700);
    me = first.address;
  });

  it("wallet faucet mints test GLM and balance matches the chain", async () => {
    const faucet = jsonOf<{ amount: string; gasFunded: boolean }>(await golem("wallet", "faucet"));
    faucetAmount = BigInt(faucet.amount);
    expect(faucetAmount).toBeGreaterThan(0n);
    expect(faucet.gasFunded).toBe(true);
    const balance = jsonOf<{ token: { balance: string }; native: { balance: string } }>(
      await golem("wallet", "balance"),
    );
    const onChain = await getGlmBalance(publicClient, {
      token: deployment.contracts.GLM.address,
      owner: me,
    });
    expect(BigInt(balance.token.balance)).toBe(onChain);
    expect(onChain).toBe(faucetAmount);
    expect(BigInt(balance.native.balance)).toBeGreaterThan(0n);
  });

  it("vm stream open deposits hours × rate and records the stream", async () => {
    const open = jsonOf<{ streamId: string; deposit: string; ratePerSecond: string }>(
      await golem(
        "vm",
        "stream",
        "open",
        "--provider-id",
        provider,
        "--rate",
        "3.6",
        "--hours",
        "1",
        "--yes",
      ),
    );
    streamId = open.streamId;
    expect(BigInt(open.ratePerSecond)).toBe(10n ** 15n);
    expect(BigInt(open.deposit)).toBe(36n * 10n ** 17n);
    const state = await getStreamState(publicClient, {
      address: deployment.contracts.StreamPayment.address,
      streamId: toStreamId(streamId),
    });
    expect(state.stream.recipient).toBe(provider);
    expect(state.stream.sender).toBe(me);
    const list = jsonOf<{ streams: { streamId: string }[]; source: string }>(
      await golem("vm", "stream", "list"),
    );
    expect(list.streams.map((s) => s.streamId)).toEqual([streamId]);
    expect(list.source).toBe("logs");
    // Streams come from the chain, not only this machine's db: a fresh home with the same key sees it.
    const { readFile: read } = await import("node:fs/promises");
    const key = (await read(join(env.GOLEM_REQUESTOR_HOME ?? "", "wallet.key"), "utf8")).trim();
    const elsewhere = jsonOf<{ streams: { streamId: string }[] }>(
      await runGolem(["vm", "stream", "list", "--json"], {
        ...env,
        GOLEM_REQUESTOR_HOME: join(home, "elsewhere"),
        GOLEM_REQUESTOR_PRIVATE_KEY: key,
      }),
    );
    expect(elsewhere.streams.map((s) => s.streamId)).toEqual([streamId]);
  });

  it("vm stream status and inspect read the chain", async () => {
    const status = jsonOf<{ runwaySeconds: string; remaining: string; isActive: boolean }>(
      await golem("vm", "stream", "status", streamId),
    );
    expect(status.isActive).toBe(true);
    expect(Number(status.runwaySeconds)).toBeGreaterThan(3500);
    expect(Number(status.runwaySeconds)).toBeLessThanOrEqual(3600);
    const inspect = jsonOf<{ recipient: string; closed: boolean }>(
      await golem("vm", "stream", "inspect", "--stream-id", streamId),
    );
    expect(inspect).toMatchObject({ recipient: provider, closed: false });
  });

  it("vm stream topup adds hours at the stream's rate; balances match the chain", async () => {
    const testClient = createTestClient({
      mode: "hardhat",
      chain: hardhat,
      transport: http(chain.rpcUrl),
    });
    await testClient.increaseTime({ seconds: 600 });
    await testClient.mine({ blocks: 1 });
    const topup = jsonOf<{ amount: string; runwaySeconds: string }>(
      await golem("vm", "stream", "topup", streamId, "--hours", "2", "--yes"),
    );
    expect(BigInt(topup.amount)).toBe(2n * 3600n * 10n ** 15n);
    const runway = Number(topup.runwaySeconds);
    expect(runway).toBeGreaterThan(3 * 3600 - 700);
    expect(runway).toBeLessThanOrEqual(3 * 3600 - 600);
    const glm = jsonOf<{ amount: string }>(
      await golem("vm", "stream", "topup", streamId, "--glm", "0.5", "--yes"),
    );
    expect(BigInt(glm.amount)).toBe(parseEther("0.5"));
    const spent = 36n * 10n ** 17n + 72n * 10n ** 17n + parseEther("0.5");
    const balance = jsonOf<{ token: { balance: string } }>(await golem("wallet", "balance"));
    expect(BigInt(balance.token.balance)).toBe(faucetAmount - spent);
    const onChain = await getGlmBalance(publicClient, {
      token: deployment.contracts.GLM.address,
      owner: me,
    });
    expect(onChain).toBe(faucetAmount - spent);
  });

  it("vm stream open and topup spend only when confirmed: without --yes in a pipe, CONFIRMATION_REQUIRED with the amount, nothing moves", async () => {
    const balance = async () =>
      getGlmBalance(publicClient, { token: deployment.contracts.GLM.address, owner: me });
    const streams = async () =>
      jsonOf<{ streams: unknown[] }>(await golem("vm", "stream", "list")).streams.length;
    const [before, count, nonce] = await Promise.all([
      balance(),
      streams(),
      publicClient.getTransactionCount({ address: me }),
    ]);
    // 2.54 tGLM per hour rounds up to 705555555555556 base units per second: the demo's rate.
    const openArgs = ["vm", "stream", "open", "--provider-id", provider, "--rate", "2.54"];
    for (const json of [true, false]) {
      const open = await runGolem([...openArgs, ...(json ? ["--json"] : [])], env);
      expect(open.code).toBe(1);
      const text = json ? JSON.parse(open.stdout).error.message : open.stderr;
      expect(json ? text : text.split("\n")[0]).toBe(
        `${json ? "" : "error[CONFIRMATION_REQUIRED]: "}not confirmed: Deposit 2.54 tGLM into a stream to ${provider} at 2.54 tGLM/h?`,
      );
      const topup = await runGolem(["vm", "stream", "topup", streamId, "--glm", "7"], env);
      expect(topup.code).toBe(1);
      expect(topup.stderr).toMatch(
        new RegExp(
          `^error\\[CONFIRMATION_REQUIRED\\]: not confirmed: Add 7 tGLM to stream #${streamId}\\?\n {2}hint: .*--yes`,
        ),
      );
    }
    const hours = await runGolem(["vm", "stream", "topup", streamId, "--hours", "1.5"], env);
    expect(hours.stderr).toContain(`not confirmed: Add 5.4 tGLM to stream #${streamId}?`);
    expect(await balance()).toBe(before);
    expect(await streams()).toBe(count);
    expect(await publicClient.getTransactionCount({ address: me })).toBe(nonce);
  });

  it("stream status and list print amounts without float artefacts; --json keeps base units", async () => {
    const open = jsonOf<{ streamId: string; ratePerSecond: string }>(
      await golem("vm", "stream", "open", "--provider-id", provider, "--rate", "2.54", "--yes"),
    );
    expect(open.ratePerSecond).toBe("705555555555556");
    const floatArtefact = /\.\d*(0{9,}|9{9,})/;
    const status = await runGolem(["vm", "stream", "status", open.streamId], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Rate +: 2\.54 tGLM\/h \(705555555555556 base units\/s\)$/m);
    expect(status.stdout).toMatch(/^Remaining +: 2\.54 tGLM$/m);
    const list = await runGolem(["vm", "stream", "list"], env);
    const balance = await runGolem(["wallet", "balance"], env);
    for (const run of [status, list, balance]) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).not.toMatch(floatArtefact);
    }
    expect(list.stdout).toContain("2.54 tGLM/h");
    const json = jsonOf<{ ratePerHour: string; remaining: string }>(
      await golem("vm", "stream", "status", open.streamId),
    );
    expect(json.ratePerHour).toBe("2540000000000001600");
    expect(json.remaining).toBe("2540000000000001600");
  });

  it("vm providers lists verified adverts for this deployment with prices", async () => {
    const signer = testProvider();
    const good = await testSignedAdvert({
      signer,
      content: {
        streamPayment: deployment.contracts.StreamPayment.address,
        token: deployment.contracts.GLM.address,
      },
    });
    const forged = await testSignedAdvert({
      signer: testProvider(),
      content: {
        streamPayment: deployment.contracts.StreamPayment.address,
        token: deployment.contracts.GLM.address,
      },
      edit: (advert) => ({ ...advert, country: "DE" }),
    });
    const server = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ adverts: [good, forged].map(signedAdvertToJson) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const run = await runGolem(["vm", "providers", "--cpu", "2", "--memory", "4", "--json"], {
        ...env,
        GOLEM_REQUESTOR_DISCOVERY_HTTP_URLS: url,
      });
      const { providers } = jsonOf<{
        providers: { providerId: string; pricePerHour: string; pricePerMonth: string }[];
      }>(run);
      expect(providers.map((p) => p.providerId)).toEqual([signer.address]);
      const hourly = 2n * 10n ** 16n + 4n * 10n ** 15n + 1n * 10n ** 13n;
      expect(BigInt(providers[0]?.pricePerHour ?? 0)).toBe(hourly);
      expect(BigInt(providers[0]?.pricePerMonth ?? 0)).toBe(hourly * 730n);
      // The seed's way to open a stream: price a VM size from the provider's advert.
      const open = jsonOf<{ ratePerSecond: string; deposit: string; recipient: string }>(
        await runGolem(
          [
            "vm",
            "stream",
            "open",
            "--provider-id",
            signer.address,
            "--cpu",
            "2",
            "--memory",
            "4",
            "--storage",
            "1",
            "--hours",
            "1",
            "--yes",
            "--json",
          ],
          { ...env, GOLEM_REQUESTOR_DISCOVERY_HTTP_URLS: url },
        ),
      );
      expect(open.recipient).toBe(signer.address);
      expect(BigInt(open.ratePerSecond)).toBe((hourly + 3599n) / 3600n);
      expect(BigInt(open.deposit)).toBe(BigInt(open.ratePerSecond) * 3600n);
      const missing = await runGolem(
        ["vm", "stream", "open", "--provider-id", provider, "--cpu", "2", "--json"],
        { ...env, GOLEM_REQUESTOR_DISCOVERY_HTTP_URLS: url },
      );
      expect(missing.code).toBe(1);
      expect(JSON.parse(missing.stdout).error.code).toBe("PROVIDER_UNREACHABLE");
      const { openRequestorDb } = await import("../src/state/requestor-db.ts");
      const db = openRequestorDb(env.GOLEM_REQUESTOR_HOME ?? "");
      expect(db.getProvider(signer.address)?.apiUrl).toBe("http://127.0.0.1:7466");
      db.close();
    } finally {
      server.close();
    }
  });

  it("vm providers finds adverts over libp2p from a bootstrap peer (real gossip node on loopback)", async () => {
    const { createGossipPeer } = await import("@vm-on-golem/sdk/discovery");
    const { LOOPBACK_LISTEN, tcpAddress } = await import(
      "@vm-on-golem/sdk/test-support/test-network"
    );
    const { tcp } = await import("@libp2p/tcp");
    const { webSockets } = await import("@libp2p/websockets");
    const { StreamPayment, GLM } = deployment.contracts;
    const peer = await createGossipPeer({
      transports: [tcp(), webSockets()],
      listen: LOOPBACK_LISTEN,
      accept: [{ chainId: 31337, streamPayment: StreamPayment.address, token: GLM.address }],
      bootstrapDelayMs: 0,
    });
    try {
      const signer = testProvider();
      const signed = await testSignedAdvert({
        signer,
        content: { streamPayment: StreamPayment.address, token: GLM.address, country: "SE" },
      });
      expect((await peer.store.admit(signed)).status).toBe("added");
      const run = await runGolem(["vm", "providers", "--country", "se", "--json"], {
        ...env,
        GOLEM_REQUESTOR_DISCOVERY_BOOTSTRAP: tcpAddress(peer),
      });
      const { providers } = jsonOf<{ providers: { providerId: string; country: string }[] }>(run);
      expect(providers).toMatchObject([{ providerId: signer.address, country: "SE" }]);
    } finally {
      await peer.stop();
    }
  });

  it("wallet faucet refuses a chain whose token has no faucet, with a hint", async () => {
    const dir = join(home, "no-faucet");
    const file = join(home, "deployments", "31337.json");
    const json = JSON.parse(await readFile(file, "utf8"));
    json.contracts.GLM.faucet = false;
    const { mkdir } = await import("node:fs/promises");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "31337.json"), JSON.stringify(json));
    const run = await runGolem(["wallet", "faucet"], {
      ...env,
      GOLEM_REQUESTOR_DEPLOYMENTS_DIR: dir,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^error\[FAUCET_UNAVAILABLE\]: localhost \(chain 31337\) has no tGLM faucet\n {2}hint: buy or bridge tGLM/,
    );
  });
});

describe("auto top-up cycle against the same chain", () => {
  it("tops up only the stream below the minimum runway, to the target", async () => {
    const { loadRequestorConfig } = await import("../src/config/load-requestor-config.ts");
    const { openChainSession } = await import("../src/chain/open-chain-session.ts");
    const { runTopUpCycle } = await import("../src/monitor/run-top-up-cycle.ts");
    const config = loadRequestorConfig({ env });
    const session = await openChainSession(config);
    const wallet = await session.wallet();
    const open = (hours: string) =>
      golem(
        "vm",
        "stream",
        "open",
        "--provider-id",
        testProvider().address,
        "--rate-per-second",
        "1000",
        "--hours",
        hours,
        "--yes",
      );
    const low = toStreamId(jsonOf<{ streamId: string }>(await open("0.5")).streamId);
    const high = toStreamId(jsonOf<{ streamId: string }>(await open("3")).streamId);
    const report = await runTopUpCycle({
      session,
      wallet,
      streams: [{ streamId: low, vmName: "a" }, { streamId: high }, { streamId: toStreamId(999n) }],
      minRunwaySeconds: 3600,
      targetRunwaySeconds: 7200,
    });
    const [a, b, missing] = report;
    expect(a?.amount).toBe(1000n * (7200n - (a?.runwaySeconds ?? 0n)));
    expect(a?.hash).toMatch(/^0x/);
    expect(b?.amount).toBe(0n);
    expect(missing?.error).toBe("STREAM_NOT_FOUND");
    const after = await getStreamState(publicClient, {
      address: deployment.contracts.StreamPayment.address,
      streamId: low,
    });
    expect(Number(after.runwaySeconds)).toBeGreaterThanOrEqual(7190);
    expect(Number(after.runwaySeconds)).toBeLessThanOrEqual(7200);
  });
});
