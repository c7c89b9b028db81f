/** What the server tells the console about its configuration (GET /console-config.json). */
export interface ConsoleConfig {
  mapTileUrl: string | null;
  mapTileCrs: 'WGS84' | 'GCJ02';
  production: boolean;
}

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  try {
    const response = await fetch('/console-config.json', { headers: { accept: 'application/json' } });
    if (response.ok) return (await response.json()) as ConsoleConfig;
  } catch {
    // An older server without the file: a blank map in WGS84.
  }
  return { mapTileUrl: null, mapTileCrs: 'WGS84', production: false };
}

import { createContext, useContext } from 'react';

export const ConsoleConfigContext = createContext<ConsoleConfig>({ mapTileUrl: null, mapTileCrs: 'WGS84', production: false });
export const useConsoleConfig = () => useContext(ConsoleConfigContext);
