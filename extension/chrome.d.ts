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
    function getURL(path: string): string;
    const onInstalled: { addListener(listener: (details: { reason: string }) => void): void };
  }
  namespace action {
    function setBadgeText(details: { text: string }): Promise<void>;
  }
}

/** Set by the extension's build (extension/build/config.ts), read once by the entries. */
declare const __ENCORE_EXTENSION__: { server: string; fixtures: boolean };
