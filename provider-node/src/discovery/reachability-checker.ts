import { DIAL_BACK_PROTOCOL } from "@vm-on-golem/sdk/discovery";
import type { AdvertNode } from "@vm-on-golem/sdk/discovery/node";
import type { ProviderConfig } from "../config/provider-config.ts";
import {
  type ReachabilityStatus,
  reachabilityNotChecked,
  reachabilityOfReport,
  withSshProbePort,
} from "./node-reachability.ts";

/** Parameters of {@link startReachabilityChecker}. */
export type StartReachabilityCheckerParameters = {
  node: AdvertNode;
  config: Pick<ProviderConfig, "ssh" | "discovery">;
  /** Ports VMs hold. */
  allocatedPorts: () => number[];
  log: (line: string) => void;
  /** How long the start check waits for a peer that serves dial-back, ms. Default 30 000. */
  waitMs?: number | undefined;
};

/** The node's reachability checks; see {@link startReachabilityChecker}. */
export type ReachabilityChecker = {
  /** The last result (or why there is none). */
  status(): ReachabilityStatus;
  /** Checks now with the peers connected now; keeps and returns the result. */
  check(): Promise<ReachabilityStatus>;
  stop(): Promise<void>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Unless `discovery.verifyReachability` is off: in the background, waits for a connected peer
 * that serves dial-back, asks it (and up to two more) to dial the API port and one SSH port
 * back, logs the verdict, and repeats every advert round until the API port is seen reachable.
 *
 * @example const reachability = startReachabilityChecker({ node, config, allocatedPorts, log });
 */
export function startReachabilityChecker(
  parameters: StartReachabilityCheckerParameters,
): ReachabilityChecker {
  const { node, config, log } = parameters;
  const enabled = config.discovery.verifyReachability;
  let reachability = enabled
    ? reachabilityNotChecked("waiting for a peer to dial back", "pending")
    : reachabilityNotChecked("turned off (--no-verify-port or discovery.verifyReachability)");
  const stopping = new AbortController();

  const check = async () => {
    const report = await withSshProbePort(
      {
        bindHost: config.ssh.bindHost,
        range: { start: config.ssh.portRangeStart, end: config.ssh.portRangeEnd },
        inUse: parameters.allocatedPorts(),
      },
      (sshPort) => node.checkReachability({ sshPort }),
    );
    reachability = reachabilityOfReport(report, new Date());
    return reachability;
  };
  const hasDialBackPeer = async () => {
    for (const connection of node.libp2p.getConnections()) {
      const peer = await node.libp2p.peerStore.get(connection.remotePeer).catch(() => undefined);
      if (peer?.protocols.includes(DIAL_BACK_PROTOCOL)) return true;
    }
    return false;
  };
  const waitAndCheck = async () => {
    const deadline = Date.now() + (parameters.waitMs ?? 30_000);
    while (!stopping.signal.aborted && Date.now() < deadline && !(await hasDialBackPeer())) {
      await sleep(250);
    }
    if (stopping.signal.aborted) return;
    const { api, checkedBy, ip } = await check();
    if (api?.external === "unreachable") {
      log(
        `discovery: API port ${api.port} is NOT reachable from outside (seen by ${checkedBy.join(", ")})`,
      );
    } else if (api?.external === "reachable") {
      log(`discovery: API port ${api.port} is reachable from outside at ${ip}`);
    }
  };
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= waitAndCheck()
      .catch((error) => log(`discovery: reachability check failed: ${error}`))
      .finally(() => {
        running = undefined;
      });
  };
  let timer: NodeJS.Timeout | undefined;
  if (enabled) {
    run();
    timer = setInterval(() => {
      if (reachability.api?.external !== "reachable") run();
    }, config.discovery.advertIntervalSeconds * 1000);
    timer.unref();
  }
  return {
    status: () => reachability,
    check,
    async stop() {
      stopping.abort();
      clearInterval(timer);
      await running;
    },
  };
}
