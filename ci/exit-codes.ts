/**
 * Exit codes CI can trust: "the answer is no" (1) is not "could not get an answer" (3),
 * and neither is a mistake in how the command was called (2).
 */
export const EXIT = {
  ok: 0,
  no: 1,
  usage: 2,
  failure: 3,
  /** A long-running command (a server) that has started: leave the process alive. */
  running: -1,
} as const;

export type CommandResult = { exitCode: number };
