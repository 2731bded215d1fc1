/**
 * The three packages as their users get them: `npm pack` each (prepack builds dist/ and swaps in
 * the publish manifest), install the tarballs into an empty folder outside the repository (npm
 * fetches their dependencies from the registry, its cache first), run the CLIs from there, and
 * compile and run a strict TypeScript project against the installed sdk that reads a stream
 * from a real local chain. Nothing of the repository is reachable from that folder.
 *
 * Run alone: npx vitest run --project packaging (about 2-3 minutes on 2 cores).
 */
import { type ExecFileException, execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createStream } from "@vm-on-golem/sdk/contract";
import { localChainId } from "@vm-on-golem/sdk/deployments/node";
import { keccak256, toHex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalPaidChain, startLocalPaidChain } from "./lib/local-paid-chain.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const workspaces = ["sdk", "provider-node", "requestor"] as const;

type Run = { code: number; stdout: string; stderr: string };
type Packed = { name: string; version: string; filename: string; files: { path: string }[] };

/** The environment without what `npm run` / `./dev` set for the repository's own npm. */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !/^(npm_(package_|lifecycle_|command|config_(local_)?prefix|config_workspace)|INIT_CWD)/i.test(
          key,
        ),
    ),
  ),
  // The bins' `#!/usr/bin/env node` finds the Node that runs this test.
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`,
};

function run(
  cmd: string,
  args: string[],
  cwd: string,
  extra: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, env: { ...env, ...extra }, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
      (error: ExecFileException | null, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function mustSucceed(what: string, result: Run, hint: string): Run {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited ${result.code}\n  hint: ${hint}\n${result.stderr}${result.stdout}`,
    );
  }
  return result;
}

const versionOf = async (path: string) =>
  (JSON.parse(await readFile(join(root, path), "utf8")) as { version: string }).version;

/** The TypeScript code block under a README heading. */
async function readmeExample(readme: string, heading: string): Promise<string> {
  const text = await readFile(join(root, readme), "utf8");
  const section = text.slice(text.indexOf(`## ${heading}`));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!text.includes(`## ${heading}`) || block === undefined) {
    throw new Error(`${readme} has no \`\`\`ts block under "## ${heading}"`);
  }
  return block;
}

// A consumer that reads one stream through the installed sdk's public subpaths, and shows
// that a GolemError crosses the package boundary with its code.
const readStream = `import { getStreamState } from "@vm-on-golem/sdk/contract";
import { loadDeployment } from "@vm-on-golem/sdk/deployments/node";
import { isGolemError } from "@vm-on-golem/sdk/errors";
import { toStreamId } from "@vm-on-golem/sdk/stream";
import { createPublicClient, http } from "viem";

const [rpcUrl, dir, chainId, id] = process.argv.slice(2);
if (!rpcUrl || !dir || !chainId || !id) throw new Error("usage: read-stream <rpc> <dir> <chain> <id>");
const deployment = await loadDeployment(Number(chainId), { dir });
const client = createPublicClient({ transport: http(rpcUrl) });
const address = deployment.contracts.StreamPayment.address;
const state = await getStreamState(client, { address, streamId: toStreamId(id) });
const missing = await getStreamState(client, { address, streamId: toStreamId(2n ** 64n) }).then(
  () => "found",
  (error: unknown) => (isGolemError(error) ? error.code : String(error)),
);
const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v));
console.log(json({ stream: state.stream, isActive: state.isActive, missing }));
`;

// What \`tsc --init\` makes strict, plus lib checking: our .d.ts are checked, not skipped.
const consumerTsconfig = {
  compilerOptions: {
    target: "es2023",
    module: "nodenext",
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: false,
    types: ["node"],
    rootDir: "src",
    outDir: "dist",
  },
  include: ["src"],
};

let work: string;
let prefix: string;
let packed: Packed[];
const manifestsBefore: Record<string, string> = {};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "golem-packaging-"));
  prefix = join(work, "consumer");
  for (const ws of workspaces) {
    manifestsBefore[ws] = await readFile(join(root, ws, "package.json"), "utf8");
  }
  const tarballs = join(work, "tarballs");
  await mkdir(tarballs);
  const pack = mustSucceed(
    "npm pack",
    await run(
      "npm",
      ["pack", "--json", "--pack-destination", tarballs, ...workspaces.flatMap((w) => ["-w", w])],
      root,
    ),
    "the prepack build failed: read its output below (scripts/pack-package.ts)",
  );
  packed = JSON.parse(pack.stdout) as Packed[];

  await mkdir(join(prefix, "src"), { recursive: true });
  await writeFile(
    join(prefix, "package.json"),
    JSON.stringify({ name: "golem-sdk-consumer", private: true, type: "module" }),
  );
  await writeFile(join(prefix, "tsconfig.json"), JSON.stringify(consumerTsconfig, null, 2));
  await writeFile(join(prefix, "src", "read-stream.ts"), readStream);
  await writeFile(
    join(prefix, "src", "rent-a-vm.ts"),
    await readmeExample("sdk/README.md", "Rent a VM from Node in 30 lines"),
  );
  // The consumer's own tools at the workspace's versions, so the npm cache has them.
  const tools = [
    `typescript@${await versionOf("node_modules/typescript/package.json")}`,
    `@types/node@${await versionOf("node_modules/@types/node/package.json")}`,
    `viem@${await versionOf("node_modules/viem/package.json")}`,
  ];
  mustSucceed(
    "npm install of the three tarballs",
    await run(
      "npm",
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        ...packed.map((p) => join(tarballs, p.filename)),
        ...tools,
      ],
      prefix,
    ),
    "npm fetches the packages' dependencies from the npm registry (its cache first): check that the registry is reachable (npm ping) and read npm's output below",
  );
}, 900_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

