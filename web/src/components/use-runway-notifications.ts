"use client";

import { useCallback, useEffect, useState } from "react";
import { runwayNoticeKeys, takeLowRunwayNotice } from "../lib/low-runway-notice.ts";

/** Whether the page may notify below one hour of runway, as the browser and the user say. */
export type RunwayNotificationSetting = {
  /** The browser has the Notification API. */
  supported: boolean;
  /** The user turned notifications on in this page. */
  enabled: boolean;
  permission: NotificationPermission;
};

const changedEvent = "vm-on-golem:runway-notifications-changed";

function readSetting(): RunwayNotificationSetting {
  const supported = typeof window !== "undefined" && "Notification" in window;
  return {
    supported,
    enabled: supported && localStorage.getItem(runwayNoticeKeys.enabled) === "on",
    permission: supported ? Notification.permission : "default",
  };
}

/**
 * The runway notification setting (kept in `localStorage`, shared by every card and tab), with
 * `enable`, which asks the browser's permission first and stays off unless it is granted.
 *
 * @example
 * const { setting, enable, disable } = useRunwayNotificationSetting();
 */
export function useRunwayNotificationSetting() {
  const [setting, setSetting] = useState<RunwayNotificationSetting>({
    supported: false,
    enabled: false,
    permission: "default",
  });
  useEffect(() => {
    const refresh = () => setSetting(readSetting());
    refresh();
    window.addEventListener(changedEvent, refresh);
    window.addEventListener("storage", refresh);
    return () => {
      window.removeEventListener(changedEvent, refresh);
      window.removeEventListener("storage", refresh);
    };
  }, []);
  const save = useCallback((on: boolean) => {
    if (on) localStorage.setItem(runwayNoticeKeys.enabled, "on");
    else localStorage.removeItem(runwayNoticeKeys.enabled);
    window.dispatchEvent(new Event(changedEvent));
  }, []);
  const enable = useCallback(async () => {
    if (!("Notification" in window)) return;
    const permission = await Notification.requestPermission();
    save(permission === "granted");
  }, [save]);
  const disable = useCallback(() => save(false), [save]);
  return { setting, enable, disable };
}

/** Parameters of {@link useLowRunwayNotification}. */
export type LowRunwayNotificationParameters = {
  /** Identifies the VM across reloads (provider URL and VM id). */
  vmKey: string;
  vmName: string;
  /** Below one hour of runway now; undefined while the stream is being read. */
  low: boolean | undefined;
  /** Whether the stream has a top-up budget the provider can pull. */
  hasBudget: boolean;
};

/**
 * Shows one browser notification when a VM's runway falls below one hour, if the user turned
 * notifications on and the browser granted them: once per episode ({@link takeLowRunwayNotice}),
 * not on every poll.
 */
export function useLowRunwayNotification({
  vmKey,
  vmName,
  low,
  hasBudget,
}: LowRunwayNotificationParameters): void {
  const { setting } = useRunwayNotificationSetting();
  const allowed = setting.enabled && setting.permission === "granted";
  useEffect(() => {
    if (low === undefined) return;
    // A recovered runway ends the episode whether or not notifications are on.
    if (!low) {
      takeLowRunwayNotice(localStorage, vmKey, false);
      return;
    }
    if (!allowed || !takeLowRunwayNotice(localStorage, vmKey, true)) return;
    const body = hasBudget
      ? "The provider will top the stream up from its budget before it stops the VM."
      : "The provider stops the VM when the runway runs out: top it up in My VMs.";
    try {
      new Notification(`${vmName}: less than an hour of runway`, { body, tag: vmKey });
    } catch {
      // Browsers that notify only through a service worker (Chrome on Android) throw here;
      // the banner on the card still says it.
    }
  }, [low, allowed, vmKey, vmName, hasBudget]);
}
