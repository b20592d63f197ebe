// Timings shared by the server and what measures it (bench/), so the two cannot drift apart.

/** Pause after the last change before a document's diagnostics are computed and published. */
export const DIAGNOSTICS_DELAY_MS = 150;
