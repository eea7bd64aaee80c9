export declare const APP_NODE_OPTIONS: string;
export declare function withAppNodeOptions<E extends Record<string, string | undefined>>(
  env: E,
): E & { NODE_OPTIONS: string };
