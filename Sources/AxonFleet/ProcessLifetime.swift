#if os(Linux)
    import CAxonLinux
    public import Glibc

    /// The two kernel promises a fleet relies on, so that no agent outlives its supervisor and no process an
    /// agent leaves behind escapes the supervisor.
    public enum ProcessLifetime {
        /// Makes this process a child subreaper: a process whose parent dies inside the fleet (a script's
        /// daemon, a tool that double-forked) is reparented to the supervisor, which reaps it and kills it at
        /// stop, instead of to init where nobody would.
        /// - Returns: false when the kernel refused (errno is kept for the caller's message).
        @discardableResult
        public static func becomeSubreaper() -> Bool {
            axon_set_child_subreaper() == 0
        }

        /// In a supervised agent: asks for `signal` when the supervisor dies, then checks it has not died
        /// already (between the spawn and this call the kernel had nothing to send it to).
        ///
        /// The death signal is armed *in the agent*, at its start, because `posix_spawn` cannot set it. The
        /// kernel sends it when the *thread* that spawned the agent exits, so the supervisor spawns every agent
        /// from one thread that lives as long as it does (`SpawnThread`).
        /// - Parameter parent: the supervisor's pid (`AXON_SUPERVISOR_PID`).
        /// - Returns: false when the parent is no longer `parent`: the agent should exit at once.
        public static func dieWithParent(_ parent: Int32, signal: Int32 = SIGTERM) -> Bool {
            _ = axon_set_parent_death_signal(signal)
            return getppid() == parent
        }
    }
#endif
