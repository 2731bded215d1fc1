import { readFile } from "node:fs/promises";
import { isDevChain } from "@vm-on-golem/sdk/advert";
import { probeProvider } from "@vm-on-golem/sdk/discovery";
import { GolemError, isGolemError } from "@vm-on-golem/sdk/errors";
import { formatRate, formatTokenAmount, parseTokenAmount } from "@vm-on-golem/sdk/money";
import type { ProviderClient, VmView } from "@vm-on-golem/sdk/provider-client";
import type { RentQuote } from "@vm-on-golem/sdk/rent";
import { shellLine } from "@vm-on-golem/sdk/ssh";
import type { StreamId } from "@vm-on-golem/sdk/stream";
import type { Hash } from "viem";
import { openChainSession } from "../chain/open-chain-session.ts";
import { payingWith } from "../chain/paying-with.ts";
import type { CliContext } from "../cli/cli-context.ts";
import { printResult, renderFields } from "../cli/output.ts";
import { formatDuration } from "../format/format-amounts.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { readSshPublicKey } from "../state/read-ssh-public-key.ts";
import { openRequestorDb, type VmRow } from "../state/requestor-db.ts";
import { ensureSshKey, forgetHostKeys } from "../state/ssh-key.ts";
import { checkAnswersAs } from "./check-answers-as.ts";
import { createOnNewStream } from "./create-on-new-stream.ts";
import { createOnStream } from "./create-on-stream.ts";
import { parseCreateOptions, type VmCreateOptions } from "./create-options.ts";
import { openProviderClient } from "./open-provider-client.ts";
import { checkPublishAgainstAdvert, publishedText } from "./publish-ports.ts";
import { CREATE_PROBE_TIMEOUT_MS, reachabilityProblem } from "./reachability-problem.ts";
import { resolveProviderUrl } from "./resolve-provider.ts";
import { shortRunwayWarning } from "./runway-warning.ts";
import { waitForVmReady } from "./wait-for-vm-ready.ts";

async function readCloudInit(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    throw new GolemError("VALIDATION_FAILED", `cannot read the cloud-init file ${path}`, {
      hints: ["pass a readable #cloud-config YAML file with --cloud-init"],
      details: { field: "--cloud-init", value: path },
      cause,
    });
  }
}

/**
 * `golem vm create NAME`: finds the provider's API (verified advert, or `--provider-url`
 * checked against its provider id), signs in, gets its signed offer and holds it to the
 * advert's prices and `--max-price`, shows the offer beside the advert and asks,
 * opens a stream with a permit (or uses `--stream-id`), creates the VM, waits until SSH answers,
 * records VM, provider and stream in the local db and prints the SSH command.
 */
