import { connect } from "node:net";
import pRetry from "p-retry";
import { VmError } from "./vm-error.ts";

/** Options of {@link waitForSshBanner}. */
export type WaitForSshBannerOptions = {
  /** Give up after this many milliseconds (default 300 000: TCG boots take 40–90 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Pause between attempts in milliseconds (default 1000). */
  intervalMs?: number;
  /** Limit for one attempt (connect + banner) in milliseconds (default 10 000). */
  attemptTimeoutMs?: number;
  /** Called after each failed attempt, for progress reports. */
  onAttempt?: (attempt: { attemptNumber: number; elapsedMs: number; error: Error }) => void;
};

/** What answered. */
export type WaitForSshBannerReturnType = {
  /** The server's identification line, e.g. `SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3`. */
  banner: string;
  attempts: number;
  elapsedMs: number;
};

/**
 * Waits until an SSH server answers on `host:port` with its identification line
 * (`SSH-2.0-…`). A bare TCP accept is not enough: QEMU's user-mode forward accepts
 * connections before the guest's sshd listens. The node reports a VM `running` only after this.
 *
 * @example const { banner } = await waitForSshBanner("127.0.0.1", 22800, { timeoutMs: 300_000 });
 */
export async function waitForSshBanner(
  host: string,
  port: number,
  options: WaitForSshBannerOptions = {},
): Promise<WaitForSshBannerReturnType> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const started = performance.now();
  let attempts = 0;
  let lastError: Error | undefined;
  try {
    const banner = await pRetry(
      () => {
        attempts++;
        return readBanner(host, port, options.attemptTimeoutMs ?? 10_000, options.signal);
      },
      {
        retries: Number.POSITIVE_INFINITY,
        factor: 1,
        minTimeout: options.intervalMs ?? 1000,
        maxRetryTime: timeoutMs,
        signal: options.signal,
        onFailedAttempt: ({ error, attemptNumber }) => {
          lastError = error;
          options.onAttempt?.({ attemptNumber, elapsedMs: performance.now() - started, error });
        },
      },
    );
    return { banner, attempts, elapsedMs: performance.now() - started };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw new VmError(
      "VM_NOT_READY",
      `No SSH server answered on ${host}:${port} within ${Math.round(timeoutMs / 1000)} s`,
      {
        hints: ["Read the VM's console log to see how far it booted."],
        details: { host, port, attempts, lastError: (lastError ?? error) as Error },
        cause: error,
      },
    );
  }
}

/**
 * One attempt. The caller's signal may live for the whole daemon: it is not handed to
 * `net.connect`, which removes its abort listener only when the signal aborts (so every
 * attempt's socket would stay reachable until shutdown); the listener here goes when the
 * attempt ends.
 */
function readBanner(host: string, port: number, timeoutMs: number, signal?: AbortSignal) {
  return new Promise<string>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let received = "";
    const socket = connect({ host, port });
    const finish = () => {
      signal?.removeEventListener("abort", onAbort);
      socket.destroy();
    };
    const fail = (error: Error) => {
      finish();
      reject(error);
    };
    const onAbort = () => fail(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.setTimeout(timeoutMs, () => fail(new Error(`no banner within ${timeoutMs} ms`)));
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
      // RFC 4253 §4.2: the server may send other lines first; the one starting with SSH- counts.
      for (const line of received.split("\n").slice(0, -1)) {
        if (line.startsWith("SSH-")) {
          finish();
          resolve(line.replace(/\r$/, ""));
          return;
        }
      }
      if (received.length > 8192) fail(new Error("peer sent no SSH identification line"));
    });
    socket.on("error", fail);
    socket.on("end", () => fail(new Error("connection closed before a banner")));
  });
}
