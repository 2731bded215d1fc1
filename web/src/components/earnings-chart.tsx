"use client";

import {
  Area,
  AreaChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatUnits } from "viem";
import type { EarningsPoint } from "../lib/earnings-series.ts";

type Props = {
  series: EarningsPoint[];
  decimals: number;
  symbol: string;
};

/** Accrued earnings over time (an area chart, recharts), in the token's units. */
export function EarningsChart({ series, decimals, symbol }: Props) {
  const data = series.map((point) => ({
    at: point.at * 1000,
    earned: Number(formatUnits(point.earned, decimals)),
  }));
  const last = series.at(-1);
  const first = data[0]?.at ?? 0;
  const span = (data.at(-1)?.at ?? 0) - first;
  // Four ticks evenly spaced (recharts' own pick crowds a short span); seconds under ten
  // minutes, times of day within two days, dates beyond.
  const ticks = span > 0 ? [0, 1, 2, 3].map((i) => Math.round(first + (span * i) / 3)) : [first];
  const tick = (ms: number) =>
    span < 600_000
      ? new Date(ms).toLocaleTimeString([], {
          hour: "2-digit",
          minute: "2-digit",
          second: "2-digit",
        })
      : span < 2 * 86_400_000
        ? new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
        : new Date(ms).toLocaleDateString([], { month: "short", day: "numeric" });
  return (
    <figure
      className="flex min-w-0 flex-col gap-2"
      data-testid="earnings-chart"
      data-points={series.length}
      data-last-earned={last?.earned.toString() ?? "0"}
    >
      <figcaption className="text-sm text-muted-foreground">
        Accrued over time, every stream paying this address ({symbol})
      </figcaption>
      <div className="h-56 w-full min-w-0">
        <ResponsiveContainer width="100%" height="100%" minWidth={0}>
          <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="at"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              ticks={ticks}
              interval="preserveStartEnd"
              tickFormatter={tick}
              stroke="var(--muted-foreground)"
              fontSize={12}
              minTickGap={16}
            />
            <YAxis
              stroke="var(--muted-foreground)"
              fontSize={12}
              width={56}
              tickFormatter={(value: number) =>
                value.toLocaleString([], { maximumFractionDigits: 4 })
              }
            />
            <Tooltip
              labelFormatter={(label) => new Date(Number(label)).toLocaleString()}
              formatter={(value) => [
                `${Number(value).toLocaleString([], { maximumFractionDigits: 6 })} ${symbol}`,
                "accrued",
              ]}
              contentStyle={{
                background: "var(--card)",
                borderColor: "var(--border)",
                color: "var(--card-foreground)",
              }}
            />
            <Area
              type="linear"
              dataKey="earned"
              stroke="var(--primary)"
              fill="var(--primary)"
              fillOpacity={0.15}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