export async function runCreate(
  ctx: CliContext,
  name: string,
  opts: VmCreateOptions,
): Promise<void> {
  const plan = parseCreateOptions(name, opts);
  const userKey =
    plan.sshKeyFile === undefined ? undefined : await readSshPublicKey(plan.sshKeyFile);
  const config = await ctx.config();
  const home = await ensureHome(config.home);
  const db = openRequestorDb(home);
  try {
    if (db.getVm(name) !== undefined) {
      throw new GolemError("VM_NAME_TAKEN", `a VM named "${name}" is already recorded here`, {
        hints: [`choose another name, or destroy it with \`golem vm destroy ${name}\``],
        details: { name },
      });
    }
  } finally {
    db.close();
  }
  const cloudInit =
    plan.cloudInitText ??
    (plan.cloudInitPath === undefined ? undefined : await readCloudInit(plan.cloudInitPath));
  // --pay eth: the deployment's StreamPaymentNative stands where its GLM StreamPayment is.
  const session = payingWith(await openChainSession(config), plan.pay);
  const { GLM, StreamPayment } = session.deployment.contracts;
  const wallet = await session.wallet();
  const size = { cpu: plan.cpu, memoryGiB: plan.memoryGiB, storageGiB: plan.storageGiB };
  const maxPricePerHour =
    plan.maxPrice === undefined
      ? undefined
      : parseTokenAmount(plan.maxPrice, GLM.decimals, "--max-price");
  const { apiUrl, advert } = await resolveProviderUrl({
    ctx,
    config,
    session,
    providerId: plan.providerId,
    providerUrl: plan.providerUrl,
    size,
  });
  checkPublishAgainstAdvert(plan.ports, advert);
  const publicKey = userKey?.publicKey ?? (await ensureSshKey(home)).publicKey;
  await forgetHostKeys(home, name);
  const opened = await openProviderClient({
    apiUrl,
    advert,
    choice: config.providerTransport,
    signer: wallet.account,
    chainId: session.chainId,
  });
  try {
    await createThrough(opened.provider);
  } finally {
    await opened.close();
  }

  async function createThrough(provider: ProviderClient): Promise<void> {
    if (provider.transport === "libp2p") {
      // Over libp2p the connection proves the advert's peer id; the node must also answer as the
      // advert's signer, before anything is signed or paid.
      await checkAnswersAs(provider, plan.providerId).catch((error: unknown) => {
        throw isGolemError(error, "PROVIDER_UNREACHABLE")
          ? new GolemError(
              "PROVIDER_UNREACHABLE",
              `provider ${plan.providerId}'s API over libp2p (peer ${provider.remotePeerId() ?? advert?.peerId ?? "?"}) could not be reached: ${error.message}; nothing was paid`,
              {
                hints: [
                  "pick a provider that answers: `golem vm providers` shows which do (Reachable column)",
                  "a provider behind NAT without a port forward cannot be rented from outside its network",
                ],
                details: { providerId: plan.providerId, apiUrl },
                cause: error,
              },
            )
          : error;
      });
    } else if (!plan.force) {
      // As `vm providers` probes it: a provider nobody can reach (behind NAT, offline) is refused
      // before sign-in, so nothing is opened or paid; --force goes on and fails where it fails.
      const seen = await probeProvider({
        apiUrl,
        providerId: plan.providerId,
        timeoutMs: CREATE_PROBE_TIMEOUT_MS,
        allowPrivateHosts: isDevChain(session.chainId),
      });
      const problem = reachabilityProblem({
        seen,
        providerId: plan.providerId,
        apiUrl,
        timeoutMs: CREATE_PROBE_TIMEOUT_MS,
      });
      if (problem) throw problem;
    }
    const glm = (v: bigint) => formatTokenAmount(v, GLM);
    const vmBody = {
      name,
      ...size,
      sshPublicKey: publicKey,
      cloudInit,
      ...(plan.ports.length > 0 ? { ports: plan.ports } : {}),
    };

    let created: VmView;
    let streamId: StreamId;
    let streamTx: Hash | undefined;
    let quote: Pick<RentQuote, "ratePerSecond" | "deposit" | "seconds" | "topUpBudget"> | undefined;
    if (plan.streamId === undefined) {
      const rented = await createOnNewStream({
        ctx,
        session,
        wallet,
        provider,
        home,
        plan,
        vm: vmBody,
        advert,
        maxPricePerHour,
        glm,
      });
      ({ vm: created, streamId, streamTx, quote } = rented);
    } else {
      created = await createOnStream({
        session,
        wallet,
        provider,
        home,
        vm: vmBody,
        providerId: plan.providerId,
        streamId: plan.streamId,
      });
      streamId = plan.streamId;
    }

    const row: VmRow = {
      name,
      providerId: plan.providerId,
      providerApiUrl: apiUrl,
      vmId: created.id,
      streamId: streamId.toString(),
      sshHost: new URL(apiUrl).hostname,
      sshPort: created.sshPort,
      status: created.status,
      ...size,
      createdAt: Date.now(),
      sshKeyPath: userKey?.identityFile,
    };
    // Recorded before the wait: an interrupted wait still leaves the VM destroyable.
    const record = (vm: VmRow) => {
      const state = openRequestorDb(home);
      try {
        state.upsertVm(vm);
      } finally {
        state.close();
      }
    };
    const state = openRequestorDb(home);
    try {
      state.upsertVm(row);
      state.upsertProvider({ id: plan.providerId, apiUrl, country: null, lastSeen: Date.now() });
      state.insertStream({
        chainId: session.chainId,
        streamId: streamId.toString(),
        contract: StreamPayment.address,
        recipient: plan.providerId,
        ratePerSecond: (quote?.ratePerSecond ?? 0n).toString(),
        vmName: name,
        txHash: streamTx ?? null,
        createdAt: Date.now(),
      });
    } finally {
      state.close();
    }
    const ready = await waitForVmReady({
      ctx,
      config,
      name,
      provider,
      vmId: created.id,
      sshKeyPath: userKey?.identityFile,
    });
    const final: VmRow = {
      ...row,
      sshHost: ready.access.host,
      sshPort: ready.access.port,
      status: ready.running.status,
    };
    record(final);
    const sshCommand = shellLine(config.ssh.command, ready.sshArgs);
    printResult(
      ctx,
      opts,
      {
        ...final,
        ratePerSecond: quote?.ratePerSecond ?? null,
        deposit: quote?.deposit ?? null,
        runwaySeconds: quote?.seconds ?? null,
        topUpBudget: quote?.topUpBudget ?? null,
        streamTx: streamTx ?? null,
        providerTransport: provider.transport,
        providerPeerId: provider.remotePeerId() ?? null,
        sshCommand,
        sshHostKeys: ready.running.sshHostKeys ?? null,
        publishedPorts: ready.access.publishedPorts ?? [],
      },
      () =>
        renderFields([
          ["VM", `${name} (${final.vmId}) ${final.status}`],
          ["Provider", `${plan.providerId} ${apiUrl}`],
          ["Stream", `#${streamId}`],
          ["Price", quote && formatRate(quote.ratePerSecond, GLM).perHour],
          [
            "Deposit",
            quote && `${glm(quote.deposit)} (${formatDuration(quote.seconds)} of runway)`,
          ],
          [
            "Top-up budget",
            quote &&
              (quote.topUpBudget === 0n
                ? "none"
                : `${glm(quote.topUpBudget)} (${formatDuration(quote.topUpBudget / quote.ratePerSecond)}), pulled by the provider when the runway runs low`),
          ],
          ["SSH key", userKey?.path],
          ["SSH", sshCommand],
          ["Host keys", hostKeysText(ready.running.sshHostKeys)],
          ["Ports", publishedText(ready.access.host, ready.access.publishedPorts)],
        ]),
    );
    // After the result, so a failed create prints only its error and the warning is read last.
    const warning = shortRunwayWarning(plan);
    if (warning) ctx.err(warning);
  }
}

/** `pinned: SHA256:… (ssh-ed25519)`, or why not. */
function hostKeysText(keys: VmView["sshHostKeys"]): string {
  if (!keys) return "not pinned (the provider gave none; the first key seen is trusted)";
  return `pinned: ${keys.map((key) => `${key.fingerprint} (${key.publicKey.split(" ")[0]})`).join(", ")}`;
}
