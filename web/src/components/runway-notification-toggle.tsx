"use client";

import { useRunwayNotificationSetting } from "./use-runway-notifications.ts";

/** A switch for browser notifications below one hour of runway; turning it on asks permission. */
export function RunwayNotificationToggle() {
  const { setting, enable, disable } = useRunwayNotificationSetting();
  if (!setting.supported) return null;
  const blocked = setting.permission === "denied";
  const on = setting.enabled && setting.permission === "granted";
  return (
    <div className="flex flex-col gap-1 text-sm" data-testid="runway-notifications">
      <label className="flex items-start gap-2">
        <input
          type="checkbox"
          className="mt-0.5"
          name="runway-notifications"
          checked={on}
          disabled={blocked}
          onChange={(e) => (e.target.checked ? void enable() : disable())}
        />
        Notify me in this browser when a VM has less than an hour of runway
      </label>
      {blocked ? (
        <p className="text-muted-foreground" data-testid="runway-notifications-blocked">
          Notifications are blocked for this site: allow them in the browser's site settings to turn
          this on.
        </p>
      ) : null}
    </div>
  );
}
