/**
 * The few extension APIs Encore's extension calls, typed here rather than through @types/chrome:
 * what this declares is exactly what the extension depends on.
 */
declare namespace chrome {
  namespace storage {
    interface StorageChange {
      oldValue?: unknown;
      newValue?: unknown;
    }
    interface StorageArea {
      get(keys: string | string[]): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(keys: string | string[]): Promise<void>;
    }
    const local: StorageArea;
    const onChanged: {
      addListener(listener: (changes: Record<string, StorageChange>, areaName: string) => void): void;
      removeListener(listener: (changes: Record<string, StorageChange>, areaName: string) => void): void;
    };
  }
  namespace runtime {
    const id: string;
    function getURL(path: string): string;
    const onInstalled: { addListener(listener: (details: { reason: string }) => void): void };
    const onStartup: { addListener(listener: () => void): void };
    interface MessageSender {
      /** the origin of the page that sent it (web pages through externally_connectable) */
      origin?: string;
      url?: string;
      id?: string;
    }
    /** messages from web pages the manifest's externally_connectable lists */
    const onMessageExternal: {
      addListener(
        listener: (message: unknown, sender: MessageSender, sendResponse: (response: unknown) => void) => void,
      ): void;
    };
  }
  namespace action {
    function setBadgeText(details: { text: string }): Promise<void>;
  }
  namespace alarms {
    interface Alarm {
      name: string;
      scheduledTime: number;
    }
    function create(name: string, info: { when: number }): Promise<void>;
    function clear(name: string): Promise<boolean>;
    /** (the tests read when the go-live poll is due next) */
    function get(name: string): Promise<Alarm | undefined>;
    const onAlarm: { addListener(listener: (alarm: Alarm) => void): void };
  }
  namespace tabs {
    function create(properties: { url: string }): Promise<unknown>;
  }
  namespace notifications {
    interface NotificationOptions {
      type: "basic";
      iconUrl: string;
      title: string;
      message: string;
      contextMessage?: string;
    }
    function create(id: string, options: NotificationOptions): Promise<string>;
    function clear(id: string): Promise<boolean>;
    function getAll(): Promise<Record<string, boolean>>;
    const onClicked: { addListener(listener: (id: string) => void): void };
    const onClosed: { addListener(listener: (id: string, byUser: boolean) => void): void };
  }
}

/** Set by the extension's build (extension/build/config.ts), read once by the entries. */
declare const __ENCORE_EXTENSION__: {
  server: string;
  fixtures: boolean;
  /** the shop's sign-in page the popup opens */
  signIn: string;
  /** the origins allowed to hand the extension a viewer token: the sign-in page's */
  shops: string[];
};
