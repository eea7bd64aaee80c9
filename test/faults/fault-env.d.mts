export declare const FAULT_SERVERS: Readonly<{
  BREACHLINE_LOCAL_DIR: string;
  BREACHLINE_TOOLS_DIR: string;
  BREACHLINE_KAFKA_PORT: string;
  BREACHLINE_KAFKA_CONTROLLER_PORT: string;
  BREACHLINE_FERRETDB_PORT: string;
}>;
export declare function useFaultServers(env?: NodeJS.ProcessEnv): void;
export declare function assertFaultServers(env?: NodeJS.ProcessEnv): void;
export declare function wipeFaultData(): void;

export type ServerName = 'kafka' | 'ferretdb';
export interface FaultInfra {
  up(options?: { quiet?: boolean }): Promise<{ mongoUrl: string; kafkaBrokers: string }>;
  down(options?: { quiet?: boolean }): Promise<void>;
  startServer(name: ServerName, options?: { quiet?: boolean }): Promise<string>;
  killServer(name: ServerName): Promise<void>;
}
export declare function faultInfra(): Promise<FaultInfra>;
