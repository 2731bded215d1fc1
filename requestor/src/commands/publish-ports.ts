import type { Advert } from "@vm-on-golem/sdk/advert";
import { checkPublishedPorts, MAX_PUBLISHED_PORTS } from "@vm-on-golem/sdk/advert";
import { GolemError } from "@vm-on-golem/sdk/errors";

/**
 * The guest ports of `--publish` (repeatable), checked without the network: whole ports,
 * not 22, no duplicates, at most {@link MAX_PUBLISHED_PORTS}. Fails with `VALIDATION_FAILED`
 * naming the flag, or `PORTS_LIMIT_EXCEEDED`.
 *
 * @example parsePublishFlags(["80", "443"]); // [80, 443]
 */
export function parsePublishFlags(values: readonly string[] | undefined): number[] {
  const ports = (values ?? []).map((text) => {
    if (!/^\d{1,5}$/.test(text)) {
      throw new GolemError("VALIDATION_FAILED", `--publish ${text} is not a port number`, {
        hints: ["pass a guest port, e.g. --publish 80 --publish 443"],
        details: { field: "--publish", value: text },
      });
    }
    return Number(text);
  });
  return withFlag(() => checkPublishedPorts(ports, MAX_PUBLISHED_PORTS));
}

/**
 * Refuses, before anything is paid, more published ports than the provider's signed advert
 * allows (`maxPublishedPorts`, absent: none); without an advert the limit is unknown, so no
 * port can be published. Fails with `PORTS_LIMIT_EXCEEDED` naming the limit.
 *
 * @example checkPublishAgainstAdvert([80], advert);
 */
export function checkPublishAgainstAdvert(
  ports: readonly number[],
  advert: Pick<Advert, "maxPublishedPorts"> | undefined,
): void {
  if (ports.length === 0) return;
  if (advert === undefined) {
    throw new GolemError(
      "PORTS_LIMIT_EXCEEDED",
      "--publish needs the provider's signed advert, which says how many ports it allows",
      { hints: ["create without --publish, or pick a provider that `golem vm providers` lists"] },
    );
  }
  withFlag(() => checkPublishedPorts(ports, advert.maxPublishedPorts ?? 0));
}

/** Runs `check`, adding `field: --publish` to what it throws. */
function withFlag<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof GolemError)) throw error;
    throw new GolemError(error.code, error.message, {
      hints: [...error.hints],
      details: { field: "--publish", ...error.details },
    });
  }
}

/**
 * `80 → 192.0.2.10:22801, 443 → 192.0.2.10:22802`, or undefined when none is published.
 *
 * @example publishedText("192.0.2.10", vm.publishedPorts);
 */
export function publishedText(
  host: string,
  ports: ReadonlyArray<{ guestPort: number; port: number }> | undefined,
): string | undefined {
  if (!ports || ports.length === 0) return undefined;
  return ports.map((p) => `${p.guestPort} → ${host}:${p.port}`).join(", ");
}
