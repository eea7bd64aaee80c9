export declare class InfraError extends Error {}
export type ServerName = 'kafka' | 'ferretdb';
export interface ServerStatus {
  pid: number | null;
  running: boolean;
  portOpen: boolean;
  ready: boolean;
  url: string;
}
export declare const SERVER_VARIABLES: Record<ServerName, 'KAFKA_BROKERS' | 'MONGO_URL'>;
export declare function up(options?: { quiet?: boolean }): Promise<{ mongoUrl: string; kafkaBrokers: string }>;
export declare function down(options?: { quiet?: boolean }): Promise<void>;
export declare function status(options?: { quiet?: boolean }): Promise<Record<ServerName, ServerStatus>>;
export declare function startServer(name: ServerName, options?: { quiet?: boolean }): Promise<string>;
export declare function killServer(name: ServerName): Promise<void>;
export declare function kafkaClusterId(): string;
export declare function ferretdbBinary(options?: { quiet?: boolean }): Promise<string>;
