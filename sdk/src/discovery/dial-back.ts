import type { Connection, PeerId, Stream } from "@libp2p/interface";
import { getNetConfig, isLoopback, isPrivate, lpStream, RateLimiter } from "@libp2p/utils";
import { z } from "zod";
import {
  MAX_ADVERT_BYTES,
  type SignedAdvert,
  signedAdvertToJson,
} from "../advert/advert-schema.ts";
import { verifyAdvert } from "../advert/verify-advert.ts";
import type { AdvertLibp2p } from "./create-advert-libp2p.ts";
import { DIAL_BACK_PROTOCOL } from "./discovery-protocols.ts";
import { probeTcp } from "./probe-tcp.ts";

const portKind = z.enum(["api", "ssh"]);
const requestSchema = z.object({
  advert: z.unknown(),
  ports: z.array(z.object({ port: z.number().int().min(1).max(65535), kind: portKind })).max(8),
});
const resultSchema = z.object({
  port: z.number().int(),
  kind: portKind,
  open: z.boolean(),
  banner: z.string().max(64).optional(),
});
const responseSchema = z.union([
  z.object({ ok: z.literal(true), ip: z.string(), results: z.array(resultSchema) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

/** One port a provider asks to be checked. */
export type DialBackPort = { port: number; kind: "api" | "ssh" };
/** What the peer saw when it connected back. */
export type DialBackResult = z.infer<typeof resultSchema>;
/** A dial-back answer: the IP the peer dialled and what answered, or why it refused. */
export type DialBackResponse = z.infer<typeof responseSchema>;

/** Bounds on the work a node does for dial-back requests. */
export type DialBackLimits = {
  /** Requests per remote IP per minute. Default 3. */
  perIpPerMinute?: number | undefined;
  /** Requests served at once, all peers together. Default 4. */
  maxConcurrent?: number | undefined;
  /** TCP connect timeout per port, ms. Default 3000. */
  connectTimeoutMs?: number | undefined;
  /** Wait for an SSH banner, ms. Default 2000. */
  bannerTimeoutMs?: number | undefined;
  /** Dial loopback/private IPs (tests, LANs). Default false: behind a proxy they would be our own. */
  allowPrivateTargets?: boolean | undefined;
};

/** The port of an http(s) URL, explicit or default. */
export function urlPort(url: string): number {
  const parsed = new URL(url);
  return parsed.port ? Number(parsed.port) : parsed.protocol === "https:" ? 443 : 80;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function answer(
  request: unknown,
  connection: Connection,
  limits: DialBackLimits,
): Promise<DialBackResponse> {
  const refuse = (error: string): DialBackResponse => ({ ok: false, error });
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) return refuse("malformed request");
  const { ports } = parsed.data;
  const verified = await verifyAdvert(parsed.data.advert, {
    // Any chain: this checks who asks, not whether we would rent from them.
    accept: [
      { chainId: (parsed.data.advert as { advert?: { chainId?: number } }).advert?.chainId ?? 0 },
    ],
  });
  if (!verified.ok) return refuse(`advert refused: ${verified.message}`);
  const { advert } = verified;
  if (advert.peerId !== connection.remotePeer.toString())
    return refuse("advert is not the requester's");
  // One API port and one SSH port, each one the requester's own signed advert claims.
  const api = ports.filter((p) => p.kind === "api");
  const ssh = ports.filter((p) => p.kind === "ssh");
  if (api.length > 1 || ssh.length > 1) return refuse("at most one api and one ssh port");
  if (api.some((p) => p.port !== urlPort(advert.apiUrl)))
    return refuse("api port is not the advert's");
  if (ssh.some((p) => p.port < advert.sshPorts.first || p.port > advert.sshPorts.last)) {
    return refuse("ssh port is outside the advert's range");
  }
  // Only ever the IP this connection comes from: never a third party's address.
  const addr = connection.remoteAddr;
  const config = getNetConfig(addr);
  if (config.type !== "ip4" && config.type !== "ip6") return refuse("requester has no IP address");
  if (!limits.allowPrivateTargets && (isPrivate(addr) || isLoopback(addr))) {
    return refuse("requester's address is private");
  }
  const results = await Promise.all(
    ports.map(async ({ port, kind }) => {
      const probe = await probeTcp({
        host: config.host,
        port,
        timeoutMs: limits.connectTimeoutMs ?? 3000,
        bannerTimeoutMs: kind === "ssh" ? (limits.bannerTimeoutMs ?? 2000) : 0,
      });
      return { port, kind, open: probe.open, ...(probe.banner ? { banner: probe.banner } : {}) };
    }),
  );
  return { ok: true, ip: config.host, results };
}

/**
 * Serves {@link DIAL_BACK_PROTOCOL}: a peer sends its signed advert and up to one API port and
 * one SSH port; this node TCP-connects to those ports at the peer's observed IP and reports what
 * answered (with the SSH banner prefix). Bounded by {@link DialBackLimits}. Node only (`node:net`).
 */
export async function handleDialBack(
  libp2p: AdvertLibp2p,
  limits: DialBackLimits = {},
): Promise<void> {
  const perIp = new RateLimiter({ points: limits.perIpPerMinute ?? 3, duration: 60 });
  const maxConcurrent = limits.maxConcurrent ?? 4;
  let running = 0;
  await libp2p.handle(
    DIAL_BACK_PROTOCOL,
    async (stream: Stream, connection: Connection) => {
      const lp = lpStream(stream, { maxDataLength: MAX_ADVERT_BYTES + 1024 });
      let response: DialBackResponse;
      try {
        const request: unknown = JSON.parse(
          decoder.decode((await lp.read({ signal: AbortSignal.timeout(5000) })).subarray()),
        );
        if (running >= maxConcurrent) {
          response = { ok: false, error: "busy; try later" };
        } else {
          perIp.consume(getNetConfig(connection.remoteAddr).host);
          running++;
          try {
            response = await answer(request, connection, limits);
          } finally {
            running--;
          }
        }
      } catch (error) {
        const limited = error instanceof Error && error.name === "RateLimitError";
        response = { ok: false, error: limited ? "rate limited; try later" : "malformed request" };
      }
      try {
        await lp.write(encoder.encode(JSON.stringify(response)));
        await stream.close();
      } catch (error) {
        stream.abort(error instanceof Error ? error : new Error(String(error)));
      }
    },
    { maxInboundStreams: 2 },
  );
}

/** Parameters of {@link requestDialBack}. */
export type RequestDialBackParameters = {
  libp2p: AdvertLibp2p;
  peer: PeerId;
  /** Our own signed advert (its peerId must be this node). */
  signed: SignedAdvert;
  ports: DialBackPort[];
  /** Give up after this many ms. Default 15 000. */
  timeoutMs?: number | undefined;
};

/** Asks a connected peer to dial our ports back; see {@link handleDialBack}. */
export async function requestDialBack(
  parameters: RequestDialBackParameters,
): Promise<DialBackResponse> {
  const signal = AbortSignal.timeout(parameters.timeoutMs ?? 15_000);
  const stream = await parameters.libp2p.dialProtocol(parameters.peer, DIAL_BACK_PROTOCOL, {
    signal,
  });
  try {
    const lp = lpStream(stream, { maxDataLength: 64 * 1024 });
    const request = { advert: signedAdvertToJson(parameters.signed), ports: parameters.ports };
    await lp.write(encoder.encode(JSON.stringify(request)), { signal });
    const response = responseSchema.parse(
      JSON.parse(decoder.decode((await lp.read({ signal })).subarray())),
    );
    await stream.close({ signal });
    return response;
  } catch (error) {
    stream.abort(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}
