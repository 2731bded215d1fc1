import { errorText } from "../service/to-golem-error.ts";
import {
  type WithdrawEarningsParameters,
  type WithdrawEarningsReturnType,
  withdrawEarnings,
} from "./auto-withdraw.ts";

/** Options of {@link startAutoWithdraw}. */
export type StartAutoWithdrawOptions = Omit<WithdrawEarningsParameters, "streamIds"> & {
  /** Time between checks (ms). */
  intervalMs: number;
  /** Called after each check that read the chain (tests and status watch it). */
  onCheck?: (result: WithdrawEarningsReturnType) => void;
};

/**
 * Withdraws the provider's earnings on a timer: every `intervalMs` it runs
 * {@link withdrawEarnings}, which sends one `withdrawMany` when the total withdrawable
 * reaches `minWei` and nothing below it. A failed check (RPC down, transaction refused) is
 * logged and retried at the next one; checks never overlap. The timer does not keep the
 * process alive.
 *
 * @example const autoWithdraw = startAutoWithdraw({ settings, offers, wallet, minWei, intervalMs: 3_600_000, log });
 */
export function startAutoWithdraw(options: StartAutoWithdrawOptions) {
  const { intervalMs, onCheck, ...parameters } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  const check = async () => {
    try {
      onCheck?.(await withdrawEarnings(parameters));
    } catch (error) {
      options.log(`auto-withdraw failed, will retry: ${errorText(error)}`);
    }
  };

  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      running = check().finally(() => {
        running = undefined;
        schedule();
      });
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    /** Stops the timer and waits for a check in flight. */
    async close(): Promise<void> {
      closed = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** The timer returned by {@link startAutoWithdraw}. */
export type AutoWithdraw = ReturnType<typeof startAutoWithdraw>;
