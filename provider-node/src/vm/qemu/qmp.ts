import { EventEmitter } from "node:events";
import { connect } from "node:net";
import { createInterface } from "node:readline";
import { VmError } from "../vm-error.ts";

/** An asynchronous event QEMU sent (`SHUTDOWN`, `POWERDOWN`, `STOP`, …). */
export type QmpEvent = {
  event: string;
  data?: Record<string, unknown>;
  timestamp: { seconds: number; microseconds: number };
};

/** `query-status`'s answer. */
export type QmpStatus = { running: boolean; status: string; singlestep?: boolean };

/** A QMP session in command mode. */
export type QmpClient = {
  /** The greeting's QEMU version, e.g. `{ major: 7, minor: 2, micro: 22 }`. */
  readonly version: { major: number; minor: number; micro: number };
  /** Runs one command and resolves with its `return` value; a QMP `error` rejects with `QMP_ERROR`. */
  execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T>;
  /** QEMU's events, also emitted as `event` with the whole object. */
  readonly events: EventEmitter<{ event: [QmpEvent] }>;
  /** Resolves when the connection closes (after `quit`, or when QEMU exits). */
  readonly closed: Promise<void>;
  close(): void;
};

/** Options of {@link connectQmp}. */
export type ConnectQmpOptions = {
  /** Limit for connecting plus the greeting, and for each command (default 10 000 ms). */
  timeoutMs?: number;
};

type Pending = {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  command: string;
};

/**
 * Connects to QEMU's QMP unix socket, reads the greeting and enters command mode
 * (`qmp_capabilities`). The protocol is one JSON object per line; replies carry the `id`
 * we sent, events have none. QEMU serves one client at a time, so keep sessions short.
 *
 * @example
 * const qmp = await connectQmp(`${vmDir}/qmp.sock`);
 * const { status } = await qmp.execute<QmpStatus>("query-status");
 * qmp.close();
 */
export async function connectQmp(
  socketPath: string,
  options: ConnectQmpOptions = {},
): Promise<QmpClient> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const socket = connect(socketPath);
  const lines = createInterface({ input: socket, crlfDelay: Number.POSITIVE_INFINITY });
  // readline re-emits the socket's errors; the socket's own handlers below deal with them.
  lines.on("error", () => {});
  const events = new EventEmitter<{ event: [QmpEvent] }>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closedReason: Error | undefined;

  const closed = new Promise<void>((resolve) => {
    socket.on("close", () => {
      closedReason ??= new Error("QMP connection closed");
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        pending.delete(id);
        // `quit` may close the socket before its reply arrives: that is its success.
        if (p.command === "quit") p.resolve({});
        else p.reject(qmpError(`QMP connection closed during ${p.command}`, closedReason));
      }
      resolve();
    });
  });

  const greeting = new Promise<QmpClient["version"]>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(qmpError(`No QMP greeting on ${socketPath} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(qmpError(`Cannot connect to QMP at ${socketPath}: ${error.message}`, error));
    });
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        const message = JSON.parse(line) as { QMP?: { version: { qemu: QmpClient["version"] } } };
        if (!message.QMP) throw new Error(`unexpected first line: ${line}`);
        resolve(message.QMP.version.qemu);
      } catch (error) {
        socket.destroy();
        reject(qmpError(`Bad QMP greeting on ${socketPath}`, error));
      }
    });
  });
  socket.on("error", (error) => {
    closedReason = error;
  });

  const version = await greeting;
  lines.on("line", (line) => {
    let message: {
      id?: number;
      return?: unknown;
      error?: { class: string; desc: string };
      event?: string;
    };
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (message.event !== undefined) {
      events.emit("event", message as QmpEvent);
      return;
    }
    const p = message.id === undefined ? undefined : pending.get(message.id);
    if (!p || message.id === undefined) return;
    pending.delete(message.id);
    clearTimeout(p.timer);
    if (message.error) {
      p.reject(
        new VmError("QMP_ERROR", `QMP ${p.command} failed: ${message.error.desc}`, {
          details: { class: message.error.class, command: p.command },
        }),
      );
    } else p.resolve(message.return);
  });

  const execute = <T>(command: string, args?: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (socket.destroyed)
        return reject(qmpError(`QMP connection is closed; cannot run ${command}`));
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(qmpError(`QMP ${command} got no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, command });
      socket.write(
        `${JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id })}\n`,
      );
    });

  const client: QmpClient = { version, execute, events, closed, close: () => socket.end() };
  try {
    await execute("qmp_capabilities");
  } catch (error) {
    socket.destroy();
    throw error;
  }
  return client;
}

function qmpError(message: string, cause?: unknown): VmError {
  return new VmError("QMP_ERROR", message, { cause });
}
