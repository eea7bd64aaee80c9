export interface TestTool {
  /** The program as a test runs it, looked up on PATH. */
  command: string;
  /** The Debian package that provides it. */
  debianPackage: string;
  /** The test files that run it, relative to the repository. */
  neededBy: readonly string[];
}

export declare const TEST_TOOLS: readonly TestTool[];
export declare class MissingTestToolsError extends Error {}
export declare function commandPath(command: string, searchPath?: string): string | null;
export declare function installCommand(tools: readonly TestTool[]): string;
export declare function missingTestTools(
  testFiles: readonly string[],
  options?: { tools?: readonly TestTool[]; find?: (command: string) => string | null },
): TestTool[];
export declare function ensureTestTools(
  testFiles: readonly string[],
  options?: { tools?: readonly TestTool[]; isRoot?: boolean; log?: (message: string) => void },
): Promise<void>;
