// setupFilesAfterEnv for the kernel and e2e tiers: real containers are slow.
// Jest 30 applies only the *global* testTimeout (a per-project one is ignored),
// so the 30 s default for these tiers is set here.
jest.setTimeout(30_000);
