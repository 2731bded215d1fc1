import type { SignedAdvert } from "../advert/advert-schema.ts";
import type { AdvertLibp2p } from "./create-advert-libp2p.ts";
import { type DialBackPort, requestDialBack, urlPort } from "./dial-back.ts";
import { DIAL_BACK_PROTOCOL } from "./discovery-protocols.ts";
import { probeTcp } from "./probe-tcp.ts";

/** Whether one port answered, and the SSH banner prefix when it sent one. */
export type PortReachability = { port: number; open: boolean; banner?: string | undefined };

/** Result of {@link checkReachability}. */
export type ReachabilityReport = {
  /** Seen from this machine (127.0.0.1). */
  local: { api: PortReachability; ssh?: PortReachability | undefined };
  /**
   * Seen by other peers dialling our observed IP; `null` when no peer could check
   * (none connected that serves dial-back, or all refused).
   */
  external: {
    api: PortReachability | null;
    ssh?: PortReachability | null | undefined;
    /** Our IP as the peers saw it. */
    ip?: string | undefined;
    /** Peers that answered. */
    checkedBy: string[];
    /** Why peers refused, if they did. */
    errors: string[];
  };
};

/** Parameters of {@link checkReachability}. */
export type CheckReachabilityParameters = {
  libp2p: AdvertLibp2p;
  /** Our current signed advert: peers only dial ports it claims. */
  signed: SignedAdvert;
  /** One SSH port of the advert's range to check (something must listen on it). */
  sshPort?: number | undefined;
  /** Ask at most this many connected peers. Default 3. */
  peers?: number | undefined;
  timeoutMs?: number | undefined;
};

/**
 * Checks whether our API port (from the advert's `apiUrl`) and one SSH port answer, locally and
 * from outside, by asking connected peers to dial back (no port-checker server). A port counts
 * as externally open when any peer reached it.
 *
 * @example
 * const report = await checkReachability({ libp2p: node.libp2p, signed: node.current(), sshPort: 50800 });
 * if (report.external.api?.open === false) console.warn("API port is not reachable from outside");
 */
export async function checkReachability(
  parameters: CheckReachabilityParameters,
): Promise<ReachabilityReport> {
  const { libp2p, signed, sshPort } = parameters;
  const ports: DialBackPort[] = [{ port: urlPort(signed.advert.apiUrl), kind: "api" }];
  if (sshPort !== undefined) ports.push({ port: sshPort, kind: "ssh" });

  const [localApi, localSsh] = await Promise.all(
    ports.map(async ({ port, kind }) => ({
      port,
      ...(await probeTcp({ host: "127.0.0.1", port, bannerTimeoutMs: kind === "ssh" ? 2000 : 0 })),
    })),
  );

  const candidates: string[] = [];
  for (const connection of libp2p.getConnections()) {
    const id = connection.remotePeer.toString();
    if (candidates.includes(id)) continue;
    const peer = await libp2p.peerStore.get(connection.remotePeer).catch(() => undefined);
    if (peer?.protocols.includes(DIAL_BACK_PROTOCOL)) candidates.push(id);
    if (candidates.length >= (parameters.peers ?? 3)) break;
  }
  const connections = new Map(
    libp2p.getConnections().map((c) => [c.remotePeer.toString(), c.remotePeer]),
  );
  const answers = await Promise.allSettled(
    candidates.map(async (id) => ({
      id,
      response: await requestDialBack({
        libp2p,
        peer: connections.get(id) ?? libp2p.peerId,
        signed,
        ports,
        timeoutMs: parameters.timeoutMs,
      }),
    })),
  );

  const external: ReachabilityReport["external"] = { api: null, checkedBy: [], errors: [] };
  if (sshPort !== undefined) external.ssh = null;
  for (const settled of answers) {
    if (settled.status === "rejected") {
      external.errors.push(String(settled.reason));
      continue;
    }
    const { id, response } = settled.value;
    if (!response.ok) {
      external.errors.push(`${id}: ${response.error}`);
      continue;
    }
    external.checkedBy.push(id);
    external.ip ??= response.ip;
    for (const result of response.results) {
      const held = result.kind === "api" ? external.api : external.ssh;
      if (held?.open) continue;
      const seen = {
        port: result.port,
        open: result.open,
        ...(result.banner ? { banner: result.banner } : {}),
      };
      if (result.kind === "api") external.api = seen;
      else external.ssh = seen;
    }
  }
  return {
    local: { api: localApi as PortReachability, ...(localSsh ? { ssh: localSsh } : {}) },
    external,
  };
}