// A few files each package must hold (its bin and built entry points).
const mustShip: Record<string, string[]> = {
  "@vm-on-golem/sdk": [
    "dist/entries/contract.js",
    "dist/entries/contract.d.ts",
    "dist/entries/stream.js",
    "dist/entries/stream.d.ts",
    "dist/entries/discovery.js",
  ],
  "@vm-on-golem/provider": ["bin/golem-provider.js", "dist/cli/main.js"],
  "@vm-on-golem/requestor": ["bin/golem.js", "dist/cli/main.js"],
};

describe("the packed packages, installed into an empty folder", () => {
  it("npm pack puts every workspace package.json back as it was", async () => {
    for (const ws of workspaces) {
      expect(await readFile(join(root, ws, "package.json"), "utf8"), ws).toBe(manifestsBefore[ws]);
    }
  });

  it("hold built JavaScript and declarations: no TypeScript source, no test support", async () => {
    expect(packed.map((p) => p.name).sort()).toEqual([
      "@vm-on-golem/provider",
      "@vm-on-golem/requestor",
      "@vm-on-golem/sdk",
    ]);
    for (const { name, files } of packed) {
      const paths = files.map((f) => f.path);
      expect(paths, name).toEqual(expect.arrayContaining(mustShip[name] ?? []));
      expect(
        paths.filter((p) => p.endsWith(".ts") && !p.endsWith(".d.ts")),
        name,
      ).toEqual([]);
      expect(
        paths.filter((p) => /(^|\/)(src|test|test-support)\/|\.test\./.test(p)),
        name,
      ).toEqual([]);
    }
  });

  it("ship the sdk's public deployments and no Hardhat", async () => {
    const sdk = join(prefix, "node_modules/@vm-on-golem/sdk");
    const publicDeployments = (await readdir(join(root, "deployments"))).filter(
      (f) => /^\d+\.json$/.test(f) && f !== `${localChainId}.json`,
    );
    const shipped = packed.find((p) => p.name === "@vm-on-golem/sdk")?.files.map((f) => f.path);
    for (const file of publicDeployments) expect(shipped).toContain(`deployments/${file}`);
    const dist = await readdir(join(sdk, "dist"), { recursive: true });
    const js = await Promise.all(
      dist.filter((f) => f.endsWith(".js")).map((f) => readFile(join(sdk, "dist", f), "utf8")),
    );
    expect(js.filter((text) => /from "hardhat"|from "vitest"/.test(text))).toEqual([]);
  });

  it("run golem --help, golem --version and golem-provider --help from the prefix", async () => {
    const bin = join(prefix, "node_modules/.bin");
    // The installed bins are the package's, not links back into the repository.
    expect(await realpath(join(bin, "golem"))).toBe(
      join(await realpath(prefix), "node_modules/@vm-on-golem/requestor/bin/golem.js"),
    );
    const home = join(work, "home");
    const help = await run(join(bin, "golem"), ["--help"], prefix, { HOME: home });
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^Usage: golem /);
    expect(await run(join(bin, "golem"), ["--version"], prefix, { HOME: home })).toEqual({
      code: 0,
      stdout: `${await versionOf("requestor/package.json")}\n`,
      stderr: "",
    });
    const provider = await run(join(bin, "golem-provider"), ["--help"], prefix, { HOME: home });
    expect(provider).toMatchObject({ code: 0, stderr: "" });
    expect(provider.stdout).toMatch(/^Usage: golem-provider /);
  });

  it("expose no test helper: create-test-chain is not importable from the sdk", async () => {
    const probe = await run(
      process.execPath,
      ["--input-type=module", "-e", 'await import("@vm-on-golem/sdk/chain/create-test-chain")'],
      prefix,
    );
    expect(probe.code).not.toBe(0);
    expect(probe.stderr).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED|ERR_MODULE_NOT_FOUND/);
  });

  describe("a strict TypeScript project (module nodenext) against the installed sdk", () => {
    let chain: LocalPaidChain;
    afterAll(() => chain?.stop());

    it("compiles, with the README's rent example", async () => {
      const tsc = join(prefix, "node_modules/typescript/bin/tsc");
      const compiled = await run(process.execPath, [tsc, "-p", prefix], prefix);
      expect(compiled.stdout + compiled.stderr).toBe("");
      expect(compiled.code).toBe(0);
    });

    it("reads a stream from a local chain and rents nothing", async () => {
      chain = await startLocalPaidChain();
      const payer = await chain.fundedWallet({ glm: true });
      const recipient = privateKeyToAccount(generatePrivateKey()).address;
      const serviceId = keccak256(toHex("packaging test"));
      const { streamId } = await createStream(payer, {
        address: chain.deployment.contracts.StreamPayment.address,
        recipient,
        deposit: 3_600_000n,
        ratePerSecond: 1_000n,
        serviceId,
      });
      const read = await run(
        process.execPath,
        [
          join(prefix, "dist/read-stream.js"),
          chain.chain.rpcUrl,
          chain.deploymentsDir,
          String(chain.deployment.chainId),
          String(streamId),
        ],
        prefix,
      );
      expect(read.stderr).toBe("");
      expect(JSON.parse(read.stdout)).toEqual({
        stream: expect.objectContaining({
          sender: payer.account.address,
          recipient,
          ratePerSecond: "1000",
          balance: "3600000",
          serviceId,
          closed: false,
        }),
        isActive: true,
        missing: "STREAM_NOT_FOUND",
      });
    });
  });
});
